/**
 * Workload: the event feed's lag on a PostgreSQL server. A writer posts movements one at a time;
 * a follower in another process (`bench/feed-follower.ts`) follows the feed and stamps each event
 * as it arrives. The lag is arrival minus the moment `ledger.post` returned (the commit), p50 and
 * p99, woken by LISTEN/NOTIFY, against the same follower polling only (the fallback, every
 * 500 ms by default) as the baseline, in the same run.
 */
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { createStocktake } from '../../src/engine.js';
import { createPgStorage, migrate } from '../../src/storage/postgres/index.js';
import { describe, peakRssMiB, round, type BenchRow } from '../harness.js';

/** Sizes of the feed workload. */
export interface FeedSize {
  /** Movements posted per follower mode. */
  readonly events: number;
  /** Pause between two posts, in milliseconds (a steady trickle, not a burst). */
  readonly spacingMs: number;
}

// bench/feed-follower.ts, from the sources (bench/workloads) or from the bundle (bench/.build).
const followerScript = join(dirname(fileURLToPath(import.meta.url)), '..', 'feed-follower.ts');

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** Posts `size.events` movements while a follower process of `mode` runs; returns each movement's lag in ms. */
async function lags(url: string, schema: string, mode: 'notify' | 'poll', size: FeedSize, pool: pg.Pool): Promise<number[]> {
  const st = createStocktake({ storage: createPgStorage(pool, { schema }) });
  const child = spawn(process.execPath, ['--import', 'tsx', followerScript, url, schema, mode, String(size.events)], { stdio: ['ignore', 'pipe', 'inherit'] });
  const arrived = new Map<string, number>();
  let ready!: () => void;
  const isReady = new Promise<void>((resolve) => (ready = resolve));
  const lines = createInterface({ input: child.stdout! });
  lines.on('line', (line) => {
    if (line === 'ready') return ready();
    const [id, at] = line.split(' ');
    if (arrived.has(id!)) throw new Error(`feed: ${id} arrived twice`);
    arrived.set(id!, Number(at));
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  await isReady;
  const committed = new Map<string, number>();
  for (let i = 0; i < size.events; i++) {
    const id = `${mode}-${i}`;
    const result = await st.ledger.post({ id, kind: 'receipt', actor: 'bench', lines: [{ sku: 'FEED', to: 'WH1/A/01', qty: '1' }] });
    committed.set(id, performance.timeOrigin + performance.now());
    if (result.result !== 'created') throw new Error(`feed: ${id} was ${result.result}`);
    await new Promise((resolve) => setTimeout(resolve, size.spacingMs));
  }
  if ((await exited) !== 0) throw new Error(`feed: the ${mode} follower failed`);
  // The check that both followers computed the same thing: every movement arrived, once.
  if (arrived.size !== size.events || [...committed.keys()].some((id) => !arrived.has(id))) throw new Error(`feed: the ${mode} follower missed events`);
  return [...committed].map(([id, at]) => arrived.get(id)! - at);
}

function lagRow(caseName: string, size: FeedSize, notify: readonly number[], poll: readonly number[], p: number, target?: number): BenchRow {
  const value = percentile([...notify].sort((a, b) => a - b), p);
  const baseline = percentile([...poll].sort((a, b) => a - b), p);
  return {
    workload: 'feed',
    case: caseName,
    size: `${size.events} movements, one every ${size.spacingMs} ms`,
    units: size.events,
    unit: 'events',
    runs: 1,
    medianMs: round(value),
    throughput: round(size.events / ((size.events * size.spacingMs) / 1000)),
    peakHeapMiB: round(process.memoryUsage().heapUsed / 2 ** 20),
    heapGrowthMiB: 0,
    peakRssMiB: round(peakRssMiB()),
    baseline: `the same follower polling only (every 500 ms), p${p}`,
    baselineMs: round(baseline),
    ratio: round(value / baseline, 3),
    target: target === undefined ? null : `p${p} <= ${target} ms`,
    targetMet: target === undefined ? null : value <= target,
    note: 'lag: arrival in the follower process minus the moment ledger.post returned in the writer (one machine, one clock)',
  };
}

/** Runs the feed workload. */
export async function runFeed(size: FeedSize): Promise<BenchRow[]> {
  const url = process.env['STOCKTAKE_PG_URL'];
  describe(
    'feed: commit-to-follow lag across processes',
    `${size.events} movements posted one at a time, ${size.spacingMs} ms apart, on the PostgreSQL server; a follower in another process stamps each movement.posted ` +
      'as st.events.follow yields it. Woken by LISTEN/NOTIFY, against the same follower polling only (its default 500 ms) as the baseline. ' +
      (url ? '' : 'STOCKTAKE_PG_URL is not set: no server run.'),
  );
  if (!url) return [];
  const schema = `bench_feed_${process.pid}`;
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  try {
    await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    const storage = createPgStorage(pool, { schema });
    await migrate(storage);
    const st = createStocktake({ storage });
    await st.catalog.defineItem({ sku: 'FEED', baseUom: 'ea' });
    await st.catalog.defineLocation({ id: 'WH1/A/01' });
    const notify = await lags(url, schema, 'notify', size, pool);
    const poll = await lags(url, schema, 'poll', size, pool);
    return [lagRow('commit → follow lag p50', size, notify, poll, 50), lagRow('commit → follow lag p99', size, notify, poll, 99, 100)];
  } finally {
    await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await pool.end();
  }
}
