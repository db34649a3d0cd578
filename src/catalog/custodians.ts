import type { Instant } from '../time.js';
import { ancestorsOf } from './location-path.js';
import type { CustodianAssignment } from './types.js';

/** The fields of a custodian assignment that decide who answers for a location. */
export type AssignmentFacts = Pick<CustodianAssignment, 'seq' | 'location' | 'custodians' | 'from'>;

/**
 * Finds who answers for a location at a moment: the latest assignment made from that moment or
 * before, on the location itself or, failing that, its nearest ancestor with one.
 *
 * @param assignments - every assignment (any order)
 * @param location - the location path
 * @param at - the moment
 * @returns the custodians, or an empty list when nobody was assigned
 * @example
 * ```ts
 * custodiansAt(assignments, 'WH1/A/01', '2026-11-25T09:00:00.000Z'); // ['li']
 * ```
 */
export function custodiansAt(assignments: readonly AssignmentFacts[], location: string, at: Instant): readonly string[] {
  for (const node of ancestorsOf(location)) {
    let best: AssignmentFacts | undefined;
    for (const assignment of assignments) {
      if (assignment.location !== node || assignment.from > at) continue;
      if (!best || assignment.from > best.from || (assignment.from === best.from && assignment.seq > best.seq)) {
        best = assignment;
      }
    }
    if (best) return best.custodians;
  }
  return [];
}

/**
 * Lists everyone who answered for a location at any moment of a period `[from, to]`, in order of
 * first responsibility.
 *
 * @param assignments - every assignment (any order)
 * @param location - the location path
 * @param from - start of the period
 * @param to - end of the period
 * @returns the distinct custodians of the period
 * @example
 * ```ts
 * custodiansDuring(assignments, 'WH1/A/01', lastGoodCount, countedAt); // ['wang', 'li']
 * ```
 */
export function custodiansDuring(
  assignments: readonly AssignmentFacts[],
  location: string,
  from: Instant,
  to: Instant,
): readonly string[] {
  const moments = new Set<Instant>([from]);
  const chain = new Set(ancestorsOf(location));
  for (const assignment of assignments) {
    if (chain.has(assignment.location) && assignment.from > from && assignment.from <= to) moments.add(assignment.from);
  }
  const result: string[] = [];
  for (const moment of [...moments].sort()) {
    for (const custodian of custodiansAt(assignments, location, moment)) {
      if (!result.includes(custodian)) result.push(custodian);
    }
  }
  return result;
}
