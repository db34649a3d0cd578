/**
 * `scopeFromSample`: the count session that counts a sample.
 *
 * @module
 */
import * as z from 'zod';
import { stockKeyId, type StockKey } from '../../ledger/key.js';
import { parseInput, type DeepReadonly } from '../../validate.js';
import { readPlan } from './trusted.js';
import type { InventorySamplePlan } from './types.js';

/** Options of `scopeFromSample`. */
export const scopeFromSampleOptionsSchema = z.object({ blind: z.boolean().optional() }).strict();

/** The part of `counts.open`'s input that a sample decides; add the actor and anything else. */
export interface SampleCountOptions {
  /**
   * The sampled keys' items and locations, as a scope by keys (resolved when the session opens,
   * never widened). A count scope counts every lot and serial of an item at a location, so lots
   * and serials are dropped here; lines of unsampled lots come back as `outside` from
   * `sampleResultsFromCount`.
   */
  readonly scope: { readonly keys: StockKey[] };
  /** `spot`: a count of chosen keys, not of whole locations. */
  readonly mode: 'spot';
  /** Whether counters see the book quantity; blind unless asked otherwise, so the book cannot steer the count. */
  readonly blind: boolean;
  /** The plan, which the session keeps: its report states the estimate, the interval and the decision. */
  readonly sample: InventorySamplePlan;
}

/**
 * Gives the options of a count session that counts exactly the keys of a sample plan. The session
 * runs as any other; once posted, its review lines are the sample's results (see
 * `sampleResultsFromCount`).
 *
 * @param plan - a plan of `planInventorySample`
 * @param options - `blind: false` to show book quantities to counters (not advised: a sample
 *   proves the book only if the counts are independent of it)
 * @returns the scope, mode and blindness to spread into `counts.open`
 * @throws StocktakeError `invalid_input` when the plan is not a valid plan (path under `plan`)
 * @example
 * ```ts
 * const plan = planInventorySample({ method: 'mus', population, confidence: 0.95, tolerableError: '50000', seed: 7 });
 * const session = await st.counts.open({ ...scopeFromSample(plan), name: 'Year-end sample', actor: 'auditor' });
 * ```
 */
export function scopeFromSample(plan: DeepReadonly<InventorySamplePlan>, options: { readonly blind?: boolean } = {}): SampleCountOptions {
  const parsed = readPlan(plan);
  const { blind } = parseInput(scopeFromSampleOptionsSchema, options, ['options']);
  const keys = new Map(parsed.sample.map((s) => [stockKeyId({ sku: s.key.sku, location: s.key.location }), { sku: s.key.sku, location: s.key.location }]));
  return { scope: { keys: [...keys.values()] }, mode: 'spot', blind: blind ?? true, sample: parsed };
}
