import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { planInventorySample, type SamplePopulationMember, type StratifiedSamplePlan } from '../../../src/index.js';
import { normalQuantile } from '../../../src/policy/sampling/distributions.js';
import { propertyRuns } from '../../support/property.js';
import { expectInvalidInputAt } from '../../support/invalid.js';
import { generatePopulation, membersOf } from './populations.js';

function stratified(population: SamplePopulationMember[], extra: Record<string, unknown> = {}, seed: number | string = 1): StratifiedSamplePlan {
  return planInventorySample({ method: 'stratified', population, confidence: 0.95, tolerableError: { share: 0.05 }, seed, ...extra }) as StratifiedSamplePlan;
}

/** The standard error of the estimated total that a plan's allocation gives: √Σ N (N − n) S² / n. */
function plannedSe(plan: StratifiedSamplePlan): number {
  return Math.sqrt(
    plan.strata.filter((s) => s.kind === 'sampled').reduce((a, s) => a + (s.keys * (s.keys - s.sampleSize) * Number(s.planningSd) ** 2) / s.sampleSize, 0),
  );
}

describe('stratified plans', () => {
  const population = membersOf(generatePopulation({ seed: 7, keys: 3000, errorRate: 0, smallShare: 0, gainShare: 0 }));

  it('cut positive values into strata of about equal book value in rising order, the top stratum above the threshold counted completely', () => {
    const plan = stratified(population, { strata: 5, topStratumThreshold: '3000' });
    expect(plan.strata.map((s) => s.id)).toEqual(['s1', 's2', 's3', 's4', 's5', 'top']);
    const top = plan.strata.find((s) => s.id === 'top')!;
    expect(top).toMatchObject({ kind: 'census', sampleSize: top.keys });
    expect(new Decimal(top.lowerBound).gte(3000)).toBe(true);
    const below = plan.strata.filter((s) => s.id !== 'top');
    below.slice(1).forEach((s, i) => expect(new Decimal(s.lowerBound).gte(below[i]!.upperBound)).toBe(true));
    const total = below.reduce((a, s) => a.plus(s.bookValue), new Decimal(0));
    // Each stratum holds a fifth of the value, give or take the largest key at its edge.
    for (const s of below) expect(new Decimal(s.bookValue).minus(total.div(5)).abs().lte(new Decimal(s.upperBound).times(1.01))).toBe(true);
    expect(plan.sample.filter((s) => s.stratum === 'top')).toHaveLength(top.keys);
    expect(plan.keysToCount).toBe(plan.sample.length);
    expect(plan.sampleSize).toBe(plan.strata.reduce((a, s) => a + s.sampleSize, 0));
  });

  it('put zero and negative book values apart: zero keys in a sampled stratum, negative keys always counted', () => {
    const withOdd = [
      ...population.slice(0, 400),
      ...Array.from({ length: 30 }, (_, i) => ({ key: { sku: `Z-${i}`, location: 'WH1/Z' }, bookValue: '0' })),
      { key: { sku: 'NEG', location: 'WH1/Z' }, bookQty: '-2', unitCost: '5' },
    ];
    const plan = stratified(withOdd);
    expect(plan.population).toMatchObject({ keys: 431, zeroValueKeys: 30, negativeValueKeys: 1 });
    expect(plan.strata.find((s) => s.id === 'negative')).toMatchObject({ kind: 'census', keys: 1, sampleSize: 1, bookValue: '-10' });
    expect(plan.strata.find((s) => s.id === 'zero')).toMatchObject({ kind: 'sampled', keys: 30, sampleSize: 10 });
    expect(plan.sample.find((s) => s.key.sku === 'NEG')).toMatchObject({ stratum: 'negative', bookQty: '-2', unitCost: '5', bookValue: '-10', inclusionProbability: 1 });
  });

  it('allocate by Neyman: the planned standard error is within the target, shares follow N_h × S_h, at least the minimum per stratum', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 100 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 2, max: 30 }),
        fc.constantFrom(0.8, 0.9, 0.95, 0.99),
        fc.double({ min: 0.02, max: 0.2, noNaN: true }),
        (seed, strata, minPerStratum, confidence, share) => {
          const members = membersOf(generatePopulation({ seed, keys: 600, errorRate: 0, smallShare: 0, gainShare: 0 }));
          const plan = planInventorySample({ method: 'stratified', estimator: 'mpu', population: members, confidence, tolerableError: { share }, strata, minPerStratum, seed }) as StratifiedSamplePlan;
          const target = Number(plan.tolerableError) / (normalQuantile(1 - (1 - confidence) / 2) + normalQuantile(1 - 0.1 / 2));
          expect(plannedSe(plan)).toBeLessThanOrEqual(target * (1 + 1e-9));
          const sampled = plan.strata.filter((s) => s.kind === 'sampled');
          for (const s of sampled) expect(s.sampleSize).toBeGreaterThanOrEqual(Math.min(minPerStratum, s.keys));
          // Strata above the minimum get n × N_h S_h / Σ N S rounded up: the ratio n_h / (N_h S_h) differs only by that rounding.
          // The derivation states n and Σ N S to two decimals, so the share rebuilt from them is known to about 1e-4 of itself.
          const free = sampled.filter((s) => s.sampleSize > minPerStratum && Number(s.planningSd) > 0);
          const n = Number(plan.derivation.values['n']);
          const sumNS = Number(plan.derivation.values['Σ N_h·S_h']);
          for (const s of free) {
            const share = (n * s.keys * Number(s.planningSd)) / sumNS;
            const slack = share * 1e-4 + 1e-6;
            expect(s.sampleSize).toBeGreaterThanOrEqual(Math.ceil(share - slack));
            expect(s.sampleSize).toBeLessThanOrEqual(Math.ceil(share + slack));
          }
        },
      ),
      // The first: a stratum whose share is 108.0015 when rebuilt from the rounded derivation.
      { numRuns: propertyRuns(40), examples: [[95, 12, 2, 0.95, 0.02]] },
    );
  });

  it('count a stratum completely when its Neyman share reaches its size, and give differences a smaller sample when they are expected small', () => {
    const tight = stratified(population, { estimator: 'mpu', tolerableError: { share: 0.002 } });
    expect(tight.strata.some((s) => /^s\d$/.test(s.id) && s.kind === 'census')).toBe(true);
    const byBook = stratified(population, { estimator: 'difference' });
    const bySpread = stratified(population, { estimator: 'difference', relativeErrorSd: 0.05 });
    expect(bySpread.sampleSize).toBeLessThan(byBook.sampleSize);
    expect(bySpread.derivation.steps.join(' ')).toMatch(/count differences of 0\.05 × the root mean square book value/);
  });

  it('draw uniformly inside a stratum: inclusion probability n_h / N_h, observed within 4.5 standard deviations over 1 500 seeds', () => {
    const small = population.slice(0, 60);
    const draws = 1500;
    const counts = new Map<string, number>();
    let plan: StratifiedSamplePlan | undefined;
    for (let seed = 0; seed < draws; seed++) {
      plan = stratified(small, { strata: 2, estimator: 'mpu', tolerableError: { share: 0.3 } }, seed);
      for (const s of plan.sample) counts.set(s.key.sku, (counts.get(s.key.sku) ?? 0) + 1);
    }
    for (const stratum of plan!.strata.filter((s) => s.kind === 'sampled')) {
      const p = stratum.sampleSize / stratum.keys;
      const members = plan!.sample.filter((s) => s.stratum === stratum.id);
      for (const m of members) expect(m.inclusionProbability).toBe(p);
      const sd = Math.sqrt(draws * p * (1 - p));
      for (const m of members) expect(Math.abs((counts.get(m.key.sku) ?? 0) - draws * p)).toBeLessThanOrEqual(4.5 * sd);
    }
  });

  it('the same seed gives the same plan whatever the order of the keys; another seed another sample', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1000 }), fc.integer(), (popSeed, seed) => {
        const members = membersOf(generatePopulation({ seed: popSeed, keys: 300, errorRate: 0, smallShare: 0, gainShare: 0 }));
        const shuffled = [...members.slice(popSeed % members.length), ...members.slice(0, popSeed % members.length)].reverse();
        const plan = stratified(members, { strata: 3 }, seed);
        expect(stratified(shuffled, { strata: 3 }, seed)).toEqual(plan);
        expect(stratified(members, { strata: 3 }, seed + 1).sample).not.toEqual(plan.sample);
      }),
      { numRuns: propertyRuns(30) },
    );
  });

  it('refuses an expected error at or above the tolerable error', () => {
    expectInvalidInputAt(() => stratified(population, { tolerableError: '1000', expectedError: '1000' }), ['options', 'expectedError']);
    expectInvalidInputAt(() => stratified(population, { tolerableError: { share: 1e-9 } }), ['options', 'tolerableError']);
  });
});
