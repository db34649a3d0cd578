/**
 * The documented shapes of the ledger's inputs. Each is identical to the input type of its zod
 * schema (`test/input-types.test.ts` checks it both ways), so editors and the API reference show
 * the fields with their meaning.
 *
 * @module
 */
import type { InstantInput } from '../time.js';

/**
 * One line of a movement: an item, where it comes from and goes to, and how much.
 *
 * @example
 * ```ts
 * const line: MovementLineInput = { sku: 'A-100', to: 'WH1/A/01', qty: '2', uom: 'case' };
 * ```
 */
export interface MovementLineInput {
  /** The item's sku (defined with `catalog.defineItem`). */
  sku: string;
  /** The location the stock leaves: issues, transfers, and adjustments that lose stock. */
  from?: string | undefined;
  /** The location the stock arrives at: receipts, transfers, and adjustments that gain stock. */
  to?: string | undefined;
  /** The quantity, a positive decimal string (`"12"`, `"0.5"`), never rounded: it must fit the unit's precision. */
  qty: string;
  /** The unit of `qty`: the item's base unit (the default) or one of its packs (`case`). */
  uom?: string | undefined;
  /** The lot, required for lot-tracked items and refused for the others. */
  lot?: string | undefined;
  /** The serial number, required for serial-tracked items (quantity 1) and refused for the others. */
  serial?: string | undefined;
}

/**
 * A movement as a caller submits it to `ledger.post`: all lines post or none. A receipt has `to`,
 * an issue `from`, a transfer both (different), an adjustment exactly one.
 *
 * @example
 * ```ts
 * const receipt: MovementInput = {
 *   id: 'rcv-1', kind: 'receipt', actor: 'li', reference: 'PO-4711',
 *   lines: [{ sku: 'A-100', to: 'WH1/A/01', qty: '24' }],
 * };
 * ```
 */
export interface MovementInput {
  /** The idempotency key: posting the same id again returns `exists` and writes nothing. */
  id: string;
  /** What happened: `receipt`, `issue`, `transfer` or `adjustment` (count adjustments are the engine's own). */
  kind: 'receipt' | 'issue' | 'transfer' | 'adjustment';
  /** When it happened (business time); the moment the engine records it when omitted. */
  occurredAt?: InstantInput | undefined;
  /** Who did it. */
  actor: string;
  /** The document it belongs to (order, delivery note), up to 200 characters. */
  reference?: string | undefined;
  /** Why, for adjustments and corrections, up to 500 characters. */
  reason?: string | undefined;
  /** Posts into a key a count has frozen; the reason is audited. */
  override?: { reason: string } | undefined;
  /** The lines, 1 to 10 000. */
  lines: MovementLineInput[];
}
