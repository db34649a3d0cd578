/**
 * The conformance suite on PGlite: one in-memory PGlite for the file, the schema migrated once
 * and its tables emptied between tests.
 */
import * as vitest from 'vitest';
import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll } from 'vitest';
import { createPgliteStorage, migrate } from '../../src/storage/postgres/index.js';
import { runStorageConformance } from '../../src/testing/conformance/index.js';
import { sqlRaw, truncateAllSql } from './postgres-support.js';

const SCHEMA = 'stocktake_conformance';
const db = new PGlite();
const storage = createPgliteStorage(db, { schema: SCHEMA, retry: { baseDelayMs: 1, maxDelayMs: 10 } });

beforeAll(async () => {
  await migrate(storage);
});

afterAll(async () => {
  await db.close();
});

runStorageConformance({
  vitest,
  name: 'pglite',
  createStorage: () => storage,
  reset: async () => {
    await db.exec(truncateAllSql(SCHEMA));
  },
  raw: sqlRaw(async (sql, params) => (await db.query<Record<string, unknown>>(sql, params)).rows, SCHEMA),
  parallelWriters: false,
});
