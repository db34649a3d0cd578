import { describe, expect, it } from 'vitest';
import { isStocktakeError, type Stocktake } from '../../src/index.js';
import { at, smallWarehouse } from '../support/world.js';

const KEY = { sku: 'A-100', location: 'WH1/A/01' };

async function caught(promise: Promise<unknown>): Promise<{ code?: string; path?: readonly (string | number)[] }> {
  try {
    await promise;
  } catch (error) {
    if (isStocktakeError(error)) return { code: error.code, path: error.path };
    throw error;
  }
  throw new Error('expected a StocktakeError');
}

/** 100 of A-100 in WH1/A/01, received at 07:00. */
async function withStock(options: Parameters<typeof smallWarehouse>[0] = {}) {
  const world = await smallWarehouse(options);
  world.clock.set(at('07:00'));
  await world.st.ledger.post({ id: 'rcv-0', kind: 'receipt', occurredAt: at('07:00'), actor: 'li', lines: [{ ...KEY, qty: '100' }].map(({ location, ...rest }) => ({ ...rest, to: location })) });
  world.clock.set(at('08:00'));
  return world;
}

async function openZoneA(st: Stocktake, extra: Record<string, unknown> = {}) {
  return st.counts.open({ scope: { locations: ['WH1/A'] }, actor: 'zhao', counters: ['li', 'wang'], ...extra });
}

async function countAndComplete(st: Stocktake, sessionId: string, qty: string, countedAt: string, counter = 'li', entryId = `e-${counter}-${countedAt}`) {
  await st.counts.record(sessionId, { entryId, ...KEY, qty, countedAt, counter });
  await st.counts.completeLocation(sessionId, 'WH1/A/01', { actor: counter, at: countedAt });
  await st.counts.completeLocation(sessionId, 'WH1/A/02', { actor: counter, at: countedAt });
}

describe('count scenarios', () => {
  it('book 100, counted 90, then a receipt of 20 after the count: variance −10 and book 110 after posting', async () => {
    const { st, clock } = await withStock({ policies: { tolerance: { byClass: { A: { percent: '20' } } } } });
    const session = await openZoneA(st);
    clock.set(at('09:00'));
    await countAndComplete(st, session.id, '90', at('09:00'));
    clock.set(at('09:30'));
    await st.ledger.post({ id: 'rcv-1', kind: 'receipt', occurredAt: at('09:30'), actor: 'wang', lines: [{ sku: 'A-100', to: 'WH1/A/01', qty: '20' }] });
    const review = await st.counts.review(session.id);
    const line = review.lines.find((l) => l.sku === 'A-100')!;
    expect(line).toMatchObject({ bookAtOpen: '100', expected: '100', counted: '90', variance: '-10', status: 'within_tolerance' });
    expect(review.state).toBe('reviewing');
    await st.counts.approve(session.id, { actor: 'zhao' });
    const posted = await st.counts.post(session.id, { actor: 'zhao' });
    expect(posted.movements).toHaveLength(1);
    expect(posted.movements[0]).toMatchObject({ kind: 'count_adjustment', occurredAt: at('09:00'), lines: [{ sku: 'A-100', from: 'WH1/A/01', qty: '10' }] });
    expect(await st.ledger.onHand(KEY)).toBe('110');
    expect(await st.ledger.onHand(KEY, { asOf: at('09:00') })).toBe('90');
  });

  it('a shipment recorded after review but dated before the count window changes the variance and the review names it', async () => {
    const { st, clock } = await withStock();
    const session = await openZoneA(st);
    clock.set(at('09:00'));
    await countAndComplete(st, session.id, '90', at('09:00'));
    const before = await st.counts.review(session.id);
    expect(before.lines[0]).toMatchObject({ expected: '100', variance: '-10', lateMovements: [] });
    clock.set(at('10:00'));
    const late = await st.ledger.post({ id: 'ship-1', kind: 'issue', occurredAt: at('08:30'), actor: 'wang', lines: [{ sku: 'A-100', from: 'WH1/A/01', qty: '10' }] });
    expect(late.result).toBe('created');
    const after = await st.counts.review(session.id);
    expect(after.lines[0]).toMatchObject({ expected: '90', counted: '90', variance: '0', status: 'match', lateMovements: ['ship-1'] });
    expect(after.lines[0]!.expectedChanges).toEqual([expect.objectContaining({ movementId: 'ship-1', delta: '-10', late: true })]);
    expect(after.fingerprint).not.toBe(before.fingerprint);
  });

  it('a pick dated inside a key’s window makes the line ambiguous and sends it to a recount by someone else', async () => {
    const { st, clock } = await withStock();
    const session = await openZoneA(st);
    clock.set(at('09:10'));
    await st.counts.record(session.id, { entryId: 'e1', ...KEY, qty: '60', countedAt: at('09:00'), counter: 'li' });
    await st.counts.record(session.id, { entryId: 'e2', ...KEY, qty: '35', countedAt: at('09:10'), counter: 'li' });
    await st.ledger.post({ id: 'pick-1', kind: 'issue', occurredAt: at('09:05'), actor: 'wang', lines: [{ sku: 'A-100', from: 'WH1/A/01', qty: '5' }] });
    await st.counts.completeLocation(session.id, 'WH1/A/01', { actor: 'li', at: at('09:10') });
    await st.counts.completeLocation(session.id, 'WH1/A/02', { actor: 'li', at: at('09:10') });
    const review = await st.counts.review(session.id);
    expect(review.lines[0]).toMatchObject({ status: 'ambiguous', rounds: [expect.objectContaining({ unusable: 'movement_in_window', movementsInWindow: ['pick-1'] })] });
    expect(review.state).toBe('counting');
    expect(review.round).toBe(2);
    expect(review.recountTasks).toEqual([expect.objectContaining({ round: 2, keys: [KEY], assignee: 'wang', excludedCounters: ['li'] })]);
    clock.set(at('10:00'));
    // The first counter may not recount it.
    expect(await caught(st.counts.record(session.id, { entryId: 'r1', ...KEY, qty: '95', countedAt: at('10:00'), counter: 'li' }))).toMatchObject({ code: 'not_authorized' });
    await st.counts.record(session.id, { entryId: 'r2', ...KEY, qty: '95', countedAt: at('10:00'), counter: 'wang' });
    await st.counts.completeLocation(session.id, 'WH1/A/01', { actor: 'wang', at: at('10:00') });
    const second = await st.counts.review(session.id);
    expect(second.lines[0]).toMatchObject({ status: 'match', expected: '95', counted: '95', round: 2 });
    expect(second.state).toBe('reviewing');
  });

  it('the same entry submitted twice counts once; a different payload under the id is refused', async () => {
    const { st, clock } = await withStock();
    const session = await openZoneA(st);
    clock.set(at('09:30'));
    const entry = { entryId: 'hh7-0001', ...KEY, qty: '2', uom: 'case', countedAt: at('09:00'), counter: 'li', device: 'hh7' };
    expect((await st.counts.record(session.id, entry)).result).toBe('created');
    expect((await st.counts.record(session.id, entry)).result).toBe('exists');
    expect((await st.counts.record(session.id, { ...entry, qty: '3' })).result).toBe('exists_with_different_payload');
    const entries = await st.counts.entries(session.id);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ qty: '24', enteredQty: '2', enteredUom: 'case' });
  });

  it('a voided entry no longer counts; the void is itself idempotent', async () => {
    const { st, clock } = await withStock();
    const session = await openZoneA(st);
    clock.set(at('09:30'));
    await st.counts.record(session.id, { entryId: 'e1', ...KEY, qty: '60', countedAt: at('09:00'), counter: 'li' });
    await st.counts.record(session.id, { entryId: 'e2', ...KEY, qty: '600', countedAt: at('09:01'), counter: 'li' });
    await st.counts.record(session.id, { entryId: 'e3', ...KEY, qty: '40', countedAt: at('09:02'), counter: 'li' });
    const voiding = { entryId: 'v1', target: 'e2', reason: 'typed one zero too many', actor: 'li' };
    expect((await st.counts.voidEntry(session.id, voiding)).result).toBe('created');
    expect((await st.counts.voidEntry(session.id, voiding)).result).toBe('exists');
    await st.counts.completeLocation(session.id, 'WH1/A/01', { actor: 'li', at: at('09:05') });
    await st.counts.completeLocation(session.id, 'WH1/A/02', { actor: 'li', at: at('09:05') });
    const review = await st.counts.review(session.id);
    expect(review.lines[0]).toMatchObject({ counted: '100', status: 'match', rounds: [expect.objectContaining({ entryIds: ['e1', 'e3'] })] });
    expect((await st.counts.entries(session.id)).map((e) => [e.entryId, e.kind])).toEqual([['e1', 'count'], ['e2', 'count'], ['e3', 'count'], ['v1', 'void']]);
  });

  it('two counters on one bin: the second is flagged as a conflict, not summed', async () => {
    const { st, clock } = await withStock();
    const session = await openZoneA(st, { counters: [] });
    clock.set(at('09:30'));
    await st.counts.record(session.id, { entryId: 'e1', ...KEY, qty: '100', countedAt: at('09:00'), counter: 'li' });
    const second = await st.counts.record(session.id, { entryId: 'e2', ...KEY, qty: '100', countedAt: at('09:05'), counter: 'wang' });
    expect(second.entry?.flags).toEqual(['second_counter']);
    await st.counts.completeLocation(session.id, 'WH1/A/01', { actor: 'li', at: at('09:10') });
    await st.counts.completeLocation(session.id, 'WH1/A/02', { actor: 'li', at: at('09:10') });
    const review = await st.counts.review(session.id);
    expect(review.lines[0]).toMatchObject({ counted: '100', status: 'match' });
    expect(review.conflicts.map((entry) => entry.entryId)).toEqual(['e2']);
    expect(review.state).toBe('counting'); // an open conflict keeps the round open
    await st.counts.resolveConflict(session.id, { entryId: 'x1', target: 'e2', accept: false, actor: 'zhao', reason: 'double count' });
    expect((await st.counts.review(session.id)).state).toBe('reviewing');
  });

  it('a task assigned to a team may be counted by any member; others are flagged outside their task', async () => {
    const { st, clock } = await withStock();
    const session = await openZoneA(st, { counters: ['team-a'], teams: { 'team-a': ['li', 'wang'] } });
    clock.set(at('09:30'));
    expect(session.tasks[0]!.assignee).toBe('team-a');
    const member = await st.counts.record(session.id, { entryId: 'e1', ...KEY, qty: '50', countedAt: at('09:00'), counter: 'wang' });
    expect(member.entry?.flags).toEqual([]);
    const stranger = await st.counts.record(session.id, { entryId: 'e2', sku: 'A-100', location: 'WH1/A/02', qty: '1', countedAt: at('09:01'), counter: 'chen' });
    expect(stranger.entry?.flags).toEqual(['outside_task']);
  });

  it('an incomplete location blocks approval', async () => {
    const { st, clock } = await withStock();
    const session = await openZoneA(st);
    clock.set(at('09:30'));
    await st.counts.record(session.id, { entryId: 'e1', ...KEY, qty: '100', countedAt: at('09:00'), counter: 'li' });
    await st.counts.completeLocation(session.id, 'WH1/A/01', { actor: 'li', at: at('09:00') });
    await st.counts.review(session.id);
    expect(await caught(st.counts.approve(session.id, { actor: 'zhao' }))).toMatchObject({ code: 'incomplete_locations' });
    const review = await st.counts.review(session.id);
    expect(review.openLocations).toEqual(['WH1/A/02']);
    await st.counts.excludeLocation(session.id, 'WH1/A/02', { actor: 'zhao', reason: 'blocked by a forklift repair' });
    expect((await st.counts.review(session.id)).state).toBe('reviewing');
    expect((await st.counts.approve(session.id, { actor: 'zhao' })).state).toBe('approved');
  });

  it('posting twice creates nothing', async () => {
    const { st, clock } = await withStock({ policies: { tolerance: { byClass: { A: { qty: '5' } } } } });
    const session = await openZoneA(st);
    clock.set(at('09:30'));
    await countAndComplete(st, session.id, '97', at('09:00'));
    await st.counts.review(session.id);
    await st.counts.approve(session.id, { actor: 'zhao' });
    const first = await st.counts.post(session.id, { actor: 'zhao' });
    const again = await st.counts.post(session.id, { actor: 'zhao' });
    expect(first.created).toBe(true);
    expect(again.created).toBe(false);
    expect(again.movements.map((m) => m.id)).toEqual(first.movements.map((m) => m.id));
    expect((await st.ledger.movements({ kinds: ['count_adjustment'] }))).toHaveLength(1);
    expect(await st.ledger.onHand(KEY)).toBe('97');
  });

  it('a counter cannot approve their own line', async () => {
    const { st, clock } = await withStock();
    const session = await openZoneA(st);
    clock.set(at('09:30'));
    await countAndComplete(st, session.id, '100', at('09:00'));
    await st.counts.review(session.id);
    expect(await caught(st.counts.approve(session.id, { actor: 'li' }))).toMatchObject({ code: 'not_authorized' });
    expect((await st.counts.get(session.id)).state).toBe('reviewing');
  });

  it('freeze rejects a movement; an override is accepted, audited and forces a recount', async () => {
    const { st, clock } = await withStock();
    const session = await openZoneA(st, { movementPolicy: 'freeze' });
    const pick = { id: 'pick-9', kind: 'issue' as const, occurredAt: at('08:30'), actor: 'wang', lines: [{ sku: 'A-100', from: 'WH1/A/01', qty: '5' }] };
    clock.set(at('08:30'));
    expect((await st.ledger.post(pick)).result).toBe('frozen');
    // Outside the scope nothing is frozen.
    await st.ledger.post({ id: 'rcv-b', kind: 'receipt', actor: 'li', lines: [{ sku: 'A-100', to: 'WH1/B/01', qty: '1' }] });
    clock.set(at('09:00'));
    await countAndComplete(st, session.id, '100', at('09:00'));
    clock.set(at('09:30'));
    const urgent = await st.ledger.post({ ...pick, id: 'pick-10', occurredAt: at('09:30'), override: { reason: 'ambulance order' } });
    expect(urgent.result).toBe('created');
    const audit = await st.audit.list();
    expect(audit.map((event) => event.action)).toContain('count.override');
    const review = await st.counts.review(session.id);
    expect(review.lines[0]).toMatchObject({ status: 'ambiguous', rounds: [expect.objectContaining({ unusable: 'freeze_override' })] });
    expect(review.recountTasks).toHaveLength(1);
    expect((await st.audit.verify()).ok).toBe(true);
  });

  it('a back-dated movement across a posted count is rejected by default and flagged under the flag policy', async () => {
    for (const backdated of ['reject', 'flag'] as const) {
      const { st, clock } = await withStock({ policies: { backdated } });
      const session = await openZoneA(st);
    clock.set(at('09:30'));
      clock.set(at('09:30'));
      await countAndComplete(st, session.id, '100', at('09:00'));
      await st.counts.review(session.id);
      await st.counts.approve(session.id, { actor: 'zhao' });
      await st.counts.post(session.id, { actor: 'zhao' });
      clock.set(at('12:00'));
      const result = await st.ledger.post({ id: 'old', kind: 'issue', occurredAt: at('08:45'), actor: 'wang', lines: [{ sku: 'A-100', from: 'WH1/A/01', qty: '1' }] });
      if (backdated === 'reject') {
        expect(result.result).toBe('backdated');
        expect(await st.counts.exceptions()).toEqual([]);
      } else {
        expect(result.result).toBe('created');
        expect(await st.counts.exceptions({ status: 'open' })).toEqual([expect.objectContaining({ movementId: 'old', sessionIds: [session.id] })]);
      }
      // After the count time nothing is crossed.
      expect((await st.ledger.post({ id: 'new', kind: 'issue', occurredAt: at('11:00'), actor: 'wang', lines: [{ sku: 'A-100', from: 'WH1/A/01', qty: '1' }] })).result).toBe('created');
    }
  });

  it('posting refuses a review made stale by a late movement', async () => {
    const { st, clock } = await withStock({ policies: { tolerance: { byClass: { A: { qty: '20' } } } } });
    const session = await openZoneA(st);
    clock.set(at('09:30'));
    await countAndComplete(st, session.id, '95', at('09:00'));
    await st.counts.review(session.id);
    await st.counts.approve(session.id, { actor: 'zhao' });
    clock.set(at('10:00'));
    await st.ledger.post({ id: 'late', kind: 'issue', occurredAt: at('08:40'), actor: 'wang', lines: [{ sku: 'A-100', from: 'WH1/A/01', qty: '5' }] });
    expect(await caught(st.counts.post(session.id, { actor: 'zhao' }))).toMatchObject({ code: 'stale_review' });
    expect(await st.ledger.movements({ kinds: ['count_adjustment'] })).toEqual([]);
  });

  it('keys nobody counted at a complete location count as zero; stock the book lacks is found', async () => {
    const { st, clock } = await withStock({ policies: { tolerance: { byClass: { A: { qty: '1000' }, B: { qty: '1000' } } } } });
    const session = await openZoneA(st);
    clock.set(at('09:30'));
    await st.counts.record(session.id, { entryId: 'e1', sku: 'B-200', location: 'WH1/A/02', qty: '12.5', countedAt: at('09:00'), counter: 'li' });
    await st.counts.completeLocation(session.id, 'WH1/A/01', { actor: 'li', at: at('09:05') });
    await st.counts.completeLocation(session.id, 'WH1/A/02', { actor: 'li', at: at('09:06') });
    const review = await st.counts.review(session.id);
    expect(review.lines.map((l) => [l.sku, l.location, l.expected, l.counted, l.found])).toEqual([
      ['A-100', 'WH1/A/01', '100', '0', false],
      ['B-200', 'WH1/A/02', '0', '12.5', true],
    ]);
    expect(review.lines[0]!.window).toEqual({ from: at('09:05'), to: at('09:05') });
  });

  it('a key that held stock only before the count is not a line', async () => {
    const { st, clock } = await withStock();
    await st.ledger.post({ id: 'in', kind: 'receipt', occurredAt: at('07:10'), actor: 'li', lines: [{ sku: 'B-200', to: 'WH1/A/02', qty: '5' }] });
    await st.ledger.post({ id: 'out', kind: 'issue', occurredAt: at('07:20'), actor: 'li', lines: [{ sku: 'B-200', from: 'WH1/A/02', qty: '5' }] });
    clock.set(at('08:00'));
    const session = await openZoneA(st);
    clock.set(at('09:30'));
    await countAndComplete(st, session.id, '100', at('09:00'));
    const review = await st.counts.review(session.id);
    expect(review.lines.map((line) => [line.sku, line.location])).toEqual([['A-100', 'WH1/A/01']]);
  });

  it('a blind sheet lists locations in walking order without quantities', async () => {
    const { st } = await withStock();
    const session = await openZoneA(st, { blind: true });
    const sheet = await st.counts.sheet(session.id, session.tasks[0]!.id);
    expect(sheet.locations.map((l) => l.location)).toEqual(['WH1/A/01', 'WH1/A/02']);
    expect(sheet.locations[0]!.keys).toEqual([{ key: KEY, name: 'Hex bolt M8', uom: 'ea' }]);
    await st.counts.cancel(session.id, { actor: 'zhao', reason: 'reissued with book quantities' });
    const open = await openZoneA(st, { blind: false });
    expect((await st.counts.sheet(open.id, open.tasks[0]!.id)).locations[0]!.keys[0]!.bookQty).toBe('100');
  });

  it('a command in the wrong state is a typed error and changes nothing', async () => {
    const { st, clock } = await withStock();
    const session = await openZoneA(st);
    clock.set(at('09:30'));
    expect(await caught(st.counts.post(session.id, { actor: 'zhao' }))).toMatchObject({ code: 'invalid_state' });
    await st.counts.cancel(session.id, { actor: 'zhao', reason: 'wrong zone' });
    expect(await caught(st.counts.record(session.id, { entryId: 'e1', ...KEY, qty: '1', countedAt: at('09:00'), counter: 'li' }))).toMatchObject({ code: 'invalid_state' });
    expect(await st.counts.entries(session.id)).toEqual([]);
    expect(await caught(st.counts.get('nope'))).toMatchObject({ code: 'session_not_found' });
  });
});
