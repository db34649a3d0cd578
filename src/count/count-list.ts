/**
 * The printed count list (a physical inventory document): numbered lines in walking order per
 * task and location, with an empty column for the counted quantity, as CSV, Markdown or A4 HTML.
 *
 * @module
 */
import * as z from 'zod';
import { idSchema } from '../catalog/schemas.js';
import { csvCell } from '../csv.js';
import type { Instant } from '../time.js';
import { escapeHtml, htmlDocument, md } from './printing.js';

/** Options of `counts.countList`. */
export const countListInputSchema = z
  .object({
    /** One task; every task of the current round when omitted. */
    taskId: idSchema.optional(),
    format: z.enum(['csv', 'markdown', 'html']),
  })
  .strict();

/** Options of `counts.countList`. */
export interface CountListOptions {
  /** One task; every task of the current round when omitted. */
  taskId?: string | undefined;
  /** CSV (to fill in and read back with `parseCountList`), Markdown, or HTML that prints on A4. */
  format: 'csv' | 'markdown' | 'html';
}

/** The formats of `counts.countList`. */
export type CountListFormat = CountListOptions['format'];

/** One numbered line of a count list. */
export interface CountListLine {
  /** The line number, from 1 in each task, in walking order. */
  readonly line: number;
  readonly location: string;
  readonly sku: string;
  readonly name?: string;
  readonly lot?: string;
  readonly serial?: string;
  /** The base unit the book is kept in (the counter may count in a pack unit instead). */
  readonly uom: string;
  /** The item's packs in words, e.g. `case = 12 ea`. */
  readonly packs: string;
  /** The book quantity at opening; absent on a blind count. */
  readonly book?: string;
}

/** One task's part of a count list. */
export interface CountListTask {
  readonly taskId: string;
  readonly round: number;
  /** The assigned counter or team, when there is one. */
  readonly assignee?: string;
  readonly locations: ReadonlyArray<{ readonly location: string; readonly lines: readonly CountListLine[] }>;
}

/** The data of a count list. */
export interface CountList {
  readonly sessionId: string;
  readonly sessionName?: string;
  readonly blind: boolean;
  readonly generatedAt: Instant;
  readonly tasks: readonly CountListTask[];
}

/** The columns of the CSV count list, in order; `book` only on a count that is not blind. */
export const COUNT_LIST_COLUMNS = ['session', 'task', 'line', 'location', 'sku', 'item', 'lot', 'serial', 'packs', 'uom', 'book', 'counted'] as const;

/**
 * Renders a count list.
 *
 * @param list - the list data
 * @param format - `csv`, `markdown` or `html`
 * @returns the document
 * @internal
 */
export function renderCountList(list: CountList, format: CountListFormat): string {
  if (format === 'csv') return renderCsv(list);
  if (format === 'markdown') return renderMarkdown(list);
  return renderHtml(list);
}

function renderCsv(list: CountList): string {
  const columns = COUNT_LIST_COLUMNS.filter((column) => column !== 'book' || !list.blind);
  const rows = [columns.join(',')];
  for (const task of list.tasks) {
    for (const { lines } of task.locations) {
      for (const line of lines) {
        const values: Record<(typeof COUNT_LIST_COLUMNS)[number], string> = {
          session: list.sessionId,
          task: task.taskId,
          line: String(line.line),
          location: line.location,
          sku: line.sku,
          item: line.name ?? '',
          lot: line.lot ?? '',
          serial: line.serial ?? '',
          packs: line.packs,
          uom: line.uom,
          book: line.book ?? '',
          counted: '',
        };
        rows.push(columns.map((column) => csvCell(values[column], column === 'line' || column === 'book' ? 'number' : 'text')).join(','));
      }
    }
  }
  return `${rows.join('\n')}\n`;
}

function keyText(line: CountListLine): string {
  return [line.lot && `lot ${line.lot}`, line.serial && `serial ${line.serial}`].filter(Boolean).join(', ');
}

function renderMarkdown(list: CountList): string {
  const out = [`# Count list: ${md(list.sessionName ?? list.sessionId)}`, ''];
  out.push(`Session ${md(list.sessionId)}${list.blind ? ' (blind count: no book quantities)' : ''}; printed ${list.generatedAt}.`, '');
  for (const task of list.tasks) {
    out.push(`## Task ${md(task.taskId)} (round ${task.round})${task.assignee ? `: ${md(task.assignee)}` : ''}`, '');
    for (const { location, lines } of task.locations) {
      out.push(`### ${md(location)}`, '');
      const head = ['#', 'SKU', 'Item', 'Lot / serial', 'Packs', 'Unit', ...(list.blind ? [] : ['Book']), 'Counted'];
      out.push(`| ${head.join(' | ')} |`, `|${head.map((h) => (h === '#' || h === 'Book' || h === 'Counted' ? '--:' : '---')).join('|')}|`);
      for (const line of lines) {
        const cells = [String(line.line), line.sku, line.name ?? '', keyText(line), line.packs, line.uom, ...(list.blind ? [] : [line.book ?? '']), ' '];
        out.push(`| ${cells.map(md).join(' | ')} |`);
      }
      if (lines.length === 0) out.push(`| | ${list.blind ? '' : '| '}| | | | | |`);
      out.push('');
    }
  }
  return out.join('\n');
}

/** Empty numbered rows under each location, for stock found that the list does not name. */
const FOUND_ROWS = 3;

function renderHtml(list: CountList): string {
  const pages: string[] = [];
  const title = `Count list ${list.sessionName ?? list.sessionId}`;
  for (const task of list.tasks) {
    for (const { location, lines } of task.locations) {
      const header = ['#', 'SKU', 'Item', 'Lot / serial', 'Packs', 'Unit', ...(list.blind ? [] : ['Book']), 'Counted', 'Unit counted'];
      const numeric = new Set(['#', 'Book']);
      const th = header.map((h) => `<th${numeric.has(h) ? ' class="num"' : ''}>${escapeHtml(h)}</th>`).join('');
      const rows = lines.map((line) => {
        const cells = [
          `<td class="num">${line.line}</td>`,
          `<td>${escapeHtml(line.sku)}</td>`,
          `<td>${escapeHtml(line.name ?? '')}</td>`,
          `<td>${escapeHtml(keyText(line))}</td>`,
          `<td>${escapeHtml(line.packs)}</td>`,
          `<td>${escapeHtml(line.uom)}</td>`,
          ...(list.blind ? [] : [`<td class="num">${escapeHtml(line.book ?? '')}</td>`]),
          '<td class="entry"></td>',
          '<td class="entry"></td>',
        ];
        return `<tr>${cells.join('')}</tr>`;
      });
      const blank = `<tr>${header.map(() => '<td>&nbsp;</td>').join('')}</tr>`;
      for (let i = 0; i < FOUND_ROWS; i++) rows.push(blank);
      pages.push(`<section class="page">
<h1>${escapeHtml(title)}</h1>
<table class="facts"><tbody>
<tr><td>Session</td><td>${escapeHtml(list.sessionId)}${list.sessionName ? ` (${escapeHtml(list.sessionName)})` : ''}</td><td>Task</td><td>${escapeHtml(task.taskId)} (round ${task.round})</td></tr>
<tr><td>Location</td><td>${escapeHtml(location)}</td><td>Counter</td><td>${escapeHtml(task.assignee ?? '')}</td></tr>
<tr><td>Printed</td><td>${escapeHtml(list.generatedAt)}</td><td>Count</td><td>${list.blind ? 'blind' : 'with book quantities'}</td></tr>
</tbody></table>
<h2>${escapeHtml(location)}</h2>
<table><thead><tr>${th}</tr></thead>
<tbody>
${rows.join('\n')}
</tbody></table>
<div class="signatures"><div>Counted by (name, signature)</div><div>Date and time</div><div>Checked by (supervisor)</div></div>
</section>`);
    }
  }
  return htmlDocument('en', title, pages.join('\n'));
}
