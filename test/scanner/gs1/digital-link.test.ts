/**
 * GS1 Digital Link URIs. Vectors: the examples of the GS1 Digital Link Standard: URI Syntax
 * (as exercised by GS1's reference implementation, gs1-syntax-engine `dl.c` unit tests), which use
 * the example GTIN 09520123456788, SSCC 952012345678912345 and GLN 9520123456788.
 */
import { describe, expect, it } from 'vitest';

import { isStocktakeError } from '../../../src/errors.js';
import { formatDigitalLink, parseScan, type Gs1Element } from '../../../src/scanner/index.js';

const opts = { referenceDate: '2025-01-01' };
const elementsOf = (uri: string): readonly Gs1Element[] => {
  const r = parseScan(uri, opts);
  if (!r.ok) throw new Error(`${uri}: ${r.error.code} ${r.error.message}`);
  expect(r.format).toBe('digital_link');
  return r.elements;
};
const errorOf = (uri: string) => {
  const r = parseScan(uri, opts);
  expect(r.ok, uri).toBe(false);
  return r.ok ? undefined : r.error;
};
const bracketed = (elements: readonly Gs1Element[]): string => elements.map((e) => `(${e.ai})${e.value}`).join('');

describe('parsing Digital Link URIs (GS1 Digital Link Standard examples)', () => {
  it.each([
    ['https://id.gs1.org/01/09520123456788', '(01)09520123456788'],
    ['https://brand.example.com/01/9520123456788', '(01)09520123456788'], // GTIN-13 padded to 14
    ['https://brand.example.com/some-extra/pathinfo/01/9520123456788', '(01)09520123456788'],
    ['https://id.gs1.org/01/09520123456788/22/2A', '(01)09520123456788(22)2A'],
    ['https://id.gs1.org/01/09520123456788/10/ABC123', '(01)09520123456788(10)ABC123'],
    ['https://id.gs1.org/01/09520123456788/21/12345', '(01)09520123456788(21)12345'],
    ['https://id.gs1.org/01/09520123456788/10/ABC1/21/12345?17=180426', '(01)09520123456788(10)ABC1(21)12345(17)180426'],
    ['https://id.gs1.org/01/09520123456788?3103=000195', '(01)09520123456788(3103)000195'],
    ['https://example.com/01/09520123456788?3103=000195&3922=0299&17=201225', '(01)09520123456788(3103)000195(3922)0299(17)201225'],
    ['https://id.gs1.org/00/952012345678912345', '(00)952012345678912345'],
    ['https://id.gs1.org/00/952012345678912345?02=09520123456788&37=25&10=ABC123', '(00)952012345678912345(02)09520123456788(37)25(10)ABC123'],
    ['https://id.gs1.org/414/9520123456788', '(414)9520123456788'],
    ['https://id.gs1.org/414/9520123456788/254/32a%2Fb', '(414)9520123456788(254)32a/b'],
    ['https://example.com/8004/9520614141234567?01=9520123456788', '(8004)9520614141234567(01)09520123456788'],
    ['https://id.gs1.org/01/09520123456788/235/XYZ?10=ABC123', '(01)09520123456788(235)XYZ(10)ABC123'],
    // reference implementation cases: schemes, stems, query noise, escapes, fragments
    ['HTTP://a/00/006141411234567890', '(00)006141411234567890'],
    ['https://a/00/faux/00/006141411234567890', '(00)006141411234567890'],
    ['https://a:65535/01/12312312312333', '(01)12312312312333'],
    ['https://[2001:db8::1]/01/12312312312333', '(01)12312312312333'],
    ['https://a/01/12312312312333/22/TEST/10/ABC/21/XYZ', '(01)12312312312333(22)TEST(10)ABC(21)XYZ'],
    ['https://a/253/1231231231232TEST5678901234567', '(253)1231231231232TEST5678901234567'],
    ['https://a/8018/123456789012345675/8019/123', '(8018)123456789012345675(8019)123'],
    ['https://a/stem/00/006141411234567890?', '(00)006141411234567890'],
    ['https://a/01/12312312312333?&&&99=ABC&&&&&&98=XYZ&&&', '(01)12312312312333(99)ABC(98)XYZ'],
    ['https://a/01/12312312312333?singleton1&unknown1=555&99=ABC&singleton2&98=XYZ', '(01)12312312312333(99)ABC(98)XYZ'],
    ['https://a/01/12312312312333/22/ABC%2d123?99=ABC&98=XYZ%2f987', '(01)12312312312333(22)ABC-123(99)ABC(98)XYZ/987'],
    ['https://a/01/12312312312333/22/ABC+123?99=ABC', '(01)12312312312333(22)ABC+123(99)ABC'], // '+' is itself in the path
    ['https://a/01/12312312312333/22/test/10/abc/21/xyz#fragment', '(01)12312312312333(22)test(10)abc(21)xyz'],
  ])('%s', (uri, expected) => {
    expect(bracketed(elementsOf(uri))).toBe(expected);
  });

  it.each([
    ['https://a/01/2112345678901', 'invalid_check_digit'], // bad GTIN check digit
    ['https://a/253/1231231231232TEST56789012345678', 'value_too_long'],
    ['https://a/stem/00/006141411234567890/', 'invalid_digital_link'], // must not end in '/'
    ['https://a/01/12312312312333?99=', 'invalid_digital_link'], // empty value
    ['https://a/01/12312312312333?99=ABC&999=faux', 'unknown_ai'], // numeric, not an AI
    ['https://a/01/12312312312333/22/ABC%2d123?99=ABC&98=XYZ+987', 'invalid_character'], // '+' is a space in the query
    ['https://example.com/01/09520123456788?10=ABC123', 'invalid_digital_link'], // a qualifier belongs in the path
    ['https://id.gs1.org/01/09520123456788/10/ABC123?99=XYZ789&01=09520123456788', 'invalid_digital_link'],
    ['https://id.gs1.org/01/09520123456788/10/ABC123?99=XYZ789&10=ABC123', 'invalid_digital_link'],
    ['https://id.gs1.org/01/09520123456788/10/ABC123?99=XYZ789&99=XYZ789', 'invalid_digital_link'],
    ['https://example.com/01/09520123456788/89/ABC123?99=XYZ', 'invalid_digital_link'], // 89 is no qualifier
    ['https://example.com/01/09520123456788?99=XYZ&89=ABC123', 'unknown_ai'],
    ['https://id.gs1.org/01/09520123456788/21/1/10/A', 'invalid_digital_link'], // qualifiers out of order
    ['https://id.gs1.org/01/09520123456788/22/A/235/B', 'invalid_digital_link'], // mixes alternatives
    ['https://id.gs1.org/01/09520123456788/10', 'invalid_digital_link'], // odd path
    ['https://id.gs1.org/01/09520123456788/10/%E0%A4%A', 'invalid_digital_link'], // malformed escape
    ['https://id.gs1.org/01/09520123456788?8200=https%3A%2F%2Fx', 'invalid_digital_link'], // 8200 is not a data attribute
    ['https://id.gs1.org/01/09520123456788/10/ABC?37=5', 'excluded_ai_combination'], // 01 excludes 37
  ])('%s is an error (%s)', (uri, code) => {
    expect(errorOf(uri)?.code).toBe(code);
  });

  it('names the AI and points into the URI', () => {
    const error = errorOf('https://id.gs1.org/01/09520123456788/21/1/10/A');
    expect(error?.ai).toBe('01');
    expect(error?.position).toBeGreaterThan(20);
  });

  it('treats URIs without a GS1 key as text, not as a Digital Link', () => {
    for (const uri of ['https://example.com/', 'https://example.com/products/42', 'HtTp://a/00/006141411234567890']) {
      const r = parseScan(uri);
      expect(r.ok && r.format).toBe('text');
    }
  });
});

describe('formatDigitalLink (GS1 reference encoder examples)', () => {
  const e = (s: string): Gs1Element[] => [...s.matchAll(/\((\d+)\)([^(]*)/g)].map((m) => ({ ai: m[1]!, value: m[2]! }));
  it.each([
    [undefined, '(01)12312312312326(21)abc123', 'https://id.gs1.org/01/12312312312326/21/abc123'],
    ['https://example.com', '(01)12312312312326(22)ABC(10)DEF(21)GHI(95)INT', 'https://example.com/01/12312312312326/22/ABC/10/DEF/21/GHI?95=INT'],
    ['https://example.com', '(21)XYZ(01)12312312312333(10)ABC123(99)XYZ', 'https://example.com/01/12312312312333/10/ABC123/21/XYZ?99=XYZ'],
    ['https://example.com', '(01)12312312312333(10)ABC+123(99)XYZ+QWERTY', 'https://example.com/01/12312312312333/10/ABC%2B123?99=XYZ%2BQWERTY'],
    ['https://example.com', '(8017)795260646688514634(99)000001(253)9526064000028000001', 'https://example.com/8017/795260646688514634?99=000001&253=9526064000028000001'],
    ['https://example.com', '(253)9526064000028000001(99)000001(01)12312312312326(10)DEF(95)INT', 'https://example.com/253/9526064000028000001?01=12312312312326&99=000001&10=DEF&95=INT'],
    ['https://example.com', '(01)12312312312326(01)12312312312326(10)ABC123(99)XYZ789', 'https://example.com/01/12312312312326/10/ABC123?99=XYZ789'],
  ])('%s %s', (base, data, expected) => {
    expect(formatDigitalLink(e(data), base === undefined ? {} : { base })).toBe(expected);
  });

  it.each([
    '(01)12312312312326(99)000001(8200)http://example.com(95)INT', // 8200 is not a data attribute
    '(01)12312312312326(235)TPX9526064(99)000001(22)ABC(95)INT', // 235 and 22 are alternative qualifiers
    '(10)ABC(17)201225', // no primary key
  ])('cannot write %s', (data) => {
    expect(() => formatDigitalLink(e(data))).toThrow(/primary key/);
  });

  it('rejects bad input with invalid_input', () => {
    for (const call of [
      () => formatDigitalLink([{ ai: '01', value: '12312312312326' }], { base: 'ftp://x' }),
      () => formatDigitalLink([{ ai: '0', value: 'x' }]),
      () => formatDigitalLink([{ ai: '01', value: '' }]),
      () => formatDigitalLink([{ ai: '01', value: '12312312312326' }, { ai: '01', value: '12312312312333' }]),
    ]) {
      try {
        call();
        expect.unreachable();
      } catch (error) {
        expect(isStocktakeError(error) && error.code).toBe('invalid_input');
      }
    }
  });
});
