import { describe, expect, it } from 'vitest';
import { computeMetrics } from '../../src/metrics/compute.js';
import type { MetricsData, MetricsGroupBy } from '../../src/metrics/types.js';

const key = (sku: string, location: string) => ({ sku, location });
const TO = '2026-03-02T23:59:59.000Z';

/**
 * Three posted lines, four entries runs, five stock keys; every figure below is worked out by hand
 * in the comments.
 */
function data(groupBy: MetricsGroupBy): MetricsData {
  return {
    from: '2026-03-02T00:00:00.000Z',
    to: TO,
    groupBy,
    lines: [
      // L1: li counted 9, wang recounted 8, 8 accepted; book 10 at 2.00 at both windows.
      { sessionId: 's1', key: key('A', 'WH1/A/01'), abcClass: 'A', unitCost: '2', expected: '10', counted: '8', variance: '-2', varianceValue: '-4', counters: ['li', 'wang'], firstCount: { withinTolerance: false, counters: ['li'] }, rounds: [{ counted: '9', variance: '-1', counters: ['li'] }, { counted: '8', variance: '-2', counters: ['wang'] }] },
      // L2: li counted 20 of 20 at 1.00.
      { sessionId: 's1', key: key('B', 'WH1/A/02'), abcClass: 'B', unitCost: '1', expected: '20', counted: '20', variance: '0', varianceValue: '0', counters: ['li'], firstCount: { withinTolerance: true, counters: ['li'] }, rounds: [{ counted: '20', variance: '0', counters: ['li'] }] },
      // L3: wang counted 6 of 5 at 2.00.
      { sessionId: 's2', key: key('A', 'WH1/B/01'), abcClass: 'A', unitCost: '2', expected: '5', counted: '6', variance: '1', varianceValue: '2', counters: ['wang'], firstCount: { withinTolerance: false, counters: ['wang'] }, rounds: [{ counted: '6', variance: '1', counters: ['wang'] }] },
    ],
    entries: [
      // li, s1 round 1: 09:00 → 09:30, two keys: 2 lines in 0.5 h.
      { sessionId: 's1', round: 1, counter: 'li', countedAt: '2026-03-02T09:00:00.000Z', key: key('A', 'WH1/A/01'), abcClass: 'A' },
      { sessionId: 's1', round: 1, counter: 'li', countedAt: '2026-03-02T09:30:00.000Z', key: key('B', 'WH1/A/02'), abcClass: 'B' },
      // wang, s1 round 2: a single entry, no measurable time.
      { sessionId: 's1', round: 2, counter: 'wang', countedAt: '2026-03-02T10:00:00.000Z', key: key('A', 'WH1/A/01'), abcClass: 'A' },
      // wang, s2 round 1: 11:00 → 11:15, one key twice: 1 line in 0.25 h.
      { sessionId: 's2', round: 1, counter: 'wang', countedAt: '2026-03-02T11:00:00.000Z', key: key('A', 'WH1/B/01'), abcClass: 'A' },
      { sessionId: 's2', round: 1, counter: 'wang', countedAt: '2026-03-02T11:15:00.000Z', key: key('A', 'WH1/B/01'), abcClass: 'A' },
    ],
    stock: [
      { key: key('A', 'WH1/A/01'), abcClass: 'A', qty: '8', unitCost: '2', lastMovementAt: '2026-03-01T10:00:00.000Z' },
      // 91 days unmoved: slow.
      { key: key('B', 'WH1/A/02'), abcClass: 'B', qty: '20', unitCost: '1', lastMovementAt: '2025-12-01T00:00:00.000Z' },
      { key: key('D', 'WH1/A/03'), qty: '0', unitCost: '1', lastMovementAt: '2024-01-01T00:00:00.000Z' },
      { key: key('A', 'WH1/B/01'), abcClass: 'A', qty: '6', unitCost: '2', lastMovementAt: '2026-03-02T08:00:00.000Z' },
      // 425 days unmoved: dead.
      { key: key('C', 'WH1/B/02'), abcClass: 'C', qty: '3', unitCost: '5', lastMovementAt: '2025-01-01T00:00:00.000Z' },
    ],
    slowMovingDays: 90,
    deadStockDays: 365,
    top: 10,
  };
}

describe('metrics against hand-computed cases', () => {
  it('totals', () => {
    const { total } = computeMetrics(data({ by: 'all' }));
    expect(total.lines).toBe(3);
    // First counts within tolerance: L2 of L1, L2, L3.
    expect(total.inventoryRecordAccuracy).toEqual({ numerator: '1', denominator: '3', ratio: '0.3333' });
    // (4 + 0 + 2) / (10×2 + 20×1 + 5×2) = 6 / 50.
    expect(total.varianceRateByValue).toEqual({ numerator: '6', denominator: '50', ratio: '0.12' });
    // −(−4 + 0 + 2).
    expect(total.netShrinkageValue).toBe('2');
    // Counted A@A/01, B@A/02, A@B/01 of those plus C@B/02 in stock (D is empty).
    expect(total.coverage).toEqual({ numerator: '3', denominator: '4', ratio: '0.75' });
    // L1 alone has two rounds: li's variance −1 disagrees with the accepted −2, wang's −2 agrees.
    expect(total.counterAccuracy).toEqual({ numerator: '1', denominator: '2', ratio: '0.5' });
    // (2 + 1) lines in (0.5 + 0.25) h.
    expect(total.countingSpeed).toEqual({ lines: 3, milliseconds: 2_700_000, hours: '0.75', linesPerHour: '4' });
    // A: 2 of 2 lines varied, |−4| + |2| = 6 → score 6; B never varied.
    expect(total.riskiestSkus).toEqual([{ sku: 'A', lines: 2, linesWithVariance: 2, frequency: '1', absoluteVarianceValue: '6', score: '6' }]);
    expect(total.slowMoving).toEqual([{ key: key('B', 'WH1/A/02'), qty: '20', value: '20', lastMovementAt: '2025-12-01T00:00:00.000Z', days: 91 }]);
    expect(total.deadStock).toEqual([{ key: key('C', 'WH1/B/02'), qty: '3', value: '15', lastMovementAt: '2025-01-01T00:00:00.000Z', days: 425 }]);
  });

  it('by location (warehouse/zone)', () => {
    const { groups } = computeMetrics(data({ by: 'location', depth: 2 }));
    expect(groups.map((g) => g.group)).toEqual(['WH1/A', 'WH1/B']);
    const [a, b] = groups;
    expect(a!.inventoryRecordAccuracy.ratio).toBe('0.5');
    expect(a!.varianceRateByValue).toEqual({ numerator: '4', denominator: '40', ratio: '0.1' });
    expect(a!.netShrinkageValue).toBe('4');
    expect(a!.coverage.ratio).toBe('1');
    expect(a!.countingSpeed).toEqual({ lines: 2, milliseconds: 1_800_000, hours: '0.5', linesPerHour: '4' });
    expect(a!.slowMoving.map((s) => s.key.sku)).toEqual(['B']);
    expect(b!.inventoryRecordAccuracy).toEqual({ numerator: '0', denominator: '1', ratio: '0' });
    expect(b!.varianceRateByValue.ratio).toBe('0.2');
    expect(b!.netShrinkageValue).toBe('-2');
    expect(b!.coverage).toEqual({ numerator: '1', denominator: '2', ratio: '0.5' });
    expect(b!.deadStock.map((s) => s.key.sku)).toEqual(['C']);
  });

  it('by location inside a subtree, one level deeper', () => {
    const result = computeMetrics(data({ by: 'location', subtree: 'WH1/B', depth: 3 }));
    expect(result.groups.map((g) => [g.group, g.lines, g.coverage.ratio])).toEqual([
      ['WH1/B/01', 1, '1'],
      ['WH1/B/02', 0, '0'],
    ]);
    expect(result.total.lines).toBe(1);
    expect(result.total.coverage.ratio).toBe('0.5');
  });

  it('by counter: lines, first counts, rounds and entries of each counter', () => {
    const { groups } = computeMetrics(data({ by: 'counter' }));
    const li = groups.find((g) => g.group === 'li')!;
    const wang = groups.find((g) => g.group === 'wang')!;
    expect(li.inventoryRecordAccuracy).toEqual({ numerator: '1', denominator: '2', ratio: '0.5' });
    expect(wang.inventoryRecordAccuracy).toEqual({ numerator: '0', denominator: '1', ratio: '0' });
    expect(li.counterAccuracy).toEqual({ numerator: '0', denominator: '1', ratio: '0' });
    expect(wang.counterAccuracy).toEqual({ numerator: '1', denominator: '1', ratio: '1' });
    expect(li.countingSpeed.linesPerHour).toBe('4');
    expect(wang.countingSpeed).toEqual({ lines: 1, milliseconds: 900_000, hours: '0.25', linesPerHour: '4' });
    // Coverage of a counter is against all stock: li reached 2 of 4 keys.
    expect(li.coverage).toEqual({ numerator: '2', denominator: '4', ratio: '0.5' });
    expect(li.slowMoving).toEqual([]);
  });

  it('by ABC class and by item', () => {
    const byClass = computeMetrics(data({ by: 'abcClass' }));
    expect(byClass.groups.map((g) => [g.group, g.lines, g.netShrinkageValue])).toEqual([
      ['A', 2, '2'],
      ['B', 1, '0'],
      ['C', 0, '0'],
    ]);
    const byItem = computeMetrics(data({ by: 'item' }));
    expect(byItem.groups.map((g) => [g.group, g.varianceRateByValue.ratio])).toEqual([
      ['A', '0.2'],
      ['B', '0'],
      ['C', null],
    ]);
  });

  it('no data: ratios are null, not zero', () => {
    const empty = computeMetrics({ ...data({ by: 'all' }), lines: [], entries: [], stock: [] });
    expect(empty.total.inventoryRecordAccuracy.ratio).toBeNull();
    expect(empty.total.coverage.ratio).toBeNull();
    expect(empty.total.countingSpeed.linesPerHour).toBeNull();
    expect(empty.groups).toEqual([]);
  });
});
