/**
 * GTIN → item and pack resolution, over a structural view of the catalog.
 *
 * @module
 */
import * as z from 'zod';

import { safeParseInput } from '../validate.js';
import { textSchema } from '../text.js';
import { fromZodError, StocktakeError } from '../errors.js';
import { isValidGtin, normalizeGtin } from './gtin.js';

/**
 * The part of an item definition the resolver needs (structurally the core's item): `gtin` is the
 * base unit's GTIN; each pack has a unit, a factor (base units per pack, as a decimal string) and
 * optionally its own GTIN.
 */
export interface ScanCatalogItem {
  /** The item's sku. */
  readonly sku: string;
  /** The base unit of measure (e.g. `each`, `kg`). */
  readonly baseUom: string;
  /** The GTIN of one base unit. */
  readonly gtin?: string;
  /** Packs: a unit, base units per pack as a decimal string, and the pack's own GTIN if it has one. */
  readonly packs?: ReadonlyArray<{ readonly uom: string; readonly factor: string; readonly gtin?: string }>;
  /**
   * What the item's stock is kept by: `none`, `lot` or `serial` (as the core's items say). When
   * given, the scan pipeline keeps only the lot and serial the item tracks.
   */
  readonly tracking?: 'none' | 'lot' | 'serial';
}

/** A GTIN that resolved to an item and a unit. */
export interface ScanResolved {
  readonly ok: true;
  /** The GTIN-14 that was looked up. */
  readonly gtin: string;
  readonly sku: string;
  /** The unit the GTIN stands for: the base unit or a pack's unit. */
  readonly uom: string;
  /** Base units per one of `uom`, as a decimal string (`'1'` for the base unit). */
  readonly factor: string;
  /** The item's tracking, when the catalog gives it. */
  readonly tracking?: 'none' | 'lot' | 'serial';
}

/** A GTIN that did not resolve; never guessed. */
export interface ScanUnresolved {
  readonly ok: false;
  /**
   * `invalid_gtin`: not a GTIN; `unknown_gtin`: no item has it; `unknown_pack`: the GTIN shares
   * its company prefix and item reference with a known item's GTIN but this packaging level
   * (indicator digit) is not registered.
   */
  readonly code: 'invalid_gtin' | 'unknown_gtin' | 'unknown_pack';
  /** The GTIN as looked up (14 digits when it was valid). */
  readonly gtin: string;
  /** For `unknown_pack`: the skus whose GTINs differ only in the indicator digit. */
  readonly candidates?: readonly string[];
}

/** The result of {@link ItemResolver.resolve}. */
export type ScanResolution = ScanResolved | ScanUnresolved;

/** Looks GTINs up in a catalog snapshot. */
export interface ItemResolver {
  /**
   * Resolves a GTIN (8, 12, 13 or 14 digits).
   *
   * @param gtin - the GTIN as scanned
   * @returns the item and unit, or why not
   */
  resolve(gtin: string): ScanResolution;
}

const DECIMAL = /^(?:0|[1-9][0-9]*)(?:\.[0-9]+)?$/;
const gtinSchema = z.string().refine(isValidGtin, 'must be a GTIN-8/12/13/14 with a valid check digit');

/** The zod schema of one {@link ScanCatalogItem}. */
export const scanCatalogItemSchema = z.object({
  sku: textSchema.min(1),
  baseUom: textSchema.min(1),
  gtin: gtinSchema.optional(),
  tracking: z.enum(['none', 'lot', 'serial']).optional(),
  packs: z
    .array(
      z.object({
        uom: textSchema.min(1),
        factor: z
          .string()
          .regex(DECIMAL, 'must be a decimal string')
          .refine((f) => /[1-9]/.test(f), 'must be positive'),
        gtin: gtinSchema.optional(),
      }),
    )
    .optional(),
});

/** The GTIN-14 without indicator and check digit: company prefix plus item reference. */
const itemKey = (gtin14: string): string => gtin14.slice(1, 13);

/**
 * Builds a resolver over a catalog snapshot (any iterable of items; the core's item definitions
 * fit). A base-unit GTIN resolves to the base unit with factor `1`; a pack GTIN to the pack's
 * unit and factor, so a case of 12 counts 12 eaches once the core converts units. The item's
 * tracking comes along when the catalog gives it.
 *
 * @param items - the items, e.g. from the catalog
 * @returns the resolver
 * @throws StocktakeError `invalid_input` for a bad item, or when two items or packs share a GTIN
 * @example
 * ```ts
 * const resolver = createItemResolver([
 *   { sku: 'WIDGET', baseUom: 'each', gtin: '09506000134352', packs: [{ uom: 'case', factor: '12', gtin: '19506000134359' }] },
 * ]);
 * resolver.resolve('19506000134359'); // { ok: true, sku: 'WIDGET', uom: 'case', factor: '12', ... }
 * resolver.resolve('29506000134356'); // { ok: false, code: 'unknown_pack', candidates: ['WIDGET'], ... }
 * ```
 */
export function createItemResolver(items: Iterable<ScanCatalogItem>): ItemResolver {
  if (items === null || typeof items !== 'object' || typeof (items as Iterable<unknown>)[Symbol.iterator] !== 'function') {
    throw new StocktakeError('invalid_input', 'items must be iterable', { path: ['items'] });
  }
  const byGtin = new Map<string, Omit<ScanResolved, 'ok' | 'gtin'>>();
  const byItemKey = new Map<string, Set<string>>();
  let index = 0;
  const add = (gtin: string, entry: Omit<ScanResolved, 'ok' | 'gtin'>, path: ReadonlyArray<string | number>): void => {
    const key = normalizeGtin(gtin) ?? gtin;
    const existing = byGtin.get(key);
    if (existing !== undefined) {
      throw new StocktakeError('invalid_input', `GTIN ${key} is given to both ${existing.sku} (${existing.uom}) and ${entry.sku} (${entry.uom})`, {
        path,
      });
    }
    byGtin.set(key, entry);
    const skus = byItemKey.get(itemKey(key)) ?? new Set<string>();
    skus.add(entry.sku);
    byItemKey.set(itemKey(key), skus);
  };
  for (const raw of items) {
    const checked = safeParseInput(scanCatalogItemSchema, raw, ['items', index]);
    if (!checked.success) throw fromZodError(checked.error, ['items', index]);
    const item = checked.data;
    const tracking = item.tracking === undefined ? {} : { tracking: item.tracking };
    if (item.gtin !== undefined) add(item.gtin, { sku: item.sku, uom: item.baseUom, factor: '1', ...tracking }, ['items', index, 'gtin']);
    (item.packs ?? []).forEach((pack, p) => {
      if (pack.gtin !== undefined) add(pack.gtin, { sku: item.sku, uom: pack.uom, factor: pack.factor, ...tracking }, ['items', index, 'packs', p, 'gtin']);
    });
    index++;
  }
  return {
    resolve(gtin: string): ScanResolution {
      const key = typeof gtin === 'string' ? normalizeGtin(gtin) : undefined;
      if (key === undefined) return { ok: false, code: 'invalid_gtin', gtin: String(gtin) };
      const hit = byGtin.get(key);
      if (hit !== undefined) return { ok: true, gtin: key, ...hit };
      const related = byItemKey.get(itemKey(key));
      if (related !== undefined) return { ok: false, code: 'unknown_pack', gtin: key, candidates: [...related].sort() };
      return { ok: false, code: 'unknown_gtin', gtin: key };
    },
  };
}
