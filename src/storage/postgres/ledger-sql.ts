/**
 * The SQL of movements, postings and balances.
 *
 * @internal
 * @module
 */
import { stockKeyId } from '../../ledger/key.js';
import type { Balance, BalanceFilter, Movement, MovementFilter, Posting, PostingFilter } from '../../ledger/types.js';
import type { KeyLastMovement, LockedBalances, MovementWrite, StorageTransaction } from '../adapter.js';
import { iso, int, text, optionalText, decimal, keyColumns, keyFrom, byKey, subtree, Params, movementColumns, toMovement, POSTING_COLUMNS, toPosting, BALANCE_COLUMNS, toBalance, balanceConditions, rowsOfKeys } from './rows.js';
import { ConcurrentWriteError } from './base.js';
import { widestBounds } from '../posting-bounds.js';
import type { SqlStatements } from './statements.js';

/** The transaction methods of movements, postings and balances. @internal */
export type LedgerStatements = Pick<StorageTransaction, 'getMovement' | 'getMovements' | 'lockBalances' | 'appendMovements' | 'listBalances' | 'balancesAsOf' | 'quantityAsOf' | 'listMovements' | 'listPostings' | 'lastMovementsAsOf' | 'listPostingsFrom'>;

/** The statements of movements, postings and balances in one transaction. @internal */
export function ledgerStatements({ sql, t, rows, one, seqName, pending }: SqlStatements): LedgerStatements {
  const appendStatement = appendMovementsStatement(t, seqName('movements_seq_gen'), seqName('audit_events_seq_gen'));
  return {
    async getMovement(id) {
      const row = await one(`SELECT ${movementColumns('')} FROM ${t.movements} WHERE id = $1`, [id]);
      return row && toMovement(row);
    },
    async getMovements(ids) {
      const result = new Map<string, Movement>();
      if (ids.length === 0) return result;
      const params = new Params();
      for (const row of await rows(
        `SELECT ${movementColumns('')} FROM ${t.movements} WHERE id = ${params.anyOf(ids)}`,
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
      // The transaction's partition lock already excludes every other writer of these keys.
      const params = new Params();
      for (const row of await rows(
        `SELECT ${BALANCE_COLUMNS} FROM ${rowsOfKeys(t.balances, params, keys)} b`,
        params.values,
      )) {
        const balance = toBalance(row);
        byKeyId.set(stockKeyId(balance.key), balance);
      }
      return { byKeyId };
    },
    async appendMovements(writes: readonly MovementWrite[]) {
      if (writes.length === 0) return [];
      // A key several movements touch ends at its last balance.
      const balances = new Map<string, Balance>();
      for (const write of writes) for (const balance of write.balances) balances.set(stockKeyId(balance.key), balance);
      // One statement for the whole batch (one round trip): the seq numbers, drawn from a sequence
      // (not a counter row every writer would wait for, see the base's module comment) and handed
      // out in ascending order by position, then every movement, posting and balance row. The
      // version guard makes a lost update impossible even if a writer skipped lockBalances: a
      // stored version at or above the new one means someone else wrote the key meanwhile. It also
      // draws one audit number per movement, which reserveAuditSeqs hands out next: the engine
      // audits each movement it appends right after, so the draw saves that call its round trip
      // (a number left unused is a gap, as after a rollback).
      const [row] = (await sql.query(appendStatement, [
        JSON.stringify(writes.map(({ movement }, index) => movementRow(movement, index + 1))),
        JSON.stringify(writes.flatMap(({ postings }, index) => postings.map((posting, postingIndex) => postingRow(posting, postingIndex, index + 1)))),
        JSON.stringify([...balances.values()].map((balance) => ({ ...keyColumns(balance.key), qty: balance.qty, version: balance.version, last_occurred_at: balance.lastOccurredAt }))),
      ], { prepare: true })).rows;
      const seqs = (JSON.parse(text(row!, 'seqs')) as number[]).map(Number);
      const auditSeqs = (JSON.parse(text(row!, 'audit_seqs')) as number[]).map(Number);
      if (seqs.length !== writes.length || !seqs.every(Number.isSafeInteger)) throw new Error('stocktake: the movement sequence gave unexpected values');
      if (auditSeqs.length !== writes.length || !auditSeqs.every(Number.isSafeInteger)) throw new Error('stocktake: the audit sequence gave unexpected values');
      pending.keepAhead(auditSeqs);
      const stored = writes.map(({ movement }, index) => ({ seq: seqs[index]!, ...movement }) as Movement);
      if (int(row!, 'balances') !== balances.size) {
        throw new ConcurrentWriteError(`Movements ${stored[0]!.id}…: a balance changed after it was locked`);
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
      if (filter.kinds !== undefined) where.push(`m.kind = ${params.anyOf(filter.kinds)}`);
      if (filter.occurredFrom !== undefined) where.push(`m.occurred_at >= ${params.add(filter.occurredFrom)}::timestamptz`);
      if (filter.occurredTo !== undefined) where.push(`m.occurred_at <= ${params.add(filter.occurredTo)}::timestamptz`);
      // By sku or location: driven by the postings' (sku, seq) and (location, seq) indexes in
      // sequence order, so a limited page reads the matching movements only.
      const driving: string[] = [];
      if (filter.sku !== undefined) driving.push(`p.sku = ${params.add(filter.sku)}`);
      if (filter.afterSeq !== undefined && (filter.sku !== undefined || filter.location !== undefined)) {
        driving.push(`p.seq > ${params.add(String(filter.afterSeq))}::bigint`);
      }
      const condition = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
      const limit = filter.limit === undefined ? '' : `LIMIT ${params.add(String(filter.limit))}::bigint`;
      // Without conditions on the movements themselves (the driving scan has `afterSeq` too), the
      // page is cut there: the first `limit` distinct sequence numbers of the index, whatever the
      // sku's or bin's history.
      const onMovements = filter.kinds !== undefined || filter.occurredFrom !== undefined || filter.occurredTo !== undefined;
      const page = onMovements ? '' : ` ORDER BY p.seq ${limit}`;
      const seqs = (where: readonly string[]) => `SELECT DISTINCT p.seq FROM ${t.postings} p WHERE ${where.join(' AND ')}${page}`;
      let source = `${t.movements} m`;
      if (filter.location !== undefined) {
        // The bin itself and the bins below it, each scanned in sequence order and cut at the page:
        // one OR over both would read and sort every posting of the bin before cutting.
        const location = params.add(filter.location);
        const below = `p.location >= ${location} || '/' AND p.location < ${location} || '0'`;
        source = `(SELECT DISTINCT u.seq FROM ((${seqs([...driving, `p.location = ${location}`])}) UNION ALL (${seqs([...driving, below])})) u) s
          JOIN ${t.movements} m ON m.seq = s.seq`;
      } else if (driving.length > 0) {
        source = `(${seqs(driving)}) s JOIN ${t.movements} m ON m.seq = s.seq`;
      }
      return (await rows(`SELECT ${movementColumns('m.')} FROM ${source} ${condition} ORDER BY m.seq ${limit}`, params.values)).map(toMovement);
    },
    async listPostings(filter: PostingFilter) {
      if (filter.keys !== undefined && filter.keys.length === 0) return [];
      const params = new Params();
      const where: string[] = [];
      const source = filter.keys === undefined ? t.postings : rowsOfKeys(t.postings, params, filter.keys);
      if (filter.skus !== undefined) where.push(`sku = ${params.anyOf(filter.skus)}`);
      if (filter.location !== undefined) where.push(subtree('location', params.add(filter.location)));
      if (filter.occurredFrom !== undefined) where.push(`occurred_at >= ${params.add(filter.occurredFrom)}::timestamptz`);
      if (filter.occurredTo !== undefined) where.push(`occurred_at <= ${params.add(filter.occurredTo)}::timestamptz`);
      if (filter.recordedAfter !== undefined) where.push(`recorded_at > ${params.add(filter.recordedAfter)}::timestamptz`);
      const condition = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
      return (await rows(`SELECT ${POSTING_COLUMNS} FROM ${source} p ${condition} ORDER BY p.seq, p.posting_index`, params.values)).map(
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
  };
}

/**
 * The statement that appends a batch of movements: `$1` the movements (each with its position
 * `n` from 1), `$2` their postings (with their movement's `n`), `$3` the balances to write. Returns the drawn seq numbers in ascending order (`seqs`, a JSON
 * array: the n-th is the n-th movement's), as many audit numbers drawn ahead (`audit_seqs`,
 * ascending) and how many balances were written (`balances`).
 */
function appendMovementsStatement(t: SqlStatements['t'], sequence: string, auditSequence: string): string {
  // One number per element of $1, not generate_series(1, n): the planner sizes generate_series by
  // its argument, so the plan of a prepared statement would differ by n and be planned again at
  // every call (0.3 ms of a post's); jsonb_array_elements is sized alike whatever the values, and
  // the prepared statement keeps one generic plan.
  return `WITH drawn AS MATERIALIZED (SELECT nextval(${sequence}) AS seq FROM jsonb_array_elements($1::jsonb)),
      audit_drawn AS MATERIALIZED (SELECT nextval(${auditSequence}) AS seq FROM jsonb_array_elements($1::jsonb)),
      numbered AS (SELECT seq, row_number() OVER (ORDER BY seq) AS n FROM drawn),
      moved AS (
        INSERT INTO ${t.movements} (id, seq, kind, occurred_at, recorded_at, actor, reference, reason, reason_code,
          override_reason, session_id, fingerprint, lines)
        SELECT m.id, d.seq, m.kind, m.occurred_at::timestamptz, m.recorded_at::timestamptz, m.actor, m.reference, m.reason,
          m.reason_code, m.override_reason, m.session_id, m.fingerprint, m.lines
        FROM jsonb_to_recordset($1::jsonb) AS m(n bigint, id text, kind text, occurred_at text, recorded_at text, actor text,
          reference text, reason text, reason_code text, override_reason text, session_id text, fingerprint text, lines jsonb)
        JOIN numbered d ON d.n = m.n),
      posted AS (
        INSERT INTO ${t.postings} (movement_id, posting_index, line_index, seq, sku, location, lot, serial, delta,
          occurred_at, recorded_at, kind, actor)
        SELECT p.movement_id, p.posting_index, p.line_index, d.seq, p.sku, p.location, p.lot, p.serial,
          p.delta::numeric, p.occurred_at::timestamptz, p.recorded_at::timestamptz, p.kind, p.actor
        FROM jsonb_to_recordset($2::jsonb) AS p(n bigint, movement_id text, posting_index integer, line_index integer,
          sku text, location text, lot text, serial text, delta text, occurred_at text, recorded_at text, kind text, actor text)
        JOIN numbered d ON d.n = p.n),
      written AS (
        INSERT INTO ${t.balances} AS b (sku, location, lot, serial, qty, version, last_occurred_at)
        SELECT n.sku, n.location, n.lot, n.serial, n.qty::numeric, n.version, n.last_occurred_at::timestamptz
        FROM jsonb_to_recordset($3::jsonb) AS n(sku text, location text, lot text, serial text, qty text, version bigint,
          last_occurred_at text)
        ON CONFLICT (sku, location, lot, serial) DO UPDATE
          SET qty = excluded.qty, version = excluded.version, last_occurred_at = excluded.last_occurred_at
        WHERE b.version < excluded.version
        RETURNING 1)
    SELECT (SELECT coalesce(json_agg(seq::text ORDER BY seq), '[]') FROM drawn)::text AS seqs,
      (SELECT coalesce(json_agg(seq::text ORDER BY seq), '[]') FROM audit_drawn)::text AS audit_seqs,
      (SELECT count(*) FROM written)::text AS balances`;
}

/** A movement as a row of the append statement's `$1`. */
function movementRow(movement: Omit<Movement, 'seq'>, n: number): Record<string, unknown> {
  return {
    n,
    id: movement.id,
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
  };
}

/** A posting as a row of the append statement's `$2`, with its movement's position `n`. */
function postingRow(posting: Omit<Posting, 'seq'>, postingIndex: number, n: number): Record<string, unknown> {
  return {
    n,
    movement_id: posting.movementId,
    posting_index: postingIndex,
    line_index: posting.lineIndex,
    ...keyColumns(posting.key),
    delta: posting.delta,
    occurred_at: posting.occurredAt,
    recorded_at: posting.recordedAt,
    kind: posting.kind,
    actor: posting.actor,
  };
}
