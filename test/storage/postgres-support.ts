/**
 * The raw reader and the reset the PostgreSQL conformance runs share: plain SQL of the tests' own
 * on stocktake's tables, independent of the adapter's statements and mapping.
 */
import type { RawRowCounts, StorageConformanceRaw } from '../../src/testing/conformance/index.js';

/** Runs one statement and returns its rows (pg's `pool.query` or PGlite's `db.query`). */
export type RawQuery = (sql: string, params?: unknown[]) => Promise<Array<Record<string, unknown>>>;

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;
const ISO = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

const TABLES: Record<keyof RawRowCounts, string> = {
  items: 'items',
  locations: 'locations',
  custodianAssignments: 'custodian_assignments',
  movements: 'movements',
  postings: 'postings',
  balances: 'balances',
  sessions: 'sessions',
  snapshotLines: 'snapshot_lines',
  entries: 'entries',
  locationMarks: 'location_marks',
  countRecords: 'count_records',
  locationCountRecords: 'location_records',
  postedLines: 'posted_lines',
  exceptions: 'exceptions',
  auditEvents: 'audit_events',
};

/** Reads stocktake's tables in `schema` directly. */
export function sqlRaw(query: RawQuery, schema: string, tablePrefix = ''): StorageConformanceRaw {
  const t = (name: string) => `${quote(schema)}.${quote(tablePrefix + name)}`;
  return {
    async movements() {
      const rows = await query(
        `SELECT id, seq::int AS seq, kind, fingerprint, ${ISO('occurred_at')} AS occurred_at, jsonb_array_length(lines) AS line_count FROM ${t('movements')}`,
      );
      return rows.map((r) => ({
        id: String(r['id']),
        seq: Number(r['seq']),
        kind: String(r['kind']),
        fingerprint: String(r['fingerprint']),
        occurredAt: String(r['occurred_at']),
        lineCount: Number(r['line_count']),
      }));
    },
    async postings() {
      const rows = await query(
        `SELECT movement_id, line_index, sku, location, nullif(lot, '') AS lot, nullif(serial, '') AS serial, delta::text AS delta,
           ${ISO('occurred_at')} AS occurred_at FROM ${t('postings')}`,
      );
      return rows.map((r) => ({
        movementId: String(r['movement_id']),
        lineIndex: Number(r['line_index']),
        sku: String(r['sku']),
        location: String(r['location']),
        lot: (r['lot'] as string | null) ?? null,
        serial: (r['serial'] as string | null) ?? null,
        delta: String(r['delta']),
        occurredAt: String(r['occurred_at']),
      }));
    },
    async balances() {
      const rows = await query(
        `SELECT sku, location, nullif(lot, '') AS lot, nullif(serial, '') AS serial, qty::text AS qty, version::int AS version FROM ${t('balances')}`,
      );
      return rows.map((r) => ({
        sku: String(r['sku']),
        location: String(r['location']),
        lot: (r['lot'] as string | null) ?? null,
        serial: (r['serial'] as string | null) ?? null,
        qty: String(r['qty']),
        version: Number(r['version']),
      }));
    },
    async sessions() {
      const rows = await query(`SELECT id, version, state FROM ${t('sessions')}`);
      return rows.map((r) => ({ id: String(r['id']), version: Number(r['version']), state: String(r['state']) }));
    },
    async entries() {
      const rows = await query(`SELECT session_id, entry_id, seq FROM ${t('entries')}`);
      return rows.map((r) => ({ sessionId: String(r['session_id']), entryId: String(r['entry_id']), seq: Number(r['seq']) }));
    },
    async auditEvents() {
      const rows = await query(`SELECT seq::int AS seq, prev_hash, hash FROM ${t('audit_events')}`);
      return rows.map((r) => ({ seq: Number(r['seq']), prevHash: String(r['prev_hash']), hash: String(r['hash']) }));
    },
    async rowCounts() {
      const parts = Object.entries(TABLES).map(([key, table]) => `SELECT '${key}' AS k, count(*)::int AS n FROM ${t(table)}`);
      const rows = await query(parts.join(' UNION ALL '));
      return Object.fromEntries(rows.map((r) => [String(r['k']), Number(r['n'])])) as unknown as RawRowCounts;
    },
    async feedEvents() {
      const rows = await query(`SELECT id, type FROM ${t('feed_events')}`);
      return rows.map((r) => ({ id: String(r['id']), type: String(r['type']) }));
    },
    async tamperAuditEvent(seq) {
      const attempt = async (sql: string) =>
        query(sql, [seq]).then(
          () => 'applied' as const,
          () => 'rejected' as const,
        );
      return {
        update: await attempt(`UPDATE ${t('audit_events')} SET actor = 'mallory' WHERE seq = $1`),
        delete: await attempt(`DELETE FROM ${t('audit_events')} WHERE seq = $1`),
      };
    },
  };
}

/**
 * Empties every stocktake table of a schema in one statement. The audit log refuses TRUNCATE
 * through its trigger, so the reset runs with triggers off (`session_replication_role = replica`,
 * which needs a superuser — fine for a test database, never done by the adapter).
 */
export function truncateAllSql(schema: string, tablePrefix = ''): string {
  const tables = [...Object.values(TABLES), 'counters', 'item_costs', 'feed_events'].map((name) => `${quote(schema)}.${quote(tablePrefix + name)}`);
  return `BEGIN;
SET LOCAL session_replication_role = replica;
TRUNCATE ${tables.join(', ')} RESTART IDENTITY;
COMMIT;`;
}
