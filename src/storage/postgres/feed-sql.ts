/**
 * The SQL of the event feed (the transactional outbox).
 *
 * Why the cursor is (transaction id, sequence) and not one sequence number. A reader pages the
 * feed by "everything after the last cursor I saw". That is only safe if no event can later
 * become visible *before* a cursor a reader already passed. A sequence (or an identity column)
 * is assigned when a row is inserted, not when its transaction commits: with several writers
 * committing concurrently (writers of different warehouses do), a transaction holding seq 7 may
 * commit after one holding seq 8, and a reader that saw 8 would skip 7 for ever. Commit order
 * itself is not visible to SQL.
 *
 * What is visible is the snapshot: `pg_snapshot_xmin(pg_current_snapshot())` is the oldest
 * transaction id still running when the reader's snapshot was taken, so every transaction with a
 * smaller id has finished (committed or rolled back), and any transaction that writes later gets
 * a larger id. A reader therefore returns only rows whose `xid` is below that horizon, ordered by
 * (xid, seq): the rows below the horizon are final, and every row that appears later sorts after
 * them. The feed order is transaction-id order (the order writers first wrote), which is a stable
 * total order but not necessarily commit order across writers that ran concurrently; writers
 * that are serialized by one lock taken before their first write (every writer of one schema
 * today, every writer of one warehouse once writes are partitioned) get ids, and so feed
 * positions, in their commit order. Within a transaction, events keep the order they were
 * appended in (the sequence).
 *
 * The price: a transaction that stays open (an idle session inside a transaction, a long report
 * that wrote something, a prepared transaction) holds the horizon back, and the feed waits for it;
 * nothing is lost or reordered. Operators bound it with `idle_in_transaction_session_timeout`.
 *
 * Every append also sends `pg_notify` on {@link FEED_CHANNEL} with the schema's namespace as the
 * payload; PostgreSQL delivers it when (and only if) the transaction commits.
 *
 * @internal
 * @module
 */
import { decodeCursor, encodeCursor, invalidCursor } from '../../feed/cursor.js';
import type { FeedEvent } from '../../feed/types.js';
import { deepFreeze } from '../../freeze.js';
import type { StorageTransaction } from '../adapter.js';
import { iso, text } from './rows.js';
import { quoteLiteral, type SqlNames } from './schema.js';
import type { SqlRow } from './base.js';
import type { SqlStatements } from './statements.js';
import { shiftParameters } from './combined-reads.js';

/** The notification channel of every stocktake schema's feed; the payload names the schema. @internal */
export const FEED_CHANNEL = 'stocktake_feed';

/** The notification payload of a schema and prefix (without quotes). @internal */
export function feedPayload(names: SqlNames): string {
  return `${names.naming.schema}\u001f${names.naming.tablePrefix}`;
}

const COLUMNS = `f.xid::text AS xid, f.seq::text AS seq, f.id, f.type, ${iso('f.at')} AS at, f.event::text AS event`;

function toFeedEvent(row: SqlRow): FeedEvent {
  return deepFreeze({
    id: text(row, 'id'),
    cursor: encodeCursor({ major: BigInt(text(row, 'xid')), minor: BigInt(text(row, 'seq')) }),
    type: text(row, 'type'),
    at: text(row, 'at'),
    event: JSON.parse(text(row, 'event')) as unknown,
  }) as FeedEvent;
}

/** The transaction methods of the event feed. @internal */
export type FeedStatements = Pick<StorageTransaction, 'appendFeedEvents' | 'readFeed' | 'lastFeedCursor'>;

/** The statements of the event feed in one transaction. @internal */
export function feedStatements({ sql, t, rows, one, pending }: SqlStatements, names: SqlNames): FeedStatements {
  const payload = quoteLiteral(feedPayload(names));
  return {
    async appendFeedEvents(events) {
      if (events.length === 0) return;
      // One statement whatever the number of events, the wake-up of followers included (sent at
      // commit). The sequence values are drawn first and handed out in ascending order by
      // position: a default in an INSERT … SELECT … ORDER BY is evaluated before the sort, so it
      // would not follow the events' order. One number per element of $1 rather than
      // generate_series(1, n), which the planner sizes by n: the prepared statement keeps one
      // generic plan instead of being planned at every call. The event travels as JSON text so
      // the json column keeps it verbatim.
      const values = [JSON.stringify(events.map((event) => ({ id: event.id, type: event.type, at: event.at, event: JSON.stringify(event.event) })))];
      // A write the transaction held back (the audit append of the same command) goes in this
      // statement too: one round trip for both. Different tables, so neither needs to see the other.
      const held = pending.take();
      const { rows: [row] } = await sql.query(
        `WITH ${held === undefined ? '' : `${shiftParameters(held.ctes, values.length)},\n`}drawn AS MATERIALIZED (SELECT nextval(pg_get_serial_sequence(${quoteLiteral(t.feed)}, 'seq')) AS seq FROM jsonb_array_elements($1::jsonb)),
              numbered AS (SELECT seq, row_number() OVER (ORDER BY seq) AS n FROM drawn),
              appended AS (
                INSERT INTO ${t.feed} (seq, id, type, at, event) OVERRIDING SYSTEM VALUE
                SELECT d.seq, e.doc->>'id', e.doc->>'type', (e.doc->>'at')::timestamptz, (e.doc->>'event')::json
                FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS e(doc, n) JOIN numbered d ON d.n = e.n)
         SELECT pg_notify('${FEED_CHANNEL}', ${payload})${held === undefined ? '' : `, ${held.answer}`}`,
        held === undefined ? values : [...values, ...held.values],
        { prepare: true },
      );
      held?.check(row!);
    },
    async readFeed({ after, limit }) {
      let xid = '0';
      let seq = '0';
      if (after !== undefined) {
        const position = decodeCursor(after);
        xid = String(position.major);
        seq = String(position.minor);
        // A cursor always names an event the feed returned; anything else is another feed's.
        const found = await one(`SELECT 1 AS found FROM ${t.feed} WHERE xid = $1::xid8 AND seq = $2::bigint`, [xid, seq]);
        if (found === undefined) throw invalidCursor(after, 'was not given by this feed');
      }
      // Only transactions below the snapshot's horizon: they have all finished (see the module comment).
      const found = await rows(
        // Ordered by the table's columns (f.), not by the text aliases of the select list.
        `SELECT ${COLUMNS} FROM ${t.feed} f
         WHERE (f.xid, f.seq) > ($1::xid8, $2::bigint) AND f.xid < pg_snapshot_xmin(pg_current_snapshot())
         ORDER BY f.xid, f.seq LIMIT $3::integer`,
        [xid, seq, String(limit)],
      );
      return found.map(toFeedEvent);
    },
    async lastFeedCursor() {
      const last = await one(
        `SELECT f.xid::text AS xid, f.seq::text AS seq FROM ${t.feed} f
         WHERE f.xid < pg_snapshot_xmin(pg_current_snapshot()) ORDER BY f.xid DESC, f.seq DESC LIMIT 1`,
      );
      return last === undefined ? undefined : encodeCursor({ major: BigInt(text(last, 'xid')), minor: BigInt(text(last, 'seq')) });
    },
  };
}
