import { compareLocationPaths } from '../catalog/location-path.js';
import type { Item, Location } from '../catalog/types.js';
import { stockKeyId, toStockKey, type StockKey } from '../ledger/key.js';
import type { Balance, Posting } from '../ledger/types.js';
import { D, formatDecimal, type Dec } from '../quantity/decimal.js';
import type { Instant } from '../time.js';
import type {
  CountWindow,
  ExpectedChange,
  ReviewLine,
  ReviewStatus,
  ReviewSummary,
  RoundCount,
} from './review-types.js';
import { countingEntries } from './entries.js';
import type { CountEntry, CountSession, LocationMark, SnapshotLine } from './types.js';
import type { ToleranceLine } from '../policy/tolerance.js';

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
  /** Postings of those keys that happened or were recorded after the session opened. */
  readonly postings: readonly Posting[];
  /** Whether an item is in the session's scope (sku, ABC class and key filters). */
  readonly inScope: (key: StockKey, item: Item) => boolean;
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
 * first to the last of them (a key nobody counted at a complete location is counted as zero over
 * the location's window: its first entry to the completion mark); expected is the book as of the
 * window start with every movement known now; a movement dated inside the window, or a freeze
 * override during it, makes the round unusable.
 *
 * @internal
 */
export function computeReviewLines(data: ReviewData): ReviewLines {
  const { session } = data;
  // Maps are keyed by strings the data already holds (key ids computed once per record, locations)
  // and rounds index small arrays: a review touches every key, entry and posting of a session.
  const entriesByKey = new Map<string, CountEntry[]>();
  const firstEntryAt = new Map<string, Instant[]>();
  const candidates = new Map<string, StockKey>();
  const excluded = new Set(data.marks.filter((mark) => mark.status === 'excluded' && mark.round === 1).map((m) => m.location));
  const consider = (id: string, key: StockKey): void => {
    if (candidates.has(id)) return;
    const item = data.items.get(key.sku);
    if (item && data.inScope(key, item) && !excluded.has(key.location)) candidates.set(id, toStockKey(key));
  };
  const snapshotByKey = new Map<string, SnapshotLine>();
  for (const line of data.snapshot) {
    const id = stockKeyId(line.key);
    snapshotByKey.set(id, line);
    consider(id, line.key);
  }
  const balanceByKey = new Map<string, Balance>();
  for (const balance of data.balances) {
    const id = stockKeyId(balance.key);
    balanceByKey.set(id, balance);
    consider(id, balance.key);
  }
  for (const entry of countingEntries(data.entries)) {
    const key = entry.key!;
    const id = stockKeyId(key);
    const own = entriesByKey.get(id);
    if (own) own.push(entry);
    else entriesByKey.set(id, [entry]);
    consider(id, key);
    let firsts = firstEntryAt.get(key.location);
    if (!firsts) firstEntryAt.set(key.location, (firsts = []));
    const first = firsts[entry.round];
    if (first === undefined || entry.countedAt < first) firsts[entry.round] = entry.countedAt;
  }
  for (const override of session.overrides) for (const key of override.keys) consider(stockKeyId(key), key);
  const marks = new Map<string, LocationMark[]>();
  for (const mark of data.marks) {
    let byRound = marks.get(mark.location);
    if (!byRound) marks.set(mark.location, (byRound = []));
    byRound[mark.round] = mark;
  }
  const postingsByKey = groupBy(data.postings, (posting) => stockKeyId(posting.key));
  const decisions = Object.keys(session.decisions).length > 0 ? new Map(Object.entries(session.decisions)) : undefined;
  const overriddenKeys = new Map<string, Instant[]>();
  for (const override of session.overrides) {
    for (const key of override.keys) {
      const id = stockKeyId(key);
      overriddenKeys.set(id, [...(overriddenKeys.get(id) ?? []), override.at]);
    }
  }

  // Which keys each round checks: round one every key at its locations, later rounds their tasks' keys.
  const roundKeys = new Map<number, Set<string>>();
  for (const task of session.tasks) {
    if (task.round === 1 || !task.keys) continue;
    const set = roundKeys.get(task.round) ?? new Set<string>();
    for (const key of task.keys) set.add(stockKeyId(key));
    roundKeys.set(task.round, set);
  }

  const lines: ReviewLine[] = [];
  const lineIds = new Map<ReviewLine, string>();
  const unitCosts = new Map<string, { value: Dec; text: string }>();
  for (const [id, key] of candidates) {
    const item = data.items.get(key.sku)!;
    const balance = new D(balanceByKey.get(id)?.qty ?? 0);
    const postings = postingsByKey.get(id) ?? [];
    const expectedAt = (moment: Instant): Dec =>
      postings.reduce((sum, posting) => (posting.occurredAt > moment ? sum.minus(posting.delta) : sum), balance);
    const keyEntries = entriesByKey.get(id) ?? [];
    const locationMarks = marks.get(key.location);

    const rounds: RoundCount[] = [];
    // The figures of each round as decimals, so the line does not parse back what it formatted.
    const roundFigures: Array<{ counted: Dec; expected: Dec }> = [];
    for (let round = 1; round <= session.round; round++) {
      if (round > 1 && !roundKeys.get(round)?.has(id)) continue;
      const own = keyEntries.filter((entry) => entry.round === round);
      const mark = locationMarks?.[round];
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
        const start = firstEntryAt.get(key.location)?.[round] ?? mark!.at;
        window = { from: start < mark!.at ? start : mark!.at, to: mark!.at };
      }
      const counted = own.reduce((sum, entry) => sum.plus(entry.qty!), ZERO);
      const expected = expectedAt(window.from);
      const inWindow = postings.filter((p) => p.occurredAt > window.from && p.occurredAt <= window.to);
      const overridden = overriddenKeys.get(id)?.some((at) => at >= window.from) ?? false;
      const unusable = inWindow.length > 0 ? 'movement_in_window' : overridden ? 'freeze_override' : undefined;
      rounds.push({
        round,
        counted: formatDecimal(counted),
        expected: formatDecimal(expected),
        variance: formatDecimal(counted.minus(expected)),
        window,
        counters: unique(own.map((entry) => entry.counter)),
        entryIds: own.map((entry) => entry.entryId),
        ...(unusable ? { unusable } : {}),
        movementsInWindow: unique(inWindow.map((p) => p.movementId)),
        complete,
      });
      roundFigures.push({ counted, expected });
    }

    const snapshot = snapshotByKey.get(id);
    const decision = decisions?.get(id);
    // Nothing expected, nothing there, nothing counted: a key that only ever held stock before is not a line.
    const empty = rounds.every((r, index) => r.entryIds.length === 0 && r.unusable === undefined && roundFigures[index]!.expected.isZero());
    if (empty && snapshot === undefined && balance.isZero() && !decision) continue;
    const latest = rounds[rounds.length - 1];
    const latestFigures = roundFigures[roundFigures.length - 1];
    const location = data.locationInfo.get(key.location);
    let cost = unitCosts.get(item.sku);
    if (!cost) unitCosts.set(item.sku, (cost = { value: new D(item.unitCost ?? 0), text: formatDecimal(new D(item.unitCost ?? 0)) }));
    const unitCost = cost.value;
    let lineCounted: Dec = ZERO;

    const figures = (counted: Dec, expected: Dec): ToleranceLine => {
      lineCounted = counted;
      const variance = counted.minus(expected);
      return {
        expected: formatDecimal(expected),
        counted: formatDecimal(counted),
        variance: formatDecimal(variance),
        variancePercent: expected.isZero() ? null : formatDecimal(variance.div(expected).times(100).toDecimalPlaces(4)),
        varianceValue: formatDecimal(variance.times(unitCost)),
      };
    };

    let status: ReviewStatus;
    let deciding: RoundCount | undefined = latest;
    let line: ToleranceLine;
    let window: CountWindow;
    if (decision) {
      const usable = [...rounds].reverse().find((r) => r.unusable === undefined && r.complete);
      window = usable?.window ?? { from: decision.at, to: decision.at };
      deciding = usable;
      line = figures(new D(decision.qty), usable ? new D(usable.expected) : expectedAt(decision.at));
      status = new D(line.variance).isZero() ? 'match' : 'needs_approval';
    } else if (!latest || !latest.complete) {
      // Not complete in its latest round yet: show what is known, decide nothing.
      window = latest?.window ?? { from: session.openedAt, to: session.openedAt };
      line = figures(latestFigures?.counted ?? ZERO, latestFigures?.expected ?? expectedAt(session.openedAt));
      status = 'pending';
    } else {
      window = latest.window;
      line = figures(latestFigures!.counted, latestFigures!.expected);
      status = resolveStatus(session, rounds, line, (l) => data.withinTolerance(l, item, location));
    }

    const expectedChanges: ExpectedChange[] = postings
      .filter((p) => p.occurredAt <= window.from)
      .map((p) => ({
        movementId: p.movementId,
        delta: p.delta,
        occurredAt: p.occurredAt,
        recordedAt: p.recordedAt,
        actor: p.actor,
        late: p.recordedAt > window.to,
      }));
    const reviewLine: ReviewLine = {
      key,
      sku: key.sku,
      location: key.location,
      ...(key.lot === undefined ? {} : { lot: key.lot }),
      ...(key.serial === undefined ? {} : { serial: key.serial }),
      uom: item.baseUom,
      bookAtOpen: snapshot?.qty ?? '0',
      ...line,
      unitCost: cost.text,
      window,
      round: deciding?.round ?? latest?.round ?? 1,
      rounds,
      status,
      found: (snapshot === undefined || new D(snapshot.qty).isZero()) && lineCounted.gt(0),
      expectedChanges,
      lateMovements: unique(expectedChanges.filter((change) => change.late).map((change) => change.movementId)),
      counters: unique(rounds.flatMap((r) => r.counters)),
      ...(decision ? { decision } : {}),
    };
    lines.push(reviewLine);
    lineIds.set(reviewLine, id);
  }

  // Walking order: rank the distinct locations once, then sort by rank and key id.
  const rank = new Map([...new Set(lines.map((line) => line.location))].sort(compareLocationPaths).map((location, index) => [location, index]));
  lines.sort((a, b) => rank.get(a.location)! - rank.get(b.location)! || compareText(lineIds.get(a)!, lineIds.get(b)!));
  return { lines, openLocations: openLocations(data, excluded) };
}

/**
 * The default recount resolution. A complete, usable latest round within tolerance is accepted
 * (the book confirms it, even against an earlier count). Otherwise a variance confirmed by two
 * independent counts (two usable rounds by different counters with the same variance) needs
 * approval. Otherwise another round while rounds remain and recounts are automatic, else a
 * supervisor decides.
 */
function resolveStatus(
  session: CountSession,
  rounds: readonly RoundCount[],
  latestFigures: ToleranceLine,
  withinTolerance: (line: ToleranceLine) => boolean,
): ReviewStatus {
  const latest = rounds[rounds.length - 1]!;
  const more = session.recount === 'auto' && session.round < session.maxRounds;
  // An unusable round is recounted while rounds remain; a supervisor decides after that.
  if (latest.unusable !== undefined) return more || session.recount === 'manual' ? 'ambiguous' : 'needs_decision';
  if (new D(latestFigures.variance).isZero()) return 'match';
  if (withinTolerance(latestFigures)) return 'within_tolerance';
  const confirmed = rounds.slice(0, -1).some(
    (earlier) =>
      earlier.unusable === undefined &&
      earlier.complete &&
      new D(earlier.variance).eq(latest.variance) &&
      !earlier.counters.some((counter) => latest.counters.includes(counter)),
  );
  if (confirmed) return 'needs_approval';
  if (more) return 'recount';
  return 'needs_decision';
}

function openLocations(data: ReviewData, excluded: ReadonlySet<string>): string[] {
  const { session } = data;
  const done = new Set(data.marks.filter((mark) => mark.round === session.round).map((mark) => mark.location));
  const current =
    session.round === 1
      ? data.locations
      : unique(session.tasks.filter((task) => task.round === session.round).flatMap((task) => task.locations));
  return current.filter((location) => !done.has(location) && !excluded.has(location));
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

function groupBy<T>(values: Iterable<T>, keyOf: (value: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const value of values) {
    const id = keyOf(value);
    const group = groups.get(id);
    if (group) group.push(value);
    else groups.set(id, [value]);
  }
  return groups;
}

function unique<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
