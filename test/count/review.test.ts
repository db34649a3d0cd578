/**
 * The pure review (`computeReviewLines`, `summarize`) on hand-built data: which keys become lines,
 * their walking order, each round's window and expected quantity, what makes a round unusable,
 * recount rounds, decisions and their supersession, pending lines, values and the summary.
 * The engine-level scenarios (test/count/scenarios.test.ts, review-line.test.ts) reach the same
 * code through the commands; here every input is chosen to pin one rule.
 */
import { describe, expect, it } from 'vitest';
import type { Item, Location } from '../../src/catalog/types.js';
import { stockKeyId as idOf, type StockKey } from '../../src/ledger/key.js';
import type { Balance, Posting } from '../../src/ledger/types.js';
import type { ToleranceLine } from '../../src/policy/tolerance.js';
import { computeReviewLines, summarize, type ReviewData } from '../../src/count/review.js';
import type { ReviewLine } from '../../src/count/review-types.js';
import type { CountDecision, CountEntry, CountSession, FreezeOverride, LocationMark, SnapshotLine } from '../../src/count/types.js';
import { ITEM, T0, at, entry as entryFixture, session as sessionFixture } from '../../src/testing/conformance/fixtures.js';

const A: Item = { ...ITEM, sku: 'A', unitCost: '2' };
const B: Item = { ...ITEM, sku: 'B', unitCost: '0.5' };
const BIN1 = 'WH1/A/01';
const BIN2 = 'WH1/A/02';

const key = (sku: string, location: string, extra: Partial<StockKey> = {}): StockKey => ({ sku, location, ...extra });

let seq = 0;
function count(entryId: string, k: StockKey, qty: string, minutes: number, counter = 'li', extra: Partial<CountEntry> = {}): CountEntry {
  return { ...entryFixture('cs', entryId, { key: k, qty, countedAt: at(minutes), counter, ...extra }), seq: ++seq };
}

function posting(movementId: string, k: StockKey, delta: string, occurred: number, recorded = occurred, actor = 'dock'): Posting {
  return { movementId, seq: ++seq, lineIndex: 0, key: k, delta, occurredAt: at(occurred), recordedAt: at(recorded), kind: 'adjustment', actor };
}

const balance = (k: StockKey, qty: string): Balance => ({ key: k, qty, version: 1, lastOccurredAt: T0 });
const snap = (k: StockKey, qty: string): SnapshotLine => ({ key: k, qty });
const mark = (location: string, minutes: number, actor = 'li', extra: Partial<LocationMark> = {}): LocationMark => ({
  sessionId: 'cs',
  location,
  round: 1,
  status: 'complete',
  at: at(minutes),
  actor,
  ...extra,
});

interface Setup {
  session?: Partial<CountSession>;
  snapshot?: SnapshotLine[];
  entries?: CountEntry[];
  marks?: LocationMark[];
  balances?: Balance[];
  postings?: Posting[];
  locations?: string[];
  inScope?: (k: StockKey) => boolean;
  unitCostAt?: ReviewData['unitCostAt'];
  withinTolerance?: (line: ToleranceLine) => boolean;
}

function review(setup: Setup): { lines: ReviewLine[]; openLocations: string[] } {
  const data: ReviewData = {
    session: sessionFixture('cs', { counters: ['li', 'wang', 'chen', 'zhao'], openedAt: T0, ...setup.session }),
    snapshot: setup.snapshot ?? [],
    entries: setup.entries ?? [],
    marks: setup.marks ?? [],
    locations: setup.locations ?? [BIN1, BIN2],
    items: new Map([
      ['A', A],
      ['B', B],
    ]),
    locationInfo: new Map<string, Location>(),
    balances: setup.balances ?? [],
    postings: setup.postings ?? [],
    inScope: setup.inScope ?? (() => true),
    ...(setup.unitCostAt ? { unitCostAt: setup.unitCostAt } : {}),
    withinTolerance: setup.withinTolerance ?? (() => false),
  };
  return computeReviewLines(data);
}

const only = (lines: readonly ReviewLine[]): ReviewLine => {
  expect(lines).toHaveLength(1);
  return lines[0]!;
};

describe('which keys are lines', () => {
  it('a key with book, entries, a snapshot line or a decision is a line; one that only ever held stock is not', () => {
    const { lines } = review({
      snapshot: [snap(key('A', BIN1), '4')],
      balances: [balance(key('A', BIN1), '4'), balance(key('B', BIN1), '0'), balance(key('A', BIN2), '3')],
      entries: [count('e1', key('B', BIN2, { lot: 'L1' }), '2', 30)],
    });
    expect(lines.map((line) => [line.sku, line.location, line.lot])).toEqual([
      ['A', BIN1, undefined],
      ['A', BIN2, undefined],
      ['B', BIN2, 'L1'],
    ]);
  });

  it('a key in the snapshot whose book went to zero, and a key at zero with a decision, are lines; a serial keeps its serial', () => {
    const gone = key('A', BIN1);
    const decided = key('B', BIN2);
    const serial = key('A', BIN2, { serial: 'SN-1' });
    const { lines } = review({
      snapshot: [snap(gone, '2')],
      // B's book is zero and nothing counted it: only the decision keeps it a line.
      balances: [balance(gone, '0'), balance(serial, '1'), balance(decided, '0')],
      session: { decisions: { [idOf(decided)]: [{ qty: '1', actor: 'zhao', at: at(30), round: 1 }] } },
    });
    expect(lines.map((line) => [line.sku, line.location, line.serial])).toEqual([
      ['A', BIN1, undefined],
      ['A', BIN2, 'SN-1'],
      ['B', BIN2, undefined],
    ]);
    expect(lines[0]).not.toHaveProperty('lot');
    expect(lines[0]).not.toHaveProperty('serial');
    expect(lines[2]).toMatchObject({ counted: '1', expected: '0', status: 'needs_approval' });
  });

  it('leaves out keys of unknown items, keys out of scope and keys at locations excluded in round one', () => {
    const { lines, openLocations } = review({
      balances: [balance(key('A', BIN1), '4'), balance(key('Z', BIN1), '4'), balance(key('B', BIN1), '4'), balance(key('A', BIN2), '4')],
      inScope: (k) => k.sku !== 'B',
      marks: [mark(BIN2, 10, 'zhao', { status: 'excluded' })],
    });
    expect(lines.map((line) => [line.sku, line.location])).toEqual([['A', BIN1]]);
    expect(openLocations).toEqual([BIN1]);
  });

  it('an exclusion in a later round excludes nothing', () => {
    const { lines } = review({ balances: [balance(key('A', BIN2), '4')], marks: [mark(BIN2, 10, 'zhao', { status: 'excluded', round: 2 })] });
    expect(lines.map((line) => line.location)).toEqual([BIN2]);
  });

  it('a key touched only by a freeze override is a line (counted nothing, expected its book)', () => {
    const override: FreezeOverride = { movementId: 'm-urgent', keys: [key('A', BIN1)], reason: 'urgent', actor: 'boss', at: at(5) };
    const { lines } = review({ session: { overrides: [override] }, postings: [posting('m-urgent', key('A', BIN1), '-1', 5)], balances: [balance(key('A', BIN1), '-1')] });
    expect(only(lines)).toMatchObject({ sku: 'A', status: 'pending', expected: '0', counted: '0' });
  });

  it('a key with nothing expected, nothing there and nothing counted is still a line when a movement made its count unusable', () => {
    const k = key('A', BIN1);
    const { lines } = review({
      // In at 25 and out at 35: zero before, zero now, both inside the location's window (20 to 40).
      balances: [balance(k, '0'), balance(key('B', BIN1), '1')],
      postings: [posting('in', k, '1', 25), posting('out', k, '-1', 35)],
      entries: [count('e1', key('B', BIN1), '1', 20)],
      marks: [mark(BIN1, 40)],
    });
    expect(lines.find((line) => line.sku === 'A')).toMatchObject({ counted: '0', expected: '0', rounds: [{ unusable: 'movement_in_window', movementsInWindow: ['in', 'out'] }] });
  });

  it('many keys at one location come in key id order whatever order the data lists them in', () => {
    const lots = Array.from({ length: 40 }, (_, index) => `L${String(index).padStart(2, '0')}`);
    // A fixed shuffle: every lot moved away from its sorted place.
    const shuffled = lots.map((_, index) => lots[(index * 17 + 5) % lots.length]!);
    const { lines } = review({ balances: shuffled.map((lot) => balance(key('A', BIN1, { lot }), '1')) });
    expect(lines.map((line) => line.lot)).toEqual(lots);
  });

  it('lines come in walking order: locations by path with numbers compared as numbers, then by key id', () => {
    const nine = 'WH1/A/9';
    const ten = 'WH1/A/10';
    const { lines } = review({
      locations: [ten, nine],
      balances: [balance(key('B', ten), '1'), balance(key('A', ten), '1'), balance(key('B', nine), '1'), balance(key('A', nine, { lot: 'L2' }), '1'), balance(key('A', nine, { lot: 'L1' }), '1')],
    });
    expect(lines.map((line) => [line.location, line.sku, line.lot])).toEqual([
      [nine, 'A', 'L1'],
      [nine, 'A', 'L2'],
      [nine, 'B', undefined],
      [ten, 'A', undefined],
      [ten, 'B', undefined],
    ]);
  });
});

describe('open locations', () => {
  it('a zone node holding nothing is not open; holding book, it is', () => {
    const locations = ['WH1/A', BIN1];
    const empty = review({ locations, balances: [balance(key('A', 'WH1/A'), '0')] });
    expect(empty.openLocations).toEqual([BIN1]);
    const holding = review({ locations, balances: [balance(key('A', 'WH1/A'), '2')] });
    expect(holding.openLocations).toEqual(['WH1/A', BIN1]);
    const counted = review({ locations, entries: [count('e1', key('A', 'WH1/A'), '1', 10)] });
    expect(counted.openLocations).toEqual(['WH1/A', BIN1]);
    const atOpening = review({ locations, snapshot: [snap(key('A', 'WH1/A'), '1')] });
    expect(atOpening.openLocations).toEqual(['WH1/A', BIN1]);
    // A key seen first with a zero balance, then counted: the entry makes the node occupied.
    const zeroThenCounted = review({ locations, balances: [balance(key('A', 'WH1/A'), '0')], entries: [count('e2', key('A', 'WH1/A'), '1', 10)] });
    expect(zeroThenCounted.openLocations).toEqual(['WH1/A', BIN1]);
  });

  it('a freeze override does not make a zone node occupied, whether or not its key has a (zero) balance', () => {
    const locations = ['WH1/A', BIN1];
    const override: FreezeOverride = { movementId: 'urgent', keys: [key('A', 'WH1/A')], reason: 'urgent', actor: 'boss', at: at(5) };
    expect(review({ locations, session: { overrides: [override] } }).openLocations).toEqual([BIN1]);
    expect(review({ locations, session: { overrides: [override] }, balances: [balance(key('A', 'WH1/A'), '0')] }).openLocations).toEqual([BIN1]);
  });

  it('a zone node whose only book is of a key out of scope is not open', () => {
    const { openLocations } = review({ locations: ['WH1/A', BIN1], balances: [balance(key('B', 'WH1/A'), '2')], inScope: (k) => k.sku !== 'B' });
    expect(openLocations).toEqual([BIN1]);
  });
});

describe('a round of a key', () => {
  it('counted is the sum of its entries; the window runs from the first to the last; expected is the book just before the window', () => {
    const k = key('A', BIN1);
    const { lines } = review({
      balances: [balance(k, '12')],
      // Book 10 at opening: +1 before the window, +1 after it (both count towards the balance of 12).
      postings: [posting('before', k, '1', 20), posting('after', k, '1', 60)],
      entries: [count('e2', k, '4.5', 40, 'wang'), count('e1', k, '3', 30, 'li'), count('e3', k, '2', 35, 'li')],
      marks: [mark(BIN1, 50, 'li')],
    });
    const line = only(lines);
    expect(line.rounds).toEqual([
      {
        round: 1,
        counted: '9.5',
        expected: '11',
        variance: '-1.5',
        window: { from: at(30), to: at(40) },
        counters: ['wang', 'li'],
        entryIds: ['e2', 'e1', 'e3'],
        movementsInWindow: [],
        complete: true,
      },
    ]);
    expect(line).toMatchObject({ counted: '9.5', expected: '11', variance: '-1.5', window: { from: at(30), to: at(40) }, round: 1, counters: ['wang', 'li'] });
  });

  it.each([
    ['at the first entry', 30],
    ['inside the window', 35],
    ['at the last entry', 40],
  ])('a movement dated %s makes the round unusable', (_, minutes) => {
    const k = key('A', BIN1);
    const { lines } = review({
      balances: [balance(k, '11')],
      postings: [posting('m1', k, '1', minutes), posting('m1b', k, '0.5', minutes)],
      entries: [count('e1', k, '3', 30), count('e2', k, '3', 40)],
      marks: [mark(BIN1, 50)],
    });
    const round = only(lines).rounds[0]!;
    expect(round).toMatchObject({ unusable: 'movement_in_window', movementsInWindow: ['m1', 'm1b'] });
    // Inside the window, not before it: not an expected change.
    expect(only(lines).expectedChanges).toEqual([]);
  });

  it('a movement a moment outside the window leaves it usable, and one instant of a single entry is the whole window', () => {
    const k = key('A', BIN1);
    const justBefore = new Date(Date.parse(at(30)) - 1).toISOString();
    const justAfter = new Date(Date.parse(at(30)) + 1).toISOString();
    const edge = (occurredAt: string): Posting => ({ ...posting('edge', k, '1', 0), occurredAt });
    for (const [moment, expected] of [
      [justBefore, '10'],
      [justAfter, '9'],
    ] as const) {
      const { lines } = review({ balances: [balance(k, '10')], postings: [edge(moment)], entries: [count('e1', k, '9', 30)], marks: [mark(BIN1, 45)] });
      expect(only(lines).rounds[0]).toMatchObject({ window: { from: at(30), to: at(30) }, expected, movementsInWindow: [] });
      expect(only(lines).rounds[0]!.unusable).toBeUndefined();
    }
    const { lines } = review({ balances: [balance(k, '10')], postings: [edge(at(30))], entries: [count('e1', k, '9', 30)], marks: [mark(BIN1, 45)] });
    expect(only(lines).rounds[0]).toMatchObject({ unusable: 'movement_in_window', movementsInWindow: ['edge'] });
  });

  it('a freeze override recorded at or after the window start makes the round unusable; one before it does not', () => {
    const k = key('A', BIN1);
    const override = (minutes: number): FreezeOverride => ({ movementId: 'urgent', keys: [key('A', BIN1)], reason: 'urgent', actor: 'boss', at: at(minutes) });
    const statusWith = (minutes: number) =>
      only(review({ session: { overrides: [override(minutes)] }, balances: [balance(k, '10')], entries: [count('e1', k, '10', 30)], marks: [mark(BIN1, 40)] }).lines).rounds[0]!
        .unusable;
    expect(statusWith(30)).toBe('freeze_override');
    expect(statusWith(35)).toBe('freeze_override');
    expect(statusWith(29)).toBeUndefined();
  });

  it('a key nobody counted at a complete location is counted zero by whoever completed it, over the location window', () => {
    const counted = key('B', BIN1);
    const missing = key('A', BIN1);
    const { lines } = review({
      snapshot: [snap(missing, '6')],
      balances: [balance(missing, '6'), balance(counted, '1')],
      entries: [count('e1', counted, '1', 20, 'wang'), count('e2', counted, '0', 25, 'wang')],
      marks: [mark(BIN1, 40, 'chen')],
    });
    const line = lines.find((l) => l.sku === 'A')!;
    expect(line.rounds).toEqual([
      { round: 1, counted: '0', expected: '6', variance: '-6', window: { from: at(20), to: at(40) }, counters: ['chen'], entryIds: [], movementsInWindow: [], complete: true },
    ]);
    expect(line).toMatchObject({ counters: ['chen'], asserters: ['chen'], status: 'recount' });
  });

  it('the location window starts at its earliest entry, whatever the order they were stored in, and never after the completion', () => {
    const counted = key('B', BIN1);
    const missing = key('A', BIN1);
    const windowOf = (entries: CountEntry[], completed: number) =>
      review({ balances: [balance(missing, '6')], entries, marks: [mark(BIN1, completed, 'chen')] }).lines.find((l) => l.sku === 'A')!.rounds[0]!.window;
    expect(windowOf([count('e1', counted, '1', 25), count('e2', counted, '1', 20), count('e3', counted, '1', 30)], 40)).toEqual({ from: at(20), to: at(40) });
    // Entries dated after the completion (a handheld's clock): the window is the completion instant.
    expect(windowOf([count('e4', counted, '1', 50)], 40)).toEqual({ from: at(40), to: at(40) });
  });

  it('at a complete location with no entries at all, the zero count is the completion instant alone', () => {
    const k = key('A', BIN2);
    const { lines } = review({ balances: [balance(k, '6')], marks: [mark(BIN2, 40, 'chen')] });
    expect(only(lines).rounds[0]).toMatchObject({ window: { from: at(40), to: at(40) }, counted: '0', expected: '6' });
  });

  it('the location window starts at the first entry of its own round, not of another round', () => {
    const counted = key('B', BIN1);
    const missing = key('A', BIN1);
    const { lines } = review({
      session: { round: 2, tasks: [{ id: 't2', round: 2, locations: [BIN1], keys: [missing, counted], excludedCounters: ['li'] }] },
      balances: [balance(missing, '6'), balance(counted, '1')],
      entries: [count('e1', counted, '1', 10, 'li'), count('e2', counted, '1', 50, 'wang', { round: 2 })],
      marks: [mark(BIN1, 20, 'li'), mark(BIN1, 60, 'wang', { round: 2 })],
    });
    const line = lines.find((l) => l.sku === 'A')!;
    expect(line.rounds.map((r) => [r.round, r.window])).toEqual([
      [1, { from: at(10), to: at(20) }],
      [2, { from: at(50), to: at(60) }],
    ]);
  });

  it('a round is complete only when its location is marked complete in that round', () => {
    const k = key('A', BIN1);
    const { lines } = review({
      balances: [balance(k, '5')],
      entries: [count('e1', k, '5', 10)],
      marks: [mark(BIN1, 20, 'li', { round: 2 })],
    });
    expect(only(lines)).toMatchObject({ status: 'pending', rounds: [{ complete: false }] });
  });
});

describe('recounts', () => {
  it('a recount round counts only the keys its tasks name; the latest round decides the line', () => {
    const k = key('A', BIN1);
    const other = key('B', BIN1);
    const { lines } = review({
      session: { round: 2, tasks: [{ id: 't1', round: 1, locations: [BIN1], excludedCounters: [] }, { id: 't2', round: 2, locations: [BIN1], keys: [k], excludedCounters: ['li'] }] },
      balances: [balance(k, '10'), balance(other, '3')],
      entries: [count('e1', k, '7', 10, 'li'), count('e2', other, '3', 11, 'li'), count('e3', k, '7', 40, 'wang', { round: 2 }), count('e4', other, '9', 41, 'wang', { round: 2 })],
      marks: [mark(BIN1, 20, 'li'), mark(BIN1, 50, 'wang', { round: 2 })],
    });
    const a = lines.find((l) => l.sku === 'A')!;
    const b = lines.find((l) => l.sku === 'B')!;
    expect(a).toMatchObject({ round: 2, counted: '7', status: 'needs_approval', counters: ['li', 'wang'], window: { from: at(40), to: at(40) } });
    expect(a.rounds.map((r) => r.round)).toEqual([1, 2]);
    // B was not recounted: its round-two entry is not part of the review.
    expect(b).toMatchObject({ round: 1, counted: '3', status: 'match' });
    expect(b.rounds.map((r) => r.round)).toEqual([1]);
  });

  it('every task of a recount round adds its keys: two tasks of round two', () => {
    const a = key('A', BIN1);
    const b = key('B', BIN2);
    const { lines } = review({
      session: {
        round: 2,
        tasks: [
          { id: 't1', round: 1, locations: [BIN1, BIN2], excludedCounters: [] },
          { id: 't2', round: 2, locations: [BIN1], keys: [a], excludedCounters: ['li'] },
          { id: 't3', round: 2, locations: [BIN2], keys: [b], excludedCounters: ['li'] },
        ],
      },
      balances: [balance(a, '4'), balance(b, '4')],
      entries: [count('e1', a, '1', 10), count('e2', b, '1', 10), count('e3', a, '1', 40, 'wang', { round: 2 }), count('e4', b, '1', 40, 'chen', { round: 2 })],
      marks: [mark(BIN1, 20), mark(BIN2, 20), mark(BIN1, 50, 'wang', { round: 2 }), mark(BIN2, 50, 'chen', { round: 2 })],
    });
    expect(lines.map((line) => [line.sku, line.round, line.status])).toEqual([
      ['A', 2, 'needs_approval'],
      ['B', 2, 'needs_approval'],
    ]);
  });

  it('tolerance decides a complete latest round', () => {
    const k = key('A', BIN1);
    const setup: Setup = { balances: [balance(k, '10')], entries: [count('e1', k, '9', 10)], marks: [mark(BIN1, 20)] };
    const seen: ToleranceLine[] = [];
    const within = review({ ...setup, withinTolerance: (line) => (seen.push(line), true) });
    expect(only(within.lines).status).toBe('within_tolerance');
    expect(seen).toEqual([{ expected: '10', counted: '9', variance: '-1', variancePercent: '-10', varianceValue: '-2' }]);
    expect(only(review(setup).lines).status).toBe('recount');
  });
});

describe('decisions', () => {
  const k = key('A', BIN1);
  const decision = (qty: string, minutes: number, round = 1, actor = 'zhao'): CountDecision => ({ qty, actor, at: at(minutes), round });
  const base: Setup = { balances: [balance(k, '10')], entries: [count('e1', k, '5', 10, 'li')], marks: [mark(BIN1, 20, 'li')] };

  it('a decision is a count of its own moment against the book just before it', () => {
    // Without it, the round (5 against 10) asks for a recount.
    expect(only(review({ ...base, balances: [balance(k, '8')], postings: [posting('late-issue', k, '-2', 30, 60)] }).lines).status).toBe('recount');
    const decided = review({
      ...base,
      balances: [balance(k, '8')],
      postings: [posting('late-issue', k, '-2', 30, 60)],
      session: { decisions: { [idOf(k)]: [decision('8', 45)] } },
    });
    const line = only(decided.lines);
    expect(line).toMatchObject({ counted: '8', expected: '8', variance: '0', status: 'match', window: { from: at(45), to: at(45) }, round: 1, decision: decision('8', 45) });
    expect(line.asserters).toEqual(['li', 'zhao']);
    expect(line.counters).toEqual(['li']);
    expect(line.supersededDecisions).toBeUndefined();
    // The movement before the decision is an expected change; recorded after the decision, it is late.
    expect(line.expectedChanges).toEqual([{ movementId: 'late-issue', delta: '-2', occurredAt: at(30), recordedAt: at(60), actor: 'dock', late: true }]);
    expect(line.lateMovements).toEqual(['late-issue']);
  });

  it('a decision that differs from the book needs approval; a movement at its moment makes it need another decision', () => {
    const differs = only(review({ ...base, session: { decisions: { [idOf(k)]: [decision('6', 45)] } } }).lines);
    expect(differs).toMatchObject({ status: 'needs_approval', counted: '6', expected: '10', variance: '-4' });
    const moved = only(
      review({ ...base, balances: [balance(k, '9')], postings: [posting('m', k, '-1', 45)], session: { decisions: { [idOf(k)]: [decision('9', 45)] } } }).lines,
    );
    expect(moved).toMatchObject({ status: 'needs_decision', statusReason: 'movement_at_decision', expected: '10' });
  });

  it('a decision stands while the session recounts other keys', () => {
    const other = key('B', BIN1);
    const line = review({
      ...base,
      balances: [balance(k, '10'), balance(other, '3')],
      entries: [...base.entries!, count('e2', other, '1', 11, 'li'), count('e3', other, '1', 40, 'wang', { round: 2 })],
      marks: [...base.marks!, mark(BIN1, 50, 'wang', { round: 2 })],
      session: { round: 2, tasks: [{ id: 't2', round: 2, locations: [BIN1], keys: [other], excludedCounters: ['li'] }], decisions: { [idOf(k)]: [decision('6', 30, 1)] } },
    }).lines.find((l) => l.sku === 'A')!;
    expect(line).toMatchObject({ counted: '6', round: 1, decision: decision('6', 30, 1) });
  });

  it('a decision in a later round with no recount tasks decides', () => {
    const line = only(review({ ...base, session: { round: 3, tasks: [], decisions: { [idOf(k)]: [decision('7', 30, 3)] } } }).lines);
    expect(line).toMatchObject({ counted: '7', round: 3, decision: decision('7', 30, 3) });
  });

  it('the last decision decides and the earlier ones are kept as superseded', () => {
    const first = decision('4', 30, 1, 'zhao');
    const second = decision('5', 40, 1, 'boss');
    const line = only(review({ ...base, session: { decisions: { [idOf(k)]: [first, second] } } }).lines);
    expect(line).toMatchObject({ counted: '5', decision: second, supersededDecisions: [first] });
    expect(line.asserters).toEqual(['li', 'zhao', 'boss']);
  });

  it('a recount requested after a decision supersedes it; a decision made in the recount round decides', () => {
    const recount: Partial<CountSession> = { round: 2, tasks: [{ id: 't2', round: 2, locations: [BIN1], keys: [k], excludedCounters: ['li', 'zhao'] }] };
    const earlier = decision('5', 15, 1);
    const superseded = only(
      review({
        ...base,
        entries: [...base.entries!, count('e2', k, '10', 40, 'wang', { round: 2 })],
        marks: [...base.marks!, mark(BIN1, 50, 'wang', { round: 2 })],
        session: { ...recount, decisions: { [idOf(k)]: [earlier] } },
      }).lines,
    );
    expect(superseded).toMatchObject({ counted: '10', round: 2, supersededDecisions: [earlier] });
    expect(superseded.decision).toBeUndefined();
    const later = decision('7', 55, 2);
    const decided = only(review({ ...base, session: { ...recount, decisions: { [idOf(k)]: [earlier, later] } } }).lines);
    expect(decided).toMatchObject({ counted: '7', round: 2, decision: later, supersededDecisions: [earlier] });
  });
});

describe('pending lines', () => {
  it('with nothing counted yet: counted 0 against the book at opening, over the opening instant, round one', () => {
    const k = key('A', BIN1);
    const line = only(
      review({ snapshot: [snap(k, '3')], balances: [balance(k, '4')], postings: [posting('at-open', k, '1', 0), posting('later', k, '1', 30)] }).lines,
    );
    // Book now 4: 1 received exactly at opening (counted in the book at opening), 1 after.
    expect(line).toMatchObject({ status: 'pending', counted: '0', expected: '3', window: { from: T0, to: T0 }, round: 1, rounds: [] });
  });

  it('a recount round not complete yet: its figures, pending, even though round one was complete', () => {
    const k = key('A', BIN1);
    const line = only(
      review({
        session: { round: 2, tasks: [{ id: 't2', round: 2, locations: [BIN1], keys: [k], excludedCounters: ['li'] }] },
        balances: [balance(k, '10')],
        entries: [count('e1', k, '7', 10, 'li'), count('e2', k, '8', 40, 'wang', { round: 2 })],
        marks: [mark(BIN1, 20, 'li')],
      }).lines,
    );
    expect(line).toMatchObject({ status: 'pending', counted: '8', expected: '10', round: 2, window: { from: at(40), to: at(40) } });
  });

  it('counted but not complete: what is known so far, deciding nothing', () => {
    const k = key('A', BIN1);
    const line = only(review({ balances: [balance(k, '4')], entries: [count('e1', k, '2', 10)] }).lines);
    expect(line).toMatchObject({ status: 'pending', counted: '2', expected: '4', window: { from: at(10), to: at(10) } });
  });
});

describe('values and flags', () => {
  it('values the variance at the unit cost of the window end; percent to four places, none on a zero book', () => {
    const k = key('A', BIN1);
    const costs: string[] = [];
    const { lines } = review({
      balances: [balance(k, '3'), balance(key('B', BIN1), '0')],
      entries: [count('e1', k, '2', 10), count('e2', key('B', BIN1), '4', 12)],
      marks: [mark(BIN1, 20)],
      unitCostAt: (item, moment) => (costs.push(`${item.sku}@${moment}`), item.sku === 'A' ? '1.25' : undefined),
    });
    const [a, b] = lines;
    expect(a).toMatchObject({ variance: '-1', variancePercent: '-33.3333', varianceValue: '-1.25', unitCost: '1.25' });
    // No cost history for B: the item's own unit cost.
    expect(b).toMatchObject({ variance: '4', variancePercent: null, varianceValue: '2', unitCost: '0.5', found: true });
    expect(costs).toContain(`A@${at(10)}`);
  });

  it('an item without a unit cost is valued at zero', () => {
    const k = key('C', BIN1);
    const data = {
      session: sessionFixture('cs'),
      snapshot: [],
      entries: [count('e1', k, '2', 10)],
      marks: [mark(BIN1, 20)],
      locations: [BIN1],
      items: new Map([['C', { ...ITEM, sku: 'C' }]]),
      locationInfo: new Map<string, Location>(),
      balances: [],
      postings: [],
      inScope: () => true,
      withinTolerance: () => false,
    } satisfies ReviewData;
    expect(only(computeReviewLines(data).lines)).toMatchObject({ varianceValue: '0', unitCost: '0', found: true });
  });

  it('found: counted where the book at opening had none (or zero), never where it had some', () => {
    const k = key('A', BIN1);
    const foundOf = (opening: SnapshotLine[], qty: string) =>
      only(review({ snapshot: opening, balances: [balance(k, '0')], entries: [count('e1', k, qty, 10)], marks: [mark(BIN1, 20)] }).lines).found;
    expect(foundOf([], '1')).toBe(true);
    expect(foundOf([snap(k, '0')], '1')).toBe(true);
    expect(foundOf([snap(k, '2')], '1')).toBe(false);
    expect(foundOf([], '0')).toBe(false);
  });

  it('expected changes are the movements dated before the window, late when recorded after its end; each late movement once', () => {
    const k = key('A', BIN1);
    const twice: Posting[] = [posting('two-lines', k, '1', 5, 45), { ...posting('two-lines', k, '2', 5, 45), lineIndex: 1 }];
    const line = only(
      review({
        balances: [balance(k, '14')],
        postings: [...twice, posting('on-time', k, '1', 6, 7), posting('at-end', k, '1', 8, 30), posting('in-window', k, '9', 25, 26)],
        entries: [count('e1', k, '5', 20), count('e2', k, '5', 30)],
        marks: [mark(BIN1, 40)],
      }).lines,
    );
    expect(line.expectedChanges.map((c) => [c.movementId, c.delta, c.late])).toEqual([
      ['two-lines', '1', true],
      ['two-lines', '2', true],
      ['on-time', '1', false],
      ['at-end', '1', false],
    ]);
    expect(line.lateMovements).toEqual(['two-lines']);
    expect(line.bookAtOpen).toBe('0');
    expect(line.uom).toBe('ea');
  });
});

describe('the summary', () => {
  it('counts lines by status and sums net, absolute and expected values', () => {
    const k1 = key('A', BIN1);
    const k2 = key('B', BIN1);
    const k3 = key('A', BIN2);
    const { lines } = review({
      balances: [balance(k1, '10'), balance(k2, '4'), balance(k3, '2')],
      entries: [count('e1', k1, '7', 10), count('e2', k2, '6', 11)],
      marks: [mark(BIN1, 20)],
    });
    expect(summarize(lines)).toEqual({
      byStatus: { pending: 1, match: 0, within_tolerance: 0, recount: 2, ambiguous: 0, needs_approval: 0, needs_decision: 0 },
      lines: 3,
      // A at 2: -3 → -6; B at 0.5: +2 → 1; the pending A line at BIN2 shows what is known: -2 → -4.
      netValue: '-9',
      absoluteValue: '11',
      expectedValue: '26',
    });
    expect(summarize([])).toEqual({
      byStatus: { pending: 0, match: 0, within_tolerance: 0, recount: 0, ambiguous: 0, needs_approval: 0, needs_decision: 0 },
      lines: 0,
      netValue: '0',
      absoluteValue: '0',
      expectedValue: '0',
    });
  });
});
