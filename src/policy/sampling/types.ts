/**
 * The plain data of inventory sampling: plans, results and evaluations. Plans are JSON: store
 * one with the count session it drives and evaluate it days later.
 *
 * @module
 */
import type { StockKey } from '../../ledger/key.js';
import type { DecimalString } from '../../quantity/decimal.js';
import type { Seed } from '../random.js';
import type { MusConfidence } from './tables.js';

/** How a sample is drawn and evaluated: stratified variables sampling or monetary-unit sampling. */
export type SamplingMethod = 'stratified' | 'mus';

/**
 * The estimator of a stratified sample: `mpu` (mean per unit: the counted values alone),
 * `difference` (the mean count difference) or `ratio` (counted to book value, combined over strata).
 */
export type StratifiedEstimator = 'mpu' | 'difference' | 'ratio';

/**
 * What a stratum is: counted completely (`census`), sampled at random (`sampled`), or never
 * drawn (`unsampled`: keys of zero book value under MUS, which selects by book value).
 */
export type StratumKind = 'census' | 'sampled' | 'unsampled';

/** A stratum of a plan with the population figures the evaluation projects to. */
export interface SampleStratum {
  /**
   * `top` (book value at or above the threshold or the MUS interval), `negative` (negative book,
   * always counted), `s1` … `sN` (sampled strata by rising book value), `zero` (zero book value),
   * `pps` (the MUS selection below the interval).
   */
  readonly id: string;
  /** Counted completely, sampled, or never drawn. */
  readonly kind: StratumKind;
  /** The smallest book value in the stratum. */
  readonly lowerBound: DecimalString;
  /** The largest book value in the stratum. */
  readonly upperBound: DecimalString;
  /** Keys in the stratum (N). */
  readonly keys: number;
  /** Their book value (X). */
  readonly bookValue: DecimalString;
  /** Keys drawn from it (n): all of them for a census stratum. */
  readonly sampleSize: number;
  /** Stratified plans: the standard deviation the allocation assumed (of book values, or of expected differences). */
  readonly planningSd?: DecimalString;
}

/** One key to count. */
export interface SampledKey {
  /** The stock key. */
  readonly key: StockKey;
  /** The stratum it was drawn from. */
  readonly stratum: string;
  /** Its book value when the plan was made. */
  readonly bookValue: DecimalString;
  /** Its book quantity, when the population gave quantity and unit cost. */
  readonly bookQty?: DecimalString;
  /** Its unit cost, when the population gave quantity and unit cost. */
  readonly unitCost?: DecimalString;
  /** The probability that the design draws this key (n/N in its stratum; min(1, value/interval) for MUS). */
  readonly inclusionProbability: number;
  /** MUS: how many selection points fell in the key (more than one only at or above the interval). */
  readonly hits?: number;
}

/** How the sample size was derived: the formula, the values put in it and the steps in words. */
export interface SampleDerivation {
  /** The formula, e.g. `n = ⌈BV × CF / (TE − EE × EF)⌉`. */
  readonly formula: string;
  /** Each symbol of the formula with its value. */
  readonly values: Readonly<Record<string, string>>;
  /** The derivation in sentences an auditor can file. */
  readonly steps: readonly string[];
}

/** The population a plan was drawn from. */
export interface SamplePopulation {
  /** Keys in the population. */
  readonly keys: number;
  /** Their total book value. */
  readonly bookValue: DecimalString;
  /** Keys with zero book value. */
  readonly zeroValueKeys: number;
  /** Keys with negative book value (always counted). */
  readonly negativeValueKeys: number;
}

/** What every plan states. */
export interface SamplePlanBase {
  /** Plan format version, for stored plans. */
  readonly version: 1;
  /** The seed of the draw; the same population, options and seed give the same plan. */
  readonly seed: Seed;
  /** Decimal places of the money figures the evaluation reports. */
  readonly decimals: number;
  /** The population. */
  readonly population: SamplePopulation;
  /** The tolerable error as an amount. */
  readonly tolerableError: DecimalString;
  /** The expected error as an amount. */
  readonly expectedError: DecimalString;
  /** The sample size the formula gives (MUS: selection points; stratified: keys, census strata included). */
  readonly sampleSize: number;
  /** Distinct keys to count. */
  readonly keysToCount: number;
  /** How the size was derived. */
  readonly derivation: SampleDerivation;
  /** The strata. */
  readonly strata: readonly SampleStratum[];
  /** The keys to count, by stratum and key. */
  readonly sample: readonly SampledKey[];
}

/** A stratified plan. */
export interface StratifiedSamplePlan extends SamplePlanBase {
  /** `stratified`. */
  readonly method: 'stratified';
  /** Two-sided confidence of the interval. */
  readonly confidence: number;
  /** The estimator the decision uses. */
  readonly estimator: StratifiedEstimator;
  /** The risk of rejecting a book whose error is the expected error, used to size the sample. */
  readonly incorrectRejectionRisk: number;
  /** Keys at or above this book value were counted completely. */
  readonly topStratumThreshold?: DecimalString;
}

/** A monetary-unit sampling plan. */
export interface MusSamplePlan extends SamplePlanBase {
  /** `mus`. */
  readonly method: 'mus';
  /** One-sided confidence of each upper error limit. */
  readonly confidence: MusConfidence;
  /** The MUS design figures. */
  readonly mus: {
    /** The sampling interval J = BV / n (rounded for display; the evaluation uses BV / n exactly). */
    readonly interval: DecimalString;
    /** The random start in [0, J) of the fixed-interval selection. */
    readonly start: DecimalString;
    /** The book value of the keys with positive book value (the monetary units drawn from). */
    readonly bookValue: DecimalString;
    /** The confidence factor for zero errors (3.00 at 95 %). */
    readonly confidenceFactor: DecimalString;
    /** The expansion factor for expected errors (1.6 at 95 %). */
    readonly expansionFactor: DecimalString;
  };
}

/** A plan of `planInventorySample`. */
export type InventorySamplePlan = StratifiedSamplePlan | MusSamplePlan;

/** A key whose count differs from its book value. */
export interface SampleDifference {
  /** The key. */
  readonly key: StockKey;
  /** Its stratum. */
  readonly stratum: string;
  /** Book value at planning. */
  readonly bookValue: DecimalString;
  /** Audited value: the book value plus the count difference. */
  readonly auditedValue: DecimalString;
  /** Audited minus book value (negative: the book overstates the stock). */
  readonly error: DecimalString;
  /** MUS, below the interval: the error as a share of the book value (a tainting; signed as the error). */
  readonly taint?: DecimalString;
}

/** The verdict and what to do next. */
export interface SampleDecision {
  /** `accept`: the error is within tolerance at the plan's confidence; `reject`: it may not be. */
  readonly verdict: 'accept' | 'reject';
  /**
   * `accept_book`; `count_more` (the most likely error is within tolerance but the bound is not:
   * a larger sample can show it); `count_all` (the most likely error itself exceeds tolerance).
   */
  readonly action: 'accept_book' | 'count_more' | 'count_all';
  /**
   * For `count_more`: the sample size a new plan would need if the sample kept looking like this
   * one (stratified: keys, from the standard error shrinking as 1/√n; MUS: selections, planned
   * with the projected error as the expected error).
   */
  readonly suggestedSampleSize?: number;
  /** The decision in a sentence, with the figures behind it. */
  readonly text: string;
}

/** Something the auditor should read before relying on the evaluation. */
export interface SampleWarning {
  /** A stable code. */
  readonly code: 'few_differences' | 'ratio_undefined' | 'taint_above_one' | 'book_changed';
  /** The same in words. */
  readonly text: string;
}

/** One estimator's projection of a stratified sample. */
export interface StratifiedEstimate {
  /** Estimated audited value of the population. */
  readonly estimatedValue: DecimalString;
  /** Estimated error (audited − book). */
  readonly estimatedError: DecimalString;
  /** Standard error of the estimate. */
  readonly standardError: DecimalString;
  /** Satterthwaite's effective degrees of freedom; `null` when the standard error is zero. */
  readonly degreesOfFreedom: number | null;
  /** Student's t quantile of the interval at those degrees of freedom (1.96 at 95 % for many). */
  readonly quantile: number;
  /** Lower end of the two-sided interval of the error. */
  readonly lower: DecimalString;
  /** Upper end of the two-sided interval of the error. */
  readonly upper: DecimalString;
}

/** Per-stratum figures of a stratified evaluation. */
export interface StratumEvaluation {
  /** The stratum. */
  readonly id: string;
  /** Census or sampled. */
  readonly kind: StratumKind;
  /** Keys in the stratum (N). */
  readonly keys: number;
  /** Keys counted (n). */
  readonly counted: number;
  /** Book value of the stratum (X). */
  readonly bookValue: DecimalString;
  /** Book value of the counted keys. */
  readonly sampleBookValue: DecimalString;
  /** Audited value of the counted keys. */
  readonly sampleAuditedValue: DecimalString;
  /** Counted keys with a difference. */
  readonly differences: number;
  /** The stratum's error projected by the plan's estimator (exact for a census stratum). */
  readonly estimatedError: DecimalString;
}

/** Figures behind a MUS upper error limit (overstatement or understatement). */
export interface MusBound {
  /** Errors in this direction below the interval. */
  readonly errors: number;
  /** Known error in the top stratum (counted completely, no sampling risk). */
  readonly knownError: DecimalString;
  /** Basic precision: CF(0) × J. */
  readonly basicPrecision: DecimalString;
  /** Projected error: Σ taint × J. */
  readonly projectedError: DecimalString;
  /** Incremental allowance: Σ (CF(i) − CF(i−1) − 1) × taint(i) × J, taints in falling order. */
  readonly incrementalAllowance: DecimalString;
  /** Upper error limit: known + basic precision + projected + incremental allowance (Stringer bound). */
  readonly upperLimit: DecimalString;
}

/** What every evaluation states. */
export interface SampleEvaluationBase {
  /** Keys counted. */
  readonly keysCounted: number;
  /** Counted keys whose audited value differs from the book. */
  readonly keysWithDifference: number;
  /** Book value of the population. */
  readonly bookValue: DecimalString;
  /** Estimated audited value of the population. */
  readonly estimatedValue: DecimalString;
  /** Point estimate of the error (audited − book; negative: the book overstates the stock). */
  readonly estimatedError: DecimalString;
  /** Interval of the error: two-sided at the plan's confidence (MUS: −overstatement limit … +understatement limit). */
  readonly interval: { readonly lower: DecimalString; readonly upper: DecimalString };
  /** The plan's tolerable error. */
  readonly tolerableError: DecimalString;
  /** The decision. */
  readonly decision: SampleDecision;
  /** The counted keys with a difference, largest error first. */
  readonly differences: readonly SampleDifference[];
  /** What to read before relying on the result. */
  readonly warnings: readonly SampleWarning[];
}

/** The evaluation of a stratified sample. */
export interface StratifiedSampleEvaluation extends SampleEvaluationBase {
  /** `stratified`. */
  readonly method: 'stratified';
  /** The plan's confidence. */
  readonly confidence: number;
  /** The estimator that gives the point estimate (the plan's; difference when the ratio is undefined). */
  readonly estimator: StratifiedEstimator;
  /**
   * What the interval is: the estimator's (`estimator`), or the wider of the estimator's and the
   * mean-per-unit interval (`wider_with_mpu`) when too few differences were found to trust the
   * difference or ratio interval alone.
   */
  readonly intervalBasis: 'estimator' | 'wider_with_mpu';
  /** All three estimators, for comparison (ratio is absent when the sampled book value is zero). */
  readonly estimates: { readonly mpu: StratifiedEstimate; readonly difference: StratifiedEstimate; readonly ratio?: StratifiedEstimate };
  /** Per-stratum figures. */
  readonly strata: readonly StratumEvaluation[];
}

/** The evaluation of a MUS sample. */
export interface MusSampleEvaluation extends SampleEvaluationBase {
  /** `mus`. */
  readonly method: 'mus';
  /** The plan's confidence. */
  readonly confidence: MusConfidence;
  /** The sampling interval J used (exact BV / n, rounded for display). */
  readonly samplingInterval: DecimalString;
  /** The overstatement limit (book above counts: shrinkage). */
  readonly overstatement: MusBound;
  /** The understatement limit (counts above book). */
  readonly understatement: MusBound;
}

/** An evaluation of `evaluateInventorySample`. */
export type InventorySampleEvaluation = StratifiedSampleEvaluation | MusSampleEvaluation;
