/**
 * Prints the Markdown tables of a results file (the full run's `bench/results.json` by default):
 * every row, then the scaling summary, as `bench/README.md` shows them.
 *
 * Usage: `npx tsx bench/report.ts [results file]`
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { markdownTable, rowCells, type BenchRow } from './harness.js';
import { scalingCells, scalingSummary } from './scaling.js';

const file = process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), 'results.json');
interface RunInfo {
  readonly commit: string;
  readonly date: string;
  readonly seconds: number;
  readonly node: string;
}
const results = JSON.parse(readFileSync(file, 'utf8')) as RunInfo & { rows: BenchRow[]; partialRuns?: Array<RunInfo & { workloads: string[] }> };
console.log(`Run of ${results.date.slice(0, 10)}, commit \`${results.commit}\`, node ${results.node}, ${results.seconds} s.`);
for (const partial of results.partialRuns ?? []) {
  console.log(`Then \`${partial.workloads.join(', ')}\` again at commit \`${partial.commit}\` (${partial.date.slice(0, 10)}, ${partial.seconds} s): those rows are from that run.`);
}
console.log('');
console.log(markdownTable(rowCells(results.rows)));
const scaling = scalingSummary(results.rows);
if (scaling.length > 0) console.log(`\n${markdownTable(scalingCells(scaling))}`);
