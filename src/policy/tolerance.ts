import type { AbcClass, Item, Location } from '../catalog/types.js';
import type { ToleranceRule } from '../count/types.js';
import { D, type DecimalString } from '../quantity/decimal.js';

/** The figures of a line a tolerance looks at. */
export interface ToleranceLine {
  /** Expected quantity in base units. */
  readonly expected: DecimalString;
  /** Counted quantity in base units. */
  readonly counted: DecimalString;
  /** Counted minus expected. */
  readonly variance: DecimalString;
  /** Variance as a percent of expected; `null` when expected is zero. */
  readonly variancePercent: DecimalString | null;
  /** Variance × unit cost. */
  readonly varianceValue: DecimalString;
}

/**
 * A tolerance policy: a rule per ABC class (and one for items without a class), or a function of
 * the line, the item and the location that returns a rule or a verdict.
 */
export type TolerancePolicy =
  | { readonly byClass: Readonly<Partial<Record<AbcClass | 'none', ToleranceRule>>> }
  | ((line: ToleranceLine, item: Item, location: Location | undefined) => ToleranceRule | boolean);

/**
 * The default tolerances: any variance of an A item is checked; B items pass within 2 % and a
 * value of 50; C items within 5 % and a value of 100; items without a class within 2 %.
 */
export const defaultTolerances: { readonly byClass: Readonly<Record<AbcClass | 'none', ToleranceRule>> } = {
  byClass: {
    A: { qty: '0' },
    B: { percent: '2', value: '50' },
    C: { percent: '5', value: '100' },
    none: { percent: '2' },
  },
};

/**
 * Tells whether a line is within a tolerance rule: every limit the rule sets must hold. A percent
 * limit never holds for a non-zero variance against an expected zero (found stock).
 *
 * @param line - the line's figures
 * @param rule - the limits
 * @returns true when the variance is accepted without a recount
 * @example
 * ```ts
 * isWithinTolerance({ expected: '100', counted: '99', variance: '-1', variancePercent: '-1', varianceValue: '-2.5' },
 *   { percent: '2' }); // true
 * ```
 */
export function isWithinTolerance(line: ToleranceLine, rule: ToleranceRule): boolean {
  const variance = new D(line.variance).abs();
  if (variance.isZero()) return true;
  if (rule.qty !== undefined && variance.gt(rule.qty)) return false;
  if (rule.percent !== undefined && (line.variancePercent === null || new D(line.variancePercent).abs().gt(rule.percent))) {
    return false;
  }
  if (rule.value !== undefined && new D(line.varianceValue).abs().gt(rule.value)) return false;
  return true;
}

/**
 * Applies a tolerance policy to a line.
 *
 * @param policy - the policy (a rule per class, or a function)
 * @param line - the line's figures
 * @param item - the line's item
 * @param location - the line's location
 * @param override - a session's own rule, which wins over the policy
 * @returns true when the variance is accepted without a recount
 * @example
 * ```ts
 * applyTolerance(defaultTolerances, line, item, undefined); // false for any variance of an A item
 * ```
 */
export function applyTolerance(
  policy: TolerancePolicy,
  line: ToleranceLine,
  item: Item,
  location: Location | undefined,
  override?: ToleranceRule,
): boolean {
  if (override) return isWithinTolerance(line, override);
  if (typeof policy === 'function') {
    const verdict = policy(line, item, location);
    return typeof verdict === 'boolean' ? verdict : isWithinTolerance(line, verdict);
  }
  const rule = policy.byClass[item.abcClass ?? 'none'] ?? policy.byClass.none;
  return rule === undefined ? new D(line.variance).isZero() : isWithinTolerance(line, rule);
}
