/**
 * Reviewing a session (closing its rounds), supervisors' decisions and recount requests.
 *
 * @internal
 * @module
 */
import { StocktakeError } from '../../errors.js';
import type { StocktakeEvent } from '../../events.js';
import { stockKeyId, toStockKey } from '../../ledger/key.js';
import { omitUndefined } from '../../ledger/prepare.js';
import { convertToBase } from '../../quantity/convert.js';
import { parseInput, type DeepReadonly } from '../../validate.js';
import { openConflicts } from '../entries.js';
import type { Review } from '../review-types.js';
import { summarize } from '../review.js';
import {
  decideInputSchema,
  requestRecountInputSchema,
  reviewInputSchema,
  type DecideInput,
  type RequestRecountInput,
} from '../schemas.js';
import { addRecountRound, assertState, closeRound, recordDecision } from '../session.js';
import { recountTasks } from '../tasks.js';
import type { CountSession, CountTask } from '../types.js';
import { computeReview } from './computed-review.js';
import { authorizeCount, emitAll, inTransaction, loadSession, nowOf, saveSession, type CountContext } from './context.js';

/** `counts.review`: computes the review and closes the round when every location is done. @internal */
export async function reviewCount(ctx: CountContext, sessionId: string, input: { actor?: string } = {}): Promise<Review> {
  const parsed = parseInput(reviewInputSchema, input);
  const reviewedAt = nowOf(ctx);
  const { review, events } = await inTransaction(ctx, async (tx) => {
    let session = await loadSession(tx, sessionId);
    assertState(session, ['counting', 'reviewing', 'approved', 'posted'], 'review');
    let computed = await computeReview(ctx, tx, session, { explain: true });
    const conflicts = openConflicts(computed.entries);
    let created: CountTask[] = [];
    const events: StocktakeEvent[] = [];
    const roundDone = session.state === 'counting' && computed.openLocations.length === 0 && conflicts.length === 0;
    if (roundDone) {
      const toRecount = session.recount === 'auto' && session.round < session.maxRounds
        ? computed.lines.filter((line) => line.status === 'recount' || line.status === 'ambiguous')
        : [];
      created = recountTasks(session, toRecount.map((line) => ({ key: line.key, counters: line.counters })), ctx.ids);
      const previous = session;
      session = await saveSession(tx, closeRound(session, created, reviewedAt), previous);
      await ctx.audit(tx, {
        actor: parsed.actor ?? 'system',
        action: 'count.review',
        subject: session.id,
        data: { round: previous.round, recountTasks: created.map((task) => task.id), fingerprint: computed.fingerprint },
      });
      if (created.length > 0) computed = await computeReview(ctx, tx, session, { explain: true });
      else await ctx.reviews.carry(tx, session.id, previous.version, session.version);
      for (const line of computed.lines) {
        if (['recount', 'ambiguous', 'needs_approval', 'needs_decision'].includes(line.status)) {
          events.push({ type: 'count.variance', sessionId: session.id, line });
        }
      }
    }
    const review: Review = {
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
      recountTasks: created,
      fingerprint: computed.fingerprint,
    };
    return { review, events };
  });
  emitAll(ctx, events);
  return review;
}

/** `counts.decide`. @internal */
export async function decideLine(ctx: CountContext, sessionId: string, input: DeepReadonly<DecideInput>): Promise<CountSession> {
  const parsed = parseInput(decideInputSchema, input);
  const at = nowOf(ctx);
  return inTransaction(ctx, async (tx) => {
    const session = await loadSession(tx, sessionId);
    assertState(session, ['counting', 'reviewing', 'approved'], 'decide a line of');
    const key = toStockKey(parsed.key);
    const line = (await computeReview(ctx, tx, session)).lines.find((candidate) => stockKeyId(candidate.key) === stockKeyId(key));
    if (!line) throw new StocktakeError('out_of_scope', 'The session has no line for this key', { path: ['key'] });
    const item = await tx.getItem(key.sku);
    const converted = convertToBase(item!, parsed.qty);
    if (!converted.ok) throw new StocktakeError(converted.code, converted.message, { path: ['qty'] });
    await authorizeCount(ctx, parsed.actor, 'count.decide', session, line.counters);
    const decision = omitUndefined({ qty: converted.qty, actor: parsed.actor, at, note: parsed.note });
    const updated = await saveSession(tx, recordDecision(session, stockKeyId(key), decision), session);
    await ctx.audit(tx, { actor: parsed.actor, action: 'count.decide', subject: session.id, data: { key, ...decision } });
    return updated;
  });
}

/** `counts.requestRecount`. @internal */
export async function requestRecount(ctx: CountContext, sessionId: string, input: DeepReadonly<RequestRecountInput>): Promise<CountTask[]> {
  const parsed = parseInput(requestRecountInputSchema, input);
  return inTransaction(ctx, async (tx) => {
    const session = await loadSession(tx, sessionId);
    assertState(session, ['counting', 'reviewing', 'approved'], 'request a recount in');
    if (session.round >= session.maxRounds) {
      throw new StocktakeError('invalid_state', `Session ${session.id} has used its ${session.maxRounds} rounds: decide the lines`);
    }
    const { lines } = await computeReview(ctx, tx, session);
    const byId = new Map(lines.map((line) => [stockKeyId(line.key), line]));
    const keys = parsed.keys.map((key, index) => {
      const line = byId.get(stockKeyId(toStockKey(key)));
      if (!line) throw new StocktakeError('out_of_scope', 'The session has no line for this key', { path: ['keys', index] });
      return { key: line.key, counters: line.counters };
    });
    await authorizeCount(ctx, parsed.actor, 'count.recount', session);
    const tasks = recountTasks(session, keys, ctx.ids, parsed.assignee);
    await saveSession(tx, addRecountRound(session, tasks), session);
    await ctx.audit(tx, { actor: parsed.actor, action: 'count.recount', subject: session.id, data: { tasks } });
    return tasks;
  });
}
