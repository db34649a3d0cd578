import { stockKeyId } from '../ledger/key.js';
import { D } from '../quantity/decimal.js';
import { ratioOf } from './ratio.js';
import type { MetricsLine, MetricsStock, Ratio } from './types.js';

/**
 * Coverage: the share of stocked keys the period's counts reached.
 *
 * `coverage = |keys counted| / |keys with stock at the end of the period ∪ keys counted|`
 *
 * (A key counted to zero was stocked when it was counted, so it stays in the denominator.)
 *
 * @param lines - posted lines of the group
 * @param stock - the group's keys with their book at the end of the period
 * @returns the ratio
 * @internal
 */
export function coverage(lines: readonly MetricsLine[], stock: readonly MetricsStock[]): Ratio {
  const counted = new Set(lines.map((line) => stockKeyId(line.key)));
  const universe = new Set(counted);
  for (const record of stock) if (!new D(record.qty).isZero()) universe.add(stockKeyId(record.key));
  return ratioOf(counted.size, universe.size);
}
