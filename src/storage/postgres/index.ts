/**
 * PostgreSQL storage for stocktake: `createPgStorage(pool)` for a `pg` Pool, and
 * `createPgliteStorage(db)` for PGlite (embedded PostgreSQL, in memory or with a data directory).
 * Both run the same SQL; {@link migrate} creates or upgrades the schema. `pg` and
 * `@electric-sql/pglite` are optional peer dependencies: install the one you use.
 *
 * @example
 * ```ts
 * import pg from 'pg';
 * import { createStocktake } from 'stocktake';
 * import { createPgStorage, migrate } from 'stocktake/postgres';
 *
 * const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });
 * const storage = createPgStorage(pool);
 * await migrate(storage);
 * const st = createStocktake({ storage });
 * ```
 *
 * @module stocktake/postgres
 */
export type { PostgresStorage, PostgresStorageOptions, RetryOptions } from './base.js';
export { createPgStorage, type PgStorageOptions } from './pg.js';
export { createPgliteStorage, type PgliteStorageOptions } from './pglite.js';
export type { PgNotification, PgPool, PgPoolClient, PgQueryConfig, PgQueryResult, PgliteDatabase, PgliteQueryResult, PgliteTransaction } from './clients.js';
export { migrate, migrationScripts, type MigrateResult, type MigrationScript } from './migrate.js';
