/**
 * Row ↔ domain mapping of the PostgreSQL adapter: how a selected row (every column cast to text)
 * becomes a domain object, and the small SQL fragments the statements share.
 *
 * @internal
 * @module
 */
import type { AuditEvent } from '../../audit/types.js';
import type { Location } from '../../catalog/types.js';
import type { CountEntry, CountSession } from '../../count/types.js';
import { deepFreeze } from '../../freeze.js';
import { compareStockKeys, type StockKey } from '../../ledger/key.js';
import type { Balance, BalanceFilter, Movement, MovementKind, Posting } from '../../ledger/types.js';
import { D, formatDecimal, type DecimalString } from '../../quantity/decimal.js';
import type { SqlRow, SqlValue } from './base.js';

/** Selects a timestamptz as the domain's instant text. */
export const iso = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

export function text(row: SqlRow, column: string): string {
  const value = row[column];
  if (typeof value !== 'string') throw new Error(`stocktake: column ${column} is ${value === null ? 'NULL' : typeof value}, expected text`);
  return value;
}

export function optionalText(row: SqlRow, column: string): string | undefined {
  const value = row[column];
  return value === null || value === undefined ? undefined : text(row, column);
}

export function int(row: SqlRow, column: string): number {
  const value = Number(text(row, column));
  if (!Number.isSafeInteger(value)) throw new Error(`stocktake: column ${column} is not a safe integer`);
  return value;
}

export function decimal(row: SqlRow, column: string): DecimalString {
  return formatDecimal(new D(text(row, column)));
}

export function json<T>(row: SqlRow, column: string): T {
  return JSON.parse(text(row, column)) as T;
}

/** Adds `name: value` only when the value is defined (`exactOptionalPropertyTypes`). */
export function opt<K extends string, V>(name: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [name]: value }) as { [P in K]?: V };
}

/** Key columns as stored: absent lot and serial are `''`. */
export function keyColumns(key: StockKey): { sku: string; location: string; lot: string; serial: string } {
  return { sku: key.sku, location: key.location, lot: key.lot ?? '', serial: key.serial ?? '' };
}

export function keyFrom(row: SqlRow): StockKey {
  const lot = text(row, 'lot');
  const serial = text(row, 'serial');
  return {
    sku: text(row, 'sku'),
    location: text(row, 'location'),
    ...(lot === '' ? {} : { lot }),
    ...(serial === '' ? {} : { serial }),
  };
}

export const byKey = <T extends { key: StockKey }>(a: T, b: T) => compareStockKeys(a.key, b.key);
export const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The subtree condition: the root itself, or a path below it (a range scan on a C-collated b-tree). */
export function subtree(column: string, param: string): string {
  return `(${column} = ${param} OR (${column} >= ${param} || '/' AND ${column} < ${param} || '0'))`;
}

/** Collects `$n` parameters for a statement built from optional filters. */
export class Params {
  readonly values: SqlValue[] = [];
  add(value: SqlValue): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
  json(value: unknown): string {
    return `${this.add(JSON.stringify(value))}::jsonb`;
  }
  /**
   * `ANY` of a list of texts, for `column = ${params.anyOf(values)}`: the list becomes an array
   * once (an init plan), so the planner drives an index with it whatever it guesses of the list's
   * size, where `IN (SELECT …)` may scan every row and join.
   */
  anyOf(values: readonly string[]): string {
    return `ANY(ARRAY(SELECT jsonb_array_elements_text(${this.json(values)})))`;
  }
}

/** The movement columns of a table alias (`m.`) or of the table itself (`''`). */
export const movementColumns = (a: string) => `${a}id AS id, ${a}seq::text AS seq, ${a}kind AS kind,
  ${iso(`${a}occurred_at`)} AS occurred_at, ${iso(`${a}recorded_at`)} AS recorded_at, ${a}actor AS actor,
  ${a}reference AS reference, ${a}reason AS reason, ${a}reason_code AS reason_code, ${a}override_reason AS override_reason,
  ${a}session_id AS session_id, ${a}fingerprint AS fingerprint, ${a}lines::text AS lines`;

export function toMovement(row: SqlRow): Movement {
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

export const POSTING_COLUMNS = `movement_id, seq::text AS seq, line_index::text AS line_index, sku, location, lot, serial,
  delta::text AS delta, ${iso('occurred_at')} AS occurred_at, ${iso('recorded_at')} AS recorded_at, kind, actor`;

export function toPosting(row: SqlRow): Posting {
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

export const BALANCE_COLUMNS = `sku, location, lot, serial, qty::text AS qty, version::text AS version, ${iso('last_occurred_at')} AS last_occurred_at`;

export function toBalance(row: SqlRow): Balance {
  return { key: keyFrom(row), qty: decimal(row, 'qty'), version: int(row, 'version'), lastOccurredAt: String(row['last_occurred_at']) };
}

/** The conditions of a balance filter on the key columns of a table alias (`b.`, `p.` or `''`). */
export function balanceConditions(filter: BalanceFilter, params: Params, a: string): string[] {
  const where: string[] = [];
  if (filter.sku !== undefined) where.push(`${a}sku = ${params.add(filter.sku)}`);
  if (filter.location !== undefined) where.push(subtree(`${a}location`, params.add(filter.location)));
  if (filter.lot !== undefined) where.push(`${a}lot = ${params.add(filter.lot)}`);
  if (filter.serial !== undefined) where.push(`${a}serial = ${params.add(filter.serial)}`);
  return where;
}

/**
 * The rows of `table` (with the key columns `sku, location, lot, serial`) whose key is one of
 * `keys`, as a parenthesised source with every column of the table, for `FROM ${rowsOfKeys(…)} r`.
 *
 * One index probe per key: each key's rows come from a lateral subquery fenced with `OFFSET 0`,
 * which the planner cannot flatten into a join. `(key) IN (SELECT … FROM jsonb_to_recordset(…))`
 * let it guess 100 keys and hash-join them with a scan of the whole table, every row of it at
 * every call however few keys were given (the balances of one movement read 50 000 rows).
 */
export function rowsOfKeys(table: string, params: Params, keys: readonly StockKey[]): string {
  return `(SELECT x.* FROM (SELECT DISTINCT k.sku, k.location, k.lot, k.serial FROM jsonb_to_recordset(${params.json(keys.map(keyColumns))})
      AS k(sku text, location text, lot text, serial text)) k
    CROSS JOIN LATERAL (SELECT * FROM ${table} x WHERE x.sku = k.sku AND x.location = k.location AND x.lot = k.lot AND x.serial = k.serial OFFSET 0) x)`;
}

export function toLocation(row: SqlRow): Location {
  return {
    id: text(row, 'id'),
    ...opt('name', optionalText(row, 'name')),
    ...opt('kind', optionalText(row, 'kind') as Location['kind']),
  };
}

export function toSession(row: SqlRow): CountSession {
  return { ...json<CountSession>(row, 'doc'), version: int(row, 'version') };
}

export function toEntry(row: SqlRow): CountEntry {
  return { ...json<Omit<CountEntry, 'seq'>>(row, 'doc'), seq: int(row, 'seq') } as CountEntry;
}

export const AUDIT_COLUMNS = `seq::text AS seq, chain, ${iso('at')} AS at, actor, action, subject, data::text AS data, prev_hash, hash`;

export function toAuditEvent(row: SqlRow): AuditEvent {
  // The store chain is '' in SQL and absent on the event (as in logs written before partitions).
  const chain = text(row, 'chain');
  return deepFreeze({
    seq: int(row, 'seq'),
    ...(chain === '' ? {} : { chain }),
    at: text(row, 'at'),
    actor: text(row, 'actor'),
    action: text(row, 'action'),
    subject: text(row, 'subject'),
    data: json(row, 'data'),
    prevHash: text(row, 'prev_hash'),
    hash: text(row, 'hash'),
  });
}
