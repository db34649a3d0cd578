/**
 * Workload 5: the PostgreSQL storage adapter. Posting movements and a count review through the
 * engine on PGlite (in memory) and, when `STOCKTAKE_PG_URL` is set, on a PostgreSQL server;
 * against hand-written SQL doing the same inserts and balance upserts on an identical schema.
 */
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { createStocktake } from '../../src/engine.js';
import type { MovementInput } from '../../src/index.js';
import { createPgliteStorage, createPgStorage, migrate, type PostgresStorage } from '../../src/storage/postgres/index.js';
import { describe, measure, row, sampleMemory, type BenchRow } from '../harness.js';
import { createWorld, instant, layout, type Layout } from '../world.js';
import { BATCH, generateMovements, postInBatches } from './ledger.js';
import { defineZoneCatalog, zoneReviewRows, type Rows } from './postgres-review.js';
import { checkVariances, runCount } from './review.js';
import { baselineJoin, generateCountScenario, scenarioEntries } from './scenario.js';

/** Sizes of the PostgreSQL workload. */
export interface PostgresSize {
  /** Movements posted. */
  readonly movements: number;
  /** Keys of the ledger part. */
  readonly keys: number;
  /** Keys of the count part (one entry per key, plus movements during counting). */
  readonly countKeys: number;
}

/** Runs SQL on either driver. */
export interface Sql {
  query(text: string, values?: readonly unknown[]): Promise<void>;
  transaction(work: (sql: Sql) => Promise<void>): Promise<void>;
  close(): Promise<void>;
}

interface Target {
  readonly name: string;
  /** A fresh adapter over its own schema, migrated. */
  storage(schema: string): Promise<PostgresStorage>;
  /**
   * An adapter over a schema kept between runs (migrated, never dropped), with whether it already
   * holds `marker`'s seed; a target that keeps nothing (PGlite in memory) gives a fresh one.
   */
  kept(schema: string, marker: string): Promise<{ storage: PostgresStorage; seeded: boolean; markSeeded(): Promise<void> }>;
  readonly sql: Sql;
  close(): Promise<void>;
}

async function pgliteTarget(given?: PGlite): Promise<Target> {
  const db = given ?? new PGlite();
  await db.waitReady;
  const sql: Sql = {
    query: async (text, values = []) => void (await db.query(text, [...values])),
    transaction: async (work) =>
      void (await db.transaction(async (tx) => {
        await work({ query: async (text, values = []) => void (await tx.query(text, [...values])), transaction: () => Promise.reject(new Error('nested')), close: async () => {} });
      })),
    close: () => db.close(),
  };
  return {
    name: 'PGlite',
    storage: async (schema) => {
      const storage = createPgliteStorage(db, { schema });
      await migrate(storage);
      return storage;
    },
    kept: async (schema) => {
      const storage = createPgliteStorage(db, { schema });
      await migrate(storage);
      return { storage, seeded: false, markSeeded: async () => {} };
    },
    sql,
    close: () => sql.close(),
  };
}

/** {@link Sql} over a `pg` pool: a transaction is one client, rolled back on error. */
export function poolSql(pool: pg.Pool): Sql {
  return {
    query: async (text, values = []) => void (await pool.query(text, [...values])),
    transaction: async (work) => {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        await work({ query: async (text, values = []) => void (await client.query(text, [...values])), transaction: () => Promise.reject(new Error('nested')), close: async () => {} });
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw error;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}

async function serverTarget(url: string): Promise<Target> {
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  const schemas: string[] = [];
  const sql = poolSql(pool);
  return {
    name: 'PostgreSQL',
    storage: async (schema) => {
      schemas.push(schema);
      await pool.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      const storage = createPgStorage(pool, { schema });
      await migrate(storage);
      return storage;
    },
    kept: async (schema, marker) => {
      // The seed is recorded in a table of the schema once complete: a run cut short seeds again.
      const reseed = process.env['STOCKTAKE_BENCH_RESEED'] === '1';
      const found = reseed
        ? []
        : (await pool.query(`SELECT 1 FROM information_schema.tables WHERE table_schema = $1 AND table_name = 'bench_seed'`, [schema])).rows;
      const seeded = found.length > 0 && (await pool.query(`SELECT 1 FROM ${schema}.bench_seed WHERE marker = $1`, [marker])).rows.length > 0;
      if (!seeded) await pool.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      const storage = createPgStorage(pool, { schema });
      await migrate(storage);
      return {
        storage,
        seeded,
        markSeeded: async () => {
          await pool.query(`CREATE TABLE ${schema}.bench_seed (marker text NOT NULL)`);
          await pool.query(`INSERT INTO ${schema}.bench_seed (marker) VALUES ($1)`, [marker]);
        },
      };
    },
    sql,
    close: async () => {
      for (const schema of schemas) await pool.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await pool.end();
    },
  };
}

/**
 * The baseline: the same rows the adapter writes (movement, postings, balance upsert) with
 * hand-written SQL into the same tables (an identical schema made by `migrate`), `batch`
 * movements per transaction: one multi-row insert per table and one upsert of the summed deltas.
 * No idempotency check, catalog, stock check or audit. Movement `n` is dated `n × spacingMs` after
 * the start.
 */
export async function baselineSql(sql: Sql, schema: string, movements: readonly MovementInput[], batch: number, spacingMs = 1000): Promise<void> {
  const t = (name: string) => `${schema}.${name}`;
  let seq = 0;
  for (let start = 0; start < movements.length; start += batch) {
    const slice = movements.slice(start, start + batch);
    const moveRows: unknown[] = [];
    const postRows: unknown[] = [];
    for (const [i, movement] of slice.entries()) {
      seq += 1;
      const at = instant(spacingMs * (start + i + 1));
      moveRows.push({ id: movement.id, seq, kind: movement.kind, at, actor: movement.actor, lines: movement.lines });
      let index = 0;
      for (const [lineIndex, line] of movement.lines.entries()) {
        if (line.from !== undefined) postRows.push({ id: movement.id, pi: index++, li: lineIndex, seq, sku: line.sku, location: line.from, delta: `-${line.qty}`, at, kind: movement.kind, actor: movement.actor });
        if (line.to !== undefined) postRows.push({ id: movement.id, pi: index++, li: lineIndex, seq, sku: line.sku, location: line.to, delta: line.qty, at, kind: movement.kind, actor: movement.actor });
      }
    }
    await sql.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO ${t('movements')} (id, seq, kind, occurred_at, recorded_at, actor, fingerprint, lines)
         SELECT m.id, m.seq, m.kind, m.at::timestamptz, m.at::timestamptz, m.actor, '', m.lines
         FROM jsonb_to_recordset($1::jsonb) AS m(id text, seq bigint, kind text, at text, actor text, lines jsonb)`,
        [JSON.stringify(moveRows)],
      );
      await tx.query(
        `INSERT INTO ${t('postings')} (movement_id, posting_index, line_index, seq, sku, location, delta, occurred_at, recorded_at, kind, actor)
         SELECT p.id, p.pi, p.li, p.seq, p.sku, p.location, p.delta::numeric, p.at::timestamptz, p.at::timestamptz, p.kind, p.actor
         FROM jsonb_to_recordset($1::jsonb) AS p(id text, pi integer, li integer, seq bigint, sku text, location text, delta text, at text, kind text, actor text)`,
        [JSON.stringify(postRows)],
      );
      await tx.query(
        `INSERT INTO ${t('balances')} AS b (sku, location, qty, version, last_occurred_at)
         SELECT p.sku, p.location, sum(p.delta::numeric), count(*), max(p.at::timestamptz)
         FROM jsonb_to_recordset($1::jsonb) AS p(sku text, location text, delta text, at text)
         GROUP BY p.sku, p.location
         ON CONFLICT (sku, location, lot, serial) DO UPDATE SET qty = b.qty + excluded.qty, version = b.version + excluded.version,
           last_occurred_at = greatest(b.last_occurred_at, excluded.last_occurred_at)`,
        [JSON.stringify(postRows)],
      );
    });
    sampleMemory();
  }
}

async function runTarget(target: Target, size: PostgresSize, tag: string): Promise<BenchRow[]> {
  const workload = `postgres ${target.name}`;
  const keys = layout(size.keys);
  const movements = generateMovements(keys, size.movements * 3).slice(0, size.movements);
  const lineCount = movements.reduce((sum, m) => sum + m.lines.length, 0);
  const sizeText = `${movements.length} movements / ${lineCount} lines / ${size.keys} keys`;

  let schemaNumber = 0;
  const schema = () => `bench_${tag}_${++schemaNumber}`;
  const batched = await measure(
    async (name: string) => baselineSql(target.sql, name, movements, 500),
    { setup: async () => { const name = schema(); await target.storage(name); return name; } },
  );
  const single = await measure(
    async (name: string) => baselineSql(target.sql, name, movements, 1),
    { setup: async () => { const name = schema(); await target.storage(name); return name; } },
  );
  const engine = await measure(
    async ({ st, clock }) => {
      for (const [i, movement] of movements.entries()) {
        clock.advance(1000);
        const result = await st.ledger.post(movement);
        if (result.result !== 'created') throw new Error(`movement ${movement.id}: ${result.result}`);
        if (i % 256 === 0) sampleMemory();
      }
      return st;
    },
    { setup: async () => createWorld(keys, { storage: await target.storage(schema()) }) },
  );
  const batchedEngine = await measure(
    async ({ st, clock }) => {
      await postInBatches(st, clock, movements, BATCH);
      return st;
    },
    { setup: async () => createWorld(keys, { storage: await target.storage(schema()) }) },
  );
  const balances = await engine.value.ledger.balances({ includeZero: true });
  const batchedBalances = await batchedEngine.value.ledger.balances({ includeZero: true });
  // Quantities per key must agree; the last business time differs by design (postMany dates a batch at one recorded time).
  const quantities = (list: typeof balances) => JSON.stringify(list.map(({ key, qty }) => [key, qty]));
  if (quantities(batchedBalances) !== quantities(balances)) throw new Error(`${target.name}: postMany and post left different balances`);
  console.log(`${target.name}: ${balances.length} balances after posting, the same by post and by postMany`);

  const rows: BenchRow[] = [
    row({ workload, case: 'baseline: batched SQL (500 movements per transaction)', size: sizeText, units: movements.length, unit: 'movements' }, batched),
    row({ workload, case: 'baseline: same SQL, one transaction per movement', size: sizeText, units: movements.length, unit: 'movements' }, single),
    row(
      { workload, case: `engine st.ledger.postMany (${BATCH} per call)`, size: sizeText, units: movements.length, unit: 'movements', baseline: 'batched SQL', target: { maxRatio: 1.3 }, note: 'same transaction granularity as the baseline' },
      batchedEngine,
      batched,
    ),
    row(
      { workload, case: 'engine st.ledger.post', size: sizeText, units: movements.length, unit: 'movements', baseline: 'batched SQL', note: 'one transaction per movement against 500: for context' },
      engine,
      batched,
    ),
    row(
      {
        workload,
        case: 'engine st.ledger.post vs one transaction per movement',
        size: sizeText,
        units: movements.length,
        unit: 'movements',
        baseline: 'same SQL, one transaction per movement',
        target: { maxRatio: 2 },
        note: 'same transaction granularity as post',
      },
      engine,
      single,
    ),
  ];

  // The count part: a full count of `countKeys` keys, one entry per key, movements during counting.
  const countKeys = layout(size.countKeys);
  const scenario = generateCountScenario(countKeys, size.countKeys, Math.round(size.countKeys / 10));
  const join = await measure(() => baselineJoin(scenarioEntries(scenario), scenario.postings), { runs: 3, warmup: 1 });
  const world = await createWorld(countKeys, { storage: await target.storage(schema()) });
  const countSize = `${size.countKeys} keys / ${scenario.entryCount} entries / ${scenario.movementCount} movements`;
  const run = await runCount(world, scenario, workload, countSize, { join, total: join });
  checkVariances(run.review, join.value);
  console.log(`${target.name}: the engine's ${run.review.lines.length} variances equal the baseline's`);
  rows.push(...run.rows.filter((r) => r.case !== 'engine open+review+approve+post'));
  return rows;
}

/**
 * Counting on the server with `recordMany` against the SQL insert of the same entries: its own
 * workload (`postgres-counting`), so it runs in a minute without the rest of `postgres`. Issue
 * 16's counting target is the server's; without `STOCKTAKE_PG_URL` it gives no rows.
 */
export async function runPostgresCounting(size: { readonly entries: number }): Promise<BenchRow[]> {
  const url = process.env['STOCKTAKE_PG_URL'];
  describe(
    'postgres-counting: recording count entries on the PostgreSQL server',
    `${size.entries} entries, one per key, recorded with st.counts.recordMany ${BATCH} per call into a session open over the whole warehouse, ` +
      `on the PostgreSQL server of STOCKTAKE_PG_URL${url ? '' : ' (not set: no run)'}. Baseline: hand-written SQL inserting the same entry rows, ${BATCH} per transaction in one multi-row insert.`,
  );
  if (!url) return [];
  const server = await serverTarget(url);
  try {
    let schemaNumber = 0;
    const schema = () => `bench_counting_pid${process.pid}_${++schemaNumber}`;
    return await recordManyRows(server, layout(size.entries), `postgres-counting ${server.name}`, schema, size.entries);
  } finally {
    await server.close();
  }
}

/** The counting throughput issue 16 asks of `counts.recordMany` on the server, in entries a second. */
const RECORD_MANY_TARGET = 5_000;

/**
 * Counting with `st.counts.recordMany`, {@link BATCH} entries per call (one entry per key, for the
 * first `count` keys of the layout in key order, so a call covers 50 bins), against hand-written
 * SQL inserting the same entry rows (with the entry as its JSON document) into an identical
 * schema, {@link BATCH} per transaction in one multi-row insert. The baseline does not check the
 * session, catalog, scope, marks, counters or idempotency, and writes no audit event.
 */
async function recordManyRows(target: Target, keys: Layout, workload: string, schema: () => string, count: number): Promise<BenchRow[]> {
  const openAt = 1_000;
  const entries = keys.keys.slice(0, count).map((key, index) => ({
    entryId: `r-${index + 1}`,
    sku: key.sku,
    location: key.location,
    qty: String(1 + (index % 40)),
    countedAt: instant(openAt + 1_000 + index * 10),
    counter: `counter-${key.location.split('/')[1]!}`,
  }));
  const batches: Array<typeof entries> = [];
  for (let start = 0; start < entries.length; start += BATCH) batches.push(entries.slice(start, start + BATCH));
  const sizeText = `${entries.length} entries / ${keys.keys.length} keys, ${BATCH} per call`;

  const baseline = await measure(
    async (name: string) => {
      let seq = 0;
      for (const batch of batches) {
        const rows = batch.map((entry) => {
          seq += 1;
          const doc = { sessionId: 'bench-sql', entryId: entry.entryId, kind: 'count', key: { sku: entry.sku, location: entry.location }, qty: entry.qty, countedAt: entry.countedAt, counter: entry.counter, round: 1, flags: [], seq };
          return { ...doc, doc };
        });
        await target.sql.transaction((tx) =>
          tx.query(
            `INSERT INTO ${name}.entries (session_id, entry_id, seq, kind, counted_at, counter, sku, location, qty, doc)
             SELECT e."sessionId", e."entryId", e.seq, e.kind, e."countedAt"::timestamptz, e.counter, e.key->>'sku', e.key->>'location', e.qty::numeric, e.doc
             FROM jsonb_to_recordset($1::jsonb) AS e("sessionId" text, "entryId" text, seq integer, kind text, "countedAt" text, counter text, key jsonb, qty text, doc jsonb)`,
            [JSON.stringify(rows)],
          ),
        );
        sampleMemory();
      }
    },
    { setup: async () => { const name = schema(); await target.storage(name); return name; } },
  );

  const world = await createWorld(keys, { storage: await target.storage(schema()) });
  world.clock.set(instant(openAt));
  const session = await world.st.counts.open({ id: 'bench-record-many', scope: { locations: ['WH1'] }, actor: 'supervisor', tolerance: { qty: '1000000' } });
  world.clock.set(instant(openAt + 1_000 + entries.length * 10));
  const engine = await measure(async () => {
    for (const batch of batches) {
      const outcomes = await world.st.counts.recordMany(session.id, batch);
      const refused = outcomes.find((outcome) => !outcome.ok || outcome.result.result !== 'created');
      if (refused) throw new Error(`recordMany: entry ${refused.index} ${JSON.stringify(refused)}`);
      sampleMemory();
    }
  });
  const stored = await world.st.counts.entries(session.id);
  if (stored.length !== entries.length) throw new Error(`${target.name}: recordMany stored ${stored.length} entries of ${entries.length}`);
  console.log(`${target.name}: recordMany stored the ${stored.length} entries`);
  const rate = entries.length / (engine.medianMs / 1000);
  return [
    row({ workload, case: `baseline: SQL insert of the entries (${BATCH} per transaction)`, size: sizeText, units: entries.length, unit: 'entries' }, baseline),
    row(
      {
        workload,
        case: `counting: st.counts.recordMany (${BATCH} per call)`,
        size: sizeText,
        units: entries.length,
        unit: 'entries',
        baseline: 'SQL insert of the entries',
        target: { text: `>= ${RECORD_MANY_TARGET} entries/s`, met: rate >= RECORD_MANY_TARGET },
      },
      engine,
      baseline,
    ),
  ];
}

/** Runs the PostgreSQL workload on PGlite and, with `STOCKTAKE_PG_URL`, on the server. */
export async function runPostgres(size: PostgresSize): Promise<BenchRow[]> {
  const url = process.env['STOCKTAKE_PG_URL'];
  describe(
    'postgres: the PostgreSQL adapter',
    `Posting ${size.movements} movements (1-4 lines) over ${size.keys} keys through the engine (one st.ledger.post each, then st.ledger.postMany with ${BATCH} per call), and a full count of ${size.countKeys} keys ` +
      `(one entry per key, ${Math.round(size.countKeys / 10)} movements while counting; open, review, approve, post), on PGlite in memory` +
      `${url ? ' and on the PostgreSQL server of STOCKTAKE_PG_URL' : ' (STOCKTAKE_PG_URL is not set: no server run)'}. ` +
      'Baseline: hand-written SQL writing the same movement, posting and balance rows into an identical schema, 500 movements per transaction ' +
      '(and, for context, one per transaction); the review against the join of Maps.',
  );
  const rows: BenchRow[] = [];
  const lite = await pgliteTarget();
  try {
    rows.push(...(await runTarget(lite, size, 'lite')));
  } finally {
    await lite.close();
  }
  if (url) {
    const server = await serverTarget(url);
    try {
      rows.push(...(await runTarget(server, size, `pid${process.pid}`)));
    } finally {
      await server.close();
    }
  }
  return rows;
}

/** Sizes of the PostgreSQL read workload. */
export interface PostgresReadSize {
  /** Movements in the history read from (written with the batched baseline SQL). */
  readonly movements: number;
  /** Keys they touch (2 500 keys per zone). */
  readonly keys: number;
  /** Business time between two movements, in milliseconds. */
  readonly spacingMs: number;
}

/** Movements per transaction when seeding the read workload's history. */
const SEED_BATCH = 2000;

const fmtMs = (ms: number) => `${ms.toFixed(1)} ms`;

async function readTarget(target: Target, rowsOf: Rows, size: PostgresReadSize, tag: string): Promise<BenchRow[]> {
  const workload = `postgres-reads ${target.name}`;
  const keys = layout(size.keys);
  // One movement every `spacing` ms: 1 000 000 two minutes apart span about 3.8 years.
  const spacing = size.spacingMs;
  // Kept between runs on the server (the seed's parameters name it): seeding 1 000 000 movements
  // takes minutes. STOCKTAKE_BENCH_RESEED=1 writes it again.
  const schema = `bench_reads_${tag}_${size.movements}_${size.keys}_${spacing}`;
  const zone = keys.locations[0]!.split('/').slice(0, 2).join('/');
  const { storage, seeded, markSeeded } = await target.kept(schema, `seed 2 of generateMovements, batches of ${SEED_BATCH}, the catalog of the first zone`);
  if (seeded) console.log(`${target.name}: ${size.movements} movements already written in ${schema}`);
  else {
    const started = performance.now();
    // Generated and written a slice at a time, so the seed's own objects never hold the heap.
    const movements = generateMovements(keys, size.movements * 3).slice(0, size.movements);
    if (movements.length !== size.movements) throw new Error(`${target.name}: generated ${movements.length} movements, not ${size.movements}`);
    await baselineSql(target.sql, schema, movements, SEED_BATCH, spacing);
    // VACUUM as autovacuum would on a table this old: it sets the visibility map index-only scans rely on.
    for (const table of ['postings', 'movements', 'balances']) await target.sql.query(`VACUUM ANALYZE ${schema}.${table}`);
    await defineZoneCatalog(storage, keys, zone);
    await markSeeded();
    console.log(`${target.name}: ${size.movements} movements written in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  }
  const movements = { length: size.movements };
  const st = createStocktake({ storage });
  const sizeText = `${movements.length} movements / ${size.keys} keys`;
  const t = (name: string) => `${schema}.${name}`;
  // As of the middle of the history; the zone is the first one (2 500 keys at full size).
  const asOf = instant(spacing * Math.floor(movements.length / 2));
  const opts = { runs: 5, warmup: 1 };
  const result: BenchRow[] = [];
  const grouped = (where: string) =>
    `SELECT sku, location, lot, serial, sum(delta)::text AS qty FROM ${t('postings')} WHERE occurred_at <= $1::timestamptz ${where}
     GROUP BY sku, location, lot, serial HAVING sum(delta) <> 0`;
  const subtree = `AND (location = $2 OR (location >= $2 || '/' AND location < $2 || '0'))`;

  const zoneEngine = await measure(() => st.ledger.balances({ location: zone, asOf }), opts);
  const zoneBase = await measure(() => rowsOf(grouped(subtree), [asOf, zone]), opts);
  if (zoneEngine.value.length !== zoneBase.value.length) throw new Error(`${target.name}: as-of zone ${zoneEngine.value.length} balances, baseline ${zoneBase.value.length}`);
  result.push(
    row({ workload, case: 'baseline: grouped SQL, a zone as of an instant', size: sizeText, units: zoneBase.value.length, unit: 'balances' }, zoneBase),
    row(
      { workload, case: `engine st.ledger.balances({ location: zone, asOf })`, size: sizeText, units: zoneEngine.value.length, unit: 'balances', baseline: 'grouped SQL', target: { maxRatio: 3 } },
      zoneEngine,
      zoneBase,
    ),
  );
  console.log(`${target.name}: as-of zone ${fmtMs(zoneEngine.medianMs)} vs ${fmtMs(zoneBase.medianMs)}`);
  const allEngine = await measure(() => st.ledger.balances({ asOf }), opts);
  const allBase = await measure(() => rowsOf(grouped(''), [asOf]), opts);
  if (allEngine.value.length !== allBase.value.length) throw new Error(`${target.name}: as-of balances ${allEngine.value.length}, baseline ${allBase.value.length}`);
  result.push(
    row({ workload, case: 'baseline: grouped SQL, every key as of an instant', size: sizeText, units: allBase.value.length, unit: 'balances' }, allBase),
    row({ workload, case: 'engine st.ledger.balances({ asOf })', size: sizeText, units: allEngine.value.length, unit: 'balances', baseline: 'grouped SQL' }, allEngine, allBase),
  );

  const page = 50;
  const sku = keys.skus[keys.skus.length - 1]!;
  const bin = keys.locations[keys.locations.length - 1]!;
  const moves = (driving: string) =>
    `SELECT m.id, m.seq::text, m.kind, m.lines::text FROM ${t('movements')} m
     JOIN (SELECT DISTINCT seq FROM ${t('postings')} WHERE ${driving} ORDER BY seq LIMIT ${page}) s ON s.seq = m.seq ORDER BY m.seq`;
  for (const [label, filter, driving, value] of [
    ['sku', { sku }, 'sku = $1', sku],
    ['location', { location: bin }, 'location = $1', bin],
  ] as const) {
    const engine = await measure(() => st.ledger.movements({ ...filter, limit: page }), opts);
    const base = await measure(() => rowsOf(moves(driving), [value]), opts);
    if (engine.value.length !== base.value.length) throw new Error(`${target.name}: movements by ${label} ${engine.value.length}, baseline ${base.value.length}`);
    result.push(
      row({ workload, case: `baseline: SQL, first ${page} movements of one ${label}`, size: sizeText, units: base.value.length, unit: 'movements' }, base),
      row(
        { workload, case: `engine st.ledger.movements({ ${label}, limit: ${page} })`, size: sizeText, units: engine.value.length, unit: 'movements', baseline: 'SQL', target: { maxRatio: 3 } },
        engine,
        base,
      ),
    );
  }

  console.log(`${target.name}: as-of every key and movements measured`);
  // The last month of the history, with no count in it: the figures come from the stock at its end.
  const end = spacing * movements.length;
  const month = { from: instant(end - 30 * 86_400_000), to: instant(end) };
  const metricsEngine = await measure(() => st.metrics.compute(month), { runs: 3, warmup: 1 });
  const metricsBase = await measure(
    () =>
      rowsOf(
        `SELECT b.sku, b.location, b.lot, b.serial, (b.qty - coalesce(a.delta, 0))::text AS qty, l.last_at::text AS last_at
         FROM ${t('balances')} b
         LEFT JOIN (SELECT sku, location, lot, serial, sum(delta) AS delta FROM ${t('postings')} WHERE occurred_at > $1::timestamptz
           GROUP BY sku, location, lot, serial) a USING (sku, location, lot, serial)
         LEFT JOIN (SELECT sku, location, lot, serial, max(occurred_at) AS last_at FROM ${t('postings')}
           WHERE occurred_at <= $1::timestamptz AND kind <> 'count_adjustment' GROUP BY sku, location, lot, serial) l USING (sku, location, lot, serial)`,
        [month.to],
      ),
    { runs: 3, warmup: 1 },
  );
  const metricsMs = metricsEngine.medianMs;
  result.push(
    row({ workload, case: 'baseline: SQL, stock at the end of a month and each key\'s last movement', size: sizeText, units: metricsBase.value.length, unit: 'keys' }, metricsBase),
    row(
      {
        workload,
        case: 'engine st.metrics.compute (a month)',
        size: sizeText,
        units: metricsBase.value.length,
        unit: 'keys',
        baseline: 'SQL',
        target: { text: '<= 2 s at 1 000 000 movements', met: metricsMs <= 2000 && size.movements >= 1_000_000 },
        note: size.movements >= 1_000_000 ? '' : `measured at ${size.movements} movements, not 1 000 000`,
      },
      metricsEngine,
      metricsBase,
    ),
  );
  result.push(...(await zoneReviewRows({ storage, rowsOf, table: t, keys, zone, endMs: end, workload, sizeText })));
  return result;
}

/**
 * Reads on PostgreSQL (with `STOCKTAKE_PG_URL`) and PGlite: balances as of an instant (a zone and
 * every key), movements by sku and by location with a limit, metrics of a month, and the review of
 * a counted zone with its attribution; each against hand-written SQL on the same tables in the
 * same run.
 */
export async function runPostgresReads(size: PostgresReadSize): Promise<BenchRow[]> {
  const url = process.env['STOCKTAKE_PG_URL'];
  describe(
    'postgres-reads: reads of the PostgreSQL adapter',
    `A history of ${size.movements} movements over ${size.keys} keys, one every ${size.spacingMs / 60_000} minutes (written with the batched baseline SQL, kept between runs on the server), then: st.ledger.balances as of its middle for one zone ` +
      `(2 500 keys at full size) and for every key, against one grouped query over the postings; st.ledger.movements of one sku and of one bin, 50 at a time, ` +
      'against a hand-written query; st.metrics.compute of the last month, without counts, against the SQL of the stock at its end and each key\'s last movement; ' +
      `a count of the first zone after the history (every tenth key one over its book) and its review with attribution (st.counts.preview), over each variance key's whole history and with a 30-day attribution horizon, against SQL reading the variances and their postings. ` +
      `On PGlite in memory${url ? ' and on the PostgreSQL server of STOCKTAKE_PG_URL' : ' (STOCKTAKE_PG_URL is not set: no server run)'}.`,
  );
  const rows: BenchRow[] = [];
  const lite = new PGlite();
  await lite.waitReady;
  const liteTarget = await pgliteTarget(lite);
  try {
    rows.push(...(await readTarget(liteTarget, async (text, values = []) => (await lite.query(text, [...values])).rows, { ...size, movements: Math.min(size.movements, 50_000) }, 'lite')));
  } finally {
    await liteTarget.close();
  }
  if (url) {
    const pool = new pg.Pool({ connectionString: url, max: 4 });
    const server = await serverTarget(url);
    try {
      rows.push(...(await readTarget(server, async (text, values = []) => (await pool.query(text, [...values])).rows, size, 'kept')));
    } finally {
      await server.close();
      await pool.end();
    }
  }
  return rows;
}
