/**
 * Run by `time-zones.test.ts` in a child process whose host time zone is set with `TZ=`: checks
 * the calendar functions in every IANA zone the runtime knows against the plain-date model and
 * an independent `Intl` reading, and prints one JSON report on stdout.
 *
 * For each warehouse zone: the day grid of 2027 (a year of daylight-saving changes in both
 * hemispheres) through `eachWorkingDay`; a plan over 2027 (which must terminate, use every working
 * day once and count each key as often as its frequency); `nextCountDate` from every date within
 * two days of each of the zone's offset changes; `toWarehouseDate` at each change, the millisecond
 * before it and every two hours within a day of it. The plan's and the due dates' digests go into the report, so the parent can check
 * that every host zone computed the same answers.
 */
import { createHash } from 'node:crypto';
import { eachWorkingDay, nextCountDate, planCycleCounts, toWarehouseDate, type CycleCountKey } from '../../src/policy/index.js';
import { dateOfDay, dayOfDate, horizonDates, isClosed } from './arbitraries.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const ALL_DAYS = [1, 2, 3, 4, 5, 6, 7] as const;

/** Formatters by zone: building one costs far more than using it. */
function cached(options: Intl.DateTimeFormatOptions): (timeZone: string) => Intl.DateTimeFormat {
  const byZone = new Map<string, Intl.DateTimeFormat>();
  return (timeZone) => {
    let format = byZone.get(timeZone);
    if (format === undefined) byZone.set(timeZone, (format = new Intl.DateTimeFormat('en-US', { ...options, timeZone })));
    return format;
  };
}
const dateFormat = cached({ year: 'numeric', month: '2-digit', day: '2-digit', calendar: 'gregory', numberingSystem: 'latn' });
const offsetFormat = cached({ timeZoneName: 'longOffset' });

/** The date an instant falls on in a zone, read with `Intl` alone (the oracle). */
function intlDate(ms: number, timeZone: string): string {
  const parts = dateFormat(timeZone).formatToParts(ms);
  const part = (type: string) => parts.find((p) => p.type === type)!.value;
  return `${part('year').padStart(4, '0')}-${part('month')}-${part('day')}`;
}

/** The zone's UTC offset at an instant, in minutes, read with `Intl` alone. */
function intlOffset(ms: number, timeZone: string): string {
  return offsetFormat(timeZone).formatToParts(ms).find((p) => p.type === 'timeZoneName')!.value;
}

/**
 * The instants (to the minute) in 2027 at which a zone's offset changes: sampled weekly (no zone
 * changes twice within a week), each change found by bisection.
 */
function offsetChanges(timeZone: string): number[] {
  const changes: number[] = [];
  const end = Date.parse('2028-01-01T00:00:00Z');
  for (let from = Date.parse('2027-01-01T00:00:00Z'); from < end; from += 7 * DAY) {
    const before = intlOffset(from, timeZone);
    let to = Math.min(from + 7 * DAY, end);
    if (intlOffset(to, timeZone) === before) continue;
    let low = from;
    while (to - low > MINUTE) {
      const middle = low + Math.floor((to - low) / 2 / MINUTE) * MINUTE;
      if (intlOffset(middle, timeZone) === before) low = middle;
      else to = middle;
    }
    changes.push(to);
  }
  return changes;
}

const keys: CycleCountKey[] = [
  { id: 'A-1', class: 'A' },
  { id: 'A-2', class: 'A', lastCountedAt: '2026-12-20' },
  { id: 'B-1', class: 'B' },
  { id: 'C-1', class: 'C', lastCountedAt: '2026-11-02T23:30:00Z' },
  { id: 'W-1', frequency: 52 },
  { id: 'D-1', frequency: 104, lastCountedAt: '2026-12-31T12:00:00Z' },
];

const failures: string[] = [];
const digests: Record<string, string> = {};
const fail = (zone: string, what: string): void => void failures.push(`${zone}: ${what}`);
const started = Date.now();
const everyDate = horizonDates('2027-01-01', '2027-12-31');
// Node 20's list has the older spelling of some zones (America/Godthab): add the current ones used in reports.
const zones = [...new Set([...Intl.supportedValuesOf('timeZone'), 'America/Nuuk', 'Europe/Kyiv', 'UTC'])];

for (const timeZone of zones) {
  const digest = createHash('sha256');
  // The day grid: every date of the year once, in order, whatever the zone.
  const grid = eachWorkingDay('2027-01-01', '2027-12-31', { timeZone, workingDays: [...ALL_DAYS] });
  if (grid.join() !== everyDate.join()) fail(timeZone, 'the day grid of 2027 is not every date once');

  // A plan terminates and uses exactly the model's working days.
  const calendar = { timeZone, holidays: ['2027-12-24'] };
  const plan = planCycleCounts({ keys, from: '2027-01-01', to: '2027-12-31', calendar, capacity: { keysPerDay: 3 }, seed: 7 });
  const expectedDays = everyDate.filter((date) => !isClosed(date, calendar));
  if (plan.days.map((day) => day.date).join() !== expectedDays.join()) fail(timeZone, 'the plan days are not the working days');
  if (plan.schedule('A-1')?.dates.length !== 12 || plan.schedule('B-1')?.dates.length !== 4) fail(timeZone, 'a key is not counted as often as its class says');
  if (plan.totals.shortfall !== 0) fail(timeZone, `a plan with room has a shortfall of ${plan.totals.shortfall}`);
  digest.update(JSON.stringify(plan.schedules));

  // Due dates and warehouse dates around each offset change of the zone.
  for (const change of offsetChanges(timeZone)) {
    const instants = [change - 1, change];
    for (let ms = change - DAY; ms <= change + DAY; ms += 2 * HOUR) instants.push(ms);
    for (const ms of instants) {
      const date = toWarehouseDate(new Date(ms), timeZone);
      if (date !== intlDate(ms, timeZone)) fail(timeZone, `toWarehouseDate(${new Date(ms).toISOString()}) is ${date}, Intl says ${intlDate(ms, timeZone)}`);
    }
    const around = dayOfDate(intlDate(change, timeZone));
    for (let day = around - 2; day <= around + 2; day++) {
      for (const frequency of [365, 52]) {
        const due = nextCountDate({ frequency, lastCountedAt: dateOfDay(day) }, { calendar: { timeZone, workingDays: [...ALL_DAYS] } });
        const expected = dateOfDay(day + Math.floor(365 / frequency));
        if (due !== expected) fail(timeZone, `nextCountDate from ${dateOfDay(day)} every ${365 / frequency} days is ${due}, not ${expected}`);
        digest.update(`${due}`);
      }
      const instant = new Date(day * DAY + 12 * HOUR).toISOString();
      digest.update(`${nextCountDate({ frequency: 12, lastCountedAt: instant }, { calendar })}`);
    }
  }
  digests[timeZone] = digest.digest('hex').slice(0, 16);
}

process.stdout.write(
  JSON.stringify({
    hostTimeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
    // The host's UTC offset in January and July, in minutes east of UTC, to show that TZ took effect.
    hostOffsets: [Date.parse('2027-01-15T12:00:00Z'), Date.parse('2027-07-15T12:00:00Z')].map((ms) => -new Date(ms).getTimezoneOffset()),
    zones: zones.length,
    ms: Date.now() - started,
    failures: failures.slice(0, 20),
    failureCount: failures.length,
    digests,
  }),
);
