import { stockKeyId } from '../ledger/key.js';
import { D, formatDecimal } from '../quantity/decimal.js';
import type { GroupMetrics, MetricsEntry } from './types.js';

/**
 * Counting speed: lines per hour from entry times.
 *
 * The entries are split into runs of one counter in one round of one session. A run's time is
 * from its first to its last entry; its lines are the distinct keys it counted. Runs of a single
 * entry (no measurable time) are left out.
 *
 * `linesPerHour = Σ lines of runs / Σ hours of runs` (two decimals; `null` without measurable time)
 *
 * @param entries - count entries of the group in the period
 * @returns lines, hours and lines per hour
 * @internal
 */
export function countingSpeed(entries: readonly MetricsEntry[]): GroupMetrics['countingSpeed'] {
  const runs = new Map<string, MetricsEntry[]>();
  for (const entry of entries) {
    const id = `${entry.sessionId}\u0000${entry.round}\u0000${entry.counter}`;
    const run = runs.get(id) ?? [];
    run.push(entry);
    runs.set(id, run);
  }
  let lines = 0;
  let ms = 0;
  for (const run of runs.values()) {
    const times = run.map((entry) => Date.parse(entry.countedAt));
    const span = Math.max(...times) - Math.min(...times);
    if (span <= 0) continue;
    lines += new Set(run.map((entry) => stockKeyId(entry.key))).size;
    ms += span;
  }
  const hours = new D(ms).div(3_600_000);
  return {
    lines,
    hours: formatDecimal(hours.toDecimalPlaces(4)),
    linesPerHour: hours.isZero() ? null : formatDecimal(new D(lines).div(hours).toDecimalPlaces(2)),
  };
}
