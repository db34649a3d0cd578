/**
 * `planInventorySample`: which keys to count so that a few hundred counts prove the book right or
 * wrong at a stated confidence.
 *
 * @module
 */
import { parseInput, type DeepReadonly } from '../../validate.js';
import { designMus, drawMus, type MusDesign } from './plan-mus.js';
import { designStratified, drawStratified, type StratifiedDesign } from './plan-stratified.js';
import { planInventorySampleOptionsSchema, type PlanInventorySampleOptions } from './schemas.js';
import type { Seed } from '../random.js';
import { trustPlan } from './trusted.js';
import type { InventorySamplePlan } from './types.js';

/**
 * Plans a statistical inventory sample.
 *
 * - `stratified`: keys are cut into strata by book value (negative and zero values apart, every
 *   key at or above `topStratumThreshold` counted completely, the rest in `strata` strata of about
 *   equal book value); the sample is allocated by Neyman allocation so that the standard error of
 *   the estimate is at most `(TE − EE) / (z_c + z_r)` (z_c: two-sided normal quantile of the
 *   confidence, z_r: two-sided of `incorrectRejectionRisk`, default 0.10), assuming the standard
 *   deviation of book values per stratum, or `relativeErrorSd` × the root mean square book value
 *   for the `difference` and `ratio` estimators; at least `minPerStratum` (default 10) per stratum.
 * - `mus`: n = ⌈BV × CF / (TE − EE × EF)⌉ with the AICPA guide's confidence factor CF for zero
 *   errors and expansion factor EF (95 %: 3.00 and 1.6); fixed-interval selection J = BV / n
 *   from a seeded random start over the keys in a seeded random order, so keys worth J or more
 *   are always counted and every other key with probability value / J.
 *
 * The same population, options and seed give the same plan whatever the order of the keys.
 *
 * @param options - the population (keys with `bookQty` and `unitCost`, or `bookValue`), the
 *   method, the confidence, the tolerable and expected errors (amounts or `{ share }` of the
 *   book value), the seed, and the method's settings
 * @returns the plan: the keys to count with their strata and inclusion probabilities, the sample
 *   size and its derivation; plain JSON (frozen), to be stored with the count session
 * @throws StocktakeError `invalid_input` for a bad option (the path names it), duplicate keys, an
 *   expected error too large for the tolerable error, or a MUS population without positive value
 * @example
 * ```ts
 * const plan = planInventorySample({
 *   method: 'mus',
 *   population: balances.map((b) => ({ key: b, bookQty: b.qty, unitCost: costs.get(b.sku)! })),
 *   confidence: 0.95,
 *   tolerableError: '50000',
 *   seed: 'year-end-2027',
 * });
 * plan.sampleSize; // 60 for a book of 1 000 000: 1 000 000 × 3.00 / 50 000
 * ```
 */
export function planInventorySample(options: DeepReadonly<PlanInventorySampleOptions>): InventorySamplePlan {
  return drawInventorySample(designInventorySample(options), options.seed);
}

/** A plan without its draw: what a population and options decide before the seed does. @internal */
export type InventorySampleDesign = { readonly method: 'mus'; readonly mus: MusDesign } | { readonly method: 'stratified'; readonly stratified: StratifiedDesign };

/**
 * Validates the options and designs the sample (sizes, strata, derivation), without drawing.
 *
 * @internal
 */
export function designInventorySample(options: DeepReadonly<PlanInventorySampleOptions>): InventorySampleDesign {
  const parsed = parseInput(planInventorySampleOptionsSchema, options, ['options']);
  return parsed.method === 'mus' ? { method: 'mus', mus: designMus(parsed) } : { method: 'stratified', stratified: designStratified(parsed) };
}

/**
 * Draws a design with a seed. `planInventorySample(o)` is `drawInventorySample(designInventorySample(o), o.seed)`;
 * simulations design once and draw many times.
 *
 * @internal
 */
export function drawInventorySample(design: InventorySampleDesign, seed: Seed): InventorySamplePlan {
  return trustPlan(design.method === 'mus' ? drawMus(design.mus, seed) : drawStratified(design.stratified, seed));
}
