/**
 * Independent reads of one transaction, together where the store can.
 *
 * @internal
 * @module
 */
import type { StorageTransaction } from './adapter.js';

/**
 * Runs independent reads of a transaction: through the adapter's
 * {@link StorageTransaction.readTogether} when it has one (one round trip on PostgreSQL), else one
 * after the other, as if each were awaited in turn.
 *
 * @internal
 */
export async function readTogether<T extends readonly unknown[]>(
  tx: StorageTransaction,
  reads: { readonly [K in keyof T]: (tx: StorageTransaction) => Promise<T[K]> },
): Promise<T> {
  if (tx.readTogether !== undefined) return tx.readTogether<T>(reads);
  const results: unknown[] = [];
  for (const read of reads as ReadonlyArray<(tx: StorageTransaction) => Promise<unknown>>) results.push(await read(tx));
  return results as unknown as T;
}
