/**
 * When a key is next due for a cycle count, from its frequency policy and its history.
 *
 * @module
 */
import { StocktakeError } from '../errors.js';
import { firstWorkingDayFrom, resolveCalendar, type WarehouseCalendar } from './calendar.js';
import { DAYS_PER_YEAR } from './cycle-plan.js';
import { addCalendarDays, instantToLocalDate, isCalendarDate } from './dates.js';
import { nextCountDateKeySchema, nextCountDateOptionsSchema, parseInput, resolveClassFrequency } from './schemas.js';

/** The key whose next count is wanted: its class or frequency and when it was last counted. */
export interface NextCountDateKey {
  /** The key's id (only echoed in error messages). */
  id?: string;
  /** Its class; gives the frequency when `frequency` is absent. */
  class?: string;
  /** Counts per year; overrides the class frequency. */
  frequency?: number;
  /** When it was last counted: a date `YYYY-MM-DD` in the warehouse's zone or an ISO timestamp. */
  lastCountedAt?: string;
}

/** Options of {@link nextCountDate}. */
export interface NextCountDateOptions {
  /** The warehouse calendar. */
  calendar: WarehouseCalendar;
  /** Counts per year per class, merged over the defaults `{ A: 12, B: 4, C: 2 }`. */
  frequencies?: Readonly<Record<string, number>>;
  /**
   * Today, `YYYY-MM-DD` in the warehouse's zone. An overdue key (or one never counted) is due on
   * the first working day on or after it. Needed for keys without `lastCountedAt`.
   */
  asOf?: string;
}

/**
 * The next working day a key is due for a count.
 *
 * The due date is `lastCountedAt + floor(365 / frequency)` calendar days (the same ideal date a
 * plan uses), moved forward to the first working day on or after it. With `asOf`, a due date in
 * the past becomes `asOf` (the count is overdue: do it now), and a key never counted is due on
 * `asOf`. A plan may place the count on a nearer working day before the due date to level the
 * load; this function answers "when at the latest, by the policy".
 *
 * @param key - the key's class or frequency and its last-counted date
 * @param options - the calendar, class frequencies and today's date
 * @returns the date `YYYY-MM-DD`, or `undefined` when the key's frequency is 0 (never counted by policy)
 * @throws StocktakeError `invalid_input` when the input is malformed, a never-counted key comes
 *   without `asOf`, or the calendar has no working day within ten years of the due date
 * @example
 * ```ts
 * nextCountDate(
 *   { class: 'A', lastCountedAt: '2027-02-12' },
 *   { calendar: { timeZone: 'Europe/Berlin' }, asOf: '2027-02-20' },
 * ); // '2027-03-15': due Sunday 14 March (12 Feb + 30 days), counted the Monday after
 * ```
 */
export function nextCountDate(key: NextCountDateKey, options: NextCountDateOptions): string | undefined {
  const k = parseInput(nextCountDateKeySchema, key, ['key']);
  const o = parseInput(nextCountDateOptionsSchema, options, ['options']);
  const frequency = k.frequency ?? (k.class === undefined ? undefined : resolveClassFrequency(k.class, o.frequencies));
  if (frequency === undefined) {
    throw new StocktakeError('invalid_input', `No frequency for class ${k.class ?? ''}`, { path: ['key', 'class'] });
  }
  if (frequency === 0) return undefined;
  const calendar = resolveCalendar(o.calendar);
  const zone = calendar.timeZone;

  let due: string;
  if (k.lastCountedAt === undefined) {
    if (o.asOf === undefined) {
      throw new StocktakeError('invalid_input', 'A key never counted needs options.asOf', { path: ['options', 'asOf'] });
    }
    due = o.asOf;
  } else {
    const last = isCalendarDate(k.lastCountedAt) ? k.lastCountedAt : instantToLocalDate(k.lastCountedAt, zone);
    due = addCalendarDays(last, Math.floor(DAYS_PER_YEAR / frequency));
    if (o.asOf !== undefined && due < o.asOf) due = o.asOf;
  }
  const found = firstWorkingDayFrom(due, calendar);
  if (found === undefined) {
    throw new StocktakeError('invalid_input', `The calendar has no working day in the ten years from ${due}`, {
      path: ['options', 'calendar'],
    });
  }
  return found;
}
