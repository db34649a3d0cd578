import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { main, parseArgs } from '../../examples/sampling/main.js';

describe('examples/sampling', () => {
  it('plans a MUS sample, counts it in a session, posts it and prints the auditor’s summary', async () => {
    const output: string[] = [];
    const result = await main(['--keys', '2000', '--error-rate', '0.02', '--seed', '7'], (line) => output.push(line));
    expect(result.exitCode).toBe(0);
    const { plan, count, evaluation } = result;
    const text = output.join('\n');
    expect(text).toMatch(/^Plan: monetary-unit sampling of 2000 keys, book value \d+/);
    expect(text).toContain(`n = ⌈BV × CF / (TE − EE × EF)⌉ = ⌈${plan!.derivation.values['BV']} × 3.00 /`);
    // The session counted exactly the sampled keys and posted every line.
    expect(count!.review.lines.map((l) => `${l.key.sku}@${l.key.location}`).sort()).toEqual(plan!.sample.map((s) => `${s.key.sku}@${s.key.location}`).sort());
    expect(count!.review.state).toBe('reviewing');
    expect(count!.posted.movements.length + count!.posted.confirmations).toBe(plan!.keysToCount);
    expect(count!.posted.movements.length).toBe(evaluation!.keysWithDifference);
    // The summary states the estimate, the interval and the decision.
    expect(text).toContain('## Statistical sample');
    expect(text).toContain(`**Decision:** ${evaluation!.decision.text}`);
    expect(text).toContain(`| Estimated error (counted − book) | ${evaluation!.estimatedError} |`);
    expect(text).toContain(`| Error interval, lower end | ${evaluation!.interval.lower} |`);
    // The MUS interval holds the true error of the generated book.
    expect(new Decimal(result.trueError!).gte(evaluation!.interval.lower) && new Decimal(result.trueError!).lte(evaluation!.interval.upper)).toBe(true);
  });

  it('runs a stratified sample through recounts to a verdict', async () => {
    const output: string[] = [];
    const result = await main(['--keys', '1500', '--method', 'stratified', '--error-rate', '0.2', '--tolerable', '0.08', '--expected', '0.01', '--seed', '3'], (line) => output.push(line));
    expect(result.exitCode).toBe(0);
    expect(result.count!.recountRounds).toBeGreaterThan(0);
    expect(result.evaluation!.method).toBe('stratified');
    expect(output.join('\n')).toMatch(/\| Interval \| (difference estimator|wider of difference and mean per unit) \|/);
  });

  it('refuses bad arguments and reports what the library refused', async () => {
    expect(parseArgs(['--method', 'census'])).toBe('--method is mus or stratified');
    expect(parseArgs(['--keys', '12'])).toBe('--keys has a bad value');
    const lines: string[] = [];
    expect((await main(['--frobnicate'], (l) => lines.push(l))).exitCode).toBe(2);
    // An expected error that leaves no room under the tolerable error: the library's invalid_input.
    expect((await main(['--keys', '200', '--tolerable', '0.01', '--expected', '0.01'], (l) => lines.push(l))).exitCode).toBe(1);
    expect(lines.at(-1)).toMatch(/^invalid_input: .*expansion factor/);
  });
});
