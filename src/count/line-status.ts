import { D } from '../quantity/decimal.js';
import type { ToleranceLine } from '../policy/tolerance.js';
import type { ReviewStatus, RoundCount, StatusReason } from './review-types.js';
import type { CountSession } from './types.js';

/** A line's status and, when it waits for someone, why. */
export interface LineStatus {
  readonly status: ReviewStatus;
  readonly statusReason?: StatusReason;
}

/**
 * The default recount resolution of a line whose latest round is complete.
 *
 * An unusable latest round is recounted while rounds remain (or left to a supervisor in `manual`
 * mode), else decided. A usable latest round within tolerance is accepted (the book confirms it,
 * even against an earlier count). Otherwise a variance confirmed by two independent counts (two
 * usable rounds asserted by different people with the same variance) needs approval. Otherwise
 * another round while rounds remain and recounts are automatic, else a supervisor decides. A
 * recount nobody independent can do is decided instead.
 *
 * @param session - the session (recount mode, rounds, counters and teams)
 * @param rounds - the key's rounds, the latest last and complete
 * @param latest - the latest round's figures
 * @param withinTolerance - the tolerance verdict
 * @param asserters - everyone who asserted the key's quantity so far
 * @returns the status
 * @internal
 */
export function resolveLineStatus(
  session: CountSession,
  rounds: readonly RoundCount[],
  latest: ToleranceLine,
  withinTolerance: (line: ToleranceLine) => boolean,
  asserters: readonly string[],
): LineStatus {
  const last = rounds[rounds.length - 1]!;
  const more = session.recount === 'auto' && session.round < session.maxRounds;
  // The line needs another count: a recount round, or a supervisor when none can be had.
  const recount = (): LineStatus => {
    if (session.recount === 'manual') {
      return last.unusable ? { status: 'ambiguous', statusReason: last.unusable } : { status: 'needs_decision', statusReason: 'manual_recount' };
    }
    if (!more) return { status: 'needs_decision', statusReason: 'rounds_exhausted' };
    if (!hasIndependentCounter(session, asserters)) return { status: 'needs_decision', statusReason: 'no_independent_counter' };
    return last.unusable ? { status: 'ambiguous', statusReason: last.unusable } : { status: 'recount' };
  };
  if (last.unusable !== undefined) return recount();
  if (new D(latest.variance).isZero()) return { status: 'match' };
  if (withinTolerance(latest)) return { status: 'within_tolerance' };
  const confirmed = rounds.slice(0, -1).some(
    (earlier) =>
      earlier.unusable === undefined &&
      earlier.complete &&
      new D(earlier.variance).eq(latest.variance) &&
      !earlier.counters.some((counter) => last.counters.includes(counter)),
  );
  if (confirmed) return { status: 'needs_approval' };
  return recount();
}

/**
 * Whether someone of the session's counters (or a team none of whose members asserted the key)
 * could still count it independently. A session without named counters lets anyone who did not
 * assert the key take its recount.
 *
 * @internal
 */
export function hasIndependentCounter(session: CountSession, asserters: readonly string[]): boolean {
  if (session.counters.length === 0) return true;
  return session.counters.some((counter) => !(session.teams[counter] ?? [counter]).some((member) => asserters.includes(member)));
}
