/**
 * The workloads and the jobs they run. Each job runs in its own child process (`child.ts`).
 */
import type { BenchRow } from '../harness.js';
import { runFeed } from './feed.js';
import { runLedger } from './ledger.js';
import { runPlan } from './plan.js';
import { runPartitions, runPartitionsWriter, type WriterReport } from './partitions.js';
import { runPostgres, runPostgresCounting, runPostgresReads } from './postgres.js';
import { runReview } from './review.js';
import { runScan } from './scan.js';
import { runScanState } from './scan-state.js';

/** Parameters of a job, passed to the child process as JSON. */
export type JobParams = Record<string, number | string>;

/** Runs one job in the current process: a workload's rows, or a writer process's report (`partitionsWriter`). */
export type JobRunner = (params: JobParams) => Promise<BenchRow[] | WriterReport>;

const num = (params: JobParams, name: string): number => {
  const value = params[name];
  if (typeof value !== 'number') throw new Error(`job parameter ${name} missing`);
  return value;
};
const text = (params: JobParams, name: string, fallback: string): string => {
  const value = params[name];
  return typeof value === 'string' ? value : fallback;
};

/** Job runners by name. */
export const jobRunners: Record<string, JobRunner> = {
  ledger: (p) => runLedger({ lines: num(p, 'lines'), keys: num(p, 'keys'), runs: num(p, 'runs') }, text(p, 'workload', 'ledger')),
  review: (p) =>
    runReview(
      { keys: num(p, 'keys'), entries: num(p, 'entries'), movements: num(p, 'movements') },
      text(p, 'workload', 'review'),
    ),
  plan: (p) => runPlan({ items: num(p, 'items'), runs: num(p, 'runs') }),
  scan: (p) => runScan({ scans: num(p, 'scans'), runs: num(p, 'runs') }),
  scanState: (p) => runScanState({ scans: num(p, 'scans'), wholeStateScans: num(p, 'wholeStateScans') }),
  postgres: (p) => runPostgres({ movements: num(p, 'movements'), keys: num(p, 'keys'), countKeys: num(p, 'countKeys') }),
  postgresCounting: (p) => runPostgresCounting({ entries: num(p, 'entries') }),
  postgresReads: (p) => runPostgresReads({ movements: num(p, 'movements'), keys: num(p, 'keys'), spacingMs: num(p, 'spacingMs') }),
  partitions: (p) =>
    runPartitions({ writers: num(p, 'writers'), postsPerWriter: num(p, 'postsPerWriter'), batch: num(p, 'batch'), singles: num(p, 'singles'), runs: num(p, 'runs') }),
  partitionsWriter: (p) =>
    runPartitionsWriter({
      url: text(p, 'url', ''),
      schema: text(p, 'schema', ''),
      warehouse: text(p, 'warehouse', ''),
      prefix: text(p, 'prefix', ''),
      posts: num(p, 'posts'),
      batch: num(p, 'batch'),
      startAt: num(p, 'startAt'),
    }),
  feed: (p) => runFeed({ events: num(p, 'events'), spacingMs: num(p, 'spacingMs') }),
};

/** A job: a runner with its parameters and the heap it may use. */
export interface Job {
  readonly runner: string;
  readonly params: JobParams;
  /** `--max-old-space-size` in MiB. */
  readonly heapMiB: number;
}

/** A workload: a name, its jobs for full and quick runs. */
export interface Workload {
  readonly name: string;
  readonly jobs: (quick: boolean) => Job[];
}

/**
 * The base (1×) sizes of the scaling workload: the ledger at workload 1's size, the count at a
 * quarter of workload 2's (so 4× is workload 2; 16× of workload 2 would not fit one process's
 * memory on these machines).
 */
export const scalingBase = {
  full: { ledgerLines: 200_000, ledgerKeys: 50_000, reviewKeys: 25_000 },
  quick: { ledgerLines: 400, ledgerKeys: 100, reviewKeys: 100 },
};

/** Every workload, in run order. */
export const workloads: Workload[] = [
  {
    name: 'ledger',
    jobs: (quick) => [{ runner: 'ledger', params: quick ? { lines: 2_000, keys: 500, runs: 1 } : { lines: 200_000, keys: 50_000, runs: 3 }, heapMiB: 8192 }],
  },
  {
    name: 'review',
    jobs: (quick) => [
      {
        runner: 'review',
        params: quick
          ? { keys: 500, entries: 1_500, movements: 250 }
          : { keys: 100_000, entries: 300_000, movements: 50_000 },
        heapMiB: 12288,
      },
    ],
  },
  {
    name: 'plan',
    jobs: (quick) => [{ runner: 'plan', params: quick ? { items: 1_000, runs: 1 } : { items: 100_000, runs: 3 }, heapMiB: 8192 }],
  },
  {
    name: 'scan',
    jobs: (quick) => [{ runner: 'scan', params: quick ? { scans: 10_000, runs: 1 } : { scans: 1_000_000, runs: 3 }, heapMiB: 8192 }],
  },
  {
    name: 'scan-state',
    jobs: (quick) => [
      { runner: 'scanState', params: quick ? { scans: 20_000, wholeStateScans: 1_000 } : { scans: 1_000_000, wholeStateScans: 10_000 }, heapMiB: 8192 },
    ],
  },
  {
    name: 'postgres',
    jobs: (quick) => [
      { runner: 'postgres', params: quick ? { movements: 150, keys: 100, countKeys: 100 } : { movements: 100_000, keys: 50_000, countKeys: 50_000 }, heapMiB: 8192 },
    ],
  },
  {
    name: 'postgres-counting',
    jobs: (quick) => [{ runner: 'postgresCounting', params: { entries: quick ? 1_000 : 20_000 }, heapMiB: 8192 }],
  },
  {
    name: 'postgres-reads',
    jobs: (quick) => [
      // 1 000 000 movements two minutes apart: about 3.8 years of history, as 200 000 ten minutes apart did.
      { runner: 'postgresReads', params: quick ? { movements: 300, keys: 100, spacingMs: 600_000 } : { movements: 1_000_000, keys: 20_000, spacingMs: 120_000 }, heapMiB: 8192 },
    ],
  },
  {
    name: 'partitions',
    jobs: (quick) => [
      {
        runner: 'partitions',
        params: quick ? { writers: 8, postsPerWriter: 20, batch: 2_000, singles: 50, runs: 1 } : { writers: 8, postsPerWriter: 250, batch: 10_000, singles: 500, runs: 3 },
        heapMiB: 4096,
      },
    ],
  },
  {
    name: 'feed',
    jobs: (quick) => [{ runner: 'feed', params: quick ? { events: 40, spacingMs: 20 } : { events: 1_000, spacingMs: 20 }, heapMiB: 2048 }],
  },
  {
    name: 'scaling',
    jobs: (quick) => {
      const base = quick ? scalingBase.quick : scalingBase.full;
      return [1, 4, 16].flatMap((factor): Job[] => [
        { runner: 'ledger', params: { workload: `scaling ${factor}x`, lines: base.ledgerLines * factor, keys: base.ledgerKeys * factor, runs: 1 }, heapMiB: 20480 },
        {
          runner: 'review',
          params: { workload: `scaling ${factor}x`, keys: base.reviewKeys * factor, entries: base.reviewKeys * factor * 3, movements: Math.round((base.reviewKeys * factor) / 2) },
          heapMiB: 20480,
        },
      ]);
    },
  },
];
