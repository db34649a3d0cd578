/**
 * `parseScan`: one entry point for everything a scanner delivers.
 *
 * @module
 */
import * as z from 'zod';

import { safeParseInput } from '../validate.js';
import { textSchema } from '../text.js';
import { fromZodError } from '../errors.js';
import { aimSymbology, parseAimIdentifier } from './aim.js';
import { decodeEpc } from './epc.js';
import { splitDigitalLink } from './gs1/digital-link.js';
import { GS, splitBracketed, splitElementString } from './gs1/element-string.js';
import { centuryYear, daysInMonth } from './gs1/linters.js';
import { validateElements, type PositionedElement } from './gs1/validate.js';
import { readGs1WithoutIdentifier } from './gs1/without-identifier.js';
import { expandUpcE, hasValidCheckDigit } from './gtin.js';
import {
  scanFailure,
  type AimSymbology,
  type DecodedEpc,
  type Gs1Element,
  type ParseScanResult,
  type ScanData,
  type ScanFailure,
  type ScanFormat,
  type ScanMeasure,
  type ScanWarning,
} from './types.js';

/** Options for {@link parseScan}. */
export interface ParseScanOptions {
  /** The AIM symbology identifier (e.g. `]E0`) when the device reports it apart from the data. */
  readonly symbology?: string;
  /** A character or string the scanner sends in place of GS (ASCII 29), e.g. `'~'` or `'<GS>'`. */
  readonly gsSubstitute?: string;
  /** The date two-digit years are resolved against (GS1 General Specifications §7.12); default now. */
  readonly referenceDate?: Date | string;
}

/** The zod schema of {@link ParseScanOptions}. */
export const parseScanOptionsSchema = z
  .object({
    symbology: z.string().regex(/^\][A-Za-z][0-9A-Za-z]$/, 'an AIM identifier such as ]C1').optional(),
    gsSubstitute: textSchema.min(1).max(8).optional(),
    referenceDate: z.union([z.date(), z.iso.datetime({ offset: true }), z.iso.date()]).optional(),
  })
  .strict();

/** A parse produced on the way: elements or EPC, before the named fields are derived. */
interface Parsed {
  readonly format: ScanFormat;
  readonly elements: readonly Gs1Element[];
  readonly epc?: DecodedEpc;
  readonly digitalLink?: string;
  readonly alternativeGtins?: readonly string[];
  readonly warnings?: readonly ScanWarning[];
}

const HTTP = /^https?:\/\//i;

function isoDate(year: number, month: number, day: number): string {
  const d = day === 0 ? daysInMonth(year, month) : day;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

function measureOf(ais: Readonly<Record<string, string>>): ScanMeasure | undefined {
  for (const [prefix, unit] of [
    ['310', 'kg'],
    ['320', 'lb'],
  ] as const) {
    for (let n = 0; n <= 5; n++) {
      const ai = `${prefix}${n}`;
      const raw = ais[ai];
      if (raw === undefined) continue;
      const digits = raw.replace(/^0+(?=\d)/, '');
      const whole = n === 0 ? digits : digits.padStart(n + 1, '0');
      const value = n === 0 ? whole : `${whole.slice(0, -n)}.${whole.slice(-n)}`;
      return { value, unit, ai };
    }
  }
  return undefined;
}

function build(parsed: Parsed, data: string, symbology: AimSymbology | undefined, referenceYear: number): ScanData {
  const ais: Record<string, string> = {};
  for (const e of parsed.elements) ais[e.ai] = e.value;
  const out: { -readonly [K in keyof ScanData]?: ScanData[K] } = {
    ok: true,
    format: parsed.format,
    data,
    elements: parsed.elements,
    ais,
  };
  if (symbology !== undefined) out.symbology = symbology;
  if (ais['01'] !== undefined) out.gtin = ais['01'];
  if (ais['02'] !== undefined) out.contentGtin = ais['02'];
  if (ais['10'] !== undefined) out.lot = ais['10'];
  if (ais['21'] !== undefined) out.serial = ais['21'];
  const expiry = ais['17'];
  if (expiry !== undefined) {
    out.expiry = isoDate(centuryYear(Number(expiry.slice(0, 2)), referenceYear), Number(expiry.slice(2, 4)), Number(expiry.slice(4, 6)));
  }
  const count = ais['30'] ?? ais['37'];
  if (count !== undefined) out.count = Number(count);
  const weight = measureOf(ais);
  if (weight !== undefined) out.netWeight = weight;
  if (ais['00'] !== undefined) out.sscc = ais['00'];
  if (ais['414'] !== undefined) out.gln = ais['414'];
  if (parsed.epc !== undefined) out.epc = parsed.epc;
  if (parsed.digitalLink !== undefined) out.digitalLink = parsed.digitalLink;
  if (parsed.alternativeGtins !== undefined) out.alternativeGtins = parsed.alternativeGtins;
  if (parsed.warnings !== undefined) out.warnings = parsed.warnings;
  return out as ScanData;
}

function validated(
  split: PositionedElement[] | ScanFailure,
  format: ScanFormat,
  referenceYear: number,
  digitalLink?: string,
): Parsed | ScanFailure {
  if (!Array.isArray(split)) return split;
  if (split.length === 0) return scanFailure('empty_input', 'no GS1 element in the data', 0);
  const result = validateElements(split, { referenceYear });
  if (!result.ok) return result;
  return digitalLink === undefined ? { format, elements: result.elements } : { format, elements: result.elements, digitalLink };
}

function plainGtin(data: string, offset: number, referenceYear: number): Parsed | ScanFailure {
  if (!/^[0-9]+$/.test(data) || ![8, 12, 13, 14].includes(data.length)) {
    return scanFailure('invalid_gtin', 'a GTIN has 8, 12, 13 or 14 digits', offset);
  }
  if (!hasValidCheckDigit(data)) return scanFailure('invalid_check_digit', `(01) GTIN ${data}: the check digit is wrong`, offset + data.length - 1, '01');
  return validated([{ ai: '01', value: data.padStart(14, '0'), position: offset, valuePosition: -1 }], 'gtin', referenceYear);
}

/**
 * Eight digits after `]E0` are a UPC-E; bare, they are a UPC-E when they start with 0 and
 * expand (an EAN-8 starting with 0 is a restricted circulation number, not a trade item), with
 * the EAN-8 reading kept as an alternative when its check digit holds too.
 */
function upcE(data: string, offset: number, referenceYear: number, bare: boolean): Parsed | ScanFailure | undefined {
  if (bare && data.charAt(0) !== '0') return undefined;
  const upcA = expandUpcE(data);
  if (upcA === undefined) {
    return bare ? undefined : scanFailure('invalid_check_digit', `UPC-E ${data}: the check digit is wrong`, offset + data.length - 1, '01');
  }
  const parsed = validated([{ ai: '01', value: upcA.padStart(14, '0'), position: offset, valuePosition: -1 }], 'gtin', referenceYear);
  if (isFailure(parsed) || !bare || !hasValidCheckDigit(data)) return parsed;
  const warning: ScanWarning = {
    code: 'upc_e_or_ean_8',
    message: `${data} is both a UPC-E and an EAN-8: read as UPC-E ${upcA}; enable AIM identifiers on the scanner (]E0 UPC-E, ]E4 EAN-8) to tell them apart`,
  };
  return { ...parsed, alternativeGtins: [data.padStart(14, '0')], warnings: [warning] };
}

function fromEpc(hex: string, offset: number): Parsed | ScanFailure {
  const result = decodeEpc(hex);
  if (!result.ok) return { ok: false, error: { ...result.error, position: result.error.position + offset } };
  const epc = result.epc;
  const elements: Gs1Element[] =
    epc.scheme === 'sscc-96'
      ? [{ ai: '00', value: epc.sscc }]
      : [
          { ai: '01', value: epc.gtin },
          { ai: '21', value: epc.serial },
        ];
  return { format: 'epc', elements, epc };
}

const isFailure = (p: Parsed | ScanFailure): p is ScanFailure => 'ok' in p;
const looksLikeEpc = (data: string): boolean => /^3[016][0-9A-Fa-f]+$/.test(data) && [24, 50, 52].includes(data.length);

function guess(data: string, offset: number, referenceYear: number): Parsed | ScanFailure {
  if (data.includes(GS)) return validated(splitElementString(data, offset), 'element_string', referenceYear);
  if (data.startsWith('(')) return validated(splitBracketed(data, offset), 'bracketed', referenceYear);
  if (HTTP.test(data)) {
    const dl = splitDigitalLink(data, offset);
    return dl === undefined ? { format: 'text', elements: [] } : validated(dl, 'digital_link', referenceYear, data);
  }
  if (/^[0-9]+$/.test(data)) {
    if (data.length === 8) return upcE(data, offset, referenceYear, true) ?? plainGtin(data, offset, referenceYear);
    if ([12, 13, 14].includes(data.length)) return plainGtin(data, offset, referenceYear);
    if (data.length === 18) {
      if (!hasValidCheckDigit(data)) return scanFailure('invalid_check_digit', `(00) SSCC ${data}: the check digit is wrong`, offset + 17, '00');
      return validated([{ ai: '00', value: data, position: offset, valuePosition: offset }], 'sscc', referenceYear);
    }
    const asElements = validated(splitElementString(data, offset), 'element_string', referenceYear);
    // All-digit EPC hex is possible; it is read as an EPC only when it is not valid element strings.
    if (isFailure(asElements) && looksLikeEpc(data)) {
      const epc = fromEpc(data, offset);
      if (!isFailure(epc)) return epc;
    }
    return asElements;
  }
  if (looksLikeEpc(data)) return fromEpc(data, offset);
  const reading = readGs1WithoutIdentifier(data, offset, referenceYear);
  if (reading.gs1) return { format: 'element_string', elements: reading.elements, warnings: [reading.warning] };
  return reading.warning === undefined ? { format: 'text', elements: [] } : { format: 'text', elements: [], warnings: [reading.warning] };
}

function referenceYearOf(referenceDate: Date | string | undefined): number {
  if (referenceDate === undefined) return new Date().getUTCFullYear();
  const date = typeof referenceDate === 'string' ? new Date(referenceDate) : referenceDate;
  return Number.isNaN(date.getTime()) ? new Date().getUTCFullYear() : date.getUTCFullYear();
}

/**
 * Parses what a scanner delivered. Accepts:
 *
 * - an AIM symbology identifier (`]C1`, `]e0`, `]d2`, `]Q3`, `]J1` GS1 data; `]E0` EAN-13,
 *   UPC-A and UPC-E, `]E4` EAN-8; `]I0`/`]I1` ITF-14; `]Q1`, `]d1` plain data that may be a
 *   Digital Link) or none;
 * - GS1 element strings with GS (ASCII 29) separators, and the bracketed form
 *   `(01)09506000134352(17)201225(10)ABC123`;
 * - GS1 Digital Link URIs;
 * - plain GTIN-8/12/13/14 and SSCC digits (check digit validated), UPC-E (eight digits after
 *   `]E0`, or bare and starting with 0: expanded to its UPC-A), EPC hex from RFID;
 * - GS1 Composite scan data: the linear symbol, `|`, and the 2D component after `]e0`
 *   (`]E09506000134352|]e01012345`): the elements of both parts, validated together.
 *
 * Data that is not GS1 (e.g. a location label) parses as `format: 'text'`. Without an AIM
 * identifier, a digit string of another length is read as element strings without separators,
 * and other data as element strings when it validates as such and carries a key with a check
 * digit (the warning `gs1_without_symbology_identifier` says so); see {@link ScanWarning}.
 * Every value is checked against the generated GS1 table (lengths, character sets, check digits,
 * dates, `req`/`ex` pairings); a violation is an error naming the AI.
 *
 * @param raw - the scanned data
 * @param options - symbology given apart, GS substitute, reference date for two-digit years
 * @returns `{ ok: true, ... }` with every AI and the named fields, or `{ ok: false, error }`;
 *   never throws for any string (invalid options do throw a `StocktakeError`)
 * @example
 * ```ts
 * const scan = parseScan(']C1010950600013435217201225' + '10ABC123');
 * if (scan.ok) console.log(scan.gtin, scan.expiry, scan.lot); // 09506000134352 2020-12-25 ABC123
 * ```
 */
export function parseScan(raw: string, options?: ParseScanOptions): ParseScanResult {
  let referenceYear: number;
  let symbologyOption: string | undefined;
  let gsSubstitute: string | undefined;
  if (options !== undefined) {
    const checked = safeParseInput(parseScanOptionsSchema, options, ['options']);
    if (!checked.success) throw fromZodError(checked.error, ['options']);
    referenceYear = referenceYearOf(checked.data.referenceDate);
    symbologyOption = checked.data.symbology;
    gsSubstitute = checked.data.gsSubstitute;
  } else {
    referenceYear = referenceYearOf(undefined);
  }
  if (typeof raw !== 'string') return scanFailure('empty_input', 'the scan is not a string', 0);
  return parseChecked(raw, referenceYear, symbologyOption, gsSubstitute);
}

/**
 * GS1 Composite scan data: the linear symbol's data, `|`, then the 2D component's (`]e0` ...), as
 * scanners report a composite symbol and GS1's reference reads it.
 */
const COMPOSITE = /^(\](?:E[04]|e0|C1|I1)[^|]*)\|\]e0([\s\S]+)$/;

function parseComposite(linear: string, component: string, referenceYear: number, gsSubstitute: string | undefined): ParseScanResult {
  const first = parseChecked(linear, referenceYear, undefined, gsSubstitute);
  if (!first.ok) return first;
  if (first.format === 'text') return scanFailure('invalid_gtin', 'the linear part of a GS1 Composite symbol carries no GS1 data', 0);
  const offset = linear.length + 4;
  const data = gsSubstitute === undefined ? component : component.replaceAll(gsSubstitute, GS);
  const split = splitElementString(data, offset);
  if (!Array.isArray(split)) return split;
  const linearElements: PositionedElement[] = first.elements.map((e) => ({ ...e, position: 0, valuePosition: -1 }));
  const parsed = validated([...linearElements, ...split], 'element_string', referenceYear);
  if (isFailure(parsed)) return parsed;
  return build(parsed, `${first.data}|${data}`, first.symbology, referenceYear);
}

function parseChecked(raw: string, referenceYear: number, symbologyOption: string | undefined, gsSubstitute: string | undefined): ParseScanResult {
  const trimmed = raw.replace(/[\r\n]+$/, '');
  if (trimmed === '') return scanFailure('empty_input', 'the scan is empty', 0);
  const composite = COMPOSITE.exec(trimmed);
  if (composite !== null) return parseComposite(composite[1]!, composite[2]!, referenceYear, gsSubstitute);
  const aim = parseAimIdentifier(trimmed);
  if (aim === 'malformed') return scanFailure('invalid_symbology_identifier', 'the data starts with "]" but no AIM symbology identifier follows', 0);
  const symbology = aim?.symbology ?? (symbologyOption === undefined ? undefined : aimSymbology(symbologyOption));
  const offset = aim?.length ?? 0;
  let data = trimmed.slice(offset);
  if (gsSubstitute !== undefined) data = data.replaceAll(gsSubstitute, GS);
  if (data === '') return scanFailure('empty_input', 'no data after the symbology identifier', offset);

  let parsed: Parsed | ScanFailure;
  switch (symbology?.content) {
    case 'gs1':
      parsed = validated(splitElementString(data, offset), 'element_string', referenceYear);
      break;
    case 'gtin':
      if (symbology.id === ']E0' && /^[0-9]{8}$/.test(data)) parsed = upcE(data, offset, referenceYear, false)!;
      else if (symbology.id === ']E0' && !/^[0-9]{12,13}$/.test(data)) parsed = scanFailure('invalid_gtin', 'EAN-13 / UPC-A data must be 12 or 13 digits, UPC-E 8', offset);
      else if (symbology.id === ']E4' && !/^[0-9]{8}$/.test(data)) parsed = scanFailure('invalid_gtin', 'EAN-8 data must be 8 digits', offset);
      else if (symbology.id.startsWith(']I') && !/^[0-9]{14}$/.test(data)) parsed = { format: 'text', elements: [] };
      else parsed = plainGtin(data, offset, referenceYear);
      break;
    case 'uri_or_text':
      if (HTTP.test(data)) {
        const dl = splitDigitalLink(data, offset);
        parsed = dl === undefined ? { format: 'text', elements: [] } : validated(dl, 'digital_link', referenceYear, data);
      } else {
        parsed = { format: 'text', elements: [] };
      }
      break;
    case 'text':
      parsed = { format: 'text', elements: [] };
      break;
    default:
      parsed = guess(data, offset, referenceYear);
  }
  if (isFailure(parsed)) return parsed;
  return build(parsed, data, symbology, referenceYear);
}
