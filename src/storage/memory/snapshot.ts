/**
 * A frozen snapshot of plain data that shares what is frozen already: how the memory feed keeps
 * an event without serialising it (see `feed.ts`).
 *
 * @internal
 * @module
 */

/** Deeper than any event the engine emits; a cycle reaches it too, and goes to `JSON.stringify`. */
const MAX_DEPTH = 64;

/** What {@link frozenSnapshot} returns when the value is not plain data. */
const NOT_PLAIN: unique symbol = Symbol('not plain data');

/**
 * A deeply frozen value whose `JSON.stringify` text, now and at any later time, is the one
 * `JSON.stringify(value)` gives now; or `undefined` when the value is not plain data, and the
 * caller keeps the JSON text instead.
 *
 * Plain data: `null`, `undefined`, strings, numbers and booleans, and arrays and objects (of
 * `Object.prototype` or no prototype) of those, with no `toJSON`. A frozen array or object whose
 * contents are themselves frozen is kept as it is, not copied: the memory store freezes every record
 * it stores, so an event that carries a stored movement and its balances costs a copy of its
 * outer object only. Anything not frozen is copied (own enumerable string keys, in their order,
 * as `JSON.stringify` reads them) and the copy frozen, so nothing done to the original later, by a
 * listener for one, changes the snapshot.
 *
 * One assumption: a frozen object holds data properties (an accessor of a frozen object could
 * answer differently later). The engine's records are object literals and spreads, which have none.
 *
 * @param value - the value
 * @returns the snapshot, or `undefined` for anything else (a function, a symbol, a bigint, a Date,
 *   a class instance, a `toJSON`, a cycle or nesting deeper than 64)
 * @internal
 */
export function frozenSnapshot(value: object): object | undefined {
  const snapshot = snapshotOf(value, 0);
  return snapshot === NOT_PLAIN ? undefined : (snapshot as object);
}

function snapshotOf(value: unknown, depth: number): unknown {
  switch (typeof value) {
    case 'string':
    case 'number':
    case 'boolean':
    case 'undefined':
      return value;
    case 'object':
      if (value === null) return value;
      break;
    default:
      return NOT_PLAIN;
  }
  if (depth >= MAX_DEPTH) return NOT_PLAIN;
  const prototype: unknown = Object.getPrototypeOf(value);
  if (prototype === Array.prototype && Array.isArray(value)) return arraySnapshot(value as unknown[], depth);
  if ((prototype === Object.prototype || prototype === null) && (value as { toJSON?: unknown }).toJSON === undefined) {
    return objectSnapshot(value as Record<string, unknown>, depth);
  }
  return NOT_PLAIN;
}

function arraySnapshot(array: readonly unknown[], depth: number): unknown {
  if (!Object.isFrozen(array)) return arrayCopy(array, depth);
  for (let index = 0; index < array.length; index++) {
    const snapshot = snapshotOf(array[index], depth + 1);
    if (snapshot === NOT_PLAIN) return NOT_PLAIN;
    if (snapshot !== array[index]) return arrayCopy(array, depth);
  }
  return array;
}

function arrayCopy(array: readonly unknown[], depth: number): unknown {
  const copy = new Array<unknown>(array.length);
  for (let index = 0; index < array.length; index++) {
    // A hole reads as undefined, which JSON writes as null, as it writes the hole.
    const snapshot = snapshotOf(array[index], depth + 1);
    if (snapshot === NOT_PLAIN) return NOT_PLAIN;
    copy[index] = snapshot;
  }
  return Object.freeze(copy);
}

// `for...in` with `Object.hasOwn` lists the own enumerable string keys in `Object.keys` order (the
// order JSON writes them in) without allocating the array of keys for every object walked.

function objectSnapshot(record: Readonly<Record<string, unknown>>, depth: number): unknown {
  if (!Object.isFrozen(record)) return objectCopy(record, depth);
  for (const key in record) {
    if (!Object.hasOwn(record, key)) continue;
    const snapshot = snapshotOf(record[key], depth + 1);
    if (snapshot === NOT_PLAIN) return NOT_PLAIN;
    if (snapshot !== record[key]) return objectCopy(record, depth);
  }
  return record;
}

function objectCopy(record: Readonly<Record<string, unknown>>, depth: number): unknown {
  const copy: Record<string, unknown> = {};
  for (const key in record) {
    if (!Object.hasOwn(record, key)) continue;
    const snapshot = snapshotOf(record[key], depth + 1);
    if (snapshot === NOT_PLAIN) return NOT_PLAIN;
    // An own `__proto__` key (JSON.parse makes them) is a property, not the copy's prototype.
    if (key === '__proto__') Object.defineProperty(copy, key, { value: snapshot, enumerable: true, writable: true, configurable: true });
    else copy[key] = snapshot;
  }
  return Object.freeze(copy);
}
