/**
 * Input schemas of count sessions.
 *
 * @module
 */
import * as z from 'zod';
import { abcClassSchema, idSchema, locationIdSchema } from '../catalog/schemas.js';
import { stockKeySchema } from '../ledger/key.js';
import { nonNegativeDecimalSchema } from '../quantity/decimal.js';
import { uomSchema } from '../quantity/units.js';
import { textSchema } from '../text.js';
import { instantSchema } from '../time.js';
import { inventorySamplePlanSchema } from '../policy/sampling/schemas.js';

/** Limits within which a variance is accepted; every limit given must hold. */
export const toleranceRuleSchema = z
  .object({
    qty: nonNegativeDecimalSchema.optional(),
    percent: nonNegativeDecimalSchema.optional(),
    value: nonNegativeDecimalSchema.optional(),
  })
  .strict();

/** What a session counts: location subtrees, skus, ABC classes or keys (at least one), combined. */
export const countScopeSchema = z
  .object({
    locations: z.array(locationIdSchema).max(10_000).optional(),
    skus: z.array(idSchema).max(100_000).optional(),
    abcClasses: z.array(abcClassSchema).max(3).optional(),
    keys: z.array(stockKeySchema).max(1_000_000).optional(),
  })
  .strict()
  .refine(
    (scope) => (scope.locations?.length ?? 0) + (scope.skus?.length ?? 0) + (scope.keys?.length ?? 0) + (scope.abcClasses?.length ?? 0) > 0,
    { message: 'A scope names locations, skus, ABC classes or keys' },
  );

/** How round-one tasks are cut: one per zone, or a number of groups with balanced key counts. */
export const taskSplitSchema = z.discriminatedUnion('by', [
  z.object({ by: z.literal('zone'), depth: z.number().int().min(1).max(10).default(2) }).strict(),
  z.object({ by: z.literal('balanced'), count: z.number().int().min(1).max(1000) }).strict(),
]);

/** Input of `counts.open`. */
export const openCountInputSchema = z
  .object({
    id: idSchema.optional(),
    name: textSchema.max(200).optional(),
    scope: countScopeSchema,
    mode: z.enum(['full', 'cycle', 'spot']).default('full'),
    purpose: z.enum(['regular', 'baseline']).default('regular'),
    blind: z.boolean().default(true),
    movementPolicy: z.enum(['live', 'freeze']).default('live'),
    recount: z.enum(['auto', 'manual']).default('auto'),
    maxRounds: z.number().int().min(1).max(10).default(3),
    tolerance: toleranceRuleSchema.optional(),
    tasks: taskSplitSchema.default({ by: 'zone', depth: 2 }),
    counters: z.array(idSchema).max(1000).default([]),
    /** Teams by id with their members; a team id in `counters` assigns a task to the whole team. */
    teams: z.record(idSchema, z.array(idSchema).min(1).max(100)).default({}),
    draft: z.boolean().default(false),
    /**
     * The statistical sample the session counts (a plan of `planInventorySample`, as
     * `scopeFromSample` passes it): the report then states the estimate, the interval and the
     * decision.
     */
    sample: inventorySamplePlanSchema.optional(),
    actor: idSchema,
  })
  .strict();

/** Input of `counts.record`: one observation. Give `key`, or `sku` and `location` (and lot/serial). */
export const recordEntryInputSchema = z
  .object({
    entryId: idSchema,
    key: stockKeySchema.optional(),
    sku: idSchema.optional(),
    location: locationIdSchema.optional(),
    lot: idSchema.optional(),
    serial: idSchema.optional(),
    /** Expiry date printed on the goods (e.g. GS1 AI 17), as `YYYY-MM-DD`. */
    expiry: z.iso.date().optional(),
    qty: nonNegativeDecimalSchema,
    uom: uomSchema.optional(),
    countedAt: instantSchema,
    counter: idSchema,
    device: textSchema.max(200).optional(),
    task: idSchema.optional(),
    evidence: z.array(textSchema.url().max(2000)).max(20).optional(),
    source: z
      .object({ eventId: idSchema, raw: textSchema.max(4000), symbology: textSchema.max(8).optional() })
      .strict()
      .optional(),
    /** A remark kept with the entry, e.g. what a scanned barcode carried that the item does not track. */
    note: textSchema.max(500).optional(),
  })
  .strict()
  .superRefine((entry, ctx) => {
    const flat = entry.sku !== undefined || entry.location !== undefined;
    if (entry.key !== undefined && (flat || entry.lot !== undefined || entry.serial !== undefined)) {
      ctx.addIssue({ code: 'custom', path: ['key'], message: 'Give either "key" or "sku" and "location", not both' });
    }
    if (entry.key === undefined && (entry.sku === undefined || entry.location === undefined)) {
      ctx.addIssue({ code: 'custom', path: [entry.sku === undefined ? 'sku' : 'location'], message: 'An entry names its sku and location' });
    }
  });

/** Input of `counts.voidEntry`. */
export const voidEntryInputSchema = z
  .object({ entryId: idSchema, target: idSchema, reason: textSchema.min(1).max(500), actor: idSchema, at: instantSchema.optional() })
  .strict();

/** Input of `counts.resolveConflict`: accept a flagged entry into the count, or void it. */
export const resolveConflictInputSchema = z
  .object({ entryId: idSchema, target: idSchema, accept: z.boolean(), actor: idSchema, reason: textSchema.max(500).optional(), at: instantSchema.optional() })
  .strict();

/** Input of `counts.completeLocation`. */
export const completeLocationInputSchema = z.object({ actor: idSchema, at: instantSchema.optional() }).strict();

/** Input of `counts.excludeLocation`. */
export const excludeLocationInputSchema = z
  .object({ actor: idSchema, reason: textSchema.min(1).max(500), at: instantSchema.optional() })
  .strict();

/** Input of `counts.reopenLocation`: a supervisor reopens a location marked in the current round. */
export const reopenLocationInputSchema = z
  .object({ actor: idSchema, reason: textSchema.min(1).max(500), at: instantSchema.optional() })
  .strict();

/**
 * Input of `counts.decide`: a supervisor counts a line at one moment, `at` (now when omitted),
 * which must lie between the session's opening and now.
 */
export const decideInputSchema = z
  .object({
    key: stockKeySchema,
    qty: nonNegativeDecimalSchema,
    actor: idSchema,
    at: instantSchema.optional(),
    note: textSchema.max(500).optional(),
  })
  .strict();

/** Input of `counts.requestRecount`: a supervisor sends keys to another round. */
export const requestRecountInputSchema = z
  .object({ keys: z.array(stockKeySchema).min(1).max(100_000), actor: idSchema, assignee: idSchema.optional() })
  .strict();

/** Input of `counts.review`. */
export const reviewInputSchema = z.object({ actor: idSchema.optional() }).strict();

/** Input of `counts.approve`. */
export const approveInputSchema = z
  .object({
    actor: idSchema,
    reasons: z.array(z.object({ key: stockKeySchema, code: idSchema }).strict()).max(1_000_000).optional(),
    note: textSchema.max(500).optional(),
  })
  .strict();

/** Input of `counts.post`. */
export const postCountInputSchema = z.object({ actor: idSchema }).strict();

/** Input of `counts.cancel`. */
export const cancelCountInputSchema = z.object({ actor: idSchema, reason: textSchema.min(1).max(500) }).strict();

/** Input of `counts.flag`: a counter marks a key for attention (damaged goods, a mixed bin). */
export const flagKeyInputSchema = z
  .object({
    key: stockKeySchema,
    counter: idSchema,
    note: textSchema.max(500).optional(),
    sessionId: idSchema.optional(),
    at: instantSchema.optional(),
  })
  .strict();

export type {
  ApproveInput,
  CancelCountInput,
  CompleteLocationInput,
  CountScopeInput,
  DecideInput,
  EntrySourceInput,
  ExcludeLocationInput,
  FlagKeyInput,
  OpenCountInput,
  PostCountInput,
  RecordEntryInput,
  ReopenLocationInput,
  RequestRecountInput,
  ResolveConflictInput,
  TaskSplitInput,
  ToleranceRuleInput,
  VoidEntryInput,
} from './inputs.js';
