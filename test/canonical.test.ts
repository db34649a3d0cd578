import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../src/canonical.js';
import { propertyRuns } from './support/property.js';

/** The definition canonicalJson must keep: JSON.stringify of a copy with sorted keys. */
function reference(value: unknown): string {
  const sortKeys = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sortKeys);
    if (v !== null && typeof v === 'object' && !(v instanceof Date)) {
      const entries = Object.entries(v as Record<string, unknown>)
        .filter(([, x]) => x !== undefined)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      return Object.fromEntries(entries.map(([k, x]) => [k, sortKeys(x)]));
    }
    return v;
  };
  return JSON.stringify(sortKeys(value));
}

// 'binary' strings carry quotes, backslashes, control characters and lone surrogates, which JSON escapes.
const textArb = fc.oneof(fc.string(), fc.string({ unit: 'binary' }));
const keyArb = fc.oneof(textArb, fc.constantFrom('0', '1', '10', '9', '01', '-1', '4294967294', '4294967295', '__proto__', 'a', 'B'));
const leafArb = fc.oneof(
  textArb,
  fc.double(),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  fc.date({ noInvalidDate: false }),
  fc.constant(() => 1),
);
const valueArb = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, leafArb, tie('array'), tie('object')),
  array: fc.array(tie('value'), { maxLength: 5 }),
  object: fc.dictionary(keyArb, tie('value'), { maxKeys: 6 }),
})).value;

describe('canonicalJson', () => {
  it('is JSON.stringify of a copy with sorted keys, for any data', () => {
    fc.assert(
      fc.property(valueArb, (value) => {
        expect(canonicalJson(value)).toBe(reference(value));
      }),
      { numRuns: propertyRuns(500) },
    );
  });

  it('gives equal text for objects that differ only in key order', () => {
    fc.assert(
      fc.property(fc.dictionary(keyArb, fc.jsonValue(), { maxKeys: 8 }), (record) => {
        const reversed = Object.fromEntries(Object.entries(record).reverse());
        expect(canonicalJson(reversed)).toBe(canonicalJson(record));
      }),
      { numRuns: propertyRuns(200) },
    );
  });

  it('lists array-index keys first, in numeric order, as a sorted object copy does', () => {
    expect(canonicalJson({ b: 1, 10: 2, 9: 3, a: undefined, f: () => 0 })).toBe('{"9":3,"10":2,"b":1}');
    expect(canonicalJson([undefined, new Date(0)])).toBe('[null,"1970-01-01T00:00:00.000Z"]');
  });
});
