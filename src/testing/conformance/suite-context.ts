/**
 * What every part of the storage conformance suite shares.
 *
 * @internal
 * @module
 */
import type { StorageAdapter, StorageTransaction } from '../../storage/adapter.js';
import type { ConformanceTestApi, StorageConformanceRaw } from './types.js';

/** The caller's vitest, the raw reader and the adapter of the current test. @internal */
export interface SuiteContext {
  readonly raw: StorageConformanceRaw;
  readonly describe: ConformanceTestApi['describe'];
  readonly it: ConformanceTestApi['it'];
  readonly expect: ConformanceTestApi['expect'];
  /** How many concurrent writers the concurrency rules start. */
  readonly concurrency: number;
  /** The adapter of the current test (a new one per test). */
  readonly storage: () => StorageAdapter;
  /** Runs a read-write transaction on the current adapter. */
  readonly tx: <T>(work: (tx: StorageTransaction) => Promise<T>) => Promise<T>;
}
