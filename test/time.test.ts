import { describe, expect, it } from 'vitest';
import { toInstant } from '../src/time.js';

describe('toInstant', () => {
  it('formats each instant as ISO text, the same instant again and again, then others', () => {
    const at = new Date('2026-03-02T10:00:00.123Z');
    expect(toInstant(at)).toBe('2026-03-02T10:00:00.123Z');
    expect(toInstant(new Date(at.getTime()))).toBe('2026-03-02T10:00:00.123Z');
    expect(toInstant(new Date(at.getTime() + 1))).toBe('2026-03-02T10:00:00.124Z');
    expect(toInstant(at)).toBe('2026-03-02T10:00:00.123Z');
  });

  it('throws for an invalid date, also after a valid one', () => {
    expect(toInstant(new Date(0))).toBe('1970-01-01T00:00:00.000Z');
    expect(() => toInstant(new Date(Number.NaN))).toThrow(RangeError);
    expect(() => toInstant(new Date(Number.NaN))).toThrow(RangeError);
  });
});
