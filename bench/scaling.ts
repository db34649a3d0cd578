/**
 * Workload 6's summary: how time and memory grow from 1× to 4× and 16× for the ledger and the
 * review, with the growth exponent log(time ratio) / log(size ratio): 1 is linear, 2 quadratic.
 */
import type { BenchRow } from './harness.js';
import { round } from './harness.js';

/** One line of the scaling summary. */
export interface ScalingLine {
  readonly case: string;
  readonly factor: number;
  readonly size: string;
  readonly units: number;
  readonly medianMs: number;
  /** units(N×) / units(1×). */
  readonly sizeRatio: number;
  /** time(N×) / time(1×). */
  readonly timeRatio: number;
  /** log(timeRatio) / log(sizeRatio); null at 1×. */
  readonly exponent: number | null;
  /** heapGrowth(N×) / heapGrowth(1×). */
  readonly heapRatio: number | null;
  readonly heapGrowthMiB: number;
  readonly peakRssMiB: number;
}

/** The cases whose growth is reported, and the exponent above which growth is called superlinear. */
export const SCALED_CASES = [
  'baseline: zod + decimal.js Map',
  'engine st.ledger.post',
  'engine st.ledger.postMany (500 per call)',
  'baseline: join of Maps',
  'engine open (snapshot)',
  'counting: st.counts.record',
  'counting: st.counts.completeLocation',
  'engine review',
  'engine approve',
  'engine post',
  'engine open+review+approve+post',
];

/** A growth exponent at most this is reported as linear (noise and GC allow a little over 1). */
export const LINEAR_EXPONENT = 1.15;

/**
 * Builds the scaling summary from the rows of the `scaling Nx` jobs.
 *
 * @param rows - every row of the run
 * @returns the summary lines (empty when the scaling workload did not run)
 */
export function scalingSummary(rows: readonly BenchRow[]): ScalingLine[] {
  const factorOf = (workload: string): number | undefined => {
    const match = /^scaling (\d+)x$/.exec(workload);
    return match ? Number(match[1]) : undefined;
  };
  const lines: ScalingLine[] = [];
  for (const name of SCALED_CASES) {
    const points = rows
      .filter((r) => r.case === name && factorOf(r.workload) !== undefined)
      .map((r) => ({ factor: factorOf(r.workload)!, row: r }))
      .sort((a, b) => a.factor - b.factor);
    const base = points.find((p) => p.factor === 1);
    if (!base) continue;
    for (const { factor, row } of points) {
      const sizeRatio = row.units / base.row.units;
      const timeRatio = row.medianMs / base.row.medianMs;
      lines.push({
        case: name,
        factor,
        size: row.size,
        units: row.units,
        medianMs: row.medianMs,
        sizeRatio: round(sizeRatio, 3),
        timeRatio: round(timeRatio, 3),
        exponent: factor === 1 ? null : round(Math.log(timeRatio) / Math.log(sizeRatio), 3),
        heapRatio: base.row.heapGrowthMiB > 0 ? round(row.heapGrowthMiB / base.row.heapGrowthMiB, 3) : null,
        heapGrowthMiB: row.heapGrowthMiB,
        peakRssMiB: row.peakRssMiB,
      });
    }
  }
  return lines;
}

/** The summary's columns, as text cells. */
export function scalingCells(lines: readonly ScalingLine[]): { header: string[]; body: string[][] } {
  const header = ['case', 'factor', 'size', 'median ms', 'size ratio', 'time ratio', 'exponent', 'heap growth MiB', 'heap ratio', 'peak rss MiB'];
  const body = lines.map((l) => [
    l.case,
    `${l.factor}x`,
    l.size,
    String(Math.round(l.medianMs)),
    l.sizeRatio.toFixed(2),
    l.timeRatio.toFixed(2),
    l.exponent === null ? '-' : `${l.exponent.toFixed(2)}${l.exponent > LINEAR_EXPONENT ? ' SUPERLINEAR' : ''}`,
    l.heapGrowthMiB.toFixed(1),
    l.heapRatio === null ? '-' : l.heapRatio.toFixed(2),
    l.peakRssMiB.toFixed(0),
  ]);
  return { header, body };
}
