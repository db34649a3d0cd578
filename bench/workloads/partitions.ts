/**
 * Writes partitioned by warehouse, on the PostgreSQL server of `STOCKTAKE_PG_URL`:
 *
 * 1. throughput: 8 writer processes (each an app instance with its own Pool) posting one movement
 *    per transaction, each to its own warehouse, against the same 8 writers all posting to one
 *    warehouse (the baseline: one partition lock, as every writer had before partitions);
 * 2. latency: single posts in one warehouse while a 10 000-movement `postMany` runs in another
 *    process and another warehouse, against the same single posts on an idle server; and, for
 *    context, while the `postMany` runs in the same warehouse (those posts wait for it).
 *
 * Writers are this bundle's child script run again as the `partitionsWriter` job, so they start
 * at an agreed wall-clock time and report their own timings.
 */
import { spawn } from 'node:child_process';
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { createStocktake } from '../../src/engine.js';
import type { MovementInput } from '../../src/index.js';
import { createPgStorage, migrate } from '../../src/storage/postgres/index.js';
import { describe, median, row, type BenchRow, type Measured } from '../harness.js';

/** Sizes of the partitions workload. */
export interface PartitionsSize {
  /** Writer processes. */
  readonly writers: number;
  /** Posts per writer in the throughput part. */
  readonly postsPerWriter: number;
  /** Movements of the large `postMany`. */
  readonly batch: number;
  /** Single posts timed in the latency part (idle, and during the batch). */
  readonly singles: number;
  /** Repetitions of the throughput part (the median is reported). */
  readonly runs: number;
}

const WORKLOAD = 'partitions';

/** What one writer did: its posts' wall-clock window and each post's latency. */
export interface WriterReport {
  readonly startedAt: number;
  readonly endedAt: number;
  readonly posts: number;
  readonly latenciesMs: readonly number[];
}

function storageOf(url: string, schema: string, max: number) {
  const pool = new pg.Pool({ connectionString: url, max });
  return { pool, storage: createPgStorage(pool, { schema, retry: { maxAttempts: 50, baseDelayMs: 2, maxDelayMs: 100 }, lockTimeoutMs: 120_000 }) };
}

function receipt(id: string, warehouse: string, qty = '1'): MovementInput {
  return { id, kind: 'receipt', actor: 'bench', lines: [{ sku: 'A', to: `${warehouse}/A/01`, qty }] };
}

/**
 * The `partitionsWriter` job: waits for the agreed start, then posts `posts` receipts one by one
 * to `warehouse` (or, with `batch`, one `postMany` of that many), and reports its timings.
 */
export async function runPartitionsWriter(params: { url: string; schema: string; warehouse: string; prefix: string; posts: number; batch: number; startAt: number }): Promise<WriterReport> {
  const { pool, storage } = storageOf(params.url, params.schema, 1);
  const st = createStocktake({ storage });
  try {
    // Connect before the start, so the timing is of posting, not of connecting.
    await st.ledger.onHand({ sku: 'A', location: `${params.warehouse}/A/01` });
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, params.startAt - Date.now())));
    const startedAt = Date.now();
    const latenciesMs: number[] = [];
    if (params.batch > 0) {
      const movements = Array.from({ length: params.batch }, (_, i) => receipt(`${params.prefix}-${i}`, params.warehouse));
      const began = performance.now();
      const results = await st.ledger.postMany(movements);
      latenciesMs.push(performance.now() - began);
      if (results.some((result) => result.result !== 'created')) throw new Error('a batch movement was not created');
    } else {
      for (let i = 0; i < params.posts; i++) {
        const began = performance.now();
        const result = await st.ledger.post(receipt(`${params.prefix}-${i}`, params.warehouse));
        latenciesMs.push(performance.now() - began);
        if (result.result !== 'created') throw new Error(`${params.prefix}-${i}: ${result.result}`);
      }
    }
    return { startedAt, endedAt: Date.now(), posts: Math.max(params.posts, params.batch), latenciesMs };
  } finally {
    await pool.end();
  }
}

/** Starts writer processes (this bundle's child script, job `partitionsWriter`) and collects their reports. */
async function spawnWriters(jobs: ReadonlyArray<Record<string, number | string>>): Promise<WriterReport[]> {
  const dir = mkdtempSync(join(tmpdir(), 'stocktake-partitions-'));
  try {
    return await Promise.all(
      jobs.map(
        (params, index) =>
          new Promise<WriterReport>((resolve, reject) => {
            const output = join(dir, `${index}.json`);
            const child = spawn(process.execPath, [process.argv[1]!, 'partitionsWriter', JSON.stringify(params), output], { stdio: ['ignore', 'inherit', 'inherit'] });
            child.on('error', reject);
            child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(readFileSync(output, 'utf8')) as WriterReport) : reject(new Error(`writer ${index} exited ${code}`))));
          }),
      ),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A measurement built from wall times measured elsewhere (writer processes), for {@link row}. */
function measured(samplesMs: readonly number[]): Measured<null> {
  return { medianMs: median(samplesMs), samplesMs, peakHeap: 0, startHeap: 0, value: null };
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

/** One throughput run: every writer's posts, each writer in the warehouse `warehouseOf` gives it; the wall time of all. */
async function throughputRun(url: string, schema: string, size: PartitionsSize, run: string, warehouseOf: (writer: number) => string): Promise<number> {
  const startAt = Date.now() + 1500;
  const reports = await spawnWriters(
    Array.from({ length: size.writers }, (_, writer) => ({ url, schema, warehouse: warehouseOf(writer), prefix: `${run}-w${writer}`, posts: size.postsPerWriter, batch: 0, startAt })),
  );
  return Math.max(...reports.map((r) => r.endedAt)) - Math.min(...reports.map((r) => r.startedAt));
}

/** Single posts in WH1 timed while nothing else runs, or while a large batch runs in `batchWarehouse`. */
async function latencies(url: string, schema: string, size: PartitionsSize, run: string, batchWarehouse: string | undefined): Promise<number[]> {
  const { pool, storage } = storageOf(url, schema, 1);
  const st = createStocktake({ storage });
  try {
    await st.ledger.onHand({ sku: 'A', location: 'WH1/A/01' });
    const startAt = Date.now() + 1500;
    const batch = batchWarehouse === undefined ? undefined : spawnWriters([{ url, schema, warehouse: batchWarehouse, prefix: `${run}-batch`, posts: 0, batch: size.batch, startAt }]);
    let done = batch === undefined;
    void batch?.then(() => (done = true), () => (done = true));
    // Start a little after the batch, so every timed post overlaps it.
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, startAt + 50 - Date.now())));
    const samples: number[] = [];
    for (let i = 0; i < size.singles && (batch === undefined || !done); i++) {
      const began = performance.now();
      const result = await st.ledger.post(receipt(`${run}-single-${i}`, 'WH1'));
      samples.push(performance.now() - began);
      if (result.result !== 'created') throw new Error(`single ${i}: ${result.result}`);
    }
    await batch;
    if (samples.length === 0) throw new Error('the batch ended before the first single post');
    return samples;
  } finally {
    await pool.end();
  }
}

/** Runs the partitions workload (nothing without `STOCKTAKE_PG_URL`). */
export async function runPartitions(size: PartitionsSize): Promise<BenchRow[]> {
  const url = process.env['STOCKTAKE_PG_URL'];
  describe(
    'partitions: writes partitioned by warehouse (PostgreSQL server)',
    `${size.writers} writer processes, each with its own Pool, posting ${size.postsPerWriter} single-line receipts one per transaction: each to its own warehouse, ` +
      `against the same writers all in one warehouse (baseline). Then single posts in WH1 while one process posts a ${size.batch}-movement postMany in WH2, ` +
      `against the same posts on an idle server (baseline; target: within 2x), and for context while the postMany runs in WH1 itself.` +
      (url ? '' : ' STOCKTAKE_PG_URL is not set: nothing measured.'),
  );
  if (!url) return [];
  const schema = `stocktake_bench_partitions_${process.pid}`;
  const { pool, storage } = storageOf(url, schema, 2);
  const rows: BenchRow[] = [];
  try {
    await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await migrate(storage);
    const st = createStocktake({ storage });
    await st.catalog.defineItem({ sku: 'A', baseUom: 'ea' });
    for (let w = 1; w <= size.writers; w++) await st.catalog.defineLocation({ id: `WH${w}/A/01` });

    const spread: number[] = [];
    const single: number[] = [];
    for (let run = 0; run < size.runs; run++) {
      spread.push(await throughputRun(url, schema, size, `s${run}`, (writer) => `WH${writer + 1}`));
      single.push(await throughputRun(url, schema, size, `o${run}`, () => 'WH1'));
    }
    const posts = size.writers * size.postsPerWriter;
    const sizeText = `${size.writers} processes x ${size.postsPerWriter} posts`;
    const spreadMs = measured(spread);
    rows.push(
      row(
        { workload: WORKLOAD, case: `${size.writers} writers, ${size.writers} warehouses`, size: sizeText, units: posts, unit: 'posts', baseline: `the same writers in 1 warehouse`, target: { text: 'faster than 1 warehouse', met: spreadMs.medianMs < median(single) }, note: `1 warehouse: ${(posts / (median(single) / 1000)).toFixed(0)} posts/s` },
        spreadMs,
        measured(single),
      ),
    );

    const idle = await latencies(url, schema, size, 'idle', undefined);
    const other = await latencies(url, schema, size, 'other', 'WH2');
    const same = await latencies(url, schema, size, 'same', 'WH1');
    for (const p of [50, 99]) {
      const idleMs = measured([percentile(idle, p)]);
      rows.push(
        row(
          { workload: WORKLOAD, case: `single post p${p}, postMany of ${size.batch} in another warehouse`, size: `${other.length} posts`, units: 1, unit: 'posts', baseline: `single post p${p} idle (${idle.length} posts)`, target: { maxRatio: 2 } },
          measured([percentile(other, p)]),
          idleMs,
        ),
        row(
          { workload: WORKLOAD, case: `single post p${p}, postMany of ${size.batch} in the same warehouse (context)`, size: `${same.length} posts`, units: 1, unit: 'posts', baseline: `single post p${p} idle`, note: 'serialised behind the batch, as every writer was before partitions' },
          measured([percentile(same, p)]),
          idleMs,
        ),
      );
    }
    return rows;
  } finally {
    await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).catch(() => {});
    await pool.end();
  }
}
