/**
 * The SQL of count sessions, snapshots, entries, location marks, count records, posted lines and exceptions.
 *
 * @internal
 * @module
 */
import type { CountEntry, CountException, CountRecord, LocationCountRecord, LocationMark, SnapshotLine } from '../../count/types.js';
import type { ReviewLine } from '../../count/review-types.js';
import type { StorageTransaction } from '../adapter.js';
import { iso, text, optionalText, int, decimal, json, opt, keyColumns, keyFrom, byKey, Params, rowsOfKeys, toSession, toEntry } from './rows.js';
import type { SqlStatements } from './statements.js';

/** The transaction methods of count sessions, snapshots, entries, location marks, count records, posted lines and exceptions. @internal */
export type CountStatements = Pick<StorageTransaction, 'getEntries' | 'insertEntries' | 'getSession' | 'insertSession' | 'updateSession' | 'listSessions' | 'insertSnapshot' | 'listSnapshot' | 'getEntry' | 'insertEntry' | 'listEntries' | 'insertLocationMark' | 'deleteLocationMarks' | 'listLocationMarks' | 'insertCountRecords' | 'listCountRecords' | 'insertLocationCountRecords' | 'listLocationCountRecords' | 'insertPostedLines' | 'listPostedLines' | 'insertException' | 'updateException' | 'listExceptions'>;

/** The statements of count sessions, snapshots, entries, location marks, count records, posted lines and exceptions in one transaction. @internal */
export function countStatements({ sql, t, rows, one, nextValues }: SqlStatements): CountStatements {
  /**
   * Appends entries in order: one counter update per session for their consecutive `seq`, one
   * multi-row insert.
   */
  const insertEntries = async (entries: ReadonlyArray<Omit<CountEntry, 'seq'>>): Promise<CountEntry[]> => {
    const next = new Map<string, number>();
    for (const entry of entries) next.set(entry.sessionId, (next.get(entry.sessionId) ?? 0) + 1);
    for (const [sessionId, count] of next) next.set(sessionId, (await nextValues(`entry\u001f${sessionId}`, count)) - count + 1);
    const stored = entries.map((entry): CountEntry => {
      const seq = next.get(entry.sessionId)!;
      next.set(entry.sessionId, seq + 1);
      return { ...entry, seq } as CountEntry;
    });
    if (stored.length === 0) return stored;
    const params = new Params();
    const records = entries.map((entry, index) => {
      const key = entry.key === undefined ? undefined : keyColumns(entry.key);
      return {
        session_id: entry.sessionId,
        entry_id: entry.entryId,
        seq: stored[index]!.seq,
        kind: entry.kind,
        counted_at: entry.countedAt,
        counter: entry.counter,
        sku: key?.sku ?? null,
        location: key?.location ?? null,
        lot: key?.lot ?? null,
        serial: key?.serial ?? null,
        qty: entry.qty ?? null,
        doc: entry,
      };
    });
    await sql.query(
      `INSERT INTO ${t.entries} (session_id, entry_id, seq, kind, counted_at, counter, sku, location, lot, serial, qty, doc)
       SELECT r.session_id, r.entry_id, r.seq, r.kind, r.counted_at::timestamptz, r.counter, r.sku, r.location, r.lot, r.serial, r.qty::numeric, r.doc
       FROM jsonb_to_recordset(${params.json(records)})
         AS r(session_id text, entry_id text, seq integer, kind text, counted_at text, counter text, sku text, location text, lot text, serial text, qty text, doc jsonb)`,
      params.values,
    );
    return stored;
  };

  return {
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
      const condition = filter.states === undefined ? '' : `WHERE state = ${params.anyOf(filter.states)}`;
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
    async getEntries(sessionId, entryIds) {
      const result = new Map<string, CountEntry>();
      if (entryIds.length === 0) return result;
      const params = new Params();
      const session = params.add(sessionId);
      for (const row of await rows(
        `SELECT seq::text AS seq, doc::text AS doc FROM ${t.entries}
         WHERE session_id = ${session} AND entry_id = ${params.anyOf(entryIds)}`,
        params.values,
      )) {
        const entry = toEntry(row);
        result.set(entry.entryId, entry);
      }
      return result;
    },

    async insertEntry(entry) {
      const [stored] = await insertEntries([entry]);
      return stored!;
    },

    insertEntries,

    async listEntries(sessionId, filter = {}) {
      const params = new Params();
      const where = [`e.session_id = ${params.add(sessionId)}`];
      if (filter.location !== undefined) where.push(`e.location = ${params.add(filter.location)}`);
      if (filter.round !== undefined) where.push(`(e.doc->>'round')::integer = ${params.add(String(filter.round))}::integer`);
      if (filter.serial !== undefined) where.push(`e.sku = ${params.add(filter.serial.sku)} AND e.serial = ${params.add(filter.serial.serial)}`);
      if (filter.locations !== undefined) where.push(`e.location = ${params.anyOf(filter.locations)}`);
      if (filter.serials !== undefined) {
        // The serial numbers drive the serial index; the pairs keep only each serial's own item.
        const serials = filter.serials.map((s) => s.serial);
        where.push(
          `e.serial = ${params.anyOf(serials)} AND (e.sku, e.serial) IN (SELECT s.sku, s.serial FROM jsonb_to_recordset(${params.json(filter.serials)}) AS s(sku text, serial text))`,
        );
      }
      const statement = `SELECT seq::text AS seq, doc::text AS doc FROM ${t.entries} e WHERE ${where.join(' AND ')} ORDER BY e.seq`;
      return (await rows(statement, params.values)).map(toEntry);
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
      const source = filter.keys === undefined ? t.countRecords : rowsOfKeys(t.countRecords, params, filter.keys);
      if (filter.countedFrom !== undefined) where.push(`counted_at >= ${params.add(filter.countedFrom)}::timestamptz`);
      if (filter.countedTo !== undefined) where.push(`counted_at <= ${params.add(filter.countedTo)}::timestamptz`);
      const condition = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
      return (
        await rows(
          `SELECT session_id, sku, location, lot, serial, ${iso('counted_at')} AS counted_at, qty::text AS qty,
             variance::text AS variance, movement_id, ${iso('posted_at')} AS posted_at
           FROM ${source} r ${condition} ORDER BY r.counted_at, r.id`,
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
           FROM ${t.locationRecords} WHERE location = ${params.anyOf(filter.locations)}
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
  };
}
