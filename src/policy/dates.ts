/**
 * Calendar dates in a warehouse's time zone. A plan speaks of calendar dates (`YYYY-MM-DD`), not
 * instants: every date is turned into midnight of that date in the warehouse's zone (a `TZDate`)
 * and all arithmetic is done with date-fns on those, so a daylight-saving change in the zone
 * neither shifts nor duplicates a day, whatever the time zone of the machine running the code.
 *
 * @module
 * @internal
 */
import { TZDate, tz } from '@date-fns/tz';
import { addDays, differenceInCalendarDays, format, getISODay, isValid, parse, parseISO } from 'date-fns';

const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Tells whether a string is a real calendar date written `YYYY-MM-DD` (years 1000 to 9999).
 *
 * @param value - the string
 * @returns true for `2027-02-28`, false for `2027-02-30` or `27-2-28`
 * @example
 * ```ts
 * isCalendarDate('2028-02-29'); // true (leap year)
 * ```
 * @internal
 */
export function isCalendarDate(value: string): boolean {
  if (!DATE_PATTERN.test(value) || value < '1000') return false;
  const parsed = parse(value, 'yyyy-MM-dd', new TZDate(2000, 0, 1, 'UTC'), { in: tz('UTC') });
  return isValid(parsed) && format(parsed, 'yyyy-MM-dd') === value;
}

/**
 * Tells whether the runtime knows an IANA time zone name (`Europe/Berlin`, `UTC`).
 *
 * @param value - the name
 * @returns true when `Intl` accepts it
 * @example
 * ```ts
 * isTimeZone('America/New_York'); // true
 * ```
 * @internal
 */
export function isTimeZone(value: string): boolean {
  if (value.length === 0) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    return !Number.isNaN(new TZDate(2000, 0, 1, value).getTime());
  } catch {
    return false;
  }
}

/**
 * Midnight of a calendar date in a time zone.
 *
 * @param date - `YYYY-MM-DD`
 * @param timeZone - an IANA time zone name
 * @returns the `TZDate` at the start of that day in that zone
 * @example
 * ```ts
 * startOfLocalDate('2027-03-28', 'Europe/Berlin').toISOString(); // '2027-03-28T00:00:00.000+01:00'
 * ```
 * @internal
 */
export function startOfLocalDate(date: string, timeZone: string): TZDate {
  return parse(date, 'yyyy-MM-dd', new TZDate(2000, 0, 1, timeZone), { in: tz(timeZone) }) as TZDate;
}

/**
 * Formats a date as `YYYY-MM-DD` in its own zone (a `TZDate` formats in its zone).
 *
 * @param date - the date
 * @returns the calendar date
 * @example
 * ```ts
 * formatLocalDate(new TZDate(2027, 2, 28, 'Europe/Berlin')); // '2027-03-28'
 * ```
 * @internal
 */
export function formatLocalDate(date: Date): string {
  // The getters of a TZDate answer in its zone; this is `format(date, 'yyyy-MM-dd')`, faster.
  const pad = (n: number, width: number): string => String(n).padStart(width, '0');
  return `${pad(date.getFullYear(), 4)}-${pad(date.getMonth() + 1, 2)}-${pad(date.getDate(), 2)}`;
}

/**
 * Adds calendar days to a calendar date in a zone.
 *
 * @param date - `YYYY-MM-DD`
 * @param days - how many days (may be negative)
 * @param timeZone - the zone
 * @returns the resulting calendar date
 * @example
 * ```ts
 * addLocalDays('2027-03-27', 2, 'Europe/Berlin'); // '2027-03-29', across the spring change
 * ```
 * @internal
 */
export function addLocalDays(date: string, days: number, timeZone: string): string {
  return formatLocalDate(addDays(startOfLocalDate(date, timeZone), days));
}

/**
 * Counts calendar days from one date to another in a zone (`to - from`).
 *
 * @param from - `YYYY-MM-DD`
 * @param to - `YYYY-MM-DD`
 * @param timeZone - the zone
 * @returns whole days, negative when `to` is earlier
 * @example
 * ```ts
 * localDaysBetween('2027-03-27', '2027-03-29', 'Europe/Berlin'); // 2
 * ```
 * @internal
 */
export function localDaysBetween(from: string, to: string, timeZone: string): number {
  return differenceInCalendarDays(startOfLocalDate(to, timeZone), startOfLocalDate(from, timeZone), {
    in: tz(timeZone),
  });
}

/**
 * The ISO weekday of a calendar date (1 = Monday … 7 = Sunday).
 *
 * @param date - `YYYY-MM-DD`
 * @param timeZone - the zone
 * @returns 1 to 7
 * @example
 * ```ts
 * localIsoWeekday('2027-03-28', 'Europe/Berlin'); // 7
 * ```
 * @internal
 */
export function localIsoWeekday(date: string, timeZone: string): number {
  return getISODay(startOfLocalDate(date, timeZone));
}

/**
 * The calendar date an instant falls on in a zone.
 *
 * @param instant - an ISO 8601 timestamp with `Z` or an offset, or a `Date`
 * @param timeZone - the zone
 * @returns `YYYY-MM-DD`
 * @example
 * ```ts
 * instantToLocalDate('2027-03-27T23:30:00Z', 'Europe/Berlin'); // '2027-03-28'
 * ```
 * @internal
 */
export function instantToLocalDate(instant: string | Date, timeZone: string): string {
  const ms = typeof instant === 'string' ? parseISO(instant).getTime() : instant.getTime();
  return formatLocalDate(new TZDate(ms, timeZone));
}
