/**
 * The common case of applying a movement's postings, in the arithmetic of safe integers: every
 * quantity whole, no serials, no key whose history a back-dated movement needs. decimal.js would
 * give the same figures at several allocations per addition.
 *
 * @internal
 * @module
 */
import type { Item } from '../catalog/types.js';
import type { DecimalString } from '../quantity/decimal.js';
import type { LedgerHistory } from './history.js';
import type { StockKey } from './key.js';
import type { AppliedPostings, DraftMovement, Refusal } from './prepare.js';
import type { Balance } from './types.js';

/** A canonical whole decimal string of at most 16 digits (no sign on zero, no leading zeros). */
const WHOLE = /^(?:0|-?[1-9]\d{0,15})$/;

/**
 * The number a canonical whole decimal string stands for, when it is a safe integer.
 *
 * @param text - a decimal string
 * @returns the number, or `undefined` for anything else (fractions, non-canonical text, 2^53 and beyond)
 * @internal
 */
export function wholeNumber(text: DecimalString): number | undefined {
  if (!WHOLE.test(text)) return undefined;
  const value = Number(text);
  return Number.isSafeInteger(value) ? value : undefined;
}

/**
 * `applyPostings` for a draft whose quantities and balances are all whole: the same balances or
 * the same refusal as the decimal path, or `undefined` (nothing decided) when the draft needs the
 * decimal path: a fraction anywhere, a serial, a serial-tracked item, a key with history after
 * the movement's date, a book held as a decimal outside the batch, or a sum beyond 2^53 − 1.
 * Every sum is checked to stay a safe integer, so none is ever rounded.
 *
 * @internal
 */
export function applyWholePostings(
  draft: DraftMovement,
  current: ReadonlyMap<string, Balance>,
  items: ReadonlyMap<string, Item>,
  history: LedgerHistory,
): AppliedPostings | Refusal | undefined {
  const keyIds: string[] = [];
  const keys: StockKey[] = [];
  const sums: number[] = [];
  const versions: number[] = [];
  const firstLines: number[] = [];
  const slots = new Map<string, number>();
  for (let index = 0; index < draft.postings.length; index++) {
    const posting = draft.postings[index]!;
    const delta = wholeNumber(posting.delta);
    if (delta === undefined || posting.key.serial !== undefined) return undefined;
    const id = draft.postingKeyIds[index]!;
    let slot = slots.get(id);
    if (slot === undefined) {
      slot = keyIds.length;
      slots.set(id, slot);
      keyIds.push(id);
      keys.push(posting.key);
      sums.push(0);
      versions.push(current.get(id)?.version ?? 0);
      firstLines.push(posting.lineIndex);
    }
    const sum = sums[slot]! + delta;
    if (!Number.isSafeInteger(sum)) return undefined;
    sums[slot] = sum;
    versions[slot]! += 1;
  }
  const books: number[] = [];
  for (let slot = 0; slot < keyIds.length; slot++) {
    const id = keyIds[slot]!;
    const text = history.isTracked(id) ? undefined : history.currentText(id);
    const book = text === undefined ? undefined : wholeNumber(text);
    if (book === undefined || items.get(keys[slot]!.sku)!.tracking === 'serial') return undefined;
    const after = book + sums[slot]!;
    if (!Number.isSafeInteger(after)) return undefined;
    books.push(book);
  }
  const at = draft.movement.occurredAt;
  // In key order, as the decimal path checks them: the first short key decides the refusal.
  for (let slot = 0; slot < keyIds.length; slot++) {
    const item = items.get(keys[slot]!.sku)!;
    if (books[slot]! + sums[slot]! >= 0 || item.allowNegative) continue;
    const available = String(books[slot]!);
    return {
      result: 'insufficient_stock',
      lineIndex: firstLines[slot]!,
      message: `Only ${available} ${item.baseUom} of ${item.sku} at ${keys[slot]!.location}`,
      details: { key: keys[slot]!, available, lowest: available, at },
    };
  }
  const balances: Balance[] = [];
  for (let slot = 0; slot < keyIds.length; slot++) {
    const before = current.get(keyIds[slot]!);
    balances.push({
      key: keys[slot]!,
      qty: String(books[slot]! + sums[slot]!),
      version: versions[slot]!,
      lastOccurredAt: before === undefined || before.lastOccurredAt < at ? at : before.lastOccurredAt,
    });
  }
  return { balances, keyIds };
}
