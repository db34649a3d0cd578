import { describe, expect, it } from 'vitest';
import { createStocktake, isStocktakeError } from '../../src/index.js';

async function codeOf(promise: Promise<unknown>): Promise<string | undefined> {
  return promise.then(
    () => undefined,
    (e: unknown) => (isStocktakeError(e) ? `${e.code}:${e.path.join('.')}` : 'not a StocktakeError'),
  );
}

describe('catalog', () => {
  it('takes the unit precision from the engine table or the item', async () => {
    const st = createStocktake({ units: { box: 0, lb: 2 } });
    expect((await st.catalog.defineItem({ sku: 'K', baseUom: 'kg' })).decimals).toBe(3);
    expect((await st.catalog.defineItem({ sku: 'L', baseUom: 'lb' })).decimals).toBe(2);
    expect((await st.catalog.defineItem({ sku: 'M', baseUom: 'roll', decimals: 1 })).decimals).toBe(1);
    expect(await codeOf(st.catalog.defineItem({ sku: 'N', baseUom: 'roll' }))).toBe('unknown_uom:baseUom');
    expect(await codeOf(st.catalog.defineItem({ sku: 'P', baseUom: 'ea', packs: [{ uom: 'half', factor: '0.5' }] }))).toBe('invalid_quantity:packs.0.factor');
  });

  it('updates what does not change how stock is measured, and refuses what does', async () => {
    const st = createStocktake();
    await st.catalog.defineItem({ sku: 'A', baseUom: 'ea', packs: [{ uom: 'case', factor: '12' }], unitCost: '1' });
    expect((await st.catalog.defineItem({ sku: 'A', baseUom: 'ea', packs: [{ uom: 'case', factor: '12' }, { uom: 'pallet', factor: '480' }], unitCost: '1.10', abcClass: 'A' })).unitCost).toBe('1.10');
    expect(await codeOf(st.catalog.defineItem({ sku: 'A', baseUom: 'kg' }))).toBe('incompatible_item_change:baseUom');
    expect(await codeOf(st.catalog.defineItem({ sku: 'A', baseUom: 'ea', tracking: 'lot', packs: [{ uom: 'case', factor: '12' }] }))).toBe('incompatible_item_change:tracking');
    expect(await codeOf(st.catalog.defineItem({ sku: 'A', baseUom: 'ea', packs: [{ uom: 'case', factor: '10' }] }))).toBe('incompatible_item_change:packs.0.factor');
    expect(await codeOf(st.catalog.defineItem({ sku: 'A', baseUom: 'ea' }))).toBe('incompatible_item_change:packs');
    expect((await st.catalog.getItem('A'))?.packs).toHaveLength(2);
  });

  it('refuses duplicate pack units and an item that is its own look-alike', async () => {
    const st = createStocktake();
    expect(await codeOf(st.catalog.defineItem({ sku: 'A', baseUom: 'ea', packs: [{ uom: 'ea', factor: '1' }] }))).toBe('invalid_input:packs.0.uom');
    expect(await codeOf(st.catalog.defineItem({ sku: 'A', baseUom: 'ea', lookAlikes: ['A'] }))).toBe('invalid_input:lookAlikes');
  });

  it('lists locations of a subtree in path order and records who defined what', async () => {
    const st = createStocktake();
    for (const id of ['WH1/B/01', 'WH1/A/02', 'WH1/AB/01', 'WH1/A/01']) await st.catalog.defineLocation({ id, actor: 'admin' });
    expect((await st.catalog.listLocations('WH1/A')).map((l) => l.id)).toEqual(['WH1/A/01', 'WH1/A/02']);
    expect(await codeOf(st.catalog.defineLocation({ id: 'WH1//01' }))).toBe('invalid_input:id');
    expect((await st.audit.list()).map((e) => [e.action, e.actor])).toContainEqual(['location.define', 'admin']);
  });
});
