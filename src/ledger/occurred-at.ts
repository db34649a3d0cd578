/**
 * Business time within reason: a movement records what physically happened, so it cannot be
 * dated later than now, give or take an allowance for clocks (or, by explicit policy, planned
 * movements).
 *
 * @module
 */
import { StocktakeError, type ErrorPath } from '../errors.js';
import type { Instant } from '../time.js';

/** The last instant {@link instantSchema}-valid input can name: stored instants never lie after it. */
const LAST_INSTANT_MS = Date.parse('9999-12-31T23:59:59.999Z');

/**
 * The latest `occurredAt` a movement may carry: now plus the allowance, capped at the last
 * storable instant so the comparison of ISO strings stays chronological.
 *
 * @internal
 */
export function latestOccurredAt(now: Date, allowanceMs: number): Instant {
  return new Date(Math.min(now.getTime() + allowanceMs, LAST_INSTANT_MS)).toISOString();
}

/**
 * Refuses a movement dated after `latest` with `occurred_in_future` at `path`; a movement without
 * a date (it is dated when recorded) always passes.
 *
 * @internal
 */
export function assertOccurredBy(occurredAt: Instant | undefined, latest: Instant, allowanceMs: number, path: ErrorPath): void {
  if (occurredAt === undefined || occurredAt <= latest) return;
  throw new StocktakeError(
    'occurred_in_future',
    `occurredAt ${occurredAt} is in the future: a movement may be dated up to ${latest} (now plus ${allowanceMs} ms; raise futureMovements.allowanceMs to post planned movements)`,
    { path, details: { occurredAt, latest, allowanceMs } },
  );
}
