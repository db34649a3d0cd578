import type { PgPool, PgPoolClient } from './clients.js';
import { createPostgresAdapter, type PostgresStorage, type PostgresStorageOptions, type SqlExecutor, type SqlRunner } from './base.js';

/** Options of {@link createPgStorage}. */
export interface PgStorageOptions extends PostgresStorageOptions {
  /**
   * Isolation level of read-write transactions; `read committed` by default, which is enough
   * because writers take the schema's writer lock first (see the guide). `repeatable read` and
   * `serializable` are accepted for databases that require them; conflicts are retried. Read-only
   * transactions always run as `repeatable read read only`, so all reads of one transaction see
   * one snapshot, and they never wait for writers.
   */
  readonly isolation?: 'read committed' | 'repeatable read' | 'serializable';
}

/**
 * A storage adapter over a `pg` Pool the caller owns: each transaction takes a client from the
 * pool, runs `BEGIN … COMMIT` (or `ROLLBACK`), and releases the client in `finally`. Read-write
 * transactions take the schema's writer lock first, so several app instances sharing one database
 * stay consistent; read-only ones run in parallel on a snapshot. Transactions that lose a race
 * (serialisation failure, deadlock, or a unique key taken by a concurrent transaction) are retried
 * with jittered exponential backoff. Run {@link migrate} once before use.
 *
 * @param pool - the caller's `pg` Pool (stocktake never ends it); typed by what the adapter uses, so
 *   `pg` itself is only needed by projects that use it
 * @param options - schema name, table prefix, retries and isolation level
 * @returns the storage adapter to pass to `createStocktake`
 * @example
 * ```ts
 * import pg from 'pg';
 * import { createStocktake } from 'stocktake';
 * import { createPgStorage, migrate } from 'stocktake/postgres';
 *
 * const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });
 * const storage = createPgStorage(pool, { schema: 'stocktake' });
 * await migrate(storage);
 * const st = createStocktake({ storage });
 * ```
 */
export function createPgStorage(pool: PgPool, options: PgStorageOptions = {}): PostgresStorage {
  const isolation = (options.isolation ?? 'read committed').toUpperCase();
  if (!['READ COMMITTED', 'REPEATABLE READ', 'SERIALIZABLE'].includes(isolation)) {
    throw new TypeError(`Unknown isolation level "${options.isolation ?? ''}"`);
  }
  const run: SqlRunner = async (fn, { readOnly }) => {
    const client = await pool.connect();
    let broken: Error | undefined;
    try {
      await client.query(readOnly ? 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY' : `BEGIN ISOLATION LEVEL ${isolation}`);
      try {
        const result = await fn(executor(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        // A failed ROLLBACK means the connection is unusable: hand it back as broken so the pool drops it.
        await client.query('ROLLBACK').catch((rollbackError: unknown) => {
          broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
        });
        throw error;
      }
    } finally {
      client.release(broken);
    }
  };
  return createPostgresAdapter('postgres', run, options);
}

function executor(client: PgPoolClient): SqlExecutor {
  return {
    async query(text, values = []) {
      const result = await client.query(text, [...values]);
      return { rows: result.rows as Array<Record<string, unknown>>, rowCount: result.rowCount ?? 0 };
    },
    async exec(text) {
      await client.query(text);
    },
  };
}
