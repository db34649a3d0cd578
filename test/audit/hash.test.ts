import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { auditEventText } from '../../src/audit/hash.js';
import { canonicalJson } from '../../src/canonical.js';
import { propertyRuns } from '../support/property.js';

describe('auditEventText', () => {
  it('is the canonical JSON of the event without its hash, whatever its fields hold', () => {
    const field = fc.oneof(fc.string(), fc.integer(), fc.jsonValue(), fc.constant(undefined));
    fc.assert(
      fc.property(
        fc.record({ seq: field, at: field, actor: field, action: field, subject: field, data: field, prevHash: field }),
        (event) => {
          const { data, ...rest } = event;
          expect(auditEventText(rest as never, canonicalJson(data))).toBe(canonicalJson(event));
        },
      ),
      { numRuns: propertyRuns(300) },
    );
  });
});
