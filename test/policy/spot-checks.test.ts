import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultSpotCheckWeight, sampleSpotChecks, type SpotCheckMember } from '../../src/policy/index.js';
import { propertyRuns } from '../support/property.js';
import { expectInvalidInputAt } from '../support/invalid.js';

describe('sampleSpotChecks: examples', () => {
  it('weighs value × velocity × (1 + variance count)', () => {
    expect(defaultSpotCheckWeight({ id: 'a', value: '250.00', velocity: 4, varianceCount: 1 })).toBe(2000);
    expect(defaultSpotCheckWeight({ id: 'b' })).toBe(1);
    expect(defaultSpotCheckWeight({ id: 'c', value: 10, velocity: 0, varianceCount: 5 })).toBe(0);
  });

  it('never draws a zero-weight member while positive ones remain, and fills with them after', () => {
    const population: SpotCheckMember[] = [
      { id: 'zero-1', velocity: 0 },
      { id: 'pos-1', value: 5 },
      { id: 'zero-2', value: 0 },
      { id: 'pos-2', value: 1 },
    ];
    for (let seed = 0; seed < 50; seed++) {
      const two = sampleSpotChecks({ population, n: 2, seed }).map((p) => p.id);
      expect(two.sort()).toEqual(['pos-1', 'pos-2']);
      const three = sampleSpotChecks({ population, n: 3, seed }).map((p) => p.id);
      expect(three.slice(0, 2).sort()).toEqual(['pos-1', 'pos-2']);
      expect(['zero-1', 'zero-2']).toContain(three[2]);
    }
    expect(sampleSpotChecks({ population, n: 10, seed: 1 })).toHaveLength(4);
  });

  it('uses a caller weight and returns the members untouched', () => {
    const population = [
      { id: 'bin-1', zone: 'A', lastAccuracy: 0.5 },
      { id: 'bin-2', zone: 'B', lastAccuracy: 1 },
    ];
    const picks = sampleSpotChecks({ population, n: 1, seed: 'x', weight: (m) => 1 - m.lastAccuracy });
    expect(picks).toEqual([{ id: 'bin-1', weight: 0.5, member: population[0] }]);
  });

  it('rejects duplicates, a negative n and bad weights with invalid_input', () => {
    const calls: Array<[() => unknown, Array<string | number>]> = [
      [() => sampleSpotChecks({ population: [{ id: 'a' }, { id: 'a' }], n: 1, seed: 1 }), ['options', 'population', 1, 'id']],
      [() => sampleSpotChecks({ population: [], n: -1, seed: 1 }), ['options', 'n']],
      [() => sampleSpotChecks({ population: [{ id: 'a' }], n: 1, seed: 1, weight: () => -1 }), ['options', 'population', 0]],
      [() => sampleSpotChecks({ population: [{ id: 'a' }], n: 1, seed: 1, weight: () => Number.NaN }), ['options', 'population', 0]],
      [() => sampleSpotChecks({ population: [{ id: 'a', value: '-3' }], n: 1, seed: 1 }), ['options', 'population', 0, 'value']],
    ];
    for (const [call, path] of calls) expectInvalidInputAt(call, path);
  });
});

describe('sampleSpotChecks: properties', () => {
  const population = fc
    .uniqueArray(fc.string({ minLength: 1, maxLength: 5 }), { maxLength: 40 })
    .chain((ids) =>
      fc.tuple(
        ...ids.map((id) =>
          fc.record({
            id: fc.constant(id),
            value: fc.integer({ min: 0, max: 1000 }),
            velocity: fc.integer({ min: 0, max: 50 }),
            varianceCount: fc.integer({ min: 0, max: 3 }),
          }),
        ),
      ),
    );

  it('draws min(n, population) distinct members, positive weights first, the same for the same seed', () => {
    fc.assert(
      fc.property(population, fc.nat({ max: 50 }), fc.oneof(fc.integer(), fc.string()), (members, n, seed) => {
        const picks = sampleSpotChecks({ population: members, n, seed });
        expect(picks).toHaveLength(Math.min(n, members.length));
        expect(new Set(picks.map((p) => p.id)).size).toBe(picks.length);
        const positive = members.filter((m) => defaultSpotCheckWeight(m) > 0).length;
        picks.forEach((p, i) => expect(p.weight > 0).toBe(i < positive));
        expect(sampleSpotChecks({ population: structuredClone(members), n, seed })).toEqual(picks);
      }),
      { numRuns: propertyRuns(200) },
    );
  });

  it('draws heavier members more often, in proportion to weight (fixed seeds, stated tolerance)', () => {
    // One draw per seed, 20 000 seeds: each member's frequency must be within 0.015 of
    // w / Σw (the largest standard deviation here is √(0.5·0.5/20000) ≈ 0.0035, so 0.015 is
    // more than 4 standard deviations; the seeds are fixed, so the result is reproducible).
    const weights = [1, 2, 3, 4, 10];
    const members = weights.map((w, i) => ({ id: `m${i}`, value: w }));
    const runs = 20_000;
    const counts = new Map<string, number>();
    for (let seed = 0; seed < runs; seed++) {
      const [pick] = sampleSpotChecks({ population: members, n: 1, seed });
      counts.set(pick!.id, (counts.get(pick!.id) ?? 0) + 1);
    }
    const total = weights.reduce((a, b) => a + b, 0);
    weights.forEach((w, i) => {
      expect(Math.abs((counts.get(`m${i}`) ?? 0) / runs - w / total)).toBeLessThan(0.015);
    });

    // Without replacement (n = 2): inclusion frequency increases strictly with weight.
    const included = new Map<string, number>();
    for (let seed = 0; seed < runs; seed++) {
      for (const p of sampleSpotChecks({ population: members, n: 2, seed: `s${seed}` })) included.set(p.id, (included.get(p.id) ?? 0) + 1);
    }
    const freq = members.map((m) => included.get(m.id) ?? 0);
    for (let i = 1; i < freq.length; i++) expect(freq[i]!).toBeGreaterThan(freq[i - 1]!);
  });
});
