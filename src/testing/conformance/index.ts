/**
 * The storage conformance suite: every rule a storage adapter must keep, registered with the vitest
 * module you pass in (`runStorageConformance({ vitest, ... })`). Needs `fast-check` (an optional
 * peer dependency); vitest is the caller's, never imported here, so this path also loads from
 * CommonJS.
 *
 * @module stocktake/testing/conformance
 */
import type { StorageAdapter, StorageTransaction } from '../../storage/adapter.js';
import { registerAuditConformance } from './audit-suite.js';
import { registerCatalogConformance } from './catalog-suite.js';
import { registerCountConformance } from './count-suite.js';
import { registerCountProperties } from './count-properties.js';
import { registerFeedConformance } from './feed-suite.js';
import { registerHardenedInput } from './hardened-input.js';
import { registerLedgerConformance } from './ledger-suite.js';
import { registerLedgerProperties } from './ledger-properties.js';
import { registerPartitionConformance } from './partition-suite.js';
import type { SuiteContext } from './suite-context.js';
import type { StorageConformanceOptions } from './types.js';


export type {
  RawAuditRow,
  RawBalanceRow,
  RawEntryRow,
  RawFeedRow,
  RawMovementRow,
  RawPostingRow,
  RawRowCounts,
  RawSessionRow,
  ConformanceAssertion,
  ConformanceExpect,
  ConformanceTestApi,
  StorageConformanceOptions,
  StorageConformanceRaw,
} from './types.js';


/**
 * Registers the storage conformance suite with vitest: every rule a storage adapter must keep,
 * each as a test named after the rule, checked through raw reads of the store (not through the
 * adapter under test), plus the ledger and count property tests run through the engine on the
 * adapter. Call it at the top level of a test file.
 *
 * @param options - the adapter factory, the reset and the raw reader
 * @returns nothing; the tests are registered with vitest
 * @example
 * ```ts
 * import { PGlite } from '@electric-sql/pglite';
 * import { createPgliteStorage, migrate } from 'stocktake/postgres';
 * import { runStorageConformance } from 'stocktake/testing/conformance';
 * import * as vitest from 'vitest';
 *
 * const db = new PGlite();
 * runStorageConformance({
 *   vitest,
 *   name: 'pglite',
 *   createStorage: () => createPgliteStorage(db),
 *   reset: async () => { await db.exec('DROP SCHEMA IF EXISTS stocktake CASCADE'); await migrate(createPgliteStorage(db)); },
 *   raw: myRawReader(db),
 * });
 * ```
 */
export function runStorageConformance(options: StorageConformanceOptions): void {
  const { raw } = options;
  const { describe, it, expect, beforeEach } = options.vitest;
  const concurrency = options.concurrency ?? 8;
  let storage!: StorageAdapter;
  const fresh = async (): Promise<StorageAdapter> => {
    await options.reset();
    storage = await options.createStorage();
    return storage;
  };
  const tx = <T>(work: (tx: StorageTransaction) => Promise<T>) => storage.transaction(work);

  const suite: SuiteContext = { raw, describe, it, expect, concurrency, storage: () => storage, tx };

  describe(`storage conformance: ${options.name}`, () => {
    beforeEach(async () => {
      await fresh();
    });
    registerCatalogConformance(suite);
    registerLedgerConformance(suite);
    registerCountConformance(suite);
    registerAuditConformance(suite);
    registerFeedConformance(suite);
    registerLedgerProperties({ options, fresh });
    registerCountProperties({ options, fresh });
    registerHardenedInput({ options, fresh });
    registerPartitionConformance(suite, { options, fresh }, options.parallelWriters ?? true);
  });
}
