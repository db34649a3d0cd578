import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isStocktakeError } from '../../src/errors.js';
import { evaluateTriggers, type BalanceChangedEvent, type TriggerRule } from '../../src/policy/index.js';
import { isWithinTolerance } from '../../src/policy/tolerance.js';
import { propertyRuns } from '../support/property.js';

const key = { sku: 'SKU-1', location: 'WH1/A/01/3' };
const at = '2027-03-01T10:15:00+01:00';
const balance = (previousQty: string, qty: string, extra: Partial<BalanceChangedEvent> = {}): BalanceChangedEvent => ({
  type: 'balance.changed',
  key,
  qty,
  previousQty,
  movementId: 'mv-1',
  at,
  ...extra,
});

describe('evaluateTriggers', () => {
  it('raises a count when a balance goes negative, with evidence', () => {
    const [request, ...rest] = evaluateTriggers(balance('3', '-2'), [{ kind: 'negative_on_hand' }]);
    expect(rest).toEqual([]);
    expect(request).toEqual({
      key,
      reason: 'negative_on_hand',
      priority: 100,
      at,
      evidence: { event: balance('3', '-2'), detail: 'SKU-1 @ WH1/A/01/3 went negative: 3 → -2 (movement mv-1)' },
    });
  });

  it('fires balance rules on crossing only, unless told otherwise', () => {
    const rules: TriggerRule[] = [{ kind: 'negative_on_hand' }];
    expect(evaluateTriggers(balance('-1', '-2'), rules)).toEqual([]);
    expect(evaluateTriggers(balance('-1', '-2'), [{ kind: 'negative_on_hand', onlyOnCrossing: false }])).toHaveLength(1);
    expect(evaluateTriggers(balance('0', '0.5'), rules)).toEqual([]);
  });

  it('raises a zero-balance check when a bin is emptied', () => {
    expect(evaluateTriggers(balance('4', '0'), [{ kind: 'zero_on_hand' }]).map((r) => r.reason)).toEqual(['zero_on_hand']);
    expect(evaluateTriggers(balance('0', '0.000'), [{ kind: 'zero_on_hand' }])).toEqual([]);
    expect(evaluateTriggers(balance('-3', '0'), [{ kind: 'zero_on_hand' }])).toHaveLength(1);
  });

  it('uses per-sku thresholds before the default, strictly below', () => {
    const rule: TriggerRule = { kind: 'below_threshold', threshold: '10', thresholds: { 'SKU-1': '2.5' } };
    expect(evaluateTriggers(balance('12', '5'), [rule])).toEqual([]);
    expect(evaluateTriggers(balance('3', '2.5'), [rule])).toEqual([]);
    const [r] = evaluateTriggers(balance('3', '2.4999'), [rule]);
    expect(r?.evidence.threshold).toBe('2.5');
    const other = balance('12', '5', { key: { sku: 'SKU-2', location: 'WH1/A/01/3' } });
    expect(evaluateTriggers(other, [rule])[0]?.evidence.threshold).toBe('10');
    expect(evaluateTriggers(other, [{ kind: 'below_threshold', thresholds: { 'SKU-1': '2.5' } }])).toEqual([]);
  });

  it('compares quantities as decimals, not floats', () => {
    // 0.1 + 0.2 style traps and digits beyond double precision.
    const rule: TriggerRule = { kind: 'below_threshold', threshold: '10000000000000000.1' };
    expect(evaluateTriggers(balance('10000000000000000.2', '10000000000000000'), [rule])).toHaveLength(1);
    expect(evaluateTriggers(balance('10000000000000000.2', '10000000000000000.1'), [rule])).toEqual([]);
  });

  it('raises a recount for a variance beyond a quantity or percent threshold', () => {
    const variance = (v: string, pct?: string) => ({
      type: 'count.variance' as const,
      key,
      variance: v,
      ...(pct === undefined ? {} : { variancePercent: pct }),
      sessionId: 's-1',
      at,
    });
    expect(evaluateTriggers(variance('-2'), [{ kind: 'count_variance', threshold: '2' }])).toEqual([]);
    expect(evaluateTriggers(variance('-2.01'), [{ kind: 'count_variance', threshold: '2' }])).toHaveLength(1);
    expect(evaluateTriggers(variance('1', '12.5'), [{ kind: 'count_variance', percentThreshold: '10' }])).toHaveLength(1);
    expect(evaluateTriggers(variance('1', '-9'), [{ kind: 'count_variance', percentThreshold: '10' }])).toEqual([]);
    expect(evaluateTriggers(variance('0'), [{ kind: 'count_variance' }])).toEqual([]);
    expect(evaluateTriggers(variance('0.001'), [{ kind: 'count_variance' }])).toHaveLength(1);
  });

  it('a percent threshold fires for found stock where the book is zero: a variance against zero is beyond every percent', () => {
    const found = { type: 'count.variance' as const, key, variance: '3', sessionId: 's-1', at };
    const [request, ...rest] = evaluateTriggers(found, [{ kind: 'count_variance', percentThreshold: '1000000' }]);
    expect(rest).toEqual([]);
    expect(request).toMatchObject({
      reason: 'count_variance',
      evidence: { threshold: '1000000', detail: 'SKU-1 @ WH1/A/01/3 variance 3 against a book of zero is beyond 1000000 % (session s-1)' },
    });
    // A quantity threshold still decides on the quantity; no variance, nothing to count.
    expect(evaluateTriggers(found, [{ kind: 'count_variance', threshold: '5' }])).toEqual([]);
    expect(evaluateTriggers({ ...found, variance: '0' }, [{ kind: 'count_variance', percentThreshold: '10' }])).toEqual([]);
  });

  it('property: a percent trigger fires exactly when the tolerance policy refuses the same percent limit', () => {
    const amount = fc.integer({ min: 0, max: 400 }).map((n) => new Decimal(n).div(4));
    fc.assert(
      fc.property(amount, amount, amount, (expected, counted, limit) => {
        const variance = counted.minus(expected);
        const variancePercent = expected.isZero() ? null : variance.div(expected).times(100).toDecimalPlaces(4).toFixed();
        const line = { expected: expected.toFixed(), counted: counted.toFixed(), variance: variance.toFixed(), variancePercent, varianceValue: '0' };
        const event = { type: 'count.variance' as const, key, variance: line.variance, ...(variancePercent === null ? {} : { variancePercent }), sessionId: 's-1', at };
        const fired = evaluateTriggers(event, [{ kind: 'count_variance', percentThreshold: limit.toFixed() }]).length > 0;
        expect(fired).toBe(!isWithinTolerance(line, { percent: limit.toFixed() }));
      }),
      { numRuns: propertyRuns(300) },
    );
  });

  it('raises one recount per key a freeze override touched, and one for a counter flag', () => {
    const keys = [key, { sku: 'SKU-2', location: 'WH1/A/01/4', lot: 'L7' }];
    const requests = evaluateTriggers(
      { type: 'freeze.override', keys, movementId: 'mv-9', reason: 'urgent customer order', at },
      [{ kind: 'freeze_override' }, { kind: 'counter_flag' }],
    );
    expect(requests.map((r) => r.key)).toEqual(keys);
    expect(requests.every((r) => r.reason === 'freeze_override' && r.priority === 70)).toBe(true);
    const flag = evaluateTriggers({ type: 'counter.flag', key, counter: 'li', note: 'mixed bin', at }, [{ kind: 'counter_flag', priority: 5 }]);
    expect(flag).toMatchObject([{ reason: 'counter_flag', priority: 5, evidence: { detail: 'SKU-1 @ WH1/A/01/3 flagged by li: mixed bin' } }]);
  });

  it('limits rules to skus and location subtrees, and sorts by priority', () => {
    const event = balance('3', '-1');
    expect(evaluateTriggers(event, [{ kind: 'negative_on_hand', skus: ['SKU-9'] }])).toEqual([]);
    expect(evaluateTriggers(event, [{ kind: 'negative_on_hand', locations: ['WH1/A/0'] }])).toEqual([]);
    expect(evaluateTriggers(event, [{ kind: 'negative_on_hand', locations: ['WH1/A'] }])).toHaveLength(1);
    expect(evaluateTriggers(event, [{ kind: 'negative_on_hand', locations: ['WH1/A/01/3'] }])).toHaveLength(1);
    const sorted = evaluateTriggers(balance('8', '-1'), [
      { kind: 'below_threshold', threshold: '5' },
      { kind: 'counter_flag' },
      { kind: 'negative_on_hand' },
    ]);
    expect(sorted.map((r) => r.reason)).toEqual(['negative_on_hand', 'below_threshold']);
  });

  it('rejects malformed events and rules with invalid_input', () => {
    const cases: Array<[unknown, unknown, Array<string | number>]> = [
      [balance('3', '1.5e2'), [], ['event', 'qty']],
      [{ ...balance('3', '1'), type: 'balance.moved' }, [], ['event', 'type']],
      [balance('3', '1', { at: 'yesterday' }), [], ['event', 'at']],
      [balance('3', '1'), [{ kind: 'below_threshold', threshold: 'ten' }], ['rules', 0, 'threshold']],
      [balance('3', '1'), [{ kind: 'everything' }], ['rules', 0, 'kind']],
    ];
    for (const [event, rules, path] of cases) {
      let caught: unknown;
      try {
        evaluateTriggers(event as BalanceChangedEvent, rules as TriggerRule[]);
      } catch (error) {
        caught = error;
      }
      expect(isStocktakeError(caught) && caught.code).toBe('invalid_input');
      if (isStocktakeError(caught)) expect(caught.path).toEqual(path);
    }
  });

  it('property: balance rules fire exactly when the balance enters the condition', () => {
    const decimal = fc
      .tuple(fc.integer({ min: -50, max: 50 }), fc.integer({ min: 0, max: 99 }))
      .map(([i, f]) => (f === 0 ? String(i) : `${i < 0 ? '-' : ''}${Math.abs(i)}.${String(f).padStart(2, '0')}`));
    fc.assert(
      fc.property(decimal, decimal, decimal, (previous, qty, threshold) => {
        const requests = evaluateTriggers(balance(previous, qty), [
          { kind: 'negative_on_hand' },
          { kind: 'zero_on_hand' },
          { kind: 'below_threshold', threshold },
        ]);
        const p = new Decimal(previous);
        const q = new Decimal(qty);
        const expected: string[] = [];
        if (q.lt(0) && !p.lt(0)) expected.push('negative_on_hand');
        if (q.eq(0) && !p.eq(0)) expected.push('zero_on_hand');
        if (q.lt(threshold) && !p.lt(threshold)) expected.push('below_threshold');
        expect(requests.map((r) => r.reason)).toEqual(expected);
      }),
      { numRuns: propertyRuns(200) },
    );
  });
});
