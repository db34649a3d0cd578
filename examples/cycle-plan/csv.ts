/**
 * A small RFC 4180 CSV reader and writer: quoted fields, doubled quotes, commas and line breaks
 * inside quotes, CRLF or LF line ends, an optional UTF-8 byte-order mark.
 */
import { csvCell } from 'stocktake';

/**
 * Parses CSV text into rows of fields.
 *
 * @param text - the CSV text
 * @returns the rows; a trailing line break does not make an empty row
 * @throws Error when a quoted field is not closed
 * @example
 * ```ts
 * parseCsv('sku,name\nA,"Bolt, M8"\n'); // [['sku', 'name'], ['A', 'Bolt, M8']]
 * ```
 */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let fieldStarted = false;
  while (i < text.length) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i += 1;
        continue;
      }
      field += ch;
      i += 1;
      continue;
    }
    if (ch === '"' && !fieldStarted) {
      quoted = true;
      fieldStarted = true;
      i += 1;
    } else if (ch === ',') {
      row.push(field);
      field = '';
      fieldStarted = false;
      i += 1;
    } else if (ch === '\r' || ch === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      fieldStarted = false;
      i += ch === '\r' && text[i + 1] === '\n' ? 2 : 1;
    } else {
      field += ch;
      fieldStarted = true;
      i += 1;
    }
  }
  if (quoted) throw new Error('CSV: a quoted field is not closed');
  if (fieldStarted || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/**
 * Parses CSV text with a header row into records keyed by the header names (trimmed, lower case).
 *
 * @param text - the CSV text
 * @returns the records, skipping blank lines
 * @example
 * ```ts
 * parseCsvRecords('SKU,Location\nA,WH1/A\n'); // [{ sku: 'A', location: 'WH1/A' }]
 * ```
 */
export function parseCsvRecords(text: string): Array<Record<string, string>> {
  const [header, ...rows] = parseCsv(text);
  if (header === undefined) return [];
  const names = header.map((h) => h.trim().toLowerCase());
  return rows
    .filter((r) => r.some((f) => f.trim() !== ''))
    .map((r) => Object.fromEntries(names.map((name, i) => [name, (r[i] ?? '').trim()])));
}

/**
 * Writes rows as CSV with CRLF line ends, each cell through stocktake's `csvCell`: quoted where
 * needed, and text a spreadsheet would run as a formula (a sku or name starting with `=`, `+`,
 * `-`, `@`, a tab or a carriage return) written with a leading `'`. Numbers stay numbers.
 *
 * @param rows - the rows, header first
 * @returns the CSV text
 * @example
 * ```ts
 * toCsv([['sku', 'note'], ['A', 'say "hi", twice']]); // 'sku,note\r\nA,"say ""hi"", twice"\r\n'
 * toCsv([['=1+1', -3]]); // "'=1+1,-3\r\n"
 * ```
 */
export function toCsv(rows: ReadonlyArray<ReadonlyArray<string | number>>): string {
  const cell = (value: string | number): string => (typeof value === 'number' ? csvCell(String(value), 'number') : csvCell(value));
  return rows.map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
}
