import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluateInventorySample, planInventorySample, type MusSamplePlan, type SamplePopulationMember } from '../../../src/index.js';
import { propertyRuns } from '../../support/property.js';
import { expectInvalidInputAt } from '../../support/invalid.js';

/** `count` keys whose book values add up to `total` exactly (equal shares, the remainder on the first). */
function bookOf(total: number, count: number, prefix = 'K'): SamplePopulationMember[] {
  const share = Math.floor(total / count);
  return Array.from({ length: count }, (_, i) => ({
    key: { sku: `${prefix}-${String(i).padStart(4, '0')}`, location: 'WH1/A/01' },
    bookValue: String(i === 0 ? total - share * (count - 1) : share),
  }));
}

function mus(population: SamplePopulationMember[], confidence: number, tolerableError: string | { share: number }, expectedError?: string): MusSamplePlan {
  return planInventorySample({ method: 'mus', population, confidence, tolerableError, ...(expectedError ? { expectedError } : {}), seed: 1 }) as MusSamplePlan;
}

describe('MUS sample size: n = ⌈BV × CF / (TE − EE × EF)⌉ with the AICPA guide’s factors', () => {
  const book = bookOf(1_000_000, 500);

  it('a book of 1 000 000 with a tolerable error of 50 000 needs 60 items at 95 % (factor 3.00)', () => {
    const plan = mus(book, 0.95, '50000');
    expect(plan.sampleSize).toBe(60);
    expect(plan.mus).toMatchObject({ interval: '16666.67', bookValue: '1000000', confidenceFactor: '3.00', expansionFactor: '1.6' });
    expect(plan.derivation.values).toMatchObject({ BV: '1000000', CF: '3.00', EF: '1.6', TE: '50000', EE: '0', n: '60' });
    expect(plan.derivation.steps.join('\n')).toMatch(/⌈1000000 × 3\.00 \/ \(50000 − 0 × 1\.6\)⌉ = ⌈60⌉ = 60/);
    // A share of the book is the same tolerance.
    expect(mus(book, 0.95, { share: 0.05 }).sampleSize).toBe(60);
  });

  it('follows the zero-error factors at 80, 90 and 99 % (1.61, 2.31, 4.61)', () => {
    expect(mus(book, 0.8, '50000').sampleSize).toBe(33); // 32.2
    expect(mus(book, 0.9, '50000').sampleSize).toBe(47); // 46.2
    expect(mus(book, 0.99, '50000').sampleSize).toBe(93); // 92.2
  });

  it('expands for expected errors with the guide’s expansion factors (95 % 1.6, 90 % 1.5, 80 % 1.3, 99 % 1.9)', () => {
    expect(mus(book, 0.95, '50000', '10000').sampleSize).toBe(89); // 3 000 000 / 34 000 = 88.24
    expect(mus(book, 0.9, '50000', '10000').sampleSize).toBe(66); // 2 310 000 / 35 000 = 66
    expect(mus(book, 0.8, '50000', '10000').sampleSize).toBe(44); // 1 610 000 / 37 000 = 43.51
    expect(mus(book, 0.99, '50000', '5000').sampleSize).toBe(114); // 4 610 000 / 40 500 = 113.83
  });

  it('refuses an expected error that leaves no room under the tolerable error, and a book without positive value', () => {
    expectInvalidInputAt(() => mus(book, 0.95, '50000', '31250'), ['options', 'expectedError']); // 31 250 × 1.6 = 50 000
    expectInvalidInputAt(() => mus(bookOf(0, 3), 0.95, '100'), ['options', 'population']);
    expectInvalidInputAt(() => planInventorySample({ method: 'mus', population: book, confidence: 0.93, tolerableError: '1', seed: 1 }), ['options', 'confidence']);
  });
});

describe('MUS selection', () => {
  it('counts every key worth the interval or more, each as often as the interval fits in it', () => {
    // 270 keys of 2 000 and one of 60 000: BV 600 000, TE 30 000 → n = 60, J = 10 000.
    const population = [...bookOf(540_000, 270), { key: { sku: 'BIG', location: 'WH1/B/01' }, bookValue: '60000' }];
    for (let seed = 0; seed < 20; seed++) {
      const plan = planInventorySample({ method: 'mus', population, confidence: 0.95, tolerableError: '30000', seed }) as MusSamplePlan;
      expect(plan.mus.interval).toBe('10000');
      expect(plan.sample.find((s) => s.key.sku === 'BIG')).toMatchObject({ stratum: 'top', hits: 6, inclusionProbability: 1 });
      expect(plan.sample.filter((s) => s.stratum === 'pps')).toHaveLength(54);
      expect(plan.keysToCount).toBe(55);
    }
  });

  const populations = fc.array(
    fc.oneof(
      { weight: 8, arbitrary: fc.integer({ min: 1, max: 500_000 }).map((cents) => (cents / 100).toFixed(2)) },
      { weight: 1, arbitrary: fc.constant('0') },
      { weight: 1, arbitrary: fc.integer({ min: 1, max: 2_000_000 }).map((c) => `-${(c / 100).toFixed(2)}`) },
    ),
    { minLength: 1, maxLength: 120 },
  );

  it('draws n points over the positive book: hits add up to n, certain keys are hit, zero keys never, negative keys always counted', () => {
    fc.assert(
      fc.property(populations, fc.integer({ min: 1, max: 40 }), fc.oneof(fc.integer(), fc.string()), (values, share, seed) => {
        const population = values.map((bookValue, i) => ({ key: { sku: `S${i}`, location: `L${i % 7}` }, bookValue }));
        const positive = values.reduce((a, v) => (new Decimal(v).gt(0) ? a.plus(v) : a), new Decimal(0));
        fc.pre(positive.gt(0));
        const plan = planInventorySample({ method: 'mus', population, confidence: 0.9, tolerableError: positive.times(share).div(100).toDecimalPlaces(2, Decimal.ROUND_UP).plus('0.01').toFixed(), seed }) as MusSamplePlan;
        const interval = positive.div(plan.sampleSize);
        const hits = plan.sample.reduce((a, s) => a + (s.hits ?? 0), 0);
        expect(hits).toBe(plan.sampleSize);
        for (const [i, v] of values.entries()) {
          const value = new Decimal(v);
          const drawn = plan.sample.find((s) => s.key.sku === `S${i}`);
          if (value.isZero()) expect(drawn).toBeUndefined();
          else if (value.isNegative()) expect(drawn).toMatchObject({ stratum: 'negative', inclusionProbability: 1 });
          else if (value.gte(interval)) {
            expect(drawn?.stratum).toBe('top');
            expect(drawn!.hits).toBeGreaterThanOrEqual(value.div(interval).floor().toNumber());
            expect(drawn!.hits).toBeLessThanOrEqual(value.div(interval).ceil().toNumber());
          } else if (drawn) expect(drawn).toMatchObject({ stratum: 'pps', hits: 1 });
        }
      }),
      { numRuns: propertyRuns(150) },
    );
  });

  it('the same seed gives the same plan whatever the order of the keys', () => {
    fc.assert(
      fc.property(
        populations.chain((values) => fc.tuple(fc.constant(values), fc.shuffledSubarray(values.map((_, i) => i), { minLength: values.length }))),
        fc.integer(),
        ([values, order], seed) => {
          const population = values.map((bookValue, i) => ({ key: { sku: `S${i}`, location: 'L' }, bookValue }));
          fc.pre(population.some((m) => new Decimal(m.bookValue).gt(0)));
          const options = { method: 'mus' as const, confidence: 0.95, tolerableError: '1000', seed };
          const plan = planInventorySample({ ...options, population });
          expect(planInventorySample({ ...options, population: order.map((i) => population[i]!) })).toEqual(plan);
          // The plan is plain JSON: it survives storage and evaluates the same.
          expect(JSON.parse(JSON.stringify(plan))).toEqual(plan);
        },
      ),
      { numRuns: propertyRuns(100) },
    );
  });

  it('selects each key with probability value / J (2 000 draws, every key within 4.5 standard deviations)', () => {
    const values = [50, 120, 300, 450, 800, 1200, 1900, 2500, 3100, 3600];
    const population = values.map((v, i) => ({ key: { sku: `P${i}`, location: 'L' }, bookValue: String(v) })); // BV 14 020
    const draws = 2000;
    const counts = new Map<string, number>();
    let interval = 0;
    for (let seed = 0; seed < draws; seed++) {
      const plan = planInventorySample({ method: 'mus', population, confidence: 0.95, tolerableError: '7010', seed }) as MusSamplePlan; // n = 6
      interval = 14_020 / plan.sampleSize;
      for (const s of plan.sample) counts.set(s.key.sku, (counts.get(s.key.sku) ?? 0) + 1);
    }
    values.forEach((v, i) => {
      const p = Math.min(1, v / interval);
      const sd = Math.sqrt(draws * p * (1 - p));
      expect(Math.abs((counts.get(`P${i}`) ?? 0) - draws * p), `P${i}`).toBeLessThanOrEqual(4.5 * sd + 1e-9);
    });
  });

  it('a plan that went through JSON evaluates like the original', () => {
    const plan = mus(bookOf(1_000_000, 500), 0.95, '50000');
    const results = plan.sample.map((s) => ({ key: s.key, countedValue: s.bookValue }));
    expect(evaluateInventorySample(JSON.parse(JSON.stringify(plan)), results)).toEqual(evaluateInventorySample(plan, results));
  });
});
