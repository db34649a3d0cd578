/**
 * zod schemas of every input of inventory sampling. Each public function validates its input with
 * these and throws a `StocktakeError` (`invalid_input`, with the path of the first bad field);
 * they are exported so an ERP can validate at its own edge or emit JSON Schema.
 *
 * @module
 */
import * as z from 'zod';
import { textSchema } from '../../text.js';
import { stockKeySchema } from '../../ledger/key.js';
import { decimalStringSchema, nonNegativeDecimalSchema, positiveDecimalSchema } from '../../quantity/decimal.js';
import { seedSchema } from '../schemas.js';
import { keyIdOf } from './population.js';
import { isMusConfidence, MUS_CONFIDENCE_LEVELS } from './tables.js';

/** The most keys a population may hold (the most a count scope by keys accepts). */
export const MAX_SAMPLE_POPULATION = 1_000_000;

/** Adds an issue for every key seen before, at `[index, 'key']`. */
function uniqueKeys(items: ReadonlyArray<{ key: z.infer<typeof stockKeySchema> }>, ctx: z.RefinementCtx): void {
  const seen = new Set<string>();
  items.forEach((item, i) => {
    const id = keyIdOf(item.key);
    if (seen.has(id)) ctx.addIssue({ code: 'custom', message: 'Duplicate stock key', path: [i, 'key'] });
    seen.add(id);
  });
}

/**
 * A key of the population: its book value, or its book quantity and unit cost (then the value is
 * their product, exactly). A negative book value is allowed: such keys are always counted.
 */
export const samplePopulationMemberSchema = z
  .object({
    key: stockKeySchema,
    bookQty: decimalStringSchema.optional(),
    unitCost: nonNegativeDecimalSchema.optional(),
    bookValue: decimalStringSchema.optional(),
  })
  .strict()
  .superRefine((member, ctx) => {
    const byQty = member.bookQty !== undefined || member.unitCost !== undefined;
    if (member.bookValue !== undefined && byQty) {
      ctx.addIssue({ code: 'custom', message: 'Give bookValue, or bookQty and unitCost, not both', path: ['bookValue'] });
    } else if (member.bookValue === undefined && member.bookQty === undefined) {
      ctx.addIssue({ code: 'custom', message: 'Give bookValue, or bookQty and unitCost', path: ['bookQty'] });
    } else if (member.bookValue === undefined && member.unitCost === undefined) {
      ctx.addIssue({ code: 'custom', message: 'A book quantity needs its unit cost', path: ['unitCost'] });
    }
  });

/** A tolerable error: an amount (decimal string > 0) or a share of the population's book value. */
export const tolerableErrorSchema = z.union([
  positiveDecimalSchema,
  z.object({ share: z.number().gt(0).lte(1) }).strict(),
]);

/** An expected error: an amount (decimal string ≥ 0) or a share of the population's book value. */
export const expectedErrorSchema = z.union([
  nonNegativeDecimalSchema,
  z.object({ share: z.number().min(0).lt(1) }).strict(),
]);

const commonOptions = {
  population: z
    .array(samplePopulationMemberSchema)
    .min(1, { message: 'The population is empty' })
    .max(MAX_SAMPLE_POPULATION)
    .superRefine(uniqueKeys),
  tolerableError: tolerableErrorSchema,
  expectedError: expectedErrorSchema.optional(),
  seed: seedSchema,
  decimals: z.number().int().min(0).max(12).optional(),
};

/** Options of a stratified plan. */
export const stratifiedSampleOptionsSchema = z
  .object({
    method: z.literal('stratified'),
    ...commonOptions,
    confidence: z.number().min(0.5).max(0.9999),
    estimator: z.enum(['mpu', 'difference', 'ratio']).optional(),
    strata: z.number().int().min(1).max(50).optional(),
    topStratumThreshold: positiveDecimalSchema.optional(),
    minPerStratum: z.number().int().min(2).max(10_000).optional(),
    incorrectRejectionRisk: z.number().min(0.01).max(0.5).optional(),
    relativeErrorSd: z.number().gt(0).max(100).optional(),
  })
  .strict();

/** Options of a monetary-unit sampling plan. */
export const musSampleOptionsSchema = z
  .object({
    method: z.literal('mus'),
    ...commonOptions,
    confidence: z.number().refine(isMusConfidence, {
      message: `MUS confidence must be one of the guide's levels: ${MUS_CONFIDENCE_LEVELS.join(', ')}`,
    }),
  })
  .strict();

/** Options of `planInventorySample`. */
export const planInventorySampleOptionsSchema = z.discriminatedUnion('method', [
  stratifiedSampleOptionsSchema,
  musSampleOptionsSchema,
]);

const sampledKeySchema = z
  .object({
    key: stockKeySchema,
    stratum: textSchema.min(1),
    bookValue: decimalStringSchema,
    bookQty: decimalStringSchema.optional(),
    unitCost: nonNegativeDecimalSchema.optional(),
    inclusionProbability: z.number().gt(0).lte(1),
    hits: z.number().int().min(1).optional(),
  })
  .strict();

const stratumSchema = z
  .object({
    id: textSchema.min(1),
    kind: z.enum(['census', 'sampled', 'unsampled']),
    lowerBound: decimalStringSchema,
    upperBound: decimalStringSchema,
    keys: z.number().int().min(0),
    bookValue: decimalStringSchema,
    sampleSize: z.number().int().min(0),
    planningSd: nonNegativeDecimalSchema.optional(),
  })
  .strict();

const planBase = {
  version: z.literal(1),
  seed: seedSchema,
  decimals: z.number().int().min(0).max(12),
  population: z
    .object({
      keys: z.number().int().min(1),
      bookValue: decimalStringSchema,
      zeroValueKeys: z.number().int().min(0),
      negativeValueKeys: z.number().int().min(0),
    })
    .strict(),
  tolerableError: positiveDecimalSchema,
  expectedError: nonNegativeDecimalSchema,
  sampleSize: z.number().int().min(0),
  keysToCount: z.number().int().min(0),
  derivation: z
    .object({ formula: textSchema, values: z.record(textSchema, textSchema), steps: z.array(textSchema) })
    .strict(),
  strata: z.array(stratumSchema).min(1),
  sample: z.array(sampledKeySchema).superRefine(uniqueKeys),
};

/**
 * A plan's sample must agree with its strata: every sampled key in a stratum of the plan, every
 * key of a census stratum sampled, a sampled stratum's size equal to its keys in the sample (at
 * least 2 in a stratified plan, to estimate its variance), nothing drawn from an unsampled one.
 */
function consistentPlan(
  plan: {
    method: string;
    strata: ReadonlyArray<{ id: string; kind: string; keys: number; sampleSize: number }>;
    sample: ReadonlyArray<{ stratum: string }>;
  },
  ctx: z.RefinementCtx,
): void {
  const counts = new Map(plan.strata.map((s) => [s.id, 0]));
  plan.sample.forEach((s, i) => {
    const count = counts.get(s.stratum);
    if (count === undefined) ctx.addIssue({ code: 'custom', message: `Unknown stratum ${s.stratum}`, path: ['sample', i, 'stratum'] });
    else counts.set(s.stratum, count + 1);
  });
  plan.strata.forEach((s, i) => {
    const drawn = counts.get(s.id) ?? 0;
    const expected = s.kind === 'census' ? s.keys : s.kind === 'unsampled' ? 0 : s.sampleSize;
    if (drawn !== expected || drawn !== s.sampleSize) {
      ctx.addIssue({ code: 'custom', message: `Stratum ${s.id} lists ${drawn} sampled keys, not ${expected}`, path: ['strata', i, 'sampleSize'] });
    } else if (plan.method === 'stratified' && s.kind === 'sampled' && drawn < 2) {
      ctx.addIssue({ code: 'custom', message: `Sampled stratum ${s.id} needs at least 2 keys`, path: ['strata', i, 'sampleSize'] });
    } else if (s.kind === 'sampled' && drawn >= s.keys && plan.method === 'stratified') {
      ctx.addIssue({ code: 'custom', message: `Stratum ${s.id} draws all its keys: it is a census stratum`, path: ['strata', i, 'kind'] });
    } else if (drawn > s.keys) {
      ctx.addIssue({ code: 'custom', message: `Stratum ${s.id} draws more keys than it has`, path: ['strata', i, 'sampleSize'] });
    }
  });
}

/** A plan as `planInventorySample` returns it (validated again when it comes back to be evaluated). */
export const inventorySamplePlanSchema = z.discriminatedUnion('method', [
  z
    .object({
      method: z.literal('stratified'),
      ...planBase,
      confidence: z.number().min(0.5).max(0.9999),
      estimator: z.enum(['mpu', 'difference', 'ratio']),
      incorrectRejectionRisk: z.number().min(0.01).max(0.5),
      topStratumThreshold: positiveDecimalSchema.optional(),
    })
    .strict()
    .superRefine(consistentPlan),
  z
    .object({
      method: z.literal('mus'),
      ...planBase,
      confidence: z.number().refine(isMusConfidence, { message: 'Not a MUS confidence level' }),
      mus: z
        .object({
          interval: positiveDecimalSchema,
          start: nonNegativeDecimalSchema,
          bookValue: positiveDecimalSchema,
          confidenceFactor: positiveDecimalSchema,
          expansionFactor: positiveDecimalSchema,
        })
        .strict(),
    })
    .strict()
    .superRefine(consistentPlan),
]);

/**
 * The count of one sampled key: the counted quantity (for keys planned by quantity and unit cost)
 * or the counted value. `expectedQty` / `expectedValue` is the book at the count (the review's
 * `expected`) when stock moved since the plan; the audited value is then the planned book value
 * plus the count difference, so movements between planning and counting are not taken for errors.
 */
export const sampleResultSchema = z
  .object({
    key: stockKeySchema,
    countedQty: nonNegativeDecimalSchema.optional(),
    expectedQty: decimalStringSchema.optional(),
    countedValue: nonNegativeDecimalSchema.optional(),
    expectedValue: decimalStringSchema.optional(),
  })
  .strict()
  .superRefine((result, ctx) => {
    if ((result.countedQty === undefined) === (result.countedValue === undefined)) {
      ctx.addIssue({ code: 'custom', message: 'Give countedQty or countedValue (one of them)', path: ['countedQty'] });
    }
    if (result.expectedQty !== undefined && result.countedQty === undefined) {
      ctx.addIssue({ code: 'custom', message: 'expectedQty goes with countedQty', path: ['expectedQty'] });
    }
    if (result.expectedValue !== undefined && result.countedValue === undefined) {
      ctx.addIssue({ code: 'custom', message: 'expectedValue goes with countedValue', path: ['expectedValue'] });
    }
  });

/** The results passed to `evaluateInventorySample`: one per sampled key. */
export const sampleResultsSchema = z.array(sampleResultSchema).superRefine(uniqueKeys);

export type {
  InventorySamplePlanInput,
  MusSampleOptions,
  MusSamplePlanInput,
  PlanInventorySampleOptions,
  SampleDerivationInput,
  SampledKeyInput,
  SampleErrorShare,
  SampleOptionsBase,
  SamplePlanBaseInput,
  SamplePopulationInput,
  SamplePopulationMember,
  SampleResult,
  SampleStratumInput,
  StratifiedSampleOptions,
  StratifiedSamplePlanInput,
} from './inputs.js';
