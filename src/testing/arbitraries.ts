/**
 * fast-check arbitraries for property tests of code that embeds stocktake: skus, locations, items,
 * quantities, movements, and text every storage adapter can (or cannot) store. Needs `fast-check`
 * (an optional peer dependency) installed beside stocktake.
 *
 * @example
 * ```ts
 * import fc from 'fast-check';
 * import { movementInputArb } from 'stocktake/testing/arbitraries';
 *
 * fc.assert(fc.property(movementInputArb(), (movement) => movement.lines.length > 0));
 * ```
 *
 * @module stocktake/testing/arbitraries
 */
import fc from 'fast-check';
import type { ItemInput, LocationInput } from '../catalog/schemas.js';
import type { MovementInput } from '../ledger/schemas.js';
import { isStorableText } from '../text.js';

/**
 * Skus like `SKU-07`.
 *
 * @param count - how many distinct skus the arbitrary draws from
 * @returns an arbitrary of skus
 * @example
 * ```ts
 * fc.sample(skuArb(5), 3); // ['SKU-02', 'SKU-00', 'SKU-04']
 * ```
 */
export function skuArb(count = 20): fc.Arbitrary<string> {
  return fc.integer({ min: 0, max: count - 1 }).map((n) => `SKU-${String(n).padStart(2, '0')}`);
}

/**
 * Location paths like `WH1/A/03` (warehouse / zone / bin).
 *
 * @returns an arbitrary of location paths
 * @example
 * ```ts
 * fc.sample(locationIdArb(), 1); // ['WH2/B/07']
 * ```
 */
export function locationIdArb(): fc.Arbitrary<string> {
  return fc
    .tuple(fc.constantFrom('WH1', 'WH2'), fc.constantFrom('A', 'B', 'C'), fc.integer({ min: 1, max: 12 }))
    .map(([wh, zone, bin]) => `${wh}/${zone}/${String(bin).padStart(2, '0')}`);
}

/**
 * A positive quantity with at most `decimals` decimal places, as a decimal string.
 *
 * @param decimals - decimal places
 * @param max - the largest whole part
 * @returns an arbitrary of decimal strings
 * @example
 * ```ts
 * fc.sample(quantityArb(3), 2); // ['12.5', '0.004']
 * ```
 */
export function quantityArb(decimals = 0, max = 1000): fc.Arbitrary<string> {
  const scale = 10 ** decimals;
  return fc.integer({ min: 1, max: max * scale }).map((n) => {
    const whole = Math.floor(n / scale);
    const fraction = String(n % scale).padStart(decimals, '0').replace(/0+$/, '');
    return fraction.length > 0 ? `${whole}.${fraction}` : String(whole);
  });
}

/**
 * Item definitions in `ea` without tracking, some with a case pack.
 *
 * @param sku - the arbitrary of skus to use
 * @returns an arbitrary of item inputs
 * @example
 * ```ts
 * fc.sample(itemInputArb(), 1); // [{ sku: 'SKU-03', baseUom: 'ea', packs: [...] }]
 * ```
 */
export function itemInputArb(sku: fc.Arbitrary<string> = skuArb()): fc.Arbitrary<ItemInput> {
  return fc.record({
    sku,
    baseUom: fc.constant('ea'),
    packs: fc.boolean().map((withCase) => (withCase ? [{ uom: 'case', factor: '12' }] : [])),
    unitCost: fc.integer({ min: 0, max: 10_000 }).map((cents) => (cents / 100).toFixed(2)),
  });
}

/**
 * Location definitions.
 *
 * @returns an arbitrary of location inputs
 * @example
 * ```ts
 * fc.sample(locationInputArb(), 1); // [{ id: 'WH1/C/11' }]
 * ```
 */
export function locationInputArb(): fc.Arbitrary<LocationInput> {
  return locationIdArb().map((id) => ({ id }));
}

/** Options of {@link movementInputArb}. */
export interface MovementInputArbOptions {
  /** Skus to move (defined items). */
  readonly skus: readonly string[];
  /** Locations to move between (defined locations, at least two). */
  readonly locations: readonly string[];
  /** Ids to draw from; a small pool makes retries and id collisions likely. */
  readonly id?: fc.Arbitrary<string>;
  /** Actors to draw from. */
  readonly actors?: readonly string[];
}

/**
 * Valid movements of every caller kind over given skus and locations, with one to three lines in
 * the base unit. Whether a movement is accepted still depends on the stock at the time.
 *
 * @param options - the skus, locations, id pool and actors
 * @returns an arbitrary of movement inputs
 * @example
 * ```ts
 * fc.sample(movementInputArb({ skus: ['A'], locations: ['WH1/A/01', 'WH1/A/02'] }), 1);
 * ```
 */
export function movementInputArb(options: MovementInputArbOptions): fc.Arbitrary<MovementInput> {
  const sku = fc.constantFrom(...options.skus);
  const location = fc.constantFrom(...options.locations);
  const qty = quantityArb(0, 50);
  const id = options.id ?? fc.uuid().map((uuid) => `mv-${uuid}`);
  const actor = fc.constantFrom(...(options.actors ?? ['li', 'wang', 'zhao']));
  const line = (kind: MovementInput['kind']) =>
    fc.tuple(sku, location, location, qty, fc.boolean()).map(([s, from, to, q, gain]) => {
      switch (kind) {
        case 'receipt':
          return { sku: s, to, qty: q };
        case 'issue':
          return { sku: s, from, qty: q };
        case 'transfer':
          return { sku: s, from, to: from === to ? otherThan(options.locations, from) : to, qty: q };
        default:
          return gain ? { sku: s, to, qty: q } : { sku: s, from, qty: q };
      }
    });
  return fc
    .constantFrom<MovementInput['kind']>('receipt', 'issue', 'transfer', 'adjustment')
    .chain((kind) =>
      fc.record({
        id,
        kind: fc.constant(kind),
        actor,
        lines: fc.array(line(kind), { minLength: 1, maxLength: 3 }),
      }),
    );
}

function otherThan(locations: readonly string[], location: string): string {
  return locations.find((candidate) => candidate !== location) ?? location;
}

/**
 * Text no adapter can store as it is: a NUL character, an unpaired high surrogate or an unpaired
 * low surrogate, between a `prefix` and a `suffix` of letters and digits (so the text is wrong for
 * that reason alone, and a surrogate never pairs with its neighbours).
 *
 * @param prefix - what comes before the bad character; `X` with up to 6 letters or digits by default
 * @param suffix - what comes after it; the same by default
 * @returns an arbitrary of unstorable strings
 * @example
 * ```ts
 * fc.sample(unstorableTextArb(), 2); // ['Xa1\u0000X', 'X\ud8ffB7X']
 * ```
 */
export function unstorableTextArb(prefix: fc.Arbitrary<string> = plainArb(), suffix: fc.Arbitrary<string> = plainArb()): fc.Arbitrary<string> {
  const bad = fc.oneof(
    fc.constant('\u0000'),
    fc.integer({ min: 0xd800, max: 0xdbff }).map((code) => String.fromCharCode(code)),
    fc.integer({ min: 0xdc00, max: 0xdfff }).map((code) => String.fromCharCode(code)),
  );
  return fc.tuple(prefix, bad, suffix).map(([before, character, after]) => `${before}${character}${after}`);
}

/**
 * Text every adapter stores and returns unchanged: any Unicode characters (emoji, other scripts,
 * combining marks, tabs and line breaks, noncharacters) except NUL and unpaired surrogates.
 *
 * @param maxLength - the most characters (code points)
 * @returns an arbitrary of storable strings
 * @example
 * ```ts
 * fc.sample(storableTextArb(8), 1); // ['蔵\t🔩ä']
 * ```
 */
export function storableTextArb(maxLength = 40): fc.Arbitrary<string> {
  return fc.string({ unit: 'binary', maxLength }).filter(isStorableText);
}

function plainArb(): fc.Arbitrary<string> {
  return fc.stringMatching(/^[A-Za-z0-9]{0,6}$/).map((text) => `X${text}`);
}
