import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { idSchema, isStorableText, locationIdSchema, textSchema } from '../src/index.js';
import { storableTextArb, unstorableTextArb } from '../src/testing/arbitraries.js';
import { unstorableTextPath } from '../src/text.js';
import { propertyRuns } from './support/property.js';

describe('isStorableText', () => {
  it('is exactly "no NUL and well-formed UTF-16" (String.prototype.isWellFormed) over any UTF-16 string', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code)), maxLength: 12 }), (text) => {
        expect(isStorableText(text)).toBe(!text.includes('\u0000') && (text as { isWellFormed(): boolean } & string).isWellFormed());
      }),
      { numRuns: propertyRuns(2000) },
    );
  });

  it('keeps surrogate pairs, tabs, line breaks, noncharacters and the GS separator of GS1 scans', () => {
    for (const text of ['🔩', 'a\tb\nc\r\n', '\uFFFF\uFFFE', '\u001d', 'Ä‍👩‍👩‍👧', '']) expect(isStorableText(text), JSON.stringify(text)).toBe(true);
    for (const text of ['\u0000', 'a\uD800', '\uDC00a', '\uDE00\uD83D']) expect(isStorableText(text), JSON.stringify(text)).toBe(false);
  });
});

describe('textSchema and the id schemas built on it', () => {
  it('refuses every unstorable text with the rule\'s message, ids and location paths alike', () => {
    fc.assert(
      fc.property(unstorableTextArb(), (text) => {
        for (const schema of [textSchema, textSchema.max(500), idSchema, locationIdSchema]) {
          const parsed = schema.safeParse(text);
          expect(parsed.success).toBe(false);
          expect(parsed.error?.issues[0]?.message).toMatch(/NUL characters or unpaired UTF-16 surrogates/);
        }
      }),
      { numRuns: propertyRuns(500) },
    );
  });

  it('accepts every storable text', () => {
    fc.assert(
      fc.property(storableTextArb(), (text) => {
        expect(textSchema.safeParse(text).success).toBe(true);
      }),
      { numRuns: propertyRuns(500) },
    );
  });
});

describe('unstorableTextPath', () => {
  it('finds the first bad string or property name in nested data, and nothing in good data', () => {
    expect(unstorableTextPath({ a: [1, 'ok', { b: 'x\u0000' }] })).toEqual(['a', 2, 'b']);
    expect(unstorableTextPath({ 'k\uD800': 1 })).toEqual(['k\uD800']);
    expect(unstorableTextPath(['\uDC00'])).toEqual([0]);
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const found = unstorableTextPath(value);
        expect(found === undefined).toBe(isStorableText(JSON.stringify(value)));
      }),
      { numRuns: propertyRuns(500) },
    );
  });
});
