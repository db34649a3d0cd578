/** Running totals: what was counted per item (and lot) at each location, in base units. */
import { Decimal } from 'decimal.js';
import type { ScanCountEntry } from 'stocktake/scanner';
import type { Item } from './api.js';

/** One total line. */
export interface Total {
  readonly location: string;
  readonly sku: string;
  readonly lot?: string;
  readonly qty: string;
  readonly uom: string;
  readonly scans: number;
}

/**
 * The quantity of an entry in the item's base unit (a case of 12 is 12).
 *
 * @returns the quantity as a decimal string
 */
export function baseQty(entry: ScanCountEntry, item: Item | undefined): string {
  const factor = item?.packs?.find((pack) => pack.uom === entry.uom)?.factor;
  return factor === undefined ? entry.qty : new Decimal(entry.qty).times(factor).toFixed();
}

/**
 * Sums the counted entries per location, item and lot.
 *
 * @param entries - the entries that count (not undone, not refused)
 * @param items - the catalog by sku
 * @returns the totals, by location then sku then lot
 */
export function totals(entries: readonly ScanCountEntry[], items: ReadonlyMap<string, Item>): Total[] {
  const sums = new Map<string, { location: string; sku: string; lot?: string; qty: Decimal; uom: string; scans: number }>();
  for (const entry of entries) {
    const item = items.get(entry.sku);
    const key = `${entry.location}\u0000${entry.sku}\u0000${entry.lot ?? ''}`;
    const sum = sums.get(key) ?? { location: entry.location, sku: entry.sku, ...(entry.lot === undefined ? {} : { lot: entry.lot }), qty: new Decimal(0), uom: item?.baseUom ?? entry.uom, scans: 0 };
    sum.qty = sum.qty.plus(baseQty(entry, item));
    sum.scans += 1;
    sums.set(key, sum);
  }
  return [...sums.values()]
    .map((sum) => ({ ...sum, qty: sum.qty.toFixed() }))
    .sort((a, b) => a.location.localeCompare(b.location) || a.sku.localeCompare(b.sku) || (a.lot ?? '').localeCompare(b.lot ?? ''));
}
