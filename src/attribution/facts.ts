import { stockKeyId } from '../ledger/key.js';
import { D, type Dec } from '../quantity/decimal.js';
import { custodySegments, periodOf, type CustodySegment } from './period.js';
import type { AttributionEntry, AttributionInput, AttributionItem, AttributionLine, AttributionPosting } from './schemas.js';
import type { AttributionCandidate, AttributionPeriod } from './types.js';

/**
 * What the attribution steps know about one line, and the part of its variance still unexplained.
 * Built once per attributed line; `remaining` and `candidates` are the only fields the steps change.
 *
 * @internal
 */
export interface LineFacts {
  readonly id: string;
  readonly line: AttributionLine;
  readonly item: AttributionItem | undefined;
  readonly variance: Dec;
  /** Absolute variance: the budget every non-`count_error` candidate shares. */
  readonly size: Dec;
  readonly period: AttributionPeriod;
  /** Every posting of the key, in date order. */
  readonly postings: readonly AttributionPosting[];
  /** Movements of the key dated inside the period (after its start, up to the count time). */
  readonly periodMovementIds: readonly string[];
  /** Actors of those movements, count adjustments left out (they record counts, not handling). */
  readonly movers: readonly string[];
  /** Who answered for the location over the period. */
  readonly custody: readonly CustodySegment[];
  /** The entries of the round that decides the line. */
  readonly decidingEntries: readonly AttributionEntry[];
  remaining: Dec;
  readonly candidates: AttributionCandidate[];
}

/**
 * Whether a line gets an attribution: any line whose count is complete (not `pending`) with a
 * non-zero variance, whatever its status (`within_tolerance` lines included, since they are
 * posted too), and any line where a recount overruled an earlier round (`count_error`, even when
 * the final variance is zero).
 *
 * @internal
 */
export function isAttributable(line: AttributionLine): boolean {
  if (line.status === 'pending') return false;
  return !new D(line.variance).isZero() || overruledRounds(line).length > 0;
}

/**
 * The rounds a settled line's deciding figure overruled: complete, usable rounds whose variance
 * differs from the line's. Only lines the book, a second count or a supervisor settled have them.
 *
 * @internal
 */
export function overruledRounds(line: AttributionLine): AttributionLine['rounds'] {
  if (!['match', 'within_tolerance', 'needs_approval'].includes(line.status)) return [];
  return line.rounds.filter(
    (round) =>
      round.unusable === undefined &&
      round.complete &&
      (line.decision !== undefined || round.round < line.round) &&
      !new D(round.variance).eq(line.variance),
  );
}

/** @internal */
export function buildFacts(input: AttributionInput): LineFacts[] {
  const items = new Map(input.items.map((item) => [item.sku, item]));
  const postingsByKey = new Map<string, AttributionPosting[]>();
  for (const posting of input.postings) {
    const id = stockKeyId(posting.key);
    const list = postingsByKey.get(id) ?? [];
    list.push(posting);
    postingsByKey.set(id, list);
  }
  const entriesById = new Map(input.entries.filter((entry) => entry.kind === 'count').map((entry) => [entry.entryId, entry]));
  const facts: LineFacts[] = [];
  for (const line of input.lines) {
    if (!isAttributable(line)) continue;
    const id = stockKeyId(line.key);
    const postings = [...(postingsByKey.get(id) ?? [])].sort((a, b) => compare(a.occurredAt, b.occurredAt) || compare(a.movementId, b.movementId));
    const period = periodOf(line, input.sessionId, input.countRecords, postings);
    // After the last good count (its own adjustment is in it); without one, from the first movement on.
    const inPeriod = postings.filter(
      (posting) => (posting.occurredAt > period.from || (!period.lastGoodCount && posting.occurredAt === period.from)) && posting.occurredAt <= period.to,
    );
    const deciding = line.rounds.find((round) => round.round === line.round);
    const variance = new D(line.variance);
    facts.push({
      id,
      line,
      item: items.get(line.key.sku),
      variance,
      size: variance.abs(),
      period,
      postings,
      periodMovementIds: unique(inPeriod.map((posting) => posting.movementId)),
      movers: unique(inPeriod.filter((posting) => posting.kind !== 'count_adjustment').map((posting) => posting.actor)),
      custody: custodySegments(input.custodians, line.key.location, period.from, period.to),
      decidingEntries: line.decision ? [] : (deciding?.entryIds ?? []).flatMap((entryId) => entriesById.get(entryId) ?? []),
      remaining: variance.abs(),
      candidates: [],
    });
  }
  return facts;
}

/** @internal */
export function unique<T>(values: Iterable<T>): T[] {
  return [...new Set(values)];
}

/** @internal */
export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
