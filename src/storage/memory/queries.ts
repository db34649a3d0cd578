/**
 * The in-memory adapter's reads that are pure functions of its state: filters of movements,
 * postings, balances and entries, and the small list helpers its transactions share.
 *
 * @internal
 * @module
 */
import { isWithin } from '../../catalog/location-path.js';
import type { CountEntry } from '../../count/types.js';
import { stockKeyId } from '../../ledger/key.js';
import type { Balance, BalanceFilter, Movement, MovementFilter, Posting, PostingFilter } from '../../ledger/types.js';
import { D, formatDecimal, type DecimalString } from '../../quantity/decimal.js';
import type { Instant } from '../../time.js';
import type { EntryFilter } from '../adapter.js';
import { serialId } from '../../ledger/history.js';
import type { MemoryState } from './state.js';
import type { KeyPostings } from './postings.js';

/** The index of the first element with a `seq` above `afterSeq` in a list kept in `seq` order. */
export function firstAfter(list: ReadonlyArray<{ readonly seq: number }>, afterSeq: number): number {
  let low = 0;
  let high = list.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (list[middle]!.seq <= afterSeq) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** Removes one value (the last occurrence) from a list, wherever concurrent writers left it. */
export function removeValue<V>(list: V[], value: V): void {
  const index = list.lastIndexOf(value);
  if (index >= 0) list.splice(index, 1);
}

export function serialEntriesKey(sessionId: string, sku: string, serial: string): string {
  return `${sessionId}\u0000${serialId({ sku, serial })}`;
}

/** The entries a filter may select, from the narrowest index it allows, in store order. */
export function entryCandidates(state: MemoryState, sessionId: string, filter: EntryFilter): readonly CountEntry[] {
  if (filter.serial !== undefined) return state.entriesBySerial.get(serialEntriesKey(sessionId, filter.serial.sku, filter.serial.serial)) ?? [];
  if (filter.location !== undefined) return state.entriesByLocation.get(`${sessionId}\u0000${filter.location}`) ?? [];
  const lists =
    filter.serials !== undefined
      ? filter.serials.map((s) => state.entriesBySerial.get(serialEntriesKey(sessionId, s.sku, s.serial)))
      : filter.locations !== undefined
        ? filter.locations.map((location) => state.entriesByLocation.get(`${sessionId}\u0000${location}`))
        : undefined;
  if (lists === undefined) return state.entries.get(sessionId) ?? [];
  // A location or serial given twice would list its entries twice.
  return [...new Set(lists.flatMap((list) => list ?? []))].sort((a, b) => a.seq - b.seq);
}

export function pick<V>(map: ReadonlyMap<string, V>, ids: readonly string[], keyOf: (id: string) => string = (id) => id): Map<string, V> {
  const result = new Map<string, V>();
  for (const id of ids) {
    const value = map.get(id);
    if (value !== undefined) result.set(keyOf(id), value);
  }
  return result;
}

export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function matchesBalance(balance: Balance, filter: BalanceFilter): boolean {
  const { key } = balance;
  return (
    (filter.sku === undefined || key.sku === filter.sku) &&
    (filter.location === undefined || isWithin(key.location, filter.location)) &&
    (filter.lot === undefined || key.lot === filter.lot) &&
    (filter.serial === undefined || key.serial === filter.serial) &&
    (filter.includeZero === true || !new D(balance.qty).isZero())
  );
}

export function sumUntil(postings: KeyPostings | undefined, asOf: Instant): DecimalString {
  let total = new D(0);
  if (postings) for (let index = 0; index < postings.length; index++) if (postings.occurredAt(index) <= asOf) total = total.plus(postings.delta(index));
  return formatDecimal(total);
}

export function filterMovements(movements: readonly Movement[], filter: MovementFilter): Movement[] {
  const result: Movement[] = [];
  // Movements are stored in seq order, so paging starts at the right index.
  for (let i = firstAfter(movements, filter.afterSeq ?? 0); i < movements.length; i++) {
    const movement = movements[i]!;
    if (filter.kinds && !filter.kinds.includes(movement.kind)) continue;
    if (filter.occurredFrom !== undefined && movement.occurredAt < filter.occurredFrom) continue;
    if (filter.occurredTo !== undefined && movement.occurredAt > filter.occurredTo) continue;
    if (filter.sku !== undefined && !movement.lines.some((line) => line.sku === filter.sku)) continue;
    if (filter.location !== undefined && !movement.lines.some((line) => touches(line, filter.location!))) continue;
    result.push(movement);
    if (filter.limit !== undefined && result.length >= filter.limit) break;
  }
  return result;
}

function touches(line: { from?: string; to?: string }, subtree: string): boolean {
  return (line.from !== undefined && isWithin(line.from, subtree)) || (line.to !== undefined && isWithin(line.to, subtree));
}

export function filterPostings(state: MemoryState, filter: PostingFilter): Posting[] {
  const lists: KeyPostings[] = [];
  if (filter.keys) {
    for (const key of filter.keys) {
      const list = state.postingsByKey.get(stockKeyId(key));
      if (list) lists.push(list);
    }
  } else {
    for (const list of state.postingsByKey.values()) lists.push(list);
  }
  const skus = filter.skus ? new Set(filter.skus) : undefined;
  const result: Posting[] = [];
  for (const list of lists) {
    for (let index = 0; index < list.length; index++) {
      const posting = list.at(index);
      if (skus && !skus.has(posting.key.sku)) continue;
      if (filter.location !== undefined && !isWithin(posting.key.location, filter.location)) continue;
      if (filter.occurredFrom !== undefined && posting.occurredAt < filter.occurredFrom) continue;
      if (filter.occurredTo !== undefined && posting.occurredAt > filter.occurredTo) continue;
      if (filter.recordedAfter !== undefined && posting.recordedAt <= filter.recordedAfter) continue;
      result.push(posting);
    }
  }
  return result.sort((a, b) => a.seq - b.seq || a.lineIndex - b.lineIndex);
}

/** Removes the elements that match, in place; the undo log puts them back where they were. */
export function removeWhere<V>(list: V[], matches: (value: V) => boolean, undo: Array<() => void>): number {
  const before = [...list];
  const kept = list.filter((value) => !matches(value));
  if (kept.length === list.length) return 0;
  list.splice(0, list.length, ...kept);
  undo.push(() => void list.splice(0, list.length, ...before));
  return before.length - kept.length;
}
