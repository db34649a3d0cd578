/**
 * Planning a stratified sample: strata by book value, Neyman allocation sized so that the
 * two-sided interval at the plan's confidence stays within the tolerable error unless the error
 * is larger than expected, and a seeded draw without replacement in each stratum.
 *
 * @module
 */
import type * as z from 'zod';
import { StocktakeError } from '../../errors.js';
import { D, formatDecimal, type Dec } from '../../quantity/decimal.js';
import { createRandom, type Seed } from '../random.js';
import { allocateNeyman } from './allocation.js';
import { DEFAULT_DECIMALS, percentText } from './format.js';
import { normalQuantile } from './distributions.js';
import { byId, populationSummary, readPopulation, resolveErrors, sumValues, toSampledKey, valueRange, type PopulationKey } from './population.js';
import type { stratifiedSampleOptionsSchema } from './schemas.js';
import { stratifyByValue, type StratumMembers } from './strata.js';
import type { SampledKey, SampleStratum, StratifiedSamplePlan } from './types.js';

/** Defaults of a stratified plan. */
export const STRATIFIED_DEFAULTS = {
  estimator: 'difference',
  strata: 5,
  minPerStratum: 10,
  incorrectRejectionRisk: 0.1,
  decimals: DEFAULT_DECIMALS,
} as const;

type Options = z.output<typeof stratifiedSampleOptionsSchema>;

/** The standard deviation of a stratum's book values (n − 1 in the denominator). */
function bookSd(members: readonly PopulationKey[]): Dec {
  if (members.length < 2) return new D(0);
  const mean = sumValues(members).div(members.length);
  let squares = new D(0);
  for (const k of members) squares = squares.plus(k.value.minus(mean).pow(2));
  return squares.div(members.length - 1).sqrt();
}

/** relativeErrorSd × the root mean square of the stratum's book values: a difference as a share of value. */
function differenceSd(members: readonly PopulationKey[], relativeErrorSd: number): Dec {
  if (members.length === 0) return new D(0);
  let squares = new D(0);
  for (const k of members) squares = squares.plus(k.value.pow(2));
  return squares.div(members.length).sqrt().times(relativeErrorSd);
}

function planningSd(stratum: StratumMembers, options: Options): Dec {
  if (stratum.census) return new D(0);
  const estimator = options.estimator ?? STRATIFIED_DEFAULTS.estimator;
  return estimator !== 'mpu' && options.relativeErrorSd !== undefined
    ? differenceSd(stratum.members, options.relativeErrorSd)
    : bookSd(stratum.members);
}

function fixed(value: Dec | number, places: number): string {
  return formatDecimal(new D(value).toDecimalPlaces(places, D.ROUND_HALF_EVEN));
}

/** Everything of a stratified plan but the draw: a plan is a design drawn with a seed. @internal */
export interface StratifiedDesign {
  readonly members: readonly StratumMembers[];
  readonly plan: Omit<StratifiedSamplePlan, 'seed' | 'sample'>;
}

/**
 * Designs a stratified sample: strata, allocation, derivation.
 *
 * @param options - validated options
 * @returns the design
 * @internal
 */
export function designStratified(options: Options): StratifiedDesign {
  const population = readPopulation(options.population);
  const total = sumValues(population);
  const decimals = options.decimals ?? STRATIFIED_DEFAULTS.decimals;
  const { tolerable, expected } = resolveErrors(options, total, decimals);
  if (expected.gte(tolerable)) {
    throw new StocktakeError('invalid_input', 'The expected error must be below the tolerable error', { path: ['options', 'expectedError'] });
  }
  const estimator = options.estimator ?? STRATIFIED_DEFAULTS.estimator;
  const rejectionRisk = options.incorrectRejectionRisk ?? STRATIFIED_DEFAULTS.incorrectRejectionRisk;
  const minPerStratum = options.minPerStratum ?? STRATIFIED_DEFAULTS.minPerStratum;
  const threshold = options.topStratumThreshold === undefined ? undefined : new D(options.topStratumThreshold);

  const zc = normalQuantile(1 - (1 - options.confidence) / 2);
  // Split over both sides: a book with no error can be rejected for an interval too far either way.
  const zr = normalQuantile(1 - rejectionRisk / 2);
  const targetSe = tolerable.minus(expected).div(zc + zr);
  const members = stratifyByValue(population, options.strata ?? STRATIFIED_DEFAULTS.strata, threshold);
  const sds = members.map((s) => planningSd(s, options));
  const allocation = allocateNeyman(
    members.map((s, i) => ({ keys: s.members.length, sd: sds[i]!, census: s.census })),
    targetSe,
    minPerStratum,
  );
  const strata: SampleStratum[] = members.map((stratum, i) => {
    const size = allocation.sizes[i]!;
    const keys = stratum.members.length;
    const [lowest, highest] = valueRange(stratum.members);
    return {
      id: stratum.id,
      kind: size >= keys ? 'census' : 'sampled',
      lowerBound: formatDecimal(lowest),
      upperBound: formatDecimal(highest),
      keys,
      bookValue: formatDecimal(sumValues(stratum.members)),
      sampleSize: size,
      planningSd: fixed(sds[i]!, 6),
    };
  });

  const sampleSize = allocation.sizes.reduce((a, b) => a + b, 0);
  const censusKeys = strata.filter((s) => s.kind === 'census').reduce((a, s) => a + s.keys, 0);
  const values: Record<string, string> = {
    TE: formatDecimal(tolerable),
    EE: formatDecimal(expected),
    z_c: fixed(zc, 4),
    z_r: fixed(zr, 4),
    SE: fixed(targetSe, 2),
    'Σ N_h·S_h': fixed(allocation.sumNS, 2),
    'Σ N_h·S_h²': fixed(allocation.sumNS2, 2),
    n: fixed(allocation.n, 2),
    'planned SE': fixed(allocation.plannedSe, 2),
    'planned allowance': fixed(allocation.plannedSe.times(zc), 2),
  };
  const valueStrata = members.filter((s) => /^s\d+$/.test(s.id)).length;
  const steps = [
    `Population: ${population.length} keys, book value ${formatDecimal(total)}; tolerable error ${values['TE']}, expected error ${values['EE']}.`,
    `Strata: ${valueStrata} by equal book value${threshold ? `, every key at or above ${formatDecimal(threshold)} counted completely (top stratum)` : ''}${members.some((s) => s.id === 'zero') ? ', keys of zero book value in their own stratum' : ''}${members.some((s) => s.id === 'negative') ? ', keys of negative book value counted completely' : ''}.`,
    `Standard error needed: SE = (TE − EE) / (z_c + z_r) = (${values['TE']} − ${values['EE']}) / (${values['z_c']} + ${values['z_r']}) = ${values['SE']} (z_c for a two-sided ${percentText(options.confidence)} interval, z_r for a ${percentText(rejectionRisk)} risk, split over both sides, of rejecting a book whose error is the expected one).`,
    `Deviations assumed: ${estimator !== 'mpu' && options.relativeErrorSd !== undefined ? `count differences of ${options.relativeErrorSd} × the root mean square book value of each stratum` : 'the standard deviation of book values in each stratum'}.`,
    `Neyman allocation: n = (Σ N_h·S_h)² / (SE² + Σ N_h·S_h²) = ${values['Σ N_h·S_h']}² / (${values['SE']}² + ${values['Σ N_h·S_h²']}) = ${values['n']}, shared in proportion to N_h·S_h, at least ${minPerStratum} per stratum, strata whose share reaches their size counted completely.`,
    `Sample: ${sampleSize} keys (${censusKeys} in census strata); planned standard error ${values['planned SE']}, allowance for sampling risk ±${values['planned allowance']}; estimator: ${estimator}.`,
  ];

  return {
    members,
    plan: {
      version: 1,
      method: 'stratified',
      decimals,
      confidence: options.confidence,
      estimator,
      incorrectRejectionRisk: rejectionRisk,
      ...(threshold === undefined ? {} : { topStratumThreshold: formatDecimal(threshold) }),
      population: populationSummary(population, total),
      tolerableError: formatDecimal(tolerable),
      expectedError: formatDecimal(expected),
      sampleSize,
      keysToCount: sampleSize,
      derivation: { formula: 'n = (Σ N_h·S_h)² / (SE² + Σ N_h·S_h²), n_h ∝ N_h·S_h, SE = (TE − EE) / (z_c + z_r)', values, steps },
      strata,
    },
  };
}

/**
 * Draws a stratified design: a seeded draw without replacement in every sampled stratum (each
 * stratum's keys in key order, shuffled by the seeded generator, the first n_h taken), every key
 * of a census stratum.
 *
 * @param design - the design
 * @param seed - the seed
 * @returns the plan
 * @internal
 */
export function drawStratified(design: StratifiedDesign, seed: Seed): StratifiedSamplePlan {
  const random = createRandom(seed);
  const sample: SampledKey[] = [];
  design.members.forEach((stratum, i) => {
    const { sampleSize, keys } = design.plan.strata[i]!;
    const drawn = sampleSize >= keys ? stratum.members : random.shuffle(stratum.members).slice(0, sampleSize).sort(byId);
    for (const k of drawn) sample.push(toSampledKey(k, stratum.id, sampleSize / keys));
  });
  return { ...design.plan, seed, sample };
}
