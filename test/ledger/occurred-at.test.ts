import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assertOccurredBy, latestOccurredAt } from '../../src/ledger/occurred-at.js';
import { propertyRuns } from '../support/property.js';

describe('business time within reason', () => {
  it('the latest occurredAt is now plus the allowance, capped at the last storable instant', () => {
    const now = new Date('2026-03-02T08:00:00.000Z');
    expect(latestOccurredAt(now, 120_000)).toBe('2026-03-02T08:02:00.000Z');
    expect(latestOccurredAt(now, Number.MAX_SAFE_INTEGER)).toBe('9999-12-31T23:59:59.999Z');
  });

  it('a date is refused exactly when it lies after now plus the allowance, naming the path', () => {
    const now = new Date('2026-03-02T08:00:00.000Z');
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000 }), fc.integer({ min: -10_000_000, max: 20_000_000 }), (allowanceMs, offsetMs) => {
        const occurredAt = new Date(now.getTime() + offsetMs).toISOString();
        const check = () => assertOccurredBy(occurredAt, latestOccurredAt(now, allowanceMs), allowanceMs, [3, 'occurredAt']);
        if (offsetMs <= allowanceMs) expect(check).not.toThrow();
        else expect(check).toThrow(expect.objectContaining({ code: 'occurred_in_future', path: [3, 'occurredAt'] }));
      }),
      { numRuns: propertyRuns(1000) },
    );
    expect(() => assertOccurredBy(undefined, latestOccurredAt(now, 0), 0, ['occurredAt'])).not.toThrow();
  });
});
