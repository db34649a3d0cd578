/**
 * The shared benchmark harness: timing (a median over repeated runs), memory sampling, the
 * result rows, the table printed to stdout and `bench/results.json`.
 *
 * Every workload job runs in its own child process started with `--expose-gc` (see `run.ts`), so
 * a job's peak memory is its own and not what an earlier job left behind.
 */
import { writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

/** One measured figure of a workload. */
export interface BenchRow {
  /** Workload name, e.g. `ledger`. */
  readonly workload: string;
  /** What was measured within the workload, e.g. `engine post` or `review`. */
  readonly case: string;
  /** The size in words, e.g. `200000 lines / 50000 keys`. */
  readonly size: string;
  /** The number that `throughput` is counted in (lines, keys, scans...). */
  readonly units: number;
  /** The unit name for throughput, e.g. `lines`. */
  readonly unit: string;
  /** How many timed runs the median is taken over. */
  readonly runs: number;
  /** Median wall time of one run, in milliseconds. */
  readonly medianMs: number;
  /** `units / median seconds`. */
  readonly throughput: number;
  /** Highest sampled `heapUsed` during the runs, in MiB (absolute: includes the inputs held). */
  readonly peakHeapMiB: number;
  /** Highest sampled `heapUsed` minus `heapUsed` after a full GC just before the first run, in MiB. */
  readonly heapGrowthMiB: number;
  /** The process's peak resident set so far (`process.resourceUsage().maxRSS`), in MiB. */
  readonly peakRssMiB: number;
  /** What the baseline is, or `null` when the row has none. */
  readonly baseline: string | null;
  /** Median wall time of the baseline measured in the same process, in milliseconds. */
  readonly baselineMs: number | null;
  /** `medianMs / baselineMs`: above 1 the engine is slower than its baseline. */
  readonly ratio: number | null;
  /** The target this row is judged against, e.g. `ratio <= 3`, or `null`. */
  readonly target: string | null;
  /** Whether the target is met (reported, never asserted), or `null`. */
  readonly targetMet: boolean | null;
  /** Anything a reader needs to interpret the row. */
  readonly note?: string;
}

/** The result of {@link measure}. */
export interface Measured<T> {
  /** Median wall time in ms. */
  readonly medianMs: number;
  /** Every run's wall time in ms. */
  readonly samplesMs: readonly number[];
  /** Highest sampled heapUsed, in bytes. */
  readonly peakHeap: number;
  /** heapUsed after a GC before the first run, in bytes. */
  readonly startHeap: number;
  /** What the last run returned. */
  readonly value: T;
}

/** Options of {@link measure}. */
export interface MeasureOptions<S> {
  /** Timed runs; the median is reported. Default 1. */
  readonly runs?: number;
  /** Untimed runs first, to warm the JIT. Default 0. */
  readonly warmup?: number;
  /** Builds a fresh input for each run, outside the timing (e.g. a new engine). */
  readonly setup?: () => Promise<S> | S;
}

const MiB = 1024 * 1024;

/** Calls `global.gc` when the process runs with `--expose-gc`; a no-op otherwise. */
export function collectGarbage(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc) {
    gc();
    gc();
  }
}

/**
 * Samples `heapUsed` every few milliseconds while the event loop turns, and whenever
 * {@link MemorySampler.sample} is called (synchronous loops call it every few thousand iterations,
 * as timers cannot fire inside them).
 */
export class MemorySampler {
  #peak = 0;
  #timer: NodeJS.Timeout | undefined;

  /** Starts periodic sampling. */
  start(): void {
    this.#peak = Math.max(this.#peak, process.memoryUsage().heapUsed);
    this.#timer = setInterval(() => this.sample(), 5);
    this.#timer.unref();
  }

  /** Takes one sample now. */
  sample(): void {
    const used = process.memoryUsage().heapUsed;
    if (used > this.#peak) this.#peak = used;
  }

  /** Stops sampling and returns the peak heapUsed in bytes. */
  stop(): number {
    if (this.#timer) clearInterval(this.#timer);
    this.sample();
    return this.#peak;
  }
}

/** The sampler of the run in progress, for synchronous loops to call. */
let activeSampler: MemorySampler | undefined;

/** Samples memory now if a measurement is running (cheap enough to call every ~1000 iterations). */
export function sampleMemory(): void {
  activeSampler?.sample();
}

/**
 * Times `work` over `runs` runs after `warmup` untimed ones and returns the median, sampling
 * memory throughout. A fresh input from `setup` is built before each run, outside the timing.
 *
 * @param work - the work to time; receives the setup's value
 * @param options - runs, warm-up runs, setup
 * @returns the median and memory figures
 */
export async function measure<S, T>(work: (input: S) => Promise<T> | T, options: MeasureOptions<S> = {}): Promise<Measured<T>> {
  const runs = options.runs ?? 1;
  const setup = options.setup ?? (() => undefined as S);
  for (let i = 0; i < (options.warmup ?? 0); i++) await work(await setup());
  const samples: number[] = [];
  let value: T | undefined;
  let peakHeap = 0;
  let startHeap = Number.POSITIVE_INFINITY;
  for (let i = 0; i < runs; i++) {
    const input = await setup();
    collectGarbage();
    startHeap = Math.min(startHeap, process.memoryUsage().heapUsed);
    const sampler = new MemorySampler();
    activeSampler = sampler;
    sampler.start();
    const started = performance.now();
    value = await work(input);
    samples.push(performance.now() - started);
    peakHeap = Math.max(peakHeap, sampler.stop());
    activeSampler = undefined;
  }
  return { medianMs: median(samples), samplesMs: samples, peakHeap, startHeap, value: value as T };
}

/** The median of some numbers. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Peak resident set of this process so far, in MiB. */
export function peakRssMiB(): number {
  // maxRSS is in kilobytes.
  return process.resourceUsage().maxRSS / 1024;
}

/** Builds a row from a measurement and, optionally, its baseline's. */
export function row(
  fields: {
    workload: string;
    case: string;
    size: string;
    units: number;
    unit: string;
    baseline?: string;
    target?: { readonly maxRatio: number } | { readonly text: string; readonly met: boolean };
    note?: string;
  },
  engine: Measured<unknown>,
  baseline?: Measured<unknown>,
): BenchRow {
  const ratio = baseline ? engine.medianMs / baseline.medianMs : null;
  let target: string | null = null;
  let targetMet: boolean | null = null;
  if (fields.target && 'maxRatio' in fields.target) {
    target = `ratio <= ${fields.target.maxRatio}`;
    targetMet = ratio === null ? null : ratio <= fields.target.maxRatio;
  } else if (fields.target) {
    target = fields.target.text;
    targetMet = fields.target.met;
  }
  return {
    workload: fields.workload,
    case: fields.case,
    size: fields.size,
    units: fields.units,
    unit: fields.unit,
    runs: engine.samplesMs.length,
    medianMs: round(engine.medianMs),
    throughput: round(fields.units / (engine.medianMs / 1000)),
    peakHeapMiB: round(engine.peakHeap / MiB),
    heapGrowthMiB: round(Math.max(0, engine.peakHeap - engine.startHeap) / MiB),
    peakRssMiB: round(peakRssMiB()),
    baseline: fields.baseline ?? null,
    baselineMs: baseline ? round(baseline.medianMs) : null,
    ratio: ratio === null ? null : round(ratio, 3),
    target,
    targetMet,
    ...(fields.note === undefined ? {} : { note: fields.note }),
  };
}

/** Rounds to some decimal places (2 by default). */
export function round(value: number, places = 2): number {
  const f = 10 ** places;
  return Math.round(value * f) / f;
}

/** Prints a heading line for a workload. */
export function describe(title: string, text: string): void {
  console.log(`\n== ${title}\n${text}`);
}

/** The result table's columns, as text cells. */
export function rowCells(rows: readonly BenchRow[]): { header: string[]; body: string[][] } {
  const header = ['workload', 'case', 'size', 'runs', 'median ms', 'throughput', 'peak heap MiB', 'heap growth MiB', 'peak rss MiB', 'baseline ms', 'ratio', 'target'];
  const body = rows.map((r) => [
    r.workload,
    r.case,
    r.size,
    String(r.runs),
    fmt(r.medianMs),
    `${fmt(r.throughput)} ${r.unit}/s`,
    fmt(r.peakHeapMiB),
    fmt(r.heapGrowthMiB),
    fmt(r.peakRssMiB),
    r.baselineMs === null ? '-' : fmt(r.baselineMs),
    r.ratio === null ? '-' : `${r.ratio.toFixed(2)}x`,
    r.target === null ? '-' : `${r.target} ${r.targetMet === null ? '' : r.targetMet ? 'met' : 'MISSED'}`.trim(),
  ]);
  return { header, body };
}

/** Prints a table with aligned columns. */
export function printTable({ header, body }: { header: readonly string[]; body: ReadonlyArray<readonly string[]> }): void {
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((cells) => cells[i]!.length)));
  const line = (cells: readonly string[]) => cells.map((cell, i) => cell.padEnd(widths[i]!)).join(' | ');
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('-|-'));
  for (const cells of body) console.log(line(cells));
}

/** A table as Markdown, for `bench/README.md`. */
export function markdownTable({ header, body }: { header: readonly string[]; body: ReadonlyArray<readonly string[]> }): string {
  const line = (cells: readonly string[]) => `| ${cells.map((cell) => cell.replaceAll('|', '\\|')).join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...body.map(line)].join('\n');
}

function fmt(value: number): string {
  if (value >= 100) return Math.round(value).toLocaleString('en-US');
  return value.toFixed(2);
}

/** Writes `bench/results.json`. */
export function writeResults(path: string, payload: unknown): void {
  writeFileSync(path, `${JSON.stringify(payload, null, 2)}\n`);
}
