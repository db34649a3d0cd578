import { describe, expect, it } from 'vitest';
import { at, smallWarehouse } from '../support/world.js';

/** A day: zone A counted (A-100 short by 2 and confirmed by a recount, B-200 exact), zone B not. */
async function countedDay() {
  const { st, clock } = await smallWarehouse();
  await st.ledger.post({ id: 'rcv-1', kind: 'receipt', occurredAt: at('07:00'), actor: 'wang', lines: [{ sku: 'A-100', to: 'WH1/A/01', qty: '100' }] });
  await st.ledger.post({ id: 'rcv-2', kind: 'receipt', occurredAt: at('07:00'), actor: 'wang', lines: [{ sku: 'B-200', to: 'WH1/A/02', qty: '50' }] });
  await st.ledger.post({ id: 'rcv-3', kind: 'receipt', occurredAt: at('07:00'), actor: 'wang', lines: [{ sku: 'A-100', to: 'WH1/B/01', qty: '10' }] });
  const session = await st.counts.open({ scope: { locations: ['WH1/A'] }, actor: 'zhao', counters: ['li', 'chen'] });
  clock.set(at('09:30'));
  await st.counts.record(session.id, { entryId: 'e1', sku: 'A-100', location: 'WH1/A/01', qty: '98', countedAt: at('09:00'), counter: 'li' });
  await st.counts.record(session.id, { entryId: 'e2', sku: 'B-200', location: 'WH1/A/02', qty: '50', countedAt: at('09:30'), counter: 'li' });
  await st.counts.completeLocation(session.id, 'WH1/A/01', { actor: 'li', at: at('09:30') });
  await st.counts.completeLocation(session.id, 'WH1/A/02', { actor: 'li', at: at('09:30') });
  await st.counts.review(session.id);
  await recountAndPost({ st, clock }, session.id, '98');
  return st;
}

/** chen recounts A-100 in bin A/01 at 10:00; zhao approves and posts. */
async function recountAndPost({ st, clock }: Awaited<ReturnType<typeof smallWarehouse>>, sessionId: string, qty: string) {
  clock.set(at('10:00'));
  await st.counts.record(sessionId, { entryId: 'r1', sku: 'A-100', location: 'WH1/A/01', qty, countedAt: at('10:00'), counter: 'chen' });
  await st.counts.completeLocation(sessionId, 'WH1/A/01', { actor: 'chen', at: at('10:00') });
  await st.counts.review(sessionId);
  await st.counts.approve(sessionId, { actor: 'zhao' });
  await st.counts.post(sessionId, { actor: 'zhao' });
}

const DAY = { from: '2026-03-02T00:00:00.000Z', to: '2026-03-02T23:59:59.999Z' };

describe('st.metrics.compute', () => {
  it('the figures of a counted day, from posted sessions, entries, count records and the ledger', async () => {
    const st = await countedDay();
    const { total, groups } = await st.metrics.compute(DAY);
    expect(groups.map((g) => g.group)).toEqual(['all']);
    expect(total.lines).toBe(2);
    // A-100's first count was 2 short (class A accepts no variance); B-200 matched.
    expect(total.inventoryRecordAccuracy).toEqual({ numerator: '1', denominator: '2', ratio: '0.5' });
    // |−2 × 2.50| / (100 × 2.50 + 50 × 0.80) = 5 / 290.
    expect(total.varianceRateByValue).toEqual({ numerator: '5', denominator: '290', ratio: '0.0172' });
    expect(total.netShrinkageValue).toBe('5');
    // Two keys counted of three in stock (zone B was not counted).
    expect(total.coverage).toEqual({ numerator: '2', denominator: '3', ratio: '0.6667' });
    // li's 98 and chen's 98 both agree with the accepted 98.
    expect(total.counterAccuracy).toEqual({ numerator: '2', denominator: '2', ratio: '1' });
    // li: two keys between 09:00 and 09:30; chen's single entry has no measurable time.
    expect(total.countingSpeed).toEqual({ lines: 2, milliseconds: 1_800_000, hours: '0.5', linesPerHour: '4' });
    expect(total.riskiestSkus).toEqual([{ sku: 'A-100', lines: 1, linesWithVariance: 1, frequency: '1', absoluteVarianceValue: '5', score: '5' }]);
    expect(total.slowMoving).toEqual([]);
    expect(total.deadStock).toEqual([]);
  });

  it('grouped by counter and by zone', async () => {
    const st = await countedDay();
    const byCounter = await st.metrics.compute({ ...DAY, groupBy: { by: 'counter' } });
    expect(byCounter.groups.map((g) => [g.group, g.lines, g.inventoryRecordAccuracy.ratio, g.counterAccuracy.ratio])).toEqual([
      ['chen', 1, null, '1'],
      ['li', 2, '0.5', '1'],
    ]);
    const byZone = await st.metrics.compute({ ...DAY, groupBy: { by: 'location', depth: 2 } });
    expect(byZone.groups.map((g) => [g.group, g.lines, g.coverage.ratio])).toEqual([
      ['WH1/A', 2, '1'],
      ['WH1/B', 0, '0'],
    ]);
  });

  it('counter accuracy: a recount after a pick that saw the same shortage as the first count agrees with it', async () => {
    const { st, clock } = await smallWarehouse();
    await st.ledger.post({ id: 'rcv-1', kind: 'receipt', occurredAt: at('07:00'), actor: 'wang', lines: [{ sku: 'A-100', to: 'WH1/A/01', qty: '100' }] });
    const session = await st.counts.open({ scope: { locations: ['WH1/A/01'] }, actor: 'zhao', counters: ['li', 'chen'] });
    clock.set(at('09:00'));
    await st.counts.record(session.id, { entryId: 'e1', sku: 'A-100', location: 'WH1/A/01', qty: '98', countedAt: at('09:00'), counter: 'li' });
    await st.counts.completeLocation(session.id, 'WH1/A/01', { actor: 'li', at: at('09:00') });
    await st.counts.review(session.id);
    clock.set(at('09:40'));
    await st.ledger.post({ id: 'pick-1', kind: 'issue', occurredAt: at('09:40'), actor: 'wang', lines: [{ sku: 'A-100', from: 'WH1/A/01', qty: '10' }] });
    await recountAndPost({ st, clock }, session.id, '88');
    // li saw 98 of 100 and chen 88 of 90: both −2, the settled variance.
    const byCounter = await st.metrics.compute({ ...DAY, groupBy: { by: 'counter' } });
    expect(byCounter.groups.map((g) => [g.group, g.counterAccuracy])).toEqual([
      ['chen', { numerator: '1', denominator: '1', ratio: '1' }],
      ['li', { numerator: '1', denominator: '1', ratio: '1' }],
    ]);
  });

  it('counting across midnight: each day gets the lines and time of the entries made that day, and the two days add up', async () => {
    const { st, clock } = await smallWarehouse();
    await st.ledger.post({ id: 'rcv-1', kind: 'receipt', occurredAt: at('07:00'), actor: 'wang', lines: [{ sku: 'A-100', to: 'WH1/A/01', qty: '10' }, { sku: 'B-200', to: 'WH1/A/02', qty: '5' }] });
    const session = await st.counts.open({ scope: { locations: ['WH1/A'] }, actor: 'zhao', counters: ['li'] });
    clock.set(at('23:30'));
    await st.counts.record(session.id, { entryId: 'e1', sku: 'A-100', location: 'WH1/A/01', qty: '10', countedAt: at('23:30'), counter: 'li' });
    await st.counts.completeLocation(session.id, 'WH1/A/01', { actor: 'li', at: at('23:30') });
    clock.set('2026-03-03T00:30:00.000Z');
    await st.counts.record(session.id, { entryId: 'e2', sku: 'B-200', location: 'WH1/A/02', qty: '5', countedAt: '2026-03-03T00:30:00.000Z', counter: 'li' });
    await st.counts.completeLocation(session.id, 'WH1/A/02', { actor: 'li', at: '2026-03-03T00:30:00.000Z' });
    await st.counts.review(session.id);
    await st.counts.approve(session.id, { actor: 'zhao' });
    await st.counts.post(session.id, { actor: 'zhao' });
    const speed = async (from: string, to: string) => (await st.metrics.compute({ from, to })).total.countingSpeed;
    const day1 = await speed(DAY.from, DAY.to);
    const day2 = await speed('2026-03-03T00:00:00.000Z', '2026-03-03T23:59:59.999Z');
    const both = await speed(DAY.from, '2026-03-03T23:59:59.999Z');
    expect(day1).toMatchObject({ lines: 1, milliseconds: 0, linesPerHour: null });
    expect(day2).toMatchObject({ lines: 1, milliseconds: 3_600_000, linesPerHour: '1' });
    expect(both).toMatchObject({ lines: 2, milliseconds: 3_600_000, linesPerHour: '2' });
  });

  it('a later period has no lines; stock ages against the end of the period', async () => {
    const st = await countedDay();
    const later = await st.metrics.compute({ from: '2026-06-01T00:00:00Z', to: '2026-06-30T00:00:00Z', slowMovingDays: 30, deadStockDays: 120 });
    expect(later.total.lines).toBe(0);
    expect(later.total.inventoryRecordAccuracy.ratio).toBeNull();
    // Last movements of the goods on March 2 (the count adjustment is not one): 119 days by June 30 → slow.
    expect(later.total.slowMoving.map((s) => [s.key.sku, s.key.location, s.qty, s.days])).toEqual([
      ['A-100', 'WH1/A/01', '98', 119],
      ['A-100', 'WH1/B/01', '10', 119],
      ['B-200', 'WH1/A/02', '50', 119],
    ]);
    const dead = await st.metrics.compute({ from: '2026-07-01T00:00:00Z', to: '2026-07-01T00:00:00Z', slowMovingDays: 30, deadStockDays: 120 });
    expect(dead.total.deadStock).toHaveLength(3);
  });
});
