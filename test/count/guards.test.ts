/**
 * The movement guards of counts: a frozen count refuses or records an override; a posted count
 * refuses (or flags) movements dated at or before what it counted. Each answer is checked in full:
 * the result, its message and details, the session's record of an override, the exception raised,
 * the audit event and the emitted event.
 */
import { describe, expect, it } from 'vitest';
import type { StocktakeEvent, Stocktake } from '../../src/index.js';
import { at, smallWarehouse } from '../support/world.js';

const KEY = { sku: 'A-100', location: 'WH1/A/01' };
const issue = (id: string, occurredAt: string, extra: Record<string, unknown> = {}) =>
  ({ id, kind: 'issue' as const, occurredAt, actor: 'wang', lines: [{ sku: 'A-100', from: KEY.location, qty: '1' }], ...extra });

async function stocked(options: Parameters<typeof smallWarehouse>[0] = {}) {
  const world = await smallWarehouse(options);
  world.clock.set(at('07:00'));
  await world.st.ledger.post({ id: 'rcv', kind: 'receipt', occurredAt: at('07:00'), actor: 'dock', lines: [{ sku: 'A-100', to: KEY.location, qty: '50' }, { sku: 'B-200', to: 'WH1/A/02', qty: '5' }] });
  world.clock.set(at('08:00'));
  const events: StocktakeEvent[] = [];
  for (const type of ['count.override', 'count.exception'] as const) world.st.on(type, (event) => void events.push(event));
  return { ...world, events };
}

/** Counts bin 01 (A-100: `qty` at 09:00, completed at 09:20) and bin 02 (nothing, completed at 09:30) and posts. */
async function post(st: Stocktake, clock: { set(at: string): void }, qty: string) {
  const session = await st.counts.open({ scope: { locations: ['WH1/A'] }, actor: 'zhao', counters: ['li'], tolerance: { qty: '100' } });
  clock.set(at('09:30'));
  await st.counts.record(session.id, { entryId: 'e1', ...KEY, qty, countedAt: at('09:00'), counter: 'li' });
  await st.counts.completeLocation(session.id, KEY.location, { actor: 'li', at: at('09:20') });
  await st.counts.completeLocation(session.id, 'WH1/A/02', { actor: 'li', at: at('09:30') });
  await st.counts.review(session.id);
  await st.counts.approve(session.id, { actor: 'zhao' });
  await st.counts.post(session.id, { actor: 'zhao' });
  return session;
}

describe('the freeze guard', () => {
  it('refuses a movement on a frozen key with the sessions and keys it hit; lets others through', async () => {
    const { st } = await stocked();
    const session = await st.counts.open({ scope: { locations: ['WH1/A/01'] }, movementPolicy: 'freeze', actor: 'zhao' });
    const refused = await st.ledger.post(issue('pick-1', at('08:00')));
    expect(refused).toMatchObject({
      result: 'frozen',
      details: { sessions: [{ sessionId: session.id, keys: [KEY] }] },
    });
    expect(refused.message).toContain(session.id);
    expect(refused.message).toContain('override');
    // Another bin, or a live count, freezes nothing.
    expect((await st.ledger.post({ id: 'pick-2', kind: 'issue', occurredAt: at('08:00'), actor: 'wang', lines: [{ sku: 'B-200', from: 'WH1/A/02', qty: '1' }] })).result).toBe('created');
  });

  it('records an override on the session, audits it and emits it; the key goes back to recount', async () => {
    const { st, clock, events } = await stocked();
    const session = await st.counts.open({ scope: { locations: ['WH1/A/01'] }, movementPolicy: 'freeze', actor: 'zhao' });
    clock.set(at('08:05'));
    const result = await st.ledger.post(issue('urgent', at('08:05'), { override: { reason: 'line down' } }));
    expect(result.result).toBe('created');
    const stored = await st.counts.get(session.id);
    expect(stored.overrides).toEqual([{ movementId: 'urgent', keys: [KEY], reason: 'line down', actor: 'wang', at: at('08:05') }]);
    const audit = (await st.audit.list()).filter((event) => event.action === 'count.override');
    expect(audit.map((event) => [event.subject, event.actor, event.data])).toEqual([[session.id, 'wang', { movementId: 'urgent', keys: [KEY], reason: 'line down' }]]);
    expect(events).toEqual([{ type: 'count.override', sessionId: session.id, movementId: 'urgent', keys: [KEY], reason: 'line down', at: at('08:05') }]);
  });
  it('lists the frozen keys a movement touches in key order, whatever the order of its lines', async () => {
    const { st } = await stocked();
    const session = await st.counts.open({ scope: { locations: ['WH1/A'] }, movementPolicy: 'freeze', actor: 'zhao' });
    const refused = await st.ledger.post({
      id: 'pick',
      kind: 'issue',
      occurredAt: at('08:00'),
      actor: 'wang',
      lines: [{ sku: 'B-200', from: 'WH1/A/02', qty: '1' }, { sku: 'A-100', from: KEY.location, qty: '1' }],
    });
    expect(refused).toMatchObject({ result: 'frozen', details: { sessions: [{ sessionId: session.id, keys: [KEY, { sku: 'B-200', location: 'WH1/A/02' }] }] } });
  });
});

describe('the back-dated guard', () => {
  it('orders what a movement crossed by count time, whatever the order of its keys', async () => {
    const { st, clock } = await stocked();
    const session = await st.counts.open({ scope: { locations: ['WH1/A'] }, actor: 'zhao', counters: ['li'], tolerance: { qty: '100' } });
    clock.set(at('09:30'));
    // Bin 02 first (B-200 counted as zero by its completion at 09:00), then A-100 in bin 01 at 09:20.
    await st.counts.completeLocation(session.id, 'WH1/A/02', { actor: 'li', at: at('09:00') });
    await st.counts.record(session.id, { entryId: 'e1', ...KEY, qty: '50', countedAt: at('09:20'), counter: 'li' });
    await st.counts.completeLocation(session.id, KEY.location, { actor: 'li', at: at('09:20') });
    await st.counts.review(session.id);
    await st.counts.approve(session.id, { actor: 'zhao' });
    await st.counts.post(session.id, { actor: 'zhao' });
    clock.set(at('12:00'));
    const result = await st.ledger.post({
      id: 'late',
      kind: 'issue',
      occurredAt: at('08:50'),
      actor: 'wang',
      lines: [{ sku: 'A-100', from: KEY.location, qty: '1' }, { sku: 'B-200', from: 'WH1/A/02', qty: '1' }],
    });
    expect(result).toMatchObject({
      result: 'backdated',
      details: { keys: [{ sku: 'B-200', location: 'WH1/A/02' }, KEY], sessionIds: [session.id], countedAt: [at('09:00'), at('09:20')] },
    });
  });

  it('refuses a movement dated at or before a key’s count with every session it crosses, the earliest count first', async () => {
    const { st, clock } = await stocked();
    const first = await post(st, clock, '50');
    clock.set(at('10:00'));
    const second = await st.counts.open({ scope: { keys: [KEY] }, actor: 'zhao', counters: ['wang'], tolerance: { qty: '100' } });
    clock.set(at('10:30'));
    await st.counts.record(second.id, { entryId: 'e2', ...KEY, qty: '50', countedAt: at('10:30'), counter: 'wang' });
    await st.counts.completeLocation(second.id, KEY.location, { actor: 'wang', at: at('10:30') });
    await st.counts.review(second.id);
    await st.counts.approve(second.id, { actor: 'zhao' });
    await st.counts.post(second.id, { actor: 'zhao' });
    clock.set(at('12:00'));
    const result = await st.ledger.post(issue('old', at('08:50')));
    expect(result).toMatchObject({
      result: 'backdated',
      details: { keys: [KEY], sessionIds: [first.id, second.id], countedAt: [at('09:00'), at('10:30')] },
    });
    expect(result.message).toContain(at('08:50'));
    // Exactly at a count is at or before it; a millisecond after the last count crosses nothing.
    expect((await st.ledger.post(issue('at-count', at('10:30')))).result).toBe('backdated');
    expect((await st.ledger.post(issue('after', '2026-03-02T10:30:00.001Z'))).result).toBe('created');
  });

  it('a counted key follows its own count; other keys at the location follow the completion', async () => {
    const { st, clock } = await stocked();
    await post(st, clock, '50');
    clock.set(at('12:00'));
    // Bin 02 was completed at 09:30 with B-200 uncounted; A-100 in bin 01 was counted at 09:00.
    expect((await st.ledger.post({ id: 'b-09:15', kind: 'issue', occurredAt: at('09:15'), actor: 'wang', lines: [{ sku: 'B-200', from: 'WH1/A/02', qty: '1' }] })).result).toBe('backdated');
    // A key the count did list at bin 01 follows its own count time (09:00), not the bin's completion (09:20).
    expect((await st.ledger.post(issue('a-09:15', at('09:15')))).result).toBe('created');
  });

  it('under the flag policy, raises one exception per movement with the keys and sessions it crossed, audited and emitted', async () => {
    const { st, clock, events } = await stocked({ policies: { backdated: 'flag' } });
    const session = await post(st, clock, '50');
    clock.set(at('12:00'));
    const result = await st.ledger.post(issue('old', at('08:50')));
    expect(result.result).toBe('created');
    const [exception] = await st.counts.exceptions();
    expect(exception).toEqual({
      id: expect.stringMatching(/^exception/),
      kind: 'backdated_movement',
      movementId: 'old',
      keys: [KEY],
      sessionIds: [session.id],
      raisedAt: at('12:00'),
      status: 'open',
    });
    const audit = (await st.audit.list()).filter((event) => event.action === 'count.exception');
    expect(audit.map((event) => [event.subject, event.actor, event.data])).toEqual([[exception!.id, 'wang', exception]]);
    expect(events).toEqual([{ type: 'count.exception', exception }]);
    const resolved = await st.counts.resolveException(exception!.id, { actor: 'zhao', note: 'paperwork late' });
    expect(resolved).toMatchObject({ status: 'resolved', resolution: { actor: 'zhao', at: at('12:00'), note: 'paperwork late' } });
    expect(await st.counts.exceptions({ status: 'open' })).toEqual([]);
  });
});
