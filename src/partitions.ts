/**
 * Which partition (warehouse) a location belongs to, and the write scope of each command: the
 * engine's side of writes partitioned by warehouse (the adapters take the locks).
 *
 * What each command locks, and why that is enough:
 * - a ledger post (`post`, `postMany`): the partitions of its lines' locations, from and to (a
 *   transfer WH1 → WH2 takes both, in sorted order). Everything it reads that another writer may
 *   change lies in them: the balances, postings, count records and location count records of
 *   its keys. The freeze guard reads every counting session, but only asks whether one covers
 *   the movement's keys; a session covering a key of partition P is only ever changed by a
 *   writer holding P (count commands lock all their session's partitions), so that answer cannot
 *   change under the post. The catalog (items, locations) is read under the shared catalog lock.
 * - a count command on a session: the partitions of the session's resolved locations. A scope by
 *   locations, skus, classes or keys resolves to concrete locations when the session opens and
 *   never changes, so its keys, entries, marks and adjustments all lie in those partitions;
 *   starting a session checks overlap with every open session, and two sessions can only share
 *   keys if they share a partition, which then serialises them.
 * - opening a session, resolving an exception, and any write without a better bound: the whole
 *   store (opening resolves the scope and reads every open session, so its partitions are not
 *   known before it runs).
 * - catalog writes and `audit.append`: the catalog scope.
 *
 * @internal
 * @module
 */
import type { EngineContext } from './context.js';
import { StocktakeError } from './errors.js';
import type { StorageTransaction, WriteScope } from './storage/adapter.js';
import { comparePartitions, partitionNameProblem, writeInScope } from './storage/scope.js';

/**
 * Maps a location path to its partition. The default takes the first segment (`WH1/A/01` →
 * `WH1`); a custom one must give every location its partition as a non-empty string of at most
 * 200 characters without control characters, the same in every process sharing the storage.
 */
export type PartitionBy = (location: string) => string;

/**
 * The default {@link PartitionBy}: the first segment of the path, the warehouse.
 *
 * @param location - a location path such as `WH1/A/01`
 * @returns its first segment, `WH1`
 * @example
 * ```ts
 * firstSegment('WH1/A/01'); // 'WH1'
 * ```
 */
export function firstSegment(location: string): string {
  const slash = location.indexOf('/');
  return slash === -1 ? location : location.slice(0, slash);
}

/**
 * A validated partition function: a result that is not a usable partition name, or a throw,
 * ends in `invalid_partition` with the path of the option, changing nothing.
 *
 * @internal
 */
export function checkedPartitionBy(partitionBy: PartitionBy | undefined): PartitionBy {
  if (partitionBy === undefined) return interned(firstSegment);
  return interned((location) => {
    let partition: unknown;
    try {
      partition = partitionBy(location);
    } catch (error) {
      throw new StocktakeError('invalid_partition', `partitionBy threw for location "${location}"`, { path: ['options', 'partitionBy'], cause: error, details: { location } });
    }
    const problem = partitionNameProblem(partition);
    if (problem !== undefined) {
      throw new StocktakeError('invalid_partition', `partitionBy("${location}"): ${problem}`, { path: ['options', 'partitionBy'], details: { location } });
    }
    return partition as string;
  });
}

/** How many partition names {@link interned} remembers before it starts again. */
const MAX_INTERNED = 4096;

/**
 * The same partition function, handing out one string per partition name: every audit event
 * keeps the name of its chain, and `firstSegment` makes a new copy of it for every command
 * (about 24 bytes per stored movement in memory).
 */
function interned(partitionOf: PartitionBy): PartitionBy {
  const names = new Map<string, string>();
  return (location) => {
    const name = partitionOf(location);
    const known = names.get(name);
    if (known !== undefined) return known;
    // A bound, not an eviction policy: stores have a few warehouses, and a miss only costs a copy.
    if (names.size >= MAX_INTERNED) names.clear();
    names.set(name, name);
    return name;
  };
}

/**
 * The write scope of some locations: their partitions (the store when there are none).
 *
 * @internal
 */
export function scopeOfLocations(ctx: EngineContext, locations: Iterable<string>): WriteScope {
  const partitions = new Set<string>();
  for (const location of locations) partitions.add(ctx.partitionOf(location));
  return partitions.size === 0 ? 'store' : { partitions: [...partitions].sort(comparePartitions) };
}

/**
 * Runs a read-write transaction in a scope, with the audit chain that scope writes to.
 *
 * @internal
 */
export function writeIn<T>(ctx: EngineContext, scope: WriteScope, work: (tx: StorageTransaction) => Promise<T>): Promise<T> {
  return writeInScope(ctx.storage, scope, work);
}

/**
 * The write scope of a count session's commands: the partitions of its resolved locations, read
 * once per session (the scope never changes after opening). An unknown session gets the store
 * scope; the command then fails on its own with `session_not_found`.
 *
 * @internal
 */
export async function sessionScope(ctx: EngineContext, sessionId: string): Promise<WriteScope> {
  const known = ctx.sessionScopes.get(sessionId);
  if (known !== undefined) return known;
  const session = typeof sessionId === 'string' ? await ctx.storage.transaction((tx) => tx.getSession(sessionId), { readOnly: true }) : undefined;
  if (session === undefined) return 'store';
  const scope = scopeOfLocations(ctx, session.scope.locations);
  // A small bounded memo: dropping one only costs a read.
  if (ctx.sessionScopes.size >= 1000) ctx.sessionScopes.delete(ctx.sessionScopes.keys().next().value!);
  ctx.sessionScopes.set(sessionId, scope);
  return scope;
}
