/**
 * The count report: a session's variance table with attributions, reasons, counters, approver and
 * posted movements, built from plain data (pure) and rendered as JSON, CSV or Markdown.
 *
 * @module
 */
import * as z from 'zod';
import type { Attribution, AttributionCandidate } from '../attribution/types.js';
import type { StockKey } from '../ledger/key.js';
import { stockKeyId } from '../ledger/key.js';
import { omitUndefined } from '../ledger/prepare.js';
import type { Movement } from '../ledger/types.js';
import { D, formatDecimal, type DecimalString } from '../quantity/decimal.js';
import { csvCell } from '../csv.js';
import { renderSampleReport, type SampleReport } from '../policy/sampling/report.js';
import type { Instant } from '../time.js';
import { md } from './printing.js';
import { summarize } from './review.js';
import type { ReviewLine, ReviewStatus, ReviewSummary } from './review-types.js';
import type { CountEntry, CountException, CountSession, LocationMark } from './types.js';

/** The formats of `counts.report`. */
export type CountReportFormat = 'json' | 'csv' | 'markdown';

/** Options of `counts.report`. */
export const reportInputSchema = z.object({ format: z.enum(['json', 'csv', 'markdown']).default('json') }).strict();

/** Options of `counts.report`. */
export type CountReportOptions = z.input<typeof reportInputSchema>;

/** One line of the report's variance table. */
export interface CountReportLine {
  readonly key: StockKey;
  readonly uom: string;
  readonly bookAtOpen: DecimalString;
  readonly expected: DecimalString;
  readonly counted: DecimalString;
  readonly variance: DecimalString;
  readonly variancePercent: DecimalString | null;
  readonly varianceValue: DecimalString;
  readonly status: ReviewStatus;
  /** How many rounds counted the key. */
  readonly rounds: number;
  readonly counters: readonly string[];
  /** A supervisor's decision, when there is one. */
  readonly decision?: { readonly qty: DecimalString; readonly actor: string };
  /** The explanation, when the line has one. */
  readonly attribution?: Attribution;
  /** The reason code: the approved one, else the attribution's proposal. */
  readonly reason?: string;
  /** Whether the approver confirmed or chose the reason (`approved`) or it is only proposed. */
  readonly reasonSource?: 'approved' | 'proposed';
  /** The posted count adjustment. */
  readonly movementId?: string;
}

/** Something an auditor should look at. */
export interface CountReportException {
  /** What kind of exception. */
  readonly kind:
    | 'late_movement'
    | 'decision'
    | 'superseded_decision'
    | 'recounted'
    | 'unresolved'
    | 'excluded_location'
    | 'open_conflict';
  /** The key it is about, when it is about one. */
  readonly key?: StockKey;
  /** The same in words. */
  readonly text: string;
}

/** The data of a count report. */
export interface CountReport {
  readonly session: {
    readonly id: string;
    readonly name?: string;
    readonly mode: CountSession['mode'];
    readonly purpose: CountSession['purpose'];
    readonly state: CountSession['state'];
    readonly scope: CountSession['scope'];
    readonly round: number;
    readonly openedAt: Instant;
    readonly reviewStartedAt?: Instant;
    readonly approvedAt?: Instant;
    readonly postedAt?: Instant;
    readonly cancelledAt?: Instant;
  };
  /** Who did what. */
  readonly people: {
    readonly openedBy: string;
    readonly counters: readonly string[];
    readonly deciders: readonly string[];
    readonly approver?: string;
    readonly poster?: string;
  };
  /** Totals of the variance table. */
  readonly totals: ReviewSummary & { readonly adjustments: number; readonly confirmations: number };
  /** The variance table. */
  readonly lines: readonly CountReportLine[];
  /** The posted count adjustments. */
  readonly movements: ReadonlyArray<{
    readonly id: string;
    readonly key: StockKey;
    /** Signed: a gain is positive. */
    readonly qty: DecimalString;
    readonly occurredAt: Instant;
    readonly reasonCode?: string;
  }>;
  /** What needs an auditor's attention. */
  readonly exceptions: readonly CountReportException[];
  /**
   * Movements recorded after the session posted but dated before its counts, let through by the
   * `flag` policy as post-count exceptions: they never change the posted figures, so they are
   * listed here instead.
   */
  readonly afterPosting: readonly CountReportLaterMovement[];
  /**
   * For a session that counts a statistical sample, once every sampled line is settled: the
   * sample's estimate, its interval and the decision (see `docs/sampling.md`).
   */
  readonly sampling?: SampleReport;
  /** When the report was made. */
  readonly generatedAt: Instant;
}

/** A movement that crossed a posted count (see {@link CountReport.afterPosting}). */
export interface CountReportLaterMovement {
  readonly movementId: string;
  readonly kind?: Movement['kind'];
  /** When it happened: before the count it crossed. */
  readonly occurredAt?: Instant;
  /** When the engine got it: after the posting. */
  readonly recordedAt?: Instant;
  readonly actor?: string;
  /** The counted keys it touched. */
  readonly keys: readonly StockKey[];
  /** The post-count exception's state. */
  readonly status: CountException['status'];
  readonly resolution?: CountException['resolution'];
}

/** What {@link buildCountReport} is built from. @internal */
export interface CountReportData {
  readonly session: CountSession;
  readonly lines: readonly ReviewLine[];
  readonly entries: readonly CountEntry[];
  readonly marks: readonly LocationMark[];
  readonly conflicts: readonly CountEntry[];
  readonly movements: readonly Movement[];
  readonly exceptions: readonly CountException[];
  /** The movements of `exceptions`, by id. */
  readonly laterMovements: ReadonlyMap<string, Movement>;
  /** The sampling section, when the session counts a sample and its lines are settled. */
  readonly sampling?: SampleReport;
  readonly generatedAt: Instant;
}

/**
 * Builds the report data of a session. Pure.
 *
 * @param data - the session, its review lines (with attributions), entries, marks, open
 *   conflicts, posted movements and post-count exceptions
 * @returns the report
 * @internal
 */
export function buildCountReport(data: CountReportData): CountReport {
  const { session } = data;
  const postedByKey = new Map(data.movements.map((movement) => [stockKeyId(movementKey(movement)), movement.id]));
  const reasons = session.approval?.reasons ?? {};
  const lines: CountReportLine[] = data.lines.map((line) => {
    const id = stockKeyId(line.key);
    const approved = reasons[id];
    const reason = approved ?? line.proposedReason;
    return omitUndefined({
      key: line.key,
      uom: line.uom,
      bookAtOpen: line.bookAtOpen,
      expected: line.expected,
      counted: line.counted,
      variance: line.variance,
      variancePercent: line.variancePercent,
      varianceValue: line.varianceValue,
      status: line.status,
      rounds: line.rounds.length,
      counters: line.counters,
      decision: line.decision ? { qty: line.decision.qty, actor: line.decision.actor } : undefined,
      attribution: line.attribution,
      reason,
      reasonSource: reason === undefined ? undefined : approved !== undefined ? ('approved' as const) : ('proposed' as const),
      movementId: postedByKey.get(id),
    });
  });
  const counters = [...new Set(data.entries.filter((entry) => entry.kind === 'count').map((entry) => entry.counter))];
  const deciders = [...new Set(Object.values(session.decisions).flatMap((history) => history.map((decision) => decision.actor)))];
  return {
    session: omitUndefined({
      id: session.id,
      name: session.name,
      mode: session.mode,
      purpose: session.purpose,
      state: session.state,
      scope: session.scope,
      round: session.round,
      openedAt: session.openedAt,
      reviewStartedAt: session.reviewStartedAt,
      approvedAt: session.approval?.at,
      postedAt: session.posting?.at,
      cancelledAt: session.cancellation?.at,
    }),
    people: omitUndefined({
      openedBy: session.openedBy,
      counters,
      deciders,
      approver: session.approval?.actor,
      poster: session.posting?.actor,
    }),
    totals: {
      ...summarize(data.lines),
      adjustments: data.movements.length,
      confirmations: session.posting?.confirmations ?? 0,
    },
    lines,
    movements: data.movements.map((movement) => {
      const line = movement.lines[0]!;
      return omitUndefined({
        id: movement.id,
        key: movementKey(movement),
        qty: line.to === undefined ? formatDecimal(new D(line.qty).negated()) : line.qty,
        occurredAt: movement.occurredAt,
        reasonCode: movement.reasonCode,
      });
    }),
    exceptions: exceptionsOf(data),
    afterPosting: data.exceptions.map((exception) => {
      const movement = data.laterMovements.get(exception.movementId);
      return omitUndefined({
        movementId: exception.movementId,
        kind: movement?.kind,
        occurredAt: movement?.occurredAt,
        recordedAt: movement?.recordedAt,
        actor: movement?.actor,
        keys: exception.keys,
        status: exception.status,
        resolution: exception.resolution,
      });
    }),
    ...(data.sampling ? { sampling: data.sampling } : {}),
    generatedAt: data.generatedAt,
  };
}

/** The key a count adjustment moves (it has one line, to or from the key's location). */
function movementKey(movement: Movement): StockKey {
  const line = movement.lines[0]!;
  return {
    sku: line.sku,
    location: (line.to ?? line.from)!,
    ...(line.lot === undefined ? {} : { lot: line.lot }),
    ...(line.serial === undefined ? {} : { serial: line.serial }),
  };
}

function exceptionsOf(data: CountReportData): CountReportException[] {
  const result: CountReportException[] = [];
  for (const line of data.lines) {
    const where = `${describeKey(line.key)}`;
    if (line.lateMovements.length > 0) {
      result.push({ kind: 'late_movement', key: line.key, text: `${where}: recorded late but dated before the count, changing its variance: ${line.lateMovements.join(', ')}` });
    }
    if (line.decision) {
      result.push({ kind: 'decision', key: line.key, text: `${where}: quantity ${line.decision.qty} set by ${line.decision.actor}${line.decision.note ? ` (${line.decision.note})` : ''}` });
    }
    for (const decision of line.supersededDecisions ?? []) {
      result.push({
        kind: 'superseded_decision',
        key: line.key,
        text: `${where}: quantity ${decision.qty} set by ${decision.actor} at ${decision.at} was superseded by later evidence${decision.note ? ` (${decision.note})` : ''}`,
      });
    }
    if (line.rounds.length > 1) {
      result.push({ kind: 'recounted', key: line.key, text: `${where}: counted in ${line.rounds.length} rounds (${line.rounds.map((round) => `${round.counted} by ${round.counters.join('/') || 'nobody'}`).join(', ')})` });
    }
    if (['pending', 'recount', 'ambiguous', 'needs_decision'].includes(line.status)) {
      result.push({ kind: 'unresolved', key: line.key, text: `${where}: ${line.status.replace('_', ' ')}` });
    }
  }
  for (const mark of data.marks) {
    if (mark.status === 'excluded') result.push({ kind: 'excluded_location', text: `${mark.location} excluded by ${mark.actor}: ${mark.reason ?? ''}` });
  }
  for (const entry of data.conflicts) {
    result.push({ kind: 'open_conflict', text: `Entry ${entry.entryId} by ${entry.counter} is flagged (${entry.flags.join(', ')}) and does not count` });
  }
  return result;
}

const CSV_COLUMNS = [
  'sku', 'location', 'lot', 'serial', 'uom', 'book_at_open', 'expected', 'counted', 'variance', 'variance_percent',
  'variance_value', 'status', 'rounds', 'counters', 'attribution', 'confidence', 'explained_qty', 'responsible',
  'reason', 'reason_source', 'movement_id',
] as const;

/**
 * Renders a report as JSON (the report data, indented), CSV (one row per line, a header, RFC 4180
 * quoting, lists joined by `;`) or Markdown (a summary an auditor can file: header, people,
 * totals, the variance table, exceptions and posted movements).
 *
 * @param report - the report data
 * @param format - `json`, `csv` or `markdown`
 * @returns the text
 * @internal
 */
export function renderCountReport(report: CountReport, format: CountReportFormat): string {
  if (format === 'json') return `${JSON.stringify(report, null, 2)}\n`;
  if (format === 'csv') return renderCsv(report);
  return renderMarkdown(report);
}

function topCandidate(attribution: Attribution | undefined): AttributionCandidate | undefined {
  return attribution?.candidates[0];
}

function renderCsv(report: CountReport): string {
  // Cells go through csvCell, safe in a spreadsheet; in these columns of numbers the report
  // formats itself, a plain number such as -3 stays a number.
  const numberColumns = new Set<string>(['book_at_open', 'expected', 'counted', 'variance', 'variance_percent', 'variance_value', 'rounds', 'confidence', 'explained_qty']);
  const rows = [CSV_COLUMNS.join(',')];
  for (const line of report.lines) {
    const top = topCandidate(line.attribution);
    const values: Record<(typeof CSV_COLUMNS)[number], string> = {
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
    };
    rows.push(CSV_COLUMNS.map((column) => csvCell(values[column], numberColumns.has(column) ? 'number' : 'text')).join(','));
  }
  return `${rows.join('\n')}\n`;
}

function renderMarkdown(report: CountReport): string {
  const { session, people, totals } = report;
  const out: string[] = [];
  out.push(`# Count report: ${md(session.name ?? session.id)}`, '');
  out.push(`| | |`, `|---|---|`);
  const facts: Array<[string, string | undefined]> = [
    ['Session', session.id],
    ['Mode / purpose', `${session.mode} / ${session.purpose}`],
    ['State', `${session.state} (round ${session.round})`],
    ['Scope', [session.scope.locations.join(', '), session.scope.skus?.join(', '), session.scope.abcClasses?.map((c) => `class ${c}`).join(', ')].filter(Boolean).join('; ')],
    ['Opened', `${session.openedAt} by ${people.openedBy}`],
    ['Review started', session.reviewStartedAt],
    ['Approved', session.approvedAt && `${session.approvedAt} by ${people.approver ?? ''}`],
    ['Posted', session.postedAt && `${session.postedAt} by ${people.poster ?? ''}`],
    ['Cancelled', session.cancelledAt],
    ['Counters', people.counters.join(', ') || '—'],
    ['Decided by', people.deciders.length > 0 ? people.deciders.join(', ') : undefined],
    ['Report generated', report.generatedAt],
  ];
  for (const [label, value] of facts) if (value) out.push(`| ${label} | ${md(value)} |`);
  out.push('', '## Totals', '');
  const statuses = Object.entries(totals.byStatus).filter(([, n]) => n > 0).map(([status, n]) => `${n} ${status.replace('_', ' ')}`);
  out.push(`- Lines: ${totals.lines} (${statuses.join(', ') || 'none'})`);
  out.push(`- Book value at expected quantities: ${totals.expectedValue}`);
  out.push(`- Net variance value: ${totals.netValue}; absolute: ${totals.absoluteValue}`);
  out.push(`- Posted adjustments: ${totals.adjustments}; confirmations: ${totals.confirmations}`, '');
  out.push('## Variances', '');
  const varied = report.lines.filter((line) => !new D(line.variance).isZero() || line.attribution !== undefined);
  if (varied.length === 0) out.push('Every line matched the book.', '');
  else {
    out.push('| Item | Location | Expected | Counted | Variance | Value | Status | Counted by | Explanation | Responsible | Reason | Adjustment |');
    out.push('|---|---|--:|--:|--:|--:|---|---|---|---|---|---|');
    for (const line of varied) {
      const top = topCandidate(line.attribution);
      const explanation = top ? `${top.category.replace('_', ' ')} (${Math.round(top.confidence * 100)} %, ${top.explainedQty})` : '';
      const others = line.attribution && line.attribution.candidates.length > 1 ? ` + ${line.attribution.candidates.length - 1} more` : '';
      const key = [line.key.sku, line.key.lot && `lot ${line.key.lot}`, line.key.serial && `serial ${line.key.serial}`].filter(Boolean).join(' ');
      out.push(
        `| ${[
          key,
          line.key.location,
          `${line.expected} ${line.uom}`,
          line.counted,
          line.variance,
          line.varianceValue,
          line.status.replace('_', ' '),
          line.counters.join(', '),
          explanation + others,
          top?.responsible.join(', ') ?? '',
          line.reason ? `${line.reason}${line.reasonSource === 'proposed' ? ' (proposed)' : ''}` : '',
          line.movementId ?? '',
        ].map(md).join(' | ')} |`,
      );
    }
    out.push('');
    const suggestions = varied.flatMap((line) => line.attribution?.candidates.flatMap((c) => (c.suggestion ? [`- ${describeKey(line.key)}: ${c.suggestion.text}`] : [])) ?? []);
    if (suggestions.length > 0) out.push('### Suggestions', '', ...[...new Set(suggestions)].map(md), '');
  }
  out.push('## Exceptions', '');
  if (report.exceptions.length === 0) out.push('None.', '');
  else out.push(...report.exceptions.map((exception) => `- **${exception.kind.replaceAll('_', ' ')}**: ${md(exception.text)}`), '');
  if (report.afterPosting.length > 0) {
    out.push('## After posting', '', 'Recorded after the posting but dated before its counts; the figures above are the ones posted.', '');
    out.push('| Movement | Kind | Dated | Recorded | By | Keys | Status |', '|---|---|---|---|---|---|---|');
    for (const later of report.afterPosting) {
      const status = later.resolution ? `${later.status}: ${later.resolution.note} (${later.resolution.actor})` : later.status;
      out.push(
        `| ${[later.movementId, later.kind ?? '', later.occurredAt ?? '', later.recordedAt ?? '', later.actor ?? '', later.keys.map(describeKey).join('; '), status].map(md).join(' | ')} |`,
      );
    }
    out.push('');
  }
  if (report.sampling) out.push(renderSampleReport(report.sampling, 'markdown'), '');
  if (report.movements.length > 0) {
    out.push('## Posted movements', '');
    out.push('| Movement | Item | Location | Quantity | Dated | Reason |', '|---|---|---|--:|---|---|');
    for (const movement of report.movements) {
      out.push(`| ${[movement.id, movement.key.sku, movement.key.location, movement.qty, movement.occurredAt, movement.reasonCode ?? ''].map(md).join(' | ')} |`);
    }
    out.push('');
  }
  return out.join('\n');
}

function describeKey(key: StockKey): string {
  return `${key.sku} at ${key.location}${key.lot ? ` lot ${key.lot}` : ''}${key.serial ? ` serial ${key.serial}` : ''}`;
}
