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
 * Isolation: every read-write transaction first takes one transaction-scoped advisory lock per
 * schema (the writer lock), so writers run one at a time, exactly like the in-memory adapter,
 * while read-only transactions run in parallel on a repeatable-read snapshot and never wait.
 * The engine's write transactions read more than the keys they change (guards read count
 * sessions and count records, a review reads balances and postings in several statements), so
 * per-key locks under READ COMMITTED would not isolate them; one writer lock does, and it makes
 * movement and audit sequence numbers gapless and assigned in commit order, so a reader paging
 * by `afterSeq` never misses a movement that commits late.
 *
 * @internal
 * @module
 */
import type { AuditEvent } from '../../audit/types.js';
import type { CustodianAssignment, Item, Location, UnitCost } from '../../catalog/types.js';
import type { CountEntry, CountException, CountRecord, CountSession, LocationCountRecord, LocationMark, SnapshotLine } from '../../count/types.js';
import type { ReviewLine } from '../../count/review-types.js';
import { StocktakeError } from '../../errors.js';
import { deepFreeze } from '../../freeze.js';
import { compareStockKeys, stockKeyId, type StockKey } from '../../ledger/key.js';
import type { Balance, BalanceFilter, Movement, MovementFilter, MovementKind, Posting, PostingFilter } from '../../ledger/types.js';
import { D, formatDecimal, type DecimalString } from '../../quantity/decimal.js';
import type { KeyLastMovement, LockedBalances, MovementWrite, StorageAdapter, StorageTransaction, StorageTransactionOptions } from '../adapter.js';
import { widestBounds } from '../posting-bounds.js';
import { isDriverError, sqlState, toStorageError } from './faults.js';
import { sqlNames, type PostgresNaming, type SqlNames } from './schema.js';

/** A parameter value: text or NULL. */
export type SqlValue = string | null;

/** A result row: column name to value (text or NULL, since every column is selected as text). */
export type SqlRow = Readonly<Record<string, unknown>>;

/** What a driver offers inside one transaction. */
export interface SqlExecutor {
  /** Runs one statement with `$n` parameters. */
  query(text: string, values?: readonly SqlValue[]): Promise<{ rows: readonly SqlRow[]; rowCount: number }>;
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
   * For read-write transactions: the SQL expression (no parameters) of the writer lock's bigint
   * advisory key. A driver must hold this lock before the transaction's snapshot is taken (see
   * {@link openTransaction}).
   */
  readonly writerLock?: string;
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
   * The longest wait for a lock, the writer lock above all, in milliseconds; 10 000 by default.
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

const RACE_CONSTRAINTS = ['movements_pkey', 'movements_seq_key', 'entries_pkey', 'entries_seq_key', 'audit_events_pkey', 'balances_pkey', 'sessions_pkey'];

/**
 * Builds a storage adapter from a driver's runner: retries, the transaction API and the
 * registration {@link migrate} uses.
 *
 * @internal
 */
export function createPostgresAdapter(name: string, run: SqlRunner, options: PostgresStorageOptions): PostgresStorage {
  const naming: PostgresNaming = { schema: options.schema ?? 'stocktake', tablePrefix: options.tablePrefix ?? '' };
  const names = sqlNames(naming);
  const retry = {
    maxAttempts: Math.max(1, Math.floor(options.retry?.maxAttempts ?? 10)),
    baseDelayMs: Math.max(0, options.retry?.baseDelayMs ?? 5),
    maxDelayMs: Math.max(0, options.retry?.maxDelayMs ?? 250),
  };
  const settings = timeoutSettings(options);
  const writerLock = `hashtextextended(${names.lockNamespace} || 'writer', 0)`;
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
      // One writer at a time per schema; readers never wait (see the module comment). The driver
      // takes the lock before the transaction's snapshot.
      return withRetries(() =>
        run(async (sql) => work(sqlTransaction(sql, names)), readOnly ? { readOnly, settings } : { readOnly, settings, writerLock }),
      );
    },
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
 * Opens a transaction the simple way: the timeouts, then the writer lock as the first statement
 * that reads. Right at READ COMMITTED (every statement takes a new snapshot) and on PGlite (one
 * transaction at a time); a `pg` transaction at REPEATABLE READ or SERIALIZABLE takes the lock
 * before BEGIN instead, since its snapshot would be taken by the locking SELECT itself, before
 * the wait.
 *
 * @internal
 */
export async function openTransaction(sql: SqlExecutor, options: SqlRunOptions): Promise<void> {
  // One round trip: the settings and the lock as one script.
  const lock = options.writerLock === undefined ? [] : [`SELECT pg_advisory_xact_lock(${options.writerLock})`];
  const script = [...(options.settings === '' ? [] : [options.settings]), ...lock].join('; ');
  if (script !== '') await sql.exec(script);
}

// ---------------------------------------------------------------------------------------------
// Row ↔ domain mapping

/** Selects a timestamptz as the domain's instant text. */
const iso = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

function text(row: SqlRow, column: string): string {
  const value = row[column];
  if (typeof value !== 'string') throw new Error(`stocktake: column ${column} is ${value === null ? 'NULL' : typeof value}, expected text`);
  return value;
}

function optionalText(row: SqlRow, column: string): string | undefined {
  const value = row[column];
  return value === null || value === undefined ? undefined : text(row, column);
}

function int(row: SqlRow, column: string): number {
  const value = Number(text(row, column));
  if (!Number.isSafeInteger(value)) throw new Error(`stocktake: column ${column} is not a safe integer`);
  return value;
}

function decimal(row: SqlRow, column: string): DecimalString {
  return formatDecimal(new D(text(row, column)));
}

function json<T>(row: SqlRow, column: string): T {
  return JSON.parse(text(row, column)) as T;
}

/** Adds `name: value` only when the value is defined (`exactOptionalPropertyTypes`). */
function opt<K extends string, V>(name: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [name]: value }) as { [P in K]?: V };
}

/** Key columns as stored: absent lot and serial are `''`. */
function keyColumns(key: StockKey): { sku: string; location: string; lot: string; serial: string } {
  return { sku: key.sku, location: key.location, lot: key.lot ?? '', serial: key.serial ?? '' };
}

function keyFrom(row: SqlRow): StockKey {
  const lot = text(row, 'lot');
  const serial = text(row, 'serial');
  return {
    sku: text(row, 'sku'),
    location: text(row, 'location'),
    ...(lot === '' ? {} : { lot }),
    ...(serial === '' ? {} : { serial }),
  };
}

const byKey = <T extends { key: StockKey }>(a: T, b: T) => compareStockKeys(a.key, b.key);
const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The subtree condition: the root itself, or a path below it (a range scan on a C-collated b-tree). */
function subtree(column: string, param: string): string {
  return `(${column} = ${param} OR (${column} >= ${param} || '/' AND ${column} < ${param} || '0'))`;
}

/** Collects `$n` parameters for a statement built from optional filters. */
class Params {
  readonly values: SqlValue[] = [];
  add(value: SqlValue): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
  json(value: unknown): string {
    return `${this.add(JSON.stringify(value))}::jsonb`;
  }
}

/** The movement columns of a table alias (`m.`) or of the table itself (`''`). */
const movementColumns = (a: string) => `${a}id AS id, ${a}seq::text AS seq, ${a}kind AS kind,
  ${iso(`${a}occurred_at`)} AS occurred_at, ${iso(`${a}recorded_at`)} AS recorded_at, ${a}actor AS actor,
  ${a}reference AS reference, ${a}reason AS reason, ${a}reason_code AS reason_code, ${a}override_reason AS override_reason,
  ${a}session_id AS session_id, ${a}fingerprint AS fingerprint, ${a}lines::text AS lines`;

function toMovement(row: SqlRow): Movement {
  const overrideReason = optionalText(row, 'override_reason');
  return {
    id: text(row, 'id'),
    seq: int(row, 'seq'),
    kind: text(row, 'kind') as MovementKind,
    occurredAt: text(row, 'occurred_at'),
    recordedAt: text(row, 'recorded_at'),
    actor: text(row, 'actor'),
    ...opt('reference', optionalText(row, 'reference')),
    ...opt('reason', optionalText(row, 'reason')),
    ...opt('reasonCode', optionalText(row, 'reason_code')),
    ...opt('override', overrideReason === undefined ? undefined : { reason: overrideReason }),
    ...opt('sessionId', optionalText(row, 'session_id')),
    lines: json(row, 'lines'),
    fingerprint: text(row, 'fingerprint'),
  };
}

const POSTING_COLUMNS = `movement_id, seq::text AS seq, line_index::text AS line_index, sku, location, lot, serial,
  delta::text AS delta, ${iso('occurred_at')} AS occurred_at, ${iso('recorded_at')} AS recorded_at, kind, actor`;

function toPosting(row: SqlRow): Posting {
  return {
    movementId: text(row, 'movement_id'),
    seq: int(row, 'seq'),
    lineIndex: int(row, 'line_index'),
    key: keyFrom(row),
    delta: decimal(row, 'delta'),
    occurredAt: text(row, 'occurred_at'),
    recordedAt: text(row, 'recorded_at'),
    kind: text(row, 'kind') as MovementKind,
    actor: text(row, 'actor'),
  };
}

const BALANCE_COLUMNS = `sku, location, lot, serial, qty::text AS qty, version::text AS version, ${iso('last_occurred_at')} AS last_occurred_at`;

function toBalance(row: SqlRow): Balance {
  return { key: keyFrom(row), qty: decimal(row, 'qty'), version: int(row, 'version'), lastOccurredAt: String(row['last_occurred_at']) };
}

/** The conditions of a balance filter on the key columns of a table alias (`b.`, `p.` or `''`). */
function balanceConditions(filter: BalanceFilter, params: Params, a: string): string[] {
  const where: string[] = [];
  if (filter.sku !== undefined) where.push(`${a}sku = ${params.add(filter.sku)}`);
  if (filter.location !== undefined) where.push(subtree(`${a}location`, params.add(filter.location)));
  if (filter.lot !== undefined) where.push(`${a}lot = ${params.add(filter.lot)}`);
  if (filter.serial !== undefined) where.push(`${a}serial = ${params.add(filter.serial)}`);
  return where;
}

/** The keys of a list as a `jsonb_to_recordset` source. */
function keysRecordset(params: Params, keys: readonly StockKey[]): string {
  return `SELECT k.sku, k.location, k.lot, k.serial FROM jsonb_to_recordset(${params.json(keys.map(keyColumns))})
    AS k(sku text, location text, lot text, serial text)`;
}

// ---------------------------------------------------------------------------------------------
// The transaction

/**
 * The {@link StorageTransaction} over one driver transaction.
 *
 * @internal
 */
export function sqlTransaction(sql: SqlExecutor, names: SqlNames): StorageTransaction {
  const t = names.table;
  const rows = async (statement: string, values: readonly SqlValue[] = []) => (await sql.query(statement, values)).rows;
  const one = async (statement: string, values: readonly SqlValue[] = []) => (await rows(statement, values))[0];
  /**
   * Takes the next `count` values of a named counter and returns the last; the row stays locked
   * until commit, so values are gapless and in commit order.
   */
  const nextValues = async (counter: string, count: number): Promise<number> => {
    const row = await one(
      `INSERT INTO ${t.counters} AS c (name, value) VALUES ($1, $2::bigint)
       ON CONFLICT (name) DO UPDATE SET value = c.value + excluded.value RETURNING value::text AS value`,
      [counter, String(count)],
    );
    return int(row!, 'value');
  };
  const nextValue = (counter: string): Promise<number> => nextValues(counter, 1);

  return {
    async getItem(sku) {
      const row = await one(`SELECT doc::text AS doc FROM ${t.items} WHERE sku = $1`, [sku]);
      return row && json<Item>(row, 'doc');
    },
    async getItems(skus) {
      const result = new Map<string, Item>();
      if (skus.length === 0) return result;
      const params = new Params();
      for (const row of await rows(
        `SELECT doc::text AS doc FROM ${t.items} WHERE sku IN (SELECT jsonb_array_elements_text(${params.json(skus)}))`,
        params.values,
      )) {
        const item = json<Item>(row, 'doc');
        result.set(item.sku, item);
      }
      return result;
    },
    async listItems() {
      return (await rows(`SELECT doc::text AS doc FROM ${t.items}`)).map((row) => json<Item>(row, 'doc')).sort((a, b) => compareText(a.sku, b.sku));
    },
    async putItem(item) {
      await sql.query(
        `INSERT INTO ${t.items} (sku, base_uom, tracking, abc_class, doc) VALUES ($1, $2, $3, $4, $5::jsonb)
         ON CONFLICT (sku) DO UPDATE SET base_uom = excluded.base_uom, tracking = excluded.tracking,
           abc_class = excluded.abc_class, doc = excluded.doc`,
        [item.sku, item.baseUom, item.tracking, item.abcClass ?? null, JSON.stringify(item)],
      );
    },

    async getLocation(id) {
      const row = await one(`SELECT id, name, kind FROM ${t.locations} WHERE id = $1`, [id]);
      return row && toLocation(row);
    },
    async getLocations(ids) {
      const result = new Map<string, Location>();
      if (ids.length === 0) return result;
      const params = new Params();
      for (const row of await rows(
        `SELECT id, name, kind FROM ${t.locations} WHERE id IN (SELECT jsonb_array_elements_text(${params.json(ids)}))`,
        params.values,
      )) {
        const location = toLocation(row);
        result.set(location.id, location);
      }
      return result;
    },
    async listLocations(root) {
      const params = new Params();
      const where = root === undefined ? '' : `WHERE ${subtree('id', params.add(root))}`;
      return (await rows(`SELECT id, name, kind FROM ${t.locations} ${where}`, params.values))
        .map(toLocation)
        .sort((a, b) => compareText(a.id, b.id));
    },
    async putLocation(location) {
      await sql.query(
        `INSERT INTO ${t.locations} (id, name, kind) VALUES ($1, $2, $3)
         ON CONFLICT (id) DO UPDATE SET name = excluded.name, kind = excluded.kind`,
        [location.id, location.name ?? null, location.kind ?? null],
      );
    },

    async addUnitCost(cost) {
      const seq = await nextValue('item_costs');
      await sql.query(
        `INSERT INTO ${t.unitCosts} (seq, sku, unit_cost, from_at, actor, recorded_at)
         VALUES ($1::bigint, $2, $3::numeric, $4::timestamptz, $5, $6::timestamptz)`,
        [String(seq), cost.sku, cost.unitCost, cost.from, cost.actor, cost.recordedAt],
      );
      return { ...cost, seq };
    },
    async listUnitCosts(filter = {}) {
      const params = new Params();
      const where = filter.skus === undefined ? '' : `WHERE sku IN (SELECT jsonb_array_elements_text(${params.json(filter.skus)}))`;
      return (
        await rows(
          `SELECT seq::text AS seq, sku, unit_cost::text AS unit_cost, ${iso('from_at')} AS from_at, actor, ${iso('recorded_at')} AS recorded_at
           FROM ${t.unitCosts} ${where} ORDER BY sku COLLATE "C", from_at, seq`,
          params.values,
        )
      ).map(
        (row): UnitCost => ({
          seq: int(row, 'seq'),
          sku: text(row, 'sku'),
          unitCost: text(row, 'unit_cost'),
          from: text(row, 'from_at'),
          actor: text(row, 'actor'),
          recordedAt: text(row, 'recorded_at'),
        }),
      );
    },
    async addCustodianAssignment(assignment) {
      const seq = await nextValue('custodian_assignments');
      await sql.query(
        `INSERT INTO ${t.custodians} (seq, location, custodians, from_at, actor, recorded_at)
         VALUES ($1::bigint, $2, $3::jsonb, $4::timestamptz, $5, $6::timestamptz)`,
        [String(seq), assignment.location, JSON.stringify(assignment.custodians), assignment.from, assignment.actor, assignment.recordedAt],
      );
      return { ...assignment, seq };
    },
    async listCustodianAssignments() {
      return (
        await rows(
          `SELECT seq::text AS seq, location, custodians::text AS custodians, ${iso('from_at')} AS from_at, actor,
             ${iso('recorded_at')} AS recorded_at FROM ${t.custodians} c ORDER BY c.seq`,
        )
      ).map(
        (row): CustodianAssignment => ({
          seq: int(row, 'seq'),
          location: text(row, 'location'),
          custodians: json(row, 'custodians'),
          from: text(row, 'from_at'),
          actor: text(row, 'actor'),
          recordedAt: text(row, 'recorded_at'),
        }),
      );
    },

    async getMovement(id) {
      const row = await one(`SELECT ${movementColumns('')} FROM ${t.movements} WHERE id = $1`, [id]);
      return row && toMovement(row);
    },
    async getMovements(ids) {
      const result = new Map<string, Movement>();
      if (ids.length === 0) return result;
      const params = new Params();
      for (const row of await rows(
        `SELECT ${movementColumns('')} FROM ${t.movements} WHERE id IN (SELECT jsonb_array_elements_text(${params.json(ids)}))`,
        params.values,
      )) {
        const movement = toMovement(row);
        result.set(movement.id, movement);
      }
      return result;
    },
    async lockBalances(keys): Promise<LockedBalances> {
      const byKeyId = new Map<string, Balance>();
      if (keys.length === 0) return { byKeyId };
      // The transaction's writer lock already excludes every other writer of these keys.
      const params = new Params();
      for (const row of await rows(
        `SELECT ${BALANCE_COLUMNS} FROM ${t.balances} WHERE (sku, location, lot, serial) IN (${keysRecordset(params, keys)})`,
        params.values,
      )) {
        const balance = toBalance(row);
        byKeyId.set(stockKeyId(balance.key), balance);
      }
      return { byKeyId };
    },
    async appendMovements(writes: readonly MovementWrite[]) {
      if (writes.length === 0) return [];
      // One statement per table for the whole batch: the seq range first, then every row.
      const first = (await nextValues('movements', writes.length)) - writes.length + 1;
      const stored = writes.map(({ movement }, index) => ({ seq: first + index, ...movement }) as Movement);
      await sql.query(
        `INSERT INTO ${t.movements} (id, seq, kind, occurred_at, recorded_at, actor, reference, reason, reason_code,
           override_reason, session_id, fingerprint, lines)
         SELECT m.id, m.seq, m.kind, m.occurred_at::timestamptz, m.recorded_at::timestamptz, m.actor, m.reference, m.reason,
           m.reason_code, m.override_reason, m.session_id, m.fingerprint, m.lines
         FROM jsonb_to_recordset($1::jsonb) AS m(id text, seq bigint, kind text, occurred_at text, recorded_at text, actor text,
           reference text, reason text, reason_code text, override_reason text, session_id text, fingerprint text, lines jsonb)`,
        [
          JSON.stringify(
            stored.map((movement) => ({
              id: movement.id,
              seq: movement.seq,
              kind: movement.kind,
              occurred_at: movement.occurredAt,
              recorded_at: movement.recordedAt,
              actor: movement.actor,
              reference: movement.reference ?? null,
              reason: movement.reason ?? null,
              reason_code: movement.reasonCode ?? null,
              override_reason: movement.override?.reason ?? null,
              session_id: movement.sessionId ?? null,
              fingerprint: movement.fingerprint,
              lines: movement.lines,
            })),
          ),
        ],
      );
      const postingRows = writes.flatMap(({ postings }, index) =>
        postings.map((posting, postingIndex) => ({
          movement_id: posting.movementId,
          posting_index: postingIndex,
          line_index: posting.lineIndex,
          seq: first + index,
          ...keyColumns(posting.key),
          delta: posting.delta,
          occurred_at: posting.occurredAt,
          recorded_at: posting.recordedAt,
          kind: posting.kind,
          actor: posting.actor,
        })),
      );
      if (postingRows.length > 0) {
        await sql.query(
          `INSERT INTO ${t.postings} (movement_id, posting_index, line_index, seq, sku, location, lot, serial, delta,
             occurred_at, recorded_at, kind, actor)
           SELECT p.movement_id, p.posting_index, p.line_index, p.seq, p.sku, p.location, p.lot, p.serial,
             p.delta::numeric, p.occurred_at::timestamptz, p.recorded_at::timestamptz, p.kind, p.actor
           FROM jsonb_to_recordset($1::jsonb) AS p(movement_id text, posting_index integer, line_index integer, seq bigint,
             sku text, location text, lot text, serial text, delta text, occurred_at text, recorded_at text, kind text, actor text)`,
          [JSON.stringify(postingRows)],
        );
      }
      // A key several movements touch ends at its last balance.
      const balances = new Map<string, Balance>();
      for (const write of writes) for (const balance of write.balances) balances.set(stockKeyId(balance.key), balance);
      if (balances.size > 0) {
        // The version guard makes a lost update impossible even if a writer skipped lockBalances:
        // a stored version at or above the new one means someone else wrote the key meanwhile.
        const { rowCount } = await sql.query(
          `INSERT INTO ${t.balances} AS b (sku, location, lot, serial, qty, version, last_occurred_at)
           SELECT n.sku, n.location, n.lot, n.serial, n.qty::numeric, n.version, n.last_occurred_at::timestamptz
           FROM jsonb_to_recordset($1::jsonb) AS n(sku text, location text, lot text, serial text, qty text, version bigint,
             last_occurred_at text)
           ON CONFLICT (sku, location, lot, serial) DO UPDATE
             SET qty = excluded.qty, version = excluded.version, last_occurred_at = excluded.last_occurred_at
           WHERE b.version < excluded.version`,
          [
            JSON.stringify(
              [...balances.values()].map((balance) => ({
                ...keyColumns(balance.key),
                qty: balance.qty,
                version: balance.version,
                last_occurred_at: balance.lastOccurredAt,
              })),
            ),
          ],
        );
        if (rowCount !== balances.size) {
          throw new ConcurrentWriteError(`Movements ${stored[0]!.id}…: a balance changed after it was locked`);
        }
      }
      return stored;
    },
    async listBalances(filter: BalanceFilter) {
      const params = new Params();
      const where = balanceConditions(filter, params, '');
      if (filter.includeZero !== true) where.push('qty <> 0');
      const condition = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
      return (await rows(`SELECT ${BALANCE_COLUMNS} FROM ${t.balances} ${condition}`, params.values)).map(toBalance).sort(byKey);
    },
    async balancesAsOf(filter: BalanceFilter, asOf) {
      // One statement whatever the number of keys: the current balance minus what was posted after
      // the instant (an index range on the postings' time, per location when the filter has one).
      const params = new Params();
      const after = params.add(asOf);
      const keyFilter = balanceConditions(filter, params, 'p.');
      const balanceFilter = balanceConditions(filter, params, 'b.');
      const qty = 'b.qty - coalesce(a.delta, 0)';
      if (filter.includeZero !== true) balanceFilter.push(`${qty} <> 0`);
      const statement = `SELECT b.sku, b.location, b.lot, b.serial, (${qty})::text AS qty, b.version::text AS version,
          ${iso('b.last_occurred_at')} AS last_occurred_at
        FROM ${t.balances} b
        LEFT JOIN (SELECT p.sku, p.location, p.lot, p.serial, sum(p.delta) AS delta FROM ${t.postings} p
          WHERE ${['p.occurred_at > ' + after + '::timestamptz', ...keyFilter].join(' AND ')}
          GROUP BY p.sku, p.location, p.lot, p.serial) a
          ON a.sku = b.sku AND a.location = b.location AND a.lot = b.lot AND a.serial = b.serial
        ${balanceFilter.length > 0 ? `WHERE ${balanceFilter.join(' AND ')}` : ''}`;
      return (await rows(statement, params.values)).map(toBalance).sort(byKey);
    },
    async quantityAsOf(key, asOf) {
      const { sku, location, lot, serial } = keyColumns(key);
      const row = await one(
        `SELECT coalesce(sum(delta), 0)::text AS qty FROM ${t.postings}
         WHERE sku = $1 AND location = $2 AND lot = $3 AND serial = $4 AND occurred_at <= $5::timestamptz`,
        [sku, location, lot, serial, asOf],
      );
      return decimal(row!, 'qty');
    },
    async listMovements(filter: MovementFilter) {
      const params = new Params();
      const where: string[] = [];
      if (filter.afterSeq !== undefined) where.push(`m.seq > ${params.add(String(filter.afterSeq))}::bigint`);
      if (filter.kinds !== undefined) where.push(`m.kind IN (SELECT jsonb_array_elements_text(${params.json(filter.kinds)}))`);
      if (filter.occurredFrom !== undefined) where.push(`m.occurred_at >= ${params.add(filter.occurredFrom)}::timestamptz`);
      if (filter.occurredTo !== undefined) where.push(`m.occurred_at <= ${params.add(filter.occurredTo)}::timestamptz`);
      // By sku or location: driven by the postings' (sku, seq) and (location, seq) indexes in
      // sequence order, so a limited page reads the matching movements only.
      const driving: string[] = [];
      if (filter.sku !== undefined) driving.push(`p.sku = ${params.add(filter.sku)}`);
      if (filter.location !== undefined) driving.push(subtree('p.location', params.add(filter.location)));
      if (driving.length > 0 && filter.afterSeq !== undefined) driving.push(`p.seq > ${params.add(String(filter.afterSeq))}::bigint`);
      const condition = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
      const limit = filter.limit === undefined ? '' : `LIMIT ${params.add(String(filter.limit))}::bigint`;
      // Without conditions on the movements themselves (the driving scan has `afterSeq` too), the
      // page is cut there: the first `limit` distinct sequence numbers of the index, whatever the
      // sku's or bin's history.
      const onMovements = filter.kinds !== undefined || filter.occurredFrom !== undefined || filter.occurredTo !== undefined;
      const page = onMovements ? '' : ` ORDER BY p.seq ${limit}`;
      const source =
        driving.length === 0
          ? `${t.movements} m`
          : `(SELECT DISTINCT p.seq FROM ${t.postings} p WHERE ${driving.join(' AND ')}${page}) s JOIN ${t.movements} m ON m.seq = s.seq`;
      return (await rows(`SELECT ${movementColumns('m.')} FROM ${source} ${condition} ORDER BY m.seq ${limit}`, params.values)).map(toMovement);
    },
    async listPostings(filter: PostingFilter) {
      if (filter.keys !== undefined && filter.keys.length === 0) return [];
      const params = new Params();
      const where: string[] = [];
      if (filter.keys !== undefined) where.push(`(sku, location, lot, serial) IN (${keysRecordset(params, filter.keys)})`);
      if (filter.skus !== undefined) where.push(`sku IN (SELECT jsonb_array_elements_text(${params.json(filter.skus)}))`);
      if (filter.location !== undefined) where.push(subtree('location', params.add(filter.location)));
      if (filter.occurredFrom !== undefined) where.push(`occurred_at >= ${params.add(filter.occurredFrom)}::timestamptz`);
      if (filter.occurredTo !== undefined) where.push(`occurred_at <= ${params.add(filter.occurredTo)}::timestamptz`);
      if (filter.recordedAfter !== undefined) where.push(`recorded_at > ${params.add(filter.recordedAfter)}::timestamptz`);
      const condition = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
      return (await rows(`SELECT ${POSTING_COLUMNS} FROM ${t.postings} p ${condition} ORDER BY p.seq, p.posting_index`, params.values)).map(
        toPosting,
      );
    },
    async lastMovementsAsOf(filter: BalanceFilter, asOf) {
      // Per key, the latest posting at or before the instant, found backwards on the postings'
      // (key, occurred_at) index: about one posting read per key, however long the history. The
      // balance's own last date answers when nothing was dated after the instant.
      const params = new Params();
      const at = `${params.add(asOf)}::timestamptz`;
      const where = balanceConditions(filter, params, 'b.');
      const sameKey = 'p.sku = b.sku AND p.location = b.location AND p.lot = b.lot AND p.serial = b.serial';
      const latest = (kind: string) =>
        `(SELECT p.occurred_at FROM ${t.postings} p WHERE ${sameKey} AND p.occurred_at <= ${at}${kind} ORDER BY p.occurred_at DESC LIMIT 1)`;
      const statement = `SELECT b.sku, b.location, b.lot, b.serial,
          ${iso(latest(" AND p.kind <> 'count_adjustment'"))} AS last_moved_at,
          ${iso(`CASE WHEN b.last_occurred_at <= ${at} THEN b.last_occurred_at ELSE ${latest('')} END`)} AS last_posted_at
        FROM ${t.balances} b ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}`;
      return (await rows(statement, params.values))
        .map((row): KeyLastMovement => ({ key: keyFrom(row), lastMovedAt: optionalText(row, 'last_moved_at') ?? null, lastPostedAt: optionalText(row, 'last_posted_at') ?? null }))
        .sort(byKey);
    },
    async listPostingsFrom(bounds) {
      const widest = [...widestBounds(bounds).values()];
      if (widest.length === 0) return [];
      // One statement: each key joined to its own bound, read on the postings' key index.
      const params = new Params();
      const keys = params.json(widest.map(({ key, occurredFrom }) => ({ ...keyColumns(key), from_at: occurredFrom ?? null })));
      return (
        await rows(
          `SELECT ${POSTING_COLUMNS} FROM (SELECT p.* FROM jsonb_to_recordset(${keys}) AS k(sku text, location text, lot text, serial text, from_at timestamptz)
             JOIN ${t.postings} p ON p.sku = k.sku AND p.location = k.location AND p.lot = k.lot AND p.serial = k.serial
               AND (k.from_at IS NULL OR p.occurred_at >= k.from_at)) p
           ORDER BY p.seq, p.posting_index`,
          params.values,
        )
      ).map(toPosting);
    },

    async getSession(id) {
      const row = await one(`SELECT version::text AS version, doc::text AS doc FROM ${t.sessions} WHERE id = $1`, [id]);
      return row && toSession(row);
    },
    async insertSession(session) {
      await sql.query(
        `INSERT INTO ${t.sessions} (id, version, state, opened_at, doc) VALUES ($1, $2::integer, $3, $4::timestamptz, $5::jsonb)`,
        [session.id, String(session.version), session.state, session.openedAt, JSON.stringify(session)],
      );
    },
    async updateSession(session, expectedVersion) {
      const next = { ...session, version: expectedVersion + 1 };
      const { rowCount } = await sql.query(
        `UPDATE ${t.sessions} SET version = $3::integer, state = $4, opened_at = $5::timestamptz, doc = $6::jsonb
         WHERE id = $1 AND version = $2::integer`,
        [session.id, String(expectedVersion), String(next.version), session.state, session.openedAt, JSON.stringify(next)],
      );
      return rowCount === 1;
    },
    async listSessions(filter = {}) {
      const params = new Params();
      const condition = filter.states === undefined ? '' : `WHERE state IN (SELECT jsonb_array_elements_text(${params.json(filter.states)}))`;
      return (
        await rows(`SELECT version::text AS version, doc::text AS doc FROM ${t.sessions} ${condition} ORDER BY opened_at, id`, params.values)
      ).map(toSession);
    },

    async insertSnapshot(sessionId, lines) {
      await sql.query(`DELETE FROM ${t.snapshots} WHERE session_id = $1`, [sessionId]);
      if (lines.length === 0) return;
      await sql.query(
        `INSERT INTO ${t.snapshots} (session_id, sku, location, lot, serial, qty)
         SELECT $1, s.sku, s.location, s.lot, s.serial, s.qty::numeric
         FROM jsonb_to_recordset($2::jsonb) AS s(sku text, location text, lot text, serial text, qty text)`,
        [sessionId, JSON.stringify(lines.map((line) => ({ ...keyColumns(line.key), qty: line.qty })))],
      );
    },
    async listSnapshot(sessionId) {
      return (
        await rows(`SELECT sku, location, lot, serial, qty::text AS qty FROM ${t.snapshots} WHERE session_id = $1`, [sessionId])
      )
        .map((row): SnapshotLine => ({ key: keyFrom(row), qty: decimal(row, 'qty') }))
        .sort(byKey);
    },

    async getEntry(sessionId, entryId) {
      const row = await one(`SELECT seq::text AS seq, doc::text AS doc FROM ${t.entries} WHERE session_id = $1 AND entry_id = $2`, [
        sessionId,
        entryId,
      ]);
      return row && toEntry(row);
    },
    async insertEntry(entry) {
      const seq = await nextValue(`entry\u001f${entry.sessionId}`);
      const key = entry.key === undefined ? undefined : keyColumns(entry.key);
      await sql.query(
        `INSERT INTO ${t.entries} (session_id, entry_id, seq, kind, counted_at, counter, sku, location, lot, serial, qty, doc)
         VALUES ($1, $2, $3::integer, $4, $5::timestamptz, $6, $7, $8, $9, $10, $11::numeric, $12::jsonb)`,
        [
          entry.sessionId,
          entry.entryId,
          String(seq),
          entry.kind,
          entry.countedAt,
          entry.counter,
          key?.sku ?? null,
          key?.location ?? null,
          key?.lot ?? null,
          key?.serial ?? null,
          entry.qty ?? null,
          JSON.stringify(entry),
        ],
      );
      return { ...entry, seq } as CountEntry;
    },
    async listEntries(sessionId, filter = {}) {
      return (
        await rows(
          `SELECT seq::text AS seq, doc::text AS doc FROM ${t.entries} e
           WHERE e.session_id = $1 AND ($2::text IS NULL OR e.location = $2)
             AND ($3::integer IS NULL OR (e.doc->>'round')::integer = $3)
             AND ($4::text IS NULL OR (e.sku = $4 AND e.serial = $5))
           ORDER BY e.seq`,
          [
            sessionId,
            filter.location ?? null,
            filter.round === undefined ? null : String(filter.round),
            filter.serial?.sku ?? null,
            filter.serial?.serial ?? null,
          ],
        )
      ).map(toEntry);
    },

    async insertLocationMark(mark) {
      await sql.query(
        `INSERT INTO ${t.marks} (session_id, location, round, status, at, actor, reason)
         VALUES ($1, $2, $3::integer, $4, $5::timestamptz, $6, $7)`,
        [mark.sessionId, mark.location, String(mark.round), mark.status, mark.at, mark.actor, mark.reason ?? null],
      );
    },
    async deleteLocationMarks(sessionId, location, round) {
      const result = await sql.query(`DELETE FROM ${t.marks} WHERE session_id = $1 AND location = $2 AND round = $3::integer`, [
        sessionId,
        location,
        String(round),
      ]);
      return result.rowCount;
    },
    async listLocationMarks(sessionId, filter = {}) {
      return (
        await rows(
          `SELECT session_id, location, round::text AS round, status, ${iso('at')} AS at, actor, reason
           FROM ${t.marks} WHERE session_id = $1 AND ($2::text IS NULL OR location = $2)
             AND ($3::integer IS NULL OR round = $3)
           ORDER BY id`,
          [sessionId, filter.location ?? null, filter.round === undefined ? null : String(filter.round)],
        )
      ).map(
        (row): LocationMark => ({
          sessionId: text(row, 'session_id'),
          location: text(row, 'location'),
          round: int(row, 'round'),
          status: text(row, 'status') as LocationMark['status'],
          at: text(row, 'at'),
          actor: text(row, 'actor'),
          ...opt('reason', optionalText(row, 'reason')),
        }),
      );
    },

    async insertCountRecords(records) {
      if (records.length === 0) return;
      await sql.query(
        `INSERT INTO ${t.countRecords} (session_id, sku, location, lot, serial, counted_at, qty, variance, movement_id, posted_at)
         SELECT r.session_id, r.sku, r.location, r.lot, r.serial, r.counted_at::timestamptz, r.qty::numeric,
           r.variance::numeric, r.movement_id, r.posted_at::timestamptz
         FROM jsonb_to_recordset($1::jsonb) AS r(n integer, session_id text, sku text, location text, lot text,
           serial text, counted_at text, qty text, variance text, movement_id text, posted_at text)
         ORDER BY r.n`,
        [
          JSON.stringify(
            records.map((record, n) => ({
              n,
              session_id: record.sessionId,
              ...keyColumns(record.key),
              counted_at: record.countedAt,
              qty: record.qty,
              variance: record.variance,
              movement_id: record.movementId ?? null,
              posted_at: record.postedAt,
            })),
          ),
        ],
      );
    },
    async listCountRecords(filter = {}) {
      if (filter.keys !== undefined && filter.keys.length === 0) return [];
      const params = new Params();
      const where: string[] = [];
      if (filter.keys !== undefined) where.push(`(sku, location, lot, serial) IN (${keysRecordset(params, filter.keys)})`);
      if (filter.countedFrom !== undefined) where.push(`counted_at >= ${params.add(filter.countedFrom)}::timestamptz`);
      if (filter.countedTo !== undefined) where.push(`counted_at <= ${params.add(filter.countedTo)}::timestamptz`);
      const condition = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
      return (
        await rows(
          `SELECT session_id, sku, location, lot, serial, ${iso('counted_at')} AS counted_at, qty::text AS qty,
             variance::text AS variance, movement_id, ${iso('posted_at')} AS posted_at
           FROM ${t.countRecords} r ${condition} ORDER BY r.counted_at, r.id`,
          params.values,
        )
      ).map(
        (row): CountRecord => ({
          key: keyFrom(row),
          sessionId: text(row, 'session_id'),
          countedAt: text(row, 'counted_at'),
          qty: decimal(row, 'qty'),
          variance: decimal(row, 'variance'),
          ...opt('movementId', optionalText(row, 'movement_id')),
          postedAt: text(row, 'posted_at'),
        }),
      );
    },

    async insertLocationCountRecords(records) {
      if (records.length === 0) return;
      await sql.query(
        `INSERT INTO ${t.locationRecords} (session_id, location, counted_at, items, posted_at)
         SELECT r.session_id, r.location, r.counted_at::timestamptz, r.items, r.posted_at::timestamptz
         FROM jsonb_to_recordset($1::jsonb) AS r(n integer, session_id text, location text, counted_at text, items jsonb, posted_at text)
         ORDER BY r.n`,
        [
          JSON.stringify(
            records.map((record, n) => ({
              n,
              session_id: record.sessionId,
              location: record.location,
              counted_at: record.countedAt,
              items: record.items ?? null,
              posted_at: record.postedAt,
            })),
          ),
        ],
      );
    },
    async listLocationCountRecords(filter) {
      if (filter.locations.length === 0) return [];
      const params = new Params();
      return (
        await rows(
          `SELECT session_id, location, ${iso('counted_at')} AS counted_at, items::text AS items, ${iso('posted_at')} AS posted_at
           FROM ${t.locationRecords} WHERE location IN (SELECT jsonb_array_elements_text(${params.json(filter.locations)}))
           ORDER BY counted_at, id`,
          params.values,
        )
      ).map(
        (row): LocationCountRecord => ({
          location: text(row, 'location'),
          sessionId: text(row, 'session_id'),
          countedAt: text(row, 'counted_at'),
          ...opt('items', row['items'] === null || row['items'] === undefined ? undefined : (JSON.parse(String(row['items'])) as string[])),
          postedAt: text(row, 'posted_at'),
        }),
      );
    },

    async insertPostedLines(sessionId, lines) {
      if (lines.length === 0) return;
      await sql.query(
        `INSERT INTO ${t.postedLines} (session_id, line_index, doc)
         SELECT $1, l.ordinality - 1, l.value FROM jsonb_array_elements($2::jsonb) WITH ORDINALITY AS l(value, ordinality)`,
        [sessionId, JSON.stringify(lines)],
      );
    },
    async listPostedLines(sessionId) {
      return (await rows(`SELECT doc::text AS doc FROM ${t.postedLines} WHERE session_id = $1 ORDER BY line_index`, [sessionId])).map(
        (row) => JSON.parse(text(row, 'doc')) as ReviewLine,
      );
    },

    async insertException(exception) {
      await sql.query(
        `INSERT INTO ${t.exceptions} (id, kind, movement_id, status, raised_at, doc) VALUES ($1, $2, $3, $4, $5::timestamptz, $6::jsonb)`,
        [exception.id, exception.kind, exception.movementId, exception.status, exception.raisedAt, JSON.stringify(exception)],
      );
    },
    async updateException(exception) {
      await sql.query(
        `INSERT INTO ${t.exceptions} (id, kind, movement_id, status, raised_at, doc) VALUES ($1, $2, $3, $4, $5::timestamptz, $6::jsonb)
         ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, movement_id = excluded.movement_id, status = excluded.status,
           raised_at = excluded.raised_at, doc = excluded.doc`,
        [exception.id, exception.kind, exception.movementId, exception.status, exception.raisedAt, JSON.stringify(exception)],
      );
    },
    async listExceptions(filter = {}) {
      const params = new Params();
      const condition = filter.status === undefined ? '' : `WHERE status = ${params.add(filter.status)}`;
      return (await rows(`SELECT doc::text AS doc FROM ${t.exceptions} ${condition} ORDER BY raised_at, id`, params.values)).map((row) =>
        json<CountException>(row, 'doc'),
      );
    },

    async lastAuditEvent() {
      const row = await one(`SELECT ${AUDIT_COLUMNS} FROM ${t.audit} a ORDER BY a.seq DESC LIMIT 1`);
      return row && toAuditEvent(row);
    },
    async appendAuditEvents(events) {
      if (events.length === 0) return;
      const first = events[0]!.seq;
      events.forEach((event, index) => {
        if (event.seq !== first + index) throw new Error(`stocktake: audit event ${event.seq} does not follow ${first + index - 1}`);
      });
      // The data travels as its JSON text (a string field) so the json column keeps it verbatim.
      const { rowCount } = await sql.query(
        `INSERT INTO ${t.audit} (seq, at, actor, action, subject, data, prev_hash, hash)
         SELECT e.seq, e.at::timestamptz, e.actor, e.action, e.subject, e.data::json, e.prev_hash, e.hash
         FROM jsonb_to_recordset($1::jsonb) AS e(seq bigint, at text, actor text, action text, subject text, data text,
           prev_hash text, hash text)
         WHERE $2::bigint = 1 OR EXISTS (SELECT 1 FROM ${t.audit} WHERE seq = $2::bigint - 1)`,
        [
          JSON.stringify(
            events.map((event) => ({
              seq: event.seq,
              at: event.at,
              actor: event.actor,
              action: event.action,
              subject: event.subject,
              data: JSON.stringify(event.data ?? null),
              prev_hash: event.prevHash,
              hash: event.hash,
            })),
          ),
          String(first),
        ],
      );
      if (rowCount !== events.length) throw new Error(`stocktake: audit event ${first} is out of order (event ${first - 1} is missing)`);
    },
    async listAuditEvents(filter = {}) {
      const params = new Params();
      const after = params.add(String(filter.afterSeq ?? 0));
      const limit = filter.limit === undefined ? '' : `LIMIT ${params.add(String(filter.limit))}::bigint`;
      return (await rows(`SELECT ${AUDIT_COLUMNS} FROM ${t.audit} a WHERE a.seq > ${after}::bigint ORDER BY a.seq ${limit}`, params.values)).map(
        toAuditEvent,
      );
    },
  };
}

function toLocation(row: SqlRow): Location {
  return {
    id: text(row, 'id'),
    ...opt('name', optionalText(row, 'name')),
    ...opt('kind', optionalText(row, 'kind') as Location['kind']),
  };
}

function toSession(row: SqlRow): CountSession {
  return { ...json<CountSession>(row, 'doc'), version: int(row, 'version') };
}

function toEntry(row: SqlRow): CountEntry {
  return { ...json<Omit<CountEntry, 'seq'>>(row, 'doc'), seq: int(row, 'seq') } as CountEntry;
}

const AUDIT_COLUMNS = `seq::text AS seq, ${iso('at')} AS at, actor, action, subject, data::text AS data, prev_hash, hash`;

function toAuditEvent(row: SqlRow): AuditEvent {
  return deepFreeze({
    seq: int(row, 'seq'),
    at: text(row, 'at'),
    actor: text(row, 'actor'),
    action: text(row, 'action'),
    subject: text(row, 'subject'),
    data: json(row, 'data'),
    prevHash: text(row, 'prev_hash'),
    hash: text(row, 'hash'),
  });
}
