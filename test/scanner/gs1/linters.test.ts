/**
 * Linter vectors from GS1's Barcode Syntax Tests (the reference linters published with the
 * Barcode Syntax Dictionary, gs1-syntax-engine `src/c-lib/syntax/lint_*.c` unit tests) and the
 * GS1 General Specifications §7.9.5 (check character pair) and §7.12 (century of YY dates).
 */
import { describe, expect, it } from 'vitest';

import { alphaCheckPair, centuryYear, runLinter } from '../../../src/scanner/gs1/linters.js';

const ctx = { referenceYear: 2021 };
const lint = (name: string, value: string) => runLinter(name, value, ctx);

describe('csumalpha', () => {
  it.each([
    '1987654Ad4X4bL5ttr2310c2K', // the GMN example of the General Specifications
    '12345678901234567890123NT',
    '12345_ABCDEFGHIJKLMCP',
    '12345_abcdefghijklmN3',
    "12345_!\"%&'()*+,-./LC",
    '12345_0123456789:;<=>?62',
    '7907665Bm8v2AB',
    '149512464PM+GH',
    '00000!HV',
    '99999zzzzzzzzzzzzzzzzzzT2',
    '22',
  ])('accepts %s', (value) => {
    expect(lint('csumalpha', value)).toBeUndefined();
  });

  it.each(['1987654Ad4X4bL5ttr2310cXK', '1987654Ad4X4bL5ttr2310c2X', '33', '2'])('rejects %s', (value) => {
    expect(lint('csumalpha', value)?.code).toBe('invalid_check_digit');
  });

  it('computes the pair', () => {
    expect(alphaCheckPair('1987654Ad4X4bL5ttr2310c')).toBe('2K');
  });
});

describe('csum', () => {
  it('checks the last digit', () => {
    expect(lint('csum', '09506000134352')).toBeUndefined();
    expect(lint('csum', '09506000134353')).toMatchObject({ code: 'invalid_check_digit', offset: 13 });
  });
});

describe('dates', () => {
  it.each(['000606', '250606', '990606', '200131', '200229', '240229', '000229', '960229', '200600'])('yymmd0 accepts %s', (v) => {
    expect(lint('yymmd0', v)).toBeUndefined();
  });
  it.each(['200010', '201310', '200132', '200230', '200431', '210229', '230229', '960230', 'x00131'])('yymmd0 rejects %s', (v) => {
    expect(lint('yymmd0', v)?.code).toBe('invalid_date');
  });
  it('yymmdd rejects day 00, yymmd0 allows it', () => {
    expect(lint('yymmdd', '200600')?.code).toBe('invalid_date');
    expect(lint('yymmd0', '200600')).toBeUndefined();
  });
  it('yyyymmdd, hhmi, hh, mi, ss', () => {
    expect(lint('yyyymmdd', '20240229')).toBeUndefined();
    expect(lint('yyyymmdd', '21000229')?.code).toBe('invalid_date'); // 2100 is not a leap year
    expect(lint('hhmi', '2359')).toBeUndefined();
    expect(lint('hhmi', '2400')?.code).toBe('invalid_date');
    expect(lint('hhmi', '1260')?.offset).toBe(2);
    expect(lint('hh', '24')?.code).toBe('invalid_date');
    expect(lint('mi', '60')?.code).toBe('invalid_date');
    expect(lint('ss', '59')).toBeUndefined();
  });
  it('resolves the century per §7.12 (51 years ahead is last century; 50 behind is next)', () => {
    expect(centuryYear(21, 2021)).toBe(2021);
    expect(centuryYear(71, 2021)).toBe(2071);
    expect(centuryYear(72, 2021)).toBe(1972);
    expect(centuryYear(0, 2099)).toBe(2100);
    expect(centuryYear(49, 2099)).toBe(2149);
    expect(centuryYear(50, 2099)).toBe(2050);
  });
});

describe('other linters', () => {
  it.each([
    ['zero', '0', '1'],
    ['nonzero', '0001', '0000'],
    ['yesno', '1', '2'],
    ['winding', '9', '2'],
    ['iso5218', '9', '3'],
    ['hyphen', '-', 'A'],
    ['nozeroprefix', '10', '01'],
    ['hasnondigit', '12A', '123'],
    ['pieceoftotal', '0102', '0301'],
    ['posinseqslash', '1/2', '3/2'],
    ['latitude', '1800000000', '1800000001'],
    ['longitude', '3600000000', '3600000001'],
    ['pcenc', 'A%20B', 'A%2GB'],
    ['importeridx', '_', '*'],
    ['iban', 'GB82WEST12345698765432', 'GB83WEST12345698765432'],
  ])('%s accepts %s and rejects %s', (name, good, bad) => {
    expect(lint(name, good)).toBeUndefined();
    expect(lint(name, bad)).toBeDefined();
  });

  it('passes linters that need external lists', () => {
    expect(lint('iso3166', '999')).toBeUndefined();
    expect(lint('gcppos1', '0000000000000')).toBeUndefined();
  });
});
