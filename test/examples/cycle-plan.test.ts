import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv, parseCsvRecords, toCsv } from '../../examples/cycle-plan/csv.js';
import { escapeText, foldLine, parseIcsEvents, toIcs } from '../../examples/cycle-plan/ics.js';
import { main, type CyclePlanResult } from '../../examples/cycle-plan/main.js';
import { propertyRuns } from '../support/property.js';

const stamp = new Date('2026-11-25T09:00:00Z');
let dir: string;
let result: CyclePlanResult;
const output: string[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cycle-plan-'));
  result = await main(['--out', dir, '--year', '2027', '--holiday', '2027-01-01,2027-12-24', '--blackout', '2027-11-22..2027-12-10'], {
    log: (line) => output.push(line),
    error: (line) => output.push(`ERROR ${line}`),
    now: () => stamp,
  });
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('examples/cycle-plan', () => {
  it('runs on the shipped sample, prints the ABC summary and the plan totals', () => {
    expect(result.exitCode).toBe(0);
    expect(output.join('\n')).toMatch(/ABC classification of 60 items from sample-items\.csv/);
    expect(output.some((l) => /^ {2}A +\d+ +\d+\.\d %/.test(l))).toBe(true);
    expect(output.join('\n')).toMatch(/counts due \d+, planned \d+, shortfall 0/);
    expect(result.csvPath?.startsWith(dir)).toBe(true);
    expect(result.icsPath?.startsWith(dir)).toBe(true);
  });

  it('writes a plan CSV that parses back to every planned count, by class frequency', async () => {
    const records = parseCsvRecords(await readFile(result.csvPath!, 'utf8'));
    const sample = parseCsvRecords(await readFile(new URL('../../examples/cycle-plan/sample-items.csv', import.meta.url), 'utf8'));
    const locations = new Map(sample.map((r) => [r['sku'], r['location']]));
    expect(records).toHaveLength(result.plan!.totals.scheduled);
    const perSku = new Map<string, number>();
    for (const r of records) {
      expect(Object.keys(r)).toEqual(['date', 'sku', 'location', 'class', 'occurrence', 'ideal_date', 'shift_days']);
      expect(result.plan!.day(r['date']!)?.keys).toContain(r['sku']);
      expect(r['location']).toBe(locations.get(r['sku']));
      expect(r['date']! >= '2027-01-01' && r['date']! <= '2027-12-31').toBe(true);
      expect(['2027-01-01', '2027-12-24']).not.toContain(r['date']);
      expect(r['date']! >= '2027-11-22' && r['date']! <= '2027-12-10').toBe(false);
      perSku.set(r['sku']!, (perSku.get(r['sku']!) ?? 0) + 1);
    }
    // Items counted before 2027 (last_counted) and items without history: each gets its class frequency.
    for (const item of sample) {
      const cls = result.abc!.classOf[item['sku']!];
      expect(perSku.get(item['sku']!), item['sku']).toBe({ A: 12, B: 4, C: 2 }[cls!]);
    }
  });

  it('writes an iCalendar file: CRLF, folded at 75 octets, UID and DTSTAMP, one all-day event per day with counts', async () => {
    const text = await readFile(result.icsPath!, 'utf8');
    expect(text.startsWith('BEGIN:VCALENDAR\r\nVERSION:2.0\r\n')).toBe(true);
    expect(text.endsWith('END:VCALENDAR\r\n')).toBe(true);
    expect(/[^\r]\n/.test(text)).toBe(false);
    for (const line of text.split('\r\n')) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);

    const events = parseIcsEvents(text);
    const days = result.plan!.days.filter((d) => d.keys.length > 0);
    expect(events).toHaveLength(days.length);
    expect(new Set(events.map((e) => e['UID'])).size).toBe(events.length);
    const csv = parseCsvRecords(await readFile(result.csvPath!, 'utf8'));
    events.forEach((event, i) => {
      const day = days[i]!;
      expect(event['DTSTAMP']).toBe('20261125T090000Z');
      expect(event['DTSTART']).toBe(day.date.replace(/-/g, ''));
      expect(event['SUMMARY']).toMatch(new RegExp(`^Cycle count: ${day.keys.length} items?`));
      const listed = (event['DESCRIPTION'] ?? '').split('\n').map((l) => l.split(/\s+/)[1]);
      expect(listed.slice().sort()).toEqual(csv.filter((r) => r['date'] === day.date).map((r) => r['sku']).sort());
    });
  });

  it('reports a shortfall when the capacity is too small, and fails on a bad CSV', async () => {
    const lines: string[] = [];
    const short = await main(['--out', dir, '--year', '2027', '--keys-per-day', '1'], { log: (l) => lines.push(l), error: (l) => lines.push(l), now: () => stamp });
    expect(short.exitCode).toBe(0);
    const totals = short.plan!.totals;
    expect(totals.shortfall).toBe(totals.demand - totals.workingDays);
    expect(lines.some((l) => l.startsWith('  shortfall '))).toBe(true);

    const bad = join(dir, 'bad.csv');
    await writeFile(bad, 'sku,annual_usage_value,location\nX-1,12abc,WH1/A\n');
    const errors: string[] = [];
    const failed = await main([bad, '--out', dir], { log: () => undefined, error: (l) => errors.push(l), now: () => stamp });
    expect(failed.exitCode).toBe(1);
    expect(errors[0]).toMatch(/line 2: annual_usage_value "12abc"/);
    expect((await main(['--tz', 'Mars/Olympus', '--out', dir], { log: () => undefined, error: (l) => errors.push(l), now: () => stamp })).exitCode).toBe(1);
    expect(errors.at(-1)).toMatch(/^invalid_input: .*timeZone/);
  });
});

describe('examples/cycle-plan CSV and iCalendar writers', () => {
  it('round-trips CSV fields with commas, quotes and line breaks; text that starts a formula comes back with a leading quote', () => {
    const text = fc.oneof(fc.string(), fc.constantFrom('=', '+', '-', '@', '\t', '\r').chain((start) => fc.string().map((rest) => start + rest)));
    fc.assert(
      fc.property(fc.array(fc.array(text, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 10 }), (rows) => {
        // A single empty field on a line is indistinguishable from a blank line in CSV.
        fc.pre(rows.every((r) => r.length > 1 || r[0] !== ''));
        expect(parseCsv(toCsv(rows))).toEqual(rows.map((r) => r.map((value) => (/^[=+\-@\t\r]/.test(value) ? `'${value}` : value))));
      }),
      { numRuns: propertyRuns(200) },
    );
  });

  it('escapes TEXT and folds at 75 octets without splitting a UTF-8 character', () => {
    expect(escapeText('a, b; c\\d\ne')).toBe('a\\, b\\; c\\\\d\\ne');
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), (value) => {
        const line = `DESCRIPTION:${escapeText(value)}`;
        const folded = foldLine(line);
        for (const physical of folded.split('\r\n')) expect(Buffer.byteLength(physical, 'utf8')).toBeLessThanOrEqual(75);
        expect(folded.replace(/\r\n /g, '')).toBe(line);
        const ics = toIcs([{ uid: 'u@x', date: '2027-03-28', summary: value, description: value }], { prodId: '-//x//y//EN', name: 'n', stamp });
        const [event] = parseIcsEvents(ics);
        expect(event?.['SUMMARY']).toBe(value.replace(/\r\n|\r/g, '\n'));
        expect(event?.['DTEND']).toBe('20270329');
      }),
      { numRuns: propertyRuns(200) },
    );
  });
});
