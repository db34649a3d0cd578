/**
 * Decimal quantities: decimal strings at the boundary, decimal.js inside, never JS numbers.
 *
 * @module
 */
import { Decimal } from 'decimal.js';
import * as z from 'zod';

/** A quantity or amount as a plain decimal string, e.g. `"12.5"` or `"-3"`. */
export type DecimalString = string;

/** A private decimal.js constructor so a caller's global Decimal settings cannot change results. */
export const D = Decimal.clone({ precision: 60, rounding: Decimal.ROUND_HALF_EVEN, toExpNeg: -60, toExpPos: 60 });
/** The decimal type used inside the engine. */
export type Dec = InstanceType<typeof D>;

const DECIMAL_PATTERN = /^-?(0|[1-9]\d{0,29})(\.\d{1,12})?$/;
const UNSIGNED_PATTERN = /^(0|[1-9]\d{0,29})(\.\d{1,12})?$/;

/** A signed decimal string with up to 30 integer and 12 fractional digits. */
export const decimalStringSchema = z.string().regex(DECIMAL_PATTERN, 'Expected a decimal string such as "12.5"');

/** A decimal string greater than zero. */
export const positiveDecimalSchema = z
  .string()
  .regex(UNSIGNED_PATTERN, { message: 'Expected a positive decimal string such as "12.5"', abort: true })
  .refine((value) => new D(value).gt(0), 'Expected a quantity greater than zero');

/** A decimal string greater than or equal to zero. */
export const nonNegativeDecimalSchema = z
  .string()
  .regex(UNSIGNED_PATTERN, 'Expected a non-negative decimal string such as "2.50"');

/**
 * Formats a decimal as the canonical string stocktake returns: no exponent, no trailing zeros,
 * no negative zero.
 *
 * @param value - the decimal
 * @returns the canonical decimal string
 * @internal
 */
export function formatDecimal(value: Dec): DecimalString {
  if (value.isZero()) return '0';
  return value.toFixed();
}

/**
 * Adds decimal strings exactly.
 *
 * @param values - decimal strings
 * @returns their exact sum as a canonical decimal string
 * @example
 * ```ts
 * sumDecimals(['0.1', '0.2']); // '0.3'
 * ```
 */
export function sumDecimals(values: Iterable<DecimalString>): DecimalString {
  let total = new D(0);
  for (const value of values) total = total.plus(value);
  return formatDecimal(total);
}
