/**
 * `evaluateInventorySample`: from a sample's counts to an estimate of the whole stock's value, its
 * error with a confidence interval, and a decision on the book.
 *
 * @module
 */
import { parseInput, type DeepReadonly } from '../../validate.js';
import { evaluateMus } from './evaluate-mus.js';
import { evaluateStratified } from './evaluate-stratified.js';
import { auditSample } from './results.js';
import { sampleResultsSchema, type SampleResult } from './schemas.js';
import { readPlan } from './trusted.js';
import type { InventorySampleEvaluation, InventorySamplePlan } from './types.js';

/**
 * Evaluates a counted sample. Each key's audited value is its planned book value plus its count
 * difference (counted − expected, where expected defaults to the planned book), so stock moved
 * between planning and counting is not taken for an error; money is summed exactly.
 *
 * - `stratified`: the estimated audited value by the plan's estimator (mean per unit, difference
 *   or combined ratio; the other two are given for comparison), the error (estimate − book) and
 *   its two-sided interval `error ± z × SE` at the plan's confidence. Accept when the interval lies
 *   within ±TE.
 * - `mus`: the upper error limits for overstatement and understatement (Stringer bound: known
 *   error of the top stratum + basic precision + projected error + incremental allowance), the
 *   projected error as the point estimate and `[−overstatement limit, +understatement limit]` as
 *   the interval. Accept when both limits are within TE.
 *
 * When it rejects, the decision says whether to count more (the most likely error is within
 * tolerance, the bound is not; with a suggested sample size) or to count everything.
 *
 * @param plan - the plan the sample was drawn by
 * @param results - one result per sampled key: `countedQty` (keys planned by quantity and unit
 *   cost) or `countedValue`, optionally with the book at the count (`expectedQty` /
 *   `expectedValue`); see `sampleResultsFromCount` to build them from a count session
 * @returns the estimate, the interval, the decision and the figures behind them
 * @throws StocktakeError `invalid_input` for a bad plan (path under `plan`), a result for a key
 *   not in the sample, a quantity for a key planned by value, or sampled keys without a result
 *   (path `results`, `details.missing`)
 * @example
 * ```ts
 * const evaluation = evaluateInventorySample(plan, [
 *   { key: { sku: 'A-100', location: 'WH1/A/01' }, countedQty: '40' },
 *   { key: { sku: 'B-200', location: 'WH1/B/07' }, countedQty: '12', expectedQty: '15' },
 *   // … one per sampled key
 * ]);
 * evaluation.decision.verdict; // 'accept' or 'reject'
 * evaluation.interval; // { lower: '-41874.12', upper: '12000.00' }
 * ```
 */
export function evaluateInventorySample(
  plan: DeepReadonly<InventorySamplePlan>,
  results: ReadonlyArray<DeepReadonly<SampleResult>>,
): InventorySampleEvaluation {
  const parsedPlan = readPlan(plan);
  const parsedResults = parseInput(sampleResultsSchema, results, ['results']);
  const audited = auditSample(parsedPlan, parsedResults);
  return parsedPlan.method === 'mus' ? evaluateMus(parsedPlan, audited) : evaluateStratified(parsedPlan, audited);
}
