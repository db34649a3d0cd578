import { compareLocationPaths } from '../catalog/location-path.js';
import type { Item, Location } from '../catalog/types.js';
import { stockKeyId, toStockKey, type StockKey } from '../ledger/key.js';
import type { Balance, Posting } from '../ledger/types.js';
import { D, formatDecimal, type Dec, type DecimalString } from '../quantity/decimal.js';
import type { Instant } from '../time.js';
import type { ToleranceLine } from '../policy/tolerance.js';
import { countingEntries } from './entries.js';
import { resolveLineStatus, type LineStatus } from './line-status.js';
import { openLocations } from './open-locations.js';
import type { CountWindow, ExpectedChange, ReviewLine, ReviewStatus, ReviewSummary, RoundCount } from './review-types.js';
import type { CountDecision, CountEntry, CountSession, LocationMark, SnapshotLine } from './types.js';

/** Everything a review is computed from; loaded by the engine, decided here. */
export interface ReviewData {
  readonly session: CountSession;
  readonly snapshot: readonly SnapshotLine[];
  readonly entries: readonly CountEntry[];
  readonly marks: readonly LocationMark[];
  /** The resolved locations of round one, in walking order. */
  readonly locations: readonly string[];
  readonly items: ReadonlyMap<string, Item>;
  readonly locationInfo: ReadonlyMap<string, Location>;
  /** Current balances of every key at the session's locations (zero ones too). */
  readonly balances: readonly Balance[];
  /** Postings of those keys that happened at or after the session opened, or were recorded after it. */
  readonly postings: readonly Posting[];
  /** Whether a key is in the session's scope (its fixed items and keys). */
  readonly inScope: (key: StockKey) => boolean;
  /** The unit cost of an item in effect at a moment from its cost history; `undefined` (or no function) uses the item's `unitCost`. */
  readonly unitCostAt?: (item: Item, at: Instant) => DecimalString | undefined;
  /** The tolerance verdict for a line. */
  readonly withinTolerance: (line: ToleranceLine, item: Item, location: Location | undefined) => boolean;
}

/** The result of {@link computeReviewLines}. */
export interface ReviewLines {
  readonly lines: ReviewLine[];
  /** Locations of the current round neither complete nor excluded. */
  readonly openLocations: string[];
}

const ZERO = new D(0);

/**
 * Computes every line of a review. Pure: same data, same lines.
 *
 * For each key and round: counted is the sum of the round's entries; the window runs from the
 * first to the last of them, both ends included (a key nobody counted at a complete location is
 * counted as zero by whoever completed it, over the location's window: its first entry to the
 * completion mark); expected is the book just before the window starts, with every movement
 * known now; a movement dated anywhere in the window, or a freeze override during it, makes the
 * round unusable. A supervisor's decision is a count of its own moment `[at, at]`; the latest
 * evidence decides the line: a decision supersedes the rounds before it, a later round of the
 * key supersedes the decision.
 *
 * @internal
 */
export function computeReviewLines(data: ReviewData): ReviewLines {
  const index = indexReviewData(data);
  const lines: ReviewLine[] = [];
  const lineIds = new Map<ReviewLine, string>();
  const unitCosts = new Map<string, { value: Dec; text: string }>();
  const costOf = (item: Item, at: Instant): { value: Dec; text: string } => {
    const text = data.unitCostAt ? data.unitCostAt(item, at) : undefined;
    if (text !== undefined) return { value: new D(text), text };
    let cost = unitCosts.get(item.sku);
    if (!cost) unitCosts.set(item.sku, (cost = { value: new D(item.unitCost ?? 0), text: formatDecimal(new D(item.unitCost ?? 0)) }));
    return cost;
  };
  for (const [id, key] of index.candidates) {
    const item = data.items.get(key.sku)!;
    const line = keyLine(data, index, id, key, item, (at) => costOf(item, at));
    if (!line) continue;
    lines.push(line);
    lineIds.set(line, id);
  }
  // Walking order: rank the distinct locations once, then sort by rank and key id.
  const rank = new Map([...new Set(lines.map((line) => line.location))].sort(compareLocationPaths).map((location, index) => [location, index]));
  lines.sort((a, b) => rank.get(a.location)! - rank.get(b.location)! || compareText(lineIds.get(a)!, lineIds.get(b)!));
  return {
    lines,
    openLocations: openLocations({ session: data.session, locations: data.locations, marks: data.marks, excluded: index.excluded, occupied: index.occupied }),
  };
}

/** The review data grouped by key, location and round: built once, read per key. */
interface ReviewIndex {
  /** Every key that may be a line: in the snapshot, with a balance, counted or overridden, in scope. */
  readonly candidates: Map<string, StockKey>;
  readonly snapshotByKey: Map<string, SnapshotLine>;
  readonly balanceByKey: Map<string, Balance>;
  readonly entriesByKey: Map<string, CountEntry[]>;
  readonly postingsByKey: Map<string, Posting[]>;
  /** The first entry at a location, by round. */
  readonly firstEntryAt: Map<string, Instant[]>;
  /** A location's marks, by round. */
  readonly marksByLocation: Map<string, LocationMark[]>;
  /** When freeze overrides touched a key. */
  readonly overriddenAt: Map<string, Instant[]>;
  /** The keys each recount round checks (round one checks every key at its locations). */
  readonly roundKeys: Map<number, Set<string>>;
  /** Locations excluded in round one. */
  readonly excluded: Set<string>;
  /** Locations holding book or entries of keys in scope. */
  readonly occupied: Set<string>;
}

function indexReviewData(data: ReviewData): ReviewIndex {
  const { session } = data;
  const excluded = new Set(data.marks.filter((mark) => mark.status === 'excluded' && mark.round === 1).map((mark) => mark.location));
  const candidates = new Map<string, StockKey>();
  const occupied = new Set<string>();
  const consider = (id: string, key: StockKey, holds: boolean): void => {
    if (candidates.has(id)) {
      if (holds) occupied.add(key.location);
      return;
    }
    const item = data.items.get(key.sku);
    if (!item || !data.inScope(key)) return;
    if (holds) occupied.add(key.location);
    if (!excluded.has(key.location)) candidates.set(id, toStockKey(key));
  };
  const snapshotByKey = new Map<string, SnapshotLine>();
  for (const line of data.snapshot) {
    const id = stockKeyId(line.key);
    snapshotByKey.set(id, line);
    consider(id, line.key, true);
  }
  const balanceByKey = new Map<string, Balance>();
  for (const balance of data.balances) {
    const id = stockKeyId(balance.key);
    balanceByKey.set(id, balance);
    consider(id, balance.key, !new D(balance.qty).isZero());
  }
  const entriesByKey = new Map<string, CountEntry[]>();
  const firstEntryAt = new Map<string, Instant[]>();
  for (const entry of countingEntries(data.entries)) {
    const key = entry.key!;
    const id = stockKeyId(key);
    append(entriesByKey, id, entry);
    consider(id, key, true);
    let firsts = firstEntryAt.get(key.location);
    if (!firsts) firstEntryAt.set(key.location, (firsts = []));
    const first = firsts[entry.round];
    if (first === undefined || entry.countedAt < first) firsts[entry.round] = entry.countedAt;
  }
  const overriddenAt = new Map<string, Instant[]>();
  for (const override of session.overrides) {
    for (const key of override.keys) {
      const id = stockKeyId(key);
      consider(id, key, false);
      append(overriddenAt, id, override.at);
    }
  }
  const marksByLocation = new Map<string, LocationMark[]>();
  for (const mark of data.marks) {
    let byRound = marksByLocation.get(mark.location);
    if (!byRound) marksByLocation.set(mark.location, (byRound = []));
    byRound[mark.round] = mark;
  }
  const roundKeys = new Map<number, Set<string>>();
  for (const task of session.tasks) {
    if (task.round === 1 || !task.keys) continue;
    let set = roundKeys.get(task.round);
    if (!set) roundKeys.set(task.round, (set = new Set()));
    for (const key of task.keys) set.add(stockKeyId(key));
  }
  const postingsByKey = new Map<string, Posting[]>();
  for (const posting of data.postings) append(postingsByKey, stockKeyId(posting.key), posting);
  return { candidates, snapshotByKey, balanceByKey, entriesByKey, postingsByKey, firstEntryAt, marksByLocation, overriddenAt, roundKeys, excluded, occupied };
}

/** A key's book around the session: its current balance and its postings since the session opened. */
interface KeyBook {
  /** The book just before a moment: every posting dated before it. */
  before(moment: Instant): Dec;
  /** The book at a moment: every posting dated at or before it. */
  at(moment: Instant): Dec;
  /** Postings dated within a window, both ends included. */
  within(window: CountWindow): Posting[];
  readonly postings: readonly Posting[];
  readonly balance: Dec;
}

function keyBook(balance: Dec, postings: readonly Posting[]): KeyBook {
  const withoutFrom = (keep: (posting: Posting) => boolean): Dec =>
    postings.reduce((sum, posting) => (keep(posting) ? sum : sum.minus(posting.delta)), balance);
  return {
    before: (moment) => withoutFrom((posting) => posting.occurredAt < moment),
    at: (moment) => withoutFrom((posting) => posting.occurredAt <= moment),
    within: (window) => postings.filter((posting) => posting.occurredAt >= window.from && posting.occurredAt <= window.to),
    postings,
    balance,
  };
}

/** One round's count of a key with its figures as decimals, so the line does not parse back what it formatted. */
interface CountedRound {
  readonly round: RoundCount;
  readonly counted: Dec;
  readonly expected: Dec;
}

function keyRounds(data: ReviewData, index: ReviewIndex, id: string, key: StockKey, book: KeyBook): CountedRound[] {
  const keyEntries = index.entriesByKey.get(id) ?? [];
  const marks = index.marksByLocation.get(key.location);
  const counted: CountedRound[] = [];
  for (let round = 1; round <= data.session.round; round++) {
    if (round > 1 && !index.roundKeys.get(round)?.has(id)) continue;
    const own = keyEntries.filter((entry) => entry.round === round);
    const mark = marks?.[round];
    const complete = mark?.status === 'complete';
    if (own.length === 0 && !complete) continue;
    let window: CountWindow;
    if (own.length > 0) {
      let from = own[0]!.countedAt;
      let to = from;
      for (const entry of own) {
        if (entry.countedAt < from) from = entry.countedAt;
        if (entry.countedAt > to) to = entry.countedAt;
      }
      window = { from, to };
    } else {
      // Counted as zero by completing the location: the location's window, asserted by whoever completed it.
      const start = index.firstEntryAt.get(key.location)?.[round] ?? mark!.at;
      window = { from: start < mark!.at ? start : mark!.at, to: mark!.at };
    }
    const sum = own.reduce((total, entry) => total.plus(entry.qty!), ZERO);
    const expected = book.before(window.from);
    const inWindow = book.within(window);
    const overridden = index.overriddenAt.get(id)?.some((at) => at >= window.from) ?? false;
    const unusable = inWindow.length > 0 ? 'movement_in_window' : overridden ? 'freeze_override' : undefined;
    counted.push({
      round: {
        round,
        counted: formatDecimal(sum),
        expected: formatDecimal(expected),
        variance: formatDecimal(sum.minus(expected)),
        window,
        counters: own.length > 0 ? unique(own.map((entry) => entry.counter)) : [mark!.actor],
        entryIds: own.map((entry) => entry.entryId),
        ...(unusable ? { unusable } : {}),
        movementsInWindow: unique(inWindow.map((p) => p.movementId)),
        complete,
      },
      counted: sum,
      expected,
    });
  }
  return counted;
}

/** The latest round that counts the key: a decision made before it is superseded. */
function latestRoundOf(index: ReviewIndex, id: string, currentRound: number): number {
  for (let round = currentRound; round > 1; round--) if (index.roundKeys.get(round)?.has(id)) return round;
  return 1;
}

/** What decides a line: figures, window, status and the round or decision behind them. */
interface LineVerdict {
  readonly counted: Dec;
  readonly expected: Dec;
  readonly window: CountWindow;
  readonly round: number;
  readonly status: LineStatus;
}

function keyLine(
  data: ReviewData,
  index: ReviewIndex,
  id: string,
  key: StockKey,
  item: Item,
  costAt: (at: Instant) => { value: Dec; text: string },
): ReviewLine | undefined {
  const { session } = data;
  const book = keyBook(new D(index.balanceByKey.get(id)?.qty ?? 0), index.postingsByKey.get(id) ?? []);
  const counted = keyRounds(data, index, id, key, book);
  const rounds = counted.map((c) => c.round);
  const snapshot = index.snapshotByKey.get(id);
  const history = session.decisions[id] ?? [];
  // Nothing expected, nothing there, nothing counted: a key that only ever held stock before is not a line.
  const empty = counted.every((c) => c.round.entryIds.length === 0 && c.round.unusable === undefined && c.expected.isZero());
  if (empty && snapshot === undefined && book.balance.isZero() && history.length === 0) return undefined;

  const last = history[history.length - 1];
  const decision = last !== undefined && last.round >= latestRoundOf(index, id, session.round) ? last : undefined;
  const superseded = decision ? history.slice(0, -1) : history;
  const counters = unique(rounds.flatMap((r) => r.counters));
  const asserters = unique([...counters, ...history.map((d) => d.actor)]);
  const location = data.locationInfo.get(key.location);
  // A variance is valued at the unit cost in effect at its count time (the end of its window).
  const figures = (c: Dec, e: Dec, at: Instant): ToleranceLine => {
    const cost = costAt(at);
    const variance = c.minus(e);
    return {
      expected: formatDecimal(e),
      counted: formatDecimal(c),
      variance: formatDecimal(variance),
      variancePercent: e.isZero() ? null : formatDecimal(variance.div(e).times(100).toDecimalPlaces(4)),
      varianceValue: formatDecimal(variance.times(cost.value)),
    };
  };
  const verdict = decision
    ? decisionVerdict(decision, book)
    : roundsVerdict(session, counted, book, asserters, (line) => data.withinTolerance(line, item, location), figures);
  const line = figures(verdict.counted, verdict.expected, verdict.window.to);
  const expectedChanges: ExpectedChange[] = book.postings
    .filter((p) => p.occurredAt < verdict.window.from)
    .map((p) => ({
      movementId: p.movementId,
      delta: p.delta,
      occurredAt: p.occurredAt,
      recordedAt: p.recordedAt,
      actor: p.actor,
      late: p.recordedAt > verdict.window.to,
    }));
  return {
    key,
    sku: key.sku,
    location: key.location,
    ...(key.lot === undefined ? {} : { lot: key.lot }),
    ...(key.serial === undefined ? {} : { serial: key.serial }),
    uom: item.baseUom,
    bookAtOpen: snapshot?.qty ?? '0',
    ...line,
    unitCost: costAt(verdict.window.to).text,
    window: verdict.window,
    round: verdict.round,
    rounds,
    ...verdict.status,
    found: (snapshot === undefined || new D(snapshot.qty).isZero()) && verdict.counted.gt(0),
    expectedChanges,
    lateMovements: unique(expectedChanges.filter((change) => change.late).map((change) => change.movementId)),
    counters,
    asserters,
    ...(decision ? { decision } : {}),
    ...(superseded.length > 0 ? { supersededDecisions: superseded } : {}),
  };
}

/** A supervisor's decision: a count of `[at, at]` against the book just before `at`. */
function decisionVerdict(decision: CountDecision, book: KeyBook): LineVerdict {
  const window = { from: decision.at, to: decision.at };
  const counted = new D(decision.qty);
  const expected = book.before(decision.at);
  let status: LineStatus;
  if (book.within(window).length > 0) status = { status: 'needs_decision', statusReason: 'movement_at_decision' };
  else status = { status: counted.eq(expected) ? 'match' : 'needs_approval' };
  return { counted, expected, window, round: decision.round, status };
}

/** The rounds decide: the latest, once its location is complete. */
function roundsVerdict(
  session: CountSession,
  counted: readonly CountedRound[],
  book: KeyBook,
  asserters: readonly string[],
  withinTolerance: (line: ToleranceLine) => boolean,
  figures: (counted: Dec, expected: Dec, at: Instant) => ToleranceLine,
): LineVerdict {
  const latest = counted[counted.length - 1];
  if (!latest || !latest.round.complete) {
    // Not complete in its latest round yet: show what is known, decide nothing.
    const window = latest?.round.window ?? { from: session.openedAt, to: session.openedAt };
    return {
      counted: latest?.counted ?? ZERO,
      expected: latest?.expected ?? book.at(session.openedAt),
      window,
      round: latest?.round.round ?? 1,
      status: { status: 'pending' },
    };
  }
  const status = resolveLineStatus(
    session,
    counted.map((c) => c.round),
    figures(latest.counted, latest.expected, latest.round.window.to),
    withinTolerance,
    asserters,
  );
  return { counted: latest.counted, expected: latest.expected, window: latest.round.window, round: latest.round.round, status };
}

/**
 * Sums the lines into a summary.
 *
 * @internal
 */
export function summarize(lines: readonly ReviewLine[]): ReviewSummary {
  const byStatus: Record<ReviewStatus, number> = {
    pending: 0,
    match: 0,
    within_tolerance: 0,
    recount: 0,
    ambiguous: 0,
    needs_approval: 0,
    needs_decision: 0,
  };
  let net = ZERO;
  let absolute = ZERO;
  let expectedValue = ZERO;
  for (const line of lines) {
    byStatus[line.status] += 1;
    net = net.plus(line.varianceValue);
    absolute = absolute.plus(new D(line.varianceValue).abs());
    expectedValue = expectedValue.plus(new D(line.expected).times(line.unitCost));
  }
  return {
    byStatus,
    lines: lines.length,
    netValue: formatDecimal(net),
    absoluteValue: formatDecimal(absolute),
    expectedValue: formatDecimal(expectedValue),
  };
}

function append<T>(map: Map<string, T[]>, id: string, value: T): void {
  const list = map.get(id);
  if (list) list.push(value);
  else map.set(id, [value]);
}

function unique<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
