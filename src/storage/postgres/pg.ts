import type { PgNotification, PgPool, PgPoolClient, PgQueryResult } from './clients.js';
import type { SqlListen } from './feed-listen.js';
import {
  createPostgresAdapter,
  openingScript,
  type PostgresStorage,
  type PostgresStorageOptions,
  type SqlExecutor,
  type SqlRunner,
  type SqlRunOptions,
} from './base.js';
import { driverFault, isConnectionError, sqlState, type FaultPhase } from './faults.js';
import { lockStatements, unlockStatement, type AdvisoryLock } from './partition-locks.js';

/** Options of {@link createPgStorage}. */
export interface PgStorageOptions extends PostgresStorageOptions {
  /**
   * Isolation level of read-write transactions; `read committed` by default, which is enough
   * because writers take the locks of their write scope first (see the guide). `repeatable read` and
   * `serializable` are accepted for databases that require them; conflicts are retried, and at
   * those levels the writer locks are taken before `BEGIN`, so a writer's snapshot always includes
   * the previous writer's commit. Read-only
   * transactions always run as `repeatable read read only`, so all reads of one transaction see
   * one snapshot, and they never wait for writers.
   */
  readonly isolation?: 'read committed' | 'repeatable read' | 'serializable';
  /**
   * Run the hot statements of posting (the batch's combined read, the movement append, the audit
   * and feed inserts) as named prepared statements, parsed once per connection; `true` by
   * default. Set `false` behind a pooler that hands one session's statements to several server
   * connections without tracking prepared statements (PgBouncer in transaction mode before 1.21,
   * or without `max_prepared_statements`).
   */
  readonly preparedStatements?: boolean;
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
  watchPool(pool);
  const run: SqlRunner = async (fn, runOptions) => {
    const client = await pool.connect().catch((error: unknown) => {
      // A refused or dropped socket is a lost connection; a server's answer (a wrong password, no such database) is not.
      throw driverFault(error, 'connect', sqlState(error) === undefined);
    });
    const checkout = new Checkout(client, options.preparedStatements ?? true);
    try {
      return await checkout.transaction(fn, runOptions, isolation);
    } finally {
      await checkout.release();
    }
  };
  return createPostgresAdapter('postgres', run, options, listenOn(pool));
}

/**
 * Listening on a client of the caller's pool, held for as long as someone follows the feed (one
 * connection per adapter, whatever the number of followers); end followers before ending the pool.
 */
function listenOn(pool: PgPool): SqlListen {
  return async (channel, onPayload, onLost) => {
    const client = await pool.connect();
    let lost = false;
    const onNotification = (message: PgNotification): void => {
      if (message.channel === channel) onPayload(message.payload ?? '');
    };
    const onError = (): void => {
      if (lost) return;
      lost = true;
      client.off('notification', onNotification);
      client.release(true);
      onLost();
    };
    client.on('notification', onNotification);
    client.on('error', onError);
    try {
      await client.query(`LISTEN ${channel}`);
    } catch (error) {
      client.off('notification', onNotification);
      client.release(true);
      throw error;
    }
    return async () => {
      if (lost) return;
      lost = true;
      client.off('notification', onNotification);
      try {
        await client.query(`UNLISTEN ${channel}`);
        client.off('error', onError);
        client.release();
      } catch {
        client.release(true);
      }
    };
  };
}

const watchedPools = new WeakSet<PgPool>();
const watchedClients = new WeakSet<PgPoolClient>();
const ignore = (): void => {};

/**
 * An idle client whose connection dies makes the Pool emit `'error'`, and a checked-out client
 * emits `'error'` itself: either kills the process when nobody listens. The Pool is the caller's;
 * stocktake adds one listener to it and one to each client it hands out (on `'acquire'`, before
 * the Pool stops listening to it: a backend terminated right after connecting sends its error in
 * the same packet as "ready"). Both ignore the error: the Pool drops a broken idle client, and a
 * query on a broken checked-out client rejects, which is how stocktake learns of it.
 */
function watchPool(pool: PgPool): void {
  if (watchedPools.has(pool) || typeof pool.on !== 'function') return;
  watchedPools.add(pool);
  pool.on('error', ignore);
  pool.on('acquire', (client: PgPoolClient) => {
    if (watchedClients.has(client)) return;
    watchedClients.add(client);
    client.on('error', ignore);
  });
}

/**
 * One checked-out client: listens for its `'error'` event the whole time (a terminated backend
 * emits one, and an unheard one kills the process), and hands it back as broken when the
 * connection failed, so the Pool drops it.
 */
class Checkout {
  private lost: Error | undefined;
  private broken: Error | undefined;
  private sessionLocks: readonly AdvisoryLock[] | undefined;
  private readonly onError = (error: Error) => {
    this.lost ??= error;
  };

  constructor(
    private readonly client: PgPoolClient,
    private readonly prepared: boolean,
  ) {
    client.on('error', this.onError);
  }

  /** Runs one statement, recording a failure as a driver fault of `phase`; by name when `prepare`. */
  async query(text: string, phase: FaultPhase, values?: unknown[], prepare = false): Promise<PgQueryResult> {
    try {
      return await (prepare ? this.client.query({ name: preparedName(text), text, values: values ?? [] }) : this.client.query(text, values));
    } catch (error) {
      if (this.lost !== undefined || isConnectionError(error)) this.broken ??= error instanceof Error ? error : new Error(String(error));
      throw driverFault(error, phase, this.lost !== undefined);
    }
  }

  async transaction<T>(fn: (sql: SqlExecutor) => Promise<T>, options: SqlRunOptions, isolation: string): Promise<T> {
    const level = options.readOnly ? 'REPEATABLE READ READ ONLY' : options.readCommitted === true ? 'READ COMMITTED' : isolation;
    // At REPEATABLE READ and SERIALIZABLE the first SELECT takes the snapshot, so the writer locks
    // are taken before BEGIN (session locks, released after COMMIT or ROLLBACK).
    const lockFirst = options.locks !== undefined && options.locks.length > 0 && level !== 'READ COMMITTED';
    if (lockFirst) await this.takeSessionLocks(options.locks!, options.settings);
    // BEGIN, the settings and the writer locks in one round trip (a script without parameters).
    const opening = openingScript(lockFirst ? { readOnly: options.readOnly, settings: options.settings } : options);
    let result: T;
    try {
      await this.query(`BEGIN ISOLATION LEVEL ${level}${opening === '' ? '' : `; ${opening}`}`, 'begin');
      result = await fn(this.executor());
    } catch (error) {
      await this.rollback();
      throw error;
    }
    await this.query('COMMIT', 'commit');
    return result;
  }

  private async takeSessionLocks(locks: readonly AdvisoryLock[], settings: string): Promise<void> {
    // Recorded first: after a timeout midway, release() lets go of those already taken.
    this.sessionLocks = locks;
    try {
      await this.query(`BEGIN; ${settings === '' ? '' : `${settings};`} ${lockStatements(locks, 'session').join('; ')}; COMMIT`, 'begin');
    } catch (error) {
      await this.rollback();
      throw error;
    }
  }

  private async rollback(): Promise<void> {
    if (this.broken !== undefined) return;
    await this.query('ROLLBACK', 'rollback').catch((error: unknown) => {
      this.broken ??= error instanceof Error ? error : new Error(String(error));
    });
  }

  /** Releases the session lock if one was taken, then hands the client back (as broken when it is). */
  async release(): Promise<void> {
    if (this.sessionLocks !== undefined && this.broken === undefined && this.lost === undefined) {
      await this.query(unlockStatement(this.sessionLocks), 'rollback').catch((error: unknown) => {
        this.broken ??= error instanceof Error ? error : new Error(String(error));
      });
    }
    const broken = this.broken ?? this.lost;
    // A broken client keeps the listener: the Pool ends it, and a late 'error' must not go unheard.
    if (broken === undefined) this.client.off('error', this.onError);
    this.client.release(broken);
  }

  private executor(): SqlExecutor {
    return {
      query: async (text, values = [], options) => {
        const result = await this.query(text, 'query', [...values], this.prepared && options?.prepare === true);
        return { rows: result.rows as Array<Record<string, unknown>>, rowCount: result.rowCount ?? 0 };
      },
      exec: async (text) => {
        await this.query(text, 'query');
      },
    };
  }
}

/** Names of prepared statements by text, for the whole process: one text, one name, on every connection. */
const preparedNames = new Map<string, string>();

/** The prepared statement name of a statement text (`pg` keeps the parsed statement per connection). */
function preparedName(text: string): string {
  let name = preparedNames.get(text);
  if (name === undefined) {
    name = `stocktake_${preparedNames.size + 1}`;
    preparedNames.set(text, name);
  }
  return name;
}
