/**
 * The memory feed keeps an event as a frozen snapshot and serialises it when read: the snapshot
 * must write the JSON the event wrote when it was appended, whatever happens to the event later,
 * and must share what is frozen already instead of copying it.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { deepFreeze } from '../../../src/freeze.js';
import { frozenSnapshot } from '../../../src/storage/memory/snapshot.js';
import { isDeepFrozen } from '../../../src/testing/conformance/fixtures.js';
import { propertyRuns } from '../../support/property.js';

/** Changes every array and object of a value that is not frozen, at every depth. */
function scramble(value: unknown, seen = new Set<unknown>()): void {
  if (typeof value !== 'object' || value === null || seen.has(value)) return;
  seen.add(value);
  for (const child of Object.values(value)) scramble(child, seen);
  if (Object.isFrozen(value)) return;
  if (Array.isArray(value)) {
    value.push('added');
    value[0] = 'changed';
  } else {
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record)) record[key] = 'changed';
    record['added'] = 1;
  }
}

describe('frozenSnapshot', () => {
  it('shares frozen records and copies only the unfrozen parts around them', () => {
    const movement = deepFreeze({ id: 'm1', lines: [{ sku: 'A', qty: '1' }] });
    const balance = deepFreeze({ key: { sku: 'A', location: 'L' }, qty: '1' });
    const event = { type: 'movement.posted', movement, balances: [balance] };
    const snapshot = frozenSnapshot(event) as typeof event;
    expect(snapshot).not.toBe(event);
    expect(snapshot.balances).not.toBe(event.balances);
    expect(snapshot.movement).toBe(movement);
    expect(snapshot.balances[0]).toBe(balance);
    expect(isDeepFrozen(snapshot)).toBe(true);
    expect(Object.isFrozen(event)).toBe(false);
    expect(Object.isFrozen(event.balances)).toBe(false);
  });

  it('returns a deeply frozen value as it is', () => {
    const value = deepFreeze({ a: [1, { b: 'x' }], c: null });
    expect(frozenSnapshot(value)).toBe(value);
  });

  it('copies a frozen object or array that holds something unfrozen', () => {
    const inner = { b: 1 };
    const object = Object.freeze({ a: inner, z: 'kept' });
    const snapshot = frozenSnapshot(object) as { a: { b: number }; z: string };
    expect(snapshot).not.toBe(object);
    expect(snapshot.a).not.toBe(inner);
    expect(Object.keys(snapshot)).toEqual(['a', 'z']);
    const array = Object.freeze([deepFreeze({ c: 1 }), { d: 2 }]);
    const copied = frozenSnapshot(array) as unknown[];
    expect(copied).not.toBe(array);
    expect(copied[0]).toBe(array[0]);
    expect(copied[1]).not.toBe(array[1]);
    inner.b = 2;
    (array[1] as { d: number }).d = 3;
    expect(JSON.stringify(snapshot)).toBe('{"a":{"b":1},"z":"kept"}');
    expect(JSON.stringify(copied)).toBe('[{"c":1},{"d":2}]');
  });

  it('keeps what JSON writes of holes, undefined, non-finite numbers, null prototypes and own __proto__ keys', () => {
    const parsed = JSON.parse('{"__proto__":{"x":1},"y":2}') as object;
    const bare = Object.assign(Object.create(null) as object, { k: 'v' });
    // eslint-disable-next-line no-sparse-arrays
    const value = { holes: [1, , 3], missing: undefined, nan: Number.NaN, negativeZero: -0, parsed, bare };
    const text = JSON.stringify(value);
    const snapshot = frozenSnapshot(value)!;
    expect(JSON.stringify(snapshot)).toBe(text);
    expect(Object.getPrototypeOf((snapshot as { parsed: object }).parsed)).toBe(Object.prototype);
  });

  it('reads a getter of an unfrozen object once, when it is taken', () => {
    let calls = 0;
    const value = {
      get n() {
        return ++calls;
      },
    };
    const snapshot = frozenSnapshot(value)!;
    expect(JSON.stringify(snapshot)).toBe('{"n":1}');
    expect(JSON.stringify(snapshot)).toBe('{"n":1}');
    expect(calls).toBe(1);
  });

  it('refuses what is not plain data, so the feed keeps its JSON text instead', () => {
    class Point {
      x = 1;
    }
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic['self'] = cyclic;
    let deep: unknown = 'leaf';
    for (let i = 0; i < 70; i++) deep = { deep };
    const refused: unknown[] = [
      { at: new Date(0) },
      { point: new Point() },
      { custom: { toJSON: () => 'x' } },
      { fn: () => 1 },
      { big: 1n },
      { symbol: Symbol('s') },
      [new Map()],
      cyclic,
      deep,
      deepFreeze({ inner: { at: new Date(0) } }),
    ];
    for (const value of refused) expect(frozenSnapshot(value as object)).toBeUndefined();
    class Items extends Array<number> {}
    expect(frozenSnapshot(Items.from([1]))).toBeUndefined();
  });

  it('accepts 64 nested arrays and objects, and refuses 65', () => {
    const nested = (levels: number): object => {
      let deep: unknown = 'leaf';
      for (let i = 0; i < levels; i++) deep = i % 2 === 0 ? { deep } : [deep];
      return deep as object;
    };
    expect(JSON.stringify(frozenSnapshot(nested(64)))).toBe(JSON.stringify(nested(64)));
    expect(frozenSnapshot(nested(65))).toBeUndefined();
  });

  it('property: the snapshot writes the JSON of the value as it was, whatever is changed or frozen later', () => {
    const value = fc.oneof(fc.dictionary(fc.string(), fc.jsonValue()), fc.array(fc.jsonValue()));
    fc.assert(
      fc.property(value, fc.boolean(), (original, freezeSome) => {
        // Freeze part of it, as an event carries frozen stored records among unfrozen parts.
        if (freezeSome) for (const child of Object.values(original)) deepFreeze(child);
        const text = JSON.stringify(original);
        const snapshot = frozenSnapshot(original);
        expect(snapshot).toBeDefined();
        expect(isDeepFrozen(snapshot)).toBe(true);
        expect(JSON.stringify(snapshot)).toBe(text);
        scramble(original);
        expect(JSON.stringify(snapshot)).toBe(text);
      }),
      { numRuns: propertyRuns(500) },
    );
  });
});
