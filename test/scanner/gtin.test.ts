/**
 * GTIN check digits: GS1 General Specifications §7.9.1 (standard check digit calculation for
 * GS1 data structures). Example keys: GTIN 09506000134352 and 09520123456788 are the example
 * GTINs of the GS1 Digital Link standard; 4006381333931 is a commonly printed EAN-13.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { isStocktakeError } from '../../src/errors.js';
import { gtinCheckDigit, isValidGtin, normalizeGtin } from '../../src/scanner/gtin.js';
import { propertyRuns } from '../support/property.js';

/** An independent reference: sum of digits weighted 3,1,3,... from the right of the body. */
function reference(body: string): string {
  const sum = [...body].reverse().reduce((s, d, i) => s + Number(d) * (i % 2 === 0 ? 3 : 1), 0);
  return String((10 - (sum % 10)) % 10);
}

describe('gtinCheckDigit', () => {
  it.each([
    ['0950600013435', '2'],
    ['0952012345678', '8'],
    ['400638133393', '1'],
    ['10614141234567890', '8'], // SSCC 106141412345678908 (EPC Tag Data Standard SSCC example)
    ['1234567', '0'], // GTIN-8 12345670
  ])('%s → %s', (body, digit) => {
    expect(gtinCheckDigit(body)).toBe(digit);
    expect(reference(body)).toBe(digit);
  });

  it('throws invalid_input for non-digits', () => {
    for (const bad of ['', '12a', ' 123']) {
      try {
        gtinCheckDigit(bad);
        expect.unreachable();
      } catch (error) {
        expect(isStocktakeError(error) && error.type === 'invalid_input').toBe(true);
      }
    }
  });

  it('agrees with the reference for any digit string', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 1, maxLength: 20 }), (body) => {
        expect(gtinCheckDigit(body)).toBe(reference(body));
      }),
      { numRuns: propertyRuns(200) },
    );
  });

  it('detects every single-digit error in a GTIN', () => {
    const gtin = fc
      .tuple(fc.constantFrom(7, 11, 12, 13), fc.infiniteStream(fc.constantFrom(...'0123456789')))
      .map(([n, digits]) => {
        const body = [...digits.take(n)].join('');
        return body + gtinCheckDigit(body);
      });
    fc.assert(
      fc.property(gtin, fc.nat(), fc.integer({ min: 1, max: 9 }), (valid, at, delta) => {
        const i = at % valid.length;
        const changed = valid.slice(0, i) + String((Number(valid[i]) + delta) % 10) + valid.slice(i + 1);
        expect(isValidGtin(valid)).toBe(true);
        expect(isValidGtin(changed)).toBe(false);
      }),
      { numRuns: propertyRuns(200) },
    );
  });
});

describe('isValidGtin / normalizeGtin', () => {
  it('accepts the four GTIN lengths and pads to 14 digits', () => {
    expect(normalizeGtin('12345670')).toBe('00000012345670');
    expect(normalizeGtin('614141123452')).toBe('00614141123452'); // GTIN-12 (UPC-A)
    expect(normalizeGtin('9506000134352')).toBe('09506000134352');
    expect(normalizeGtin('09506000134352')).toBe('09506000134352');
  });

  it('rejects other lengths, letters and wrong check digits', () => {
    for (const bad of ['', '1234567', '123456789', '09506000134353', '0950600013435A', '950600013435209']) {
      expect(isValidGtin(bad)).toBe(false);
      expect(normalizeGtin(bad)).toBeUndefined();
    }
  });
});
