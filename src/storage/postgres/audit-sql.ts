/**
 * The SQL of the hash-chained audit log.
 *
 * @internal
 * @module
 */
import { GENESIS_HASH } from '../../audit/hash.js';
import type { StorageTransaction } from '../adapter.js';
import { Params, AUDIT_COLUMNS, int, toAuditEvent } from './rows.js';
import type { SqlStatements } from './statements.js';

/** The transaction methods of the hash-chained audit log. @internal */
export type AuditStatements = Pick<
  StorageTransaction,
  'lastAuditEvent' | 'auditChainHeads' | 'reserveAuditSeqs' | 'appendAuditEvents' | 'listAuditEvents'
>;

/** The statements of the hash-chained audit log in one transaction. @internal */
export function auditStatements({ t, rows, one, sequenceValues, pending }: SqlStatements): AuditStatements {
  return {
    async lastAuditEvent(chain) {
      // The store chain is '' in SQL; the (chain, seq) index finds a chain's head backwards.
      const row = await one(`SELECT ${AUDIT_COLUMNS} FROM ${t.audit} a WHERE a.chain = $1 ORDER BY a.seq DESC LIMIT 1`, [chain ?? '']);
      return row && toAuditEvent(row);
    },
    async auditChainHeads() {
      // A skip scan of the (chain, seq) index: one probe per chain, whatever the log's length.
      return (
        await rows(
          `WITH RECURSIVE chains AS (
             (SELECT f.chain FROM ${t.audit} f ORDER BY f.chain LIMIT 1)
             UNION ALL
             SELECT (SELECT n.chain FROM ${t.audit} n WHERE n.chain > c.chain ORDER BY n.chain LIMIT 1) FROM chains c WHERE c.chain IS NOT NULL
           )
           SELECT h.* FROM chains c
           CROSS JOIN LATERAL (SELECT ${AUDIT_COLUMNS} FROM ${t.audit} a WHERE a.chain = c.chain ORDER BY a.seq DESC LIMIT 1) h
           WHERE c.chain IS NOT NULL
           ORDER BY h.chain`,
        )
      ).map(toAuditEvent);
    },
    async reserveAuditSeqs(count) {
      // The movement append draws one number per movement ahead (the engine reserves them right
      // after it): those first, then the sequence. Later draws are larger, so the order holds.
      const ahead = pending.drawnAhead(count);
      return [...ahead, ...(await sequenceValues('audit_events_seq_gen', count - ahead.length))];
    },
    async appendAuditEvents(events) {
      if (events.length === 0) return;
      const chain = events[0]!.chain ?? '';
      events.forEach((event, index) => {
        if ((event.chain ?? '') !== chain) throw new Error(`stocktake: audit events of one call belong to one chain (${event.seq} does not)`);
        const before = events[index - 1];
        if (before !== undefined && (event.prevHash !== before.hash || event.seq <= before.seq)) {
          throw new Error(`stocktake: audit event ${event.seq} does not follow ${before.seq}`);
        }
      });
      // The first event must link to the chain's stored head: its hash, and a larger seq.
      // The data travels as its JSON text (a string field) so the json column keeps it verbatim.
      // Held back: it goes with the transaction's next statement (the feed append, when the
      // command publishes events), or on its own before COMMIT; a refusal rejects the transaction.
      await pending.hold({
        ctes: `held_audit_head AS (SELECT h.seq, h.hash FROM ${t.audit} h WHERE h.chain = $2 ORDER BY h.seq DESC LIMIT 1),
         held_audit AS (
           INSERT INTO ${t.audit} (seq, chain, at, actor, action, subject, data, prev_hash, hash)
           SELECT e.seq, $2, e.at::timestamptz, e.actor, e.action, e.subject, e.data::json, e.prev_hash, e.hash
           FROM jsonb_to_recordset($1::jsonb) AS e(seq bigint, at text, actor text, action text, subject text, data text,
             prev_hash text, hash text)
           WHERE coalesce((SELECT hash FROM held_audit_head), $4) = $3 AND coalesce((SELECT seq FROM held_audit_head), 0) < $5::bigint
           RETURNING 1)`,
        values: [
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
          chain,
          events[0]!.prevHash,
          GENESIS_HASH,
          String(events[0]!.seq),
        ],
        answer: '(SELECT count(*) FROM held_audit)::text AS held_audit_rows',
        check: (row) => {
          if (int(row, 'held_audit_rows') !== events.length) throw new Error(`stocktake: audit event ${events[0]!.seq} does not follow the last event of its chain`);
        },
      });
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
