import type { DecimalString } from '../quantity/decimal.js';
import type { Instant } from '../time.js';

/** A pack of an item: `factor` base units per pack. */
export interface Pack {
  /** The pack's unit code, e.g. `case`. */
  readonly uom: string;
  /** Base units per pack, e.g. `"12"`. */
  readonly factor: DecimalString;
  /** The pack's own GTIN, when it carries one. */
  readonly gtin?: string;
}

/** How an item's units are told apart. */
export type Tracking = 'none' | 'lot' | 'serial';

/** An ABC class. */
export type AbcClass = 'A' | 'B' | 'C';

/** A stock-keeping unit as stored. */
export interface Item {
  /** The stock-keeping unit code. */
  readonly sku: string;
  /** A readable name. */
  readonly name?: string;
  /** The unit the ledger counts in. */
  readonly baseUom: string;
  /** Decimal places of the base unit (from the item or the engine's unit table). */
  readonly decimals: number;
  /** The GTIN of one base unit, when it carries one. */
  readonly gtin?: string;
  /** Packs that convert to the base unit. */
  readonly packs: readonly Pack[];
  /** Tracking mode: `lot` and `serial` make the lot or serial part of the stock key. */
  readonly tracking: Tracking;
  /** Cost of one base unit, used for variance values. */
  readonly unitCost?: DecimalString;
  /** ABC class, used by tolerances and cycle counting. */
  readonly abcClass?: AbcClass;
  /** Items easily mistaken for this one (for mix-up attribution). */
  readonly lookAlikes: readonly string[];
  /** Whether the ledger accepts a negative balance for this item. */
  readonly allowNegative: boolean;
}

/** A node of the location hierarchy; its id is its path. */
export interface Location {
  /** The path, e.g. `WH1/A/01/3`. */
  readonly id: string;
  /** A readable name. */
  readonly name?: string;
  /** What the node is. */
  readonly kind?: 'warehouse' | 'zone' | 'aisle' | 'bin' | 'other';
}

/** An item's unit cost from a moment on: one entry of its cost history. */
export interface UnitCost {
  /** Store order, from 1. */
  readonly seq: number;
  /** The item. */
  readonly sku: string;
  /** The cost of one base unit, in the caller's currency. */
  readonly unitCost: DecimalString;
  /** When the cost takes effect (inclusive). */
  readonly from: Instant;
  /** Who set it. */
  readonly actor: string;
  /** When it was recorded. */
  readonly recordedAt: Instant;
}

/** From `from` on, `custodians` answer for the location subtree (an empty list hands it back). */
export interface CustodianAssignment {
  /** Store order of assignments. */
  readonly seq: number;
  /** The subtree's root. */
  readonly location: string;
  /** Who answers for it; empty means nobody. */
  readonly custodians: readonly string[];
  /** From when. */
  readonly from: Instant;
  /** Who made the assignment. */
  readonly actor: string;
  /** When the engine recorded it. */
  readonly recordedAt: Instant;
}
