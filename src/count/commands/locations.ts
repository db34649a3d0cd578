/**
 * Marking locations complete or excluded in a round.
 *
 * @internal
 * @module
 */
import { locationIdSchema } from '../../catalog/schemas.js';
import { StocktakeError } from '../../errors.js';
import { omitUndefined } from '../../ledger/prepare.js';
import type { Instant } from '../../time.js';
import { parseInput, type DeepReadonly } from '../../validate.js';
import type { CountAction } from '../policies.js';
import { completeLocationInputSchema, excludeLocationInputSchema, type CompleteLocationInput, type ExcludeLocationInput } from '../schemas.js';
import { assertState } from '../session.js';
import { tasksByLocation } from '../task-index.js';
import type { LocationMark } from '../types.js';
import { authorizeCount, inTransaction, loadSession, nowOf, type CountContext } from './context.js';

/** `counts.completeLocation`. @internal */
export async function completeLocation(
  ctx: CountContext,
  sessionId: string,
  location: string,
  input: DeepReadonly<CompleteLocationInput>,
): Promise<LocationMark> {
  const path = parseInput(locationIdSchema, location, ['location']);
  const parsed = parseInput(completeLocationInputSchema, input);
  return markLocation(ctx, sessionId, path, { status: 'complete', actor: parsed.actor, at: parsed.at ?? nowOf(ctx) }, 'count.complete');
}

/** `counts.excludeLocation`. @internal */
export async function excludeLocation(
  ctx: CountContext,
  sessionId: string,
  location: string,
  input: DeepReadonly<ExcludeLocationInput>,
): Promise<LocationMark> {
  const path = parseInput(locationIdSchema, location, ['location']);
  const parsed = parseInput(excludeLocationInputSchema, input);
  return markLocation(
    ctx,
    sessionId,
    path,
    { status: 'excluded', actor: parsed.actor, at: parsed.at ?? nowOf(ctx), reason: parsed.reason },
    'count.exclude',
  );
}

function markLocation(
  ctx: CountContext,
  sessionId: string,
  location: string,
  mark: { status: LocationMark['status']; actor: string; at: Instant; reason?: string },
  action: CountAction,
): Promise<LocationMark> {
  return inTransaction(ctx, async (tx) => {
    const session = await loadSession(tx, sessionId);
    const marks = (await tx.listLocationMarks(session.id, { location })).filter((candidate) => candidate.location === location);
    const current = marks.find((candidate) => candidate.round === session.round);
    if (current) return current;
    // Counting is over: a late retry of a mark gets the mark it made.
    const earlier = marks.filter((candidate) => candidate.status === mark.status).at(-1);
    if (earlier && session.state !== 'counting') return earlier;
    assertState(session, ['counting'], `mark a location of`);
    if (!tasksByLocation(session).has(location)) {
      throw new StocktakeError('out_of_scope', `${location} is not counted in round ${session.round} of session ${session.id}`, {
        path: ['location'],
      });
    }
    await authorizeCount(ctx, mark.actor, action, session);
    const stored: LocationMark = omitUndefined({ sessionId: session.id, location, round: session.round, ...mark });
    await tx.insertLocationMark(stored);
    await ctx.audit(tx, { actor: mark.actor, action, subject: session.id, data: stored });
    return stored;
  });
}
