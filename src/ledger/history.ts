import { D, type Dec, type DecimalString } from '../quantity/decimal.js';
import type { Instant } from '../time.js';
import { stockKeyId, type StockKey } from './key.js';
import type { Balance } from './types.js';

/** A change of a key's book at a business time. */
export interface BookChange {
  readonly occurredAt: Instant;
  readonly delta: string;
}

/** The lowest and highest book from a moment on. */
export interface BookRange {
  readonly lowest: Dec;
  readonly highest: Dec;
  /** When the book is lowest (the earliest such moment). */
  readonly lowestAt: Instant;
}

/**
 * The range of a book over `[from, ∞)`: `current` is the book after every change, `changes` hold
 * at least every change dated after `from`. The book at `from` includes the changes dated exactly
 * at `from`; it then moves only at the dates of later changes, all changes of one date at once.
 * Pure: a back-dated movement at `from` that adds `d` leaves the book at least `lowest + d`.
 *
 * @param current - the book with every change applied
 * @param changes - the key's changes (any order; those dated at or before `from` are ignored)
 * @param from - the moment
 * @returns the lowest and highest book from `from` on
 * @example
 * ```ts
 * // A receipt of 10 at 11:00: the book from 10:00 on is 0 until 11:00, then 10.
 * bookRangeFrom(new D(10), [{ occurredAt: '…T11:00…', delta: '10' }], '…T10:00…'); // lowest 0, highest 10
 * ```
 * @internal
 */
export function bookRangeFrom(current: Dec, changes: readonly BookChange[], from: Instant): BookRange {
  const later = changes.filter((change) => change.occurredAt > from).sort((a, b) => (a.occurredAt < b.occurredAt ? -1 : a.occurredAt > b.occurredAt ? 1 : 0));
  let book = later.reduce((sum, change) => sum.minus(change.delta), current);
  let lowest = book;
  let highest = book;
  let lowestAt = from;
  for (let index = 0; index < later.length; ) {
    const at = later[index]!.occurredAt;
    for (; index < later.length && later[index]!.occurredAt === at; index++) book = book.plus(later[index]!.delta);
    if (book.lt(lowest)) {
      lowest = book;
      lowestAt = at;
    }
    if (book.gt(highest)) highest = book;
  }
  return { lowest, highest, lowestAt };
}

/** The identity of a serial number of an item, wherever it is. */
export function serialId(key: Pick<StockKey, 'sku' | 'serial'>): string {
  return `${key.sku}\u001f${key.serial ?? ''}`;
}

/**
 * What a batch of postings knows about the history of the keys it touches, so that a movement
 * dated before later ones is checked against every later moment, not only against now: the keys'
 * later changes (loaded once for the batch, then the batch's own as it goes) and, for serials,
 * every key that ever held them.
 *
 * A key whose book never changed after a movement's date needs no history: its book from then on
 * is its current balance. That is the common case, and it costs nothing.
 *
 * @internal
 */
export class LedgerHistory {
  private readonly changes = new Map<string, BookChange[]>();
  private readonly serialKeys = new Map<string, Set<string>>();
  /** Balances of serial holders outside the batch, which the batch does not change. */
  private readonly others = new Map<string, Dec>();

  /**
   * @param balances - the batch's live balances by key id (updated as movements are accepted)
   * @param loaded - changes of the keys in `tracked`, dated at or after the batch's earliest date
   * @param tracked - keys whose history a movement of the batch needs
   * @param serialHolders - per serial id, the balances of every key that ever held it
   */
  constructor(
    private readonly balances: ReadonlyMap<string, Balance>,
    loaded: ReadonlyArray<BookChange & { readonly key: StockKey }>,
    private readonly tracked: ReadonlySet<string>,
    serialHolders: ReadonlyMap<string, readonly Balance[]> = new Map(),
  ) {
    for (const change of loaded) this.append(stockKeyId(change.key), change);
    for (const [serial, holders] of serialHolders) {
      const keys = new Set<string>();
      for (const holder of holders) {
        const keyId = stockKeyId(holder.key);
        keys.add(keyId);
        this.others.set(keyId, new D(holder.qty));
      }
      this.serialKeys.set(serial, keys);
    }
  }

  /** The current book of a key, the batch's accepted movements included. */
  current(keyId: string): Dec {
    const balance = this.balances.get(keyId);
    return balance ? new D(balance.qty) : (this.others.get(keyId) ?? new D(0));
  }

  /**
   * The current book of a key as its stored text: the batch's balance, `'0'` for a key with none,
   * `undefined` for a serial holder outside the batch (whose book is kept as a decimal).
   */
  currentText(keyId: string): DecimalString | undefined {
    const balance = this.balances.get(keyId);
    if (balance) return balance.qty;
    return this.others.has(keyId) ? undefined : '0';
  }

  /** Whether a movement of the batch needs the key's changes (else its book from any date on is its current one). */
  isTracked(keyId: string): boolean {
    return this.tracked.has(keyId);
  }

  /** The range of a key's book from `from` on. */
  range(keyId: string, from: Instant): BookRange {
    const current = this.current(keyId);
    if (!this.tracked.has(keyId)) return { lowest: current, highest: current, lowestAt: from };
    return bookRangeFrom(current, this.changes.get(keyId) ?? [], from);
  }

  /** The highest number of units of a serial in stock anywhere from `from` on. */
  serialHighest(serial: string, from: Instant): Dec {
    const keys = [...(this.serialKeys.get(serial) ?? [])];
    const current = keys.reduce((sum, keyId) => sum.plus(this.current(keyId)), new D(0));
    const changes = keys.flatMap((keyId) => (this.tracked.has(keyId) ? (this.changes.get(keyId) ?? []) : []));
    return bookRangeFrom(current, changes, from).highest;
  }

  /**
   * Records the postings of an accepted movement.
   *
   * @param postings - its postings
   * @param keyIds - the key id of each posting, in the same order
   */
  accept(postings: ReadonlyArray<BookChange & { readonly key: StockKey }>, keyIds: readonly string[]): void {
    for (const [index, posting] of postings.entries()) {
      const keyId = keyIds[index]!;
      if (this.tracked.has(keyId)) this.append(keyId, posting);
      if (posting.key.serial !== undefined) {
        const serial = serialId(posting.key);
        const keys = this.serialKeys.get(serial);
        if (keys) keys.add(keyId);
        else this.serialKeys.set(serial, new Set([keyId]));
      }
    }
  }

  private append(keyId: string, change: BookChange): void {
    const list = this.changes.get(keyId);
    const entry = { occurredAt: change.occurredAt, delta: change.delta };
    if (list) list.push(entry);
    else this.changes.set(keyId, [entry]);
  }
}
