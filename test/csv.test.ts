import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvCell } from '../src/index.js';
import { expectInvalidInputAt } from './support/invalid.js';
import { propertyRuns } from './support/property.js';
import { parseCsv } from './support/csv.js';

/** The value a spreadsheet reads from one written cell. */
const read = (cell: string): string => parseCsv(`${cell}\n`)[0]![0]!;
const FORMULA_START = ['=', '+', '-', '@', '\t', '\r'];

describe('csvCell: CSV cells safe to open in a spreadsheet (OWASP CSV injection)', () => {
  it('prefixes a quote to text starting with =, +, -, @, a tab or a carriage return', () => {
    expect(csvCell('=HYPERLINK("http://evil.example","x")')).toBe(`"'=HYPERLINK(""http://evil.example"",""x"")"`);
    expect(csvCell('+1+1')).toBe("'+1+1");
    expect(csvCell("-2+3+cmd|' /C calc'!A0")).toBe("'-2+3+cmd|' /C calc'!A0");
    expect(csvCell('@SUM(A1:A9)')).toBe("'@SUM(A1:A9)");
    expect(csvCell('\t=1')).toBe("'\t=1");
    expect(csvCell('\r=1')).toBe(`"'\r=1"`);
    expect(read(csvCell('\r=1'))).toBe("'\r=1");
  });

  it('leaves other text alone, quoting commas, quotes and line breaks per RFC 4180', () => {
    expect(csvCell('WH1/A/01')).toBe('WH1/A/01');
    expect(csvCell('a=b')).toBe('a=b');
    expect(csvCell('Bolt, M8')).toBe('"Bolt, M8"');
    expect(csvCell('say "hi"\nthen go')).toBe('"say ""hi""\nthen go"');
    expect(csvCell('')).toBe('');
  });

  it('a plain number in a number column is data, not a formula: -3 stays a number a spreadsheet can sum', () => {
    for (const value of ['-3', '-0.25', '12.5', '0', '-1000000000000.000000000001']) expect(csvCell(value, 'number')).toBe(value);
    // Anything else starting like a formula is neutralised, in a number column too.
    expect(csvCell('-3+1', 'number')).toBe("'-3+1");
    expect(csvCell('-1e3', 'number')).toBe("'-1e3");
    expect(csvCell('=3', 'number')).toBe("'=3");
    expect(csvCell('+3', 'number')).toBe("'+3");
    // In a text column (ids, names) the text "-3" stays text.
    expect(csvCell('-3')).toBe("'-3");
  });

  it('property: no cell read back starts a formula unless it is a plain number in a number column, and removing the added quote gives the value back', () => {
    const text = fc.oneof(fc.string(), fc.constantFrom(...FORMULA_START).chain((start) => fc.string().map((rest) => start + rest)), fc.double({ noNaN: true, noDefaultInfinity: true }).map(String));
    fc.assert(
      fc.property(text, fc.constantFrom('text' as const, 'number' as const), (value, kind) => {
        const cell = read(csvCell(value, kind));
        const plainNumber = /^-?\d+(\.\d+)?$/.test(value);
        if (kind === 'number' && plainNumber) {
          expect(cell).toBe(value);
        } else {
          expect(FORMULA_START.includes(cell[0] ?? '')).toBe(false);
          expect(FORMULA_START.includes(value[0] ?? '') ? cell.slice(1) : cell).toBe(value);
        }
      }),
      { numRuns: propertyRuns(500) },
    );
  });

  it('property: a value that is not a string, or a kind that is neither text nor number, is invalid input naming the argument', () => {
    fc.assert(
      fc.property(fc.anything().filter((value) => typeof value !== 'string'), (value) => {
        expectInvalidInputAt(() => csvCell(value as string), ['value']);
      }),
      { numRuns: propertyRuns(200) },
    );
    fc.assert(
      fc.property(fc.anything().filter((kind) => kind !== 'text' && kind !== 'number' && kind !== undefined), (kind) => {
        expectInvalidInputAt(() => csvCell('x', kind as 'text'), ['kind']);
      }),
      { numRuns: propertyRuns(200) },
    );
  });
});
