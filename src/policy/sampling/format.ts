/**
 * How sampling writes its figures: money at the plan's decimals (rounded so that an interval never
 * narrows), shares as percentages.
 *
 * @module
 */
import { D, formatDecimal, type Dec, type DecimalString } from '../../quantity/decimal.js';

/** Decimal places of money figures unless a plan says otherwise. @internal */
export const DEFAULT_DECIMALS = 2;

/** Rounds money half-even to `decimals` places. @internal */
export function roundMoney(value: Dec, decimals: number): DecimalString {
  return formatDecimal(value.toDecimalPlaces(decimals, D.ROUND_HALF_EVEN));
}

/** Rounds money down (towards −∞): the lower end of an interval, so rounding never narrows it. @internal */
export function floorMoney(value: Dec, decimals: number): DecimalString {
  return formatDecimal(value.toDecimalPlaces(decimals, D.ROUND_FLOOR));
}

/** Rounds money up (towards +∞): upper ends and limits, so rounding never narrows them. @internal */
export function ceilMoney(value: Dec, decimals: number): DecimalString {
  return formatDecimal(value.toDecimalPlaces(decimals, D.ROUND_CEIL));
}

/** A share as a percentage for people, e.g. 0.95 → `95 %`, 0.075 → `7.5 %`. @internal */
export function percentText(share: number): string {
  return `${Number((share * 100).toFixed(6))} %`;
}
