/**
 * Planning a monetary-unit sample (MUS, probability proportional to book value): the sample size
 * from the guide's confidence and expansion factors, then a fixed-interval selection with a
 * random start over the keys in a seeded random order, so every monetary unit has the same
 * chance and every key at or above the interval is certain to be counted.
 *
 * @module
 */
import type * as z from 'zod';
import { StocktakeError } from '../../errors.js';
import { D, formatDecimal, type Dec } from '../../quantity/decimal.js';
import { createRandom, type Seed } from '../random.js';
import { DEFAULT_DECIMALS, percentText, roundMoney } from './format.js';
import { populationSummary, readPopulation, resolveErrors, sumValues, toSampledKey, valueRange, type PopulationKey } from './population.js';
import type { musSampleOptionsSchema } from './schemas.js';
import { musConfidenceFactor, musExpansionFactor, type MusConfidence } from './tables.js';
import type { MusSamplePlan, SampledKey, SampleStratum } from './types.js';

type Options = z.output<typeof musSampleOptionsSchema>;

/** Extra decimal places of the random start beyond the money decimals: fine enough to be uniform, short enough to write down. */
const START_EXTRA_PLACES = 4;

function stratum(id: string, kind: SampleStratum['kind'], members: readonly PopulationKey[], sampleSize: number): SampleStratum {
  const [lowest, highest] = valueRange(members);
  return {
    id,
    kind,
    lowerBound: formatDecimal(lowest),
    upperBound: formatDecimal(highest),
    keys: members.length,
    bookValue: formatDecimal(sumValues(members)),
    sampleSize,
  };
}

/**
 * Selects keys by fixed interval: points `start + k × BV / n` for k = 0 … n − 1 on the
 * cumulative book value of the keys in the given order; a key is hit by every point inside its
 * half-open span. Compared exactly as `n × point` against `n × cumulative value`, so no division
 * rounds; doubles only skip the exact comparison where they cannot be wrong (the accumulated
 * rounding of a double sum over a million keys stays far below the relative margin).
 */
function selectByInterval(ordered: readonly PopulationKey[], start: Dec, n: number, bookValue: Dec): Map<string, number> {
  const margin = 1e-9;
  const hits = new Map<string, number>();
  const scaledStart = start.times(n);
  let k = 0;
  let point = scaledStart;
  let approxPoint = point.toNumber();
  let approxCumulative = 0;
  // The exact cumulative value is brought up to date only where the doubles are too close to call.
  let exact = new D(0);
  let exactThrough = 0;
  const exactEnd = (through: number): Dec => {
    for (; exactThrough < through; exactThrough++) exact = exact.plus(ordered[exactThrough]!.value);
    return exact.times(n);
  };
  ordered.forEach((key, index) => {
    approxCumulative += key.approx;
    const approxEnd = approxCumulative * n;
    let count = 0;
    while (k < n) {
      const below = approxPoint < approxEnd * (1 - margin) || (approxPoint <= approxEnd * (1 + margin) && point.lt(exactEnd(index + 1)));
      if (!below) break;
      count++;
      k++;
      point = scaledStart.plus(bookValue.times(k));
      approxPoint = point.toNumber();
    }
    if (count > 0) hits.set(key.id, count);
  });
  return hits;
}

/** Everything of a MUS plan but the draw: a plan is a design drawn with a seed. @internal */
export interface MusDesign {
  /** Keys with a positive book value, by key id. */
  readonly positive: readonly PopulationKey[];
  /** Keys with a negative book value: always counted. */
  readonly negative: readonly PopulationKey[];
  /** BV: the book value of `positive`. */
  readonly bookValue: Dec;
  /** J = BV / n, exact to the decimal precision. */
  readonly interval: Dec;
  /** The strata; the `pps` stratum's sample size is set by the draw. */
  readonly strata: readonly SampleStratum[];
  readonly plan: Omit<MusSamplePlan, 'seed' | 'sample' | 'keysToCount' | 'strata' | 'mus'> & { readonly mus: Omit<MusSamplePlan['mus'], 'start'> };
}

/**
 * Designs a MUS sample: sample size and interval.
 *
 * @param options - validated options
 * @returns the design
 * @internal
 */
export function designMus(options: Options): MusDesign {
  const population = readPopulation(options.population);
  const total = sumValues(population);
  const positive = population.filter((k) => k.value.gt(0));
  const bookValue = sumValues(positive);
  if (bookValue.isZero()) {
    throw new StocktakeError('invalid_input', 'MUS draws monetary units: the population needs keys with a positive book value', {
      path: ['options', 'population'],
    });
  }
  const decimals = options.decimals ?? DEFAULT_DECIMALS;
  const confidence = options.confidence as MusConfidence;
  const { tolerable, expected } = resolveErrors(options, total, decimals);
  const factor = new D(musConfidenceFactor(0, confidence));
  const expansion = new D(musExpansionFactor(confidence));
  const room = tolerable.minus(expected.times(expansion));
  if (room.lte(0)) {
    throw new StocktakeError('invalid_input', `The expected error × the expansion factor ${expansion.toFixed()} must be below the tolerable error`, {
      path: ['options', 'expectedError'],
    });
  }
  const unrounded = bookValue.times(factor).div(room);
  const n = Math.max(1, unrounded.ceil().toNumber());
  const interval = bookValue.div(n);

  const top = positive.filter((k) => k.value.gte(interval));
  const below = positive.filter((k) => k.value.lt(interval));
  const zero = population.filter((k) => k.value.isZero());
  const negative = population.filter((k) => k.value.lt(0));
  const strata: SampleStratum[] = [];
  if (negative.length > 0) strata.push(stratum('negative', 'census', negative, negative.length));
  if (zero.length > 0) strata.push(stratum('zero', 'unsampled', zero, 0));
  if (below.length > 0) strata.push(stratum('pps', 'sampled', below, 0));
  if (top.length > 0) strata.push(stratum('top', 'census', top, top.length));

  const values: Record<string, string> = {
    BV: formatDecimal(bookValue),
    CF: factor.toFixed(2),
    EF: expansion.toFixed(),
    TE: formatDecimal(tolerable),
    EE: formatDecimal(expected),
    n: String(n),
    J: roundMoney(interval, decimals),
  };
  const steps = [
    `Population: ${population.length} keys; the monetary units drawn from are the book value of the ${positive.length} keys with a positive book value, BV = ${values['BV']}.`,
    `Confidence factor for zero errors at ${percentText(confidence)}: CF = ${values['CF']}; expansion factor for expected errors: EF = ${values['EF']} (AICPA Audit Sampling guide).`,
    `n = ⌈BV × CF / (TE − EE × EF)⌉ = ⌈${values['BV']} × ${values['CF']} / (${values['TE']} − ${values['EE']} × ${values['EF']})⌉ = ⌈${unrounded.toDecimalPlaces(4, D.ROUND_UP).toFixed()}⌉ = ${n}.`,
    `Sampling interval J = BV / n = ${values['J']}: every key worth J or more is counted (${top.length} keys, top stratum), every other key with probability value / J${zero.length > 0 ? `; ${zero.length} keys of zero book value cannot be drawn` : ''}${negative.length > 0 ? `; ${negative.length} keys of negative book value are counted completely` : ''}.`,
  ];
  return {
    positive,
    negative,
    bookValue,
    interval,
    strata,
    plan: {
      version: 1,
      method: 'mus',
      decimals,
      confidence,
      population: populationSummary(population, total),
      tolerableError: formatDecimal(tolerable),
      expectedError: formatDecimal(expected),
      sampleSize: n,
      derivation: { formula: 'n = ⌈BV × CF / (TE − EE × EF)⌉, J = BV / n', values, steps },
      mus: { interval: values['J']!, bookValue: values['BV']!, confidenceFactor: values['CF']!, expansionFactor: values['EF']! },
    },
  };
}

/**
 * Draws a MUS design: the positive keys in key order, shuffled by the seeded generator; a random
 * start in [0, J) from the same generator; every J-th monetary unit from there.
 *
 * @param design - the design
 * @param seed - the seed
 * @returns the plan
 * @internal
 */
export function drawMus(design: MusDesign, seed: Seed): MusSamplePlan {
  const { plan, interval } = design;
  const n = plan.sampleSize;
  const random = createRandom(seed);
  const ordered = random.shuffle(design.positive);
  const start = interval.times(random.next()).toDecimalPlaces(plan.decimals + START_EXTRA_PLACES, D.ROUND_FLOOR);
  const hits = selectByInterval(ordered, start, n, design.bookValue);
  const approxInterval = interval.toNumber();

  // In the strata's order (negative, pps, top), each by key id as the population is.
  const sample: SampledKey[] = design.negative.map((k) => toSampledKey(k, 'negative', 1));
  const top: SampledKey[] = [];
  for (const k of design.positive) {
    const h = hits.get(k.id);
    if (h === undefined) continue;
    if (k.value.gte(interval)) top.push(toSampledKey(k, 'top', 1, h));
    else sample.push(toSampledKey(k, 'pps', k.approx / approxInterval, h));
  }
  const pps = sample.length - design.negative.length;
  sample.push(...top);
  return {
    ...plan,
    seed,
    keysToCount: sample.length,
    strata: design.strata.map((s) => (s.id === 'pps' ? { ...s, sampleSize: pps } : s)),
    derivation: {
      ...plan.derivation,
      steps: [
        ...plan.derivation.steps,
        `Selection: random start ${formatDecimal(start)}, then every J-th monetary unit over the keys in a seeded random order; ${sample.length} keys to count.`,
      ],
    },
    sample,
    mus: { ...plan.mus, start: formatDecimal(start) },
  };
}
