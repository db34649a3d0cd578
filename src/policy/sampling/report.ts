/**
 * The sampling section of a count report: what a sampled session's report states about the
 * sample (the plan, the estimate, the interval and the decision), as data and as Markdown, CSV
 * or HTML. Pure: the count report embeds it; the example prints it as the auditor's summary.
 *
 * @module
 */
import * as z from 'zod';
import { StocktakeError } from '../../errors.js';
import { parseInput, type DeepReadonly } from '../../validate.js';
import { percentText } from './format.js';
import { readPlan } from './trusted.js';
import type {
  InventorySampleEvaluation,
  InventorySamplePlan,
  SampleDecision,
  SampleDifference,
  SampleWarning,
  SamplingMethod,
  StratifiedEstimator,
  StratumKind,
} from './types.js';

/** One figure of the section: a stable snake_case name for programs, a label and a value for people. */
export interface SampleReportFigure {
  /** Stable name, e.g. `estimated_error`; the CSV's first column. */
  readonly name: string;
  /** What it is, in words. */
  readonly label: string;
  /** The value as text (decimal strings for money). */
  readonly value: string;
}

/** A stratum row of the section. */
export interface SampleReportStratum {
  /** The stratum id. */
  readonly id: string;
  /** Census, sampled or unsampled. */
  readonly kind: StratumKind;
  /** Keys in the stratum. */
  readonly keys: number;
  /** Keys counted in it. */
  readonly counted: number;
  /** Its book value. */
  readonly bookValue: string;
  /** Counted keys with a difference. */
  readonly differences: number;
}

/** The sampling section of a count report. */
export interface SampleReport {
  /** Stratified or MUS. */
  readonly method: SamplingMethod;
  /** Stratified: the estimator of the point estimate. */
  readonly estimator?: StratifiedEstimator;
  /** The plan's confidence. */
  readonly confidence: number;
  /** How the sample size was derived, as the plan states it. */
  readonly derivation: { readonly formula: string; readonly steps: readonly string[] };
  /** The figures, in reading order. */
  readonly figures: readonly SampleReportFigure[];
  /** The strata with what was counted in each. */
  readonly strata: readonly SampleReportStratum[];
  /** The counted keys with a difference, largest first. */
  readonly differences: readonly SampleDifference[];
  /** The decision. */
  readonly decision: SampleDecision;
  /** Warnings to read before relying on the result. */
  readonly warnings: readonly SampleWarning[];
}

/** The formats of {@link renderSampleReport}. */
export const sampleReportFormatSchema = z.enum(['markdown', 'csv', 'html']);

/** A format of {@link renderSampleReport}. */
export type SampleReportFormat = z.infer<typeof sampleReportFormatSchema>;

/** How many differences the Markdown and HTML list before summing up the rest. */
const LISTED_DIFFERENCES = 20;

function figuresOf(plan: InventorySamplePlan, evaluation: InventorySampleEvaluation): SampleReportFigure[] {
  const f = (name: string, label: string, value: string | number): SampleReportFigure => ({ name, label, value: String(value) });
  const figures = [
    f('method', 'Method', evaluation.method === 'mus' ? 'monetary-unit sampling (MUS)' : `stratified, ${evaluation.estimator} estimator`),
    f('confidence', 'Confidence', percentText(evaluation.confidence)),
    f('population_keys', 'Keys in the population', plan.population.keys),
    f('book_value', 'Book value', evaluation.bookValue),
    f('sample_size', evaluation.method === 'mus' ? 'Sample size (selections)' : 'Sample size (keys)', plan.sampleSize),
    f('keys_counted', 'Keys counted', evaluation.keysCounted),
    f('keys_with_difference', 'Counted keys with a difference', evaluation.keysWithDifference),
    f('estimated_value', 'Estimated value', evaluation.estimatedValue),
    f('estimated_error', 'Estimated error (counted − book)', evaluation.estimatedError),
    f('interval_lower', 'Error interval, lower end', evaluation.interval.lower),
    f('interval_upper', 'Error interval, upper end', evaluation.interval.upper),
    f('tolerable_error', 'Tolerable error', evaluation.tolerableError),
  ];
  if (evaluation.method === 'stratified') {
    const chosen = evaluation.estimates[evaluation.estimator]!;
    figures.push(
      f('interval_basis', 'Interval', evaluation.intervalBasis === 'estimator' ? `${evaluation.estimator} estimator` : `wider of ${evaluation.estimator} and mean per unit`),
      f('standard_error', 'Standard error', chosen.standardError),
      f('degrees_of_freedom', 'Degrees of freedom', chosen.degreesOfFreedom ?? '∞'),
    );
  } else {
    figures.push(f('sampling_interval', 'Sampling interval J', evaluation.samplingInterval));
    for (const [side, bound] of [['overstatement', evaluation.overstatement], ['understatement', evaluation.understatement]] as const) {
      figures.push(
        f(`${side}_errors`, `${side}: errors below J`, bound.errors),
        f(`${side}_known_error`, `${side}: known error (top stratum)`, bound.knownError),
        f(`${side}_basic_precision`, `${side}: basic precision`, bound.basicPrecision),
        f(`${side}_projected_error`, `${side}: projected error`, bound.projectedError),
        f(`${side}_incremental_allowance`, `${side}: incremental allowance`, bound.incrementalAllowance),
        f(`${side}_upper_limit`, `${side}: upper error limit`, bound.upperLimit),
      );
    }
  }
  figures.push(f('verdict', 'Verdict', evaluation.decision.verdict), f('action', 'Action', evaluation.decision.action));
  if (evaluation.decision.suggestedSampleSize !== undefined) {
    figures.push(f('suggested_sample_size', 'Suggested sample size', evaluation.decision.suggestedSampleSize));
  }
  return figures;
}

/**
 * Builds the sampling section of a count report from a plan and its evaluation.
 *
 * @param plan - the plan the session counted
 * @param evaluation - `evaluateInventorySample(plan, results)`
 * @returns the section as data
 * @throws StocktakeError `invalid_input` when the plan is not valid or the evaluation is of
 *   another method
 * @example
 * ```ts
 * const section = buildSampleReport(plan, evaluateInventorySample(plan, results));
 * console.log(renderSampleReport(section, 'markdown'));
 * ```
 */
export function buildSampleReport(plan: DeepReadonly<InventorySamplePlan>, evaluation: DeepReadonly<InventorySampleEvaluation>): SampleReport {
  const parsed = readPlan(plan);
  const evaluated = evaluation as InventorySampleEvaluation;
  if (evaluated?.method !== parsed.method) {
    throw new StocktakeError('invalid_input', 'The evaluation is not of this plan (another method)', { path: ['evaluation', 'method'] });
  }
  const counted = new Map<string, { counted: number; differences: number }>();
  for (const s of parsed.strata) counted.set(s.id, { counted: 0, differences: 0 });
  for (const s of parsed.sample) counted.get(s.stratum)!.counted++;
  for (const d of evaluated.differences) {
    const entry = counted.get(d.stratum);
    if (entry) entry.differences++;
  }
  return {
    method: parsed.method,
    ...(evaluated.method === 'stratified' ? { estimator: evaluated.estimator } : {}),
    confidence: parsed.confidence,
    derivation: { formula: parsed.derivation.formula, steps: parsed.derivation.steps },
    figures: figuresOf(parsed, evaluated),
    strata: parsed.strata.map((s) => ({ id: s.id, kind: s.kind, keys: s.keys, bookValue: s.bookValue, ...counted.get(s.id)! })),
    differences: evaluated.differences,
    decision: evaluated.decision,
    warnings: evaluated.warnings,
  };
}

function keyText(d: SampleDifference): string {
  return [d.key.sku, d.key.location, d.key.lot && `lot ${d.key.lot}`, d.key.serial && `serial ${d.key.serial}`].filter(Boolean).join(' @ ');
}

/** Escapes text for a Markdown table cell or list item. */
function md(value: string): string {
  return value.replaceAll('\\', '\\\\').replaceAll('|', '\\|').replace(/\r?\n/g, ' ');
}

function html(value: string): string {
  return value.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;').replaceAll("'", '&#39;');
}

function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** The rows of a section's tables: header and cells, shared by Markdown and HTML. */
function tables(report: SampleReport): Array<{ title: string; header: string[]; rows: string[][]; more: number }> {
  const listed = report.differences.slice(0, LISTED_DIFFERENCES);
  return [
    { title: 'Figures', header: ['Figure', 'Value'], rows: report.figures.map((f) => [f.label, f.value]), more: 0 },
    {
      title: 'Strata',
      header: ['Stratum', 'Kind', 'Keys', 'Book value', 'Counted', 'Differences'],
      rows: report.strata.map((s) => [s.id, s.kind, String(s.keys), s.bookValue, String(s.counted), String(s.differences)]),
      more: 0,
    },
    {
      title: 'Differences found',
      header: ['Key', 'Stratum', 'Book value', 'Audited value', 'Error', ...(report.method === 'mus' ? ['Taint'] : [])],
      rows: listed.map((d) => [keyText(d), d.stratum, d.bookValue, d.auditedValue, d.error, ...(report.method === 'mus' ? [d.taint ?? ''] : [])]),
      more: report.differences.length - listed.length,
    },
  ];
}

function renderMarkdown(report: SampleReport): string {
  const out = ['## Statistical sample', '', `**Decision:** ${md(report.decision.text)}`, ''];
  for (const table of tables(report)) {
    out.push(`### ${table.title}`, '');
    if (table.rows.length === 0) {
      out.push('None.', '');
      continue;
    }
    out.push(`| ${table.header.join(' | ')} |`, `|${table.header.map(() => '---').join('|')}|`);
    for (const row of table.rows) out.push(`| ${row.map(md).join(' | ')} |`);
    if (table.more > 0) out.push('', `… and ${table.more} more.`);
    out.push('');
  }
  out.push('### How the sample size was derived', '', `\`${report.derivation.formula}\``, '', ...report.derivation.steps.map((s) => `- ${md(s)}`), '');
  if (report.warnings.length > 0) out.push('### Warnings', '', ...report.warnings.map((w) => `- **${w.code.replaceAll('_', ' ')}**: ${md(w.text)}`), '');
  return out.join('\n');
}

function renderHtml(report: SampleReport): string {
  const out = [
    '<section class="stocktake-sample">',
    '<h2>Statistical sample</h2>',
    `<p class="decision decision-${report.decision.verdict}"><strong>Decision:</strong> ${html(report.decision.text)}</p>`,
  ];
  for (const table of tables(report)) {
    out.push(`<h3>${html(table.title)}</h3>`);
    if (table.rows.length === 0) {
      out.push('<p>None.</p>');
      continue;
    }
    out.push('<table>', `<thead><tr>${table.header.map((h) => `<th>${html(h)}</th>`).join('')}</tr></thead>`, '<tbody>');
    for (const row of table.rows) out.push(`<tr>${row.map((cell) => `<td>${html(cell)}</td>`).join('')}</tr>`);
    out.push('</tbody>', '</table>');
    if (table.more > 0) out.push(`<p>… and ${table.more} more.</p>`);
  }
  out.push('<h3>How the sample size was derived</h3>', `<p><code>${html(report.derivation.formula)}</code></p>`, '<ul>');
  out.push(...report.derivation.steps.map((s) => `<li>${html(s)}</li>`), '</ul>');
  if (report.warnings.length > 0) {
    out.push('<h3>Warnings</h3>', '<ul>', ...report.warnings.map((w) => `<li><strong>${html(w.code)}</strong>: ${html(w.text)}</li>`), '</ul>');
  }
  out.push('</section>');
  return `${out.join('\n')}\n`;
}

/**
 * Renders the sampling section: Markdown (for the count report's Markdown and for people), CSV
 * (`figure,value` rows with the figures' stable names; RFC 4180 quoting) or an HTML fragment (a
 * `<section>` with escaped text, to embed in a page).
 *
 * @param report - the section, from {@link buildSampleReport}
 * @param format - `markdown`, `csv` or `html`
 * @returns the text
 * @throws StocktakeError `invalid_input` for an unknown format
 * @example
 * ```ts
 * const csv = renderSampleReport(buildSampleReport(plan, evaluation), 'csv');
 * // figure,value
 * // method,monetary-unit sampling (MUS)
 * // …
 * ```
 */
export function renderSampleReport(report: DeepReadonly<SampleReport>, format: SampleReportFormat): string {
  const f = parseInput(sampleReportFormatSchema, format, ['format']);
  const r = report as SampleReport;
  if (f === 'markdown') return renderMarkdown(r);
  if (f === 'html') return renderHtml(r);
  return `${['figure,value', ...r.figures.map((figure) => `${figure.name},${csvField(figure.value)}`), `decision,${csvField(r.decision.text)}`].join('\n')}\n`;
}
