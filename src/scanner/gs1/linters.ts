/**
 * The Barcode Syntax Dictionary's component linters that stocktake enforces.
 *
 * Linters that need external reference lists (ISO 3166 / 4217 code lists, GS1 Company Prefix
 * tables, package type codes, coupon formats, media types) are not enforced; the component's
 * character set and length still are. {@link unenforcedLinters} names them.
 *
 * @module
 */
import { hasValidCheckDigit } from '../gtin.js';

/** Which class of error a linter reports. */
export type LintCode = 'invalid_check_digit' | 'invalid_date' | 'invalid_value';

/** A linter's complaint: what is wrong and where inside the component. */
export interface LintFailure {
  readonly code: LintCode;
  readonly message: string;
  /** Offset inside the component. */
  readonly offset: number;
}

/** Context a linter may need. */
export interface LintContext {
  /** The year used to resolve two-digit years (GS1 General Specifications §7.12). */
  readonly referenceYear: number;
}

type Linter = (value: string, context: LintContext) => LintFailure | undefined;

const CSET82 = `!"%&'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz`;
const CSET32 = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
const PRIMES = [
  2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59, 61, 67, 71, 73, 79, 83, 89, 97, 101, 103, 107, 109, 113,
  127, 131, 137, 139, 149, 151, 157, 163, 167, 173, 179, 181, 191, 193, 197, 199, 211, 223, 227, 229, 233, 239, 241, 251,
  257, 263, 269, 271, 277, 281, 283, 293, 307, 311, 313, 317, 331, 337, 347, 349, 353, 359, 367, 373, 379, 383, 389, 397,
  401, 409, 419, 421, 431, 433, 439, 443, 449, 457, 461, 463, 467, 479, 487, 491, 499, 503, 509,
];

const fail = (code: LintCode, message: string, offset = 0): LintFailure => ({ code, message, offset });
const isDigits = (s: string): boolean => /^[0-9]+$/.test(s);

/**
 * The check character pair of an alphanumeric key (GS1 General Specifications §7.9.5):
 * CSET 82 values weighted by primes from the right, modulo 1021, split into two CSET 32 characters.
 *
 * @internal
 */
export function alphaCheckPair(data: string): string | undefined {
  if (data.length > PRIMES.length) return undefined;
  let sum = 0;
  for (let i = 0; i < data.length; i++) {
    const value = CSET82.indexOf(data.charAt(i));
    const weight = PRIMES[data.length - 1 - i];
    if (value < 0 || weight === undefined) return undefined;
    sum += value * weight;
  }
  sum %= 1021;
  return `${CSET32.charAt(sum >> 5)}${CSET32.charAt(sum & 31)}`;
}

/** Days in a month of a full year. */
export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * The full year of a two-digit year (GS1 General Specifications §7.12): a year 51 or more ahead
 * of the reference year is in the previous century; 50 or more behind, in the next one.
 *
 * @internal
 */
export function centuryYear(yy: number, referenceYear: number): number {
  const current = referenceYear % 100;
  const century = referenceYear - current;
  const diff = yy - current;
  if (diff >= 51) return century - 100 + yy;
  if (diff <= -50) return century + 100 + yy;
  return century + yy;
}

function checkDate(year: number, month: number, day: number, allowZeroDay: boolean, monthOffset: number): LintFailure | undefined {
  if (month < 1 || month > 12) return fail('invalid_date', `month ${String(month).padStart(2, '0')} does not exist`, monthOffset);
  if (day === 0 && allowZeroDay) return undefined;
  if (day < 1 || day > daysInMonth(year, month)) {
    return fail('invalid_date', `day ${String(day).padStart(2, '0')} does not exist in ${year}-${String(month).padStart(2, '0')}`, monthOffset + 2);
  }
  return undefined;
}

function yymmdd(allowZeroDay: boolean): Linter {
  return (v, ctx) => {
    if (v.length !== 6 || !isDigits(v)) return fail('invalid_date', 'a date needs six digits YYMMDD');
    return checkDate(centuryYear(Number(v.slice(0, 2)), ctx.referenceYear), Number(v.slice(2, 4)), Number(v.slice(4, 6)), allowZeroDay, 2);
  };
}

function range(name: string, min: number, max: number): Linter {
  return (v) => (isDigits(v) && Number(v) >= min && Number(v) <= max ? undefined : fail('invalid_value', `${name} must be ${min} to ${max}`));
}

function ibanValid(v: string): boolean {
  if (!/^[A-Z]{2}[0-9]{2}[A-Za-z0-9]{1,30}$/.test(v)) return false;
  const moved = (v.slice(4) + v.slice(0, 4)).toUpperCase();
  let remainder = 0;
  for (const ch of moved) {
    const n = ch >= 'A' && ch <= 'Z' ? String(ch.charCodeAt(0) - 55) : ch;
    for (const d of n) remainder = (remainder * 10 + Number(d)) % 97;
  }
  return remainder === 1;
}

const linters: Readonly<Record<string, Linter>> = {
  csum: (v) => (hasValidCheckDigit(v) ? undefined : fail('invalid_check_digit', 'the check digit is wrong', v.length - 1)),
  csumalpha: (v) => {
    if (v.length < 2) return fail('invalid_check_digit', 'too short for a check character pair');
    const pair = alphaCheckPair(v.slice(0, -2));
    return pair === v.slice(-2) ? undefined : fail('invalid_check_digit', 'the check character pair is wrong', v.length - 2);
  },
  yymmdd: yymmdd(false),
  yymmd0: yymmdd(true),
  yyyymmdd: (v) => {
    if (v.length !== 8 || !isDigits(v)) return fail('invalid_date', 'a date needs eight digits YYYYMMDD');
    return checkDate(Number(v.slice(0, 4)), Number(v.slice(4, 6)), Number(v.slice(6, 8)), false, 4);
  },
  hhmi: (v) => {
    if (v.length !== 4 || !isDigits(v)) return fail('invalid_date', 'a time needs four digits HHMI');
    if (Number(v.slice(0, 2)) > 23) return fail('invalid_date', 'hour must be 00 to 23');
    return Number(v.slice(2, 4)) > 59 ? fail('invalid_date', 'minute must be 00 to 59', 2) : undefined;
  },
  hh: (v) => (v.length === 2 && isDigits(v) && Number(v) <= 23 ? undefined : fail('invalid_date', 'hour must be 00 to 23')),
  mi: (v) => (v.length === 2 && isDigits(v) && Number(v) <= 59 ? undefined : fail('invalid_date', 'minute must be 00 to 59')),
  ss: (v) => (v.length === 2 && isDigits(v) && Number(v) <= 59 ? undefined : fail('invalid_date', 'second must be 00 to 59')),
  zero: (v) => (v === '0' ? undefined : fail('invalid_value', 'must be 0')),
  nonzero: (v) => (/[1-9]/.test(v) ? undefined : fail('invalid_value', 'must not be zero')),
  yesno: (v) => (v === '0' || v === '1' ? undefined : fail('invalid_value', 'must be 0 or 1')),
  winding: (v) => (v === '0' || v === '1' || v === '9' ? undefined : fail('invalid_value', 'winding direction must be 0, 1 or 9')),
  iso5218: (v) => (['0', '1', '2', '9'].includes(v) ? undefined : fail('invalid_value', 'sex code (ISO 5218) must be 0, 1, 2 or 9')),
  hyphen: (v) => (/^-+$/.test(v) ? undefined : fail('invalid_value', 'must be a hyphen')),
  // As GS1's reference linter: a lone '0' starts with 0 too (a CPID serial is 1 to 12 digits, no leading zero).
  nozeroprefix: (v) => (v.startsWith('0') ? fail('invalid_value', 'must not start with 0') : undefined),
  hasnondigit: (v) => (/[^0-9]/.test(v) ? undefined : fail('invalid_value', 'must contain a non-digit character')),
  pieceoftotal: (v) => {
    const piece = Number(v.slice(0, v.length / 2));
    const total = Number(v.slice(v.length / 2));
    return v.length % 2 === 0 && isDigits(v) && piece >= 1 && total >= 1 && piece <= total
      ? undefined
      : fail('invalid_value', 'piece number must be 1 to the total count');
  },
  posinseqslash: (v) => {
    const m = /^([1-9])\/([1-9])$/.exec(v);
    return m !== null && Number(m[1]) <= Number(m[2]) ? undefined : fail('invalid_value', 'must be position/sequence, e.g. 1/2');
  },
  latitude: range('latitude', 0, 1_800_000_000),
  longitude: range('longitude', 0, 3_600_000_000),
  pcenc: (v) => {
    const bad = /%(?![0-9A-Fa-f]{2})/.exec(v);
    return bad === null ? undefined : fail('invalid_value', 'bad percent-encoding', bad.index);
  },
  importeridx: (v) => (/^[0-9A-Za-z_-]$/.test(v) ? undefined : fail('invalid_value', 'importer index must be one of 0-9 A-Z a-z - _')),
  iban: (v) => (ibanValid(v) ? undefined : fail('invalid_check_digit', 'not a valid IBAN')),
};

/**
 * Linters of the dictionary that are not enforced because they need external reference data.
 *
 * @internal
 */
export const unenforcedLinters: readonly string[] = [
  'gcppos1',
  'gcppos2',
  'iso3166',
  'iso3166999',
  'iso3166alpha2',
  'iso4217',
  'mediatype',
  'packagetype',
  'couponcode',
  'couponposoffer',
];

/**
 * Runs one named linter. Unknown and unenforced linters pass.
 *
 * @internal
 */
export function runLinter(name: string, value: string, context: LintContext): LintFailure | undefined {
  return linters[name]?.(value, context);
}

/**
 * The names of the enforced linters.
 *
 * @internal
 */
export const enforcedLinters: readonly string[] = Object.keys(linters);
