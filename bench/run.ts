/**
 * `npm run bench` runs every workload; `npm run bench -- --quick` runs small sizes (a check that
 * the benchmarks still run, not a measurement); `--only <name>[,<name>]` picks workloads.
 *
 * The jobs run the code as it is published: `bench/child.ts` and the sources it imports are bundled
 * once by tsup (esbuild, no `keepNames`, packages left external) into `bench/.build/`, so the
 * figures are those of the built library rather than of an on-the-fly TypeScript transform.
 *
 * Each job runs in a fresh child process with `--expose-gc`, so its peak memory is its own. The
 * table goes to stdout and every row to `bench/results.json`.
 */
import { execSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'tsup';
import { printTable, rowCells, writeResults, type BenchRow } from './harness.js';
import { scalingCells, scalingSummary } from './scaling.js';
import { workloads } from './workloads/index.js';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const onlyIndex = args.indexOf('--only');
const only = onlyIndex >= 0 ? (args[onlyIndex + 1] ?? '').split(',').filter(Boolean) : undefined;
const unknown = only?.filter((name) => !workloads.some((w) => w.name === name)) ?? [];
if (unknown.length > 0) {
  console.error(`unknown workload(s): ${unknown.join(', ')}; known: ${workloads.map((w) => w.name).join(', ')}`);
  process.exit(2);
}

const here = dirname(fileURLToPath(import.meta.url));
const git = (command: string): string => {
  try {
    return execSync(`git ${command}`, { cwd: here, encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
};
// What is measured is the code as it is now, when the bundle is built: a commit made while the
// run goes on must not be named as the measured one.
const measured = { commit: git('rev-parse --short HEAD'), uncommittedSourceChanges: git('status --porcelain -- ../src') !== '' };
const bundleDir = join(here, '.build');
// Inside the repository so that the bundle resolves packages from node_modules.
await build({
  entry: { child: join(here, 'child.ts') },
  outDir: bundleDir,
  format: ['esm'],
  platform: 'node',
  target: 'node20',
  clean: true,
  silent: true,
  external: [/^[^./]/],
});
const childScript = join(bundleDir, 'child.js');
const scratch = mkdtempSync(join(tmpdir(), 'stocktake-bench-'));
const rows: BenchRow[] = [];
const started = Date.now();
let failed = false;
console.log(`stocktake benchmarks (${quick ? 'quick: tiny sizes, figures not meaningful' : 'full'}), node ${process.version}, ${cpus().length} cpus, ${Math.round(totalmem() / 2 ** 30)} GiB`);
for (const workload of workloads) {
  if (only && !only.includes(workload.name)) continue;
  for (const [index, job] of workload.jobs(quick).entries()) {
    const output = join(scratch, `${workload.name}-${index}.json`);
    const jobStarted = Date.now();
    const child = spawnSync(
      process.execPath,
      ['--expose-gc', `--max-old-space-size=${job.heapMiB}`, childScript, job.runner, JSON.stringify(job.params), output],
      { stdio: 'inherit', env: process.env },
    );
    if (child.status !== 0) {
      console.error(`job ${workload.name} #${index} (${job.runner} ${JSON.stringify(job.params)}) failed with ${child.status ?? child.signal}`);
      failed = true;
      continue;
    }
    rows.push(...(JSON.parse(readFileSync(output, 'utf8')) as BenchRow[]));
    console.log(`(job ${workload.name} #${index}: ${((Date.now() - jobStarted) / 1000).toFixed(1)} s)`);
  }
}
rmSync(scratch, { recursive: true, force: true });

console.log('\n== results');
printTable(rowCells(rows));
const scaling = scalingSummary(rows);
if (scaling.length > 0) {
  console.log('\n== scaling (growth from 1x; exponent = log time ratio / log size ratio, 1 = linear, 2 = quadratic)');
  printTable(scalingCells(scaling));
}
// A quick run must not overwrite the committed figures of a full run.
const resultsFile = quick ? 'results.quick.json' : 'results.json';
const run = {
  ...measured,
  node: process.version,
  cpus: cpus().length,
  memoryGiB: Math.round(totalmem() / 2 ** 30),
  date: new Date().toISOString(),
  seconds: Math.round((Date.now() - started) / 1000),
};
// A run of some workloads replaces their rows in the full run's file and keeps the others,
// noting which workloads came from which run.
const previous = only && !quick ? readPrevious(join(here, resultsFile)) : undefined;
const kept = previous?.rows.filter((r) => !only!.includes(workloadOf(r))) ?? [];
const allRows = [...kept, ...rows].sort((a, b) => workloadOrder(a) - workloadOrder(b));
writeResults(join(here, resultsFile), {
  quick,
  ...(previous ? { ...previous.run, partialRuns: [...(previous.partialRuns ?? []), { workloads: only, ...run }] } : run),
  rows: allRows,
  scaling: scalingSummary(allRows),
});
console.log(`\nwrote bench/${resultsFile} (${Math.round((Date.now() - started) / 1000)} s)`);
if (failed) process.exit(1);

/** The workload a row belongs to: the first word of its `workload` (`postgres PGlite`, `scaling 4x`). */
function workloadOf(row: BenchRow): string {
  return row.workload.split(' ')[0]!;
}

function workloadOrder(row: BenchRow): number {
  return workloads.findIndex((w) => w.name === workloadOf(row));
}

interface ResultsFile {
  readonly run: Record<string, unknown>;
  readonly partialRuns?: unknown[];
  readonly rows: BenchRow[];
}

function readPrevious(path: string): ResultsFile | undefined {
  try {
    const { rows: previousRows, scaling: _scaling, partialRuns, quick: _quick, ...run } = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown> & {
      rows: BenchRow[];
      partialRuns?: unknown[];
    };
    return { run, rows: previousRows, ...(partialRuns ? { partialRuns } : {}) };
  } catch {
    return undefined;
  }
}
