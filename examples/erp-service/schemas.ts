/**
 * The service's own request schemas: batch envelopes and query strings. Bodies of single
 * commands use the library's exported schemas directly.
 */
import { idSchema, instantSchema, locationIdSchema, recordEntryInputSchema } from 'stocktake';
import * as z from 'zod';

/** The most entries one batch may carry. */
export const MAX_BATCH = 1000;

/** `POST /counts/{id}/entries`: what a handheld sends when it comes back online. */
export const entriesBatchSchema = z
  .object({ entries: z.array(recordEntryInputSchema).min(1).max(MAX_BATCH) })
  .strict()
  .meta({ description: 'Count entries in the order they were observed; each is recorded on its own (idempotent by entryId).' });

/** The envelope of a batch, checked before each entry is validated on its own. */
export const entriesEnvelopeSchema = z.object({ entries: z.array(z.unknown()).min(1).max(MAX_BATCH) }).strict();

const booleanString = z.enum(['true', 'false']).transform((value) => value === 'true');

/** `GET /balances` query. */
export const balancesQuerySchema = z
  .object({
    sku: idSchema.optional(),
    location: locationIdSchema.optional(),
    lot: idSchema.optional(),
    asOf: instantSchema.optional(),
    includeZero: booleanString.optional(),
  })
  .strict();

/** `GET /on-hand` query. */
export const onHandQuerySchema = z
  .object({
    sku: idSchema,
    location: locationIdSchema,
    lot: idSchema.optional(),
    serial: idSchema.optional(),
    asOf: instantSchema.optional(),
  })
  .strict();

/** `GET /movements` query. */
export const movementsQuerySchema = z
  .object({
    sku: idSchema.optional(),
    location: locationIdSchema.optional(),
    afterSeq: z.coerce.number().int().min(0).optional(),
    limit: z.coerce.number().int().min(1).max(1000).default(100),
  })
  .strict();

const countStates = ['draft', 'counting', 'reviewing', 'approved', 'posted', 'cancelled'] as const;

/** `GET /counts` query: `state` is a comma-separated list. */
export const countsQuerySchema = z
  .object({
    state: z
      .string()
      .transform((value) => value.split(',').filter((s) => s !== ''))
      .pipe(z.array(z.enum(countStates)))
      .optional(),
  })
  .strict();

/** `GET /locations` query. */
export const locationsQuerySchema = z.object({ subtree: locationIdSchema.optional() }).strict();

/** `GET /metrics` query: a period and a flat grouping (`by`, and for `location` a `depth` and `subtree`). */
export const metricsQuerySchema = z
  .object({
    from: instantSchema,
    to: instantSchema,
    by: z.enum(['all', 'item', 'abcClass', 'counter', 'location']).default('all'),
    depth: z.coerce.number().int().min(1).max(20).optional(),
    subtree: locationIdSchema.optional(),
  })
  .strict();
