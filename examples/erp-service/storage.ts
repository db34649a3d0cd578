/**
 * Opens the PostgreSQL storage: a PostgreSQL server when `STOCKTAKE_PG_URL` is set, otherwise
 * PGlite (embedded PostgreSQL) with a data directory, by default `examples/erp-service/data/`.
 */
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import type { StorageAdapter } from 'stocktake';
import { createPgliteStorage, createPgStorage, migrate } from 'stocktake/postgres';

/** An opened storage and how to close it. */
export interface OpenedStorage {
  readonly storage: StorageAdapter;
  /** Where the data lives, for the log. */
  readonly description: string;
  /** Closes the pool or the database. */
  close(): Promise<void>;
}

/**
 * Opens and migrates the storage.
 *
 * @param env - `STOCKTAKE_PG_URL` (a PostgreSQL connection string) and `STOCKTAKE_PG_SCHEMA` (default `stocktake`),
 *   or `STOCKTAKE_DATA_DIR` (PGlite's directory; `memory://` for none)
 * @returns the storage
 */
export async function openStorage(env: Record<string, string | undefined> = process.env): Promise<OpenedStorage> {
  const url = env['STOCKTAKE_PG_URL'];
  if (url !== undefined && url !== '') {
    const pool = new pg.Pool({ connectionString: url });
    const schema = env['STOCKTAKE_PG_SCHEMA'];
    const storage = createPgStorage(pool, schema === undefined || schema === '' ? {} : { schema });
    await migrate(storage);
    return { storage, description: `PostgreSQL at ${new URL(url).host}`, close: () => pool.end() };
  }
  const dir = env['STOCKTAKE_DATA_DIR'] ?? fileURLToPath(new URL('./data/', import.meta.url));
  if (!dir.startsWith('memory://')) await mkdir(dir, { recursive: true });
  const db = await PGlite.create(dir);
  const storage = createPgliteStorage(db);
  await migrate(storage);
  return { storage, description: `PGlite in ${dir}`, close: () => db.close() };
}
