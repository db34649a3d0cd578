import { D, formatDecimal } from '../quantity/decimal.js';
import type { MetricsLine, RiskySku } from './types.js';

/**
 * The riskiest skus: those that are often wrong and wrong by much.
 *
 * Per sku: `frequency = lines with a non-zero variance / lines`,
 * `score = frequency × Σ |variance × unit cost|`; skus with a zero score are left out, the rest
 * ranked by score (then sku), the first `top` kept.
 *
 * @param lines - posted lines of the group
 * @param top - how many to keep
 * @returns the ranked skus
 * @internal
 */
export function riskiestSkus(lines: readonly MetricsLine[], top: number): RiskySku[] {
  const bySku = new Map<string, { lines: number; varied: number; value: InstanceType<typeof D> }>();
  for (const line of lines) {
    const entry = bySku.get(line.key.sku) ?? { lines: 0, varied: 0, value: new D(0) };
    entry.lines += 1;
    if (!new D(line.variance).isZero()) entry.varied += 1;
    entry.value = entry.value.plus(new D(line.varianceValue).abs());
    bySku.set(line.key.sku, entry);
  }
  const ranked = [...bySku.entries()].map(([sku, entry]) => {
    const frequency = new D(entry.varied).div(entry.lines);
    return { sku, entry, frequency, score: frequency.times(entry.value) };
  });
  return ranked
    .filter((candidate) => !candidate.score.isZero())
    .sort((a, b) => b.score.comparedTo(a.score) || (a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0))
    .slice(0, top)
    .map(({ sku, entry, frequency, score }) => ({
      sku,
      lines: entry.lines,
      linesWithVariance: entry.varied,
      frequency: formatDecimal(frequency.toDecimalPlaces(4)),
      absoluteVarianceValue: formatDecimal(entry.value),
      score: formatDecimal(score.toDecimalPlaces(4)),
    }));
}
