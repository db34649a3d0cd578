import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeMetrics } from '../../src/metrics/compute.js';
import type { MetricsData, MetricsEntry, MetricsGroupBy, MetricsLine } from '../../src/metrics/types.js';
import { propertyRuns } from '../support/property.js';

const START = Date.parse('2026-03-01T00:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();
const key = (sku: string, location: string) => ({ sku, location });

function metrics(entries: readonly MetricsEntry[], from: number, to: number, groupBy: MetricsGroupBy = { by: 'all' }, lines: readonly MetricsLine[] = []) {
  const data: MetricsData = { from: iso(from), to: iso(to), groupBy, lines, entries, stock: [], slowMovingDays: 90, deadStockDays: 365, top: 10 };
  return computeMetrics(data);
}

/** Entries of a few counters, rounds and sessions over three days, at any millisecond. */
const entriesArb = fc.array(
  fc.record({
    sessionId: fc.constantFrom('s1', 's2'),
    round: fc.constantFrom(1, 2),
    counter: fc.constantFrom('li', 'wang'),
    countedAt: fc.integer({ min: 0, max: 3 * 86_400_000 }).map((offset) => iso(START + offset)),
    key: fc.record({ sku: fc.constantFrom('A', 'B', 'C'), location: fc.constantFrom('WH1/A/01', 'WH1/A/02', 'WH1/B/01') }),
    abcClass: fc.constantFrom('A' as const, 'B' as const),
  }),
  { maxLength: 30 },
);

describe('counting speed adds up over periods and groups', () => {
  it('work done on one day for lines counted on another is credited to the day the entries were made', () => {
    // One run across midnight: A at 23:30 on day 1, B at 00:30 on day 2.
    const entries: MetricsEntry[] = [
      { sessionId: 's1', round: 1, counter: 'li', countedAt: '2026-03-01T23:30:00.000Z', key: key('A', 'WH1/A/01') },
      { sessionId: 's1', round: 1, counter: 'li', countedAt: '2026-03-02T00:30:00.000Z', key: key('B', 'WH1/A/02') },
    ];
    const day1 = metrics(entries, Date.parse('2026-03-01T00:00:00.000Z'), Date.parse('2026-03-01T23:59:59.999Z')).total.countingSpeed;
    const day2 = metrics(entries, Date.parse('2026-03-02T00:00:00.000Z'), Date.parse('2026-03-02T23:59:59.999Z')).total.countingSpeed;
    const both = metrics(entries, Date.parse('2026-03-01T00:00:00.000Z'), Date.parse('2026-03-02T23:59:59.999Z')).total.countingSpeed;
    expect(day1).toEqual({ lines: 1, milliseconds: 0, hours: '0', linesPerHour: null });
    expect(day2).toEqual({ lines: 1, milliseconds: 3_600_000, hours: '1', linesPerHour: '1' });
    expect(both).toEqual({ lines: 2, milliseconds: 3_600_000, hours: '1', linesPerHour: '2' });
  });

  it('property: lines and time of two adjacent periods add up to those of their union', () => {
    fc.assert(
      fc.property(entriesArb, fc.integer({ min: 0, max: 3 * 86_400_000 }), (entries, split) => {
        const [from, middle, to] = [START, START + split, START + 3 * 86_400_000];
        const first = metrics(entries, from, middle).total.countingSpeed;
        const second = metrics(entries, middle + 1, to).total.countingSpeed;
        const union = metrics(entries, from, to).total.countingSpeed;
        expect(first.lines + second.lines).toBe(union.lines);
        expect(first.milliseconds + second.milliseconds).toBe(union.milliseconds);
      }),
      { numRuns: propertyRuns(300) },
    );
  });

  it('property: over all time, each run of a counter in a round of a session gives its distinct keys and its first-to-last time', () => {
    fc.assert(
      fc.property(entriesArb, (entries) => {
        const runs = new Map<string, MetricsEntry[]>();
        for (const entry of entries) runs.set(`${entry.sessionId}/${entry.round}/${entry.counter}`, [...(runs.get(`${entry.sessionId}/${entry.round}/${entry.counter}`) ?? []), entry]);
        let lines = 0;
        let ms = 0;
        for (const run of runs.values()) {
          const times = run.map((entry) => Date.parse(entry.countedAt));
          const span = Math.max(...times) - Math.min(...times);
          if (span === 0) continue;
          ms += span;
          lines += new Set(run.map((entry) => `${entry.key.sku}@${entry.key.location}`)).size;
        }
        const speed = metrics(entries, START, START + 3 * 86_400_000).total.countingSpeed;
        expect([speed.lines, speed.milliseconds]).toEqual([lines, ms]);
      }),
      { numRuns: propertyRuns(300) },
    );
  });

  it('property: the groups of a grouping add up to the total', () => {
    const groupings: MetricsGroupBy[] = [{ by: 'location', depth: 2 }, { by: 'location', depth: 3 }, { by: 'item' }, { by: 'abcClass' }, { by: 'counter' }];
    fc.assert(
      fc.property(entriesArb, fc.constantFrom(...groupings), (entries, groupBy) => {
        const result = metrics(entries, START, START + 3 * 86_400_000, groupBy);
        const sum = (pick: (g: (typeof result.groups)[number]) => number) => result.groups.reduce((total, group) => total + pick(group), 0);
        expect(sum((g) => g.countingSpeed.lines)).toBe(result.total.countingSpeed.lines);
        expect(sum((g) => g.countingSpeed.milliseconds)).toBe(result.total.countingSpeed.milliseconds);
      }),
      { numRuns: propertyRuns(200) },
    );
  });
});

describe('counter accuracy compares what counters saw', () => {
  it('a first count and a recount that saw the same variance after stock moved are both accurate', () => {
    // Book 10 at the first count, li counted 9 (−1); 2 were picked; book 8 at the recount, wang counted 7 (−1).
    const line: MetricsLine = {
      sessionId: 's1',
      key: key('A', 'WH1/A/01'),
      unitCost: '1',
      expected: '8',
      counted: '7',
      variance: '-1',
      varianceValue: '-1',
      counters: ['li', 'wang'],
      firstCount: { withinTolerance: false, counters: ['li'] },
      rounds: [
        { counted: '9', variance: '-1', counters: ['li'] },
        { counted: '7', variance: '-1', counters: ['wang'] },
      ],
    };
    const day = [START, START + 86_400_000] as const;
    expect(metrics([], ...day, { by: 'all' }, [line]).total.counterAccuracy).toEqual({ numerator: '2', denominator: '2', ratio: '1' });
    const byCounter = metrics([], ...day, { by: 'counter' }, [line]).groups;
    expect(byCounter.map((group) => [group.group, group.counterAccuracy.ratio])).toEqual([
      ['li', '1'],
      ['wang', '1'],
    ]);
    // A round that saw another variance is not: li's −2 against the settled −1.
    const wrong = { ...line, rounds: [{ counted: '8', variance: '-2', counters: ['li'] }, line.rounds[1]!] };
    expect(metrics([], ...day, { by: 'counter' }, [wrong]).groups.map((group) => [group.group, group.counterAccuracy.ratio])).toEqual([
      ['li', '0'],
      ['wang', '1'],
    ]);
  });
});
