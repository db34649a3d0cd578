import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { auditEventText, hashTextNow, hashWithWebCrypto } from '../../src/audit/hash.js';
import { canonicalJson } from '../../src/canonical.js';
import { propertyRuns } from '../support/property.js';

describe('auditEventText', () => {
  it('is the canonical JSON of the event without its hash, whatever its fields hold', () => {
    const field = fc.oneof(fc.string(), fc.integer(), fc.jsonValue(), fc.constant(undefined));
    fc.assert(
      fc.property(
        fc.record({ seq: field, chain: field, at: field, actor: field, action: field, subject: field, data: field, prevHash: field }),
        (event) => {
          const { data, ...rest } = event;
          expect(auditEventText(rest as never, canonicalJson(data))).toBe(canonicalJson(event));
        },
      ),
      { numRuns: propertyRuns(300) },
    );
  });
});

describe('hashTextNow', () => {
  it('property: gives the digest of createHash and of WebCrypto, lone surrogates and all', async () => {
    const text = fc.oneof(fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme' }), fc.string({ unit: fc.constantFrom('\ud800', '\udfff', 'a', '\u20ac') }));
    await fc.assert(
      fc.asyncProperty(text, async (value) => {
        const digest = hashTextNow(value);
        expect(digest).toBe(createHash('sha256').update(value, 'utf8').digest('hex'));
        expect(digest).toBe(await hashWithWebCrypto(value));
      }),
      { numRuns: propertyRuns(100) },
    );
  });

  it('is the known SHA-256 of a text', () => {
    expect(hashTextNow('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(hashTextNow('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });
});
