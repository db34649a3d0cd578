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
import { computeReview, prepareReview } from './computed-review.js';
import { reviewDocument } from './previewing.js';
import { assertAssertedAt, authorizeCount, emitAll, inReadOnly, inSessionTransaction, loadSession, nowOf, saveSession, type CountContext } from './context.js';
import { hasIndependentCounter } from '../line-status.js';

/** `counts.review`: computes the review and closes the round when every location is done. @internal */
export async function reviewCount(ctx: CountContext, sessionId: string, input: { actor?: string } = {}): Promise<Review> {
  const parsed = parseInput(reviewInputSchema, input);
  const reviewedAt = nowOf(ctx);
  // Read first, without the writer lock: a review that closes no round writes nothing, and one
  // that does finds what it read in the cache when nothing changed since.
  const read = await inReadOnly(ctx, async (tx) => {
    const session = await loadSession(tx, sessionId);
    assertState(session, ['counting', 'reviewing', 'approved', 'posted'], 'review');
    const computed = await computeReview(ctx, tx, session, { explain: true });
    return { session, computed, closesRound: session.state === 'counting' && computed.openLocations.length === 0 && openConflicts(computed.entries).length === 0 };
  });
  if (!read.closesRound) return reviewDocument(read.session, read.computed, reviewedAt, []);
  const { review, events } = await inSessionTransaction(ctx, sessionId, async (tx) => {
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
      created = recountTasks(session, toRecount.map((line) => ({ key: line.key, asserters: line.asserters })), ctx.ids);
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
    const review = reviewDocument(session, computed, reviewedAt, created);
    return { review, events: await ctx.publish(tx, events) };
  });
  emitAll(ctx, events);
  return review;
}

/**
 * `counts.decide`: a supervisor counts a line at one moment. The decision is evidence of its own:
 * window `[at, at]`, compared with the book just before `at`, its adjustment dated at `at`. It
 * supersedes the rounds before it; a later recount supersedes it.
 *
 * @internal
 */
export async function decideLine(ctx: CountContext, sessionId: string, input: DeepReadonly<DecideInput>): Promise<CountSession> {
  const parsed = parseInput(decideInputSchema, input);
  const at = parsed.at ?? nowOf(ctx);
  await prepareReview(ctx, sessionId);
  return inSessionTransaction(ctx, sessionId, async (tx) => {
    const session = await loadSession(tx, sessionId);
    assertState(session, ['counting', 'reviewing', 'approved'], 'decide a line of');
    assertAssertedAt(ctx, session, at, ['at']);
    const key = toStockKey(parsed.key);
    const line = (await computeReview(ctx, tx, session)).lines.find((candidate) => stockKeyId(candidate.key) === stockKeyId(key));
    if (!line) throw new StocktakeError('out_of_scope', 'The session has no line for this key', { path: ['key'] });
    if (line.status === 'pending') {
      throw new StocktakeError('invalid_state', `${line.location} is still being counted in round ${line.round}: complete or exclude it before deciding its lines`, {
        path: ['key'],
      });
    }
    const item = await tx.getItem(key.sku);
    const converted = convertToBase(item!, parsed.qty);
    if (!converted.ok) throw new StocktakeError(converted.code, converted.message, { path: ['qty'] });
    const atMoment = await tx.listPostings({ keys: [key], occurredFrom: at, occurredTo: at });
    if (atMoment.length > 0) {
      throw new StocktakeError(
        'ambiguous_decision',
        `Movement ${atMoment[0]!.movementId} is dated exactly at ${at}: decide at another moment, or request a recount`,
        { path: ['at'], details: { movements: [...new Set(atMoment.map((posting) => posting.movementId))] } },
      );
    }
    // A supervisor may correct their own decision; nobody decides a count they made.
    await authorizeCount(ctx, parsed.actor, 'count.decide', session, line.counters, [{ sku: line.sku, location: line.location, counters: line.counters }]);
    const decision = omitUndefined({ qty: converted.qty, actor: parsed.actor, at, round: session.round, note: parsed.note });
    const updated = await saveSession(tx, recordDecision(session, stockKeyId(key), decision), session);
    await ctx.audit(tx, { actor: parsed.actor, action: 'count.decide', subject: session.id, data: { key, ...decision } });
    return updated;
  });
}

/**
 * `counts.requestRecount`: a supervisor sends keys to another round. Refused while locations of
 * the current round are open (a new round would strand them), for a key nobody independent can
 * recount, and for an assignee who asserted one of the keys.
 *
 * @internal
 */
export async function requestRecount(ctx: CountContext, sessionId: string, input: DeepReadonly<RequestRecountInput>): Promise<CountTask[]> {
  const parsed = parseInput(requestRecountInputSchema, input);
  await prepareReview(ctx, sessionId);
  return inSessionTransaction(ctx, sessionId, async (tx) => {
    const session = await loadSession(tx, sessionId);
    assertState(session, ['counting', 'reviewing', 'approved'], 'request a recount in');
    if (session.round >= session.maxRounds) {
      throw new StocktakeError('invalid_state', `Session ${session.id} has used its ${session.maxRounds} rounds: decide the lines`);
    }
    const { lines, openLocations } = await computeReview(ctx, tx, session);
    if (openLocations.length > 0) {
      throw new StocktakeError(
        'incomplete_locations',
        `${openLocations.length} location(s) of round ${session.round} are neither complete nor excluded: a recount round would leave them behind`,
        { details: { locations: openLocations } },
      );
    }
    const byId = new Map(lines.map((line) => [stockKeyId(line.key), line]));
    const keys = parsed.keys.map((key, index) => {
      const line = byId.get(stockKeyId(toStockKey(key)));
      if (!line) throw new StocktakeError('out_of_scope', 'The session has no line for this key', { path: ['keys', index] });
      if (parsed.assignee !== undefined) {
        const team = session.teams[parsed.assignee] ?? [parsed.assignee];
        const asserted = team.filter((member) => line.asserters.includes(member));
        if (asserted.length > 0) {
          throw new StocktakeError('not_authorized', `${asserted.join(', ')} asserted ${line.sku} at ${line.location} before: a recount goes to someone else`, {
            path: ['assignee'],
            details: { key: line.key, asserters: line.asserters },
          });
        }
      } else if (!hasIndependentCounter(session, line.asserters)) {
        throw new StocktakeError('no_independent_counter', `Every counter of session ${session.id} asserted ${line.sku} at ${line.location} already: decide the line instead`, {
          path: ['keys', index],
          details: { key: line.key, asserters: line.asserters },
        });
      }
      return { key: line.key, asserters: line.asserters };
    });
    await authorizeCount(ctx, parsed.actor, 'count.recount', session);
    const tasks = recountTasks(session, keys, ctx.ids, parsed.assignee);
    await saveSession(tx, addRecountRound(session, tasks), session);
    await ctx.audit(tx, { actor: parsed.actor, action: 'count.recount', subject: session.id, data: { tasks } });
    return tasks;
  });
}
