import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { deepFreeze } from '../src/freeze.js';
import { propertyRuns } from './support/property.js';

function everyObjectFrozen(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return true;
  return Object.isFrozen(value) && Object.values(value).every(everyObjectFrozen);
}

describe('deepFreeze', () => {
  it('freezes every array and object a value holds and returns the value itself', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const copy = structuredClone(value);
        expect(deepFreeze(value)).toBe(value);
        expect(everyObjectFrozen(value)).toBe(true);
        expect(value).toEqual(copy);
      }),
      { numRuns: propertyRuns(300) },
    );
  });

  it('freezes a shared part once and leaves nothing writable', () => {
    const key = { sku: 'A', location: 'WH1' };
    const lines = [{ key, rounds: [{ counters: ['li'] }] }, { key, rounds: [] }];
    deepFreeze(lines);
    expect(() => {
      (lines[0]!.rounds[0]!.counters as string[]).push('wang');
    }).toThrow(TypeError);
    expect(Object.isFrozen(key)).toBe(true);
  });
});
