import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isWorkingDay, nextCountDate, planCycleCounts } from '../../src/policy/index.js';
import { propertyRuns } from '../support/property.js';
import { calendarArb, dateOfDay, dayOfDate, fromDay } from './arbitraries.js';
import { expectInvalidInputAt } from '../support/invalid.js';

const berlin = { timeZone: 'Europe/Berlin' };

describe('nextCountDate', () => {
  it('adds the class interval to the last count and moves to the next working day', () => {
    // A: 365/12 → 30 days. 2027-02-12 + 30 = Sunday 2027-03-14 → Monday.
    expect(nextCountDate({ class: 'A', lastCountedAt: '2027-02-12' }, { calendar: berlin })).toBe('2027-03-15');
    // B: 91 days. C: 182 days.
    expect(nextCountDate({ class: 'B', lastCountedAt: '2027-01-04' }, { calendar: berlin })).toBe('2027-04-05');
    expect(nextCountDate({ class: 'C', lastCountedAt: '2027-01-04' }, { calendar: berlin })).toBe('2027-07-05');
  });

  it('skips holidays and blackouts, honours custom frequencies and explicit frequencies', () => {
    const calendar = { ...berlin, holidays: ['2027-03-15'], blackouts: [{ from: '2027-03-16', to: '2027-03-19' }] };
    expect(nextCountDate({ class: 'A', lastCountedAt: '2027-02-12' }, { calendar })).toBe('2027-03-22');
    expect(nextCountDate({ class: 'A', lastCountedAt: '2027-02-12' }, { calendar: berlin, frequencies: { A: 52 } })).toBe('2027-02-19');
    expect(nextCountDate({ frequency: 365, lastCountedAt: '2027-02-12' }, { calendar: berlin })).toBe('2027-02-15');
  });

  it('is due now when overdue or never counted, and never for frequency 0', () => {
    expect(nextCountDate({ class: 'A', lastCountedAt: '2026-01-01' }, { calendar: berlin, asOf: '2027-03-06' })).toBe('2027-03-08');
    expect(nextCountDate({ class: 'C' }, { calendar: berlin, asOf: '2027-03-03' })).toBe('2027-03-03');
    expect(nextCountDate({ class: 'X', lastCountedAt: '2027-01-01' }, { calendar: berlin, frequencies: { X: 0 } })).toBeUndefined();
  });

  it('reads a timestamp as a date in the warehouse zone, across a DST change', () => {
    // 2027-10-30T22:30Z is 2027-10-31 00:30 in Berlin (after the switch to CET it would be 23:30 on the 30th).
    const calendar = { timeZone: 'Europe/Berlin', workingDays: [1, 2, 3, 4, 5, 6, 7] as const };
    expect(nextCountDate({ frequency: 365, lastCountedAt: '2027-10-30T22:30:00Z' }, { calendar: { ...calendar, workingDays: [...calendar.workingDays] } })).toBe(
      '2027-11-01',
    );
    expect(nextCountDate({ frequency: 365, lastCountedAt: '2027-10-30T22:30:00Z' }, { calendar: { timeZone: 'UTC', workingDays: [1, 2, 3, 4, 5, 6, 7] } })).toBe(
      '2027-10-31',
    );
  });

  it('rejects a key without a frequency source, a never-counted key without asOf, and an unknown class', () => {
    const cases: Array<[() => unknown, Array<string | number>]> = [
      [() => nextCountDate({ lastCountedAt: '2027-01-01' }, { calendar: berlin }), ['key', 'class']],
      [() => nextCountDate({ class: 'A' }, { calendar: berlin }), ['options', 'asOf']],
      [() => nextCountDate({ class: 'Q', lastCountedAt: '2027-01-01' }, { calendar: berlin }), ['key', 'class']],
      [() => nextCountDate({ class: 'A', lastCountedAt: '2027-01-01' }, { calendar: { timeZone: 'Nowhere/City' } }), ['options', 'calendar', 'timeZone']],
    ];
    for (const [call, path] of cases) expectInvalidInputAt(call, path);
  });

  it('property: is a working day on or after the due date, and a plan with room counts the key then when that day works', () => {
    const arb = fromDay.chain((from) =>
      fc.record({
        from: fc.constant(from),
        calendar: calendarArb(from, 400, { maxBlackoutDays: 10 }),
        frequency: fc.constantFrom(1, 2, 4, 6, 12, 24, 52),
        ago: fc.integer({ min: 1, max: 30 }),
      }),
    );
    fc.assert(
      fc.property(arb, ({ from, calendar, frequency, ago }) => {
        const lastCountedAt = dateOfDay(from - ago);
        const due = dateOfDay(from - ago + Math.floor(365 / frequency));
        const next = nextCountDate({ frequency, lastCountedAt }, { calendar });
        expect(next).toBeDefined();
        if (next === undefined) return;
        expect(next >= due).toBe(true);
        expect(isWorkingDay(next, calendar)).toBe(true);
        for (let d = dayOfDate(due); d < dayOfDate(next); d++) expect(isWorkingDay(dateOfDay(d), calendar)).toBe(false);
        if (isWorkingDay(due, calendar) && due >= dateOfDay(from)) {
          const plan = planCycleCounts({
            keys: [{ id: 'K', frequency, lastCountedAt }],
            from: dateOfDay(from),
            to: dateOfDay(from + 399),
            calendar,
            capacity: { keysPerDay: 1 },
          });
          expect(plan.schedule('K')?.dates[0]).toBe(next);
        }
      }),
      { numRuns: propertyRuns(200) },
    );
  });
});
