/**
 * GTIN check digits and normalisation (GS1 General Specifications §7.9, "Check digit calculation").
 *
 * @module
 */
import { StocktakeError } from '../errors.js';

const DIGITS = /^[0-9]+$/;

/**
 * Computes the GS1 mod-10 check digit of a GTIN (or of any GS1 numeric key such as an SSCC or a
 * GLN) written without its check digit: digits are weighted 3, 1, 3, ... from the right.
 *
 * @param digits - the key without its check digit, e.g. the first 13 digits of a GTIN-14
 * @returns the check digit, `0` to `9`
 * @throws StocktakeError `invalid_input` when `digits` is empty or not all digits
 * @example
 * ```ts
 * gtinCheckDigit('950600013435'); // '2'  (GTIN-13 9506000134352)
 * ```
 */
export function gtinCheckDigit(digits: string): string {
  if (typeof digits !== 'string' || !DIGITS.test(digits)) {
    throw new StocktakeError('invalid_input', 'A check digit needs a non-empty string of digits', { path: ['digits'] });
  }
  return checkDigitOf(digits);
}

/** @internal The mod-10 check digit of a digit string known to be valid. */
export function checkDigitOf(digits: string): string {
  let sum = 0;
  for (let i = digits.length - 1, weight = 3; i >= 0; i--, weight = 4 - weight) {
    sum += (digits.charCodeAt(i) - 48) * weight;
  }
  return String((10 - (sum % 10)) % 10);
}

/** @internal True when the last digit of a digit string is its mod-10 check digit. */
export function hasValidCheckDigit(digits: string): boolean {
  return digits.length >= 2 && DIGITS.test(digits) && checkDigitOf(digits.slice(0, -1)) === digits.slice(-1);
}

/**
 * Tells whether a string is a GTIN-8, GTIN-12, GTIN-13 or GTIN-14 with a correct check digit.
 *
 * @param value - the candidate
 * @returns true for a well-formed GTIN
 * @example
 * ```ts
 * isValidGtin('09506000134352'); // true
 * isValidGtin('09506000134353'); // false (check digit)
 * ```
 */
export function isValidGtin(value: string): boolean {
  return typeof value === 'string' && [8, 12, 13, 14].includes(value.length) && hasValidCheckDigit(value);
}

/**
 * Normalises a GTIN-8, -12, -13 or -14 to its 14-digit form (left-padded with zeros), the form
 * AI (01) and stocktake's resolver use.
 *
 * @param value - the GTIN as scanned or typed
 * @returns the GTIN-14, or `undefined` when `value` is not a valid GTIN
 * @example
 * ```ts
 * normalizeGtin('9506000134352'); // '09506000134352'
 * normalizeGtin('123');           // undefined
 * ```
 */
export function normalizeGtin(value: string): string | undefined {
  return isValidGtin(value) ? value.padStart(14, '0') : undefined;
}

/**
 * Expands an 8-digit UPC-E (number system, six digits, check digit) to the 12-digit UPC-A it
 * stands for (UPC-E is UPC-A with zeros suppressed, GS1 General Specifications): the sixth
 * digit says where the zeros were taken out of the manufacturer and product numbers.
 *
 * | sixth digit | UPC-A |
 * |---|---|
 * | 0, 1, 2 | `S d1 d2 d6 0 0 0 0 d3 d4 d5 C` |
 * | 3 | `S d1 d2 d3 0 0 0 0 0 d4 d5 C` |
 * | 4 | `S d1 d2 d3 d4 0 0 0 0 0 d5 C` |
 * | 5 to 9 | `S d1 d2 d3 d4 d5 0 0 0 0 d6 C` |
 *
 * The check digit is the UPC-A's, so it is verified on the expansion.
 *
 * @param upcE - 8 digits, number system 0 or 1 first
 * @returns the UPC-A (GTIN-12), or `undefined` when `upcE` is not a valid UPC-E
 * @example
 * ```ts
 * expandUpcE('01234558'); // '012345000058' (GTIN-14 00012345000058)
 * expandUpcE('01234557'); // undefined (check digit)
 * ```
 */
export function expandUpcE(upcE: string): string | undefined {
  if (typeof upcE !== 'string' || !/^[01][0-9]{7}$/.test(upcE)) return undefined;
  const system = upcE.charAt(0);
  const d = upcE.slice(1, 7);
  const last = Number(d.charAt(5));
  let body: string;
  if (last <= 2) body = `${d.slice(0, 2)}${last}0000${d.slice(2, 5)}`;
  else if (last === 3) body = `${d.slice(0, 3)}00000${d.slice(3, 5)}`;
  else if (last === 4) body = `${d.slice(0, 4)}00000${d.charAt(4)}`;
  else body = `${d.slice(0, 5)}0000${last}`;
  const upcA = `${system}${body}${upcE.charAt(7)}`;
  return hasValidCheckDigit(upcA) ? upcA : undefined;
}
