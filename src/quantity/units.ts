/**
 * Units of measure and their precision.
 *
 * @module
 */
import * as z from 'zod';
import { StocktakeError } from '../errors.js';
import { formatDecimal, type Dec, type DecimalString } from './decimal.js';

/** Decimal places allowed per unit of measure, e.g. `{ ea: 0, kg: 3 }`. */
export type UnitPrecisions = Readonly<Record<string, number>>;

/** The units every engine knows; `createStocktake({ units })` adds to or overrides them. */
export const defaultUnits: UnitPrecisions = { ea: 0, pc: 0, kg: 3, g: 3, t: 3, l: 3, ml: 3, m: 3, m2: 3, m3: 3 };

/** A unit of measure code: letters, digits, `_`, `-` and `.`, up to 16 characters. */
export const uomSchema = z
  .string()
  .regex(/^[A-Za-z0-9_.-]{1,16}$/, 'Expected a unit code such as "ea" or "case"');

/** The precision table accepted by `createStocktake({ units })`. */
export const unitPrecisionsSchema = z.record(uomSchema, z.number().int().min(0).max(12));

/**
 * Tells whether a quantity fits a number of decimal places without rounding.
 *
 * @param qty - the quantity
 * @param decimals - the allowed decimal places
 * @returns true when no digit would be lost
 * @example
 * ```ts
 * fitsPrecision(new D('1.25'), 1); // false
 * ```
 * @internal
 */
export function fitsPrecision(qty: Dec, decimals: number): boolean {
  return qty.decimalPlaces() <= decimals;
}

/**
 * How a quantity too fine for its unit reads: `1.5 is finer than ea allows (0 decimal places)`,
 * or for a quantity entered in another unit `0.05 case is 0.6 ea, finer than ea allows (...)`.
 *
 * @internal
 */
export function finerThanMessage(entered: string, base: DecimalString, baseUom: string, decimals: number, enteredUom: string = baseUom): string {
  const places = `${decimals} decimal place${decimals === 1 ? '' : 's'}`;
  const what = enteredUom === baseUom ? entered : `${entered} ${enteredUom} is ${base} ${baseUom},`;
  return `${what} ${enteredUom === baseUom ? 'is finer' : 'finer'} than ${baseUom} allows (${places})`;
}

/**
 * Checks a quantity against a precision and returns it canonically, or throws
 * `invalid_quantity`: stocktake never rounds a quantity silently.
 *
 * @internal
 */
export function requirePrecision(qty: Dec, decimals: number, uom: string, path: ReadonlyArray<string | number>): DecimalString {
  if (!fitsPrecision(qty, decimals)) {
    throw new StocktakeError('invalid_quantity', finerThanMessage(formatDecimal(qty), formatDecimal(qty), uom, decimals), {
      path,
      details: { qty: formatDecimal(qty), uom, decimals },
    });
  }
  return formatDecimal(qty);
}
