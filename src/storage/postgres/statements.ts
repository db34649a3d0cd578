/**
 * What the statements of one transaction share: the table names, the query helpers over the
 * transaction's connection, the gapless counters, and the writes held back to ride along with the
 * transaction's next statement ({@link PendingWrites}).
 *
 * @internal
 * @module
 */
import type { SqlExecutor, SqlRow, SqlValue } from './base.js';
import { int } from './rows.js';
import { quoteLiteral, type SqlNames } from './schema.js';

/** The query helpers of one transaction. @internal */
export interface SqlStatements {
  /** The transaction's connection (a held write goes first, see {@link PendingWrites}). */
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
  /** The transaction's held write and numbers drawn ahead. */
  readonly pending: PendingWrites;
}

/**
 * A write whose only answer is a check (the audit append): held back and sent with the
 * transaction's next statement, as common table expressions of it, rather than in a round trip of
 * its own.
 *
 * @internal
 */
export interface HeldWrite {
  /** The `name AS (…)` definitions of a `WITH` clause, parameters numbered from `$1`; names start with `held_`. */
  readonly ctes: string;
  /** Their parameters. */
  readonly values: readonly SqlValue[];
  /** Select-list items (without parameters) giving what {@link HeldWrite.check} reads. */
  readonly answer: string;
  /** Throws when the row the answer gave says the write did not happen as it should. */
  readonly check: (row: SqlRow) => void;
}

/**
 * The writes one transaction holds back, and the audit numbers it drew ahead.
 *
 * A held write goes out before any other statement of the transaction (so everything after it sees
 * it, as if it had been sent when asked), merged into that statement when the statement takes it
 * ({@link PendingWrites.take}: the feed append does), else on its own; the adapter sends whatever
 * is still held before `COMMIT`. A failed check rejects the statement it went with, and so the
 * transaction, which rolls back: nothing of it is kept, as when the write was refused alone.
 *
 * @internal
 */
export class PendingWrites {
  private held: HeldWrite | undefined;
  private ahead: number[] = [];
  /** The transaction's connection, sending the held write before each statement. */
  readonly sql: SqlExecutor;

  constructor(private readonly raw: SqlExecutor) {
    // Straight through when nothing is held: the reads run together send their first statement
    // synchronously (see combined-reads.ts), which an await here would defer past the collecting.
    this.sql = {
      query: (text, values, options) => (this.held === undefined ? raw.query(text, values, options) : this.flush().then(() => raw.query(text, values, options))),
      exec: (text) => (this.held === undefined ? raw.exec(text) : this.flush().then(() => raw.exec(text))),
    };
  }

  /** Holds a write back (sending the one already held first: two writes are never merged with each other). */
  async hold(write: HeldWrite): Promise<void> {
    await this.flush();
    this.held = write;
  }

  /** The held write, for a statement that sends it as part of itself (and then runs its check); `undefined` when none. */
  take(): HeldWrite | undefined {
    const write = this.held;
    this.held = undefined;
    return write;
  }

  /** Sends the held write on its own, if any. */
  async flush(): Promise<void> {
    const write = this.take();
    if (write === undefined) return;
    const { rows } = await this.raw.query(`WITH ${write.ctes} SELECT ${write.answer}`, write.values, { prepare: true });
    write.check(rows[0]!);
  }

  /** Keeps audit numbers drawn ahead (by the movement append), in increasing order, for {@link PendingWrites.drawnAhead}. */
  keepAhead(seqs: readonly number[]): void {
    this.ahead = [...this.ahead, ...seqs].sort((a, b) => a - b);
  }

  /** Up to `count` of the audit numbers drawn ahead, the smallest first; they are not given again. */
  drawnAhead(count: number): number[] {
    return this.ahead.splice(0, count);
  }
}

/** The helpers over one driver transaction. @internal */
export function sqlStatements(pending: PendingWrites, names: SqlNames): SqlStatements {
  const { sql } = pending;
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
  return { sql, t, rows, one, nextValues, nextValue, seqName, sequenceValues, pending };
}
