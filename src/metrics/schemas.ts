/**
 * Input of `metrics.compute`.
 *
 * @module
 */
import * as z from 'zod';
import { locationIdSchema } from '../catalog/schemas.js';
import { instantSchema, type InstantInput } from '../time.js';

/** How to group: `all`, `item`, `abcClass`, `counter`, or `location` with a depth and a subtree. */
export const metricsGroupBySchema = z.union([
  z.object({ by: z.enum(['all', 'item', 'abcClass', 'counter']) }).strict(),
  z.object({ by: z.literal('location'), depth: z.number().int().min(1).max(20).optional(), subtree: locationIdSchema.optional() }).strict(),
]);

/** Input of `metrics.compute`. */
export const metricsInputSchema = z
  .object({
    /** Start of the period (inclusive). */
    from: instantSchema,
    /** End of the period (inclusive). */
    to: instantSchema,
    /** Grouping; `{ by: 'all' }` when omitted. */
    groupBy: metricsGroupBySchema.default({ by: 'all' }),
    /** Days without movement from which stock is slow-moving; 90 by default. */
    slowMovingDays: z.number().int().min(1).max(36_500).default(90),
    /** Days without movement from which stock is dead; 365 by default. */
    deadStockDays: z.number().int().min(1).max(36_500).default(365),
    /** How many riskiest skus to list per group; 10 by default. */
    top: z.number().int().min(1).max(10_000).default(10),
  })
  .strict()
  .refine((input) => input.from <= input.to, { message: '"from" is after "to"', path: ['to'] })
  .refine((input) => input.slowMovingDays < input.deadStockDays, { message: 'slowMovingDays must be below deadStockDays', path: ['deadStockDays'] });

/** How `metrics.compute` groups its figures (input of `groupBy`). */
export type MetricsGroupByInput =
  | { by: 'all' | 'item' | 'abcClass' | 'counter' }
  | {
      by: 'location';
      /** Group by the first `depth` segments of the location path (1–20). */
      depth?: number | undefined;
      /** Only locations in this subtree. */
      subtree?: string | undefined;
    };

/** Input of `metrics.compute`. */
export interface MetricsInput {
  /** Start of the period (inclusive). */
  from: InstantInput;
  /** End of the period (inclusive), not before `from`. */
  to: InstantInput;
  /** Grouping; `{ by: 'all' }` when omitted. */
  groupBy?: MetricsGroupByInput | undefined;
  /** Days without movement from which stock is slow-moving (1–36 500); 90 by default. */
  slowMovingDays?: number | undefined;
  /** Days without movement from which stock is dead, above `slowMovingDays`; 365 by default. */
  deadStockDays?: number | undefined;
  /** How many riskiest skus to list per group (1–10 000); 10 by default. */
  top?: number | undefined;
}
