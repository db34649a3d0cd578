import type { Item } from '../catalog/types.js';
import { D, formatDecimal, type DecimalString } from './decimal.js';
import { finerThanMessage, fitsPrecision } from './units.js';

/** The outcome of converting a quantity to an item's base unit. */
export type ConvertResult =
  | { readonly ok: true; readonly qty: DecimalString }
  | { readonly ok: false; readonly code: 'unknown_uom' | 'invalid_quantity'; readonly message: string };

/**
 * Converts a quantity in the base unit or one of the item's packs to base units, refusing a
 * result that does not fit the base unit's precision (nothing is rounded).
 *
 * @param item - the item
 * @param qty - a decimal string
 * @param uom - the unit of `qty`; the base unit when omitted
 * @returns the base quantity, or why it cannot be converted
 * @example
 * ```ts
 * convertToBase(item, '2', 'case'); // { ok: true, qty: '24' } for a case of 12
 * ```
 */
export function convertToBase(item: Item, qty: DecimalString, uom: string = item.baseUom): ConvertResult {
  let base = new D(qty);
  if (uom !== item.baseUom) {
    const pack = item.packs.find((candidate) => candidate.uom === uom);
    if (!pack) {
      const known = [item.baseUom, ...item.packs.map((p) => p.uom)].map((u) => `"${u}"`).join(', ');
      return { ok: false, code: 'unknown_uom', message: `Item ${item.sku} has no unit "${uom}": its units are ${known}` };
    }
    base = base.times(pack.factor);
  }
  if (!fitsPrecision(base, item.decimals)) {
    return {
      ok: false,
      code: 'invalid_quantity',
      message: finerThanMessage(qty, formatDecimal(base), item.baseUom, item.decimals, uom),
    };
  }
  return { ok: true, qty: formatDecimal(base) };
}
