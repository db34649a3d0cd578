import { describe, expect, it } from 'vitest';
import { sharedInstant, toInstant, type Instant } from '../src/time.js';

describe('sharedInstant', () => {
  // Which copy of equal strings is returned cannot be observed from JavaScript (the heap
  // snapshot of the ledger benchmark shows it); the value must be the instant's either way.
  it('gives an equal instant for an equal text, and the instant itself for another', () => {
    const known = toInstant(new Date('2026-03-02T10:00:00Z'));
    const equal = ['2026-03-02T10:00:00', '.000Z'].join('') as Instant;
    expect(sharedInstant(equal, known)).toBe(known);
    const other = toInstant(new Date('2026-03-02T10:00:01Z'));
    expect(sharedInstant(other, known)).toBe(other);
  });
});
