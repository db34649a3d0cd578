/**
 * Several reads of one transaction in one round trip: {@link StorageTransaction.readTogether} on
 * PostgreSQL and PGlite.
 *
 * The extended protocol `pg` speaks takes one statement per query, so independent reads cannot be
 * sent as a script. Instead each read runs against a collecting connection that holds back its
 * first `SELECT`; once every read has started, the held statements become scalar subqueries of
 * one `SELECT`, each aggregated into a JSON array of its rows (every column is already text, see
 * the base's conventions, so a row comes back exactly as the driver would have given it, in the
 * statement's own order: `json_agg` over a sorted subquery keeps its order). Each read then gets
 * its rows and goes on; a statement it sends after that runs on its own.
 *
 * @internal
 * @module
 */
import type { StorageTransaction } from '../adapter.js';
import type { SqlExecutor, SqlRow, SqlValue } from './base.js';

type QueryResult = Awaited<ReturnType<SqlExecutor['query']>>;

/** A statement held back by the collecting connection. */
interface Held {
  readonly text: string;
  readonly values: readonly SqlValue[];
  readonly resolve: (result: QueryResult) => void;
  readonly reject: (error: unknown) => void;
}

/** Only plain queries can become subqueries (not writes, nor a `WITH` that might hold one). */
const isSelect = (text: string): boolean => /^\s*SELECT\s/i.test(text);

/**
 * The `readTogether` of a transaction on `sql`: `transactionOn` builds the transaction methods
 * over a given connection.
 *
 * @internal
 */
export function readsTogether(sql: SqlExecutor, transactionOn: (sql: SqlExecutor) => StorageTransaction): NonNullable<StorageTransaction['readTogether']> {
  return async <T extends readonly unknown[]>(reads: { readonly [K in keyof T]: (tx: StorageTransaction) => Promise<T[K]> }): Promise<T> => {
    const held: Held[] = [];
    let collecting = true;
    const collector: SqlExecutor = {
      query: (text, values = []) =>
        collecting && isSelect(text) ? new Promise<QueryResult>((resolve, reject) => held.push({ text, values, resolve, reject })) : sql.query(text, values),
      exec: (text) => sql.exec(text),
    };
    const tx = transactionOn(collector);
    let all: Promise<unknown[]>;
    try {
      // Each read sends its first statement synchronously, before its first await.
      all = Promise.all((reads as ReadonlyArray<(tx: StorageTransaction) => Promise<unknown>>).map((read) => read(tx)));
    } finally {
      collecting = false;
    }
    await runHeld(sql, held);
    return (await all) as unknown as T;
  };
}

/** Runs the held statements as one (or as itself when alone); never throws: each read gets the outcome. */
async function runHeld(sql: SqlExecutor, held: readonly Held[]): Promise<void> {
  if (held.length === 0) return;
  if (held.length === 1) {
    const [only] = held as [Held];
    await sql.query(only.text, only.values, { prepare: true }).then(only.resolve, only.reject);
    return;
  }
  const values: SqlValue[] = [];
  const columns = held.map((statement, index) => {
    const text = shiftParameters(statement.text, values.length);
    values.push(...statement.values);
    return `(SELECT coalesce(json_agg(st_read_row), '[]')::text FROM (${text}) st_read_row) AS r${index}`;
  });
  let row: SqlRow;
  try {
    // Prepared: a batch's reads give the same text at every call.
    row = (await sql.query(`SELECT ${columns.join(',\n')}`, values, { prepare: true })).rows[0]!;
  } catch (error) {
    for (const statement of held) statement.reject(error);
    return;
  }
  held.forEach((statement, index) => {
    const rows = JSON.parse(String(row[`r${index}`])) as SqlRow[];
    statement.resolve({ rows, rowCount: rows.length });
  });
}

/**
 * Renumbers a statement's `$n` parameters by `offset`, outside quoted literals and identifiers
 * (the statements here use neither dollar quoting nor comments).
 *
 * @internal
 */
export function shiftParameters(text: string, offset: number): string {
  if (offset === 0) return text;
  let result = '';
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (quote !== undefined) {
      // A doubled quote inside a literal closes and reopens it: the same state after both.
      if (char === quote) quote = undefined;
      result += char;
    } else if (char === "'" || char === '"') {
      quote = char;
      result += char;
    } else if (char === '$' && /[0-9]/.test(text[i + 1] ?? '')) {
      let end = i + 1;
      while (end < text.length && /[0-9]/.test(text[end]!)) end++;
      result += `$${Number(text.slice(i + 1, end)) + offset}`;
      i = end - 1;
    } else {
      result += char;
    }
  }
  return result;
}
