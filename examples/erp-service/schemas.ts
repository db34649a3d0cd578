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

/** The period `GET /metrics` covers when the query names no `from`: this many days up to `to`. */
export const DEFAULT_METRICS_DAYS = 30;

/**
 * `GET /metrics` query: a period and a flat grouping (`by`, and for `location` a `depth` and
 * `subtree`). Without `to` the period ends now; without `from` it starts {@link DEFAULT_METRICS_DAYS}
 * days before its end.
 */
export const metricsQuerySchema = z
  .object({
    from: instantSchema.optional().meta({ description: `Start of the period; ${DEFAULT_METRICS_DAYS} days before "to" when omitted` }),
    to: instantSchema.optional().meta({ description: 'End of the period; now when omitted' }),
    by: z.enum(['all', 'item', 'abcClass', 'counter', 'location']).default('all'),
    depth: z.coerce.number().int().min(1).max(20).optional(),
    subtree: locationIdSchema.optional(),
  })
  .strict();

/** `POST /counts/{id}/close-round` body: who closes it (the authenticated actor when omitted). */
export const closeRoundInputSchema = z.object({ actor: idSchema.optional() }).strict().meta({ description: 'Who closes the round; the authenticated actor when omitted.' });

/**
 * The period of a metrics query with its defaults filled in.
 *
 * @param period - `from` and `to` as the query gave them
 * @param now - the current time
 * @returns both ends as ISO instants
 */
export function metricsPeriod(period: { from?: string | undefined; to?: string | undefined }, now: Date): { from: string; to: string } {
  const to = period.to ?? now.toISOString();
  const from = period.from ?? new Date(new Date(to).getTime() - DEFAULT_METRICS_DAYS * 86_400_000).toISOString();
  return { from, to };
}
