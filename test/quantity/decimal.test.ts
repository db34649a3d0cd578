import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decimalStringSchema, positiveDecimalSchema, sumDecimals } from '../../src/index.js';
import { D, formatDecimal } from '../../src/quantity/decimal.js';
import { propertyRuns } from '../support/property.js';

const decimal = fc
  .tuple(fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }), fc.integer({ min: 0, max: 12 }))
  .map(([units, places]) => formatDecimal(new D(units.toString()).div(new D(10).pow(places))));

describe('decimal quantities', () => {
  it('formats canonically: no exponent, no trailing zeros, no negative zero', () => {
    expect(formatDecimal(new D('1e-12'))).toBe('0.000000000001');
    expect(formatDecimal(new D('12.500'))).toBe('12.5');
    expect(formatDecimal(new D('-0'))).toBe('0');
    expect(formatDecimal(new D('1e25'))).toBe('10000000000000000000000000');
  });

  it('accepts decimal strings only', () => {
    for (const ok of ['0', '12', '12.5', '-3', '0.000000000001']) expect(decimalStringSchema.safeParse(ok).success).toBe(true);
    for (const bad of ['', '1e3', '01', '1.', '.5', '1,5', ' 1', 'NaN', '1.0000000000001']) expect(decimalStringSchema.safeParse(bad).success).toBe(false);
    expect(positiveDecimalSchema.safeParse('0').success).toBe(false);
    expect(positiveDecimalSchema.safeParse('0.001').success).toBe(true);
  });

  it('sums exactly where floating point does not', () => {
    expect(sumDecimals(['0.1', '0.2'])).toBe('0.3');
    expect(sumDecimals([])).toBe('0');
  });

  it('addition is commutative, associative, has zero as identity and negation as inverse', () => {
    fc.assert(
      fc.property(decimal, decimal, decimal, (a, b, c) => {
        expect(sumDecimals([a, b])).toBe(sumDecimals([b, a]));
        expect(sumDecimals([sumDecimals([a, b]), c])).toBe(sumDecimals([a, sumDecimals([b, c])]));
        expect(sumDecimals([a, '0'])).toBe(formatDecimal(new D(a)));
        expect(sumDecimals([a, formatDecimal(new D(a).neg())])).toBe('0');
      }),
      { numRuns: propertyRuns(200) },
    );
  });
});
