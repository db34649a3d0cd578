/**
 * What the statements of one transaction share: the table names, the query helpers over the
 * transaction's connection and the gapless counters.
 *
 * @internal
 * @module
 */
import type { SqlExecutor, SqlRow, SqlValue } from './base.js';
import { int } from './rows.js';
import { quoteLiteral, type SqlNames } from './schema.js';

/** The query helpers of one transaction. @internal */
export interface SqlStatements {
  /** The transaction's connection. */
  readonly sql: SqlExecutor;
  /** Qualified table names. */
  readonly t: SqlNames['table'];
  /** Runs a statement and returns its rows. */
  readonly rows: (statement: string, values?: readonly SqlValue[]) => Promise<readonly SqlRow[]>;
  /** Runs a statement and returns its first row. */
  readonly one: (statement: string, values?: readonly SqlValue[]) => Promise<SqlRow | undefined>;
  /** Takes the next `count` values of a named counter and returns the last. */
  readonly nextValues: (counter: string, count: number) => Promise<number>;
  /** Takes the next value of a named counter. */
  readonly nextValue: (counter: string) => Promise<number>;
  /** A database sequence's name as a quoted literal, for `nextval(…)`. */
  readonly seqName: (sequence: string) => string;
  /** Takes `count` values of a database sequence (unique and increasing; gaps after rollbacks), in increasing order. */
  readonly sequenceValues: (sequence: string, count: number) => Promise<number[]>;
}

/** The helpers over one driver transaction. @internal */
export function sqlStatements(sql: SqlExecutor, names: SqlNames): SqlStatements {
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
  const seqName = (sequence: string): string => quoteLiteral(names.fn(sequence));
  const sequenceValues = async (sequence: string, count: number): Promise<number[]> => {
    if (count === 0) return [];
    const { rows: found } = await sql.query(`SELECT nextval(${seqName(sequence)})::text AS value FROM generate_series(1, $1::integer)`, [String(count)], { prepare: true });
    return found.map((row) => int(row, 'value')).sort((a, b) => a - b);
  };
  return { sql, t, rows, one, nextValues, nextValue, seqName, sequenceValues };
}
