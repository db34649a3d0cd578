import type { DecimalString } from '../quantity/decimal.js';
import type { Instant } from '../time.js';
import type { StockKey } from './key.js';

/** What a movement does: the kinds a caller posts, plus `count_adjustment` that only a count posts. */
export type MovementKind = 'receipt' | 'issue' | 'transfer' | 'adjustment' | 'count_adjustment';

/** One line of a stored movement, in base units. */
export interface MovementLine {
  /** The item. */
  readonly sku: string;
  /** Where the stock came from (issues, transfers, losses). */
  readonly from?: string;
  /** Where the stock went (receipts, transfers, gains). */
  readonly to?: string;
  /** The quantity in the item's base unit. */
  readonly qty: DecimalString;
  /** The lot, for lot-tracked items. */
  readonly lot?: string;
  /** The serial number, for serial-tracked items. */
  readonly serial?: string;
  /** The quantity as entered, when it was entered in a pack. */
  readonly enteredQty?: DecimalString;
  /** The unit as entered, when it was a pack. */
  readonly enteredUom?: string;
  /** The unit cost a count adjustment was valued at (the cost in effect at its count time). */
  readonly unitCost?: DecimalString;
}

/** An append-only ledger record. */
export interface Movement {
  /** The caller's id, which is also the idempotency key. */
  readonly id: string;
  /** Store-wide order in which the engine accepted movements. */
  readonly seq: number;
  /** What the movement does. */
  readonly kind: MovementKind;
  /** When it physically happened (business time). */
  readonly occurredAt: Instant;
  /** When the engine recorded it. */
  readonly recordedAt: Instant;
  /** Who did it. */
  readonly actor: string;
  /** A document reference (order, delivery note). */
  readonly reference?: string;
  /** Free-text reason. */
  readonly reason?: string;
  /** A reason code (count adjustments carry the approved one). */
  readonly reasonCode?: string;
  /** The emergency lane: why this movement was allowed through a frozen count. */
  readonly override?: { readonly reason: string };
  /** The count session that posted it (count adjustments only). */
  readonly sessionId?: string;
  /** The lines, atomic together. */
  readonly lines: readonly MovementLine[];
  /** Canonical form of the submitted input, compared when the same id is submitted again. */
  readonly fingerprint: string;
}

/** A change of one key's balance by one movement line: lines become one or two postings. */
export interface Posting {
  /** The movement. */
  readonly movementId: string;
  /** The movement's store order. */
  readonly seq: number;
  /** The line within the movement. */
  readonly lineIndex: number;
  /** The key. */
  readonly key: StockKey;
  /** Signed change in base units. */
  readonly delta: DecimalString;
  /** The movement's business time. */
  readonly occurredAt: Instant;
  /** The movement's record time. */
  readonly recordedAt: Instant;
  /** The movement's kind. */
  readonly kind: MovementKind;
  /** The movement's actor. */
  readonly actor: string;
}

/** The current quantity of a key. */
export interface Balance {
  /** The key. */
  readonly key: StockKey;
  /** Quantity in base units, all movements included. */
  readonly qty: DecimalString;
  /**
   * Number of postings applied to this key: a per-key version that tells "has anything touched
   * this key since I looked" without relying on store-wide sequence order.
   */
  readonly version: number;
  /** The latest business time of the key's postings: when its book last changed. */
  readonly lastOccurredAt: Instant;
}

/** Filter of `ledger.balances`. */
export interface BalanceFilter {
  /** Only this item. */
  readonly sku?: string | undefined;
  /** Only locations in this subtree. */
  readonly location?: string | undefined;
  /** Only this lot. */
  readonly lot?: string | undefined;
  /** Only this serial number. */
  readonly serial?: string | undefined;
  /** Include keys whose balance is zero. */
  readonly includeZero?: boolean | undefined;
}

/** Filter of `ledger.movements` and of posting queries. */
export interface MovementFilter {
  /** Only movements with a line of this item. */
  readonly sku?: string | undefined;
  /** Only movements with a line touching this subtree. */
  readonly location?: string | undefined;
  /** Only movements of these kinds. */
  readonly kinds?: readonly MovementKind[] | undefined;
  /** Only movements with `seq` greater than this (paging). */
  readonly afterSeq?: number | undefined;
  /** Only movements that happened at or after this time. */
  readonly occurredFrom?: Instant | undefined;
  /** Only movements that happened at or before this time. */
  readonly occurredTo?: Instant | undefined;
  /** At most this many. */
  readonly limit?: number | undefined;
}

/** Filter of posting queries used by counts: postings of some keys, optionally in a time range. */
export interface PostingFilter {
  /** Only postings of these keys. */
  readonly keys?: readonly StockKey[] | undefined;
  /** Only postings of these items. */
  readonly skus?: readonly string[] | undefined;
  /** Only postings at locations in this subtree. */
  readonly location?: string | undefined;
  /** Only postings that happened at or after this time. */
  readonly occurredFrom?: Instant | undefined;
  /** Only postings that happened at or before this time. */
  readonly occurredTo?: Instant | undefined;
  /** Only postings recorded after this time. */
  readonly recordedAfter?: Instant | undefined;
}

/**
 * The outcome of posting one movement. Checked in this order, the first that applies wins:
 * `exists` / `exists_with_different_payload` (the id is checked before anything else, so a retry
 * is answered the same way whatever changed since), then per line in order `item_not_found`,
 * `location_not_found`, `unknown_uom`, `invalid_quantity`, `lot_required`, `serial_required`,
 * `tracking_not_allowed`, `serial_quantity`, then `frozen`, `backdated`, and last, per key of
 * the movement, `insufficient_stock` (the key would be below zero at some moment from the
 * movement's date on, also when the movement is dated before later ones) and `serial_in_stock`
 * (the serial would be in stock twice at one place), then `serial_elsewhere` (the serial would be
 * in stock at two places at once at some moment from the movement's date on). Only `created`
 * writes anything.
 */
export type PostResultCode =
  | 'created'
  | 'exists'
  | 'exists_with_different_payload'
  | 'item_not_found'
  | 'location_not_found'
  | 'unknown_uom'
  | 'invalid_quantity'
  | 'lot_required'
  | 'serial_required'
  | 'tracking_not_allowed'
  | 'serial_quantity'
  | 'frozen'
  | 'backdated'
  | 'insufficient_stock'
  | 'serial_in_stock'
  | 'serial_elsewhere';

/** The result of `ledger.post`. */
export interface PostResult {
  /** The movement id. */
  readonly id: string;
  /** The outcome. */
  readonly result: PostResultCode;
  /** The stored movement, for `created` and `exists`. */
  readonly movement?: Movement;
  /** The line the outcome is about, for line-level outcomes. */
  readonly lineIndex?: number;
  /** A sentence for people. */
  readonly message?: string;
  /** Details for programs, e.g. the session that froze a key or the available quantity. */
  readonly details?: Readonly<Record<string, unknown>>;
}
