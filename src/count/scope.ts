import { compareLocationPaths, isWithin } from '../catalog/location-path.js';
import type { Item } from '../catalog/types.js';
import { stockKeyId, type StockKey } from '../ledger/key.js';
import type { CountScope, CountSession } from './types.js';

/** A scope as the caller gives it. */
export interface ScopeInput {
  readonly locations?: readonly string[] | undefined;
  readonly skus?: readonly string[] | undefined;
  readonly abcClasses?: ReadonlyArray<'A' | 'B' | 'C'> | undefined;
  readonly keys?: ReadonlyArray<{ readonly sku: string; readonly location: string }> | undefined;
}

/**
 * Resolves a scope to the concrete locations counted, in walking order: the defined locations
 * in the given subtrees; for explicit keys, their locations; for items alone, the locations
 * that hold them.
 *
 * @internal
 */
export function resolveScope(
  input: ScopeInput,
  definedLocations: readonly string[],
  holding: ReadonlyArray<{ readonly key: StockKey }>,
  items: ReadonlyMap<string, Item>,
): CountScope {
  let locations: string[];
  if (input.keys && input.keys.length > 0) {
    locations = [...new Set(input.keys.map((key) => key.location))];
  } else if (input.locations && input.locations.length > 0) {
    const roots = input.locations;
    locations = definedLocations.filter((location) => roots.some((root) => isWithin(location, root)));
  } else {
    const filter = { ...input, locations: undefined } satisfies ScopeInput;
    locations = [
      ...new Set(
        holding
          .filter(({ key }) => {
            const item = items.get(key.sku);
            return item !== undefined && matchesItem(filter, item);
          })
          .map(({ key }) => key.location),
      ),
    ];
  }
  const narrowed = input.skus !== undefined || input.abcClasses !== undefined;
  return {
    locations: locations.sort(compareLocationPaths),
    ...(input.skus ? { skus: [...input.skus] } : {}),
    ...(input.abcClasses ? { abcClasses: [...input.abcClasses] } : {}),
    ...(input.keys ? { keys: input.keys.map((key) => ({ sku: key.sku, location: key.location })) } : {}),
    // Items resolve now: a scope never changes with later catalog edits (an item reclassified
    // mid-count keeps its line; one classified into the scope later stays out).
    ...(narrowed ? { items: [...items.values()].filter((item) => matchesItem(input, item)).map((item) => item.sku).sort() } : {}),
  };
}

/**
 * Tells whether a key belongs to a resolved scope: its location is counted and its item is one
 * the scope resolved to at opening. Explicit keys match by item and location, so every lot and
 * serial of a listed item at a listed location is counted.
 *
 * @internal
 */
export function createScopeFilter(scope: CountScope): (key: StockKey) => boolean {
  const locations = new Set(scope.locations);
  const pairs = scope.keys ? new Set(scope.keys.map((key) => stockKeyId({ sku: key.sku, location: key.location }))) : undefined;
  const items = scope.items ? new Set(scope.items) : undefined;
  return (key) =>
    locations.has(key.location) &&
    (pairs === undefined || pairs.has(stockKeyId({ sku: key.sku, location: key.location }))) &&
    (items === undefined || items.has(key.sku));
}

function matchesItem(scope: ScopeInput, item: Item): boolean {
  return (
    (scope.skus === undefined || scope.skus.includes(item.sku)) &&
    (scope.abcClasses === undefined || (item.abcClass !== undefined && scope.abcClasses.includes(item.abcClass)))
  );
}

const filters = new WeakMap<CountSession, (key: StockKey) => boolean>();

/**
 * The scope filter of a stored session, built once per session object: recording an entry must
 * not rebuild a set of every location in a large count.
 *
 * @internal
 */
export function scopeFilterOf(session: CountSession): (key: StockKey) => boolean {
  let filter = filters.get(session);
  if (!filter) {
    filter = createScopeFilter(session.scope);
    filters.set(session, filter);
  }
  return filter;
}

/**
 * Where two resolved scopes share keys: the locations both count at which some item is in both.
 * A key belongs to at most one open session, so a new session whose scope overlaps an open one's
 * is refused.
 *
 * @param a - a resolved scope
 * @param b - another resolved scope
 * @returns the shared locations, in `a`'s order (empty when the scopes are disjoint)
 * @internal
 */
export function overlappingLocations(a: CountScope, b: CountScope): string[] {
  const inB = new Set(b.locations);
  const itemsOfA = scopeItemsAt(a);
  const itemsOfB = scopeItemsAt(b);
  return a.locations.filter((location) => {
    if (!inB.has(location)) return false;
    const x = itemsOfA(location);
    const y = itemsOfB(location);
    if (x === undefined) return y === undefined || y.size > 0;
    if (y === undefined) return x.size > 0;
    return [...x].some((sku) => y.has(sku));
  });
}

/**
 * The items a scope counts at each of its locations; `undefined` for every item.
 *
 * @internal
 */
export function scopeItemsAt(scope: CountScope): (location: string) => ReadonlySet<string> | undefined {
  const items = scope.items ? new Set(scope.items) : undefined;
  if (!scope.keys) return () => items;
  const byLocation = new Map<string, Set<string>>();
  for (const key of scope.keys) {
    if (items && !items.has(key.sku)) continue;
    let skus = byLocation.get(key.location);
    if (!skus) byLocation.set(key.location, (skus = new Set()));
    skus.add(key.sku);
  }
  return (location) => byLocation.get(location) ?? new Set();
}
