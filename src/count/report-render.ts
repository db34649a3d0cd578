/**
 * Renders a count report as JSON, CSV, Markdown or print-ready A4 HTML, in English or Chinese.
 *
 * @internal
 * @module
 */
import type { AttributionCandidate } from '../attribution/types.js';
import { csvCell } from '../csv.js';
import type { StockKey } from '../ledger/key.js';
import { D } from '../quantity/decimal.js';
import { renderSampleReport } from '../policy/sampling/report.js';
import { escapeHtml, htmlDocument, md } from './printing.js';
import type { CountReport, CountReportFormat, CountReportLine } from './report.js';
import { ambiguityTexts, attributionText, reasonLabel, termOf, wordsOf, type ReportLocale } from './report-labels.js';
import type { ReasonCode } from './reason-codes.js';

/** How a report is rendered besides its format. @internal */
export interface RenderOptions {
  readonly locale: ReportLocale;
  readonly reasonCodes: readonly ReasonCode[];
}

/**
 * Renders a report as JSON (the data, indented), CSV (one row per line, RFC 4180, spreadsheet
 * safe), Markdown (a summary an auditor can file) or HTML (the same, print-ready on A4).
 *
 * @internal
 */
export function renderCountReport(report: CountReport, format: CountReportFormat, options: RenderOptions = { locale: 'en', reasonCodes: [] }): string {
  if (format === 'json') return `${JSON.stringify(report, null, 2)}\n`;
  if (format === 'csv') return renderCsv(report, options);
  if (format === 'html') return renderHtml(report, options);
  return renderMarkdown(report, options);
}

const CSV_COLUMNS = [
  'sku', 'location', 'lot', 'serial', 'uom', 'book_at_open', 'expected', 'counted', 'variance', 'variance_percent',
  'variance_value', 'status', 'rounds', 'counters', 'attribution', 'confidence', 'explained_qty', 'responsible',
  'reason', 'reason_source', 'movement_id', 'posting', 'reason_label', 'explanation',
] as const;
type CsvColumn = (typeof CSV_COLUMNS)[number];

const ZH_CSV: Readonly<Record<CsvColumn, string>> = {
  sku: '物料编码', location: '库位', lot: '批次', serial: '序列号', uom: '单位', book_at_open: '开盘账面数量', expected: '账面数量',
  counted: '实盘数量', variance: '差异', variance_percent: '差异百分比', variance_value: '差异金额', status: '状态', rounds: '轮次',
  counters: '盘点人', attribution: '归因', confidence: '置信度', explained_qty: '已解释数量', responsible: '责任人', reason: '原因代码',
  reason_source: '原因来源', movement_id: '调整单', posting: '过账', reason_label: '原因', explanation: '说明',
};

const NUMBER_COLUMNS = new Set<string>(['book_at_open', 'expected', 'counted', 'variance', 'variance_percent', 'variance_value', 'rounds', 'confidence', 'explained_qty']);

const topCandidate = (line: CountReportLine): AttributionCandidate | undefined => line.attribution?.candidates[0];

/** The explanation of a line in plain words: its attribution, then why rounds were unusable. */
function explanationOf(line: CountReportLine, locale: ReportLocale, withConfidence: boolean): string {
  const words = wordsOf(locale);
  const top = topCandidate(line);
  const parts: string[] = [];
  if (top) {
    const others = line.attribution!.candidates.length - 1;
    parts.push(`${attributionText(line, top, words)}${withConfidence ? ` (${Math.round(top.confidence * 100)} %)` : ''}${others > 0 ? ` + ${others}` : ''}`);
  }
  parts.push(...ambiguityTexts(line, words));
  return parts.join('; ');
}

function statusOf(line: CountReportLine, locale: ReportLocale): string {
  const words = wordsOf(locale);
  return line.posted ? words.status.posted : words.status[line.status];
}

function renderCsv(report: CountReport, options: RenderOptions): string {
  const header = CSV_COLUMNS.map((column) => (options.locale === 'zh-CN' ? ZH_CSV[column] : column));
  const rows = [header.map((cell) => csvCell(cell)).join(',')];
  for (const line of report.lines) {
    const top = topCandidate(line);
    const values: Record<CsvColumn, string> = {
      sku: line.key.sku,
      location: line.key.location,
      lot: line.key.lot ?? '',
      serial: line.key.serial ?? '',
      uom: line.uom,
      book_at_open: line.bookAtOpen,
      expected: line.expected,
      counted: line.counted,
      variance: line.variance,
      variance_percent: line.variancePercent ?? '',
      variance_value: line.varianceValue,
      status: line.status,
      rounds: String(line.rounds),
      counters: line.counters.join(';'),
      attribution: top?.category ?? '',
      confidence: top === undefined ? '' : String(top.confidence),
      explained_qty: top?.explainedQty ?? '',
      responsible: top?.responsible.join(';') ?? '',
      reason: line.reason ?? '',
      reason_source: line.reasonSource ?? '',
      movement_id: line.movementId ?? '',
      posting: line.posted ? 'posted' : '',
      reason_label: line.reason === undefined ? '' : (reasonLabel(options.reasonCodes, line.reason, options.locale) ?? ''),
      explanation: explanationOf(line, options.locale, false),
    };
    rows.push(CSV_COLUMNS.map((column) => csvCell(values[column], NUMBER_COLUMNS.has(column) ? 'number' : 'text')).join(','));
  }
  return `${rows.join('\n')}\n`;
}

/** A report as rows of cells, shared by Markdown and HTML. */
interface Tables {
  readonly title: string;
  readonly facts: Array<[string, string]>;
  readonly totals: string[];
  readonly variances: { readonly head: string[]; readonly rows: string[][] };
  readonly suggestions: string[];
  readonly exceptions: Array<[string, string]>;
  readonly afterPosting?: { readonly head: string[]; readonly rows: string[][] };
  readonly movements?: { readonly head: string[]; readonly rows: string[][] };
}

function describeKey(key: StockKey): string {
  return `${key.sku} @ ${key.location}${key.lot ? ` lot ${key.lot}` : ''}${key.serial ? ` serial ${key.serial}` : ''}`;
}

function tablesOf(report: CountReport, options: RenderOptions): Tables {
  const { locale } = options;
  const w = wordsOf(locale);
  const { session, people, totals } = report;
  const facts: Array<[string, string | undefined]> = [
    [w.facts.session, session.id],
    [w.facts.modePurpose, `${termOf(w, session.mode)} / ${termOf(w, session.purpose)}`],
    [w.facts.state, `${termOf(w, session.state)} (${w.round(session.round)})`],
    [w.facts.scope, [session.scope.locations.join(', '), session.scope.skus?.join(', '), session.scope.abcClasses?.map((c) => `class ${c}`).join(', ')].filter(Boolean).join('; ')],
    [w.facts.opened, `${session.openedAt} ${w.by} ${people.openedBy}`],
    [w.facts.reviewStarted, session.reviewStartedAt],
    [w.facts.approved, session.approvedAt && `${session.approvedAt} ${w.by} ${people.approver ?? ''}`],
    [w.facts.posted, session.postedAt && `${session.postedAt} ${w.by} ${people.poster ?? ''}`],
    [w.facts.cancelled, session.cancelledAt],
    [w.facts.counters, people.counters.join(', ') || '—'],
    [w.facts.decidedBy, people.deciders.length > 0 ? people.deciders.join(', ') : undefined],
    [w.facts.generated, report.generatedAt],
  ];
  const statuses = Object.entries(totals.byStatus).filter(([, n]) => n > 0).map(([status, n]) => `${n} ${w.status[status as keyof typeof w.status]}`);
  const varied = report.lines.filter((line) => !new D(line.variance).isZero() || line.attribution !== undefined || line.ambiguities !== undefined);
  const c = w.columns;
  const variances = {
    head: [c.item, c.location, c.book, c.counted, c.variance, c.value, c.status, c.countedBy, c.explanation, c.responsible, c.reason, c.adjustment],
    rows: varied.map((line) => {
      const key = [line.key.sku, line.key.lot && `lot ${line.key.lot}`, line.key.serial && `serial ${line.key.serial}`].filter(Boolean).join(' ');
      const label = line.reason === undefined ? undefined : reasonLabel(options.reasonCodes, line.reason, locale);
      const reason = line.reason ? `${line.reason}${label ? ` – ${label}` : ''}${line.reasonSource === 'proposed' ? ` (${w.proposed})` : ''}` : '';
      return [
        key,
        line.key.location,
        `${line.expected} ${line.uom}`,
        `${line.counted} ${line.uom}`,
        line.variance,
        line.varianceValue,
        statusOf(line, locale),
        line.counters.join(', '),
        explanationOf(line, locale, true),
        topCandidate(line)?.responsible.join(', ') ?? '',
        reason,
        line.movementId ?? '',
      ];
    }),
  };
  const suggestions = [...new Set(varied.flatMap((line) => line.attribution?.candidates.flatMap((cand) => (cand.suggestion ? [`${describeKey(line.key)}: ${cand.suggestion.text}`] : [])) ?? []))];
  const m = w.movementColumns;
  return {
    title: `${w.title}: ${session.name ?? session.id}`,
    facts: facts.filter((fact): fact is [string, string] => Boolean(fact[1])),
    totals: [
      `${w.linesTotal}: ${totals.lines} (${statuses.join(', ') || w.none})`,
      `${w.bookValue}: ${totals.expectedValue}`,
      `${w.netValue}: ${totals.netValue}; ${w.absoluteValue}: ${totals.absoluteValue}`,
      `${w.adjustments}: ${totals.adjustments}; ${w.confirmations}: ${totals.confirmations}`,
    ],
    variances,
    suggestions,
    exceptions: report.exceptions.map((exception) => [termOf(w, exception.kind), exception.text]),
    ...(report.afterPosting.length > 0
      ? {
          afterPosting: {
            head: [m.movement, m.kind, m.dated, m.recorded, m.by, m.keys, m.status],
            rows: report.afterPosting.map((later) => [
              later.movementId,
              later.kind ?? '',
              later.occurredAt ?? '',
              later.recordedAt ?? '',
              later.actor ?? '',
              later.keys.map(describeKey).join('; '),
              later.resolution ? `${later.status}: ${later.resolution.note} (${later.resolution.actor})` : later.status,
            ]),
          },
        }
      : {}),
    ...(report.movements.length > 0
      ? {
          movements: {
            head: [m.movement, m.item, m.location, m.quantity, m.dated, m.reason],
            rows: report.movements.map((movement) => [movement.id, movement.key.sku, movement.key.location, movement.qty, movement.occurredAt, movement.reasonCode ?? '']),
          },
        }
      : {}),
  };
}

function renderMarkdown(report: CountReport, options: RenderOptions): string {
  const w = wordsOf(options.locale);
  const t = tablesOf(report, options);
  const table = (head: string[], rows: string[][], align: string[]): string[] => [`| ${head.map(md).join(' | ')} |`, `|${align.join('|')}|`, ...rows.map((row) => `| ${row.map(md).join(' | ')} |`)];
  const out: string[] = [`# ${md(t.title)}`, '', '| | |', '|---|---|', ...t.facts.map(([label, value]) => `| ${md(label)} | ${md(value)} |`)];
  out.push('', `## ${w.totals}`, '', ...t.totals.map((line) => `- ${line}`), '');
  out.push(`## ${w.variances}`, '');
  if (t.variances.rows.length === 0) out.push(w.allMatched, '');
  else {
    out.push(...table(t.variances.head, t.variances.rows, ['---', '---', '--:', '--:', '--:', '--:', '---', '---', '---', '---', '---', '---']), '');
    if (t.suggestions.length > 0) out.push(`### ${w.suggestions}`, '', ...t.suggestions.map((s) => `- ${md(s)}`), '');
  }
  out.push(`## ${w.exceptions}`, '');
  if (t.exceptions.length === 0) out.push(w.none, '');
  else out.push(...t.exceptions.map(([kind, text]) => `- **${kind}**: ${md(text)}`), '');
  if (t.afterPosting) out.push(`## ${w.afterPosting}`, '', w.afterPostingNote, '', ...table(t.afterPosting.head, t.afterPosting.rows, t.afterPosting.head.map(() => '---')), '');
  if (report.sampling) out.push(renderSampleReport(report.sampling, 'markdown'), '');
  if (t.movements) out.push(`## ${w.postedMovements}`, '', ...table(t.movements.head, t.movements.rows, ['---', '---', '---', '--:', '---', '---']), '');
  return out.join('\n');
}

function renderHtml(report: CountReport, options: RenderOptions): string {
  const w = wordsOf(options.locale);
  const t = tablesOf(report, options);
  const table = (head: string[], rows: string[][], numeric: ReadonlySet<number> = new Set()): string =>
    `<table><thead><tr>${head.map((h, i) => `<th${numeric.has(i) ? ' class="num"' : ''}>${escapeHtml(h)}</th>`).join('')}</tr></thead>\n<tbody>\n${rows
      .map((row) => `<tr>${row.map((cell, i) => `<td${numeric.has(i) ? ' class="num"' : ''}>${escapeHtml(cell)}</td>`).join('')}</tr>`)
      .join('\n')}\n</tbody></table>`;
  const parts = [
    `<h1>${escapeHtml(t.title)}</h1>`,
    `<table class="facts"><tbody>${t.facts.map(([label, value]) => `<tr><td>${escapeHtml(label)}</td><td>${escapeHtml(value)}</td></tr>`).join('')}</tbody></table>`,
    `<h2>${escapeHtml(w.totals)}</h2>`,
    `<ul>${t.totals.map((line) => `<li>${escapeHtml(line)}</li>`).join('')}</ul>`,
    `<h2>${escapeHtml(w.variances)}</h2>`,
    t.variances.rows.length === 0 ? `<p>${escapeHtml(w.allMatched)}</p>` : table(t.variances.head, t.variances.rows, new Set([2, 3, 4, 5])),
    ...(t.suggestions.length > 0 ? [`<h2>${escapeHtml(w.suggestions)}</h2>`, `<ul>${t.suggestions.map((s) => `<li>${escapeHtml(s)}</li>`).join('')}</ul>`] : []),
    `<h2>${escapeHtml(w.exceptions)}</h2>`,
    t.exceptions.length === 0 ? `<p>${escapeHtml(w.none)}</p>` : `<ul>${t.exceptions.map(([kind, text]) => `<li><b>${escapeHtml(kind)}</b>: ${escapeHtml(text)}</li>`).join('')}</ul>`,
    ...(t.afterPosting ? [`<h2>${escapeHtml(w.afterPosting)}</h2>`, `<p>${escapeHtml(w.afterPostingNote)}</p>`, table(t.afterPosting.head, t.afterPosting.rows)] : []),
    ...(t.movements ? [`<h2>${escapeHtml(w.postedMovements)}</h2>`, table(t.movements.head, t.movements.rows, new Set([3]))] : []),
  ];
  return htmlDocument(options.locale, t.title, parts.join('\n'));
}
