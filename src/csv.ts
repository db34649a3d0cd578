/**
 * CSV cells that are safe to open in a spreadsheet. Every CSV stocktake writes (the audit export,
 * the count report) goes through {@link csvCell}.
 *
 * Spreadsheets run a cell that starts with `=`, `+`, `-` or `@` as a formula, and some treat a
 * leading tab or carriage return the same way, so a sku, a location, an actor or a note typed as
 * `=HYPERLINK(...)` or `-2+3+cmd|' /C calc'!A0` would run when an auditor opens the export
 * ("CSV injection", OWASP). Following OWASP's guidance, such a text cell is written with a single
 * quote in front (`'=HYPERLINK(...)`), which spreadsheets show as text. Then the cell is quoted per
 * RFC 4180 when it holds a quote, a comma or a line break.
 *
 * Numbers are data, not formulas: in a column of numbers the library formatted itself
 * (quantities, variances, values, percents, confidences), a cell that is exactly a plain decimal
 * number (`-3`, `12.5`, digits with an optional minus and fraction, nothing else) is written as
 * is, so a spreadsheet reads `-3` as minus three and can sum the column. A plain number cannot
 * carry a formula: no spreadsheet evaluates `-3` as anything but a number. Anything else in such a
 * column (which the library never writes) is neutralised like text. In a text column every cell
 * starting with one of the six characters is neutralised, numbers-looking ones included, so an id
 * `-3` stays the text `-3` rather than becoming a number.
 *
 * The prefix is not reversible in general: read the JSON lines export (`audit.export({ format:
 * 'jsonl' })`, the report's `json`) when a program needs the exact values.
 *
 * @module
 */

import { StocktakeError } from './errors.js';

/** How {@link csvCell} treats a cell: `text` (the default) or `number` (a column of decimal numbers). */
export type CsvCellKind = 'text' | 'number';

/** The characters a spreadsheet may read as the start of a formula (OWASP's list). */
const FORMULA_START = /^[=+\-@\t\r]/;
/** A plain decimal number: what the library writes in its numeric columns. */
const PLAIN_NUMBER = /^-?\d+(\.\d+)?$/;
/** What makes RFC 4180 quoting necessary. */
const NEEDS_QUOTES = /[",\r\n]/;

/**
 * Writes one CSV cell: neutralised against formula injection (a leading `'` when it starts with
 * `=`, `+`, `-`, `@`, a tab or a carriage return, except a plain number in a `number` column), then
 * quoted per RFC 4180 when needed.
 *
 * @param value - the cell's text
 * @param kind - `number` for a column of decimal numbers, where a plain number such as `-3` stays a number; `text` otherwise
 * @returns the cell as it goes between the commas
 * @throws StocktakeError `invalid_input` when the value is not a string or the kind is neither `text` nor `number`
 * @example
 * ```ts
 * csvCell('=HYPERLINK("http://x")'); // `"'=HYPERLINK(""http://x"")"`
 * csvCell('-3', 'number'); // '-3'
 * csvCell('-3'); // "'-3" (a text column: an id, not a number)
 * csvCell('Bolt, M8'); // '"Bolt, M8"'
 * ```
 */
export function csvCell(value: string, kind: CsvCellKind = 'text'): string {
  // Checked by hand, not with zod: this runs for every cell of an export.
  if (typeof value !== 'string') throw new StocktakeError('invalid_input', 'A CSV cell must be a string', { path: ['value'] });
  if (kind !== 'text' && kind !== 'number') throw new StocktakeError('invalid_input', "A CSV cell's kind is 'text' or 'number'", { path: ['kind'] });
  const safe = FORMULA_START.test(value) && !(kind === 'number' && PLAIN_NUMBER.test(value)) ? `'${value}` : value;
  return NEEDS_QUOTES.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}
