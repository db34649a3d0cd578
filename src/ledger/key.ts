import * as z from 'zod';
import { idSchema, locationIdSchema } from '../catalog/schemas.js';

/** The unit the ledger balances and a count compares: an item at a location, with its lot or serial. */
export interface StockKey {
  /** The item. */
  readonly sku: string;
  /** The location path. */
  readonly location: string;
  /** The lot, for lot-tracked items. */
  readonly lot?: string;
  /** The serial number, for serial-tracked items. */
  readonly serial?: string;
}

/** A stock key as input. */
export const stockKeySchema = z
  .object({
    sku: idSchema,
    location: locationIdSchema,
    lot: idSchema.optional(),
    serial: idSchema.optional(),
  })
  .strict();

/** A stock key as an input accepts it (the shape of {@link stockKeySchema}). */
export interface StockKeyInput {
  /** The item's sku. */
  sku: string;
  /** The location path, e.g. `WH1/A/01`. */
  location: string;
  /** The lot, for lot-tracked items. */
  lot?: string | undefined;
  /** The serial number, for serial-tracked items. */
  serial?: string | undefined;
}

const SEPARATOR = '\u001f';

/**
 * A string that identifies a stock key, for maps and sorting. Two keys are the same key exactly
 * when their ids are equal.
 *
 * @param key - the stock key
 * @returns its id
 * @example
 * ```ts
 * stockKeyId({ sku: 'A-100', location: 'WH1/A/01' });
 * ```
 */
export function stockKeyId(key: StockKey): string {
  return `${key.sku}${SEPARATOR}${key.location}${SEPARATOR}${key.lot ?? ''}${SEPARATOR}${key.serial ?? ''}`;
}

/**
 * Rebuilds a plain key object with only the fields that are set, so keys compare and serialise
 * the same way wherever they came from.
 *
 * @param key - a key, possibly with extra fields
 * @returns the key with `sku`, `location` and, when set, `lot` and `serial`
 * @example
 * ```ts
 * toStockKey(balance); // { sku, location, lot? }
 * ```
 */
export function toStockKey(key: {
  readonly sku: string;
  readonly location: string;
  readonly lot?: string | undefined;
  readonly serial?: string | undefined;
}): StockKey {
  return {
    sku: key.sku,
    location: key.location,
    ...(key.lot === undefined ? {} : { lot: key.lot }),
    ...(key.serial === undefined ? {} : { serial: key.serial }),
  };
}

/**
 * Orders keys by their ids; storage takes balance locks in this order so two writers never wait
 * on each other in a cycle.
 *
 * @param a - a key
 * @param b - another key
 * @returns negative, zero or positive as for `Array.prototype.sort`
 * @example
 * ```ts
 * keys.sort(compareStockKeys);
 * ```
 */
export function compareStockKeys(a: StockKey, b: StockKey): number {
  const x = stockKeyId(a);
  const y = stockKeyId(b);
  return x < y ? -1 : x > y ? 1 : 0;
}
