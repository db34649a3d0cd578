import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isStocktakeError } from '../../src/errors.js';
import { eachWorkingDay, isWorkingDay, toWarehouseDate, workingDayOnOrAfter } from '../../src/policy/index.js';
import { propertyRuns } from '../support/property.js';
import { calendarArb, dateOfDay, fromDay, horizonDates, isClosed } from './arbitraries.js';

describe('warehouse calendar', () => {
  const berlin = { timeZone: 'Europe/Berlin', holidays: ['2027-12-24'], blackouts: [{ from: '2027-11-29', to: '2027-12-03', reason: 'peak' }] };

  it('tells working days from weekends, holidays and blackouts', () => {
    expect(isWorkingDay('2027-12-23', berlin)).toBe(true);
    expect(isWorkingDay('2027-12-24', berlin)).toBe(false);
    expect(isWorkingDay('2027-12-25', berlin)).toBe(false); // Saturday
    expect(isWorkingDay('2027-11-29', berlin)).toBe(false);
    expect(isWorkingDay('2027-12-03', berlin)).toBe(false);
    expect(isWorkingDay('2027-12-06', berlin)).toBe(true);
    expect(isWorkingDay('2027-12-25', { ...berlin, workingDays: [6] })).toBe(true);
  });

  it('finds the first working day on or after a date', () => {
    expect(workingDayOnOrAfter('2027-11-27', berlin)).toBe('2027-12-06');
    expect(workingDayOnOrAfter('2027-12-06', berlin)).toBe('2027-12-06');
    let caught: unknown;
    try {
      workingDayOnOrAfter('2027-01-01', { timeZone: 'UTC', blackouts: [{ from: '2027-01-01', to: '2099-12-31' }] });
    } catch (error) {
      caught = error;
    }
    expect(isStocktakeError(caught) && caught.code).toBe('invalid_input');
  });

  it('lists working days across both DST changes of a year, each date once', () => {
    for (const timeZone of ['Europe/Berlin', 'America/New_York', 'Australia/Sydney', 'UTC']) {
      const all = eachWorkingDay('2027-01-01', '2027-12-31', { timeZone, workingDays: [1, 2, 3, 4, 5, 6, 7] });
      expect(all).toEqual(horizonDates('2027-01-01', '2027-12-31'));
    }
    expect(eachWorkingDay('2027-03-26', '2027-03-29', { timeZone: 'Europe/Berlin' })).toEqual(['2027-03-26', '2027-03-29']);
  });

  it('turns an instant into the warehouse date', () => {
    expect(toWarehouseDate('2027-03-27T23:30:00Z', 'Europe/Berlin')).toBe('2027-03-28');
    expect(toWarehouseDate('2027-03-27T23:30:00Z', 'America/New_York')).toBe('2027-03-27');
    expect(toWarehouseDate(new Date('2027-11-07T05:30:00Z'), 'America/New_York')).toBe('2027-11-07');
    expect(toWarehouseDate('2027-11-07T04:30:00Z', 'America/New_York')).toBe('2027-11-07'); // 00:30 EDT
    expect(toWarehouseDate('2027-11-07T03:30:00Z', 'America/New_York')).toBe('2027-11-06'); // 23:30 EDT
    expect(() => toWarehouseDate('2027-11-07', 'America/New_York')).toThrowError(expect.objectContaining({ code: 'invalid_input' }));
    expect(() => toWarehouseDate(new Date(Number.NaN), 'UTC')).toThrowError(expect.objectContaining({ code: 'invalid_input' }));
  });

  it('property: agrees with a plain UTC day-arithmetic model in every zone', () => {
    const arb = fromDay.chain((from) =>
      fc.record({ from: fc.constant(from), length: fc.integer({ min: 1, max: 120 }), calendar: calendarArb(from, 120) }),
    );
    fc.assert(
      fc.property(arb, ({ from, length, calendar }) => {
        const to = dateOfDay(from + length - 1);
        const expected = horizonDates(dateOfDay(from), to).filter((d) => !isClosed(d, calendar));
        expect(eachWorkingDay(dateOfDay(from), to, calendar)).toEqual(expected);
      }),
      { numRuns: propertyRuns(200) },
    );
  });
});
