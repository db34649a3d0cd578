/**
 * ABC classification: rank items by annual usage value (or velocity, or a caller's score) and cut
 * the cumulative share at 80 % and 95 %.
 *
 * @module
 */
import type { AbcClass } from '../catalog/types.js';
import { D, type Dec } from '../quantity/decimal.js';
import { StocktakeError } from '../errors.js';
import { abcItemsSchema, classifyAbcOptionsSchema, parseInput } from './schemas.js';

/** What items are ranked by. */
export type AbcBasis = 'value' | 'velocity' | 'score';

/** An item to classify; only the field named by `by` is needed. */
export interface AbcItem {
  /** The item's sku (unique in the list). */
  sku: string;
  /** Annual usage value: annual quantity used × unit cost. Numbers or decimal strings, ≥ 0. */
  annualUsageValue?: number | string;
  /** Velocity: picks, movements or units per period. ≥ 0. */
  velocity?: number | string;
  /** Any caller's score (criticality, margin, a blend). ≥ 0. */
  score?: number | string;
}

/** Options of {@link classifyAbc}. */
export interface ClassifyAbcOptions {
  /** What to rank by: `value` (annual usage value, the default), `velocity` or `score`. */
  by?: AbcBasis;
  /**
   * Cumulative cut-offs as fractions of the total: `a` ends class A, `b` ends class B.
   * Defaults `{ a: 0.8, b: 0.95 }`; `0 < a <= b <= 1`.
   */
  cutoffs?: AbcCutoffs;
}

/** Cumulative cut-offs as fractions of the total. */
export interface AbcCutoffs {
  /** Where class A ends, e.g. 0.8. */
  a: number;
  /** Where class B ends, e.g. 0.95. */
  b: number;
}

/** One classified item. */
export interface AbcClassifiedItem {
  /** The item's sku. */
  sku: string;
  /** Its class. */
  class: AbcClass;
  /** Its rank, 1 = highest score. */
  rank: number;
  /** The score it was ranked by, as a decimal string. */
  score: string;
  /** Its share of the total score (0 to 1). */
  share: number;
  /** The cumulative share up to and including this item (0 to 1). */
  cumulativeShare: number;
}

/** The totals of one class. */
export interface AbcClassSummary {
  /** How many items are in the class. */
  items: number;
  /** The class's share of the item count (0 to 1). */
  itemShare: number;
  /** The sum of the class's scores, as a decimal string. */
  value: string;
  /** The class's share of the total score (0 to 1). */
  valueShare: number;
}

/** The result of {@link classifyAbc}. */
export interface AbcClassification {
  /** The items in rank order (score descending, then sku ascending). */
  items: AbcClassifiedItem[];
  /** The class of each sku. */
  classOf: Record<string, AbcClass>;
  /** Per class: item count and share, value and share. */
  summary: Record<AbcClass, AbcClassSummary>;
  /** The item count and the total score. */
  total: AbcTotal;
  /** The basis used. */
  by: AbcBasis;
  /** The cut-offs used. */
  cutoffs: AbcCutoffs;
}

/** The totals over all classified items. */
export interface AbcTotal {
  /** How many items. */
  items: number;
  /** The sum of their scores, as a decimal string. */
  value: string;
}

/** The default cut-offs: 80 % of the value in A, the next 15 % in B. */
export const DEFAULT_ABC_CUTOFFS: Readonly<AbcCutoffs> = { a: 0.8, b: 0.95 };

const FIELD: Record<AbcBasis, 'annualUsageValue' | 'velocity' | 'score'> = {
  value: 'annualUsageValue',
  velocity: 'velocity',
  score: 'score',
};

/**
 * Classifies items A, B or C by their cumulative share of the total.
 *
 * Items are ranked by score descending, ties by sku ascending (plain code-unit order), so the
 * result never depends on the input order. Boundary rule: class A is the shortest prefix of the
 * ranking whose cumulative share reaches the A cut-off (≥ 80 %), so **the item that crosses the
 * cut-off is A**, and an item that dominates the total is never demoted; class B is then the
 * shortest prefix reaching the B cut-off (empty when A already reaches it); the rest is C. Consequently class A holds at least 80 %
 * of the value, and items with a score of 0 are always C. When the total is 0 every item is C.
 * Sums are exact (decimal.js); shares are plain numbers.
 *
 * @param items - the items, skus unique; each needs the field named by `options.by`
 * @param options - the basis and the cut-offs
 * @returns the class per item in rank order, a sku → class map and a per-class summary
 * @throws StocktakeError `invalid_input` for a duplicate sku, a missing or negative score, or bad cut-offs
 * @example
 * ```ts
 * const abc = classifyAbc([
 *   { sku: 'P-1', annualUsageValue: 70000 },
 *   { sku: 'P-2', annualUsageValue: '20000.00' },
 *   { sku: 'P-3', annualUsageValue: 10000 },
 * ]);
 * abc.classOf['P-2']; // 'A': P-1 alone is 70 %, P-2 crosses 80 %
 * abc.summary.A.valueShare; // 0.9
 * ```
 */
export function classifyAbc(items: readonly AbcItem[], options?: ClassifyAbcOptions): AbcClassification {
  const parsedItems = parseInput(abcItemsSchema, items, ['items']);
  const parsedOptions = parseInput(classifyAbcOptionsSchema, options, ['options']);
  const by = parsedOptions?.by ?? 'value';
  const cutoffs = parsedOptions?.cutoffs ?? DEFAULT_ABC_CUTOFFS;
  const field = FIELD[by];

  const scored = parsedItems.map((item, i) => {
    const raw = item[field];
    if (raw === undefined) {
      throw new StocktakeError('invalid_input', `Item ${item.sku} has no ${field} (classifying by ${by})`, {
        path: ['items', i, field],
      });
    }
    return { sku: item.sku, score: new D(raw) };
  });
  scored.sort((x, y) => {
    const c = y.score.comparedTo(x.score);
    if (c !== 0) return c;
    return x.sku < y.sku ? -1 : x.sku > y.sku ? 1 : 0;
  });

  const total = scored.reduce((sum, s) => sum.plus(s.score), new D(0));
  const aLimit = total.times(cutoffs.a);
  const bLimit = total.times(cutoffs.b);
  const ratio = (x: Dec): number => (total.isZero() ? 0 : x.dividedBy(total).toNumber());

  const classOf = Object.create(null) as Record<string, AbcClass>;
  const sums: Record<AbcClass, { items: number; value: Dec }> = {
    A: { items: 0, value: new D(0) },
    B: { items: 0, value: new D(0) },
    C: { items: 0, value: new D(0) },
  };
  let cumulative = new D(0);
  const ranked = scored.map((s, i): AbcClassifiedItem => {
    const before = cumulative;
    cumulative = cumulative.plus(s.score);
    const cls: AbcClass = before.lessThan(aLimit) ? 'A' : before.lessThan(bLimit) ? 'B' : 'C';
    classOf[s.sku] = cls;
    sums[cls].items += 1;
    sums[cls].value = sums[cls].value.plus(s.score);
    return {
      sku: s.sku,
      class: cls,
      rank: i + 1,
      score: s.score.toFixed(),
      share: ratio(s.score),
      cumulativeShare: ratio(cumulative),
    };
  });

  const count = scored.length;
  const summarize = (cls: AbcClass): AbcClassSummary => ({
    items: sums[cls].items,
    itemShare: count === 0 ? 0 : sums[cls].items / count,
    value: sums[cls].value.toFixed(),
    valueShare: ratio(sums[cls].value),
  });
  return {
    items: ranked,
    classOf,
    summary: { A: summarize('A'), B: summarize('B'), C: summarize('C') },
    total: { items: count, value: total.toFixed() },
    by,
    cutoffs: { a: cutoffs.a, b: cutoffs.b },
  };
}
