/**
 * Opening, starting, reading and cancelling count sessions.
 *
 * @internal
 * @module
 */
import { z } from 'zod';
import { idSchema } from '../../catalog/schemas.js';
import { StocktakeError } from '../../errors.js';
import type { StocktakeEvent } from '../../events.js';
import { stockKeyId } from '../../ledger/key.js';
import { omitUndefined } from '../../ledger/prepare.js';
import { D, formatDecimal, type Dec } from '../../quantity/decimal.js';
import type { StorageTransaction } from '../../storage/adapter.js';
import type { Instant } from '../../time.js';
import { parseInput, type DeepReadonly } from '../../validate.js';
import { loadLedgerSlice } from '../ledger-slice.js';
import { cancelCountInputSchema, openCountInputSchema, type CancelCountInput, type OpenCountInput } from '../schemas.js';
import { overlappingLocations, resolveScope, scopeFilterOf } from '../scope.js';
import { cancelSession, startCounting } from '../session.js';
import { splitTasks } from '../tasks.js';
import type { CountSession, CountState, SnapshotLine } from '../types.js';
import { authorizeCount, emitAll, inReadOnly, inSessionTransaction, inTransaction, loadSession, nowOf, saveSession, type CountContext } from './context.js';

/** `counts.open`. @internal */
export async function openCount(ctx: CountContext, input: DeepReadonly<OpenCountInput>): Promise<CountSession> {
  const parsed = parseInput(openCountInputSchema, input);
  const at = nowOf(ctx);
  const id = parsed.id ?? ctx.ids.next('count');
  const { session, events } = await inTransaction(ctx, async (tx) => {
    if (await tx.getSession(id)) throw new StocktakeError('invalid_state', `Session ${id} exists`, { path: ['id'] });
    const defined = (await tx.listLocations()).map((location) => location.id);
    const known = new Set(defined);
    for (const [index, key] of (parsed.scope.keys ?? []).entries()) {
      if (!known.has(key.location)) {
        throw new StocktakeError('location_not_found', `No location has id "${key.location}"`, { path: ['scope', 'keys', index, 'location'] });
      }
    }
    const holding = parsed.scope.locations || parsed.scope.keys ? [] : await tx.listBalances({});
    const items = new Map((await tx.listItems()).map((item) => [item.sku, item]));
    const scope = resolveScope(parsed.scope, defined, holding, items);
    if (scope.locations.length === 0) {
      throw new StocktakeError('out_of_scope', 'The scope matches no location', { path: ['scope'] });
    }
    let session: CountSession = omitUndefined({
      id,
      version: 1,
      state: parsed.draft ? 'draft' : 'counting',
      mode: parsed.mode,
      purpose: parsed.purpose,
      scope,
      blind: parsed.blind,
      movementPolicy: parsed.movementPolicy,
      recount: parsed.recount,
      maxRounds: parsed.maxRounds,
      tolerance: parsed.tolerance ? omitUndefined(parsed.tolerance) : undefined,
      name: parsed.name,
      openedAt: at,
      openedBy: parsed.actor,
      counters: parsed.counters,
      teams: parsed.teams,
      split: parsed.tasks,
      round: 1,
      tasks: [],
      overrides: [],
      decisions: {},
      sample: parsed.sample as CountSession['sample'],
    }) as CountSession;
    if (!parsed.draft) await refuseOverlap(tx, session);
    const snapshot = await snapshotAt(tx, session, at);
    const keysPerLocation = new Map<string, number>();
    for (const line of snapshot) keysPerLocation.set(line.key.location, (keysPerLocation.get(line.key.location) ?? 0) + 1);
    session = { ...session, tasks: splitTasks(scope.locations, keysPerLocation, parsed.tasks, parsed.counters, ctx.ids) };
    await authorizeCount(ctx, parsed.actor, 'count.open', session);
    await tx.insertSession(session);
    if (!parsed.draft) await tx.insertSnapshot(id, snapshot);
    await ctx.audit(tx, { actor: parsed.actor, action: 'count.open', subject: id, data: { ...parsed, keys: snapshot.length } });
    const events: StocktakeEvent[] = [{ type: 'count.opened', session }];
    return { session, events: await ctx.publish(tx, events) };
  });
  emitAll(ctx, events);
  return session;
}

/** `counts.start`: a draft starts counting; the snapshot is taken now. @internal */
export async function startCount(ctx: CountContext, sessionId: string, input: { actor: string }): Promise<CountSession> {
  const actor = parseInput(idSchema, input?.actor, ['actor']);
  const at = nowOf(ctx);
  return inSessionTransaction(ctx, sessionId, async (tx) => {
    const session = await loadSession(tx, sessionId);
    await authorizeCount(ctx, actor, 'count.open', session);
    await refuseOverlap(tx, session);
    const started = await saveSession(tx, startCounting(session, at), session);
    await tx.insertSnapshot(session.id, await snapshotAt(tx, started, at));
    await ctx.audit(tx, { actor, action: 'count.start', subject: session.id, data: {} });
    return started;
  });
}

/** `counts.get`. @internal */
export function getCount(ctx: CountContext, sessionId: string): Promise<CountSession> {
  return inReadOnly(ctx, (tx) => loadSession(tx, sessionId));
}

/** `counts.list`. @internal */
export async function listCounts(ctx: CountContext, filter: DeepReadonly<{ states?: CountSession['state'][] }> = {}): Promise<CountSession[]> {
  const parsed = parseInput(listCountsFilterSchema, filter, ['filter']);
  return inReadOnly(ctx, (tx) => tx.listSessions(omitUndefined(parsed)));
}

const listCountsFilterSchema = z
  .object({ states: z.array(z.enum(['draft', 'counting', 'reviewing', 'approved', 'posted', 'cancelled'] satisfies CountState[])).optional() })
  .strict();

/** `counts.cancel`. @internal */
export async function cancelCount(ctx: CountContext, sessionId: string, input: DeepReadonly<CancelCountInput>): Promise<CountSession> {
  const parsed = parseInput(cancelCountInputSchema, input);
  const at = nowOf(ctx);
  return inSessionTransaction(ctx, sessionId, async (tx) => {
    const session = await loadSession(tx, sessionId);
    await authorizeCount(ctx, parsed.actor, 'count.cancel', session);
    const cancelled = await saveSession(tx, cancelSession(session, { actor: parsed.actor, at, reason: parsed.reason }), session);
    await ctx.audit(tx, { actor: parsed.actor, action: 'count.cancel', subject: session.id, data: { reason: parsed.reason } });
    return cancelled;
  });
}

/**
 * A key belongs to at most one open session: a session that would share keys with a counting,
 * reviewing or approved one is refused, naming them. (A draft holds no keys until it starts.)
 */
async function refuseOverlap(tx: StorageTransaction, session: CountSession): Promise<void> {
  const open = await tx.listSessions({ states: ['counting', 'reviewing', 'approved'] });
  const overlaps = open
    .filter((other) => other.id !== session.id)
    .map((other) => ({ sessionId: other.id, locations: overlappingLocations(session.scope, other.scope) }))
    .filter((overlap) => overlap.locations.length > 0);
  if (overlaps.length > 0) {
    throw new StocktakeError(
      'overlapping_session',
      `The scope shares keys with open session(s) ${overlaps.map((o) => o.sessionId).join(', ')} (at ${overlaps[0]!.locations.slice(0, 3).join(', ')}${overlaps[0]!.locations.length > 3 ? ', …' : ''}): a key belongs to at most one open session`,
      { path: ['scope'], details: { sessions: overlaps } },
    );
  }
}

/** The book quantity of every key in scope as of `at`. */
async function snapshotAt(tx: StorageTransaction, session: CountSession, at: Instant): Promise<SnapshotLine[]> {
  const inScope = scopeFilterOf(session);
  const { balances, postings } = await loadLedgerSlice(tx, session.scope.locations, at, at);
  const items = await tx.getItems([...new Set(balances.map((b) => b.key.sku))]);
  const later = new Map<string, Dec>();
  for (const posting of postings) {
    if (posting.occurredAt <= at) continue;
    const id = stockKeyId(posting.key);
    later.set(id, (later.get(id) ?? new D(0)).plus(posting.delta));
  }
  const lines: SnapshotLine[] = [];
  for (const balance of balances) {
    const item = items.get(balance.key.sku);
    if (!item || !inScope(balance.key)) continue;
    const qty = new D(balance.qty).minus(later.get(stockKeyId(balance.key)) ?? 0);
    if (!qty.isZero()) lines.push({ key: balance.key, qty: formatDecimal(qty) });
  }
  return lines;
}
