/**
 * Input schemas of the catalog: items, locations and custodians. Exported so an ERP can validate
 * at its own edge or emit JSON Schema with `z.toJSONSchema`.
 *
 * @module
 */
import * as z from 'zod';
import { nonNegativeDecimalSchema, packFactorSchema } from '../quantity/decimal.js';
import { uomSchema } from '../quantity/units.js';
import { textSchema } from '../text.js';
import { instantSchema } from '../time.js';

/**
 * An identifier (sku, lot, serial, actor, movement, session, entry, task ids): 1–200 characters
 * of any script, without control characters (NUL included), unpaired surrogates, or leading or
 * trailing white space. Ids compare exactly: `A-1` and `a-1` are two ids, and no Unicode
 * normalisation is applied (normalise before calling if your sources differ).
 */
export const idSchema = textSchema
  .min(1)
  .max(200)
  .regex(/^(?!\s)[^\p{Cc}]*(?<!\s)$/u, {
    message: 'Expected an identifier without control characters or surrounding spaces',
    abort: true,
  });

/**
 * A location path such as `WH1/A/01/3` (warehouse / zone / aisle / bin): an {@link idSchema} id
 * whose `/`-separated segments are each non-empty (so no leading, trailing or doubled `/`),
 * without surrounding white space, and neither `.` nor `..`, so a path names one node and no
 * relative step. Case-sensitive like every id; the parent of `WH1/A/01` is `WH1/A`.
 */
export const locationIdSchema = idSchema.refine(
  (value) => value.split('/').every((segment) => segment.length > 0 && segment.trim() === segment && segment !== '.' && segment !== '..'),
  'Expected a location path such as "WH1/A/01": non-empty segments, none of them "." or ".."',
);

/** A GTIN-8, -12, -13 or -14 as digits (the check digit is validated by the scanner module). */
export const gtinSchema = z.string().regex(/^(\d{8}|\d{12,14})$/, 'Expected a GTIN of 8, 12, 13 or 14 digits');

/** A pack of an item: `factor` base units per pack, e.g. a case of 12 each. */
export const packSchema = z
  .object({
    uom: uomSchema,
    factor: packFactorSchema,
    gtin: gtinSchema.optional(),
  })
  .strict();

/** How an item's units are told apart: not at all, by lot, or one by one by serial number. */
export const trackingSchema = z.enum(['none', 'lot', 'serial']);

/** ABC class of an item. */
export const abcClassSchema = z.enum(['A', 'B', 'C']);

/** Input of `catalog.defineItem`. */
export const itemInputSchema = z
  .object({
    sku: idSchema,
    name: textSchema.max(500).optional(),
    baseUom: uomSchema,
    decimals: z.number().int().min(0).max(12).optional(),
    gtin: gtinSchema.optional(),
    packs: z.array(packSchema).max(20).default([]),
    tracking: trackingSchema.default('none'),
    unitCost: nonNegativeDecimalSchema.optional(),
    abcClass: abcClassSchema.optional(),
    lookAlikes: z.array(idSchema).max(50).default([]),
    allowNegative: z.boolean().default(false),
    /** Who defines it, for the audit log; `system` when omitted. */
    actor: idSchema.optional(),
  })
  .strict()
  .superRefine((item, ctx) => {
    const seen = new Set<string>([item.baseUom]);
    item.packs.forEach((pack, index) => {
      if (seen.has(pack.uom)) {
        ctx.addIssue({ code: 'custom', path: ['packs', index, 'uom'], message: `Unit "${pack.uom}" is used twice` });
      }
      seen.add(pack.uom);
    });
    if (item.lookAlikes.includes(item.sku)) {
      ctx.addIssue({ code: 'custom', path: ['lookAlikes'], message: 'An item cannot be its own look-alike' });
    }
  });

/** Input of `catalog.defineLocation`. */
export const locationInputSchema = z
  .object({
    id: locationIdSchema,
    name: textSchema.max(500).optional(),
    kind: z.enum(['warehouse', 'zone', 'aisle', 'bin', 'other']).optional(),
    /** Who defines it, for the audit log; `system` when omitted. */
    actor: idSchema.optional(),
  })
  .strict();

/** Input of `catalog.assignCustodians`: who answers for a location subtree from a moment on. */
export const custodianInputSchema = z
  .object({
    location: locationIdSchema,
    custodians: z.array(idSchema).max(50),
    from: instantSchema,
    actor: idSchema,
  })
  .strict();

export type { CustodianInput, ItemInput, LocationInput, PackInput } from './inputs.js';
