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
      ['r2', 'item_not_found'],
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

  it('ends where posting the same movements one by one ends: outcomes, balances and movements, with back-dated movements and serials in the batch', async () => {
    const locationArb = fc.constantFrom('WH1/A/01', 'WH1/A/02', 'WH1/B/01');
    const movementArb = fc
      .record({
        id: fc.constantFrom('m1', 'm2', 'm3', 'm4', 'm5', 'm6'),
        kind: fc.constantFrom('receipt' as const, 'issue' as const, 'transfer' as const),
        // Serial-tracked drills (one unit each) or cable by the metre.
        item: fc.oneof(fc.record({ sku: fc.constant('B-200'), qty: fc.integer({ min: 1, max: 9 }).map(String) }), fc.record({ sku: fc.constant('S-400'), qty: fc.constant('1'), serial: fc.constantFrom('SN1', 'SN2') })),
        // Dated in any order: a later movement of the batch may be dated before an earlier one.
        occurredAt: fc.integer({ min: 0, max: 5 }).map((step) => at(`08:${step}0`)),
        from: locationArb,
        to: locationArb,
      })
      .filter(({ kind, from, to }) => kind !== 'transfer' || from !== to)
      .map(({ id, kind, item, occurredAt, from, to }): MovementInput => ({
        id,
        kind,
        actor: 'li',
        occurredAt,
        lines: [{ ...item, ...(kind === 'receipt' ? { to } : kind === 'issue' ? { from } : { from, to }) }],
      }));
    await fc.assert(
      fc.asyncProperty(fc.array(movementArb, { maxLength: 12 }), async (movements) => {
        const one = await smallWarehouse();
        const many = await smallWarehouse();
        one.clock.set(at('12:00'));
        many.clock.set(at('12:00'));
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

  it('refuses a movement of the batch that a later-dated earlier movement of the same batch has overdrawn', async () => {
    const { st, clock } = await smallWarehouse();
    clock.set(at('12:00'));
    await st.ledger.post({ id: 'r1', kind: 'receipt', actor: 'li', occurredAt: at('09:00'), lines: [{ sku: 'A-100', to: 'WH1/A/01', qty: '10' }] });
    const results = await st.ledger.postMany([
      { ...issue('i1', '5'), occurredAt: at('11:00') },
      { ...issue('i2', '8'), occurredAt: at('10:00') },
      { ...issue('i3', '5'), occurredAt: at('10:30') },
    ]);
    expect(results.map((result) => result.result)).toEqual(['created', 'insufficient_stock', 'created']);
    expect(results[1]?.details).toMatchObject({ at: at('11:00'), lowest: '5' });
    expect(await st.ledger.onHand({ sku: 'A-100', location: 'WH1/A/01' })).toBe('0');
  });

  it('checks a back-dated movement against every stored change from its own date on, whichever of the batch is dated first', async () => {
    // Stored: 2 at 09:00, 10 more at 10:15, 1 out at 11:00. From 10:00 the book is 2, then 12, then 11.
    const run = async (batch: MovementInput[]) => {
      const { st, clock } = await smallWarehouse();
      clock.set(at('12:00'));
      await st.ledger.post({ ...receipt('r1', '2'), occurredAt: at('09:00') });
      await st.ledger.post({ ...receipt('r2', '10'), occurredAt: at('10:15') });
      await st.ledger.post({ ...issue('i1', '1'), occurredAt: at('11:00') });
      return { results: await st.ledger.postMany(batch), onHand: await st.ledger.onHand(A1) };
    };
    // The issue at 10:00 would leave 2 - 5 at 10:00, before the receipt of 10:15 it must not count on.
    const early = { ...issue('early', '5'), occurredAt: at('10:00') };
    const late = { ...receipt('late', '1'), occurredAt: at('10:30') };
    for (const batch of [[late, early], [early, late]]) {
      const { results, onHand } = await run(batch);
      expect(results.map((result) => [result.id, result.result])).toEqual(batch.map((movement) => [movement.id, movement === early ? 'insufficient_stock' : 'created']));
      expect(results.find((result) => result.id === 'early')?.details).toMatchObject({ at: at('10:00'), lowest: '2' });
      expect(onHand).toBe('12');
    }
  });

  it('under a frozen count, refuses what has no override and records each override in turn, as posting one by one does', async () => {
    const batch: MovementInput[] = [
      { ...issue('i1', '1'), occurredAt: at('08:30') },
      { ...issue('i2', '2'), occurredAt: at('08:30'), override: { reason: 'line down' } },
      { ...receipt('r1', '3', 'WH1/B/01'), occurredAt: at('08:31') },
      { ...issue('i3', '4'), occurredAt: at('08:32'), override: { reason: 'ambulance order' } },
    ];
    const run = async (post: (st: Stocktake) => Promise<string[]>) => {
      const { st, clock } = await smallWarehouse();
      await st.ledger.post({ ...receipt('r0', '100'), occurredAt: at('07:00') });
      const session = await st.counts.open({ scope: { locations: ['WH1/A'] }, actor: 'zhao', counters: ['li'], movementPolicy: 'freeze' });
      clock.set(at('08:40'));
      const events: string[] = [];
      st.on('movement.posted', (event) => void events.push(`posted ${event.movement.id}`));
      st.on('count.override', (event) => void events.push(`override ${event.movementId}`));
      const results = await post(st);
      const audit = (await st.audit.list()).map((event) => `${event.action} ${event.subject}`);
      return { results, events, audit, overrides: (await st.counts.get(session.id)).overrides, verified: await st.audit.verify() };
    };
    const singly = await run(async (st) => {
      const results: string[] = [];
      for (const movement of batch) results.push((await st.ledger.post(movement)).result);
      return results;
    });
    const batched = await run(async (st) => (await st.ledger.postMany(batch)).map((result) => result.result));
    expect(batched.results).toEqual(['frozen', 'created', 'created', 'created']);
    expect(batched.overrides.map((override) => [override.movementId, override.reason])).toEqual([['i2', 'line down'], ['i3', 'ambulance order']]);
    expect(batched.events).toEqual(['posted i2', 'override i2', 'posted r1', 'posted i3', 'override i3']);
    expect(batched.verified).toMatchObject({ ok: true });
    expect(batched).toEqual(singly);
  });

  it('across a posted count under the flag policy, raises one exception per back-dated movement of the batch', async () => {
    const { st, clock } = await smallWarehouse({ policies: { backdated: 'flag' } });
    await st.ledger.post({ ...receipt('r0', '100'), occurredAt: at('07:00') });
    const session = await st.counts.open({ scope: { locations: ['WH1/A/01'] }, actor: 'zhao', counters: ['li'] });
    clock.set(at('09:00'));
    await st.counts.record(session.id, { entryId: 'e1', ...A1, qty: '100', countedAt: at('09:00'), counter: 'li' });
    await st.counts.completeLocation(session.id, 'WH1/A/01', { actor: 'li', at: at('09:00') });
    await st.counts.review(session.id);
    await st.counts.approve(session.id, { actor: 'zhao' });
    await st.counts.post(session.id, { actor: 'zhao' });
    clock.set(at('12:00'));
    const results = await st.ledger.postMany([
      { ...issue('old-1', '1'), occurredAt: at('08:45') },
      { ...issue('new-1', '1'), occurredAt: at('11:00') },
      { ...issue('old-2', '2'), occurredAt: at('08:50') },
    ]);
    expect(results.map((result) => result.result)).toEqual(['created', 'created', 'created']);
    expect((await st.counts.exceptions({ status: 'open' })).map((exception) => [exception.movementId, exception.sessionIds])).toEqual([
      ['old-1', [session.id]],
      ['old-2', [session.id]],
    ]);
    expect(await st.audit.verify()).toMatchObject({ ok: true });
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
