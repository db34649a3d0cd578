/**
 * Workload 3: a year's cycle-count plan for many items with daily capacity, holidays and a
 * peak-season blackout, through `planCycleCounts`; against a naive even-spread loop.
 */
import { planCycleCounts, type CycleCountKey } from '../../src/policy/index.js';
import { describe, measure, row, sampleMemory, type BenchRow } from '../harness.js';

/** Sizes of the plan workload. */
export interface PlanSize {
  readonly items: number;
  readonly runs: number;
}

const FROM = '2027-01-01';
const TO = '2027-12-31';
const HOLIDAYS = ['2027-01-01', '2027-04-02', '2027-04-05', '2027-05-01', '2027-05-13', '2027-05-24', '2027-10-03', '2027-12-24', '2027-12-31'];
const BLACKOUT = { from: '2027-11-22', to: '2027-12-03', reason: 'peak season' };
const FREQUENCY = { A: 12, B: 4, C: 2 } as const;

/**
 * The baseline: every working weekday of the year (Monday to Friday, UTC, no holidays, no
 * blackout, no time zone, no validation), and each item's `f` counts put on evenly spaced days
 * from an offset that staggers items; no capacity limit, no shortfall. It is the floor: what
 * spreading costs with none of the rules.
 */
export function naiveSpread(keys: readonly CycleCountKey[]): string[][] {
  const days: string[] = [];
  for (let t = Date.parse(`${FROM}T00:00:00Z`); t <= Date.parse(`${TO}T00:00:00Z`); t += 86_400_000) {
    const weekday = new Date(t).getUTCDay();
    if (weekday !== 0 && weekday !== 6) days.push(new Date(t).toISOString().slice(0, 10));
  }
  const buckets: string[][] = days.map(() => []);
  for (const [i, key] of keys.entries()) {
    const f = FREQUENCY[key.class as keyof typeof FREQUENCY];
    const offset = i % Math.max(1, Math.floor(days.length / f));
    for (let j = 0; j < f; j++) buckets[(offset + Math.floor((j * days.length) / f)) % days.length]!.push(key.id);
    if (i % 4096 === 0) sampleMemory();
  }
  return buckets;
}

/** Runs the plan workload. */
export async function runPlan(size: PlanSize): Promise<BenchRow[]> {
  const keys: CycleCountKey[] = Array.from({ length: size.items }, (_, i) => ({
    id: `SKU-${String(i).padStart(7, '0')}`,
    class: i % 10 < 2 ? 'A' : i % 10 < 5 ? 'B' : 'C',
  }));
  const demand = keys.reduce((sum, key) => sum + FREQUENCY[key.class as keyof typeof FREQUENCY], 0);
  // Capacity a little above the average need: the plan has to respect it on busy days.
  const keysPerDay = Math.ceil((demand / 240) * 1.05);
  describe(
    'plan: cycle-count plan',
    `${size.items} items (20 % A monthly, 30 % B quarterly, 50 % C twice a year; ${demand} counts), ${FROM}..${TO} in Europe/Berlin, ` +
      `Monday-Friday, ${HOLIDAYS.length} holidays, a two-week blackout, capacity ${keysPerDay} keys/day, through planCycleCounts. ` +
      'Baseline: a naive even-spread loop over UTC weekdays with no capacity, holidays, blackout or validation.',
  );
  const baseline = await measure(() => naiveSpread(keys), { runs: size.runs, warmup: 1 });
  const engine = await measure(
    () =>
      planCycleCounts({
        keys,
        from: FROM,
        to: TO,
        calendar: { timeZone: 'Europe/Berlin', holidays: HOLIDAYS, blackouts: [BLACKOUT] },
        capacity: { keysPerDay },
        seed: 42,
      }),
    { runs: size.runs, warmup: size.runs > 1 ? 1 : 0 },
  );
  const plan = engine.value;
  if (plan.totals.demand !== demand) throw new Error(`plan demand ${plan.totals.demand}, expected ${demand}`);
  const overloaded = plan.days.filter((day) => day.load.keys > keysPerDay).length;
  if (overloaded > 0) throw new Error(`${overloaded} days over capacity`);
  console.log(
    `checked: ${plan.totals.scheduled} of ${plan.totals.demand} counts planned over ${plan.totals.workingDays} working days, none over capacity, shortfall ${plan.totals.shortfall}`,
  );
  const sizeText = `${size.items} items / ${demand} counts / 1 year`;
  return [
    row({ workload: 'plan', case: 'baseline: naive even spread', size: sizeText, units: size.items, unit: 'items' }, baseline),
    row(
      { workload: 'plan', case: 'engine planCycleCounts', size: sizeText, units: size.items, unit: 'items', baseline: 'naive even spread (no rules)', note: `shortfall ${plan.totals.shortfall}; the ratio is the cost of the rules, no target` },
      engine,
      baseline,
    ),
  ];
}
