/**
 * Capacity-aware cycle-count plans: each key's counts spread evenly over the horizon, placed on
 * working days without exceeding the daily capacity, with any work that does not fit reported as
 * a shortfall.
 *
 * @module
 */
import type { z } from 'zod';
import { buildDayGrid, resolveCalendar, type WarehouseCalendar } from './calendar.js';
import { calendarDaysBetween, instantToLocalDate, isCalendarDate } from './dates.js';
import { createRandom, seedToUint32, type Seed } from './random.js';
import {
  calendarDateSchema,
  parseInput,
  planCycleCountsOptionsSchema,
  resolveClassFrequency,
} from './schemas.js';

/** Days in the year that a frequency (counts per year) refers to. */
export const DAYS_PER_YEAR = 365;

/**
 * A subject of a plan: an item (`id` = sku), a location (`id` = a bin or zone path, for rolling
 * counts by zone) or any other countable key.
 */
export interface CycleCountKey {
  /** The key's id, unique in the plan. */
  id: string;
  /** Its class (e.g. from {@link classifyAbc}); gives the frequency when `frequency` is absent. */
  class?: string;
  /** Counts per year (0 to 365); overrides the class frequency. 0 means never planned. */
  frequency?: number;
  /** Minutes one count of this key takes; needed with `capacity.minutesPerDay`. */
  effortMinutes?: number;
  /**
   * When the key was last counted: a date `YYYY-MM-DD` in the warehouse's zone, or an ISO
   * timestamp (converted to the warehouse's date). Aligns the first count to last + interval.
   */
  lastCountedAt?: string;
}

/** How much counting a working day holds. At least one of the limits is needed; both may apply. */
export interface CycleCapacity {
  /** The most keys counted per working day. */
  keysPerDay?: number;
  /** The most counting minutes per working day (sum of the keys' `effortMinutes`). */
  minutesPerDay?: number;
  /** The effort of keys that give no `effortMinutes`. */
  defaultEffortMinutes?: number;
}

/** Options of {@link planCycleCounts}. */
export interface PlanCycleCountsOptions {
  /** The keys to plan (items or locations). */
  keys: readonly CycleCountKey[];
  /** The first date of the horizon, `YYYY-MM-DD` in the warehouse's zone. */
  from: string;
  /** The last date of the horizon (included). At most ten years after `from`. */
  to: string;
  /** The warehouse calendar: time zone, working weekdays, holidays, blackouts. */
  calendar: WarehouseCalendar;
  /** The daily capacity. */
  capacity: CycleCapacity;
  /** Counts per year per class, merged over the defaults `{ A: 12, B: 4, C: 2 }`. */
  frequencies?: Readonly<Record<string, number>>;
  /** The seed for staggering and tie-breaking; the same input and seed give the same plan. Default 0. */
  seed?: Seed;
  /**
   * How far (calendar days) a count may move from its ideal date before it counts as not fitting.
   * Default: half the key's interval, at least 7.
   */
  maxShiftDays?: number;
  /**
   * Whether counts that found no day within `maxShiftDays` are moved to any other day with spare
   * capacity in the horizon (marked `spilled`) before being reported as shortfall. Default true.
   */
  spill?: boolean;
}

/** One planned count of one key. */
export interface PlannedCount {
  /** The key's id. */
  id: string;
  /** The date it is planned on, `YYYY-MM-DD`. */
  date: string;
  /** The date it was ideally due on (even spacing). */
  idealDate: string;
  /** Which of the key's ideal dates in the horizon this is (1-based). */
  occurrence: number;
  /** `date − idealDate` in calendar days (negative: earlier than ideal). */
  shiftDays: number;
  /** True when it was placed beyond `maxShiftDays` to use spare capacity. */
  spilled: boolean;
  /** The minutes it takes (0 when the plan has no minute capacity and the key no effort). */
  effortMinutes: number;
}

/** One working day of a plan. */
export interface PlanDay {
  /** The date, `YYYY-MM-DD` in the warehouse's zone. */
  date: string;
  /** The ids of the keys to count that day, sorted. */
  keys: string[];
  /** The planned counts, sorted by key id. */
  counts: PlannedCount[];
  /** How much of the day is used. */
  load: PlanDayLoad;
  /** The day's capacity (a limit is `null` when the plan has none). */
  capacity: PlanDayCapacity;
}

/** How much of a plan day is used. */
export interface PlanDayLoad {
  /** Keys planned. */
  keys: number;
  /** Minutes planned (the sum of the counts' efforts). */
  minutes: number;
}

/** The capacity of a plan day. */
export interface PlanDayCapacity {
  /** The most keys, or `null` without a key limit. */
  keys: number | null;
  /** The most minutes, or `null` without a minute limit. */
  minutes: number | null;
}

/** The schedule of one key. */
export interface KeySchedule {
  /** The key's id. */
  id: string;
  /** Its counts per year. */
  frequency: number;
  /** The ideal interval between its counts, in days (365 / frequency; `null` for frequency 0). */
  intervalDays: number | null;
  /** How many counts are due in the horizon (the number of its ideal dates in the horizon). */
  demand: number;
  /** The dates it is planned on, ascending. */
  dates: string[];
  /** Its ideal dates, ascending. */
  idealDates: string[];
  /** The ideal dates of the counts that could not be planned. */
  missedDates: string[];
}

/** The counts of one key that could not be planned. */
export interface KeyShortfall {
  /** The key's id. */
  id: string;
  /** Counts due in the horizon. */
  demand: number;
  /** Counts planned. */
  scheduled: number;
  /** `demand − scheduled`. */
  missing: number;
  /** The ideal dates of the missing counts. */
  missedDates: string[];
}

/** A cycle-count plan; see {@link planCycleCounts}. */
export interface CycleCountPlan {
  /** The first date of the horizon. */
  from: string;
  /** The last date of the horizon. */
  to: string;
  /** The warehouse's time zone. */
  timeZone: string;
  /** The seed, as the 32-bit number used. */
  seed: number;
  /** Every working day of the horizon in order, also days with nothing planned. */
  days: PlanDay[];
  /** Per key, in the order of the input. */
  schedules: KeySchedule[];
  /** Keys with counts that could not be planned; empty when everything fits. */
  shortfall: KeyShortfall[];
  /** Totals over the plan. */
  totals: PlanTotals;
  /**
   * The plan of one working day.
   *
   * @param date - `YYYY-MM-DD`
   * @returns the day, or `undefined` when the date is not a working day of the horizon
   */
  day(date: string): PlanDay | undefined;
  /**
   * The schedule of one key.
   *
   * @param id - the key's id
   * @returns its schedule, or `undefined` for an unknown id
   */
  schedule(id: string): KeySchedule | undefined;
}

/** Totals over a plan. */
export interface PlanTotals {
  /** Number of keys. */
  keys: number;
  /** Counts due in the horizon, over all keys. */
  demand: number;
  /** Counts planned. */
  scheduled: number;
  /** `demand − scheduled`. */
  shortfall: number;
  /** Working days in the horizon. */
  workingDays: number;
  /** `keysPerDay × workingDays`, or `null` without a key limit. */
  capacityKeys: number | null;
  /** `minutesPerDay × workingDays`, or `null` without a minute limit. */
  capacityMinutes: number | null;
}

interface PreparedKey {
  readonly index: number;
  readonly id: string;
  readonly frequency: number;
  readonly interval: number;
  readonly effort: number;
  readonly window: number;
  readonly lastIndex: number | undefined;
  rank: number;
}

interface Occurrence {
  readonly key: PreparedKey;
  readonly j: number;
  readonly t: number;
  readonly idealDay: number;
  day: number;
  spilled: boolean;
}

/**
 * Plans cycle counts over a horizon.
 *
 * **Demand.** A key with frequency `f` has an ideal interval of `365 / f` days. Its ideal dates
 * are `anchor + k × interval` (k = 0, 1, …) that fall inside the horizon (fractional days from
 * `from`, each placed on the calendar date it falls in); its *demand* is the number of them.
 * The anchor is `lastCountedAt + interval` when the key has a last-counted date (an overdue key is
 * due on the first day), otherwise a seeded stagger: keys of equal frequency are shuffled with the
 * seed and spread evenly over the first interval so the load is level. Over a 365-day horizon a
 * key last counted before `from` (or never) therefore gets exactly `f` counts (for whole `f`).
 *
 * **Placement.** Counts are placed in order of their ideal dates (ties by a seeded key order) on
 * the nearest working day with spare capacity, searching outward (the earlier day first at equal
 * distance) at most `maxShiftDays` away, after the key's previous count. When every day in that
 * window is full, the count takes the place of a count of a key with a lower frequency (the
 * lowest first), so a shortage falls on C items before A items. Counts that find no day are, with
 * `spill` (default) and the most frequent keys first, moved to the nearest working day anywhere
 * in the horizon with spare capacity that does not already hold the key (exchanging a count with
 * another key if that is the only way to use the spare capacity, or else displacing a count of a
 * less frequently counted key); whatever still does not fit is returned as `shortfall`, never
 * dropped silently. With a key limit only, and no key due more often than
 * there are working days, the plan uses `min(demand, keysPerDay × workingDays)` slots exactly.
 *
 * Dates are calendar dates in `calendar.timeZone`, counted by plain day arithmetic: daylight-saving
 * changes, in that zone or on the machine running the code, neither shift, duplicate nor skip a
 * day; the zone only turns a `lastCountedAt` timestamp into the date it falls on there. The same input and seed give the same plan, whatever the order of `keys`.
 * Rolling counts by zone are a plan whose keys are locations.
 *
 * @param options - keys, horizon, calendar, capacity, class frequencies and seed
 * @returns the plan: working days with their counts, per-key schedules, shortfall and totals
 * @throws StocktakeError `invalid_input` when the options are malformed (the path names the field)
 * @example
 * ```ts
 * const plan = planCycleCounts({
 *   keys: [
 *     { id: 'SKU-1', class: 'A' },
 *     { id: 'SKU-2', class: 'C', lastCountedAt: '2026-11-20' },
 *   ],
 *   from: '2027-01-01',
 *   to: '2027-12-31',
 *   calendar: { timeZone: 'Europe/Berlin', holidays: ['2027-12-24'] },
 *   capacity: { keysPerDay: 40 },
 *   seed: 2027,
 * });
 * plan.schedule('SKU-1')?.dates.length; // 12
 * plan.day('2027-05-20')?.keys; // what to count that day
 * ```
 */
export function planCycleCounts(options: PlanCycleCountsOptions): CycleCountPlan {
  const o = parseInput(planCycleCountsOptionsSchema, options, ['options']);
  const calendar = resolveCalendar(o.calendar);
  const zone = calendar.timeZone;
  const grid = buildDayGrid(o.from, o.to, calendar);
  const n = grid.length;
  const available = grid.map((d) => d.closed === undefined);
  const seed = seedToUint32(o.seed ?? 0);
  const random = createRandom(seed);
  const keysPerDay = o.capacity.keysPerDay ?? null;
  const minutesPerDay = o.capacity.minutesPerDay ?? null;

  const prepared = o.keys.map((key, index) => prepareKey(key, index, o, zone));

  // A seeded order of the keys, independent of the input order: ties and stagger use it.
  const byId = prepared.slice().sort((x, y) => compareStrings(x.id, y.id));
  random.shuffle(byId).forEach((key, rank) => {
    key.rank = rank;
  });

  // Ideal dates.
  const anchors = computeAnchors(prepared, random);
  const occurrences: Occurrence[] = [];
  const perKey: Occurrence[][] = prepared.map(() => []);
  for (const key of prepared) {
    if (key.frequency === 0) continue;
    const anchor = anchors[key.index] ?? 0;
    for (let j = 0; ; j++) {
      // (j × 365) / f, not j × (365 / f): exact for whole frequencies, so a 365-day horizon
      // never gains or loses a count by rounding.
      const t = anchor + (j * DAYS_PER_YEAR) / key.frequency;
      if (t >= n) break;
      const occ: Occurrence = { key, j, t, idealDay: Math.floor(t), day: -1, spilled: false };
      occurrences.push(occ);
      perKey[key.index]?.push(occ);
    }
  }
  occurrences.sort((x, y) => x.t - y.t || x.key.rank - y.key.rank || x.j - y.j);

  // Day state.
  const dayKeys: Set<number>[] = grid.map(() => new Set<number>());
  const dayMinutes: number[] = grid.map(() => 0);
  const dayCounts: Occurrence[][] = grid.map(() => []);
  // Each day's counts also by frequency (lowest first), each bucket by rank (highest first): a
  // victim is the lowest-frequency, then nearest, then highest-ranked count that makes room, so
  // a day's candidates are the heads of its buckets rather than all of its counts.
  const frequencies = [...new Set(prepared.map((key) => key.frequency))].sort((a, b) => a - b);
  const frequencyIndex = new Map(frequencies.map((frequency, index) => [frequency, index]));
  const dayBuckets: Occurrence[][][] = grid.map(() => frequencies.map(() => []));
  const bucketOf = (occ: Occurrence, day: number): Occurrence[] => dayBuckets[day]![frequencyIndex.get(occ.key.frequency)!]!;
  /** Where a count of this rank goes in a bucket kept by rank, highest first. */
  const positionIn = (bucket: readonly Occurrence[], rank: number): number => {
    let low = 0;
    let high = bucket.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (bucket[middle]!.key.rank > rank) low = middle + 1;
      else high = middle;
    }
    return low;
  };
  const fits = (day: number, effort: number, removedEffort = 0, removedKeys = 0): boolean => {
    if (!available[day]) return false;
    const keys = (dayKeys[day]?.size ?? 0) - removedKeys;
    const minutes = (dayMinutes[day] ?? 0) - removedEffort;
    if (keysPerDay !== null && keys + 1 > keysPerDay) return false;
    if (minutesPerDay !== null && minutes + effort > minutesPerDay + 1e-9) return false;
    return true;
  };
  const place = (occ: Occurrence, day: number): void => {
    occ.day = day;
    dayKeys[day]?.add(occ.key.index);
    dayMinutes[day] = (dayMinutes[day] ?? 0) + occ.key.effort;
    dayCounts[day]?.push(occ);
    const bucket = bucketOf(occ, day);
    bucket.splice(positionIn(bucket, occ.key.rank), 0, occ);
  };
  const unplace = (occ: Occurrence): void => {
    const day = occ.day;
    dayKeys[day]?.delete(occ.key.index);
    dayMinutes[day] = (dayMinutes[day] ?? 0) - occ.key.effort;
    const list = dayCounts[day];
    if (list) list.splice(list.indexOf(occ), 1);
    // A day holds one count of a key at most, so its rank finds it.
    const bucket = bucketOf(occ, day);
    const at = positionIn(bucket, occ.key.rank);
    bucket.splice(bucket[at] === occ ? at : bucket.indexOf(occ), 1);
    occ.day = -1;
  };

  // Pass 1: nearest day within the key's window, after its previous count.
  const lastPlaced = prepared.map(() => -1);
  const unplaced: Occurrence[] = [];
  for (const occ of occurrences) {
    const k = occ.key;
    const lo = Math.max(0, occ.idealDay - k.window, (lastPlaced[k.index] ?? -1) + 1);
    const hi = Math.min(n - 1, occ.idealDay + k.window);
    let day = nearest(occ.idealDay, lo, hi, (d) => fits(d, k.effort));
    if (day === undefined) {
      // The window is full: take the place of a count of a less frequently counted key, which
      // then competes for spare capacity in pass 2 (a shortage falls on C items before A items).
      const victim = findVictim(occ, lo, hi);
      if (victim !== undefined) {
        day = victim.day;
        unplace(victim);
        unplaced.push(victim);
      }
    }
    if (day === undefined) {
      unplaced.push(occ);
    } else {
      place(occ, day);
      lastPlaced[k.index] = day;
    }
  }

  /**
   * The count to displace for `occ` within days lo..hi: of a lower frequency, the lowest first,
   * then the nearest day, then the highest rank (the earlier day on a tie), among those whose
   * removal makes room for it.
   */
  function findVictim(occ: Occurrence, lo: number, hi: number): Occurrence | undefined {
    const k = occ.key;
    let best: { victim: Occurrence; distance: number } | undefined;
    for (let d = lo; d <= hi; d++) {
      if (!available[d] || (dayKeys[d]?.has(k.index) ?? false)) continue;
      const victim = dayVictim(d, k);
      if (victim === undefined) continue;
      const distance = Math.abs(d - occ.idealDay);
      const better =
        best === undefined ||
        victim.key.frequency < best.victim.key.frequency ||
        (victim.key.frequency === best.victim.key.frequency &&
          (distance < best.distance || (distance === best.distance && victim.key.rank > best.victim.key.rank)));
      if (better) best = { victim, distance };
    }
    return best?.victim;
  }

  /** A day's best victim for key `k`: the highest-ranked fitting count of its lowest frequency below k's. */
  function dayVictim(d: number, k: PreparedKey): Occurrence | undefined {
    const buckets = dayBuckets[d]!;
    for (let f = 0; f < frequencies.length && frequencies[f]! < k.frequency; f++) {
      // By keys alone every count makes room; by minutes the first big enough one does.
      for (const victim of buckets[f]!) if (fits(d, k.effort, victim.key.effort, 1)) return victim;
    }
    return undefined;
  }

  // Pass 2: spill to any day with spare capacity that does not hold the key yet, the most
  // frequently counted keys first; when there is none, take the place of a count of a less
  // frequently counted key anywhere in the horizon, which goes back into the queue.
  const priority = (x: Occurrence, y: Occurrence): number =>
    y.key.frequency - x.key.frequency || x.t - y.t || x.key.rank - y.key.rank || x.j - y.j;
  const queue = unplaced.sort(priority);
  const missing: Occurrence[] = [];
  while (queue.length > 0) {
    const occ = queue.shift() as Occurrence;
    const k = occ.key;
    if (o.spill === false) {
      missing.push(occ);
      continue;
    }
    const canTake = (d: number): boolean => !(dayKeys[d]?.has(k.index) ?? false) && fits(d, k.effort);
    const day = nearest(occ.idealDay, 0, n - 1, canTake);
    if (day !== undefined) {
      occ.spilled = true;
      place(occ, day);
      continue;
    }
    if (exchange(occ)) continue;
    const victim = findVictim(occ, 0, n - 1);
    if (victim === undefined) {
      missing.push(occ);
      continue;
    }
    const victimDay = victim.day;
    unplace(victim);
    occ.spilled = true;
    place(occ, victimDay);
    // Each displacement puts a more frequent key where a less frequent one was, so this ends.
    const at = queue.findIndex((q) => priority(victim, q) < 0);
    queue.splice(at === -1 ? queue.length : at, 0, victim);
  }

  /**
   * Spare capacity exists only on days that already hold this key: move another key's count
   * from a day without this key to such a day, and take its place.
   */
  function exchange(occ: Occurrence): boolean {
    const k = occ.key;
    const spare: number[] = [];
    for (let d = 0; d < n; d++) {
      if (available[d] && hasSpare(d)) spare.push(d);
    }
    if (spare.length === 0) return false;
    for (const target of byDistance(occ.idealDay, n)) {
      if (!available[target] || (dayKeys[target]?.has(k.index) ?? false)) continue;
      const candidates = (dayCounts[target] ?? []).slice().sort((x, y) => x.key.rank - y.key.rank);
      for (const other of candidates) {
        if (!fits(target, k.effort, other.key.effort, 1)) continue;
        const to = spare.find((d) => d !== target && !(dayKeys[d]?.has(other.key.index) ?? false) && fits(d, other.key.effort));
        if (to === undefined) continue;
        unplace(other);
        place(other, to);
        other.spilled = true;
        occ.spilled = true;
        place(occ, target);
        return true;
      }
    }
    return false;
  }

  function hasSpare(d: number): boolean {
    if (keysPerDay !== null && (dayKeys[d]?.size ?? 0) >= keysPerDay) return false;
    if (minutesPerDay !== null && (dayMinutes[d] ?? 0) >= minutesPerDay) return false;
    return true;
  }

  // Assemble the result.
  const dateOf = (day: number): string => grid[day]?.date ?? '';
  const toPlanned = (occ: Occurrence): PlannedCount => ({
    id: occ.key.id,
    date: dateOf(occ.day),
    idealDate: dateOf(occ.idealDay),
    occurrence: occ.j + 1,
    shiftDays: occ.day - occ.idealDay,
    spilled: occ.spilled,
    effortMinutes: occ.key.effort,
  });
  const days: PlanDay[] = [];
  const dayByDate = new Map<string, PlanDay>();
  grid.forEach((g, d) => {
    if (g.closed !== undefined) return;
    const counts = (dayCounts[d] ?? []).map(toPlanned).sort((x, y) => compareStrings(x.id, y.id));
    const planDay: PlanDay = {
      date: g.date,
      keys: counts.map((c) => c.id),
      counts,
      load: { keys: counts.length, minutes: roundMinutes(counts.reduce((s, c) => s + c.effortMinutes, 0)) },
      capacity: { keys: keysPerDay, minutes: minutesPerDay },
    };
    days.push(planDay);
    dayByDate.set(g.date, planDay);
  });

  const schedules: KeySchedule[] = prepared.map((key) => {
    const occs = perKey[key.index] ?? [];
    return {
      id: key.id,
      frequency: key.frequency,
      intervalDays: key.frequency === 0 ? null : key.interval,
      demand: occs.length,
      dates: occs
        .filter((x) => x.day >= 0)
        .map((x) => dateOf(x.day))
        .sort(),
      idealDates: occs.map((x) => dateOf(x.idealDay)),
      missedDates: occs.filter((x) => x.day < 0).map((x) => dateOf(x.idealDay)),
    };
  });
  const scheduleById = new Map(schedules.map((s) => [s.id, s]));
  const shortfall: KeyShortfall[] = schedules
    .filter((s) => s.missedDates.length > 0)
    .map((s) => ({
      id: s.id,
      demand: s.demand,
      scheduled: s.dates.length,
      missing: s.missedDates.length,
      missedDates: s.missedDates,
    }));
  const workingDays = days.length;
  const demand = occurrences.length;
  const scheduled = demand - missing.length;

  return {
    from: o.from,
    to: o.to,
    timeZone: zone,
    seed,
    days,
    schedules,
    shortfall,
    totals: {
      keys: prepared.length,
      demand,
      scheduled,
      shortfall: demand - scheduled,
      workingDays,
      capacityKeys: keysPerDay === null ? null : keysPerDay * workingDays,
      capacityMinutes: minutesPerDay === null ? null : minutesPerDay * workingDays,
    },
    day(date: string): PlanDay | undefined {
      const d = parseInput(calendarDateSchema, date, ['date']);
      return dayByDate.get(d);
    },
    schedule(id: string): KeySchedule | undefined {
      return scheduleById.get(id);
    },
  };
}

type ParsedOptions = z.output<typeof planCycleCountsOptionsSchema>;

function prepareKey(key: ParsedOptions['keys'][number], index: number, o: ParsedOptions, zone: string): PreparedKey {
  // The schema guarantees a frequency or a class with a known frequency.
  const frequency = key.frequency ?? (key.class === undefined ? 0 : (resolveClassFrequency(key.class, o.frequencies) ?? 0));
  const interval = frequency === 0 ? Number.POSITIVE_INFINITY : DAYS_PER_YEAR / frequency;
  const window = o.maxShiftDays ?? (frequency === 0 ? 0 : Math.max(7, Math.floor(interval / 2)));
  let lastIndex: number | undefined;
  if (key.lastCountedAt !== undefined) {
    const lastDate = isCalendarDate(key.lastCountedAt) ? key.lastCountedAt : instantToLocalDate(key.lastCountedAt, zone);
    lastIndex = calendarDaysBetween(o.from, lastDate);
  }
  return {
    index,
    id: key.id,
    frequency,
    interval,
    effort: key.effortMinutes ?? o.capacity.defaultEffortMinutes ?? 0,
    window,
    lastIndex,
    rank: 0,
  };
}

/**
 * The first ideal position (fractional days from `from`) of each key: last count + interval, or
 * for keys without a last count an even stagger over the first interval, per frequency group.
 */
function computeAnchors(keys: readonly PreparedKey[], random: ReturnType<typeof createRandom>): number[] {
  const anchors: number[] = keys.map(() => 0);
  const groups = new Map<number, PreparedKey[]>();
  for (const key of keys) {
    if (key.frequency === 0) continue;
    if (key.lastIndex !== undefined) {
      anchors[key.index] = Math.max(0, key.lastIndex + key.interval);
    } else {
      const group = groups.get(key.frequency) ?? [];
      group.push(key);
      groups.set(key.frequency, group);
    }
  }
  const frequencies = [...groups.keys()].sort((a, b) => a - b);
  for (const f of frequencies) {
    const group = (groups.get(f) ?? []).slice().sort((x, y) => x.rank - y.rank);
    const jitter = random.next();
    group.forEach((key, i) => {
      anchors[key.index] = ((i + jitter) / group.length) * key.interval;
    });
  }
  return anchors;
}

/** The nearest day to `ideal` in `[lo, hi]` accepted by `ok`; the earlier day at equal distance. */
function nearest(ideal: number, lo: number, hi: number, ok: (day: number) => boolean): number | undefined {
  for (let dist = 0; ideal - dist >= lo || ideal + dist <= hi; dist++) {
    const before = ideal - dist;
    if (before >= lo && before <= hi && ok(before)) return before;
    const after = ideal + dist;
    if (dist > 0 && after >= lo && after <= hi && ok(after)) return after;
  }
  return undefined;
}

/** Day indexes `0..n-1` ordered by distance from `ideal`, the earlier first at equal distance. */
function* byDistance(ideal: number, n: number): Generator<number> {
  for (let dist = 0; ideal - dist >= 0 || ideal + dist < n; dist++) {
    const before = ideal - dist;
    if (before >= 0 && before < n) yield before;
    const after = ideal + dist;
    if (dist > 0 && after >= 0 && after < n) yield after;
  }
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function roundMinutes(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
