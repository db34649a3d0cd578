/**
 * Reopening a location a counter completed (or excluded) by mistake.
 *
 * @internal
 * @module
 */
import { locationIdSchema } from '../../catalog/schemas.js';
import { StocktakeError } from '../../errors.js';
import { parseInput, type DeepReadonly } from '../../validate.js';
import { reopenLocationInputSchema, type ReopenLocationInput } from '../schemas.js';
import { assertState, reopenRound } from '../session.js';
import { tasksByLocation } from '../task-index.js';
import type { CountSession, LocationMark } from '../types.js';
import { assertAssertedAt, authorizeCount, inSessionTransaction, loadSession, nowOf, saveSession, type CountContext } from './context.js';

/** The outcome of `counts.reopenLocation`. */
export interface ReopenLocationResult {
  /** The session afterwards: back in `counting` when the round had closed. */
  readonly session: CountSession;
  /** The mark that was removed (its entries stay). */
  readonly reopened: LocationMark;
}

/** `counts.reopenLocation`. @internal */
export async function reopenLocation(
  ctx: CountContext,
  sessionId: string,
  location: string,
  input: DeepReadonly<ReopenLocationInput>,
): Promise<ReopenLocationResult> {
  const path = parseInput(locationIdSchema, location, ['location']);
  const parsed = parseInput(reopenLocationInputSchema, input);
  return inSessionTransaction(ctx, sessionId, async (tx) => {
    const session = await loadSession(tx, sessionId);
    assertState(session, ['counting', 'reviewing', 'approved'], 'reopen a location of');
    if (!tasksByLocation(session).has(path)) {
      throw new StocktakeError('out_of_scope', `${path} is not counted in round ${session.round} of session ${session.id}`, { path: ['location'] });
    }
    const marks = (await tx.listLocationMarks(session.id, { location: path, round: session.round })).filter(
      (mark) => mark.location === path && mark.round === session.round,
    );
    const mark = marks[0];
    if (!mark) {
      throw new StocktakeError('invalid_state', `${path} is neither complete nor excluded in round ${session.round}: there is nothing to reopen`, {
        path: ['location'],
        details: { location: path, round: session.round },
      });
    }
    const at = parsed.at ?? nowOf(ctx);
    assertAssertedAt(ctx, session, at, ['at']);
    if (at < mark.at) {
      throw new StocktakeError('invalid_input', `The reopening at ${at} precedes the ${mark.status} mark of ${path} at ${mark.at}`, {
        path: ['at'],
        details: { at, markedAt: mark.at },
      });
    }
    // Segregation of duties: whoever marked the location asks someone else to reopen it.
    const markers = marks.map((candidate) => candidate.actor);
    await authorizeCount(ctx, parsed.actor, 'count.reopen', session, markers, [{ sku: '', location: path, counters: markers }], ['actor']);
    await tx.deleteLocationMarks(session.id, path, session.round);
    const next = reopenRound(session);
    const saved = next === session ? session : await saveSession(tx, next, session);
    await ctx.audit(tx, {
      actor: parsed.actor,
      action: 'count.reopen',
      subject: session.id,
      data: { location: path, round: session.round, reason: parsed.reason, at, mark, state: { from: session.state, to: saved.state } },
    });
    return { session: saved, reopened: mark };
  });
}
