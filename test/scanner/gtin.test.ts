/**
 * GTIN check digits: GS1 General Specifications §7.9.1 (standard check digit calculation for
 * GS1 data structures). Example keys: GTIN 09506000134352 and 09520123456788 are the example
 * GTINs of the GS1 Digital Link standard; 4006381333931 is a commonly printed EAN-13.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { isStocktakeError } from '../../src/errors.js';
import { expandUpcE, gtinCheckDigit, isValidGtin, normalizeGtin } from '../../src/scanner/gtin.js';
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

/**
 * UPC-E zero suppression, written from the rule in the other direction: a UPC-A whose
 * manufacturer and product numbers have the zeros one of the four patterns takes out compresses
 * to six digits; anything else has no UPC-E.
 */
function compressUpcA(upcA: string): string | undefined {
  const [s, m, p, c] = [upcA.charAt(0), upcA.slice(1, 6), upcA.slice(6, 11), upcA.charAt(11)];
  let six: string | undefined;
  if (/^[0-9]{2}[012]00$/.test(m) && /^00[0-9]{3}$/.test(p)) six = `${m.slice(0, 2)}${p.slice(2)}${m.charAt(2)}`;
  else if (/^[0-9]{3}00$/.test(m) && /^000[0-9]{2}$/.test(p)) six = `${m.slice(0, 3)}${p.slice(3)}3`;
  else if (/^[0-9]{4}0$/.test(m) && /^0000[0-9]$/.test(p)) six = `${m.slice(0, 4)}${p.charAt(4)}4`;
  else if (/^[0-9]{4}[1-9]$/.test(m) && /^0000[5-9]$/.test(p)) six = `${m}${p.charAt(4)}`;
  return six === undefined ? undefined : `${s}${six}${c}`;
}

describe('expandUpcE', () => {
  it.each([
    ['01234558', '012345000058'], // sixth digit 5-9: the issue's example, GTIN 00012345000058
    ['04252614', '042100005264'], // 0-2: the zeros follow the third manufacturer digit
    ['01234531', '012300000451'], // 3
    ['01234543', '012340000053'], // 4
  ])('%s → UPC-A %s', (upcE, upcA) => {
    expect(isValidGtin(upcA)).toBe(true);
    expect(expandUpcE(upcE)).toBe(upcA);
    expect(compressUpcA(upcA)).toBe(upcE);
  });

  it('refuses a wrong check digit, a number system other than 0 or 1 and other lengths', () => {
    for (const bad of ['01234557', '21234558', '1234558', '012345588', '0123455A', '']) expect(expandUpcE(bad)).toBeUndefined();
  });

  it('every six digits take exactly one check digit, and the expansion is a valid UPC-A', () => {
    fc.assert(
      fc.property(fc.constantFrom('0', '1'), fc.stringMatching(/^[0-9]{6}$/), (system, six) => {
        const valid = [...'0123456789'].map((c) => `${system}${six}${c}`).filter((upcE) => expandUpcE(upcE) !== undefined);
        expect(valid).toHaveLength(1);
        expect(isValidGtin(expandUpcE(valid[0]!)!)).toBe(true);
      }),
      { numRuns: propertyRuns(500) },
    );
  });

  it('expanding undoes compressing for every UPC-A that has a UPC-E', () => {
    const digit = fc.integer({ min: 0, max: 9 }).map(String);
    const nonZero = fc.integer({ min: 1, max: 9 }).map(String);
    const body = fc.oneof(
      fc.tuple(digit, digit, fc.constantFrom('0', '1', '2'), digit, digit, digit).map(([a, b, m, x, y, z]) => `${a}${b}${m}0000${x}${y}${z}`),
      fc.tuple(digit, digit, fc.integer({ min: 3, max: 9 }).map(String), digit, digit).map(([a, b, m, y, z]) => `${a}${b}${m}00000${y}${z}`),
      fc.tuple(digit, digit, digit, nonZero, digit).map(([a, b, c, m, z]) => `${a}${b}${c}${m}00000${z}`),
      fc.tuple(digit, digit, digit, digit, nonZero, fc.integer({ min: 5, max: 9 }).map(String)).map(([a, b, c, d, m, z]) => `${a}${b}${c}${d}${m}0000${z}`),
    );
    fc.assert(
      fc.property(fc.constantFrom('0', '1'), body, (system, rest) => {
        const upcA = `${system}${rest}${reference(`${system}${rest}`)}`;
        const upcE = compressUpcA(upcA);
        expect(upcE).toBeDefined();
        expect(expandUpcE(upcE!)).toBe(upcA);
      }),
      { numRuns: propertyRuns(500) },
    );
  });
});
