import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  convertToBase,
  MAX_FRACTION_DIGITS,
  MAX_INTEGER_DIGITS,
  MAX_PACK_FACTOR_INTEGER_DIGITS,
  packFactorSchema,
  positiveDecimalSchema,
  type Item,
} from '../../src/index.js';
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

const digit = fc.constantFrom(...'0123456789');
const digitsOf = (length: number) => fc.array(digit, { minLength: length, maxLength: length }).map((digits) => digits.join(''));
/** A length up to `max`, most often `max` itself: the bounds are what this test is about. */
const lengthUpTo = (max: number, min: number) => fc.oneof({ weight: 3, arbitrary: fc.constant(max) }, { weight: 1, arbitrary: fc.integer({ min, max }) });

/** A positive decimal string with at most `integer` and `fraction` digits. */
const decimalArb = (integer: number, fraction: number) =>
  fc
    .tuple(lengthUpTo(integer, 1), lengthUpTo(fraction, 0))
    .chain(([i, f]) =>
      fc.tuple(fc.constantFrom(...'123456789'), digitsOf(i - 1), digitsOf(f)).map(([first, rest, part]) => (part ? `${first}${rest}.${part}` : `${first}${rest}`)),
    );

/** The exact product of two decimal strings, by integer arithmetic. */
function exactProduct(a: string, b: string): string {
  const scale = (value: string) => {
    const [whole, part = ''] = value.split('.');
    return { n: BigInt(`${whole}${part}`), places: part.length };
  };
  const x = scale(a);
  const y = scale(b);
  const places = x.places + y.places;
  const digits = (x.n * y.n).toString().padStart(places + 1, '0');
  return new D(places === 0 ? digits : `${digits.slice(0, -places)}.${digits.slice(-places)}`).toFixed();
}

describe('convertToBase', () => {
  it('is exact or refused at the largest accepted digits: never rounded', () => {
    fc.assert(
      fc.property(
        decimalArb(MAX_INTEGER_DIGITS, MAX_FRACTION_DIGITS),
        decimalArb(MAX_PACK_FACTOR_INTEGER_DIGITS, MAX_FRACTION_DIGITS),
        fc.integer({ min: 0, max: 12 }),
        (qty, factor, decimals) => {
          expect(positiveDecimalSchema.safeParse(qty).success).toBe(true);
          expect(packFactorSchema.safeParse(factor).success).toBe(true);
          const exact = exactProduct(qty, factor);
          const result = convertToBase(item(decimals, factor), qty, 'case');
          if ((exact.split('.')[1] ?? '').length <= decimals) expect(result).toEqual({ ok: true, qty: exact });
          else expect(result).toMatchObject({ ok: false, code: 'invalid_quantity' });
        },
      ),
      { numRuns: propertyRuns(500) },
    );
  });

  it('refuses digits beyond the bounds at validation', () => {
    fc.assert(
      fc.property(fc.integer({ min: MAX_INTEGER_DIGITS + 1, max: 60 }), fc.integer({ min: MAX_FRACTION_DIGITS + 1, max: 40 }), (integer, fraction) => {
        expect(positiveDecimalSchema.safeParse('9'.repeat(integer)).success).toBe(false);
        expect(positiveDecimalSchema.safeParse(`1.${'1'.repeat(fraction)}`).success).toBe(false);
        expect(packFactorSchema.safeParse('9'.repeat(MAX_PACK_FACTOR_INTEGER_DIGITS + 1)).success).toBe(false);
      }),
      { numRuns: propertyRuns(100) },
    );
  });

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
