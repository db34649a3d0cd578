/**
 * What every count command shares: the engine context, the review cache, and the helpers that
 * load, authorize and save a session inside a transaction.
 *
 * @internal
 * @module
 */
import { idSchema } from '../../catalog/schemas.js';
import type { EngineContext } from '../../context.js';
import { StocktakeError, type ErrorPath } from '../../errors.js';
import type { StocktakeEvent } from '../../events.js';
import type { StorageTransaction } from '../../storage/adapter.js';
import { toInstant, type Instant } from '../../time.js';
import { parseInput } from '../../validate.js';
import { sessionScope, writeIn } from '../../partitions.js';
import { segregationOfDuties, type CountAction } from '../policies.js';
import { ReviewCache } from '../review-cache.js';
import type { CountSession } from '../types.js';
import type { ComputedReview } from './computed-review.js';

/** The engine context of count commands, with the engine's cache of computed reviews. @internal */
export interface CountContext extends EngineContext {
  readonly reviews: ReviewCache<ComputedReview>;
}

/** @internal */
export function createCountContext(ctx: EngineContext): CountContext {
  return { ...ctx, reviews: new ReviewCache<ComputedReview>() };
}

/** The engine's "now" as an instant. @internal */
export function nowOf(ctx: EngineContext): Instant {
  return toInstant(ctx.clock.now());
}

/**
 * Runs a read-write transaction over the whole store: for commands whose partitions are not
 * known before they run (opening a session resolves its scope inside).
 *
 * @internal
 */
export function inTransaction<T>(ctx: EngineContext, work: (tx: StorageTransaction) => Promise<T>): Promise<T> {
  return writeIn(ctx, 'store', work);
}

/**
 * Runs a read-write transaction of a command on one session, locking the partitions of the
 * session's locations only (see src/partitions.ts for why that covers all it reads and writes).
 *
 * @internal
 */
export async function inSessionTransaction<T>(ctx: EngineContext, sessionId: string, work: (tx: StorageTransaction) => Promise<T>): Promise<T> {
  return writeIn(ctx, await sessionScope(ctx, sessionId), work);
}

/** Runs a read-only transaction. @internal */
export function inReadOnly<T>(ctx: EngineContext, work: (tx: StorageTransaction) => Promise<T>): Promise<T> {
  return ctx.storage.transaction(work, { readOnly: true });
}

/** Emits events after their transaction committed. @internal */
export function emitAll(ctx: EngineContext, events: readonly StocktakeEvent[]): void {
  for (const event of events) ctx.events.emit(event);
}

/** A line a command decides on, with who asserted its quantity: what a refusal names. @internal */
export interface AssertedLine {
  readonly sku: string;
  readonly location: string;
  /** Who counted the line. */
  readonly counters: readonly string[];
  /** Everyone who asserted the line's quantity (counters and deciders); the counters when absent. */
  readonly asserters?: readonly string[];
}

const VERBS: Readonly<Record<CountAction, string>> = {
  'count.open': 'open',
  'count.record': 'record in',
  'count.complete': 'complete a location of',
  'count.exclude': 'exclude a location of',
  'count.resolve': 'resolve a conflict of',
  'count.decide': 'decide',
  'count.recount': 'request a recount of',
  'count.approve': 'approve',
  'count.post': 'post',
  'count.cancel': 'cancel',
  'count.reopen': 'reopen a location of',
};

/** Names up to three places, then how many more. */
function listed(places: readonly string[]): string {
  const shown = places.slice(0, 3).join(', ');
  return places.length > 3 ? `${shown} and ${places.length - 3} more` : shown;
}

/**
 * Why an actor is refused, in words: what they asserted when segregation of duties applies (the
 * default rule would refuse them too), else that the `authorize` policy refused.
 */
function refusalOf(actor: string, action: CountAction, session: CountSession, counters: readonly string[], lines: readonly AssertedLine[]): string {
  const verb = VERBS[action];
  const mine = lines.filter((line) => (line.asserters ?? line.counters).includes(actor));
  if (counters.includes(actor) && !segregationOfDuties({ actor, action, subject: session.id, session, counters })) {
    if (action === 'count.reopen') return `${actor} completed ${listed(mine.map((line) => line.location))} and may not reopen it: segregation of duties`;
    const counted = mine.filter((line) => line.counters.includes(actor));
    const what = counted.length > 0 ? 'counted' : 'decided';
    const places = [...new Set((counted.length > 0 ? counted : mine).map((line) => (action === 'count.decide' ? `${line.sku} at ${line.location}` : line.location)))];
    const where = places.length > 0 ? listed(places) : `lines of session ${session.id}`;
    return `${actor} ${what} ${where} and may not ${verb} ${action === 'count.decide' ? 'it' : `session ${session.id}`}: segregation of duties`;
  }
  return `${actor} may not ${verb} session ${session.id}: the authorize policy refused it`;
}

/** Refuses a command the `authorize` hook does not allow, saying why. @internal */
export async function authorizeCount(
  ctx: EngineContext,
  actor: string,
  action: CountAction,
  session: CountSession,
  counters: readonly string[] = [],
  lines: readonly AssertedLine[] = [],
  path: ErrorPath = [],
): Promise<void> {
  const allowed = await ctx.policies.authorize({ actor, action, subject: session.id, session, counters });
  if (!allowed) {
    const sod = counters.includes(actor) && !segregationOfDuties({ actor, action, subject: session.id, session, counters });
    throw new StocktakeError('not_authorized', refusalOf(actor, action, session, counters, lines), {
      path,
      details: { actor, action, sessionId: session.id, reason: sod ? 'segregation_of_duties' : 'policy' },
    });
  }
}

/** Loads a session by id, or throws `session_not_found`. @internal */
export async function loadSession(tx: StorageTransaction, sessionId: string): Promise<CountSession> {
  const id = parseInput(idSchema, sessionId, ['sessionId']);
  const session = await tx.getSession(id);
  if (!session) throw new StocktakeError('session_not_found', `No count session has id "${id}"`, { path: ['sessionId'] });
  return session;
}

/** Stores a changed session if nobody changed it meanwhile; returns it with its new version. @internal */
export async function saveSession(tx: StorageTransaction, next: CountSession, previous: CountSession): Promise<CountSession> {
  if (!(await tx.updateSession(next, previous.version))) {
    throw new StocktakeError('version_conflict', `Session ${previous.id} changed meanwhile; retry the command`);
  }
  return { ...next, version: previous.version + 1 };
}

/**
 * Refuses a moment someone asserts (a count, a completion, a decision) unless it lies between the
 * session's opening and now plus the engine's allowed clock skew: a handheld with a wrong clock
 * must never date an adjustment before the count began or in the future.
 *
 * @internal
 */
export function assertAssertedAt(ctx: EngineContext, session: CountSession, at: Instant, path: ReadonlyArray<string | number>): void {
  const field = String(path[path.length - 1] ?? 'at');
  if (at < session.openedAt) {
    throw new StocktakeError('invalid_input', `${field} ${at} is before session ${session.id} opened (${session.openedAt})`, {
      path,
      details: { at, openedAt: session.openedAt },
    });
  }
  const latest = toInstant(new Date(ctx.clock.now().getTime() + ctx.clockSkewMs));
  if (at > latest) {
    throw new StocktakeError('invalid_input', `${field} ${at} is in the future: the latest accepted now is ${latest}`, {
      path,
      details: { at, latest, clockSkewMs: ctx.clockSkewMs },
    });
  }
}
