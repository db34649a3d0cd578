/**
 * The storage conformance rules of catalog.
 *
 * @internal
 * @module
 */
import type { Item } from '../../catalog/types.js';
import { T0, at, ITEM } from './fixtures.js';
import type { SuiteContext } from './suite-context.js';

/** Registers the rules of catalog. @internal */
export function registerCatalogConformance({ raw, describe, it, expect, tx }: SuiteContext): void {
  describe('catalog', () => {
    it('putItem creates or replaces an item and every field reads back as written', async () => {
      const full: Item = {
        sku: 'BOLT-M8',
        name: 'Hex bolt M8 “stainless”',
        baseUom: 'ea',
        decimals: 0,
        gtin: '09506000134369',
        packs: [{ uom: 'case', factor: '12', gtin: '09506000134376' }, { uom: 'pallet', factor: '1440' }],
        tracking: 'lot',
        unitCost: '0.405',
        abcClass: 'A',
        lookAlikes: ['BOLT-M10'],
        allowNegative: true,
      };
      await tx((t) => t.putItem(ITEM));
      await tx((t) => t.putItem(full));
      await tx((t) => t.putItem({ ...ITEM, name: 'renamed' }));
      expect(await tx((t) => t.getItem('BOLT-M8'))).toEqual(full);
      expect(await tx((t) => t.getItem('A'))).toEqual({ ...ITEM, name: 'renamed' });
      expect(await tx((t) => t.getItem('nope'))).toBeUndefined();
      expect([...(await tx((t) => t.getItems(['A', 'nope', 'BOLT-M8']))).keys()].sort()).toEqual(['A', 'BOLT-M8']);
      expect((await tx((t) => t.listItems())).map((item) => item.sku)).toEqual(['A', 'BOLT-M8']);
      expect((await raw.rowCounts()).items).toBe(2);
    });

    it('listLocations filters by subtree without matching siblings (WH1/A vs WH1/AB) and orders by path', async () => {
      for (const id of ['WH1/AB/01', 'WH1/A/02', 'WH1/A', 'WH1/A/01', 'WH1/A-1', 'WH1/A_B', 'WH1/A%', 'WH10/A', 'WH1/B/01']) {
        await tx((t) => t.putLocation({ id, kind: 'bin' }));
      }
      await tx((t) => t.putLocation({ id: 'WH1/A/01', name: 'first bin' }));
      expect((await tx((t) => t.listLocations('WH1/A'))).map((l) => l.id)).toEqual(['WH1/A', 'WH1/A/01', 'WH1/A/02']);
      expect((await tx((t) => t.listLocations('WH1/A%'))).map((l) => l.id)).toEqual(['WH1/A%']);
      expect((await tx((t) => t.listLocations('WH1/A_B'))).map((l) => l.id)).toEqual(['WH1/A_B']);
      expect((await tx((t) => t.listLocations('WH1'))).length).toBe(8);
      expect((await tx((t) => t.listLocations())).length).toBe(9);
      expect(await tx((t) => t.getLocation('WH1/A/01'))).toEqual({ id: 'WH1/A/01', name: 'first bin' });
      expect([...(await tx((t) => t.getLocations(['WH1/A', 'nope']))).keys()]).toEqual(['WH1/A']);
      expect((await raw.rowCounts()).locations).toBe(9);
    });

    it('unit costs get store sequence numbers from 1, read back as written, ordered by sku, effective time and store order, and roll back', async () => {
      const cost = (sku: string, unitCost: string, minutes: number) => ({ sku, unitCost, from: at(minutes), actor: 'zhao', recordedAt: T0 });
      expect(await tx((t) => t.addUnitCost(cost('B', '1.25', 5)))).toEqual({ ...cost('B', '1.25', 5), seq: 1 });
      await tx((t) => t.addUnitCost(cost('A', '2.5', 10)));
      await tx((t) => t.addUnitCost(cost('A', '2', 1)));
      await tx((t) => t.addUnitCost(cost('A', '3', 10)));
      await expect(
        tx(async (t) => {
          await t.addUnitCost(cost('A', '9', 0));
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
      expect(await tx((t) => t.listUnitCosts())).toEqual([
        { ...cost('A', '2', 1), seq: 3 },
        { ...cost('A', '2.5', 10), seq: 2 },
        { ...cost('A', '3', 10), seq: 4 },
        { ...cost('B', '1.25', 5), seq: 1 },
      ]);
      expect((await tx((t) => t.listUnitCosts({ skus: ['B', 'C'] }))).map((c) => c.seq)).toEqual([1]);
      expect(await tx((t) => t.listUnitCosts({ skus: [] }))).toEqual([]);
      expect((await tx((t) => t.addUnitCost(cost('C', '0', 1)))).seq).toBe(5);
    });

    it('custodian assignments get store sequence numbers from 1 in order and read back as written', async () => {
      const stored = [];
      for (let i = 0; i < 12; i++) {
        stored.push(
          await tx((t) =>
            t.addCustodianAssignment({ location: `WH1/${i}`, custodians: i % 3 === 0 ? [] : ['li', 'wang'], from: at(i), actor: 'zhao', recordedAt: at(i + 1) }),
          ),
        );
      }
      expect(stored.map((a) => a.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
      expect(await tx((t) => t.listCustodianAssignments())).toEqual(stored);
      expect((await raw.rowCounts()).custodianAssignments).toBe(12);
    });
  });
}
