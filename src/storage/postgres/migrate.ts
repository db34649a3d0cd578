import type { StorageAdapter } from '../adapter.js';
import { postgresInternals } from './base.js';
import { MIGRATIONS, quoteLiteral, sqlNames, type Migration } from './schema.js';

/** The outcome of {@link migrate}. */
export interface MigrateResult {
  /** Versions applied by this call, in order (empty when the schema was up to date). */
  readonly applied: readonly number[];
  /** The schema version after the call. */
  readonly version: number;
}

/**
 * Creates or upgrades stocktake's schema: applies every migration not yet recorded in the
 * migrations table, in one transaction. Idempotent, and safe to run from several app instances at
 * once: a transaction-scoped advisory lock (`pg_advisory_xact_lock`) on the schema name makes the
 * others wait and then find nothing left to do.
 *
 * @param storage - a storage made by `createPgStorage` or `createPgliteStorage`
 * @returns the versions applied and the current version
 * @example
 * ```ts
 * const storage = createPgStorage(pool, { schema: 'stocktake' });
 * await migrate(storage); // { applied: [1], version: 1 } the first time, { applied: [], version: 1 } after
 * ```
 */
export async function migrate(storage: StorageAdapter): Promise<MigrateResult> {
  const { names, run } = postgresInternals(storage);
  return run(async (sql) => {
    await sql.query(`SELECT pg_advisory_xact_lock(hashtextextended(${names.lockNamespace} || 'migrate', 0))`);
    await sql.exec(
      `CREATE SCHEMA IF NOT EXISTS ${names.schema};
       CREATE TABLE IF NOT EXISTS ${names.table.migrations} (
         version integer PRIMARY KEY,
         name text NOT NULL,
         applied_at timestamptz NOT NULL DEFAULT now()
       );`,
    );
    const { rows } = await sql.query(`SELECT version::text AS version FROM ${names.table.migrations}`);
    const done = new Set(rows.map((row) => Number(row['version'])));
    const applied: number[] = [];
    for (const migration of MIGRATIONS) {
      if (done.has(migration.version)) continue;
      await sql.exec(migration.sql(names));
      await sql.query(`INSERT INTO ${names.table.migrations} (version, name) VALUES ($1::integer, $2)`, [
        String(migration.version),
        migration.name,
      ]);
      applied.push(migration.version);
    }
    const version = Math.max(0, ...done, ...applied);
    return { applied, version };
  });
}

/** One migration as SQL text, for review or for applying with a migration tool of your own. */
export interface MigrationScript {
  /** The version recorded in the migrations table. */
  readonly version: number;
  /** What it does. */
  readonly name: string;
  /** The DDL, with the schema name and table prefix filled in. */
  readonly sql: string;
}

/**
 * The migrations as SQL scripts for a schema name and table prefix, e.g. for a DBA to review or
 * to run through the ERP's own migration tool. Each script ends by recording its version, so
 * {@link migrate} skips it afterwards.
 *
 * @param options - the schema name (`stocktake` by default) and table prefix
 * @returns the scripts in version order
 * @example
 * ```ts
 * for (const script of migrationScripts({ schema: 'inventory' })) console.log(script.sql);
 * ```
 */
export function migrationScripts(options: { readonly schema?: string; readonly tablePrefix?: string } = {}): MigrationScript[] {
  const names = sqlNames({ schema: options.schema ?? 'stocktake', tablePrefix: options.tablePrefix ?? '' });
  return MIGRATIONS.map((migration: Migration) => ({
    version: migration.version,
    name: migration.name,
    sql: `CREATE SCHEMA IF NOT EXISTS ${names.schema};
CREATE TABLE IF NOT EXISTS ${names.table.migrations} (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now());
${migration.sql(names).trim()}
INSERT INTO ${names.table.migrations} (version, name) VALUES (${migration.version}, ${quoteLiteral(migration.name)});
`,
  }));
}
