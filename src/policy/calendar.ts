/**
 * Warehouse calendars: which calendar dates are working days in the warehouse's time zone.
 *
 * A date is a working day when its weekday is a working weekday, it is not a holiday and it lies
 * in no blackout range (peak season, inventory freeze of a site). Dates are calendar dates in the
 * warehouse's zone, counted by plain day arithmetic: a daylight-saving change, in the warehouse's
 * zone or on the machine running the code, neither shifts nor duplicates nor skips a day. The zone
 * only turns an instant into a date ({@link toWarehouseDate}).
 *
 * @module
 */
import { StocktakeError } from '../errors.js';
import { dateOfDayNumber, dayNumber, instantToLocalDate, isoWeekdayOfDayNumber } from './dates.js';
import { calendarDateSchema, parseInput, timestampSchema, timeZoneSchema, warehouseCalendarSchema } from './schemas.js';
import type { z } from 'zod';

/** An ISO weekday: 1 = Monday … 7 = Sunday. */
export type IsoWeekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

/** A range of closed dates (peak season, a site shutdown), both ends included. */
export interface Blackout {
  /** The first closed date, `YYYY-MM-DD`. */
  from: string;
  /** The last closed date, `YYYY-MM-DD`. */
  to: string;
  /** Why the range is closed, for people. */
  reason?: string;
}

/** When a warehouse counts. */
export interface WarehouseCalendar {
  /** The warehouse's IANA time zone, e.g. `Europe/Berlin`; every date is a calendar date there. */
  timeZone: string;
  /** Working weekdays (1 = Monday … 7 = Sunday); Monday to Friday when omitted. */
  workingDays?: readonly IsoWeekday[];
  /** Closed dates, `YYYY-MM-DD`. */
  holidays?: readonly string[];
  /** Closed ranges, both ends included. */
  blackouts?: readonly Blackout[];
}

/** The working weekdays when a calendar names none: Monday to Friday. */
export const DEFAULT_WORKING_DAYS: readonly IsoWeekday[] = [1, 2, 3, 4, 5];

/** How far the working-day searches look before giving up: ten years. */
const SEARCH_LIMIT_DAYS = 3653;

/** Why a date is not a working day; `undefined` for a working day. @internal */
export type ClosedReason = 'weekday' | 'holiday' | 'blackout';

/** A calendar after validation, with fast lookups. @internal */
export interface ResolvedCalendar {
  readonly timeZone: string;
  closedReason(date: string, isoWeekday: number): ClosedReason | undefined;
}

/**
 * Prepares a validated calendar for repeated lookups.
 *
 * @internal
 */
export function resolveCalendar(calendar: z.output<typeof warehouseCalendarSchema>): ResolvedCalendar {
  const working = new Set<number>(calendar.workingDays ?? DEFAULT_WORKING_DAYS);
  const holidays = new Set(calendar.holidays ?? []);
  const blackouts = calendar.blackouts ?? [];
  return {
    timeZone: calendar.timeZone,
    closedReason(date, isoWeekday) {
      if (!working.has(isoWeekday)) return 'weekday';
      if (holidays.has(date)) return 'holiday';
      // ISO calendar dates compare correctly as strings.
      if (blackouts.some((b) => b.from <= date && date <= b.to)) return 'blackout';
      return undefined;
    },
  };
}

/** One calendar day of a horizon. @internal */
export interface GridDay {
  readonly date: string;
  readonly isoWeekday: number;
  readonly closed: ClosedReason | undefined;
}

/**
 * Every calendar date from `from` to `to` (both included) in the calendar's zone, in order, each
 * exactly once, with its weekday and whether it is closed.
 *
 * @internal
 */
export function buildDayGrid(from: string, to: string, calendar: ResolvedCalendar): GridDay[] {
  const grid: GridDay[] = [];
  for (let day = dayNumber(from), last = dayNumber(to); day <= last; day++) grid.push(gridDay(day, calendar));
  return grid;
}

function gridDay(day: number, calendar: ResolvedCalendar): GridDay {
  const date = dateOfDayNumber(day);
  const isoWeekday = isoWeekdayOfDayNumber(day);
  return { date, isoWeekday, closed: calendar.closedReason(date, isoWeekday) };
}

/**
 * Tells whether a calendar date is a working day of a warehouse.
 *
 * @param date - a calendar date `YYYY-MM-DD` in the warehouse's zone
 * @param calendar - the warehouse calendar
 * @returns true when the weekday is a working weekday and the date is neither a holiday nor in a blackout
 * @throws StocktakeError `invalid_input` when the date or the calendar is malformed
 * @example
 * ```ts
 * isWorkingDay('2027-12-24', { timeZone: 'Europe/Berlin', holidays: ['2027-12-24'] }); // false
 * ```
 */
export function isWorkingDay(date: string, calendar: WarehouseCalendar): boolean {
  const d = parseInput(calendarDateSchema, date, ['date']);
  const cal = resolveCalendar(parseInput(warehouseCalendarSchema, calendar, ['calendar']));
  return cal.closedReason(d, isoWeekdayOfDayNumber(dayNumber(d))) === undefined;
}

/**
 * The first working day on or after a date.
 *
 * @internal
 */
export function firstWorkingDayFrom(date: string, calendar: ResolvedCalendar): string | undefined {
  const first = dayNumber(date);
  for (let day = first; day < first + SEARCH_LIMIT_DAYS; day++) {
    const { date: d, closed } = gridDay(day, calendar);
    if (closed === undefined) return d;
  }
  return undefined;
}

/**
 * The first working day on or after a date (the date itself when it is one).
 *
 * @param date - a calendar date `YYYY-MM-DD` in the warehouse's zone
 * @param calendar - the warehouse calendar
 * @returns the working day, `YYYY-MM-DD`
 * @throws StocktakeError `invalid_input` when the input is malformed or the calendar has no
 *   working day in the ten years from `date`
 * @example
 * ```ts
 * workingDayOnOrAfter('2027-03-27', { timeZone: 'Europe/Berlin' }); // '2027-03-29' (Saturday → Monday)
 * ```
 */
export function workingDayOnOrAfter(date: string, calendar: WarehouseCalendar): string {
  const d = parseInput(calendarDateSchema, date, ['date']);
  const cal = resolveCalendar(parseInput(warehouseCalendarSchema, calendar, ['calendar']));
  const found = firstWorkingDayFrom(d, cal);
  if (found === undefined) {
    throw new StocktakeError('invalid_input', `The calendar has no working day in the ten years from ${d}`, {
      path: ['calendar'],
    });
  }
  return found;
}

/**
 * Lists the working days between two dates, both included.
 *
 * @param from - the first date `YYYY-MM-DD`
 * @param to - the last date `YYYY-MM-DD`
 * @param calendar - the warehouse calendar
 * @returns the working days in order, each once (also across daylight-saving changes)
 * @throws StocktakeError `invalid_input` when the input is malformed or `to` is before `from`
 * @example
 * ```ts
 * eachWorkingDay('2027-03-26', '2027-03-29', { timeZone: 'Europe/Berlin' });
 * // ['2027-03-26', '2027-03-29']
 * ```
 */
export function eachWorkingDay(from: string, to: string, calendar: WarehouseCalendar): string[] {
  const f = parseInput(calendarDateSchema, from, ['from']);
  const t = parseInput(calendarDateSchema, to, ['to']);
  if (f > t) throw new StocktakeError('invalid_input', 'to must not be before from', { path: ['to'] });
  const cal = resolveCalendar(parseInput(warehouseCalendarSchema, calendar, ['calendar']));
  return buildDayGrid(f, t, cal)
    .filter((d) => d.closed === undefined)
    .map((d) => d.date);
}

/**
 * The calendar date an instant falls on in a warehouse's zone, e.g. to turn a count's
 * `countedAt` into the `lastCountedAt` date of a plan.
 *
 * @param instant - an ISO 8601 timestamp with `Z` or an offset, or a `Date`
 * @param timeZone - the warehouse's IANA time zone
 * @returns the calendar date `YYYY-MM-DD`
 * @throws StocktakeError `invalid_input` when the instant or the zone is malformed
 * @example
 * ```ts
 * toWarehouseDate('2027-03-27T23:30:00Z', 'Europe/Berlin'); // '2027-03-28'
 * ```
 */
export function toWarehouseDate(instant: string | Date, timeZone: string): string {
  const zone = parseInput(timeZoneSchema, timeZone, ['timeZone']);
  if (instant instanceof Date) {
    if (Number.isNaN(instant.getTime())) {
      throw new StocktakeError('invalid_input', 'Invalid Date', { path: ['instant'] });
    }
    return instantToLocalDate(instant, zone);
  }
  return instantToLocalDate(parseInput(timestampSchema, instant, ['instant']), zone);
}
