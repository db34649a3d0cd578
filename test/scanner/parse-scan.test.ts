/**
 * parseScan. Vectors: the GS1 General Specifications element string examples (§3, e.g.
 * `(01)09506000134352(17)201225(10)ABC123` style messages with the example GTINs 09506000134352 /
 * 09520123456788), GS1 Digital Link Standard examples, AIM symbology identifiers per
 * ISO/IEC 15424 as listed in GS1 General Specifications §5.1.2 / Figure 5.1.2-1 (`]C1`, `]e0`,
 * `]d2`, `]Q3`, `]J1`, `]E0`, `]E4`), and the Tag Data Standard SGTIN-96 example.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { isStocktakeError } from '../../src/errors.js';
import {
  formatBracketed,
  formatDigitalLink,
  formatElementString,
  GS,
  gtinCheckDigit,
  parseScan,
  type Gs1Element,
  type ScanErrorCode,
} from '../../src/scanner/index.js';
import { propertyRuns } from '../support/property.js';

const opts = { referenceDate: '2025-01-01' };
const ok = (raw: string, options: Parameters<typeof parseScan>[1] = opts) => {
  const r = parseScan(raw, options);
  if (!r.ok) throw new Error(`${JSON.stringify(raw)}: ${r.error.code} ${r.error.message}`);
  return r;
};
const fail = (raw: string, options: Parameters<typeof parseScan>[1] = opts) => {
  const r = parseScan(raw, options);
  if (r.ok) throw new Error(`${JSON.stringify(raw)} parsed: ${JSON.stringify(r.elements)}`);
  return r.error;
};

describe('GS1 element strings and the bracketed form', () => {
  it('reads the same message in every GS1 symbology and in brackets', () => {
    const transmitted = `0109506000134352172012251` + `0ABC123`;
    for (const raw of [`]C1${transmitted}`, `]e0${transmitted}`, `]d2${transmitted}`, `]Q3${transmitted}`, `]J1${transmitted}`, `${GS}${transmitted}`, '(01)09506000134352(17)201225(10)ABC123']) {
      const r = ok(raw);
      expect(r.elements).toEqual([
        { ai: '01', value: '09506000134352' },
        { ai: '17', value: '201225' },
        { ai: '10', value: 'ABC123' },
      ]);
      expect(r).toMatchObject({ gtin: '09506000134352', expiry: '2020-12-25', lot: 'ABC123' });
    }
    expect(ok(`]C1${transmitted}`).symbology).toEqual({ id: ']C1', name: 'GS1-128', content: 'gs1' });
    expect(ok(`]d2${transmitted}`).format).toBe('element_string');
    expect(ok('(01)09506000134352(17)201225(10)ABC123').format).toBe('bracketed');
  });

  it('ends variable-length fields at GS and keeps every CSET 82 character', () => {
    const r = ok(`]d20109506000134352` + `10AB-/:.C${GS}21S/N:1.2-3${GS}3103000195`);
    expect(r.ais).toEqual({ '01': '09506000134352', '10': 'AB-/:.C', '21': 'S/N:1.2-3', '3103': '000195' });
    expect(r).toMatchObject({ serial: 'S/N:1.2-3', netWeight: { value: '0.195', unit: 'kg', ai: '3103' } });
  });

  it('does not need a GS after a pre-defined length AI but tolerates one', () => {
    expect(ok(`]C10109506000134352${GS}17201225`).ais['17']).toBe('201225');
    expect(ok(`]C1010950600013435217201225`).ais['17']).toBe('201225');
  });

  it('needs a GS after a fixed-length AI without the "*" flag (8006 ITIP)', () => {
    // 8006 is N14 N4 without "*": without a GS, what follows is read into its value.
    const value = `${'0950600013435'}${gtinCheckDigit('0950600013435')}0102`;
    expect(ok(`]C18006${value}${GS}21ABC`).ais).toEqual({ '8006': value, '21': 'ABC' });
    expect(fail(`]C18006${value}21ABC`)).toMatchObject({ code: 'value_too_long', ai: '8006' });
  });

  it('derives the named fields', () => {
    const pallet = ok('(00)106141412345678908(02)09506000134352(37)25');
    expect(pallet).toMatchObject({ sscc: '106141412345678908', contentGtin: '09506000134352', count: 25 });
    expect(pallet.gtin).toBeUndefined();
    expect(ok('(01)09506000134352(30)12').count).toBe(12);
    expect(ok('(01)09506000134352(3200)000150').netWeight).toEqual({ value: '150', unit: 'lb', ai: '3200' });
    expect(ok('(01)09506000134352(3105)000150').netWeight).toEqual({ value: '0.00150', unit: 'kg', ai: '3105' });
    expect(ok('(414)9506000134352(254)A1').gln).toBe('9506000134352');
  });

  it('reads day 00 as the last day of the month and resolves the century', () => {
    expect(ok('(01)09506000134352(17)240200').expiry).toBe('2024-02-29');
    expect(ok('(01)09506000134352(17)250200').expiry).toBe('2025-02-28');
    expect(ok('(01)09506000134352(17)991231', { referenceDate: '2025-01-01' }).expiry).toBe('1999-12-31');
    expect(ok('(01)09506000134352(17)751231', { referenceDate: '2025-01-01' }).expiry).toBe('2075-12-31');
    expect(ok('(01)09506000134352(17)050101', { referenceDate: new Date('2099-06-01T00:00:00Z') }).expiry).toBe('2105-01-01');
  });

  it('unescapes "\\(" in the bracketed form', () => {
    expect(ok('(01)09506000134352(10)A\\(B)').lot).toBe('A(B)');
    expect(formatBracketed([{ ai: '10', value: 'A(B)' }])).toBe('(10)A\\(B)');
  });

  it('merges identical repeats', () => {
    expect(ok('(01)09506000134352(10)A(10)A').elements).toHaveLength(2);
  });
});

describe('plain GTINs, SSCC, EPC and text', () => {
  it('reads EAN/UPC with and without an identifier', () => {
    expect(ok(']E09506000134352')).toMatchObject({ format: 'gtin', gtin: '09506000134352', symbology: { id: ']E0' } });
    expect(ok(']E0614141123452').gtin).toBe('00614141123452'); // UPC-A as 12 digits
    expect(ok(']E412345670').gtin).toBe('00000012345670');
    expect(ok(']I119506000134359').gtin).toBe('19506000134359'); // ITF-14
    expect(ok('9506000134352').gtin).toBe('09506000134352');
    expect(ok('12345670').format).toBe('gtin');
    expect(ok('9506000134352', { symbology: ']E0' }).symbology?.name).toBe('EAN-13 / UPC-A / UPC-E');
  });

  it('reads a bare SSCC', () => {
    expect(ok('106141412345678908')).toMatchObject({ format: 'sscc', sscc: '106141412345678908' });
  });

  it('reads EPC hex', () => {
    expect(ok('3074257BF7194E4000001A85')).toMatchObject({ format: 'epc', gtin: '80614141123458', serial: '6789', ais: { '01': '80614141123458', '21': '6789' } });
    expect(ok('3174257BF4499602D2000000')).toMatchObject({ format: 'epc', sscc: '106141412345678908' });
  });

  it('returns text for non-GS1 data', () => {
    for (const raw of ['WH1/A/01/3', ']C0LOC-A-01', ']Q1hello', ']A0ABC-123', ']I01234', ']Z9whatever', 'Ünïcode']) {
      const r = ok(raw);
      expect(r.format, raw).toBe('text');
      expect(r.elements).toEqual([]);
    }
    expect(ok(']C0WH1/A/01').data).toBe('WH1/A/01');
  });

  it('replaces a GS substitute', () => {
    expect(ok(']C1010950600013435210AB~17201225', { ...opts, gsSubstitute: '~' }).ais).toEqual({ '01': '09506000134352', '10': 'AB', '17': '201225' });
  });

  it('strips a trailing CR/LF', () => {
    expect(ok('9506000134352\r\n').gtin).toBe('09506000134352');
  });
});

describe('UPC-E', () => {
  it('expands ]E0 and eight digits to the UPC-A GTIN', () => {
    expect(ok(']E001234558')).toMatchObject({ format: 'gtin', gtin: '00012345000058', data: '01234558', symbology: { id: ']E0' } });
    expect(ok(']E001234558').alternativeGtins).toBeUndefined();
    expect(fail(']E001234557')).toMatchObject({ code: 'invalid_check_digit', ai: '01' });
    expect(ok('01234558', { ...opts, symbology: ']E0' }).gtin).toBe('00012345000058');
  });

  it('reads eight bare digits starting with 0 as UPC-E, keeping the EAN-8 reading as an alternative', () => {
    const r = ok('01234558');
    expect(r).toMatchObject({ format: 'gtin', gtin: '00012345000058', alternativeGtins: ['00000001234558'] });
    expect(r.warnings?.map((w) => w.code)).toEqual(['upc_e_or_ean_8']);
    // A UPC-E whose EAN-8 check digit fails is not ambiguous; an EAN-8 that is no UPC-E stays an EAN-8.
    expect(ok('04252614')).toMatchObject({ gtin: '00042100005264' });
    expect(ok('04252614').alternativeGtins).toBeUndefined();
    expect(ok('01234503')).toMatchObject({ gtin: '00000001234503' });
    expect(ok('01234503').alternativeGtins).toBeUndefined();
    expect(ok(']E402345673').gtin).toBe('00000002345673'); // ]E4 is always EAN-8
    expect(ok('12345670').gtin).toBe('00000012345670'); // not starting with 0: EAN-8
  });
});

describe('GS1 element strings without an AIM identifier', () => {
  it('reads a GS1 DataMatrix whose last field ends in letters as GS1, with a warning', () => {
    const r = ok('0109506000134352' + '17261231' + '10LOTA1');
    expect(r).toMatchObject({ format: 'element_string', gtin: '09506000134352', lot: 'LOTA1', expiry: '2026-12-31' });
    expect(r.warnings?.map((w) => w.code)).toEqual(['gs1_without_symbology_identifier']);
    expect(ok(`0109506000134352` + `21S/N-1${GS}10L:7`).ais).toEqual({ '01': '09506000134352', '21': 'S/N-1', '10': 'L:7' }); // with GS, as before
    expect(ok(`]d20109506000134352` + `10LOTA1`).warnings).toBeUndefined();
  });

  it('leaves text that is not valid GS1 as text, and warns when it starts with a GS1 key', () => {
    for (const raw of ['1001-A', '10ABC', '21SERIAL', '400PO-17', 'LOC:WH1/A/01']) {
      const r = ok(raw);
      expect(r.format, raw).toBe('text');
      expect(r.warnings, raw).toBeUndefined();
    }
    const maybe = ok('0109506000134352XYZ');
    expect(maybe.format).toBe('text');
    expect(maybe.warnings?.map((w) => w.code)).toEqual(['possibly_gs1']);
    expect(ok('0109506000134353XYZ').warnings).toBeUndefined(); // the check digit fails: nothing suggests GS1
  });

  it('reads any valid message without identifier and without GS the same as with ]d2 (a law)', () => {
    fc.assert(
      fc.property(
        gtinArb,
        fc.option(fc.stringMatching(/^[A-Z][A-Z0-9]{0,9}$/), { nil: undefined }),
        (gtin, lot) => {
          const data = `01${gtin}${lot === undefined ? '' : `10${lot}`}`;
          const bare = ok(data);
          expect(bare.elements).toEqual(ok(`]d2${data}`).elements);
          expect(bare.format).toBe('element_string');
        },
      ),
      { numRuns: propertyRuns(300) },
    );
  });
});

describe('error paths', () => {
  it.each<[string, ScanErrorCode, string | undefined]>([
    ['', 'empty_input', undefined],
    ['\r\n', 'empty_input', undefined],
    [']C1', 'empty_input', undefined],
    [']', 'invalid_symbology_identifier', undefined],
    [']1x0109506000134352', 'invalid_symbology_identifier', undefined],
    [']C1990', 'value_too_short', undefined], // placeholder replaced below
    [']C12309506000134352', 'unknown_ai', undefined],
    ['(23)X', 'unknown_ai', '23'],
    ['(01)09506000134352(10', 'invalid_bracketed_syntax', undefined],
    ['01)09506000134352', 'invalid_check_digit', undefined], // digits-and-")" is not bracketed; see below
    ['(01)0950600013435', 'value_too_short', '01'],
    ['(01)095060001343520', 'value_too_long', '01'],
    ['(01)0950600013435A', 'invalid_character', '01'],
    ['(01)09506000134353', 'invalid_check_digit', '01'],
    ['(01)09506000134352(17)251301', 'invalid_date', '17'],
    ['(01)09506000134352(17)250230', 'invalid_date', '17'],
    ['(01)09506000134352(10)A B', 'invalid_character', '10'],
    ['(01)09506000134352(10)ABCDEFGHIJKLMNOPQRSTU', 'value_too_long', '10'],
    ['(01)09506000134352(10)A(10)B', 'duplicate_ai', '10'],
    ['(10)ABC', 'missing_required_ai', '10'],
    ['(01)09506000134352(02)09506000134352(37)1', 'excluded_ai_combination', '01'],
    ['(01)09506000134352(3103)000100(3102)001000', 'excluded_ai_combination', '3103'],
    ['(8013)1987654Ad4X4bL5ttr2310cXK', 'invalid_check_digit', '8013'],
    ['(8006)095060001343520302', 'invalid_value', '8006'], // piece 3 of 2
    ['9506000134353', 'invalid_check_digit', '01'],
    ['106141412345678907', 'invalid_check_digit', '00'],
    [']E095060001343', 'invalid_gtin', undefined],
    [']E0950600013435', 'invalid_check_digit', '01'], // 12 digits: a UPC-A with a wrong check digit
    [']E495060001', 'invalid_check_digit', '01'],
    [']E4ABCDEFGH', 'invalid_gtin', undefined],
    ['307C257BF7194E4000001A85', 'invalid_epc_partition', undefined],
    ['https://id.gs1.org/01/09506000134352/10', 'invalid_digital_link', '01'],
  ])('%j → %s', (raw, code, ai) => {
    if (raw === ']C1990') raw = `]C10109506000134352${GS}17${GS}`; // (17) cut short by a GS
    if (raw === '01)09506000134352') raw = '0109506000134353';
    const error = fail(raw);
    expect(error.code).toBe(code);
    if (ai !== undefined) expect(error.ai).toBe(ai);
    expect(error.message.length).toBeGreaterThan(0);
    if (ai !== undefined) expect(error.message).toContain(`(${ai})`);
    expect(error.position).toBeGreaterThanOrEqual(0);
    expect(error.position).toBeLessThanOrEqual(raw.length);
  });

  it('points at the offending character', () => {
    expect(fail('(01)09506000134352(10)AB C').position).toBe(24);
    expect(fail(`]C10109506000134353`).position).toBe(3 + 2 + 13);
    expect(fail(`]C10109506000134352${GS}99`).position).toBe(22); // (99) at 20 has no value
  });

  it('throws invalid_input for bad options, not for bad data', () => {
    for (const bad of [{ symbology: 'C1' }, { gsSubstitute: '' }, { referenceDate: 'yesterday' }, { other: 1 }]) {
      try {
        parseScan('x', bad as never);
        expect.unreachable();
      } catch (error) {
        expect(isStocktakeError(error) && error.type).toBe('invalid_input');
        expect(isStocktakeError(error) && error.path[0]).toBe('options');
      }
    }
  });
});

const CSET82 = `!"%&'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz`;
const digits = (n: number) => fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: n, maxLength: n });
const gtinArb = digits(13).map((b) => b + gtinCheckDigit(b));
const ssccArb = digits(17).map((b) => b + gtinCheckDigit(b));
const x82 = (max: number) => fc.string({ unit: fc.constantFrom(...CSET82), minLength: 1, maxLength: max });
const dateArb = fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2049-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(2, 10).replaceAll('-', ''));

/** Valid messages: a GTIN with optional attributes, or an SSCC pallet label with its contents. */
const messageArb: fc.Arbitrary<Gs1Element[]> = fc.oneof(
  fc
    .record(
      {
        '22': x82(20),
        '10': x82(20),
        '21': x82(20),
        '17': dateArb,
        '11': dateArb,
        '3103': digits(6),
        '30': digits(4),
        '240': x82(30),
        '99': x82(90),
      },
      { requiredKeys: [] },
    )
    .chain((attrs) =>
      fc.tuple(gtinArb, fc.shuffledSubarray(Object.entries(attrs), { minLength: Object.keys(attrs).length })).map(([gtin, rest]) => [
        { ai: '01', value: gtin },
        ...rest.map(([ai, value]) => ({ ai, value: String(value) })),
      ]),
    ),
  fc.tuple(ssccArb, gtinArb, digits(3), fc.option(x82(20), { nil: undefined })).map(([sscc, gtin, count, lot]) => [
    { ai: '00', value: sscc },
    { ai: '02', value: gtin },
    { ai: '37', value: count },
    ...(lot === undefined ? [] : [{ ai: '10', value: lot }]),
  ]),
);
const sorted = (elements: readonly Gs1Element[]) => [...elements].sort((a, b) => a.ai.localeCompare(b.ai));

describe('properties', () => {
  it('parseScan never throws on any string', () => {
    const unit = fc.constantFrom(...'0123456789', GS, '(', ')', ']', '\\', 'C', 'd', 'e', 'E', 'Q', 'J', 'I', '1', '2', '3', 'h', 't', 'p', 's', ':', '/', '?', '=', '&', '%', '+', 'A', 'F', '\r', '\n');
    const prefixes = fc.constantFrom('', ']C1', ']d2', ']Q1', ']E0', ']E4', ']I1', 'https://id.gs1.org/', 'https://a/01/', '(01)', '(', GS, '30', '36');
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 80 }), fc.tuple(prefixes, fc.string({ unit, maxLength: 80 })).map(([p, s]) => p + s)), (raw) => {
        const r = parseScan(raw, opts);
        if (!r.ok) {
          expect(typeof r.error.code).toBe('string');
          expect(r.error.position).toBeGreaterThanOrEqual(0);
        }
      }),
      { numRuns: propertyRuns(1000) },
    );
  });

  it('bracketed ↔ GS-separated ↔ Digital Link round-trip', () => {
    fc.assert(
      fc.property(messageArb, (elements) => {
        const viaGs = ok(`]d2${formatElementString(elements)}`);
        expect(viaGs.elements).toEqual(elements);
        const viaBrackets = ok(formatBracketed(elements));
        expect(viaBrackets.elements).toEqual(elements);
        const uri = formatDigitalLink(elements);
        const viaDl = ok(uri);
        expect(sorted(viaDl.elements)).toEqual(sorted(elements));
        expect(formatBracketed(viaGs.elements)).toBe(formatBracketed(elements));
        expect(formatDigitalLink(viaDl.elements)).toBe(uri);
      }),
      { numRuns: propertyRuns(200) },
    );
  });

  it('a single changed digit of a GTIN in a message is always caught', () => {
    fc.assert(
      fc.property(gtinArb, fc.nat(13), fc.integer({ min: 1, max: 9 }), (gtin, at, delta) => {
        const changed = gtin.slice(0, at) + String((Number(gtin[at]) + delta) % 10) + gtin.slice(at + 1);
        expect(fail(`]C101${changed}`).code).toBe('invalid_check_digit');
        expect(fail(changed).code).toBe('invalid_check_digit');
      }),
      { numRuns: propertyRuns(200) },
    );
  });
});
