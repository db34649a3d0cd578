/**
 * Calendar dates of a warehouse. A plan speaks of calendar dates (`YYYY-MM-DD`), not instants, so
 * every date computation here is integer arithmetic on day numbers (days since 1970-01-01 in the
 * proleptic Gregorian calendar, no `Date` involved): a day is always one day,
 * and no daylight-saving change, in the warehouse's zone or in the zone of the machine running
 * the code, can shift, duplicate or skip one. The warehouse's zone is used for one thing only:
 * turning an instant into the date it falls on there ({@link instantToLocalDate}).
 *
 * @module
 * @internal
 */
import { tzOffset } from '@date-fns/tz';

const DAY_MS = 86_400_000;
const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The day number of a calendar date: days since 1970-01-01 (negative before).
 *
 * @param date - `YYYY-MM-DD`, already validated
 * @returns the day number
 * @example
 * ```ts
 * dayNumber('1970-01-02'); // 1
 * ```
 * @internal
 */
export function dayNumber(date: string): number {
  return daysFromCivil(Number(date.slice(0, 4)), Number(date.slice(5, 7)), Number(date.slice(8, 10)));
}

/**
 * The calendar date of a day number.
 *
 * @param day - days since 1970-01-01
 * @returns `YYYY-MM-DD`
 * @example
 * ```ts
 * dateOfDayNumber(1); // '1970-01-02'
 * ```
 * @internal
 */
export function dateOfDayNumber(day: number): string {
  // Hinnant's civil_from_days: proleptic Gregorian, in 400-year eras of 146 097 days, with years
  // starting on 1 March so that the leap day is the last day of a year.
  const z = day + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365);
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const shiftedMonth = Math.floor((5 * dayOfYear + 2) / 153);
  const dayOfMonth = dayOfYear - Math.floor((153 * shiftedMonth + 2) / 5) + 1;
  const month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(dayOfMonth, 2)}`;
}

/** Hinnant's days_from_civil, the inverse of {@link dateOfDayNumber}; a day past a month's end rolls over. */
function daysFromCivil(year: number, month: number, dayOfMonth: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + dayOfMonth - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

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
  // A day that does not exist (30 February) rolls over into the next month and reads back differently;
  // a month outside 1..12 or day 0 reads back differently too.
  return dateOfDayNumber(dayNumber(value)) === value;
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
  if (knownTimeZones.has(value)) return true;
  if (value.length === 0) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    if (!Number.isFinite(tzOffset(value, new Date(0)))) return false;
  } catch {
    return false;
  }
  // Building a formatter costs about half a millisecond: a zone is checked once per process.
  knownTimeZones.add(value);
  return true;
}

/** Zone names `Intl` accepted (a few hundred at most: the names it knows, in the spellings used). */
const knownTimeZones = new Set<string>();

/**
 * Adds calendar days to a calendar date.
 *
 * @param date - `YYYY-MM-DD`
 * @param days - how many days (may be negative)
 * @returns the resulting calendar date
 * @example
 * ```ts
 * addCalendarDays('2027-03-27', 2); // '2027-03-29', whatever the zone and its daylight-saving changes
 * ```
 * @internal
 */
export function addCalendarDays(date: string, days: number): string {
  return dateOfDayNumber(dayNumber(date) + days);
}

/**
 * Counts calendar days from one date to another (`to - from`).
 *
 * @param from - `YYYY-MM-DD`
 * @param to - `YYYY-MM-DD`
 * @returns whole days, negative when `to` is earlier
 * @example
 * ```ts
 * calendarDaysBetween('2027-03-27', '2027-03-29'); // 2
 * ```
 * @internal
 */
export function calendarDaysBetween(from: string, to: string): number {
  return dayNumber(to) - dayNumber(from);
}

/**
 * The ISO weekday of a day number (1 = Monday … 7 = Sunday).
 *
 * @param day - days since 1970-01-01
 * @returns 1 to 7
 * @example
 * ```ts
 * isoWeekdayOfDayNumber(dayNumber('2027-03-28')); // 7
 * ```
 * @internal
 */
export function isoWeekdayOfDayNumber(day: number): number {
  // 1970-01-01 was a Thursday (4).
  return ((((day + 3) % 7) + 7) % 7) + 1;
}

/**
 * The calendar date an instant falls on in a zone: the instant shifted by the zone's UTC offset
 * at that instant (from `Intl`, through `@date-fns/tz`), read as a UTC date.
 *
 * @param instant - epoch milliseconds, an ISO 8601 timestamp with `Z` or an offset, or a `Date`
 * @param timeZone - the zone
 * @returns `YYYY-MM-DD`
 * @example
 * ```ts
 * instantToLocalDate('2027-03-27T23:30:00Z', 'Europe/Berlin'); // '2027-03-28'
 * ```
 * @internal
 */
export function instantToLocalDate(instant: number | string | Date, timeZone: string): string {
  const ms = typeof instant === 'number' ? instant : typeof instant === 'string' ? Date.parse(instant) : instant.getTime();
  const offsetMs = Math.round(tzOffset(timeZone, new Date(ms)) * 60_000);
  return dateOfDayNumber(Math.floor((ms + offsetMs) / DAY_MS));
}

function pad(n: number, width: number): string {
  const text = String(n);
  return text.length >= width ? text : '0'.repeat(width - text.length) + text;
}
