import { D } from '../quantity/decimal.js';
import { ratioOf } from './ratio.js';
import type { MetricsLine, Ratio } from './types.js';

/**
 * Inventory record accuracy (IRA): the share of first counts within tolerance.
 *
 * `IRA = |{ lines whose round one was within tolerance }| / |{ lines with a usable, complete round one }|`
 *
 * For a counter group only the lines that counter counted in round one are taken.
 *
 * @param lines - posted lines of the group
 * @param counter - the counter of a counter group
 * @returns the ratio
 * @internal
 */
export function inventoryRecordAccuracy(lines: readonly MetricsLine[], counter?: string): Ratio {
  const first = lines.flatMap((line) => (line.firstCount && (counter === undefined || line.firstCount.counters.includes(counter)) ? [line.firstCount] : []));
  return ratioOf(first.filter((count) => count.withinTolerance).length, first.length);
}

/**
 * Counter accuracy: how often a round saw the variance the line settled on.
 *
 * `accuracy = |{ rounds whose variance equals the line's }| / |{ rounds of lines counted in two or more usable rounds }|`
 *
 * Variances, not quantities, are compared: each round's variance is its counted quantity minus
 * the book at its own window, so when stock moved between a first count and a recount, both
 * rounds saw the same difference and both are accurate, though their counted quantities differ.
 * For a counter group only that counter's rounds are taken.
 *
 * @param lines - posted lines of the group
 * @param counter - the counter of a counter group
 * @returns the ratio
 * @internal
 */
export function counterAccuracy(lines: readonly MetricsLine[], counter?: string): Ratio {
  let compared = 0;
  let agreed = 0;
  for (const line of lines) {
    if (line.rounds.length < 2) continue;
    for (const round of line.rounds) {
      if (counter !== undefined && !round.counters.includes(counter)) continue;
      compared += 1;
      if (new D(round.variance).eq(line.variance)) agreed += 1;
    }
  }
  return ratioOf(agreed, compared);
}
