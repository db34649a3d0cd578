/**
 * The documented shapes of the inputs of inventory sampling. Each is identical to the input type
 * of its zod schema in `schemas.ts` (`test/policy/sampling/input-types.test.ts` checks it), so
 * editors and the API reference show every field with its meaning. Money and quantities are
 * decimal strings, summed exactly.
 *
 * @module
 */
import type { StockKeyInput } from '../../ledger/key.js';
import type { Seed } from '../random.js';

/**
 * A key of a sampling population: its book value, or its book quantity and unit cost (the value is
 * then their product, exactly). Give `bookValue`, or `bookQty` with `unitCost`, not both.
 *
 * A key of negative book value is always counted; a key of zero book value forms the `zero`
 * stratum of a stratified plan and is never drawn by MUS.
 *
 * @example
 * ```ts
 * const byQty: SamplePopulationMember = { key: { sku: 'A-100', location: 'WH1/A/01' }, bookQty: '12', unitCost: '2.75' };
 * const byValue: SamplePopulationMember = { key: { sku: 'B-200', location: 'WH1/A/02' }, bookValue: '1480.00' };
 * ```
 */
export interface SamplePopulationMember {
  /** The stock key; each key at most once in a population. */
  key: StockKeyInput;
  /**
   * The book quantity in base units, a signed decimal string (e.g. `b.qty` of `ledger.balances()`);
   * needs `unitCost`. A key planned by quantity takes `countedQty` results.
   */
  bookQty?: string | undefined;
  /** The cost of one base unit, a decimal string ≥ 0; goes with `bookQty`. */
  unitCost?: string | undefined;
  /**
   * The book value itself, a signed decimal string, instead of `bookQty` and `unitCost`. A key
   * planned by value takes `countedValue` results.
   */
  bookValue?: string | undefined;
}

/**
 * A tolerable or expected error given as a share of the population's book value (the sum over
 * all its keys) instead of an amount.
 */
export interface SampleErrorShare {
  /**
   * The share, e.g. `0.02` for 2 %: greater than 0 and at most 1 for a tolerable error; at least 0
   * and below 1 for an expected error. The plan needs a population of positive book value to
   * resolve it.
   */
  share: number;
}

/** What the options of both methods hold. */
export interface SampleOptionsBase {
  /**
   * The keys to sample from, with their book: 1 to 1 000 000 keys (`MAX_SAMPLE_POPULATION`), each
   * key once, e.g. every key of `ledger.balances()` with its unit cost. The order does not matter.
   */
  population: SamplePopulationMember[];
  /**
   * The largest error in the book that is still acceptable: an amount (a decimal string > 0) or a
   * share of the population's book value. Rounded down to `decimals`; it must not round to zero.
   */
  tolerableError: string | SampleErrorShare;
  /**
   * The error the plan expects to find, which makes the sample larger: an amount (a decimal string
   * ≥ 0) or a share of the population's book value; default 0. Rounded up to `decimals`; it must
   * stay below the tolerable error (MUS: the expected error × the expansion factor must).
   */
  expectedError?: string | SampleErrorShare | undefined;
  /**
   * The seed of the draw: a safe integer or a string, e.g. `'year-end-2027'`. The same population,
   * options and seed give the same plan whatever the order of the keys.
   */
  seed: Seed;
  /** Decimal places of the plan's and the evaluation's money figures, 0 to 12 (default 2). */
  decimals?: number | undefined;
}

/**
 * Options of a stratified plan: keys cut into strata by book value, each stratum sampled at random
 * without replacement, the sample allocated by Neyman allocation.
 *
 * @example
 * ```ts
 * const options: StratifiedSampleOptions = {
 *   method: 'stratified', population, confidence: 0.95, tolerableError: { share: 0.02 },
 *   expectedError: { share: 0.005 }, topStratumThreshold: '5000', seed: 'year-end-2027',
 * };
 * ```
 */
export interface StratifiedSampleOptions extends SampleOptionsBase {
  /** `stratified`. */
  method: 'stratified';
  /** The two-sided confidence of the interval of the error, 0.5 to 0.9999 (e.g. `0.95`). */
  confidence: number;
  /**
   * The estimator of the decision (default `difference`): `mpu` (mean per unit: the counted values
   * alone), `difference` (the mean count difference) or `ratio` (counted to book value, combined
   * over strata). The evaluation reports all three.
   */
  estimator?: 'mpu' | 'difference' | 'ratio' | undefined;
  /**
   * How many strata of about equal total book value the positive keys below
   * `topStratumThreshold` are cut into, 1 to 50 (default 5).
   */
  strata?: number | undefined;
  /**
   * A book value, a decimal string > 0: every key worth this or more is counted completely (the
   * `top` stratum). Default: none.
   */
  topStratumThreshold?: string | undefined;
  /** The fewest keys drawn from a sampled stratum, 2 to 10 000 (default 10); a stratum no larger is counted completely. */
  minPerStratum?: number | undefined;
  /**
   * The risk of rejecting a book whose error is the expected one, 0.01 to 0.5 (default 0.1): the
   * smaller, the larger the sample.
   */
  incorrectRejectionRisk?: number | undefined;
  /**
   * The standard deviation of a key's count difference as a share of its book value, greater than
   * 0 and at most 100 (e.g. from last year's counts: √mean((variance value / book value)²)). With
   * the `difference` or `ratio` estimator the sample is sized by these expected differences
   * (`relativeErrorSd` × the root mean square book value of each stratum) instead of by the
   * spread of book values; `mpu` ignores it. Default: none.
   */
  relativeErrorSd?: number | undefined;
}

/**
 * Options of a monetary-unit sampling plan: every currency unit of the book has the same chance to
 * be drawn, so a key is drawn with a probability proportional to its book value.
 *
 * @example
 * ```ts
 * const options: MusSampleOptions = {
 *   method: 'mus', population, confidence: 0.95, tolerableError: '50000', expectedError: '10000', seed: 7,
 * };
 * ```
 */
export interface MusSampleOptions extends SampleOptionsBase {
  /** `mus`. */
  method: 'mus';
  /**
   * The one-sided confidence of each upper error limit: one of the AICPA guide's levels 0.5,
   * 0.63, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95 or 0.99 (`MUS_CONFIDENCE_LEVELS`).
   */
  confidence: number;
}

/** Options of `planInventorySample`: a stratified or a monetary-unit sampling plan, by `method`. */
export type PlanInventorySampleOptions = StratifiedSampleOptions | MusSampleOptions;

/** A stratum of a plan as input (see `SampleStratum`). */
export interface SampleStratumInput {
  /**
   * `top` (book value at or above the threshold or the MUS interval), `negative` (negative book,
   * always counted), `s1` … `sN` (sampled strata by rising book value), `zero` (zero book value),
   * `pps` (the MUS selection below the interval); a non-empty string.
   */
  id: string;
  /** Counted completely (`census`), sampled at random (`sampled`), or never drawn (`unsampled`). */
  kind: 'census' | 'sampled' | 'unsampled';
  /** The smallest book value in the stratum, a decimal string. */
  lowerBound: string;
  /** The largest book value in the stratum, a decimal string. */
  upperBound: string;
  /** Keys in the stratum (N), an integer ≥ 0. */
  keys: number;
  /** Their book value (X), a decimal string. */
  bookValue: string;
  /** Keys drawn from it (n), an integer ≥ 0: all of them for a census stratum, none for an unsampled one. */
  sampleSize: number;
  /** Stratified plans: the standard deviation the allocation assumed (of book values, or of expected differences), a decimal string ≥ 0. */
  planningSd?: string | undefined;
}

/** A key to count as a plan lists it (see `SampledKey`). */
export interface SampledKeyInput {
  /** The stock key. */
  key: StockKeyInput;
  /** The id of the stratum it was drawn from: one of the plan's strata. */
  stratum: string;
  /** Its book value when the plan was made, a decimal string. */
  bookValue: string;
  /** Its book quantity, a decimal string, when the population gave quantity and unit cost. */
  bookQty?: string | undefined;
  /** Its unit cost, a decimal string ≥ 0, when the population gave quantity and unit cost. */
  unitCost?: string | undefined;
  /** The probability that the design draws this key, greater than 0 and at most 1 (n/N in its stratum; min(1, value/interval) for MUS). */
  inclusionProbability: number;
  /** MUS: how many selection points fell in the key, an integer ≥ 1 (more than one only at or above the interval). */
  hits?: number | undefined;
}

/** The population a plan was drawn from, as input (see `SamplePopulation`). */
export interface SamplePopulationInput {
  /** Keys in the population, an integer ≥ 1. */
  keys: number;
  /** Their total book value, a decimal string. */
  bookValue: string;
  /** Keys with zero book value, an integer ≥ 0. */
  zeroValueKeys: number;
  /** Keys with negative book value (always counted), an integer ≥ 0. */
  negativeValueKeys: number;
}

/** How a plan's sample size was derived, as input (see `SampleDerivation`). */
export interface SampleDerivationInput {
  /** The formula, e.g. `n = ⌈BV × CF / (TE − EE × EF)⌉`. */
  formula: string;
  /** Each symbol of the formula with its value. */
  values: Record<string, string>;
  /** The derivation in sentences an auditor can file. */
  steps: string[];
}

/**
 * What every plan states, as input (see `SamplePlanBase`). The sample must agree with the strata:
 * every sampled key in a stratum of the plan, a stratum's `sampleSize` equal to its keys in the
 * sample, every key of a census stratum and none of an unsampled one.
 */
export interface SamplePlanBaseInput {
  /** Plan format version: `1`. */
  version: 1;
  /** The seed of the draw: a safe integer or a string. */
  seed: Seed;
  /** Decimal places of the money figures the evaluation reports, 0 to 12. */
  decimals: number;
  /** The population. */
  population: SamplePopulationInput;
  /** The tolerable error as an amount, a decimal string > 0. */
  tolerableError: string;
  /** The expected error as an amount, a decimal string ≥ 0. */
  expectedError: string;
  /** The sample size the formula gives, an integer ≥ 0 (MUS: selection points; stratified: keys, census strata included). */
  sampleSize: number;
  /** Distinct keys to count, an integer ≥ 0. */
  keysToCount: number;
  /** How the size was derived. */
  derivation: SampleDerivationInput;
  /** The strata, at least one. */
  strata: SampleStratumInput[];
  /** The keys to count, each key once. */
  sample: SampledKeyInput[];
}

/** A stratified plan as input (see `StratifiedSamplePlan`). */
export interface StratifiedSamplePlanInput extends SamplePlanBaseInput {
  /** `stratified`. */
  method: 'stratified';
  /** The two-sided confidence of the interval, 0.5 to 0.9999. */
  confidence: number;
  /** The estimator the decision uses: `mpu`, `difference` or `ratio`. */
  estimator: 'mpu' | 'difference' | 'ratio';
  /** The risk of rejecting a book whose error is the expected error, used to size the sample, 0.01 to 0.5. */
  incorrectRejectionRisk: number;
  /** Keys at or above this book value (a decimal string > 0) were counted completely. */
  topStratumThreshold?: string | undefined;
}

/** A monetary-unit sampling plan as input (see `MusSamplePlan`). */
export interface MusSamplePlanInput extends SamplePlanBaseInput {
  /** `mus`. */
  method: 'mus';
  /** The one-sided confidence of each upper error limit: one of `MUS_CONFIDENCE_LEVELS`. */
  confidence: number;
  /** The MUS design figures. */
  mus: {
    /** The sampling interval J = BV / n (rounded for display; the evaluation uses BV / n exactly), a decimal string > 0. */
    interval: string;
    /** The random start in [0, J) of the fixed-interval selection, a decimal string ≥ 0. */
    start: string;
    /** The book value of the keys with positive book value (the monetary units drawn from), a decimal string > 0. */
    bookValue: string;
    /** The confidence factor for zero errors (3.00 at 95 %), a decimal string > 0. */
    confidenceFactor: string;
    /** The expansion factor for expected errors (1.6 at 95 %), a decimal string > 0. */
    expansionFactor: string;
  };
}

/**
 * A sample plan as `counts.open({ sample })` and the sampling functions accept it: what
 * `planInventorySample` returns, also after a JSON round trip (validated again then). Its `sample`
 * field as `scopeFromSample` passes it.
 */
export type InventorySamplePlanInput = StratifiedSamplePlanInput | MusSamplePlanInput;

/**
 * The count of one sampled key: `countedQty` for a key planned by quantity and unit cost, or
 * `countedValue` for a key planned by value (one of them). `expectedQty` / `expectedValue` is the
 * book at the count (the review's `expected`) when stock moved since the plan; the audited value is
 * then the planned book value plus the count difference, so movements between planning and
 * counting are not taken for errors. `sampleResultsFromCount` makes these from a session's lines.
 *
 * @example
 * ```ts
 * const byQty: SampleResult = { key: { sku: 'A-100', location: 'WH1/A/01' }, countedQty: '11', expectedQty: '12' };
 * const byValue: SampleResult = { key: { sku: 'B-200', location: 'WH1/A/02' }, countedValue: '1480.00' };
 * ```
 */
export interface SampleResult {
  /** The sampled key; each key of the sample exactly once in the results. */
  key: StockKeyInput;
  /** The counted quantity in base units, a decimal string ≥ 0 (keys planned by quantity and unit cost). */
  countedQty?: string | undefined;
  /**
   * The book quantity at the count, a signed decimal string; goes with `countedQty`. Default: the
   * planned `bookQty`. The difference counted − expected, × the planned unit cost, is the error.
   */
  expectedQty?: string | undefined;
  /** The counted value, a decimal string ≥ 0 (keys planned by value). */
  countedValue?: string | undefined;
  /**
   * The book value at the count, a signed decimal string; goes with `countedValue`. Default: the
   * planned `bookValue`. The difference counted − expected is the error.
   */
  expectedValue?: string | undefined;
}
