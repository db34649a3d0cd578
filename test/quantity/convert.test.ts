import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { convertToBase, type Item } from '../../src/index.js';
import { D } from '../../src/quantity/decimal.js';
import { propertyRuns } from '../support/property.js';

const item = (decimals: number, factor = '12'): Item => ({
  sku: 'X',
  baseUom: 'ea',
  decimals,
  packs: [{ uom: 'case', factor }],
  tracking: 'none',
  lookAlikes: [],
  allowNegative: false,
});

describe('convertToBase', () => {
  it('converts packs to the base unit', () => {
    expect(convertToBase(item(0), '2', 'case')).toEqual({ ok: true, qty: '24' });
    expect(convertToBase(item(0), '7')).toEqual({ ok: true, qty: '7' });
    expect(convertToBase(item(3, '0.25'), '3', 'case')).toEqual({ ok: true, qty: '0.75' });
  });

  it('refuses unknown units and quantities that do not fit, never rounding', () => {
    expect(convertToBase(item(0), '1', 'pallet')).toMatchObject({ ok: false, code: 'unknown_uom' });
    expect(convertToBase(item(0), '1.5')).toMatchObject({ ok: false, code: 'invalid_quantity' });
    expect(convertToBase(item(0, '0.5'), '3', 'case')).toMatchObject({ ok: false, code: 'invalid_quantity' });
  });

  it('is linear: n packs are n × factor base units, and converting a sum is the sum of conversions', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), fc.integer({ min: 1, max: 10_000 }), fc.integer({ min: 1, max: 144 }), (a, b, factor) => {
        const it = item(0, String(factor));
        const sum = convertToBase(it, String(a + b), 'case');
        const first = convertToBase(it, String(a), 'case');
        const second = convertToBase(it, String(b), 'case');
        if (!sum.ok || !first.ok || !second.ok) throw new Error('whole cases always convert');
        expect(sum.qty).toBe(new D(first.qty).plus(second.qty).toFixed());
        expect(sum.qty).toBe(String((a + b) * factor));
      }),
      { numRuns: propertyRuns(200) },
    );
  });
});
