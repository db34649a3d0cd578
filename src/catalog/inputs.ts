/**
 * The documented shapes of the catalog's inputs, identical to the input types of their schemas
 * (`test/input-types.test.ts` checks it).
 *
 * @module
 */
import type { InstantInput } from '../time.js';
import type { AbcClass, Tracking } from './types.js';

/** A pack as `catalog.defineItem` accepts it: `factor` base units per pack. */
export interface PackInput {
  /** The pack's unit code, e.g. `case`; not the base unit, not used twice. */
  uom: string;
  /** Base units per pack, a positive decimal string that fits the base unit's precision, e.g. `"12"`. */
  factor: string;
  /** The pack's own GTIN (check digit validated), so a scan of the pack counts `factor` base units. */
  gtin?: string | undefined;
}

/**
 * Input of `catalog.defineItem`: defines an item or redefines it compatibly.
 *
 * @example
 * ```ts
 * const bolt: ItemInput = { sku: 'A-100', name: 'Hex bolt M8', baseUom: 'ea', packs: [{ uom: 'case', factor: '12' }], abcClass: 'A' };
 * ```
 */
export interface ItemInput {
  /** The stock-keeping unit code. */
  sku: string;
  /** A readable name, up to 500 characters. */
  name?: string | undefined;
  /** The unit the ledger counts in; must be in the engine's unit table (`createStocktake({ units })`) unless `decimals` is given. */
  baseUom: string;
  /** Decimal places of the base unit, 0 to 12; the unit table's value when omitted. */
  decimals?: number | undefined;
  /** The GTIN of one base unit. */
  gtin?: string | undefined;
  /** Packs that convert to the base unit (up to 20); none by default. */
  packs?: PackInput[] | undefined;
  /** `none` (default), `lot` or `serial`: whether the lot or serial is part of the stock key. */
  tracking?: Tracking | undefined;
  /** Cost of one base unit, a decimal string, for variance values. */
  unitCost?: string | undefined;
  /** ABC class, for tolerances and cycle counting. */
  abcClass?: AbcClass | undefined;
  /** Skus easily mistaken for this one, for mix-up attribution (up to 50, not itself). */
  lookAlikes?: string[] | undefined;
  /** Whether the ledger accepts a negative balance of this item (default `false`). */
  allowNegative?: boolean | undefined;
  /** Who defines it, for the audit log; `system` when omitted. */
  actor?: string | undefined;
}

/** Input of `catalog.defineLocation`: a node of the location hierarchy, its id its path. */
export interface LocationInput {
  /** The path, e.g. `WH1/A/01`: `/`-separated segments, none empty, `.` or `..`. */
  id: string;
  /** A readable name, up to 500 characters. */
  name?: string | undefined;
  /** What the node is. */
  kind?: 'warehouse' | 'zone' | 'aisle' | 'bin' | 'other' | undefined;
  /** Who defines it, for the audit log; `system` when omitted. */
  actor?: string | undefined;
}

/** Input of `catalog.assignCustodians`: who answers for a location subtree from a moment on. */
export interface CustodianInput {
  /** The subtree's root. */
  location: string;
  /** Who answers for it (up to 50); an empty list hands it back to nobody. */
  custodians: string[];
  /** From when. */
  from: InstantInput;
  /** Who makes the assignment. */
  actor: string;
}
