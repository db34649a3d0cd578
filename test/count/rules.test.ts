/**
 * The rules a count keeps under adversarial histories (docs/counting.md, "Rules"): one named
 * scenario per rule, each through the public API.
 */
import { describe, expect, it } from 'vitest';
import { isStocktakeError, type Stocktake } from '../../src/index.js';
import { at, smallWarehouse } from '../support/world.js';

const KEY = { sku: 'A-100', location: 'WH1/A/01' };

async function caught(promise: Promise<unknown>): Promise<{ code?: string; path?: readonly (string | number)[]; details?: Record<string, unknown> }> {
  try {
    await promise;
  } catch (error) {
    if (isStocktakeError(error)) return { code: error.code, path: error.path, details: error.details };
    throw error;
  }
  throw new Error('expected a StocktakeError');
}

/** `qty` of A-100 in WH1/A/01 since 07:00; the clock at 08:00. */
async function stocked(qty = '10', options: Parameters<typeof smallWarehouse>[0] = {}) {
  const world = await smallWarehouse(options);
  world.clock.set(at('07:00'));
  await world.st.ledger.post({ id: 'rcv-0', kind: 'receipt', occurredAt: at('07:00'), actor: 'dock', lines: [{ sku: 'A-100', to: KEY.location, qty }] });
  world.clock.set(at('08:00'));
  return world;
}

async function completeZoneA(st: Stocktake, sessionId: string, actor: string, time: string) {
  for (const location of ['WH1/A/01', 'WH1/A/02']) await st.counts.completeLocation(sessionId, location, { actor, at: at(time) });
}

function lineOf(review: { lines: readonly { sku: string; location: string }[] }, key = KEY) {
  return review.lines.find((line) => line.sku === key.sku && line.location === key.location)! as Awaited<ReturnType<Stocktake['counts']['review']>>['lines'][number];
}

describe('rule 1: a decision is a count of its own moment; the latest evidence wins', () => {
  it('book 10, counted 5, decided 5, recount requested, the recount says 10: counted 10, posting leaves 10', async () => {
    const { st, clock } = await stocked('10');
    const session = await st.counts.open({ scope: { locations: ['WH1/A'] }, actor: 'zhao', counters: ['li', 'wang'], recount: 'manual' });
    clock.set(at('09:00'));
    await st.counts.record(session.id, { entryId: 'e1', ...KEY, qty: '5', countedAt: at('09:00'), counter: 'li' });
    await completeZoneA(st, session.id, 'li', '09:00');
    expect(lineOf(await st.counts.review(session.id))).toMatchObject({ status: 'needs_decision', statusReason: 'manual_recount', variance: '-5' });
    clock.set(at('09:30'));
    await st.counts.decide(session.id, { key: KEY, qty: '5', actor: 'zhao', note: 'saw 5' });
    expect(lineOf(await st.counts.review(session.id))).toMatchObject({ status: 'needs_approval', counted: '5', window: { from: at('09:30'), to: at('09:30') } });
    const [task] = await st.counts.requestRecount(session.id, { keys: [KEY], actor: 'zhao' });
    // The recount goes to someone who asserted nothing of the key: not li (counted), not zhao (decided).
    expect(task).toMatchObject({ round: 2, assignee: 'wang', excludedCounters: ['li', 'zhao'] });
    clock.set(at('10:00'));
    await st.counts.record(session.id, { entryId: 'r1', ...KEY, qty: '10', countedAt: at('10:00'), counter: 'wang' });
    await st.counts.completeLocation(session.id, KEY.location, { actor: 'wang', at: at('10:00') });
    const review = await st.counts.review(session.id);
    const line = lineOf(review);
    expect(line).toMatchObject({ counted: '10', expected: '10', variance: '0', status: 'match', round: 2 });
    expect(line.decision).toBeUndefined();
    expect(line.supersededDecisions).toEqual([expect.objectContaining({ qty: '5', actor: 'zhao', at: at('09:30'), round: 1 })]);
    await st.counts.approve(session.id, { actor: 'sun' });
    const posted = await st.counts.post(session.id, { actor: 'sun' });
    expect(posted.movements).toEqual([]);
    expect(await st.ledger.onHand(KEY)).toBe('10');
    // The superseded decision stays in the audit trail and the report.
    expect((await st.audit.list()).filter((event) => event.action === 'count.decide')).toHaveLength(1);
    const report = await st.counts.report(session.id, { format: 'markdown' });
    expect(report).toContain('superseded');
  });

  it('round 1 counted 8 at 10:00, round 2 unusable, the supervisor sees 5 at 11:00: after posting the book is 5', async () => {
    const { st, clock } = await stocked('10');
    const session = await st.counts.open({ scope: { locations: ['WH1/A'] }, actor: 'zhao', counters: ['li', 'wang'], maxRounds: 2 });
    clock.set(at('10:00'));
    await st.counts.record(session.id, { entryId: 'e1', ...KEY, qty: '8', countedAt: at('10:00'), counter: 'li' });
    await completeZoneA(st, session.id, 'li', '10:00');
    expect((await st.counts.review(session.id)).recountTasks).toEqual([expect.objectContaining({ assignee: 'wang' })]);
    clock.set(at('10:40'));
    await st.counts.record(session.id, { entryId: 'r1', ...KEY, qty: '4', countedAt: at('10:30'), counter: 'wang' });
    await st.counts.record(session.id, { entryId: 'r2', ...KEY, qty: '3', countedAt: at('10:40'), counter: 'wang' });
    await st.ledger.post({ id: 'pick', kind: 'issue', occurredAt: at('10:35'), actor: 'picker', lines: [{ sku: 'A-100', from: KEY.location, qty: '3' }] });
    await st.counts.completeLocation(session.id, KEY.location, { actor: 'wang', at: at('10:40') });
    const unusable = lineOf(await st.counts.review(session.id));
    expect(unusable).toMatchObject({ status: 'needs_decision', statusReason: 'rounds_exhausted' });
    expect(unusable.rounds[1]).toMatchObject({ unusable: 'movement_in_window', movementsInWindow: ['pick'] });
    clock.set(at('11:00'));
    await st.counts.decide(session.id, { key: KEY, qty: '5', actor: 'zhao' });
    const decided = lineOf(await st.counts.review(session.id));
    // Expected is the book just before 11:00 (10 − 3), not round 1's book.
    expect(decided).toMatchObject({ expected: '7', counted: '5', variance: '-2', status: 'needs_approval', window: { from: at('11:00'), to: at('11:00') } });
    await st.counts.approve(session.id, { actor: 'sun' });
    const posted = await st.counts.post(session.id, { actor: 'sun' });
    expect(posted.movements).toEqual([expect.objectContaining({ occurredAt: at('11:00'), lines: [expect.objectContaining({ from: KEY.location, qty: '2' })] })]);
    expect(await st.ledger.onHand(KEY)).toBe('5');
    expect(await st.ledger.onHand(KEY, { asOf: at('11:00') })).toBe('5');
  });

  it('a decision is refused before the session opened, in the future, on a line still being counted, and at the moment of a movement', async () => {
    const { st, clock } = await stocked('10');
    const session = await st.counts.open({ scope: { locations: ['WH1/A'] }, actor: 'zhao', counters: ['li', 'wang'], recount: 'manual' });
    clock.set(at('09:00'));
    await st.counts.record(session.id, { entryId: 'e1', ...KEY, qty: '9', countedAt: at('09:00'), counter: 'li' });
    expect(await caught(st.counts.decide(session.id, { key: KEY, qty: '9', actor: 'zhao' }))).toMatchObject({ code: 'invalid_state', path: ['key'] });
    await completeZoneA(st, session.id, 'li', '09:00');
    await st.counts.review(session.id);
    expect(await caught(st.counts.decide(session.id, { key: KEY, qty: '9', actor: 'zhao', at: at('07:59') }))).toMatchObject({ code: 'invalid_input', path: ['at'] });
    expect(await caught(st.counts.decide(session.id, { key: KEY, qty: '9', actor: 'zhao', at: at('09:03') }))).toMatchObject({ code: 'invalid_input', path: ['at'] });
    clock.set(at('09:20'));
    await st.ledger.post({ id: 'pick', kind: 'issue', occurredAt: at('09:15'), actor: 'picker', lines: [{ sku: 'A-100', from: KEY.location, qty: '1' }] });
    expect(await caught(st.counts.decide(session.id, { key: KEY, qty: '8', actor: 'zhao', at: at('09:15') }))).toMatchObject({
      code: 'ambiguous_decision',
      path: ['at'],
      details: { movements: ['pick'] },
    });
    const before = await st.counts.get(session.id);
    expect(before.decisions).toEqual({});
    // The decider asserted the line: they may not approve or post it.
    await st.counts.decide(session.id, { key: KEY, qty: '8', actor: 'zhao', at: at('09:16') });
    expect(await caught(st.counts.approve(session.id, { actor: 'zhao' }))).toMatchObject({ code: 'not_authorized' });
    await st.counts.approve(session.id, { actor: 'sun' });
    expect(await caught(st.counts.post(session.id, { actor: 'zhao' }))).toMatchObject({ code: 'not_authorized' });
  });

  it('a movement recorded later but dated exactly at the decision makes the line need another decision', async () => {
    const { st, clock } = await stocked('10');
    const session = await st.counts.open({ scope: { locations: ['WH1/A'] }, actor: 'zhao', counters: ['li', 'wang'], recount: 'manual' });
    clock.set(at('09:00'));
    await st.counts.record(session.id, { entryId: 'e1', ...KEY, qty: '9', countedAt: at('09:00'), counter: 'li' });
    await completeZoneA(st, session.id, 'li', '09:00');
    await st.counts.review(session.id);
    clock.set(at('09:30'));
    await st.counts.decide(session.id, { key: KEY, qty: '9', actor: 'zhao', at: at('09:20') });
    await st.counts.approve(session.id, { actor: 'sun' });
    await st.ledger.post({ id: 'late', kind: 'issue', occurredAt: at('09:20'), actor: 'picker', lines: [{ sku: 'A-100', from: KEY.location, qty: '1' }] });
    expect(lineOf(await st.counts.review(session.id))).toMatchObject({ status: 'needs_decision', statusReason: 'movement_at_decision' });
    expect(await caught(st.counts.post(session.id, { actor: 'sun' }))).toMatchObject({ code: 'stale_review' });
    // A new decision at another moment settles it; approving again is needed.
    const decided = await st.counts.decide(session.id, { key: KEY, qty: '8', actor: 'zhao', at: at('09:25') });
    expect(decided.state).toBe('reviewing');
    expect(lineOf(await st.counts.review(session.id))).toMatchObject({
      status: 'needs_approval',
      expected: '9',
      counted: '8',
      supersededDecisions: [expect.objectContaining({ at: at('09:20') })],
    });
  });
});

describe('rule 2: segregation of duties for every way a quantity is asserted', () => {
  it('book 10; li completes with nothing recorded: the recount is not li’s, li confirms nothing and cannot approve the −10', async () => {
    const { st, clock } = await stocked('10');
    const session = await st.counts.open({ scope: { locations: ['WH1/A'] }, actor: 'zhao', counters: ['li', 'wang'] });
    clock.set(at('09:00'));
    await completeZoneA(st, session.id, 'li', '09:00');
    const review = await st.counts.review(session.id);
    expect(lineOf(review)).toMatchObject({ counted: '0', variance: '-10', counters: ['li'], asserters: ['li'], status: 'recount' });
    expect(review.recountTasks).toEqual([expect.objectContaining({ assignee: 'wang', excludedCounters: ['li'] })]);
    clock.set(at('09:30'));
    expect(await caught(st.counts.completeLocation(session.id, KEY.location, { actor: 'li', at: at('09:30') }))).toMatchObject({ code: 'not_authorized', path: ['actor'] });
    expect(await caught(st.counts.record(session.id, { entryId: 'li-2', ...KEY, qty: '0', countedAt: at('09:30'), counter: 'li' }))).toMatchObject({ code: 'not_authorized' });
    await st.counts.completeLocation(session.id, KEY.location, { actor: 'wang', at: at('09:30') });
    const confirmed = lineOf(await st.counts.review(session.id));
    expect(confirmed).toMatchObject({ status: 'needs_approval', asserters: ['li', 'wang'] });
    for (const actor of ['li', 'wang']) expect(await caught(st.counts.approve(session.id, { actor }))).toMatchObject({ code: 'not_authorized' });
    await st.counts.approve(session.id, { actor: 'zhao' });
    expect(await caught(st.counts.post(session.id, { actor: 'li' }))).toMatchObject({ code: 'not_authorized' });
    await st.counts.post(session.id, { actor: 'zhao' });
    expect(await st.ledger.onHand(KEY)).toBe('0');
  });

  it('the same person counting twice is no confirmation', async () => {
    const { st, clock } = await stocked('10');
    // No named counters: recounts are open to anyone who did not assert the key.
    const session = await st.counts.open({ scope: { locations: ['WH1/A'] }, actor: 'zhao', maxRounds: 3 });
    clock.set(at('09:00'));
    await st.counts.record(session.id, { entryId: 'e1', ...KEY, qty: '7', countedAt: at('09:00'), counter: 'li' });
    await completeZoneA(st, session.id, 'li', '09:00');
    const [task] = (await st.counts.review(session.id)).recountTasks;
    expect(task).toMatchObject({ excludedCounters: ['li'] });
    expect(task!.assignee).toBeUndefined();
    clock.set(at('09:30'));
    expect(await caught(st.counts.record(session.id, { entryId: 'e2', ...KEY, qty: '7', countedAt: at('09:30'), counter: 'li' }))).toMatchObject({ code: 'not_authorized' });
    await st.counts.record(session.id, { entryId: 'e3', ...KEY, qty: '7', countedAt: at('09:30'), counter: 'chen' });
    await st.counts.completeLocation(session.id, KEY.location, { actor: 'chen', at: at('09:30') });
    expect(lineOf(await st.counts.review(session.id))).toMatchObject({ status: 'needs_approval', counters: ['li', 'chen'] });
  });

  it('with no independent counter left, the line says so instead of giving the recount to nobody or to the same person', async () => {
    const { st, clock } = await stocked('10');
    const session = await st.counts.open({ scope: { locations: ['WH1/A'] }, actor: 'zhao', counters: ['team-a'], teams: { 'team-a': ['li', 'wang'] } });
    clock.set(at('09:00'));
    await st.counts.record(session.id, { entryId: 'e1', ...KEY, qty: '7', countedAt: at('09:00'), counter: 'li' });
    await completeZoneA(st, session.id, 'li', '09:00');
    const review = await st.counts.review(session.id);
    expect(review.recountTasks).toEqual([]);
    expect(review.state).toBe('reviewing');
    expect(lineOf(review)).toMatchObject({ status: 'needs_decision', statusReason: 'no_independent_counter' });
    expect(await caught(st.counts.requestRecount(session.id, { keys: [KEY], actor: 'zhao' }))).toMatchObject({ code: 'no_independent_counter', path: ['keys', 0] });
    expect(await caught(st.counts.requestRecount(session.id, { keys: [KEY], actor: 'zhao', assignee: 'team-a' }))).toMatchObject({ code: 'not_authorized', path: ['assignee'] });
    expect(await caught(st.counts.requestRecount(session.id, { keys: [KEY], actor: 'zhao', assignee: 'li' }))).toMatchObject({ code: 'not_authorized', path: ['assignee'] });
    const tasks = await st.counts.requestRecount(session.id, { keys: [KEY], actor: 'zhao', assignee: 'chen' });
    expect(tasks).toEqual([expect.objectContaining({ assignee: 'chen', excludedCounters: ['li'] })]);
  });
});

describe('rule 3: asserted times lie between the opening and now plus the allowed clock skew', () => {
  it('count, completion and void times outside the bounds are invalid input with the path; inside the skew they are accepted', async () => {
    const { st, clock } = await stocked('10');
    const session = await st.counts.open({ scope: { locations: ['WH1/A'] }, actor: 'zhao', counters: ['li'] });
    clock.set(at('09:00'));
    const entry = { entryId: 'e1', ...KEY, qty: '10', counter: 'li' };
    expect(await caught(st.counts.record(session.id, { ...entry, countedAt: '2099-01-01T00:00:00.000Z' }))).toMatchObject({ code: 'invalid_input', path: ['countedAt'] });
    expect(await caught(st.counts.record(session.id, { ...entry, countedAt: at('07:59') }))).toMatchObject({ code: 'invalid_input', path: ['countedAt'] });
    expect(await caught(st.counts.record(session.id, { ...entry, countedAt: '2026-03-02T09:02:00.001Z' }))).toMatchObject({ code: 'invalid_input', path: ['countedAt'] });
    expect((await st.counts.record(session.id, { ...entry, countedAt: at('09:02') })).result).toBe('created');
    expect(await caught(st.counts.voidEntry(session.id, { entryId: 'v1', target: 'e1', reason: 'x', actor: 'li', at: at('09:10') }))).toMatchObject({ code: 'invalid_input', path: ['at'] });
    expect(await caught(st.counts.completeLocation(session.id, KEY.location, { actor: 'li', at: at('09:05') }))).toMatchObject({ code: 'invalid_input', path: ['at'] });
    // A completion cannot precede the entries it completes.
    expect(await caught(st.counts.completeLocation(session.id, KEY.location, { actor: 'li', at: at('09:01') }))).toMatchObject({ code: 'invalid_input', path: ['at'] });
    expect(await st.counts.review(session.id)).toMatchObject({ openLocations: ['WH1/A/01', 'WH1/A/02'] });
    await st.counts.completeLocation(session.id, KEY.location, { actor: 'li', at: at('09:02') });
  });

  it('the skew is an engine option', async () => {
    const { st, clock } = await stocked('10', { clockSkewMs: 0 });
    const session = await st.counts.open({ scope: { locations: ['WH1/A'] }, actor: 'zhao' });
    clock.set(at('09:00'));
    expect(await caught(st.counts.record(session.id, { entryId: 'e1', ...KEY, qty: '1', counter: 'li', countedAt: '2026-03-02T09:00:00.001Z' }))).toMatchObject({ code: 'invalid_input' });
    expect((await st.counts.record(session.id, { entryId: 'e1', ...KEY, qty: '1', counter: 'li', countedAt: at('09:00') })).result).toBe('created');
  });
});

describe('rule 4: the scope is fixed when the session opens', () => {
  it('reclassifying an item mid-count keeps its line; an item classified into the scope later stays out', async () => {
    const { st, clock } = await stocked('10');
    await st.ledger.post({ id: 'rcv-b', kind: 'receipt', occurredAt: at('07:00'), actor: 'dock', lines: [{ sku: 'B-200', to: KEY.location, qty: '3' }] });
    const session = await st.counts.open({ scope: { abcClasses: ['A'] }, actor: 'zhao', counters: ['li'] });
    expect(session.scope).toMatchObject({ abcClasses: ['A'], items: ['A-100'], locations: [KEY.location] });
    await st.catalog.defineItem({ sku: 'A-100', name: 'Hex bolt M8', baseUom: 'ea', packs: [{ uom: 'case', factor: '12', gtin: '09506000134376' }], unitCost: '2.50', abcClass: 'C' });
    await st.catalog.defineItem({ sku: 'B-200', name: 'Cable', baseUom: 'm', unitCost: '0.80', abcClass: 'A' });
    clock.set(at('09:00'));
    expect(await caught(st.counts.record(session.id, { entryId: 'b', sku: 'B-200', location: KEY.location, qty: '3', countedAt: at('09:00'), counter: 'li' }))).toMatchObject({ code: 'out_of_scope' });
    await st.counts.record(session.id, { entryId: 'a', ...KEY, qty: '9', countedAt: at('09:00'), counter: 'li' });
    await st.counts.completeLocation(session.id, KEY.location, { actor: 'li', at: at('09:00') });
    const review = await st.counts.review(session.id);
    expect(review.lines.map((line) => [line.sku, line.counted])).toEqual([['A-100', '9']]);
  });

  it('a receipt of a new sku into a counted location during the session is a line', async () => {
    const { st, clock } = await stocked('10');
    const session = await st.counts.open({ scope: { locations: ['WH1/A'] }, actor: 'zhao', counters: ['li'] });
    clock.set(at('08:30'));
    await st.ledger.post({ id: 'rcv-b', kind: 'receipt', occurredAt: at('08:30'), actor: 'dock', lines: [{ sku: 'B-200', to: 'WH1/A/02', qty: '4' }] });
    clock.set(at('09:00'));
    await completeZoneA(st, session.id, 'li', '09:00');
    const line = lineOf(await st.counts.review(session.id), { sku: 'B-200', location: 'WH1/A/02' });
    expect(line).toMatchObject({ bookAtOpen: '0', expected: '4', counted: '0', variance: '-4' });
  });
});

describe('rule 5: windows are closed at both ends', () => {
  for (const [name, minute, ambiguous] of [
    ['exactly at a single entry', '09:00', true],
    ['a millisecond before it', '08:59:59.999', false],
  ] as const) {
    it(`a movement dated ${name}: ${ambiguous ? 'ambiguous' : 'part of the expected quantity'}`, async () => {
      const { st, clock } = await stocked('10');
      const session = await st.counts.open({ scope: { locations: ['WH1/A'] }, actor: 'zhao', counters: ['li', 'wang'] });
      clock.set(at('09:00'));
      await st.counts.record(session.id, { entryId: 'e1', ...KEY, qty: '7', countedAt: at('09:00'), counter: 'li' });
      const occurredAt = minute.length > 5 ? `2026-03-02T${minute}Z` : at(minute);
      await st.ledger.post({ id: 'pick', kind: 'issue', occurredAt, actor: 'picker', lines: [{ sku: 'A-100', from: KEY.location, qty: '3' }] });
      await completeZoneA(st, session.id, 'li', '09:00');
      const line = lineOf(await st.counts.review(session.id));
      if (ambiguous) expect(line).toMatchObject({ status: 'ambiguous', expected: '10', rounds: [expect.objectContaining({ unusable: 'movement_in_window', movementsInWindow: ['pick'] })] });
      else expect(line).toMatchObject({ status: 'match', expected: '7', expectedChanges: [expect.objectContaining({ movementId: 'pick' })] });
    });
  }

  it('several entries: a movement at the first or the last entry makes the round unusable', async () => {
    for (const edge of ['09:00', '09:10']) {
      const { st, clock } = await stocked('10');
      const session = await st.counts.open({ scope: { locations: ['WH1/A'] }, actor: 'zhao', counters: ['li', 'wang'] });
      clock.set(at('09:10'));
      await st.counts.record(session.id, { entryId: 'e1', ...KEY, qty: '4', countedAt: at('09:00'), counter: 'li' });
      await st.counts.record(session.id, { entryId: 'e2', ...KEY, qty: '6', countedAt: at('09:10'), counter: 'li' });
      await st.ledger.post({ id: 'rcv', kind: 'receipt', occurredAt: at(edge), actor: 'dock', lines: [{ sku: 'A-100', to: KEY.location, qty: '2' }] });
      await completeZoneA(st, session.id, 'li', '09:10');
      expect(lineOf(await st.counts.review(session.id))).toMatchObject({ status: 'ambiguous', window: { from: at('09:00'), to: at('09:10') } });
    }
  });
});

describe('rule 10: a key belongs to at most one open session', () => {
  it('a scope overlapping an open session by subtree, key or item is refused, naming the session; disjoint ones open', async () => {
    const { st, clock } = await stocked('10');
    await st.ledger.post({ id: 'rcv-b', kind: 'receipt', occurredAt: at('07:00'), actor: 'dock', lines: [{ sku: 'B-200', to: KEY.location, qty: '3' }] });
    const zone = await st.counts.open({ scope: { skus: ['A-100'] }, actor: 'zhao' });
    for (const scope of [{ locations: ['WH1/A'] }, { locations: ['WH1'] }, { keys: [KEY] }, { locations: ['WH1/A/01'], abcClasses: ['A' as const] }]) {
      expect(await caught(st.counts.open({ scope, actor: 'zhao' }))).toMatchObject({
        code: 'overlapping_session',
        path: ['scope'],
        details: { sessions: [{ sessionId: zone.id, locations: [KEY.location] }] },
      });
    }
    // Another item in the same bin, or another bin, is another key.
    const cable = await st.counts.open({ scope: { skus: ['B-200'] }, actor: 'zhao' });
    const other = await st.counts.open({ scope: { locations: ['WH1/B'] }, actor: 'zhao' });
    expect([cable.state, other.state]).toEqual(['counting', 'counting']);
    // A draft holds no keys until it starts; starting it is refused while the keys are taken.
    const draft = await st.counts.open({ scope: { locations: ['WH1/A'] }, actor: 'zhao', draft: true });
    expect(await caught(st.counts.start(draft.id, { actor: 'zhao' }))).toMatchObject({ code: 'overlapping_session' });
    await st.counts.cancel(zone.id, { actor: 'zhao', reason: 'replanned' });
    await st.counts.cancel(cable.id, { actor: 'zhao', reason: 'replanned' });
    clock.set(at('08:30'));
    expect((await st.counts.start(draft.id, { actor: 'zhao' })).state).toBe('counting');
  });

  it('once a session is posted its keys are free again, and the next session posts after it', async () => {
    const { st, clock } = await stocked('10');
    const first = await st.counts.open({ scope: { keys: [KEY] }, actor: 'zhao', counters: ['li'], tolerance: { qty: '5' } });
    clock.set(at('09:00'));
    await st.counts.record(first.id, { entryId: 'e1', ...KEY, qty: '9', countedAt: at('09:00'), counter: 'li' });
    await st.counts.completeLocation(first.id, KEY.location, { actor: 'li', at: at('09:00') });
    await st.counts.review(first.id);
    expect(await caught(st.counts.open({ scope: { locations: ['WH1/A'] }, actor: 'zhao' }))).toMatchObject({ code: 'overlapping_session' });
    await st.counts.approve(first.id, { actor: 'zhao' });
    expect(await caught(st.counts.open({ scope: { locations: ['WH1/A'] }, actor: 'zhao' }))).toMatchObject({ code: 'overlapping_session' });
    await st.counts.post(first.id, { actor: 'zhao' });
    clock.set(at('10:00'));
    const second = await st.counts.open({ scope: { locations: ['WH1/A'] }, actor: 'zhao', counters: ['wang'], tolerance: { qty: '5' } });
    clock.set(at('10:10'));
    await st.counts.record(second.id, { entryId: 'e1', ...KEY, qty: '8', countedAt: at('10:10'), counter: 'wang' });
    await completeZoneA(st, second.id, 'wang', '10:10');
    await st.counts.review(second.id);
    await st.counts.approve(second.id, { actor: 'zhao' });
    expect((await st.counts.post(second.id, { actor: 'zhao' })).movements).toHaveLength(1);
    expect(await st.ledger.onHand(KEY)).toBe('8');
  });
});

describe('rule 11: recounts never strand a location', () => {
  it('a recount requested while locations of the round are open is refused until they are complete or excluded', async () => {
    const { st, clock } = await stocked('10');
    const session = await st.counts.open({ scope: { locations: ['WH1/A'] }, actor: 'zhao', counters: ['li', 'wang'], recount: 'manual' });
    clock.set(at('09:00'));
    await st.counts.record(session.id, { entryId: 'e1', ...KEY, qty: '7', countedAt: at('09:00'), counter: 'li' });
    await st.counts.completeLocation(session.id, KEY.location, { actor: 'li', at: at('09:00') });
    const before = await st.counts.get(session.id);
    expect(await caught(st.counts.requestRecount(session.id, { keys: [KEY], actor: 'zhao' }))).toMatchObject({
      code: 'incomplete_locations',
      details: { locations: ['WH1/A/02'] },
    });
    expect(await st.counts.get(session.id)).toEqual(before);
    await st.counts.completeLocation(session.id, 'WH1/A/02', { actor: 'li', at: at('09:01') });
    expect(await st.counts.requestRecount(session.id, { keys: [KEY], actor: 'zhao' })).toHaveLength(1);
  });
});

describe('rule 12: zone nodes complete with their children', () => {
  it('locations WH1, WH1/A, WH1/A/01 defined, scope WH1/A, only WH1/A/01 completed: the session can be approved', async () => {
    const { st, clock } = await smallWarehouse();
    for (const id of ['WH1', 'WH1/A']) await st.catalog.defineLocation({ id });
    clock.set(at('07:00'));
    await st.ledger.post({ id: 'rcv', kind: 'receipt', occurredAt: at('07:00'), actor: 'dock', lines: [{ sku: 'A-100', to: KEY.location, qty: '5' }] });
    const session = await st.counts.open({ scope: { locations: ['WH1/A'] }, actor: 'zhao', counters: ['li'] });
    expect(session.scope.locations).toEqual(['WH1/A', 'WH1/A/01', 'WH1/A/02']);
    clock.set(at('09:00'));
    await st.counts.record(session.id, { entryId: 'e1', ...KEY, qty: '5', countedAt: at('09:00'), counter: 'li' });
    await st.counts.completeLocation(session.id, KEY.location, { actor: 'li', at: at('09:00') });
    expect((await st.counts.review(session.id)).openLocations).toEqual(['WH1/A/02']);
    await st.counts.completeLocation(session.id, 'WH1/A/02', { actor: 'li', at: at('09:01') });
    const review = await st.counts.review(session.id);
    expect(review).toMatchObject({ openLocations: [], state: 'reviewing' });
    expect((await st.counts.approve(session.id, { actor: 'zhao' })).state).toBe('approved');
  });

  it('a zone node that holds stock is counted like any location', async () => {
    const { st, clock } = await smallWarehouse();
    await st.catalog.defineLocation({ id: 'WH1/A' });
    clock.set(at('07:00'));
    await st.ledger.post({ id: 'rcv', kind: 'receipt', occurredAt: at('07:00'), actor: 'dock', lines: [{ sku: 'A-100', to: 'WH1/A', qty: '5' }] });
    const session = await st.counts.open({ scope: { locations: ['WH1/A'] }, actor: 'zhao', counters: ['li'] });
    clock.set(at('09:00'));
    await completeZoneA(st, session.id, 'li', '09:00');
    expect((await st.counts.review(session.id)).openLocations).toEqual(['WH1/A']);
  });
});

/** Counts zone A (A-100 in bin 01 as given, nothing else) at 09:00 and posts it. */
async function postedZoneA(st: Stocktake, clock: { set(at: string): void }, qty: string) {
  const session = await st.counts.open({ scope: { locations: ['WH1/A'] }, actor: 'zhao', counters: ['li'], tolerance: { qty: '1000' } });
  clock.set(at('09:00'));
  await st.counts.record(session.id, { entryId: 'e1', ...KEY, qty, countedAt: at('09:00'), counter: 'li' });
  await completeZoneA(st, session.id, 'li', '09:00');
  await st.counts.review(session.id);
  await st.counts.approve(session.id, { actor: 'zhao' });
  await st.counts.post(session.id, { actor: 'zhao' });
  clock.set(at('12:00'));
  return session;
}

describe('rule 6: late paperwork into counted locations', () => {
  it('a completed location asserted zero for every key not counted there: a back-dated receipt of a new item, lot or serial is refused', async () => {
    const { st, clock } = await stocked('10');
    await postedZoneA(st, clock, '10');
    const late = (id: string, line: Record<string, string>) => st.ledger.post({ id, kind: 'receipt', occurredAt: at('08:30'), actor: 'dock', lines: [{ to: 'WH1/A/02', qty: '1', ...line } as never] });
    expect((await late('new-item', { sku: 'B-200' })).result).toBe('backdated');
    expect((await late('new-lot', { sku: 'L-300', lot: 'L9' })).result).toBe('backdated');
    expect((await late('new-serial', { sku: 'S-400', serial: 'SN-1' })).result).toBe('backdated');
    // Dated at the completion itself: the count asserted it was not there.
    expect((await st.ledger.post({ id: 'at-count', kind: 'receipt', occurredAt: at('09:00'), actor: 'dock', lines: [{ sku: 'B-200', to: 'WH1/A/02', qty: '1' }] })).result).toBe('backdated');
    // After the count, or in a location the session did not count, nothing is crossed.
    expect((await st.ledger.post({ id: 'after', kind: 'receipt', occurredAt: at('09:01'), actor: 'dock', lines: [{ sku: 'B-200', to: 'WH1/A/02', qty: '1' }] })).result).toBe('created');
    expect((await st.ledger.post({ id: 'elsewhere', kind: 'receipt', occurredAt: at('08:30'), actor: 'dock', lines: [{ sku: 'B-200', to: 'WH1/B/01', qty: '1' }] })).result).toBe('created');
  });

  it('under the flag policy the late receipt is accepted and raised as an exception, never absorbed without a trace', async () => {
    const { st, clock } = await stocked('10', { policies: { backdated: 'flag' } });
    const session = await postedZoneA(st, clock, '10');
    const result = await st.ledger.post({ id: 'late', kind: 'receipt', occurredAt: at('08:30'), actor: 'dock', lines: [{ sku: 'B-200', to: 'WH1/A/02', qty: '2' }] });
    expect(result.result).toBe('created');
    expect(await st.counts.exceptions({ status: 'open' })).toEqual([
      expect.objectContaining({ movementId: 'late', sessionIds: [session.id], keys: [{ sku: 'B-200', location: 'WH1/A/02' }] }),
    ]);
  });

  it('a session scoped to items asserts zero only for its items', async () => {
    const { st, clock } = await stocked('10');
    const session = await st.counts.open({ scope: { locations: ['WH1/A/01'], skus: ['A-100'] }, actor: 'zhao', counters: ['li'], tolerance: { qty: '1000' } });
    clock.set(at('09:00'));
    await st.counts.completeLocation(session.id, KEY.location, { actor: 'li', at: at('09:00') });
    await st.counts.review(session.id);
    await st.counts.decide(session.id, { key: KEY, qty: '10', actor: 'zhao', at: at('09:00') });
    await st.counts.approve(session.id, { actor: 'sun' });
    await st.counts.post(session.id, { actor: 'sun' });
    clock.set(at('12:00'));
    const other = await st.ledger.post({ id: 'other', kind: 'receipt', occurredAt: at('08:30'), actor: 'dock', lines: [{ sku: 'B-200', to: KEY.location, qty: '1' }] });
    expect(other.result).toBe('created');
    const same = await st.ledger.post({ id: 'same', kind: 'receipt', occurredAt: at('08:30'), actor: 'dock', lines: [{ sku: 'A-100', to: KEY.location, qty: '1', lot: undefined } as never] });
    expect(same.result).toBe('backdated');
  });
});

describe('rule 7: a posted session is a document', () => {
  it('its review and report stay what was posted; flagged later movements are listed after posting', async () => {
    const { st, clock } = await stocked('10', { policies: { backdated: 'flag' } });
    const session = await postedZoneA(st, clock, '8');
    const posted = await st.counts.review(session.id);
    const before = await st.counts.report(session.id, { format: 'json' });
    await st.ledger.post({ id: 'late', kind: 'issue', occurredAt: at('08:30'), actor: 'picker', lines: [{ sku: 'A-100', from: KEY.location, qty: '2' }] });
    await st.ledger.post({ id: 'later', kind: 'issue', occurredAt: at('11:00'), actor: 'picker', lines: [{ sku: 'A-100', from: KEY.location, qty: '1' }] });
    const after = await st.counts.review(session.id);
    expect(after.lines).toEqual(posted.lines);
    expect(lineOf(after)).toMatchObject({ expected: '10', counted: '8', variance: '-2', attribution: expect.objectContaining({}) });
    const report = JSON.parse(await st.counts.report(session.id, { format: 'json' })) as { lines: unknown; afterPosting: unknown[] };
    expect(report.lines).toEqual((JSON.parse(before) as { lines: unknown }).lines);
    expect(report.afterPosting).toEqual([expect.objectContaining({ movementId: 'late', occurredAt: at('08:30'), status: 'open', keys: [KEY] })]);
    expect(await st.counts.report(session.id, { format: 'markdown' })).toContain('## After posting');
  });
});

describe('rule 8: no negative stock in the past either', () => {
  it('a receipt of 10 at 11:00, then an issue of 5 dated 10:00 is refused', async () => {
    const { st, clock } = await smallWarehouse();
    clock.set(at('12:00'));
    await st.ledger.post({ id: 'rcv', kind: 'receipt', occurredAt: at('11:00'), actor: 'dock', lines: [{ sku: 'A-100', to: KEY.location, qty: '10' }] });
    const early = await st.ledger.post({ id: 'early', kind: 'issue', occurredAt: at('10:00'), actor: 'picker', lines: [{ sku: 'A-100', from: KEY.location, qty: '5' }] });
    expect(early).toMatchObject({ result: 'insufficient_stock', lineIndex: 0, details: { available: '10', lowest: '0', at: at('10:00') } });
    expect(await st.ledger.onHand(KEY, { asOf: at('10:30') })).toBe('0');
  });

  it('a back-dated issue that later movements would overdraw is refused, one that fits every later moment is accepted', async () => {
    const { st, clock } = await smallWarehouse();
    clock.set(at('12:00'));
    await st.ledger.post({ id: 'rcv', kind: 'receipt', occurredAt: at('08:00'), actor: 'dock', lines: [{ sku: 'A-100', to: KEY.location, qty: '10' }] });
    await st.ledger.post({ id: 'pick', kind: 'issue', occurredAt: at('11:00'), actor: 'picker', lines: [{ sku: 'A-100', from: KEY.location, qty: '8' }] });
    const tooMuch = await st.ledger.post({ id: 'back-3', kind: 'issue', occurredAt: at('09:00'), actor: 'picker', lines: [{ sku: 'A-100', from: KEY.location, qty: '3' }] });
    expect(tooMuch).toMatchObject({ result: 'insufficient_stock', details: { lowest: '2', at: at('11:00') } });
    expect(tooMuch.message).toContain('11:00');
    const fits = await st.ledger.post({ id: 'back-2', kind: 'issue', occurredAt: at('09:00'), actor: 'picker', lines: [{ sku: 'A-100', from: KEY.location, qty: '2' }] });
    expect(fits.result).toBe('created');
    expect(await st.ledger.onHand(KEY)).toBe('0');
    // In one batch: a later movement of the batch counts as history for an earlier-dated one.
    const batch = await st.ledger.postMany([
      { id: 'b-rcv', kind: 'receipt', occurredAt: at('11:30'), actor: 'dock', lines: [{ sku: 'A-100', to: KEY.location, qty: '4' }] },
      { id: 'b-issue', kind: 'issue', occurredAt: at('11:45'), actor: 'picker', lines: [{ sku: 'A-100', from: KEY.location, qty: '4' }] },
      { id: 'b-back', kind: 'issue', occurredAt: at('11:40'), actor: 'picker', lines: [{ sku: 'A-100', from: KEY.location, qty: '1' }] },
    ]);
    expect(batch.map((result) => result.result)).toEqual(['created', 'created', 'insufficient_stock']);
  });

  it('an item that allows negative stock accepts it', async () => {
    const { st, clock } = await smallWarehouse();
    await st.catalog.defineItem({ sku: 'N-1', baseUom: 'ea', allowNegative: true });
    clock.set(at('12:00'));
    await st.ledger.post({ id: 'rcv', kind: 'receipt', occurredAt: at('11:00'), actor: 'dock', lines: [{ sku: 'N-1', to: KEY.location, qty: '10' }] });
    expect((await st.ledger.post({ id: 'early', kind: 'issue', occurredAt: at('10:00'), actor: 'picker', lines: [{ sku: 'N-1', from: KEY.location, qty: '5' }] })).result).toBe('created');
  });
});

describe('rule 9: a serial is in stock at one place at a time', () => {
  const serial = { sku: 'S-400', serial: 'SN-1' };
  it('a receipt or transfer that would put a serial in two places is refused serial_elsewhere', async () => {
    const { st, clock } = await smallWarehouse();
    clock.set(at('12:00'));
    await st.ledger.post({ id: 'rcv', kind: 'receipt', occurredAt: at('08:00'), actor: 'dock', lines: [{ ...serial, to: 'WH1/A/01', qty: '1' }] });
    expect((await st.ledger.post({ id: 'twice', kind: 'receipt', occurredAt: at('09:00'), actor: 'dock', lines: [{ ...serial, to: 'WH1/A/02', qty: '1' }] }))).toMatchObject({
      result: 'serial_elsewhere',
      details: { key: { ...serial, location: 'WH1/A/02' } },
    });
    expect((await st.ledger.post({ id: 'same', kind: 'receipt', occurredAt: at('09:00'), actor: 'dock', lines: [{ ...serial, to: 'WH1/A/01', qty: '1' }] })).result).toBe('serial_in_stock');
    // A transfer moves it: one place at every moment.
    expect((await st.ledger.post({ id: 'move', kind: 'transfer', occurredAt: at('10:00'), actor: 'li', lines: [{ ...serial, from: 'WH1/A/01', to: 'WH1/B/01', qty: '1' }] })).result).toBe('created');
    // Issued at 11:00, it may be received again after, but not before.
    await st.ledger.post({ id: 'ship', kind: 'issue', occurredAt: at('11:00'), actor: 'li', lines: [{ ...serial, from: 'WH1/B/01', qty: '1' }] });
    expect((await st.ledger.post({ id: 'return-early', kind: 'receipt', occurredAt: at('10:30'), actor: 'dock', lines: [{ ...serial, to: 'WH1/A/02', qty: '1' }] })).result).toBe('serial_elsewhere');
    expect((await st.ledger.post({ id: 'return', kind: 'receipt', occurredAt: at('11:30'), actor: 'dock', lines: [{ ...serial, to: 'WH1/A/02', qty: '1' }] })).result).toBe('created');
    const held = (await st.ledger.balances({ sku: 'S-400' })).map((balance) => [balance.key.location, balance.qty]);
    expect(held).toEqual([['WH1/A/02', '1']]);
  });

  it('in one batch, the second receipt of a serial is refused', async () => {
    const { st, clock } = await smallWarehouse();
    clock.set(at('12:00'));
    const results = await st.ledger.postMany([
      { id: 'r1', kind: 'receipt', occurredAt: at('08:00'), actor: 'dock', lines: [{ ...serial, to: 'WH1/A/01', qty: '1' }] },
      { id: 'r2', kind: 'receipt', occurredAt: at('07:00'), actor: 'dock', lines: [{ ...serial, to: 'WH1/A/02', qty: '1' }] },
    ]);
    expect(results.map((result) => result.result)).toEqual(['created', 'serial_elsewhere']);
  });
});

describe('rule 9 in counts: serials counted once, found where they are', () => {
  const drill = { sku: 'S-400', serial: 'SN-7' };
  it('the same serial counted twice in a round, from two handhelds or two bins, is flagged and does not count twice', async () => {
    const { st, clock } = await smallWarehouse();
    clock.set(at('07:00'));
    await st.ledger.post({ id: 'rcv', kind: 'receipt', occurredAt: at('07:00'), actor: 'dock', lines: [{ ...drill, to: 'WH1/A/01', qty: '1' }] });
    const session = await st.counts.open({ scope: { locations: ['WH1/A'] }, actor: 'zhao', counters: [] });
    clock.set(at('09:00'));
    const first = await st.counts.record(session.id, { entryId: 'hh1-1', ...drill, location: 'WH1/A/01', qty: '1', countedAt: at('09:00'), counter: 'li', device: 'hh1' });
    const again = await st.counts.record(session.id, { entryId: 'hh2-1', ...drill, location: 'WH1/A/01', qty: '1', countedAt: at('09:01'), counter: 'li', device: 'hh2' });
    const elsewhere = await st.counts.record(session.id, { entryId: 'hh2-2', ...drill, location: 'WH1/A/02', qty: '1', countedAt: at('09:02'), counter: 'li', device: 'hh2' });
    expect([first.entry?.flags, again.entry?.flags, elsewhere.entry?.flags]).toEqual([[], ['duplicate_serial'], ['duplicate_serial']]);
    expect(await caught(st.counts.record(session.id, { entryId: 'hh2-3', ...drill, location: 'WH1/A/01', qty: '2', countedAt: at('09:02'), counter: 'li' }))).toMatchObject({ code: 'invalid_quantity', path: ['qty'] });
    await completeZoneA(st, session.id, 'li', '09:02');
    const review = await st.counts.review(session.id);
    expect(review.conflicts.map((entry) => entry.entryId)).toEqual(['hh2-1', 'hh2-2']);
    expect(lineOf(review, { sku: 'S-400', location: 'WH1/A/01' })).toMatchObject({ counted: '1', variance: '0' });
  });

  it('a serial found in one bin and missed in the other posts as a move: the loss is dated no later than the find', async () => {
    const { st, clock } = await smallWarehouse();
    clock.set(at('07:00'));
    await st.ledger.post({ id: 'rcv', kind: 'receipt', occurredAt: at('07:00'), actor: 'dock', lines: [{ ...drill, to: 'WH1/A/01', qty: '1' }] });
    const session = await st.counts.open({ scope: { locations: ['WH1/A'] }, actor: 'zhao', counters: ['li'], tolerance: { qty: '1' } });
    clock.set(at('10:00'));
    await st.counts.record(session.id, { entryId: 'e1', ...drill, location: 'WH1/A/02', qty: '1', countedAt: at('09:30'), counter: 'li' });
    await st.counts.completeLocation(session.id, 'WH1/A/02', { actor: 'li', at: at('09:30') });
    await st.counts.completeLocation(session.id, 'WH1/A/01', { actor: 'li', at: at('10:00') });
    await st.counts.review(session.id);
    await st.counts.approve(session.id, { actor: 'zhao' });
    const posted = await st.counts.post(session.id, { actor: 'zhao' });
    expect(posted.movements.map((m) => [m.lines[0]!.from ?? m.lines[0]!.to, m.occurredAt])).toEqual([
      ['WH1/A/01', at('09:30')],
      ['WH1/A/02', at('09:30')],
    ]);
    expect((await st.ledger.balances({ sku: 'S-400' })).map((b) => b.key.location)).toEqual(['WH1/A/02']);
    expect(await st.ledger.onHand({ sku: 'S-400', location: 'WH1/A/01' }, { asOf: at('10:00') })).toBe('0');
  });
});

describe('rule 13: exact quantities', () => {
  it('a quantity times a pack factor is exact at the largest accepted digits, and beyond them input is invalid', async () => {
    const { st } = await smallWarehouse({ units: { fine: 12 } });
    await st.catalog.defineItem({ sku: 'BIG', baseUom: 'fine', packs: [{ uom: 'lot', factor: '999999999999.999999999999' }] });
    await st.catalog.defineLocation({ id: 'WH9' });
    // 18 + 3 digits times 12 + 12: 15 fractional digits, finer than the unit allows: refused, not rounded.
    const fine = await st.ledger.post({ id: 'big-1', kind: 'receipt', actor: 'dock', lines: [{ sku: 'BIG', to: 'WH9', qty: '999999999999999999.999', uom: 'lot' }] });
    expect(fine.result).toBe('invalid_quantity');
    // 18 digits times 12 + 12: 54 significant digits, every one kept.
    const exact = await st.ledger.post({ id: 'big-2', kind: 'receipt', actor: 'dock', lines: [{ sku: 'BIG', to: 'WH9', qty: '999999999999999999', uom: 'lot' }] });
    expect(exact.result).toBe('created');
    const product = (999999999999999999n * 999999999999999999999999n).toString();
    expect(exact.movement!.lines[0]!.qty).toBe(`${product.slice(0, -12)}.${product.slice(-12)}`);
    expect(await st.ledger.onHand({ sku: 'BIG', location: 'WH9' })).toBe(`${product.slice(0, -12)}.${product.slice(-12)}`);
    for (const bad of ['1000000000000000000', '0.0000000000001']) {
      const error = await st.ledger.post({ id: 'x', kind: 'receipt', actor: 'dock', lines: [{ sku: 'BIG', to: 'WH9', qty: bad }] }).then(() => undefined, (e: unknown) => e);
      expect(isStocktakeError(error) && [error.code, error.path.join('.')]).toEqual(['invalid_input', 'lines.0.qty']);
    }
    const factor = await st.catalog.defineItem({ sku: 'BIG3', baseUom: 'ea', packs: [{ uom: 'x', factor: '1000000000000' }] }).then(() => undefined, (e: unknown) => e);
    expect(isStocktakeError(factor) && factor.code).toBe('invalid_input');
  });
});

describe('rule 14: smaller ones', () => {
  it('excluding a completed location is refused, and so is completing an excluded one', async () => {
    const { st, clock } = await stocked('10');
    const session = await st.counts.open({ scope: { locations: ['WH1/A'] }, actor: 'zhao', counters: ['li'] });
    clock.set(at('09:00'));
    await st.counts.completeLocation(session.id, 'WH1/A/01', { actor: 'li' });
    expect(await caught(st.counts.excludeLocation(session.id, 'WH1/A/01', { actor: 'zhao', reason: 'blocked' }))).toMatchObject({ code: 'invalid_state', path: ['location'] });
    await st.counts.excludeLocation(session.id, 'WH1/A/02', { actor: 'zhao', reason: 'blocked' });
    expect(await caught(st.counts.completeLocation(session.id, 'WH1/A/02', { actor: 'li' }))).toMatchObject({ code: 'invalid_state' });
    // A retry of the same mark gets the mark.
    expect(await st.counts.completeLocation(session.id, 'WH1/A/01', { actor: 'li' })).toMatchObject({ status: 'complete' });
  });

  it('re-recording a voided entry id answers that it is voided', async () => {
    const { st, clock } = await stocked('10');
    const session = await st.counts.open({ scope: { locations: ['WH1/A'] }, actor: 'zhao', counters: ['li'] });
    clock.set(at('09:00'));
    const entry = { entryId: 'e1', ...KEY, qty: '10', countedAt: at('09:00'), counter: 'li' };
    await st.counts.record(session.id, entry);
    await st.counts.voidEntry(session.id, { entryId: 'v1', target: 'e1', reason: 'wrong bin', actor: 'li' });
    expect(await st.counts.record(session.id, entry)).toMatchObject({ result: 'voided', voidedBy: 'v1', entry: expect.objectContaining({ entryId: 'e1' }) });
    expect(await st.counts.entries(session.id)).toHaveLength(2);
  });

  it('"5" and "5.0" are the same payload for idempotency', async () => {
    const { st, clock } = await stocked('10');
    const movement = { id: 'rcv-5', kind: 'receipt' as const, actor: 'dock', occurredAt: at('07:30'), lines: [{ sku: 'A-100', to: KEY.location, qty: '5' }] };
    expect((await st.ledger.post(movement)).result).toBe('created');
    expect((await st.ledger.post({ ...movement, lines: [{ ...movement.lines[0]!, qty: '5.0' }] })).result).toBe('exists');
    expect((await st.ledger.post({ ...movement, lines: [{ ...movement.lines[0]!, qty: '5.000' }] })).result).toBe('exists');
    expect((await st.ledger.post({ ...movement, lines: [{ ...movement.lines[0]!, qty: '5.1' }] })).result).toBe('exists_with_different_payload');
    const session = await st.counts.open({ scope: { locations: ['WH1/A'] }, actor: 'zhao', counters: ['li'] });
    clock.set(at('09:00'));
    const entry = { entryId: 'e1', ...KEY, qty: '15', countedAt: at('09:00'), counter: 'li' };
    await st.counts.record(session.id, entry);
    expect((await st.counts.record(session.id, { ...entry, qty: '15.00' })).result).toBe('exists');
    expect((await st.counts.record(session.id, { ...entry, qty: '15.5' })).result).toBe('exists_with_different_payload');
  });
});
