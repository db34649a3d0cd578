import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createMemoryStorage, createStocktake, isStocktakeError, MAX_POST_BATCH, type MovementInput, type Stocktake } from '../../src/index.js';
import { createManualClock, createSequentialIds } from '../../src/testing/index.js';
import { auditedStorage } from '../support/audited-storage.js';
import { propertyRuns } from '../support/property.js';
import { at, smallWarehouse } from '../support/world.js';

const A1 = { sku: 'A-100', location: 'WH1/A/01' };
const receipt = (id: string, qty: string, location = 'WH1/A/01'): MovementInput => ({ id, kind: 'receipt', actor: 'li', lines: [{ sku: 'A-100', to: location, qty }] });
const issue = (id: string, qty: string, location = 'WH1/A/01'): MovementInput => ({ id, kind: 'issue', actor: 'li', lines: [{ sku: 'A-100', from: location, qty }] });

async function stateOf(st: Stocktake): Promise<string> {
  return JSON.stringify({ balances: await st.ledger.balances({ includeZero: true }), movements: await st.ledger.movements(), audit: await st.audit.list() });
}

describe('ledger.postMany', () => {
  it('gives each movement its own outcome, in order: a refusal stops nothing and later movements see earlier ones', async () => {
    const { st } = await smallWarehouse();
    const results = await st.ledger.postMany([receipt('r1', '10'), issue('i1', '25'), issue('i2', '4'), { ...receipt('r2', '1'), lines: [{ sku: 'NOPE', to: 'WH1/A/01', qty: '1' }] }]);
    expect(results.map((r) => [r.id, r.result])).toEqual([
      ['r1', 'created'],
      ['i1', 'insufficient_stock'],
      ['i2', 'created'],
      ['r2', 'unknown_item'],
    ]);
    expect(await st.ledger.onHand(A1)).toBe('6');
    expect((await st.ledger.movements()).map((m) => m.id)).toEqual(['r1', 'i2']);
  });

  it('is idempotent within a batch and across post and postMany', async () => {
    const { st } = await smallWarehouse();
    expect((await st.ledger.post(receipt('r1', '10'))).result).toBe('created');
    const results = await st.ledger.postMany([receipt('r1', '10'), receipt('r2', '5'), receipt('r2', '5'), receipt('r2', '6')]);
    expect(results.map((r) => r.result)).toEqual(['exists', 'created', 'exists', 'exists_with_different_payload']);
    expect((await st.ledger.post(receipt('r2', '5'))).result).toBe('exists');
    expect(await st.ledger.onHand(A1)).toBe('15');
  });

  it('ends where posting the same movements one by one ends: outcomes, balances and movements', async () => {
    const movementArb = fc
      .record({
        id: fc.constantFrom('m1', 'm2', 'm3', 'm4', 'm5', 'm6'),
        kind: fc.constantFrom('receipt' as const, 'issue' as const, 'transfer' as const),
        qty: fc.integer({ min: 1, max: 9 }),
        from: fc.constantFrom('WH1/A/01', 'WH1/A/02', 'WH1/B/01'),
        to: fc.constantFrom('WH1/A/01', 'WH1/A/02', 'WH1/B/01'),
      })
      .filter(({ kind, from, to }) => kind !== 'transfer' || from !== to)
      .map(({ id, kind, qty, from, to }): MovementInput => ({
        id,
        kind,
        actor: 'li',
        occurredAt: at('08:00'),
        lines: [{ sku: 'B-200', qty: String(qty), ...(kind === 'receipt' ? { to } : kind === 'issue' ? { from } : { from, to }) }],
      }));
    await fc.assert(
      fc.asyncProperty(fc.array(movementArb, { maxLength: 12 }), async (movements) => {
        const one = await smallWarehouse();
        const many = await smallWarehouse();
        const singly = [];
        for (const movement of movements) singly.push(await one.st.ledger.post(movement));
        const batched = await many.st.ledger.postMany(movements);
        expect(batched.map((r) => [r.id, r.result])).toEqual(singly.map((r) => [r.id, r.result]));
        expect(await many.st.ledger.balances({ includeZero: true })).toEqual(await one.st.ledger.balances({ includeZero: true }));
        expect((await many.st.ledger.movements()).map((m) => m.fingerprint)).toEqual((await one.st.ledger.movements()).map((m) => m.fingerprint));
      }),
      { numRuns: propertyRuns(100) },
    );
  });

  it('emits the created movements’ events after the commit, in order', async () => {
    const { st } = await smallWarehouse();
    const seen: string[] = [];
    st.on('movement.posted', (event) => void seen.push(event.movement.id));
    await st.ledger.postMany([receipt('r1', '1'), issue('i1', '5'), receipt('r2', '1')]);
    expect(seen).toEqual(['r1', 'r2']);
  });

  it('rejects invalid input anywhere with a path that starts at the movement, and posts nothing', async () => {
    const { st } = await smallWarehouse();
    const before = await stateOf(st);
    const error = await st.ledger.postMany([receipt('r1', '1'), { ...receipt('r2', '1'), lines: [{ sku: 'A-100', to: 'WH1/A/01', qty: '-1' }] }]).catch((e: unknown) => e);
    expect(isStocktakeError(error) && error.code).toBe('invalid_input');
    expect(isStocktakeError(error) && error.path).toEqual([1, 'lines', 0, 'qty']);
    const tooMany = await st.ledger.postMany(Array.from({ length: MAX_POST_BATCH + 1 }, (_, i) => receipt(`r${i}`, '1'))).catch((e: unknown) => e);
    expect(isStocktakeError(tooMany) && tooMany.code).toBe('invalid_input');
    expect(await stateOf(st)).toBe(before);
  });

  it('writes none of the batch when the storage fails part way', async () => {
    let appended = 0;
    const storage = createMemoryStorage({
      onWrite: (operation) => {
        if (operation === 'appendMovement' && ++appended === 3) throw new Error('disk full');
      },
    });
    const st = createStocktake({ storage: auditedStorage(storage), clock: createManualClock(at('08:00')), ids: createSequentialIds() });
    await st.catalog.defineItem({ sku: 'A-100', baseUom: 'ea' });
    await st.catalog.defineLocation({ id: 'WH1/A/01' });
    const before = await stateOf(st);
    const error = await st.ledger.postMany([receipt('r1', '1'), receipt('r2', '1'), receipt('r3', '1')]).catch((e: unknown) => e);
    expect(isStocktakeError(error) && error.code).toBe('storage_failure');
    expect(await stateOf(st)).toBe(before);
  });
});
