/**
 * fast-check arbitraries for plan inputs, and an independent calendar model (plain UTC day
 * arithmetic, no date-fns) that the properties compare the plans against.
 */
import fc from 'fast-check';
import type { CycleCountKey, IsoWeekday, PlanCycleCountsOptions, WarehouseCalendar } from '../../src/policy/index.js';

const DAY_MS = 86_400_000;

/** `YYYY-MM-DD` of a day number (days since 1970-01-01), by UTC arithmetic. */
export function dateOfDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** Day number of `YYYY-MM-DD`. */
export function dayOfDate(date: string): number {
  return Math.round(Date.parse(`${date}T00:00:00Z`) / DAY_MS);
}

/** ISO weekday of a day number (1970-01-01 was a Thursday). */
export function weekdayOfDay(day: number): number {
  return ((((day + 3) % 7) + 7) % 7) + 1;
}

/** The model: is a date closed under a calendar? */
export function isClosed(date: string, calendar: WarehouseCalendar): boolean {
  const weekday = weekdayOfDay(dayOfDate(date));
  const working = calendar.workingDays ?? [1, 2, 3, 4, 5];
  if (!working.includes(weekday as IsoWeekday)) return true;
  if ((calendar.holidays ?? []).includes(date)) return true;
  return (calendar.blackouts ?? []).some((b) => b.from <= date && date <= b.to);
}

/** Every date of a horizon, by the model. */
export function horizonDates(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = dayOfDate(from); d <= dayOfDate(to); d++) out.push(dateOfDay(d));
  return out;
}

export const timeZones = [
  'UTC',
  'Europe/Berlin',
  'America/New_York',
  'Australia/Sydney',
  'Asia/Kolkata',
  'Pacific/Auckland',
  'America/Sao_Paulo',
] as const;

const BASE_DAY = dayOfDate('2026-01-01');

export interface CalendarShape {
  /** Longest run of closed days allowed inside the horizon (weekends included); undefined = any. */
  maxHolidays?: number;
  maxBlackoutDays?: number;
  mondayToFriday?: boolean;
}

/** A horizon start in 2026–2029. */
export const fromDay = fc.integer({ min: BASE_DAY, max: BASE_DAY + 4 * 365 });

/** A calendar for a horizon starting at `from` and lasting `length` days. */
export function calendarArb(from: number, length: number, shape: CalendarShape = {}): fc.Arbitrary<WarehouseCalendar> {
  const day = fc.integer({ min: from, max: from + length - 1 });
  const workingDays: fc.Arbitrary<IsoWeekday[]> = shape.mondayToFriday
    ? fc.constant([1, 2, 3, 4, 5])
    : fc.uniqueArray(fc.constantFrom<IsoWeekday>(1, 2, 3, 4, 5, 6, 7), { minLength: 1, maxLength: 7 });
  return fc.record({
    timeZone: fc.constantFrom(...timeZones),
    workingDays,
    holidays: fc.uniqueArray(day, { maxLength: shape.maxHolidays ?? 20 }).map((ds) => ds.map(dateOfDay)),
    blackouts: fc
      .array(fc.tuple(day, fc.integer({ min: 0, max: shape.maxBlackoutDays ?? 40 })), { maxLength: 3 })
      .map((bs) => bs.map(([start, len]) => ({ from: dateOfDay(start), to: dateOfDay(start + len), reason: 'peak' }))),
  });
}

/** Keys with a class or a frequency, optionally a last-counted date before `from`. */
export function keysArb(
  from: number,
  options: { maxKeys?: number; frequencies?: readonly number[]; withHistory?: boolean } = {},
): fc.Arbitrary<CycleCountKey[]> {
  const frequencies = options.frequencies ?? [1, 2, 3, 4, 6, 12, 24];
  const key = fc.record(
    {
      kind: fc.oneof(
        fc.constantFrom('A', 'B', 'C').map((c) => ({ class: c })),
        fc.constantFrom(...frequencies).map((f) => ({ frequency: f })),
      ),
      effortMinutes: fc.integer({ min: 5, max: 60 }),
      last: options.withHistory === false ? fc.constant(undefined) : fc.option(fc.integer({ min: 1, max: 400 }), { nil: undefined }),
    },
    { requiredKeys: ['kind', 'effortMinutes', 'last'] },
  );
  return fc.array(key, { minLength: 1, maxLength: options.maxKeys ?? 25 }).map((ks) =>
    ks.map((k, i): CycleCountKey => {
      const out: CycleCountKey = { id: `K-${String(i).padStart(3, '0')}`, ...k.kind, effortMinutes: k.effortMinutes };
      if (k.last !== undefined) out.lastCountedAt = dateOfDay(from - k.last);
      return out;
    }),
  );
}

/** Any plan options: calendars with closures of any length, key or minute capacity. */
export const anyPlanOptions: fc.Arbitrary<PlanCycleCountsOptions> = fromDay.chain((from) =>
  fc.integer({ min: 1, max: 400 }).chain((length) =>
    fc.record({
      keys: keysArb(from),
      from: fc.constant(dateOfDay(from)),
      to: fc.constant(dateOfDay(from + length - 1)),
      calendar: calendarArb(from, length),
      capacity: fc.oneof(
        fc.record({ keysPerDay: fc.integer({ min: 0, max: 12 }) }),
        fc.record({ minutesPerDay: fc.integer({ min: 0, max: 240 }) }),
        fc.record({ keysPerDay: fc.integer({ min: 0, max: 12 }), minutesPerDay: fc.integer({ min: 0, max: 240 }) }),
      ),
      seed: fc.oneof(fc.integer(), fc.string()),
    }),
  ),
);

/** The longest run of consecutive closed dates in a horizon. */
export function longestClosure(from: string, to: string, calendar: WarehouseCalendar): number {
  let run = 0;
  let longest = 0;
  for (const date of horizonDates(from, to)) {
    run = isClosed(date, calendar) ? run + 1 : 0;
    longest = Math.max(longest, run);
  }
  return longest;
}
