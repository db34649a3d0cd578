import { describe, expect, it } from 'vitest';
import {
  buildSampleReport,
  evaluateInventorySample,
  planInventorySample,
  renderSampleReport,
  type MusSamplePlan,
  type StratifiedSamplePlan,
} from '../../../src/index.js';
import { expectInvalidInputAt } from '../../support/invalid.js';
import { countsFor, generatePopulation, membersOf } from './populations.js';

const population = generatePopulation({ seed: 21, keys: 500, errorRate: 0.25, smallShare: 0.5, gainShare: 0.2 });
const members = membersOf(population);
// A key whose name needs escaping everywhere, large enough to be counted by every plan below, 100 short.
const odd = { key: { sku: '<b>A|1,"x"</b>', location: 'WH1/A & B' }, bookQty: '1000', unitCost: '100' };
members[0] = odd;
population.keys[0] = { ...odd, countedQty: '900' };

describe('the sampling section of a count report', () => {
  const mus = planInventorySample({ method: 'mus', population: members, confidence: 0.95, tolerableError: { share: 0.05 }, seed: 4 }) as MusSamplePlan;
  const musEvaluation = evaluateInventorySample(mus, countsFor(mus, population));
  const stratified = planInventorySample({ method: 'stratified', population: members, confidence: 0.9, tolerableError: { share: 0.08 }, topStratumThreshold: '50000', seed: 4 }) as StratifiedSamplePlan;
  const stratifiedEvaluation = evaluateInventorySample(stratified, countsFor(stratified, population));

  it('states the estimate, the interval and the decision, with the figures behind them', () => {
    const report = buildSampleReport(mus, musEvaluation);
    const figure = (name: string) => report.figures.find((f) => f.name === name)?.value;
    expect(figure('estimated_error')).toBe(musEvaluation.estimatedError);
    expect(figure('interval_lower')).toBe(musEvaluation.interval.lower);
    expect(figure('interval_upper')).toBe(musEvaluation.interval.upper);
    expect(figure('overstatement_upper_limit')).toBe(musEvaluation.method === 'mus' ? musEvaluation.overstatement.upperLimit : undefined);
    expect(figure('verdict')).toBe(musEvaluation.decision.verdict);
    expect(figure('confidence')).toBe('95 %');
    expect(report.decision).toEqual(musEvaluation.decision);
    expect(report.strata.reduce((a, s) => a + s.counted, 0)).toBe(mus.keysToCount);
    expect(report.strata.reduce((a, s) => a + s.differences, 0)).toBe(musEvaluation.keysWithDifference);
    const strat = buildSampleReport(stratified, stratifiedEvaluation);
    expect(strat.figures.map((f) => f.name)).toEqual(expect.arrayContaining(['estimated_value', 'standard_error', 'degrees_of_freedom', 'interval_basis']));
    expect(strat.estimator).toBe('difference');
  });

  it('renders Markdown: the decision first, the figures, strata, differences (capped), derivation and warnings, table cells escaped', () => {
    const markdown = renderSampleReport(buildSampleReport(stratified, stratifiedEvaluation), 'markdown');
    expect(markdown.startsWith(`## Statistical sample\n\n**Decision:** ${stratifiedEvaluation.decision.text}`)).toBe(true);
    expect(markdown).toContain(`| Estimated error (counted − book) | ${stratifiedEvaluation.estimatedError} |`);
    expect(markdown).toContain('### How the sample size was derived');
    expect(markdown).toContain(stratified.derivation.steps[0]!);
    if (stratifiedEvaluation.differences.length > 20) expect(markdown).toContain(`… and ${stratifiedEvaluation.differences.length - 20} more.`);
    expect(markdown).toContain('| <b>A\\|1,"x"</b> @ WH1/A & B | top | 100000 | 90000 | -10000 |');
  });

  it('renders CSV: figure,value rows with stable names, quoted where needed, the decision text last', () => {
    const csv = renderSampleReport(buildSampleReport(mus, musEvaluation), 'csv');
    const rows = csv.trimEnd().split('\n');
    expect(rows[0]).toBe('figure,value');
    expect(rows).toContain(`estimated_error,${musEvaluation.estimatedError}`);
    expect(rows).toContain('method,monetary-unit sampling (MUS)');
    expect(rows.at(-1)).toMatch(/^decision,"?[A-Z]/);
    for (const row of rows.slice(1, -1)) expect(row).toMatch(/^[a-z_]+,/);
  });

  it('renders an HTML fragment with every text escaped', () => {
    const html = renderSampleReport(buildSampleReport(mus, musEvaluation), 'html');
    expect(html.startsWith('<section class="stocktake-sample">')).toBe(true);
    expect(html.trimEnd().endsWith('</section>')).toBe(true);
    expect(html).not.toContain('<b>A');
    expect(html).toContain('<td>&lt;b&gt;A|1,&quot;x&quot;&lt;/b&gt; @ WH1/A &amp; B</td><td>top</td><td>100000</td><td>90000</td><td>-10000</td>');
    expect(html).toContain(`<td>Estimated error (counted − book)</td><td>${musEvaluation.estimatedError}</td>`);
  });

  it('refuses an evaluation of another method', () => {
    expectInvalidInputAt(() => buildSampleReport(mus, stratifiedEvaluation), ['evaluation', 'method']);
  });
});
