import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classifyAbc, type AbcItem } from '../../src/policy/index.js';
import { propertyRuns } from '../support/property.js';
import { expectInvalidInputAt } from '../support/invalid.js';

describe('classifyAbc: examples', () => {
  it('puts the item that crosses the A cut-off into A, and the one after into B', () => {
    const abc = classifyAbc([
      { sku: 'P-1', annualUsageValue: 50 },
      { sku: 'P-2', annualUsageValue: 35 }, // 50 → 85 %: crosses 80 % → A
      { sku: 'P-3', annualUsageValue: 10 }, // 85 → 95 %: crosses 95 % → B
      { sku: 'P-4', annualUsageValue: 5 }, // C
    ]);
    expect(abc.classOf).toEqual({ 'P-1': 'A', 'P-2': 'A', 'P-3': 'B', 'P-4': 'C' });
    expect(abc.summary.A).toEqual({ items: 2, itemShare: 0.5, value: '85', valueShare: 0.85 });
    expect(abc.summary.B).toEqual({ items: 1, itemShare: 0.25, value: '10', valueShare: 0.1 });
    expect(abc.summary.C).toEqual({ items: 1, itemShare: 0.25, value: '5', valueShare: 0.05 });
    expect(abc.total).toEqual({ items: 4, value: '100' });
  });

  it('ends A at the item that reaches exactly 80 %', () => {
    const abc = classifyAbc([
      { sku: 'X', annualUsageValue: '60' },
      { sku: 'Y', annualUsageValue: '20' }, // exactly 80 %
      { sku: 'Z', annualUsageValue: '20' },
    ]);
    expect(abc.classOf).toEqual({ X: 'A', Y: 'A', Z: 'B' });
  });

  it('keeps a dominant item in A, leaves B empty when A already reaches 95 %, puts zero-value items in C', () => {
    const abc = classifyAbc([
      { sku: 'BIG', annualUsageValue: 990 },
      { sku: 'SMALL', annualUsageValue: 10 },
      { sku: 'NONE', annualUsageValue: 0 },
    ]);
    expect(abc.classOf).toEqual({ BIG: 'A', SMALL: 'C', NONE: 'C' });
    expect(abc.summary.B.items).toBe(0);
    const withB = classifyAbc([
      { sku: 'BIG', annualUsageValue: 900 },
      { sku: 'SMALL', annualUsageValue: 100 },
    ]);
    expect(withB.classOf).toEqual({ BIG: 'A', SMALL: 'B' });
  });

  it('breaks ties by sku and does not depend on the input order', () => {
    const items: AbcItem[] = [
      { sku: 'b', annualUsageValue: 40 },
      { sku: 'a', annualUsageValue: 40 },
      { sku: 'c', annualUsageValue: 20 },
    ];
    const abc = classifyAbc(items);
    expect(abc.items.map((i) => [i.sku, i.rank, i.class])).toEqual([
      ['a', 1, 'A'],
      ['b', 2, 'A'],
      ['c', 3, 'B'],
    ]);
    expect(classifyAbc(items.slice().reverse())).toEqual(abc);
  });

  it('classifies by velocity or by a caller score, with custom cut-offs', () => {
    const items: AbcItem[] = [
      { sku: 'FAST', velocity: 900, annualUsageValue: 100 },
      { sku: 'SLOW', velocity: 100, annualUsageValue: 900 },
    ];
    expect(classifyAbc(items, { by: 'velocity' }).classOf).toEqual({ FAST: 'A', SLOW: 'B' });
    expect(classifyAbc(items).classOf).toEqual({ SLOW: 'A', FAST: 'B' });
    const scored = classifyAbc(
      [
        { sku: 'S1', score: 3 },
        { sku: 'S2', score: 3 },
        { sku: 'S3', score: 4 },
      ],
      { by: 'score', cutoffs: { a: 0.3, b: 0.6 } },
    );
    expect(scored.classOf).toEqual({ S3: 'A', S1: 'B', S2: 'C' });
  });

  it('sums decimal strings exactly', () => {
    const abc = classifyAbc([
      { sku: 'a', annualUsageValue: '0.1' },
      { sku: 'b', annualUsageValue: '0.2' },
      { sku: 'c', annualUsageValue: '12345678901234567890.7' },
    ]);
    expect(abc.total.value).toBe('12345678901234567891');
  });

  it('makes everything C when the total is zero, and handles an empty list', () => {
    expect(classifyAbc([{ sku: 'a', annualUsageValue: 0 }]).classOf).toEqual({ a: 'C' });
    const empty = classifyAbc([]);
    expect(empty.items).toEqual([]);
    expect(empty.summary.A).toEqual({ items: 0, itemShare: 0, value: '0', valueShare: 0 });
  });

  it('rejects a missing score, a duplicate sku, a negative value and bad cut-offs', () => {
    const cases: Array<[() => unknown, Array<string | number>]> = [
      [() => classifyAbc([{ sku: 'a', velocity: 3 }]), ['items', 0, 'annualUsageValue']],
      [() => classifyAbc([{ sku: 'a', annualUsageValue: 1 }, { sku: 'a', annualUsageValue: 2 }]), ['items', 1, 'sku']],
      [() => classifyAbc([{ sku: 'a', annualUsageValue: -1 }]), ['items', 0, 'annualUsageValue']],
      [() => classifyAbc([{ sku: 'a', annualUsageValue: '1e5' }]), ['items', 0, 'annualUsageValue']],
      [() => classifyAbc([], { cutoffs: { a: 0.9, b: 0.8 } }), ['options', 'cutoffs', 'b']],
      [() => classifyAbc([], { cutoffs: { a: 0, b: 0.8 } }), ['options', 'cutoffs', 'a']],
    ];
    for (const [call, path] of cases) expectInvalidInputAt(call, path);
  });
});

describe('classifyAbc: properties', () => {
  const amount = fc.oneof(
    fc.integer({ min: 0, max: 1_000_000 }),
    fc.tuple(fc.integer({ min: 0, max: 99_999 }), fc.integer({ min: 0, max: 99 })).map(([i, c]) => `${i}.${String(c).padStart(2, '0')}`),
  );
  const items = fc
    .uniqueArray(fc.string({ minLength: 1, maxLength: 6 }), { minLength: 0, maxLength: 60 })
    .chain((skus) => fc.tuple(...skus.map((sku) => amount.map((v): AbcItem => ({ sku, annualUsageValue: v })))));
  const cutoffs = fc
    .tuple(fc.integer({ min: 1, max: 100 }), fc.integer({ min: 1, max: 100 }))
    .map(([x, y]) => ({ a: Math.min(x, y) / 100, b: Math.max(x, y) / 100 }));

  it('holds the cut-offs with the shortest prefixes, and ranks A ≥ B ≥ C', () => {
    fc.assert(
      fc.property(items, cutoffs, (list, cut) => {
        const abc = classifyAbc(list, { cutoffs: cut });
        const total = list.reduce((s, i) => s.plus(i.annualUsageValue ?? 0), new Decimal(0));
        const value = (cls: string): Decimal =>
          abc.items.filter((i) => i.class === cls).reduce((s, i) => s.plus(i.score), new Decimal(0));
        const a = value('A');
        const ab = a.plus(value('B'));
        if (total.isZero()) {
          expect(abc.items.every((i) => i.class === 'C')).toBe(true);
          return;
        }
        // A reaches the A cut-off, and would not without its last item.
        expect(a.gte(total.times(cut.a))).toBe(true);
        const lastA = abc.items.filter((i) => i.class === 'A').at(-1);
        expect(a.minus(lastA?.score ?? 0).lt(total.times(cut.a))).toBe(true);
        // A and B reach the B cut-off; B is the shortest such extension.
        expect(ab.gte(total.times(cut.b))).toBe(true);
        const lastB = abc.items.filter((i) => i.class === 'B').at(-1);
        if (lastB !== undefined) expect(ab.minus(lastB.score).lt(total.times(cut.b))).toBe(true);
        // The classes are contiguous in the ranking and the ranking is by value.
        const order = { A: 0, B: 1, C: 2 };
        for (let i = 1; i < abc.items.length; i++) {
          const prev = abc.items[i - 1]!;
          const cur = abc.items[i]!;
          expect(new Decimal(prev.score).gte(cur.score)).toBe(true);
          expect(order[prev.class]).toBeLessThanOrEqual(order[cur.class]);
        }
        // Class A holds the highest-value items: no item outside A is worth more than one inside.
        const minA = Decimal.min(...abc.items.filter((i) => i.class === 'A').map((i) => new Decimal(i.score)));
        for (const item of abc.items.filter((i) => i.class !== 'A')) expect(new Decimal(item.score).lte(minA)).toBe(true);
        // The summary adds up.
        const s = abc.summary;
        expect(s.A.items + s.B.items + s.C.items).toBe(list.length);
        expect(new Decimal(s.A.value).plus(s.B.value).plus(s.C.value).eq(total)).toBe(true);
        expect(abc.total.value).toBe(total.toFixed());
      }),
      { numRuns: propertyRuns(200) },
    );
  });

  it('does not depend on the order of the items', () => {
    fc.assert(
      fc.property(items.chain((list) => fc.tuple(fc.constant(list), fc.shuffledSubarray(list, { minLength: list.length }))), ([list, shuffled]) => {
        expect(classifyAbc(shuffled)).toEqual(classifyAbc(list));
      }),
      { numRuns: propertyRuns(200) },
    );
  });
});
