import { stockKeyId } from '../ledger/key.js';
import { D, formatDecimal } from '../quantity/decimal.js';
import type { GroupMetrics, MetricsEntry } from './types.js';

/** What one count entry adds to counting speed: the lines it counted first and the time it took. @internal */
export interface EntryWork {
  readonly entry: MetricsEntry;
  /** 1 when the entry is the first of its run for its key, else 0. */
  readonly lines: 0 | 1;
  /** Milliseconds since the previous entry of its run (0 for the first). */
  readonly ms: number;
}

/**
 * Splits counting work into what each entry did, so that any period (or group) gets exactly the
 * work of the entries made in it and the figures of adjacent periods add up to their union.
 *
 * The entries are split into runs of one counter in one round of one session, in time order, over
 * the whole session (not only the period asked about). Each entry brings the time since the
 * previous entry of its run (the first brings none) and, when it is the run's first entry for its
 * key, one line. A run whose entries were all made at the same instant has no measurable time and
 * brings neither lines nor time. Over a whole run this gives its distinct keys and the time from
 * its first to its last entry.
 *
 * @param entries - every counting entry of the sessions concerned, in any order
 * @returns one record per entry, in the order given
 * @internal
 */
export function entryWork(entries: readonly MetricsEntry[]): EntryWork[] {
  const runs = new Map<string, number[]>();
  entries.forEach((entry, index) => {
    const id = `${entry.sessionId}\u0000${entry.round}\u0000${entry.counter}`;
    const run = runs.get(id) ?? [];
    run.push(index);
    runs.set(id, run);
  });
  const work = new Array<EntryWork>(entries.length);
  for (const run of runs.values()) {
    const times = new Map(run.map((index) => [index, Date.parse(entries[index]!.countedAt)]));
    // Time order; entries made at the same instant keep the order given.
    run.sort((a, b) => times.get(a)! - times.get(b)! || a - b);
    const measurable = times.get(run[run.length - 1]!)! > times.get(run[0]!)!;
    const seen = new Set<string>();
    let previous = times.get(run[0]!)!;
    for (const index of run) {
      const entry = entries[index]!;
      const time = times.get(index)!;
      const key = stockKeyId(entry.key);
      const first = !seen.has(key);
      seen.add(key);
      work[index] = { entry, lines: measurable && first ? 1 : 0, ms: time - previous };
      previous = time;
    }
  }
  return work;
}

/**
 * Counting speed: lines per hour, from the work of the entries made in a period (see
 * {@link entryWork}).
 *
 * `lines = Σ lines`, `milliseconds = Σ ms`,
 * `linesPerHour = lines / hours` (two decimals; `null` without measurable time)
 *
 * Lines and time are additive: the figures of two adjacent periods (or of two groups) add up to
 * the figure of their union; `linesPerHour` is their ratio.
 *
 * @param work - the work of the group's entries made in the period
 * @returns lines, time and lines per hour
 * @internal
 */
export function countingSpeed(work: readonly EntryWork[]): GroupMetrics['countingSpeed'] {
  let lines = 0;
  let ms = 0;
  for (const item of work) {
    lines += item.lines;
    ms += item.ms;
  }
  const hours = new D(ms).div(3_600_000);
  return {
    lines,
    milliseconds: ms,
    hours: formatDecimal(hours.toDecimalPlaces(4)),
    linesPerHour: hours.isZero() ? null : formatDecimal(new D(lines).div(hours).toDecimalPlaces(2)),
  };
}
