/**
 * Deterministic synthetic warehouses for the benchmarks: a seeded PRNG, a layout of stock keys
 * over zones and bins, and catalog setup through the public API.
 */
import { createStocktake, type Stocktake } from '../src/index.js';
import { createManualClock, createSequentialIds, type ManualClock } from '../src/testing/index.js';

/** A small, fast, seeded PRNG (mulberry32). */
export function createRandom(seed: number): { next(): number; int(maxExclusive: number): number } {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (maxExclusive) => Math.floor(next() * maxExclusive) };
}

/** Keys per bin and bins per zone of every synthetic warehouse. */
export const KEYS_PER_LOCATION = 10;
export const LOCATIONS_PER_ZONE = 250;
/** Keys per item (each item is stocked at about this many bins). */
export const KEYS_PER_ITEM = 8;

/** A stock key of a synthetic warehouse. */
export interface BenchKey {
  readonly index: number;
  readonly sku: string;
  readonly location: string;
  /** `sku@location`, the map key the baselines use. */
  readonly id: string;
}

/** The layout of a synthetic warehouse. */
export interface Layout {
  readonly keys: readonly BenchKey[];
  readonly skus: readonly string[];
  /** Locations in walking order (the order `compareLocationPaths` sorts them in). */
  readonly locations: readonly string[];
  /** The keys at each location, by location index. */
  readonly keysAt: readonly (readonly BenchKey[])[];
  /** The keys of each item, by sku. */
  readonly keysOf: ReadonlyMap<string, readonly BenchKey[]>;
  readonly zones: number;
}

const pad = (value: number, width: number): string => String(value).padStart(width, '0');

/**
 * Lays `keyCount` stock keys out over bins of {@link KEYS_PER_LOCATION} keys, zones of
 * {@link LOCATIONS_PER_ZONE} bins, and `keyCount / KEYS_PER_ITEM` items, so a bigger warehouse
 * has more zones, bins and items at the same density. Location ids look like `WH1/Z003/07/12`.
 *
 * @param keyCount - the number of stock keys
 * @returns the layout
 */
export function layout(keyCount: number): Layout {
  const itemCount = Math.max(KEYS_PER_LOCATION, Math.ceil(keyCount / KEYS_PER_ITEM));
  const skus = Array.from({ length: itemCount }, (_, i) => `SKU-${pad(i, 7)}`);
  const locationCount = Math.ceil(keyCount / KEYS_PER_LOCATION);
  const locations: string[] = [];
  for (let l = 0; l < locationCount; l++) {
    const zone = Math.floor(l / LOCATIONS_PER_ZONE);
    const inZone = l % LOCATIONS_PER_ZONE;
    locations.push(`WH1/Z${pad(zone, 3)}/${pad(Math.floor(inZone / 25), 2)}/${pad(inZone % 25, 2)}`);
  }
  const keys: BenchKey[] = [];
  const keysAt: BenchKey[][] = locations.map(() => []);
  const keysOf = new Map<string, BenchKey[]>();
  for (let k = 0; k < keyCount; k++) {
    const l = Math.floor(k / KEYS_PER_LOCATION);
    // Consecutive keys of a bin are distinct items; an item recurs every `itemCount` keys.
    const sku = skus[k % itemCount]!;
    const location = locations[l]!;
    const key: BenchKey = { index: k, sku, location, id: `${sku}@${location}` };
    keys.push(key);
    keysAt[l]!.push(key);
    const list = keysOf.get(sku);
    if (list) list.push(key);
    else keysOf.set(sku, [key]);
  }
  return { keys, skus, locations, keysAt, keysOf, zones: Math.ceil(locationCount / LOCATIONS_PER_ZONE) };
}

/** An engine over a defined catalog, with a manual clock. */
export interface World {
  readonly st: Stocktake;
  readonly clock: ManualClock;
  readonly layout: Layout;
}

/** The moment every synthetic world starts at. */
export const START = Date.parse('2026-03-02T06:00:00.000Z');

/** ISO instant `ms` milliseconds after {@link START}. */
export function instant(ms: number): string {
  return new Date(START + ms).toISOString();
}

/**
 * Creates an in-memory engine (or one over the given storage) and defines the layout's items
 * and locations through the catalog API.
 *
 * @param keys - the layout
 * @param options - storage and engine options passed to `createStocktake`
 * @returns the world
 */
export async function createWorld(keys: Layout, options: Parameters<typeof createStocktake>[0] = {}): Promise<World> {
  const clock = createManualClock(instant(0));
  const st = createStocktake({ clock, ids: createSequentialIds(), ...options });
  const classes = ['A', 'B', 'C'] as const;
  for (const [i, sku] of keys.skus.entries()) {
    await st.catalog.defineItem({ sku, baseUom: 'ea', unitCost: `${1 + (i % 50)}.25`, abcClass: classes[i % 3]! });
  }
  for (const id of keys.locations) await st.catalog.defineLocation({ id });
  return { st, clock, layout: keys };
}
