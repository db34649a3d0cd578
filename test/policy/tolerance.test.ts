import { describe, expect, it } from 'vitest';
import { applyTolerance, defaultTolerances, isWithinTolerance, type Item, type ToleranceLine } from '../../src/index.js';

const line = (expected: string, counted: string, cost = '1'): ToleranceLine => {
  const variance = Number(counted) - Number(expected);
  return {
    expected,
    counted,
    variance: String(variance),
    variancePercent: Number(expected) === 0 ? null : String((variance / Number(expected)) * 100),
    varianceValue: String(variance * Number(cost)),
  };
};
const item = (abcClass?: 'A' | 'B' | 'C'): Item => ({ sku: 'X', baseUom: 'ea', decimals: 0, packs: [], tracking: 'none', lookAlikes: [], allowNegative: false, ...(abcClass ? { abcClass } : {}) });

describe('tolerance', () => {
  it('every limit given must hold', () => {
    expect(isWithinTolerance(line('100', '98'), { percent: '2' })).toBe(true);
    expect(isWithinTolerance(line('100', '97'), { percent: '2' })).toBe(false);
    expect(isWithinTolerance(line('100', '98'), { percent: '2', qty: '1' })).toBe(false);
    expect(isWithinTolerance(line('100', '98', '30'), { percent: '2', value: '50' })).toBe(false);
    expect(isWithinTolerance(line('0', '0'), { qty: '0' })).toBe(true);
  });

  it('found stock never passes a percent limit', () => {
    expect(isWithinTolerance(line('0', '1'), { percent: '100' })).toBe(false);
    expect(isWithinTolerance(line('0', '1'), { qty: '1' })).toBe(true);
  });

  it('defaults by ABC class: A strict, B 2 % and 50, C 5 % and 100, no class 2 %', () => {
    expect(applyTolerance(defaultTolerances, line('100', '99'), item('A'), undefined)).toBe(false);
    expect(applyTolerance(defaultTolerances, line('100', '98'), item('B'), undefined)).toBe(true);
    expect(applyTolerance(defaultTolerances, line('100', '95'), item('C'), undefined)).toBe(true);
    expect(applyTolerance(defaultTolerances, line('100', '97'), item(), undefined)).toBe(false);
  });

  it('a function policy and a session rule', () => {
    expect(applyTolerance(() => true, line('1', '100'), item('A'), undefined)).toBe(true);
    expect(applyTolerance(() => ({ qty: '5' }), line('10', '14'), item('A'), undefined)).toBe(true);
    expect(applyTolerance(() => true, line('1', '100'), item('A'), undefined, { qty: '0' })).toBe(false);
  });
});
