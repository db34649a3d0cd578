/**
 * The SQL of the hash-chained audit log.
 *
 * @internal
 * @module
 */
import type { StorageTransaction } from '../adapter.js';
import { Params, AUDIT_COLUMNS, toAuditEvent } from './rows.js';
import type { SqlStatements } from './statements.js';

/** The transaction methods of the hash-chained audit log. @internal */
export type AuditStatements = Pick<StorageTransaction, 'lastAuditEvent' | 'appendAuditEvents' | 'listAuditEvents'>;

/** The statements of the hash-chained audit log in one transaction. @internal */
export function auditStatements({ sql, t, rows, one }: SqlStatements): AuditStatements {
  return {
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
