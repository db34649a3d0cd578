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
import type { StorageTransaction } from '../../storage/adapter.js';
import { countingEntries } from '../entries.js';
import type { CountSession, CountTask, LocationMark } from '../types.js';
import { assertAssertedAt, authorizeCount, inSessionTransaction, loadSession, nowOf, type CountContext } from './context.js';

/** `counts.completeLocation`. @internal */
export async function completeLocation(
  ctx: CountContext,
  sessionId: string,
  location: string,
  input: DeepReadonly<CompleteLocationInput>,
): Promise<LocationMark> {
  const path = parseInput(locationIdSchema, location, ['location']);
  const parsed = parseInput(completeLocationInputSchema, input);
  return markLocation(ctx, sessionId, path, { status: 'complete', actor: parsed.actor, at: parsed.at }, 'count.complete');
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
    { status: 'excluded', actor: parsed.actor, at: parsed.at, reason: parsed.reason },
    'count.exclude',
  );
}

async function markLocation(
  ctx: CountContext,
  sessionId: string,
  location: string,
  mark: { status: LocationMark['status']; actor: string; at: Instant | undefined; reason?: string },
  action: CountAction,
): Promise<LocationMark> {
  return inSessionTransaction(ctx, sessionId, async (tx) => {
    const session = await loadSession(tx, sessionId);
    const marks = (await tx.listLocationMarks(session.id, { location })).filter((candidate) => candidate.location === location);
    const current = marks.find((candidate) => candidate.round === session.round);
    if (current) {
      // A retry gets the mark it made; the other mark would contradict it.
      if (current.status === mark.status) return current;
      throw new StocktakeError('invalid_state', `${location} is already ${current.status} in round ${session.round}: it cannot also be ${mark.status}`, {
        path: ['location'],
        details: { mark: current },
      });
    }
    // Counting is over: a late retry of a mark gets the mark it made.
    const earlier = marks.filter((candidate) => candidate.status === mark.status).at(-1);
    if (earlier && session.state !== 'counting') return earlier;
    assertState(session, ['counting'], `mark a location of`);
    const tasks = tasksByLocation(session).get(location);
    if (!tasks) {
      throw new StocktakeError('out_of_scope', `${location} is not counted in round ${session.round} of session ${session.id}`, {
        path: ['location'],
      });
    }
    const at = mark.at ?? nowOf(ctx);
    assertAssertedAt(ctx, session, at, ['at']);
    if (mark.status === 'complete') await checkCompletion(tx, session, location, tasks, mark.actor, at);
    await authorizeCount(ctx, mark.actor, action, session);
    const stored: LocationMark = omitUndefined({ sessionId: session.id, location, round: session.round, ...mark, at });
    await tx.insertLocationMark(stored);
    await ctx.audit(tx, { actor: mark.actor, action, subject: session.id, data: stored });
    return stored;
  });
}

/**
 * Completing a location counts every key of the round there that nobody counted as zero, so it
 * is an assertion like an entry: the completer may not be someone a recount excludes, and the
 * completion cannot precede the entries it completes.
 */
async function checkCompletion(
  tx: StorageTransaction,
  session: CountSession,
  location: string,
  tasks: readonly CountTask[],
  actor: string,
  at: Instant,
): Promise<void> {
  const excluding = tasks.filter((task) => task.excludedCounters.includes(actor));
  if (excluding.length > 0) {
    throw new StocktakeError('not_authorized', `${actor} asserted keys of ${location} before: completing its recount would count them again (segregation of duties)`, {
      path: ['actor'],
      details: { tasks: excluding.map((task) => task.id) },
    });
  }
  const entries = countingEntries(await tx.listEntries(session.id, { location, round: session.round }));
  const last = entries.reduce<Instant | undefined>((latest, entry) => (latest === undefined || entry.countedAt > latest ? entry.countedAt : latest), undefined);
  if (last !== undefined && at < last) {
    throw new StocktakeError('invalid_input', `The completion at ${at} precedes an entry at ${location} counted at ${last}`, {
      path: ['at'],
      details: { at, lastEntryAt: last },
    });
  }
}
