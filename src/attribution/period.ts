import { ancestorsOf } from '../catalog/location-path.js';
import { custodiansAt } from '../catalog/custodians.js';
import { stockKeyId } from '../ledger/key.js';
import type { Instant } from '../time.js';
import type { AttributionCountRecord, AttributionCustodian, AttributionLine, AttributionPosting } from './schemas.js';
import type { AttributionPeriod } from './types.js';

/**
 * The period a line's attribution looks at: from the key's last good count (the latest posted
 * count of the key by another session, counted before this window) or, without one, the key's
 * first movement, to the end of the count window.
 *
 * @internal
 */
export function periodOf(
  line: AttributionLine,
  sessionId: string,
  records: readonly AttributionCountRecord[],
  postings: readonly AttributionPosting[],
): AttributionPeriod {
  const last = lastGoodCount(line, sessionId, records);
  if (last) return { from: last.countedAt, to: line.window.to, lastGoodCount: { sessionId: last.sessionId, countedAt: last.countedAt } };
  let first: Instant = line.window.to;
  for (const posting of postings) if (posting.occurredAt < first) first = posting.occurredAt;
  return { from: first, to: line.window.to };
}

/** A stretch of time during which the same people answered for a location. @internal */
export interface CustodySegment {
  readonly from: Instant;
  readonly custodians: readonly string[];
}

/**
 * Who answered for a location over `[from, to]`, as consecutive segments (a new segment at each
 * change of custodians).
 *
 * @internal
 */
export function custodySegments(
  assignments: readonly AttributionCustodian[],
  location: string,
  from: Instant,
  to: Instant,
): CustodySegment[] {
  const chain = new Set(ancestorsOf(location));
  const moments = new Set<Instant>([from]);
  for (const assignment of assignments) {
    if (chain.has(assignment.location) && assignment.from > from && assignment.from <= to) moments.add(assignment.from);
  }
  const segments: CustodySegment[] = [];
  for (const moment of [...moments].sort()) {
    const custodians = custodiansAt(assignments, location, moment);
    const previous = segments[segments.length - 1];
    if (previous && sameList(previous.custodians, custodians)) continue;
    segments.push({ from: moment, custodians });
  }
  return segments;
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((value, index) => value === b[index]);
}

/**
 * A line's last good count: the latest posted count of its key by another session, counted
 * before the line's window starts; `undefined` when the key has none.
 *
 * @internal
 */
export function lastGoodCount(
  line: Pick<AttributionLine, 'key' | 'window'>,
  sessionId: string,
  records: readonly AttributionCountRecord[],
): AttributionCountRecord | undefined {
  const id = stockKeyId(line.key);
  let last: AttributionCountRecord | undefined;
  for (const record of records) {
    if (record.sessionId === sessionId || stockKeyId(record.key) !== id || record.countedAt >= line.window.from) continue;
    if (!last || record.countedAt > last.countedAt) last = record;
  }
  return last;
}
