/**
 * The advisory locks a read-write transaction takes on PostgreSQL, by write scope: two levels,
 * so writers of different partitions (warehouses) run at the same time.
 *
 * - the store lock (the key the single writer lock had, so a process of an older version, which
 *   takes it exclusively, still excludes every writer of this one): a `'store'` writer holds it
 *   exclusively, every other writer shared;
 * - the catalog lock: a `'catalog'` writer holds it exclusively, a partition writer shared, so
 *   the items, locations and costs a partition writer reads in several statements cannot change
 *   under it;
 * - one lock per partition (a hash of the schema, the table prefix and the partition name): a
 *   partition writer holds each of its partitions exclusively.
 *
 * Every writer takes its locks in the same order, store, catalog, then partitions sorted by name
 * ({@link comparePartitions}), so no two writers ever wait for each other in a cycle: a transfer
 * between WH1 and WH2 and one between WH2 and WH1 both lock WH1 first. A collision of two 64-bit
 * partition hashes would only make those two partitions share a lock.
 *
 * @internal
 * @module
 */
import type { ResolvedWriteScope } from '../scope.js';
import { quoteLiteral, type SqlNames } from './schema.js';

/** One advisory lock: the SQL expression (no parameters) of its bigint key and its mode. @internal */
export interface AdvisoryLock {
  readonly key: string;
  readonly shared: boolean;
}

/**
 * The locks of a write scope, in the order they must be taken.
 *
 * @internal
 */
export function locksOfScope(names: SqlNames, scope: ResolvedWriteScope): AdvisoryLock[] {
  const key = (name: string): string => `hashtextextended(${names.lockNamespace} || ${quoteLiteral(name)}, 0)`;
  const store = key('writer');
  if (scope.kind === 'store') return [{ key: store, shared: false }];
  const catalog = key('catalog');
  if (scope.kind === 'catalog') return [{ key: store, shared: true }, { key: catalog, shared: false }];
  return [
    { key: store, shared: true },
    { key: catalog, shared: true },
    // The unit separator keeps a partition's key apart from 'writer' and 'catalog' whatever its name.
    ...scope.partitions.map((partition) => ({ key: key(`partition\u001f${partition}`), shared: false })),
  ];
}

/**
 * The statements that take the locks, one at a time and in order (one statement per lock: the
 * order of calls within one SELECT list is not guaranteed). Transaction-scoped locks end with
 * the transaction; session-scoped ones (taken before `BEGIN` at REPEATABLE READ and SERIALIZABLE)
 * with {@link unlockStatements}.
 *
 * @internal
 */
export function lockStatements(locks: readonly AdvisoryLock[], scope: 'transaction' | 'session'): string[] {
  const fn = scope === 'transaction' ? 'pg_advisory_xact_lock' : 'pg_advisory_lock';
  return locks.map((lock) => `SELECT ${fn}${lock.shared ? '_shared' : ''}(${lock.key})`);
}

/**
 * The statement that releases session-scoped locks, in the reverse order. Releasing a lock this
 * session does not hold only warns, so it is safe after a partial acquisition.
 *
 * @internal
 */
export function unlockStatement(locks: readonly AdvisoryLock[]): string {
  const calls = [...locks].reverse().map((lock) => `pg_advisory_unlock${lock.shared ? '_shared' : ''}(${lock.key})`);
  return `SELECT ${calls.join(', ')}`;
}
