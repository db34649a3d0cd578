/**
 * The SQL base shared by the `pg` and PGlite drivers: every statement, the row↔domain mapping,
 * and the retry loop. A driver only supplies "run this function inside one transaction on one
 * connection".
 *
 * Conventions, decided once here:
 * - every value crosses the driver as text: parameters are strings (or null), JSON documents and
 *   lists are passed as one `jsonb` parameter, and every selected column is cast to text, so
 *   driver type parsers never touch a quantity, a big integer or a time;
 * - quantities are `numeric` and read back through decimal.js into the canonical decimal string;
 * - instants are `timestamptz` and read back as `YYYY-MM-DDTHH:MM:SS.mmmZ` in UTC;
 * - an absent lot or serial is `''` in the NOT NULL key columns, so unique keys work.
 *
 * Isolation: every read-write transaction first takes the transaction-scoped advisory locks of
 * its write scope (see partition-locks.ts): a writer of some partitions (warehouses) holds each
 * of them exclusively, so writers of one partition run one at a time, exactly like the in-memory
 * adapter, while writers of different partitions run in parallel; a `'store'` writer (the default
 * scope) excludes every other writer. Read-only transactions run in parallel on a
 * repeatable-read snapshot and never wait. The engine's write transactions read more than the
 * keys they change (guards read count sessions and count records, a review reads balances and
 * postings in several statements), so per-key locks under READ COMMITTED would not isolate them;
 * the partition lock does, because everything such a transaction reads and another writer may
 * change at the same time belongs to its own partitions (the engine computes the scope so).
 * Movement and audit sequence numbers come from database sequences: unique and increasing in
 * commit order within a partition, with gaps after rollbacks; across partitions a reader paging
 * by `afterSeq` may see a later number commit before an earlier one.
 *
 * @internal
 * @module
 */
import { StocktakeError } from '../../errors.js';
import type { StorageAdapter, StorageTransaction, StorageTransactionOptions } from '../adapter.js';
import { isDriverError, sqlState, toStorageError } from './faults.js';
import { sqlNames, type PostgresNaming, type SqlNames } from './schema.js';
import { resolveWriteScope } from '../scope.js';
import { locksOfScope, lockStatements, type AdvisoryLock } from './partition-locks.js';
import { auditStatements } from './audit-sql.js';
import { catalogStatements } from './catalog-sql.js';
import { countStatements } from './count-sql.js';
import { ledgerStatements } from './ledger-sql.js';
import { feedPayload, feedStatements } from './feed-sql.js';
import { feedWatcher, type SqlListen } from './feed-listen.js';
import { PendingWrites, sqlStatements } from './statements.js';
import { readsTogether } from './combined-reads.js';

/** A parameter value: text or NULL. */
export type SqlValue = string | null;

/** A result row: column name to value (text or NULL, since every column is selected as text). */
export type SqlRow = Readonly<Record<string, unknown>>;

/** How to run one statement. */
export interface QueryOptions {
  /** Keep the statement prepared on the connection (a statement whose text repeats; see {@link SqlExecutor.query}). */
  readonly prepare?: boolean;
}

/** What a driver offers inside one transaction. */
export interface SqlExecutor {
  /**
   * Runs one statement with `$n` parameters. With `prepare`, a driver that can keeps the
   * statement parsed on its connection and runs it again by name (for the hot statements, whose
   * text is the same at every call); others ignore it.
   */
  query(text: string, values?: readonly SqlValue[], options?: QueryOptions): Promise<{ rows: readonly SqlRow[]; rowCount: number }>;
  /** Runs a script of several statements without parameters. */
  exec(text: string): Promise<void>;
}

/** How the base asks a driver to run one transaction. */
export interface SqlRunOptions {
  /** A read-only transaction (a repeatable-read snapshot on the server). */
  readonly readOnly: boolean;
  /** `SET LOCAL` statements (no parameters, may be empty) to run first: lock and statement timeouts. */
  readonly settings: string;
  /**
   * For read-write transactions: the advisory locks of the write scope, in the order to take
   * them. A driver must hold them before the transaction's snapshot is taken (see
   * {@link openTransaction}).
   */
  readonly locks?: readonly AdvisoryLock[];
  /** Run at READ COMMITTED whatever the configured isolation (migrations). */
  readonly readCommitted?: boolean;
}

/** Runs `fn` inside one transaction of the driver, once (the base retries). */
export type SqlRunner = <T>(fn: (sql: SqlExecutor) => Promise<T>, options: SqlRunOptions) => Promise<T>;

/** Retry settings for serialisation failures, deadlocks and unique-key races. */
export interface RetryOptions {
  /** Attempts in total, at least 1; 10 by default. */
  readonly maxAttempts?: number;
  /** The first backoff ceiling in milliseconds; 5 by default. Each retry doubles it. */
  readonly baseDelayMs?: number;
  /** The largest backoff ceiling in milliseconds; 250 by default. */
  readonly maxDelayMs?: number;
}

/** Options shared by both drivers. */
export interface PostgresStorageOptions {
  /** The schema holding stocktake's tables; `stocktake` by default. Created by {@link migrate}. */
  readonly schema?: string;
  /** A prefix for every table name inside the schema (e.g. `st_`), to share a schema with an ERP. */
  readonly tablePrefix?: string;
  /** How to retry transactions that lost a race. */
  readonly retry?: RetryOptions;
  /**
   * The longest wait for a lock, the writer locks of a write scope above all, in milliseconds; 10 000 by default.
   * A transaction that waits longer ends in `StocktakeError` `storage_timeout` (retryable,
   * nothing written). `0` waits without limit (not recommended).
   */
  readonly lockTimeoutMs?: number;
  /**
   * The longest run of one statement in milliseconds (`statement_timeout`); unset by default
   * (the server's setting applies). A statement that runs longer ends in `storage_timeout`.
   */
  readonly statementTimeoutMs?: number;
}

/** A storage adapter over PostgreSQL or PGlite. */
export interface PostgresStorage extends StorageAdapter {
  /** The schema the tables live in. */
  readonly schema: string;
  /** The table prefix (empty when none). */
  readonly tablePrefix: string;
}

/** What {@link migrate} needs from a storage it did not build itself. */
interface PostgresInternals {
  readonly names: SqlNames;
  readonly run: <T>(fn: (sql: SqlExecutor) => Promise<T>) => Promise<T>;
}

const internals = new WeakMap<object, PostgresInternals>();

/**
 * The internals of a storage made by `createPgStorage` or `createPgliteStorage`.
 *
 * @internal
 */
export function postgresInternals(storage: StorageAdapter): PostgresInternals {
  const found = internals.get(storage);
  if (!found) {
    throw new StocktakeError('invalid_input', `Storage "${storage.name}" was not made by createPgStorage or createPgliteStorage`, {
      path: ['storage'],
    });
  }
  return found;
}

/**
 * A race lost to a concurrent transaction, found by the adapter itself (not by the server):
 * retried like a serialisation failure.
 *
 * @internal
 */
export class ConcurrentWriteError extends Error {
  /** SQLSTATE-like code, so callers that look at `code` see a serialisation failure. */
  readonly code = '40001';
  constructor(message: string) {
    super(message);
    this.name = 'ConcurrentWriteError';
  }
}

/**
 * Tells whether an error means "another transaction won a race; running the work again will see
 * its result": serialisation failures (40001), deadlocks (40P01), and unique violations (23505)
 * on keys where the engine checks before it inserts (movement ids, entry ids, audit sequence,
 * balance keys, session ids).
 *
 * @internal
 */
export function isRetryable(error: unknown, names: SqlNames): boolean {
  if (error instanceof ConcurrentWriteError) return true;
  if (typeof error !== 'object' || error === null) return false;
  const { code, constraint } = error as { code?: unknown; constraint?: unknown };
  if (code === '40001' || code === '40P01') return true;
  if (code !== '23505' || typeof constraint !== 'string') return false;
  return RACE_CONSTRAINTS.some((name) => names.bare(name) === constraint);
}

const RACE_CONSTRAINTS = ['movements_pkey', 'movements_seq_key', 'entries_pkey', 'entries_seq_key', 'audit_events_pkey', 'audit_events_chain_seq_key', 'balances_pkey', 'sessions_pkey'];

/**
 * Builds a storage adapter from a driver's runner: retries, the transaction API and the
 * registration {@link migrate} uses.
 *
 * @internal
 */
export function createPostgresAdapter(name: string, run: SqlRunner, options: PostgresStorageOptions, listen?: SqlListen): PostgresStorage {
  const naming: PostgresNaming = { schema: options.schema ?? 'stocktake', tablePrefix: options.tablePrefix ?? '' };
  const names = sqlNames(naming);
  const retry = {
    maxAttempts: Math.max(1, Math.floor(options.retry?.maxAttempts ?? 10)),
    baseDelayMs: Math.max(0, options.retry?.baseDelayMs ?? 5),
    maxDelayMs: Math.max(0, options.retry?.maxDelayMs ?? 250),
  };
  const settings = timeoutSettings(options);
  const withRetries = async <T>(once: () => Promise<T>): Promise<T> => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await once();
      } catch (error) {
        if (!isRetryable(error, names)) throw isDriverError(error) ? toStorageError(error, name) : error;
        if (attempt >= retry.maxAttempts) {
          throw new StocktakeError('storage_conflict', `A ${name} transaction kept conflicting with concurrent ones (${attempt} attempts)`, {
            cause: error,
            details: { attempts: attempt, ...(sqlState(error) === undefined ? {} : { sqlState: sqlState(error) }) },
          });
        }
        const ceiling = Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** (attempt - 1));
        await new Promise((resolve) => setTimeout(resolve, Math.random() * ceiling));
      }
    }
  };
  const adapter: PostgresStorage = {
    name,
    schema: naming.schema,
    tablePrefix: naming.tablePrefix,
    transaction: <T>(work: (tx: StorageTransaction) => Promise<T>, txOptions: StorageTransactionOptions = {}) => {
      const readOnly = txOptions.readOnly === true;
      let locks: AdvisoryLock[] = [];
      try {
        if (!readOnly) locks = locksOfScope(names, resolveWriteScope(txOptions.scope));
      } catch (error) {
        return Promise.reject(error);
      }
      // One writer at a time per partition; readers never wait (see the module comment). The
      // driver takes the locks before the transaction's snapshot.
      return withRetries(() =>
        run(async (sql) => {
          const tx = sqlTransaction(sql, names);
          const result = await work(tx);
          // A write held back for the next statement goes now, before the driver commits.
          await finishSqlTransaction(tx);
          return result;
        }, readOnly ? { readOnly, settings } : { readOnly, settings, locks }),
      );
    },
    ...(listen === undefined ? {} : { watchFeed: feedWatcher(listen, feedPayload(names)) }),
  };
  internals.set(adapter, { names, run: (fn) => withRetries(() => run(fn, { readOnly: false, settings: '', readCommitted: true })) });
  return adapter;
}

/** The `SET LOCAL` statements of the timeout options. */
function timeoutSettings(options: PostgresStorageOptions): string {
  const ms = (value: number | undefined, path: string): number | undefined => {
    if (value === undefined) return undefined;
    if (!Number.isSafeInteger(value) || value < 0) {
      throw new StocktakeError('invalid_input', `${path} must be a whole number of milliseconds, at least 0`, { path: [path] });
    }
    return value;
  };
  const lock = ms(options.lockTimeoutMs, 'lockTimeoutMs') ?? 10_000;
  const statement = ms(options.statementTimeoutMs, 'statementTimeoutMs');
  return [`SET LOCAL lock_timeout = ${lock}`, ...(statement === undefined ? [] : [`SET LOCAL statement_timeout = ${statement}`])].join('; ');
}

/**
 * Opens a transaction the simple way: the timeouts, then the writer locks as the first statements
 * that reads. Right at READ COMMITTED (every statement takes a new snapshot) and on PGlite (one
 * transaction at a time); a `pg` transaction at REPEATABLE READ or SERIALIZABLE takes the lock
 * before BEGIN instead, since its snapshot would be taken by the locking SELECT itself, before
 * the wait.
 *
 * @internal
 */
export async function openTransaction(sql: SqlExecutor, options: SqlRunOptions): Promise<void> {
  // One round trip: the settings and the locks as one script, each lock its own statement.
  const script = openingScript(options);
  if (script !== '') await sql.exec(script);
}

/**
 * The script {@link openTransaction} runs (empty when there is nothing to run), for a driver that
 * sends it in the same round trip as its `BEGIN`.
 *
 * @internal
 */
export function openingScript(options: SqlRunOptions): string {
  const lock = lockStatements(options.locks ?? [], 'transaction');
  return [...(options.settings === '' ? [] : [options.settings]), ...lock].join('; ');
}

/**
 * The {@link StorageTransaction} over one driver transaction. A write it holds back (see
 * {@link PendingWrites}) goes out with its next statement: before committing, a caller awaits
 * {@link finishSqlTransaction}.
 *
 * @internal
 */
export function sqlTransaction(sql: SqlExecutor, names: SqlNames): StorageTransaction {
  const pending = new PendingWrites(sql);
  const tx = transactionOver(pending, names);
  pendingOf.set(tx, pending);
  return tx;
}

/**
 * Sends what a transaction of {@link sqlTransaction} still holds back; rejects when a held write
 * was refused (the transaction must then roll back).
 *
 * @internal
 */
export async function finishSqlTransaction(tx: StorageTransaction): Promise<void> {
  await pendingOf.get(tx)?.flush();
}

const pendingOf = new WeakMap<StorageTransaction, PendingWrites>();

/** The transaction methods over `pending`'s connection; the reads run together share its held write. */
function transactionOver(pending: PendingWrites, names: SqlNames): StorageTransaction {
  const statements = sqlStatements(pending, names);
  // Object.assign, not object spread: V8 spreads five objects of about eighty methods in 0.2 ms,
  // taken at every transaction and every reads-together (three times per post), against 4 µs.
  return Object.assign(
    {},
    catalogStatements(statements),
    ledgerStatements(statements),
    countStatements(statements),
    auditStatements(statements),
    feedStatements(statements, names),
    // The collector's statements reach the connection through `pending`, so a held write goes first.
    { readTogether: readsTogether(pending.sql, (collector) => transactionOver(new PendingWrites(collector), names)) },
  );
}
