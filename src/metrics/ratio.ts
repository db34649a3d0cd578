import { D, formatDecimal, type Dec } from '../quantity/decimal.js';
import type { Ratio } from './types.js';

/**
 * A ratio with its parts; `null` when the denominator is zero. Four decimal places, half-even.
 *
 * @internal
 */
export function ratioOf(numerator: Dec | number, denominator: Dec | number): Ratio {
  const n = new D(numerator);
  const d = new D(denominator);
  return { numerator: formatDecimal(n), denominator: formatDecimal(d), ratio: d.isZero() ? null : formatDecimal(n.div(d).toDecimalPlaces(4)) };
}
