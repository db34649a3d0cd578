/**
 * Decimal quantities: decimal strings at the boundary, decimal.js inside, never JS numbers.
 *
 * @module
 */
import { Decimal } from 'decimal.js';
import * as z from 'zod';

/** A quantity or amount as a plain decimal string, e.g. `"12.5"` or `"-3"`. */
export type DecimalString = string;

/** The most integer digits of a quantity, unit cost or tolerance a caller gives. */
export const MAX_INTEGER_DIGITS = 18;
/** The most fractional digits of any decimal a caller gives (the finest unit precision is 12). */
export const MAX_FRACTION_DIGITS = 12;
/** The most integer digits of a pack factor. */
export const MAX_PACK_FACTOR_INTEGER_DIGITS = 12;
/** The most integer digits of a signed figure a caller hands back (a variance, a balance). */
export const MAX_FIGURE_INTEGER_DIGITS = 40;

/**
 * Significant digits decimal.js keeps: above the largest product stocktake forms from the bounds
 * above, so no sum or product is ever rounded. The largest is a variance value: a figure (40 + 12
 * digits) times a unit cost (18 + 12) has 82 significant digits; summed over a million lines, 89.
 * A quantity times a pack factor has at most 18 + 12 + 12 + 12 = 54. Only divisions (percents,
 * ratios) round, and they are rounded to a stated number of places anyway.
 */
export const DECIMAL_PRECISION = 120;

/** A private decimal.js constructor so a caller's global Decimal settings cannot change results. */
export const D = Decimal.clone({ precision: DECIMAL_PRECISION, rounding: Decimal.ROUND_HALF_EVEN, toExpNeg: -DECIMAL_PRECISION, toExpPos: DECIMAL_PRECISION });
/** The decimal type used inside the engine. */
export type Dec = InstanceType<typeof D>;

const digits = (integer: number) => `(0|[1-9]\\d{0,${integer - 1}})(\\.\\d{1,${MAX_FRACTION_DIGITS}})?`;
const DECIMAL_PATTERN = new RegExp(`^-?${digits(MAX_FIGURE_INTEGER_DIGITS)}$`);
const UNSIGNED_PATTERN = new RegExp(`^${digits(MAX_INTEGER_DIGITS)}$`);
const PACK_FACTOR_PATTERN = new RegExp(`^${digits(MAX_PACK_FACTOR_INTEGER_DIGITS)}$`);

/** A signed decimal string with up to 40 integer and 12 fractional digits: a figure such as a variance. */
export const decimalStringSchema = z.string().regex(DECIMAL_PATTERN, 'Expected a decimal string such as "12.5" (up to 40 integer and 12 fractional digits)');

/** A decimal string greater than zero, with up to 18 integer and 12 fractional digits. */
export const positiveDecimalSchema = z
  .string()
  .regex(UNSIGNED_PATTERN, { message: 'Expected a positive decimal string such as "12.5" (up to 18 integer and 12 fractional digits)', abort: true })
  .refine((value) => new D(value).gt(0), 'Expected a quantity greater than zero');

/** A decimal string greater than or equal to zero, with up to 18 integer and 12 fractional digits. */
export const nonNegativeDecimalSchema = z
  .string()
  .regex(UNSIGNED_PATTERN, 'Expected a non-negative decimal string such as "2.50" (up to 18 integer and 12 fractional digits)');

/** A pack factor: base units per pack, greater than zero, with up to 12 integer and 12 fractional digits. */
export const packFactorSchema = z
  .string()
  .regex(PACK_FACTOR_PATTERN, { message: 'Expected a pack factor such as "12" (up to 12 integer and 12 fractional digits)', abort: true })
  .refine((value) => new D(value).gt(0), 'Expected a pack factor greater than zero');

/**
 * The canonical form of a decimal string: equal decimals (`"5"`, `"5.0"`, `"5.00"`) give the same
 * text, so they are the same payload for idempotency.
 *
 * @param value - a decimal string
 * @returns its canonical form
 * @example
 * ```ts
 * canonicalDecimal('5.0'); // '5'
 * ```
 */
export function canonicalDecimal(value: DecimalString): DecimalString {
  return formatDecimal(new D(value));
}

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
