import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  evaluateInventorySample,
  isStocktakeError,
  planInventorySample,
  sampleResultsFromCount,
  type MusSampleEvaluation,
  type MusSamplePlan,
  type SampleResult,
  type StratifiedSampleEvaluation,
  type StratifiedSamplePlan,
} from '../../../src/index.js';
import { studentTQuantile } from '../../../src/policy/sampling/distributions.js';
import { decideStratified } from '../../../src/policy/sampling/evaluate-stratified.js';
import { propertyRuns } from '../../support/property.js';
import { expectInvalidInputAt } from '../../support/invalid.js';
import { countsFor, generatePopulation, membersOf } from './populations.js';

/** 270 keys of 2 000 and one of 60 000: BV 600 000; TE 30 000 at 95 % gives n = 60 and J = 10 000. */
function musPlan(): MusSamplePlan {
  const population = [
    ...Array.from({ length: 270 }, (_, i) => ({ key: { sku: `K-${String(i).padStart(3, '0')}`, location: 'WH1/A/01' }, bookValue: '2000' })),
    { key: { sku: 'BIG', location: 'WH1/B/01' }, bookValue: '60000' },
  ];
  return planInventorySample({ method: 'mus', population, confidence: 0.95, tolerableError: '30000', seed: 'worked-example' }) as MusSamplePlan;
}

function asCounted(plan: MusSamplePlan, counted: Record<string, string> = {}): SampleResult[] {
  return plan.sample.map((s) => ({ key: s.key, countedValue: counted[s.key.sku] ?? s.bookValue }));
}

describe('MUS evaluation: the Stringer bound as the guide computes it', () => {
  it('accepts a sample without errors: the limits are the basic precision CF(0) × J = TE', () => {
    const plan = musPlan();
    const evaluation = evaluateInventorySample(plan, asCounted(plan)) as MusSampleEvaluation;
    expect(evaluation.overstatement).toEqual({ errors: 0, knownError: '0', basicPrecision: '30000', projectedError: '0', incrementalAllowance: '0', upperLimit: '30000' });
    expect(evaluation).toMatchObject({ estimatedError: '0', interval: { lower: '-30000', upper: '30000' }, samplingInterval: '10000', keysCounted: 55 });
    expect(evaluation.decision).toMatchObject({ verdict: 'accept', action: 'accept_book' });
  });

  it('taints 50 % and 20 % and a found 25 %, and 5 000 short on the top key: limits 46 850 over and 34 375 under', () => {
    const plan = musPlan();
    const [a, b, c] = plan.sample.filter((s) => s.stratum === 'pps').map((s) => s.key.sku);
    const evaluation = evaluateInventorySample(plan, asCounted(plan, { [a!]: '1000', [b!]: '1600', [c!]: '2500', BIG: '55000' })) as MusSampleEvaluation;
    // Over: 5 000 known + 3.00 × 10 000 + (0.5 + 0.2) × 10 000 + (4.75 − 3.00 − 1) × 5 000 + (6.30 − 4.75 − 1) × 2 000.
    expect(evaluation.overstatement).toEqual({ errors: 2, knownError: '5000', basicPrecision: '30000', projectedError: '7000', incrementalAllowance: '4850', upperLimit: '46850' });
    // Under: 3.00 × 10 000 + 0.25 × 10 000 + (4.75 − 3.00 − 1) × 2 500.
    expect(evaluation.understatement).toEqual({ errors: 1, knownError: '0', basicPrecision: '30000', projectedError: '2500', incrementalAllowance: '1875', upperLimit: '34375' });
    expect(evaluation).toMatchObject({ estimatedError: '-9500', estimatedValue: '590500', interval: { lower: '-46850', upper: '34375' }, keysWithDifference: 4 });
    expect(evaluation.differences.map((d) => [d.key.sku, d.error, d.taint])).toEqual([
      ['BIG', '-5000', undefined],
      [a, '-1000', '-0.5'],
      [c, '500', '0.25'],
      [b, '-400', '-0.2'],
    ]);
    // Most likely 12 000 ≤ 30 000: a new plan with it as the expected error needs ⌈600 000 × 3 / (30 000 − 12 000 × 1.6)⌉ = 167.
    expect(evaluation.decision).toMatchObject({ verdict: 'reject', action: 'count_more', suggestedSampleSize: 167 });
    expect(evaluation.decision.text).toMatch(/46850 \(overstatement\) and 34375 \(understatement\) at 95 %/);
  });

  it('asks to count everything when the projected error alone exceeds the tolerance', () => {
    const plan = musPlan();
    const counted = Object.fromEntries(plan.sample.filter((s) => s.stratum === 'pps').slice(0, 5).map((s) => [s.key.sku, '0']));
    const evaluation = evaluateInventorySample(plan, asCounted(plan, counted)) as MusSampleEvaluation;
    expect(evaluation.overstatement.projectedError).toBe('50000');
    expect(evaluation.decision).toMatchObject({ verdict: 'reject', action: 'count_all' });
    expect(evaluation.decision.suggestedSampleSize).toBeUndefined();
  });

  it('warns about a key whose error exceeds its book value', () => {
    const plan = musPlan();
    const sku = plan.sample.find((s) => s.stratum === 'pps')!.key.sku;
    const evaluation = evaluateInventorySample(plan, asCounted(plan, { [sku]: '5000' }));
    expect(evaluation.warnings.map((w) => w.code)).toEqual(['taint_above_one']);
  });
});

/** The stratified estimators recomputed in floating point, the textbook way (two-pass moments). */
function reference(plan: StratifiedSamplePlan, audited: Map<string, number>, estimator: 'mpu' | 'difference' | 'ratio') {
  const byStratum = plan.strata.map((s) => ({ s, members: plan.sample.filter((m) => m.stratum === s.id).map((m) => ({ x: Number(m.bookValue), y: audited.get(m.key.sku)! })) }));
  const sampled = byStratum.filter(({ s }) => s.kind === 'sampled');
  const census = byStratum.filter(({ s }) => s.kind === 'census').reduce((a, { members }) => a + members.reduce((b, m) => b + m.y, 0), 0);
  const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
  const R = sampled.reduce((a, { s, members }) => a + s.keys * mean(members.map((m) => m.y)), 0) / sampled.reduce((a, { s, members }) => a + s.keys * mean(members.map((m) => m.x)), 0);
  let value = census;
  let variance = 0;
  let third = 0;
  let dfDen = 0;
  for (const { s, members } of sampled) {
    const N = s.keys;
    const n = members.length;
    const X = Number(s.bookValue);
    const v = members.map((m) => (estimator === 'mpu' ? m.y : estimator === 'difference' ? m.y - m.x : m.y - R * m.x));
    value += estimator === 'mpu' ? N * mean(v) : estimator === 'difference' ? X + N * mean(v) : R * X;
    const vbar = mean(v);
    const s2 = v.reduce((a, x) => a + (x - vbar) ** 2, 0) / (n - 1);
    const k3 = (n * v.reduce((a, x) => a + (x - vbar) ** 3, 0)) / ((n - 1) * (n - 2));
    const vh = (N * (N - n) * s2) / n;
    variance += vh;
    dfDen += vh ** 2 / (n - 1);
    third += (N * (N - n) * (N - 2 * n) * k3) / n ** 2;
  }
  const error = value - Number(plan.population.bookValue);
  const se = Math.sqrt(variance);
  const t = studentTQuantile(0.975, variance ** 2 / dfDen);
  const g = third / se ** 3;
  const extra = (se * Math.abs(g) * (2 * t * t + 1)) / 6;
  return { error, se, lower: error - t * se - (g < 0 ? extra : 0), upper: error + t * se + (g > 0 ? extra : 0) };
}

describe('stratified evaluation', () => {
  const population = generatePopulation({ seed: 11, keys: 400, errorRate: 0.3, smallShare: 0.5, gainShare: 0.2 });
  // The ten largest keys form the top stratum.
  const threshold = population.keys.map((k) => new Decimal(k.bookQty).times(k.unitCost)).sort((x, y) => y.cmp(x))[9]!.toFixed();
  const plan = planInventorySample({ method: 'stratified', population: membersOf(population), confidence: 0.95, tolerableError: { share: 0.08 }, strata: 3, topStratumThreshold: threshold, seed: 3 }) as StratifiedSamplePlan;
  const evaluation = evaluateInventorySample(plan, countsFor(plan, population)) as StratifiedSampleEvaluation;
  const audited = new Map(population.keys.map((k) => [k.key.sku, Number(k.countedQty) * Number(k.unitCost)]));

  it('matches a two-pass floating-point computation of each estimator, its standard error and its interval', () => {
    expect(plan.strata.filter((s) => s.kind === 'sampled').length).toBeGreaterThanOrEqual(2);
    expect(plan.strata.at(-1)).toMatchObject({ id: 'top', kind: 'census', keys: 10 });
    for (const estimator of ['mpu', 'difference', 'ratio'] as const) {
      const ref = reference(plan, audited, estimator);
      const got = evaluation.estimates[estimator]!;
      expect(Number(got.estimatedError), estimator).toBeCloseTo(ref.error, 1);
      expect(Number(got.standardError), estimator).toBeCloseTo(ref.se, 1);
      expect(Number(got.lower), estimator).toBeCloseTo(ref.lower, 1);
      expect(Number(got.upper), estimator).toBeCloseTo(ref.upper, 1);
    }
    expect(evaluation).toMatchObject({ estimator: 'difference', intervalBasis: 'estimator', estimatedError: evaluation.estimates.difference.estimatedError });
    expect(evaluation.interval).toEqual({ lower: evaluation.estimates.difference.lower, upper: evaluation.estimates.difference.upper });
  });

  it('adds census strata exactly and sums money exactly', () => {
    const top = evaluation.strata.find((s) => s.id === 'top')!;
    const exact = plan.sample
      .filter((s) => s.stratum === 'top')
      .reduce((a, s) => a.plus(new Decimal(countsFor(plan, population).find((r) => r.key.sku === s.key.sku)!.countedQty!).minus(s.bookQty!).times(s.unitCost!)), new Decimal(0));
    expect(top.estimatedError).toBe(exact.toFixed());
    expect(top.counted).toBe(top.keys);
  });

  it('with every stratum counted completely, the estimate is the true error and the interval has no width', () => {
    const small = generatePopulation({ seed: 5, keys: 40, errorRate: 0.4, smallShare: 0.5, gainShare: 0.3 });
    const census = planInventorySample({ method: 'stratified', population: membersOf(small), confidence: 0.99, tolerableError: '0.01', seed: 1 }) as StratifiedSamplePlan;
    expect(census.strata.every((s) => s.kind === 'census')).toBe(true);
    const result = evaluateInventorySample(census, countsFor(census, small));
    expect(result.estimatedError).toBe(small.trueError.toFixed());
    expect(result.interval).toEqual({ lower: small.trueError.toFixed(), upper: small.trueError.toFixed() });
  });

  it('widens the interval by the mean-per-unit one when the sample holds few differences, and says so', () => {
    const clean = generatePopulation({ seed: 11, keys: 400, errorRate: 0, smallShare: 0, gainShare: 0 });
    const result = evaluateInventorySample(plan, countsFor(plan, clean)) as StratifiedSampleEvaluation;
    expect(result.estimates.difference).toMatchObject({ estimatedError: '0', lower: '0', upper: '0', degreesOfFreedom: null });
    expect(result.intervalBasis).toBe('wider_with_mpu');
    expect(result.interval).toEqual({ lower: Decimal.min(0, result.estimates.mpu.lower).toFixed(), upper: Decimal.max(0, result.estimates.mpu.upper).toFixed() });
    expect(result.warnings.map((w) => w.code)).toEqual(['few_differences']);
  });

  it('decides: accept inside ±TE, count everything beyond it, else count more with the size at which the interval would fit', () => {
    const facts = { tolerableError: '1000', confidence: 0.95, population: { keys: 5000, bookValue: '100000', zeroValueKeys: 0, negativeValueKeys: 0 } };
    expect(decideStratified(facts, '-200', { lower: '-900', upper: '400' }, 300, 20)).toMatchObject({ verdict: 'accept', action: 'accept_book' });
    expect(decideStratified(facts, '-1200', { lower: '-1900', upper: '-500' }, 300, 20)).toMatchObject({ verdict: 'reject', action: 'count_all' });
    // Half-width 800 against a room of 1000 − 600 = 400: four times the sampled part, plus the census.
    const more = decideStratified(facts, '-600', { lower: '-1400', upper: '100' }, 300, 20);
    expect(more).toMatchObject({ verdict: 'reject', action: 'count_more', suggestedSampleSize: 20 + 1200 });
    expect(more.text).toMatch(/about 1220 keys in all/);
    expect(decideStratified(facts, '-990', { lower: '-1990', upper: '10' }, 300, 20)).toMatchObject({ action: 'count_all' });
  });

  it('is the same whatever the order of the results', () => {
    fc.assert(
      fc.property(fc.shuffledSubarray(countsFor(plan, population), { minLength: plan.sample.length }), (results) => {
        expect(evaluateInventorySample(plan, results)).toEqual(evaluation);
      }),
      { numRuns: propertyRuns(20) },
    );
  });
});

describe('results', () => {
  const plan = musPlan();
  const [first, second] = plan.sample;

  it('take the count difference against the book at the count when stock moved after planning', () => {
    const population = generatePopulation({ seed: 2, keys: 300, errorRate: 0, smallShare: 0, gainShare: 0 });
    const byQty = planInventorySample({ method: 'mus', population: membersOf(population), confidence: 0.9, tolerableError: { share: 0.1 }, seed: 1 });
    const [moved, ...rest] = byQty.sample;
    // 5 more arrived after planning and were counted: counted = book + 5 = expected, no error.
    const plus = String(Number(moved!.bookQty) + 5);
    const results = [{ key: moved!.key, countedQty: plus, expectedQty: plus }, ...rest.map((s) => ({ key: s.key, countedQty: s.bookQty! }))];
    const evaluation = evaluateInventorySample(byQty, results);
    expect(evaluation.keysWithDifference).toBe(0);
    expect(evaluation.warnings.map((w) => w.code)).toEqual(['book_changed']);
    // Counted the planned book although 5 arrived: 5 × the unit cost short.
    const short = evaluateInventorySample(byQty, [{ key: moved!.key, countedQty: moved!.bookQty!, expectedQty: plus }, ...results.slice(1)]);
    expect(short.differences[0]).toMatchObject({ error: new Decimal(-5).times(moved!.unitCost!).toFixed() });
  });

  it('need one per sampled key, only sampled keys, and a value for keys planned by value', () => {
    const all = asCounted(plan);
    expectInvalidInputAt(() => evaluateInventorySample(plan, all.slice(1)), ['results']);
    expectInvalidInputAt(() => evaluateInventorySample(plan, [...all, { key: { sku: 'NOT-SAMPLED', location: 'X' }, countedValue: '1' }]), ['results', all.length, 'key']);
    expectInvalidInputAt(() => evaluateInventorySample(plan, [{ key: first!.key, countedQty: '1' }, ...all.slice(1)]), ['results', 0, 'countedQty']);
    expectInvalidInputAt(() => evaluateInventorySample(plan, [...all, { key: second!.key, countedValue: '1' }]), ['results', all.length, 'key']);
    try {
      evaluateInventorySample(plan, all.slice(2));
    } catch (error) {
      expect(isStocktakeError(error) && error.details['missing']).toEqual([first!.key, second!.key]);
    }
  });
});

describe('sampleResultsFromCount', () => {
  const population = generatePopulation({ seed: 3, keys: 200, errorRate: 0, smallShare: 0, gainShare: 0 });
  const plan = planInventorySample({ method: 'mus', population: membersOf(population), confidence: 0.9, tolerableError: { share: 0.1 }, seed: 2 });
  const [a, b, c] = plan.sample;

  it('turns review lines into results with the book at the count; a sampled key without a line had nothing to count', () => {
    const lines = [
      { key: a!.key, expected: a!.bookQty!, counted: '1', status: 'needs_approval' },
      { key: b!.key, expected: '7', counted: '7', status: 'match' },
      { key: { sku: 'FOUND', location: a!.key.location }, expected: '0', counted: '3', status: 'within_tolerance' },
      ...plan.sample.slice(3).map((s) => ({ key: s.key, expected: s.bookQty!, counted: s.bookQty!, status: 'match' })),
    ];
    const { results, outside } = sampleResultsFromCount(plan, lines);
    expect(results.slice(0, 3)).toEqual([
      { key: a!.key, countedQty: '1', expectedQty: a!.bookQty },
      { key: b!.key, countedQty: '7', expectedQty: '7' },
      { key: c!.key, countedQty: '0', expectedQty: '0' },
    ]);
    expect(outside).toEqual([{ sku: 'FOUND', location: a!.key.location }]);
    expect(evaluateInventorySample(plan, results).keysWithDifference).toBe(1);
  });

  it('refuses lines that are not settled, and keys planned by value whose line has no unit cost', () => {
    const lines = plan.sample.map((s) => ({ key: s.key, expected: s.bookQty!, counted: s.bookQty!, status: 'match' }));
    lines[1] = { ...lines[1]!, status: 'recount' };
    let caught: unknown;
    try {
      sampleResultsFromCount(plan, lines);
    } catch (error) {
      caught = error;
    }
    expect(isStocktakeError(caught) && caught.code).toBe('unresolved_lines');
    const byValue = musPlan();
    const valueLines = byValue.sample.map((s) => ({ key: s.key, expected: '1', counted: '1', unitCost: s.bookValue }));
    expect(sampleResultsFromCount(byValue, valueLines).results[0]).toEqual({ key: byValue.sample[0]!.key, countedValue: byValue.sample[0]!.bookValue, expectedValue: byValue.sample[0]!.bookValue });
    expectInvalidInputAt(() => sampleResultsFromCount(byValue, [{ key: byValue.sample[0]!.key, expected: '1', counted: '1' }]), ['lines', 0, 'unitCost']);
  });
});
