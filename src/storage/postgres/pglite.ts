import type { PgliteDatabase, PgliteTransaction } from './clients.js';
import { createPostgresAdapter, openTransaction, type PostgresStorage, type PostgresStorageOptions, type SqlExecutor, type SqlRunner } from './base.js';
import { driverFault } from './faults.js';
import type { SqlListen } from './feed-listen.js';

/** Options of {@link createPgliteStorage}. */
export type PgliteStorageOptions = PostgresStorageOptions;

/**
 * A storage adapter over a PGlite database the caller owns (in memory, or with a data directory):
 * each stocktake transaction is one `db.transaction`. PGlite runs one transaction at a time, so
 * there is nothing to retry in practice; the same SQL as the `pg` driver runs, so data written
 * here can be dumped and restored into a PostgreSQL server. Run {@link migrate} once before use.
 *
 * @param db - the caller's PGlite instance
 * @param options - schema name, table prefix and retries
 * @returns the storage adapter to pass to `createStocktake`
 * @example
 * ```ts
 * import { PGlite } from '@electric-sql/pglite';
 * import { createStocktake } from 'stocktake';
 * import { createPgliteStorage, migrate } from 'stocktake/postgres';
 *
 * const db = new PGlite('./data/stocktake');
 * const storage = createPgliteStorage(db);
 * await migrate(storage);
 * const st = createStocktake({ storage });
 * ```
 */
export function createPgliteStorage(db: PgliteDatabase, options: PgliteStorageOptions = {}): PostgresStorage {
  const run: SqlRunner = async (fn, runOptions) => {
    let phase = 'begin' as 'begin' | 'work' | 'commit';
    try {
      return await db.transaction(async (tx) => {
        const sql = executor(tx);
        if (runOptions.readOnly) await sql.query('SET TRANSACTION READ ONLY');
        await openTransaction(sql, runOptions);
        phase = 'work';
        const result = await fn(sql);
        phase = 'commit';
        return result;
      });
    } catch (error) {
      // Errors of the engine's work pass as they are; BEGIN, COMMIT and a closed database are the driver's.
      throw phase === 'work' ? error : driverFault(error, phase, db.closed);
    }
  };
  const listen: SqlListen | undefined =
    db.listen === undefined
      ? undefined
      : async (channel, onPayload) => {
          const stop = await db.listen!(channel, onPayload);
          return async () => {
            if (!db.closed) await stop();
          };
        };
  return createPostgresAdapter('pglite', run, options, listen);
}

function executor(tx: PgliteTransaction): SqlExecutor {
  return {
    async query(text, values = []) {
      try {
        const result = await tx.query<Record<string, unknown>>(text, [...values]);
        return { rows: result.rows, rowCount: result.affectedRows ?? result.rows.length };
      } catch (error) {
        throw driverFault(error, 'query');
      }
    },
    async exec(text) {
      try {
        await tx.exec(text);
      } catch (error) {
        throw driverFault(error, 'query');
      }
    },
  };
}
