/**
 * cycle-plan: reads an items CSV (sku, annual usage value, location, optionally last_counted),
 * prints the ABC classification and writes a year's cycle-count plan as CSV and as an iCalendar
 * file a supervisor can import.
 *
 *   npx tsx examples/cycle-plan/main.ts [items.csv] [--out dir] [--year 2027] [--tz Europe/Berlin]
 *     [--keys-per-day 4] [--seed cycle-plan] [--holiday 2027-12-24,2027-12-31]... [--blackout 2027-11-22..2027-12-10]...
 *
 * Without arguments it plans next year for the sample CSV shipped next to this file and writes
 * to `examples/cycle-plan/data/` (git-ignored).
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  classifyAbc,
  isStocktakeError,
  planCycleCounts,
  type AbcClassification,
  type Blackout,
  type CycleCountKey,
  type CycleCountPlan,
} from 'stocktake';
import { parseCsvRecords, toCsv } from './csv.js';
import { toIcs, type IcsEvent } from './ics.js';

const here = dirname(fileURLToPath(import.meta.url));

/** Parsed command-line options. */
export interface CyclePlanArgs {
  items: string;
  out: string;
  year: number;
  timeZone: string;
  keysPerDay: number;
  seed: string;
  holidays: string[];
  blackouts: Blackout[];
}

/** What {@link main} did. */
export interface CyclePlanResult {
  /** 0 on success, 1 for bad input data, 2 for bad arguments. */
  exitCode: number;
  /** The written plan CSV. */
  csvPath?: string;
  /** The written iCalendar file. */
  icsPath?: string;
  /** The classification. */
  abc?: AbcClassification;
  /** The plan. */
  plan?: CycleCountPlan;
}

/** Where output goes and how to stamp it; tests pass their own. */
export interface CyclePlanIo {
  log: (line: string) => void;
  error: (line: string) => void;
  now: () => Date;
}

const USAGE = `usage: cycle-plan [items.csv] [--out dir] [--year YYYY] [--tz Zone/Name] [--keys-per-day N]
                  [--seed S] [--holiday YYYY-MM-DD[,YYYY-MM-DD...]]... [--blackout YYYY-MM-DD..YYYY-MM-DD]...`;

/**
 * Parses the command line.
 *
 * @param argv - the arguments after the script name
 * @param now - today, for the default year (next year)
 * @returns the options, or an error message
 */
export function parseArgs(argv: readonly string[], now: Date): CyclePlanArgs | string {
  const args: CyclePlanArgs = {
    items: join(here, 'sample-items.csv'),
    out: join(here, 'data'),
    year: now.getFullYear() + 1,
    timeZone: 'Europe/Berlin',
    keysPerDay: 4,
    seed: 'cycle-plan',
    holidays: [],
    blackouts: [],
  };
  let positional = 0;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    const value = (): string | undefined => argv[++i];
    switch (arg) {
      case '--out': {
        const v = value();
        if (v === undefined) return '--out needs a directory';
        args.out = resolve(v);
        break;
      }
      case '--year': {
        const v = Number(value());
        if (!Number.isInteger(v) || v < 1000 || v > 9998) return '--year needs a year such as 2027';
        args.year = v;
        break;
      }
      case '--tz': {
        const v = value();
        if (v === undefined) return '--tz needs an IANA time zone such as Europe/Berlin';
        args.timeZone = v;
        break;
      }
      case '--keys-per-day': {
        const v = Number(value());
        if (!Number.isInteger(v) || v < 0) return '--keys-per-day needs a whole number';
        args.keysPerDay = v;
        break;
      }
      case '--seed': {
        const v = value();
        if (v === undefined) return '--seed needs a value';
        args.seed = v;
        break;
      }
      case '--holiday': {
        const v = value();
        if (v === undefined) return '--holiday needs dates YYYY-MM-DD (comma-separated)';
        args.holidays.push(...v.split(',').map((d) => d.trim()).filter((d) => d !== ''));
        break;
      }
      case '--blackout': {
        const [from, to] = (value() ?? '').split('..');
        if (from === undefined || to === undefined || from === '' || to === '') return '--blackout needs FROM..TO';
        args.blackouts.push({ from, to, reason: 'blackout' });
        break;
      }
      case '--help':
      case '-h':
        return USAGE;
      default:
        if (arg.startsWith('-') || positional > 0) return `unexpected argument ${arg}\n${USAGE}`;
        args.items = resolve(arg);
        positional++;
    }
  }
  return args;
}

const DECIMAL = /^\d+(\.\d+)?$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

interface ItemRow {
  sku: string;
  annualUsageValue: string;
  location: string;
  lastCounted?: string;
}

function readItems(records: ReadonlyArray<Record<string, string>>): ItemRow[] | string {
  const items: ItemRow[] = [];
  for (const [i, r] of records.entries()) {
    const row = i + 2; // the header is line 1
    const sku = r['sku'] ?? '';
    const value = (r['annual_usage_value'] ?? '').replace(/_/g, '');
    const location = r['location'] ?? '';
    const last = r['last_counted'] ?? '';
    if (sku === '') return `line ${row}: sku is empty`;
    if (!DECIMAL.test(value)) return `line ${row}: annual_usage_value "${value}" is not a non-negative decimal`;
    if (location === '') return `line ${row}: location is empty`;
    if (last !== '' && !DATE.test(last)) return `line ${row}: last_counted "${last}" is not a date YYYY-MM-DD`;
    items.push({ sku, annualUsageValue: value, location, ...(last === '' ? {} : { lastCounted: last }) });
  }
  return items;
}

const pct = (x: number): string => `${(x * 100).toFixed(1)} %`.padStart(8);

function printAbc(abc: AbcClassification, source: string, log: (line: string) => void): void {
  log(`ABC classification of ${abc.total.items} items from ${source} (by annual usage value, cut-offs ${abc.cutoffs.a * 100} % / ${abc.cutoffs.b * 100} %)`);
  log('  class  items  item share         value  value share');
  for (const cls of ['A', 'B', 'C'] as const) {
    const s = abc.summary[cls];
    log(`  ${cls}      ${String(s.items).padStart(5)}    ${pct(s.itemShare)}  ${s.value.padStart(12)}     ${pct(s.valueShare)}`);
  }
  log(`  total  ${String(abc.total.items).padStart(5)}                ${abc.total.value.padStart(12)}`);
}

/**
 * Runs the command.
 *
 * @param argv - the arguments after the script name
 * @param io - output and clock (console and the system clock by default)
 * @returns the exit code and what was written
 */
export async function main(argv: readonly string[], io: Partial<CyclePlanIo> = {}): Promise<CyclePlanResult> {
  const log = io.log ?? ((line: string) => console.log(line));
  const error = io.error ?? ((line: string) => console.error(line));
  const now = io.now ?? (() => new Date());
  const args = parseArgs(argv, now());
  if (typeof args === 'string') {
    (args === USAGE ? log : error)(args);
    return { exitCode: args === USAGE ? 0 : 2 };
  }

  let text: string;
  try {
    text = await readFile(args.items, 'utf8');
  } catch (cause) {
    error(`cannot read ${args.items}: ${(cause as Error).message}`);
    return { exitCode: 1 };
  }
  const items = readItems(parseCsvRecords(text));
  if (typeof items === 'string') {
    error(`${basename(args.items)}: ${items}`);
    return { exitCode: 1 };
  }

  try {
    const abc = classifyAbc(items.map((i) => ({ sku: i.sku, annualUsageValue: i.annualUsageValue })));
    printAbc(abc, basename(args.items), log);

    const from = `${args.year}-01-01`;
    const to = `${args.year}-12-31`;
    const keys = items.map((item): CycleCountKey => {
      const key: CycleCountKey = { id: item.sku, class: abc.classOf[item.sku] ?? 'C' };
      if (item.lastCounted !== undefined) key.lastCountedAt = item.lastCounted;
      return key;
    });
    const plan = planCycleCounts({
      keys,
      from,
      to,
      calendar: { timeZone: args.timeZone, holidays: args.holidays, blackouts: args.blackouts },
      capacity: { keysPerDay: args.keysPerDay },
      seed: args.seed,
    });

    const t = plan.totals;
    const busiest = plan.days.reduce((max, d) => Math.max(max, d.load.keys), 0);
    const used = plan.days.filter((d) => d.load.keys > 0).length;
    log('');
    log(`Cycle-count plan ${from} .. ${to} (${args.timeZone}), ${args.keysPerDay} item${args.keysPerDay === 1 ? '' : 's'} per working day, seed "${args.seed}"`);
    log(`  working days ${t.workingDays}, counts due ${t.demand}, planned ${t.scheduled}, shortfall ${t.shortfall}`);
    log(`  days with counts ${used}, busiest day ${busiest} items, counts per class A ${count(plan, abc, 'A')} / B ${count(plan, abc, 'B')} / C ${count(plan, abc, 'C')}`);
    for (const s of plan.shortfall) log(`  shortfall ${s.id}: ${s.missing} of ${s.demand} counts (ideal dates ${s.missedDates.join(', ')})`);

    const location = new Map(items.map((i) => [i.sku, i.location]));
    const rows: Array<Array<string | number>> = [['date', 'sku', 'location', 'class', 'occurrence', 'ideal_date', 'shift_days']];
    const events: IcsEvent[] = [];
    for (const day of plan.days) {
      if (day.counts.length === 0) continue;
      const lines: string[] = [];
      const perClass = { A: 0, B: 0, C: 0 };
      // The supervisor's view: A items first, then by sku.
      const counts = day.counts.slice().sort((x, y) => compare(abc.classOf[x.id] ?? 'C', abc.classOf[y.id] ?? 'C') || compare(x.id, y.id));
      for (const c of counts) {
        const cls = abc.classOf[c.id] ?? 'C';
        perClass[cls] += 1;
        rows.push([day.date, c.id, location.get(c.id) ?? '', cls, c.occurrence, c.idealDate, c.shiftDays]);
        lines.push(`${cls}  ${c.id} @ ${location.get(c.id) ?? ''}`);
      }
      const mix = (['A', 'B', 'C'] as const).filter((k) => perClass[k] > 0).map((k) => `${k} ${perClass[k]}`).join(', ');
      events.push({
        uid: `${day.date}.cycle-plan@stocktake.example`,
        date: day.date,
        summary: `Cycle count: ${day.counts.length} item${day.counts.length === 1 ? '' : 's'} (${mix})`,
        description: lines.join('\n'),
        categories: ['Cycle count'],
      });
    }

    await mkdir(args.out, { recursive: true });
    const csvPath = join(args.out, `cycle-plan-${args.year}.csv`);
    const icsPath = join(args.out, `cycle-plan-${args.year}.ics`);
    await writeFile(csvPath, toCsv(rows), 'utf8');
    await writeFile(
      icsPath,
      toIcs(events, { prodId: '-//stocktake//cycle-plan example//EN', name: `Cycle counts ${args.year}`, stamp: now() }),
      'utf8',
    );
    log('');
    log(`Wrote ${csvPath} (${rows.length - 1} counts)`);
    log(`Wrote ${icsPath} (${events.length} all-day events)`);
    return { exitCode: 0, csvPath, icsPath, abc, plan };
  } catch (cause) {
    if (isStocktakeError(cause)) {
      error(`${cause.code}: ${cause.message}`);
      return { exitCode: 1 };
    }
    throw cause;
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function count(plan: CycleCountPlan, abc: AbcClassification, cls: 'A' | 'B' | 'C'): number {
  return plan.schedules.filter((s) => abc.classOf[s.id] === cls).reduce((sum, s) => sum + s.dates.length, 0);
}

const invokedDirectly = process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href;
if (invokedDirectly) {
  const result = await main(process.argv.slice(2));
  process.exitCode = result.exitCode;
}
