/**
 * Reading a filled count list back: the CSV of `counts.countList` with the `counted` column
 * filled in becomes entries for `counts.recordMany`.
 *
 * @module
 */
import * as z from 'zod';
import { idSchema } from '../catalog/schemas.js';
import { StocktakeError } from '../errors.js';
import { nonNegativeDecimalSchema } from '../quantity/decimal.js';
import { textSchema } from '../text.js';
import { instantSchema, type InstantInput } from '../time.js';
import { parseInput, safeParseInput } from '../validate.js';
import type { RecordEntryInput } from './schemas.js';

/** Options of {@link parseCountList}: who counted, and when. */
export const parseCountListOptionsSchema = z
  .object({
    /** The counter who filled in the list. */
    counter: idSchema,
    /** When the list was counted (the moment every entry of it is dated at). */
    countedAt: instantSchema,
    /** The device or sheet, kept with each entry. */
    device: textSchema.max(200).optional(),
  })
  .strict();

/** Options of {@link parseCountList}: who counted, and when. */
export interface ParseCountListOptions {
  /** The counter who filled in the list. */
  counter: string;
  /** When the list was counted (the moment every entry of it is dated at). */
  countedAt: InstantInput;
  /** The device or sheet, kept with each entry (up to 200 characters). */
  device?: string | undefined;
}

/** A filled count list, read back. */
export interface ParsedCountList {
  /** The session the list belongs to. */
  readonly sessionId: string;
  /** One entry per row with a counted quantity, in the list's order. */
  readonly entries: RecordEntryInput[];
  /** The CSV line number of each entry (`lines[i]` for `entries[i]`), to point at a refused entry. */
  readonly lines: number[];
}

const REQUIRED = ['session', 'task', 'location', 'sku', 'counted'] as const;
/** A leading `'` that the CSV writer put before text a spreadsheet could read as a formula. */
const FORMULA_GUARD = /^'[=+\-@\t\r]/;

/**
 * Reads a filled count list (the CSV of `counts.countList`, `counted` filled in) into entries for
 * `counts.recordMany`. Rows with an empty `counted` cell were not counted and are skipped (write
 * `0` for a key that is not there); rows the counter added for stock found (location, sku and
 * count filled, no line number) become entries too. Entry ids derive from the task and line
 * number (`list:<task>:<line>`; `list:<task>:row<csv line>` for an added row), so importing the
 * same list again answers `exists`. Every error is `invalid_input` with the path
 * `['csv', <line number>, <column>]` and the line number in its message.
 *
 * @param csv - the filled list
 * @param options - the counter and the count time
 * @returns the session id, the entries and their line numbers
 * @example
 * ```ts
 * const { sessionId, entries, lines } = parseCountList(filledCsv, { counter: 'li', countedAt: '2026-03-02T10:00:00Z' });
 * const outcomes = await st.counts.recordMany(sessionId, entries);
 * outcomes.filter((o) => !o.ok).forEach((o) => console.log(`line ${lines[o.index]}: ${o.ok ? '' : o.error.message}`));
 * ```
 */
export function parseCountList(csv: string, options: ParseCountListOptions): ParsedCountList {
  if (typeof csv !== 'string') throw new StocktakeError('invalid_input', 'A count list is CSV text', { path: ['csv'] });
  const { counter, countedAt, device } = parseInput(parseCountListOptionsSchema, options, ['options']);
  const rows = readCsv(csv).filter((row) => row.cells.some((cell) => cell.trim() !== ''));
  const header = rows.shift();
  if (!header) throw new StocktakeError('invalid_input', 'line 1: the count list has no header row', { path: ['csv', 1] });
  const columns = new Map(header.cells.map((name, index) => [name.trim().toLowerCase(), index]));
  for (const name of REQUIRED) {
    if (!columns.has(name)) throw fail(header.line, name, `the header has no "${name}" column`);
  }
  let sessionId: string | undefined;
  const entries: RecordEntryInput[] = [];
  const lines: number[] = [];
  for (const row of rows) {
    const cell = (name: string): string => {
      const index = columns.get(name);
      const raw = index === undefined ? '' : (row.cells[index] ?? '').trim();
      return FORMULA_GUARD.test(raw) ? raw.slice(1) : raw;
    };
    const counted = cell('counted');
    if (counted === '') continue;
    const id = (name: string, optional = false): string | undefined => {
      const value = cell(name);
      if (value === '' && optional) return undefined;
      if (!safeParseInput(idSchema, value).success) throw fail(row.line, name, value === '' ? `"${name}" is empty` : `"${value}" is not a valid ${name}`);
      return value;
    };
    const session = id('session')!;
    if (sessionId !== undefined && session !== sessionId) throw fail(row.line, 'session', `the list mixes sessions ${sessionId} and ${session}`);
    sessionId = session;
    if (!nonNegativeDecimalSchema.safeParse(counted).success) throw fail(row.line, 'counted', `"${counted}" is not a quantity (a non-negative decimal such as 12 or 2.5)`);
    const task = id('task')!;
    const number = cell('line');
    if (number !== '' && !/^[1-9]\d{0,8}$/.test(number)) throw fail(row.line, 'line', `"${number}" is not a line number`);
    const entry: RecordEntryInput = {
      entryId: number === '' ? `list:${task}:row${row.line}` : `list:${task}:${number}`,
      sku: id('sku')!,
      location: id('location')!,
      qty: counted,
      countedAt,
      counter,
      task,
    };
    const [lot, serial, uom] = [id('lot', true), id('serial', true), cell('uom')];
    entries.push({ ...entry, ...(lot && { lot }), ...(serial && { serial }), ...(uom && { uom }), ...(device !== undefined && { device }) });
    lines.push(row.line);
  }
  if (sessionId === undefined) throw new StocktakeError('invalid_input', 'The count list has no counted quantity: fill in the "counted" column', { path: ['csv'] });
  return { sessionId, entries, lines };
}

function fail(line: number, column: string, message: string): StocktakeError {
  return new StocktakeError('invalid_input', `line ${line}: ${message}`, { path: ['csv', line, column], details: { line, column } });
}

/** RFC 4180 rows, each with the line number it starts on; quoted cells may hold commas, quotes and line breaks. */
function readCsv(text: string): Array<{ line: number; cells: string[] }> {
  const rows: Array<{ line: number; cells: string[] }> = [];
  const source = text.startsWith('\uFEFF') ? text.slice(1) : text;
  let line = 1;
  let row: string[] = [];
  let rowLine = 1;
  let cell = '';
  let quoteLine = 0;
  for (let i = 0; i < source.length; i++) {
    const char = source[i]!;
    if (quoteLine > 0) {
      if (char === '"' && source[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (char === '"') {
        quoteLine = 0;
      } else {
        if (char === '\n') line++;
        cell += char;
      }
    } else if (char === '"' && cell === '') {
      quoteLine = line;
    } else if (char === ',') {
      row.push(cell);
      cell = '';
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && source[i + 1] === '\n') i++;
      rows.push({ line: rowLine, cells: [...row, cell] });
      row = [];
      cell = '';
      line++;
      rowLine = line;
    } else {
      cell += char;
    }
  }
  if (quoteLine > 0) throw new StocktakeError('invalid_input', `line ${quoteLine}: a quoted cell is never closed`, { path: ['csv', quoteLine] });
  if (cell !== '' || row.length > 0) rows.push({ line: rowLine, cells: [...row, cell] });
  return rows;
}
