/**
 * Write scopes: what a read-write transaction may change, so that writers of different
 * partitions (warehouses) run at the same time while writers of one partition stay serialised.
 *
 * An adapter maps a scope onto its locks ({@link resolveWriteScope}); the engine picks the audit
 * chain of a transaction from its scope ({@link auditChainOfScope}).
 *
 * @internal
 * @module
 */
import { StocktakeError, type ErrorPath } from '../errors.js';
import type { StorageTransaction, WriteScope } from './adapter.js';

/** The longest partition name, in characters. */
export const MAX_PARTITION_LENGTH = 200;

/**
 * A write scope checked and put in its canonical form: partitions distinct and sorted (the order
 * every adapter takes their locks in, so two writers never wait for each other in a cycle).
 *
 * @internal
 */
export type ResolvedWriteScope =
  | { readonly kind: 'store' }
  | { readonly kind: 'catalog' }
  | { readonly kind: 'partitions'; readonly partitions: readonly string[] };

/**
 * Why a partition name is refused, or `undefined` when it is a good one: a non-empty string of at
 * most {@link MAX_PARTITION_LENGTH} characters without control characters or lone surrogates.
 *
 * @internal
 */
export function partitionNameProblem(name: unknown): string | undefined {
  if (typeof name !== 'string') return `a partition name must be a string, not ${name === null ? 'null' : typeof name}`;
  if (name.length === 0) return 'a partition name must not be empty';
  if (name.length > MAX_PARTITION_LENGTH) return `a partition name has at most ${MAX_PARTITION_LENGTH} characters`;
  if (/[\u0000-\u001f\u007f]/.test(name)) return 'a partition name must not hold control characters';
  if (/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(name)) return 'a partition name must not hold lone surrogates';
  return undefined;
}

/**
 * Checks a scope and returns its canonical form; `'store'` when omitted. An empty partition list
 * is the store scope: a writer that names no partition may touch anything.
 *
 * @param scope - the scope a caller gave
 * @param path - where the scope sits in the caller's input, for the error
 * @returns the canonical scope
 * @throws StocktakeError `invalid_partition` with the path of the bad field
 * @internal
 */
export function resolveWriteScope(scope: unknown, path: ErrorPath = ['options', 'scope']): ResolvedWriteScope {
  if (scope === undefined || scope === 'store') return { kind: 'store' };
  if (scope === 'catalog') return { kind: 'catalog' };
  if (typeof scope !== 'object' || scope === null || !Array.isArray((scope as { partitions?: unknown }).partitions)) {
    throw new StocktakeError('invalid_partition', `A write scope is 'store', 'catalog' or { partitions: string[] }`, { path });
  }
  const given = (scope as { partitions: readonly unknown[] }).partitions;
  given.forEach((name, index) => {
    const problem = partitionNameProblem(name);
    if (problem !== undefined) throw new StocktakeError('invalid_partition', `Partition ${index}: ${problem}`, { path: [...path, 'partitions', index] });
  });
  const partitions = [...new Set(given as readonly string[])].sort(comparePartitions);
  return partitions.length === 0 ? { kind: 'store' } : { kind: 'partitions', partitions };
}

/**
 * The order partitions are locked in: by UTF-16 code units, the same in every process.
 *
 * @internal
 */
export function comparePartitions(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The audit chain a transaction of this scope appends to: its first partition, or the store
 * chain (`undefined`) for the catalog and store scopes. The writer holds that partition's lock
 * (or the catalog or store lock, which exclude each other's writers of the store chain), so one
 * chain has one writer at a time.
 *
 * @internal
 */
export function auditChainOfScope(scope: ResolvedWriteScope): string | undefined {
  return scope.kind === 'partitions' ? scope.partitions[0] : undefined;
}

const chains = new WeakMap<object, string>();

/**
 * Runs a read-write transaction of a scope, remembering for its transaction object the audit
 * chain it appends to (see {@link auditChainOf}).
 *
 * @internal
 */
export function writeInScope<T>(
  storage: { transaction: <R>(work: (tx: StorageTransaction) => Promise<R>, options?: { scope?: WriteScope }) => Promise<R> },
  scope: WriteScope,
  work: (tx: StorageTransaction) => Promise<T>,
): Promise<T> {
  const chain = auditChainOfScope(resolveWriteScope(scope));
  return storage.transaction((tx) => {
    if (chain !== undefined) chains.set(tx, chain);
    return work(tx);
  }, { scope });
}

/**
 * The audit chain of a transaction started by {@link writeInScope}; the store chain
 * (`undefined`) for any other.
 *
 * @internal
 */
export function auditChainOf(tx: StorageTransaction): string | undefined {
  return chains.get(tx);
}
