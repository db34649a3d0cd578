/**
 * `counts.preview`: the review of a session as it stands, computed in a read-only transaction.
 * It never closes a round, opens a recount, audits or emits: what an HTTP `GET` or a supervisor
 * screen that refreshes every few seconds needs.
 *
 * @internal
 * @module
 */
import { openConflicts } from '../entries.js';
import type { Review } from '../review-types.js';
import { summarize } from '../review.js';
import { assertState } from '../session.js';
import type { CountSession, CountTask } from '../types.js';
import type { ComputedReview } from './computed-review.js';
import { computeReview } from './computed-review.js';
import { inReadOnly, loadSession, nowOf, type CountContext } from './context.js';
import type { Instant } from '../../time.js';

/**
 * The {@link Review} document of a computed review: shared by `review` (after it closed a round)
 * and `preview` (which closes nothing), so both answer the same figures for the same state.
 *
 * @internal
 */
export function reviewDocument(session: CountSession, computed: ComputedReview, reviewedAt: Instant, recountTasks: readonly CountTask[]): Review {
  return {
    sessionId: session.id,
    state: session.state,
    round: session.round,
    reviewedAt,
    lines: computed.lines,
    summary: summarize(computed.lines),
    openLocations: computed.openLocations,
    excludedLocations: computed.marks
      .filter((mark) => mark.status === 'excluded')
      .map((mark) => ({ location: mark.location, reason: mark.reason ?? '' })),
    conflicts: openConflicts(computed.entries),
    recountTasks: [...recountTasks],
    fingerprint: computed.fingerprint,
  };
}

/** `counts.preview`: the review without closing the round; changes nothing. @internal */
export async function previewCount(ctx: CountContext, sessionId: string): Promise<Review> {
  const reviewedAt = nowOf(ctx);
  return inReadOnly(ctx, async (tx) => {
    const session = await loadSession(tx, sessionId);
    assertState(session, ['counting', 'reviewing', 'approved', 'posted'], 'preview');
    const computed = await computeReview(ctx, tx, session, { explain: true });
    return reviewDocument(session, computed, reviewedAt, []);
  });
}
