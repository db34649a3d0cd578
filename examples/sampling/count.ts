/**
 * Counting a sample as any count session runs: a blind count of the sampled keys, recounts of the
 * lines beyond tolerance by a second counter, approval by a supervisor, posting.
 */
import { scopeFromSample, stockKeyId, type InventorySamplePlan, type PostCountResult, type Review } from 'stocktake';
import type { Warehouse } from './warehouse.js';

/** What the count produced. */
export interface SampleCount {
  sessionId: string;
  /** The review the session was approved and posted with. */
  review: Review;
  posted: PostCountResult;
  /** Recount rounds run after the first count. */
  recountRounds: number;
}

const COUNTERS = ['ana', 'ben', 'dev'];
const SUPERVISOR = 'carla';

/**
 * Opens a count session over the sample, counts what is physically there, recounts until the
 * lines are settled, approves and posts.
 *
 * @param warehouse - the warehouse, with the physical stock the counters find
 * @param plan - the sample plan
 * @returns the session's final review and posting
 */
export async function countSample(warehouse: Warehouse, plan: InventorySamplePlan): Promise<SampleCount> {
  const { st, clock, physical } = warehouse;
  const minute = (): string => clock.advance(60_000).toISOString();
  clock.set('2027-12-31T07:00:00.000Z');
  const session = await st.counts.open({ ...scopeFromSample(plan), name: 'Year-end inventory sample 2027', counters: [...COUNTERS], tasks: { by: 'balanced', count: 1 }, actor: SUPERVISOR });

  // Round one: every sampled key, location by location, each location marked complete.
  const task = session.tasks[0]!;
  const sampledAt = new Map<string, Array<{ sku: string; location: string }>>();
  for (const key of session.scope.keys ?? []) sampledAt.set(key.location, [...(sampledAt.get(key.location) ?? []), key]);
  let entry = 0;
  for (const location of task.locations) {
    for (const key of sampledAt.get(location) ?? []) {
      await st.counts.record(session.id, { entryId: `r1-${++entry}`, ...key, qty: physical.get(stockKeyId(key)) ?? '0', countedAt: minute(), counter: COUNTERS[0]!, task: task.id });
    }
    await st.counts.completeLocation(session.id, location, { actor: COUNTERS[0]!, at: minute() });
  }

  // Lines beyond tolerance go to blind recounts by someone who has not counted them.
  let review = await st.counts.review(session.id, { actor: SUPERVISOR });
  let rounds = 0;
  while (review.recountTasks.length > 0) {
    rounds++;
    for (const recount of review.recountTasks) {
      const counter = recount.assignee ?? COUNTERS.find((c) => !recount.excludedCounters.includes(c))!;
      for (const location of recount.locations) {
        for (const key of (recount.keys ?? []).filter((k) => k.location === location)) {
          await st.counts.record(session.id, { entryId: `r${recount.round}-${++entry}`, key, qty: physical.get(stockKeyId(key)) ?? '0', countedAt: minute(), counter, task: recount.id });
        }
        await st.counts.completeLocation(session.id, location, { actor: counter, at: minute() });
      }
    }
    review = await st.counts.review(session.id, { actor: SUPERVISOR });
  }
  await st.counts.approve(session.id, { actor: SUPERVISOR });
  const posted = await st.counts.post(session.id, { actor: SUPERVISOR });
  return { sessionId: session.id, review, posted, recountRounds: rounds };
}
