import type { Item, Location } from '../catalog/types.js';
import { convertToBase } from '../quantity/convert.js';
import { D, formatDecimal, type Dec } from '../quantity/decimal.js';
import { serialId, type LedgerHistory } from './history.js';
import type { Instant } from '../time.js';
import { stockKeyId, type StockKey } from './key.js';
import { applyWholePostings } from './apply-whole.js';
import type { Balance, Movement, MovementKind, MovementLine, Posting, PostResultCode } from './types.js';

/** A movement about to be stored, before balances are checked. */
export interface DraftMovement {
  /** The movement without its sequence. */
  readonly movement: Omit<Movement, 'seq'>;
  /** One posting per side of each line. */
  readonly postings: ReadonlyArray<Omit<Posting, 'seq'>>;
  /** The distinct keys touched, in lock order. */
  readonly keys: readonly StockKey[];
  /** The id of each key of `keys` ({@link stockKeyId}), computed once for the batch and storage. */
  readonly keyIds: readonly string[];
  /** The key id of each posting of `postings`, in the same order. */
  readonly postingKeyIds: readonly string[];
}

/** A line-level refusal. */
export interface Refusal {
  /** The outcome code. */
  readonly result: Exclude<PostResultCode, 'created' | 'exists'>;
  /** A sentence for people. */
  readonly message: string;
  /** The line it is about. */
  readonly lineIndex?: number;
  /** Details for programs. */
  readonly details?: Readonly<Record<string, unknown>>;
}

/** A line as validated input, before conversion to base units. */
export interface LineInput {
  readonly sku: string;
  readonly from?: string | undefined;
  readonly to?: string | undefined;
  readonly qty: string;
  readonly uom?: string | undefined;
  readonly lot?: string | undefined;
  readonly serial?: string | undefined;
  /** The unit cost the line was valued at (count adjustments). */
  readonly unitCost?: string | undefined;
}

/** The header of a movement as validated input. */
export interface MovementHeader {
  readonly id: string;
  readonly kind: MovementKind;
  readonly occurredAt: Instant;
  readonly recordedAt: Instant;
  readonly actor: string;
  readonly fingerprint: string;
  readonly reference?: string | undefined;
  readonly reason?: string | undefined;
  readonly reasonCode?: string | undefined;
  readonly override?: { readonly reason: string } | undefined;
  readonly sessionId?: string | undefined;
}

/**
 * Checks a movement's lines against the catalog and turns them into base-unit lines and postings.
 * Pure: the caller loads the items and locations the movement names.
 *
 * @internal
 */
export function prepareMovement(
  header: MovementHeader,
  lines: readonly LineInput[],
  items: ReadonlyMap<string, Item>,
  locations: ReadonlyMap<string, Location>,
): DraftMovement | Refusal {
  // Sized to the lines: an array grown by push keeps room for 17, and the store keeps this one.
  const stored: MovementLine[] = new Array<MovementLine>(lines.length);
  const postings: Array<Omit<Posting, 'seq'>> = [];
  const postingKeyIds: string[] = [];
  const keys = new Map<string, StockKey>();
  for (const [lineIndex, line] of lines.entries()) {
    const item = items.get(line.sku);
    if (!item) return { result: 'item_not_found', lineIndex, message: `No item has sku "${line.sku}"` };
    for (const location of [line.from, line.to]) {
      if (location !== undefined && !locations.has(location)) {
        return { result: 'location_not_found', lineIndex, message: `No location has id "${location}"` };
      }
    }
    const converted = convertToBase(item, line.qty, line.uom);
    if (!converted.ok) return { result: converted.code, lineIndex, message: converted.message };
    const tracking = trackingRefusal(item, line, converted.qty);
    if (tracking) return { ...tracking, lineIndex };

    const enteredInPack = line.uom !== undefined && line.uom !== item.baseUom;
    stored[lineIndex] = omitUndefined({
      sku: line.sku,
      from: line.from,
      to: line.to,
      qty: converted.qty,
      lot: line.lot,
      serial: line.serial,
      enteredQty: enteredInPack ? formatDecimal(new D(line.qty)) : undefined,
      enteredUom: enteredInPack ? line.uom : undefined,
      unitCost: line.unitCost,
    });
    const sides: Array<[string | undefined, string]> = [
      [line.from, formatDecimal(new D(converted.qty).neg())],
      [line.to, converted.qty],
    ];
    for (const [location, delta] of sides) {
      if (location === undefined) continue;
      let key = omitUndefined({ sku: line.sku, location, lot: line.lot, serial: line.serial }) as StockKey;
      const id = stockKeyId(key);
      // One key object per key in a movement: its postings and its balance share it.
      const known = keys.get(id);
      if (known === undefined) keys.set(id, key);
      else key = known;
      postingKeyIds.push(id);
      postings.push({
        movementId: header.id,
        lineIndex,
        key,
        delta,
        occurredAt: header.occurredAt,
        recordedAt: header.recordedAt,
        kind: header.kind,
        actor: header.actor,
      });
    }
  }
  const movement = omitUndefined({ ...header, lines: stored }) as Omit<Movement, 'seq'>;
  // Sorting the ids orders the keys as compareStockKeys does, without rebuilding ids per comparison.
  const keyIds = [...keys.keys()].sort();
  return { movement, postings, keys: keyIds.map((id) => keys.get(id)!), keyIds, postingKeyIds };
}

function trackingRefusal(item: Item, line: LineInput, baseQty: string): Omit<Refusal, 'lineIndex'> | undefined {
  if (item.tracking === 'lot' && line.lot === undefined) {
    return { result: 'lot_required', message: `Item ${item.sku} is tracked by lot: the line needs "lot"` };
  }
  if (item.tracking === 'serial' && line.serial === undefined) {
    return { result: 'serial_required', message: `Item ${item.sku} is tracked by serial: the line needs "serial"` };
  }
  if (item.tracking !== 'serial' && line.serial !== undefined) {
    return { result: 'tracking_not_allowed', message: `Item ${item.sku} is not tracked by serial` };
  }
  if (item.tracking === 'none' && line.lot !== undefined) {
    return { result: 'tracking_not_allowed', message: `Item ${item.sku} is not tracked by lot` };
  }
  if (item.tracking === 'serial' && !new D(baseQty).eq(1)) {
    return { result: 'serial_quantity', message: `A serial number stands for exactly one ${item.baseUom}` };
  }
  return undefined;
}

/** The balances a draft's postings give, with the ids of their keys. */
export interface AppliedPostings {
  /** The new balance of every key the draft touches, in the order of the key's first posting. */
  readonly balances: readonly Balance[];
  /** The key id of each balance, in the same order. */
  readonly keyIds: readonly string[];
}

/**
 * Applies a draft's postings to the current balances of its keys, refusing it when a key would be
 * below zero at any moment from the movement's date on (for an item that does not allow it), a
 * serial would be in stock twice at a place (`serial_in_stock`), or a serial would be in stock at
 * two places at once (`serial_elsewhere`). A movement dated before later ones is checked against
 * each of them through `history`: a receipt of 10 at 11:00 does not pay for an issue at 10:00.
 *
 * Whole quantities of keys without serials or earlier-dated history take an arithmetic of safe
 * integers ({@link applyWholePostings}); anything else, or a sum that leaves the safe range, the
 * decimal one. Both give the same result.
 *
 * @internal
 */
export function applyPostings(
  draft: DraftMovement,
  current: ReadonlyMap<string, Balance>,
  items: ReadonlyMap<string, Item>,
  history: LedgerHistory,
): AppliedPostings | Refusal {
  return applyWholePostings(draft, current, items, history) ?? applyDecimalPostings(draft, current, items, history);
}

/**
 * {@link applyPostings} in decimal arithmetic, for every draft.
 *
 * @internal
 */
export function applyDecimalPostings(
  draft: DraftMovement,
  current: ReadonlyMap<string, Balance>,
  items: ReadonlyMap<string, Item>,
  history: LedgerHistory,
): AppliedPostings | Refusal {
  const at = draft.movement.occurredAt;
  const next = new Map<string, { key: StockKey; delta: Dec; version: number; firstLine: number }>();
  const serials = new Map<string, { key: StockKey; delta: Dec; firstLine: number }>();
  for (const [index, posting] of draft.postings.entries()) {
    const id = draft.postingKeyIds[index]!;
    const entry = next.get(id) ?? { key: posting.key, delta: new D(0), version: current.get(id)?.version ?? 0, firstLine: posting.lineIndex };
    entry.delta = entry.delta.plus(posting.delta);
    entry.version += 1;
    next.set(id, entry);
    if (posting.key.serial === undefined) continue;
    const serial = serialId(posting.key);
    const total = serials.get(serial) ?? { key: posting.key, delta: new D(0), firstLine: posting.lineIndex };
    total.delta = total.delta.plus(posting.delta);
    serials.set(serial, total);
  }
  for (const [id, entry] of next) {
    const item = items.get(entry.key.sku)!;
    const range = history.range(id, at);
    if (range.lowest.plus(entry.delta).isNegative() && !item.allowNegative) {
      const available = formatDecimal(history.current(id));
      const short = formatDecimal(range.lowest.plus(entry.delta));
      const later = range.lowestAt > at;
      return {
        result: 'insufficient_stock',
        lineIndex: entry.firstLine,
        message: later
          ? `${item.sku} at ${entry.key.location} would be ${short} ${item.baseUom} at ${range.lowestAt}: a later movement already used the stock`
          : `Only ${available} ${item.baseUom} of ${item.sku} at ${entry.key.location}`,
        details: { key: entry.key, available, lowest: formatDecimal(range.lowest), at: range.lowestAt },
      };
    }
    if (item.tracking === 'serial' && range.highest.plus(entry.delta).gt(1)) {
      return {
        result: 'serial_in_stock',
        lineIndex: entry.firstLine,
        message: `Serial ${entry.key.serial ?? ''} of ${item.sku} is already at ${entry.key.location}`,
        details: { key: entry.key },
      };
    }
  }
  for (const [serial, total] of serials) {
    if (!total.delta.gt(0)) continue;
    if (history.serialHighest(serial, at).plus(total.delta).gt(1)) {
      return {
        result: 'serial_elsewhere',
        lineIndex: total.firstLine,
        message: `Serial ${total.key.serial ?? ''} of ${total.key.sku} is in stock at another location on ${at} or later`,
        details: { key: total.key },
      };
    }
  }
  const balances = [...next].map(([id, entry]) => {
    const before = current.get(id);
    return {
      key: entry.key,
      qty: formatDecimal(history.current(id).plus(entry.delta)),
      version: entry.version,
      lastOccurredAt: before === undefined || before.lastOccurredAt < at ? at : before.lastOccurredAt,
    };
  });
  return { balances, keyIds: [...next.keys()] };
}

/**
 * Returns a copy without the properties whose value is `undefined`, as stored records never
 * carry them (`exactOptionalPropertyTypes`).
 *
 * @internal
 */
export function omitUndefined<T extends object>(value: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  // A loop rather than entries/filter/fromEntries: it runs for every line and posting written.
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const property = (value as Record<string, unknown>)[key];
    if (property !== undefined) copy[key] = property;
  }
  return copy as { [K in keyof T]: Exclude<T[K], undefined> };
}

/**
 * Tells a draft from a refusal.
 *
 * @internal
 */
export function isRefusal(value: object): value is Refusal {
  return 'result' in value;
}
