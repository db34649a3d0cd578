import type { AbcClass } from '../catalog/types.js';
import type { StockKey } from '../ledger/key.js';
import type { DecimalString } from '../quantity/decimal.js';
import type { Instant } from '../time.js';

/**
 * How `metrics.compute` groups its figures:
 * - `all`: one group;
 * - `location`: by the first `depth` segments of the location path (2, warehouse/zone, when
 *   omitted), only inside `subtree` when given;
 * - `item`: by sku; `abcClass`: by the item's class (`none` without one);
 * - `counter`: by the person who counted (a line belongs to everyone who counted it).
 */
export type MetricsGroupBy =
  | { readonly by: 'all' | 'item' | 'abcClass' | 'counter' }
  | { readonly by: 'location'; readonly depth?: number; readonly subtree?: string };

/** A ratio with what it was computed from; `ratio` is `null` when the denominator is zero. */
export interface Ratio {
  readonly numerator: DecimalString;
  readonly denominator: DecimalString;
  /** numerator / denominator, four decimal places. */
  readonly ratio: DecimalString | null;
}

/** A sku ranked by risk. */
export interface RiskySku {
  readonly sku: string;
  /** Lines of the sku counted in the period. */
  readonly lines: number;
  /** Of them, lines with a non-zero variance. */
  readonly linesWithVariance: number;
  /** linesWithVariance / lines. */
  readonly frequency: DecimalString;
  /** Σ |variance value| of its lines. */
  readonly absoluteVarianceValue: DecimalString;
  /** frequency × absoluteVarianceValue. */
  readonly score: DecimalString;
}

/** A key in stock that has not moved for a while. */
export interface AgedStock {
  readonly key: StockKey;
  /** Book quantity at the end of the period. */
  readonly qty: DecimalString;
  /** qty × unit cost. */
  readonly value: DecimalString;
  /** The last movement of the goods (count adjustments aside) up to the end of the period. */
  readonly lastMovementAt: Instant | null;
  /** Whole days from `lastMovementAt` to the end of the period. */
  readonly days: number;
}

/** The figures of one group. */
export interface GroupMetrics {
  /** The group's label (`all`, a location prefix, a sku, a class or a counter). */
  readonly group: string;
  /** Posted count lines in the period. */
  readonly lines: number;
  /** Inventory record accuracy: first counts within tolerance / first counts. */
  readonly inventoryRecordAccuracy: Ratio;
  /** Σ |variance value| / Σ book value (expected × unit cost) of the posted lines. */
  readonly varianceRateByValue: Ratio;
  /** −Σ variance value of the posted lines: positive is a net loss, negative a net gain. */
  readonly netShrinkageValue: DecimalString;
  /** Keys counted / (keys in stock at the end of the period ∪ keys counted). */
  readonly coverage: Ratio;
  /**
   * Rounds that saw the accepted variance / rounds on keys counted more than once. A round saw
   * the accepted variance when its own counted minus expected (at its window) equals the line's,
   * so a recount after stock moved agrees with a first count that saw the same difference.
   */
  readonly counterAccuracy: Ratio;
  /**
   * Lines counted per hour of counting, from the entries made in the period: each entry brings
   * the time since the previous entry of its counter's run and, the first time the run counts a
   * key, one line (see `countingSpeed`). `lines` and `milliseconds` of adjacent periods add up to
   * those of their union.
   */
  readonly countingSpeed: {
    readonly lines: number;
    /** The counting time, exact. */
    readonly milliseconds: number;
    /** The counting time in hours, four decimals. */
    readonly hours: DecimalString;
    readonly linesPerHour: DecimalString | null;
  };
  /** The riskiest skus, highest score first. */
  readonly riskiestSkus: readonly RiskySku[];
  /** Keys in stock unmoved for at least `slowMovingDays` but fewer than `deadStockDays`. */
  readonly slowMoving: readonly AgedStock[];
  /** Keys in stock unmoved for at least `deadStockDays`. */
  readonly deadStock: readonly AgedStock[];
}

/** The result of `metrics.compute`. */
export interface MetricsResult {
  readonly from: Instant;
  readonly to: Instant;
  readonly groupBy: MetricsGroupBy;
  /** Every group, ordered by label. */
  readonly groups: readonly GroupMetrics[];
  /** The same figures over everything (inside `subtree` for location grouping). */
  readonly total: GroupMetrics;
}

/** A posted count line, as metrics read it. @internal */
export interface MetricsLine {
  readonly sessionId: string;
  readonly key: StockKey;
  readonly abcClass?: AbcClass;
  readonly unitCost: DecimalString;
  readonly expected: DecimalString;
  readonly counted: DecimalString;
  readonly varianceValue: DecimalString;
  readonly variance: DecimalString;
  /** Everyone who counted the key in the session. */
  readonly counters: readonly string[];
  /** Round one, when it was complete and usable, with its tolerance verdict. */
  readonly firstCount?: { readonly withinTolerance: boolean; readonly counters: readonly string[] };
  /** Every complete, usable round, with its variance (counted minus expected at its own window). */
  readonly rounds: ReadonlyArray<{ readonly counted: DecimalString; readonly variance: DecimalString; readonly counters: readonly string[] }>;
}

/** A count entry, as metrics read it. @internal */
export interface MetricsEntry {
  readonly sessionId: string;
  readonly round: number;
  readonly counter: string;
  readonly countedAt: Instant;
  readonly key: StockKey;
  readonly abcClass?: AbcClass;
}

/** A key's book at the end of the period, as metrics read it. @internal */
export interface MetricsStock {
  readonly key: StockKey;
  readonly abcClass?: AbcClass;
  readonly qty: DecimalString;
  readonly unitCost: DecimalString;
  readonly lastMovementAt: Instant | null;
}

/** Everything `computeMetrics` computes from. @internal */
export interface MetricsData {
  readonly from: Instant;
  readonly to: Instant;
  readonly groupBy: MetricsGroupBy;
  readonly lines: readonly MetricsLine[];
  /**
   * Counting entries of the sessions concerned, also those made outside the period: counting
   * speed needs each entry's predecessor in its run. Only entries made in the period count.
   */
  readonly entries: readonly MetricsEntry[];
  readonly stock: readonly MetricsStock[];
  readonly slowMovingDays: number;
  readonly deadStockDays: number;
  readonly top: number;
}
