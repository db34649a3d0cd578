import { D, formatDecimal } from '../quantity/decimal.js';
import { ratioOf } from './ratio.js';
import type { MetricsLine, Ratio } from './types.js';

/**
 * Variance rate by value (账实差异率): how far the book was from the shelf, in money.
 *
 * `rate = Σ |variance × unit cost| / Σ (expected × unit cost)` over the posted lines.
 *
 * @param lines - posted lines of the group
 * @returns the ratio
 * @internal
 */
export function varianceRateByValue(lines: readonly MetricsLine[]): Ratio {
  let absolute = new D(0);
  let book = new D(0);
  for (const line of lines) {
    absolute = absolute.plus(new D(line.varianceValue).abs());
    book = book.plus(new D(line.expected).times(line.unitCost));
  }
  return ratioOf(absolute, book);
}

/**
 * Net shrinkage value: what the counts wrote off, net of what they found.
 *
 * `netShrinkage = −Σ (variance × unit cost)` over the posted lines: positive is a net loss.
 *
 * @param lines - posted lines of the group
 * @returns the value
 * @internal
 */
export function netShrinkageValue(lines: readonly MetricsLine[]): string {
  return formatDecimal(lines.reduce((sum, line) => sum.minus(line.varianceValue), new D(0)));
}
