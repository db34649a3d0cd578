/**
 * The conformance suite on a real PostgreSQL server, when `STOCKTAKE_PG_URL` is set (CI sets it).
 * The file uses its own schema, emptied between tests and dropped at the end.
 */
import * as vitest from 'vitest';
import pg from 'pg';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { createPgStorage, migrate } from '../../src/storage/postgres/index.js';
import { runStorageConformance } from '../../src/testing/conformance/index.js';
import { sqlRaw, truncateAllSql } from './postgres-support.js';

const url = process.env['STOCKTAKE_PG_URL'];

describe.skipIf(url === undefined)('postgres server (skipped unless STOCKTAKE_PG_URL is set, e.g. postgres://postgres@127.0.0.1:5432/test)', () => {
  if (url === undefined) {
    it('runs the storage conformance suite on a real PostgreSQL server', () => {});
    return;
  }
  const SCHEMA = `stocktake_conformance_${process.pid}`;
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  const storage = createPgStorage(pool, { schema: SCHEMA, retry: { baseDelayMs: 1, maxDelayMs: 20 } });

  beforeAll(async () => {
    await pool.query(`DROP SCHEMA IF EXISTS "${SCHEMA}" CASCADE`);
    await migrate(storage);
  });

  afterAll(async () => {
    await pool.query(`DROP SCHEMA IF EXISTS "${SCHEMA}" CASCADE`);
    await pool.end();
  });

  runStorageConformance({
    vitest,
    name: 'postgres',
    createStorage: () => storage,
    reset: async () => {
      await pool.query(truncateAllSql(SCHEMA));
    },
    raw: sqlRaw(async (sql, params) => (await pool.query(sql, params)).rows as Array<Record<string, unknown>>, SCHEMA),
  });
});
