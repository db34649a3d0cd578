import { stockKeyId } from '../ledger/key.js';
import type { Balance, Posting } from '../ledger/types.js';
import { D, formatDecimal } from '../quantity/decimal.js';
import type { CountSession } from './types.js';

/**
 * The ledger slice as the session saw it before it posted: its own count adjustments taken out of
 * the balances and postings. Without this, the review (and report) of a posted session would
 * compare each count with a book its own adjustment already set to the counted quantity, and
 * every posted variance would read zero.
 *
 * @internal
 */
export function withoutOwnAdjustments(
  session: CountSession,
  slice: { balances: Balance[]; postings: Posting[] },
): { balances: Balance[]; postings: Posting[] } {
  const own = new Set(session.posting?.movementIds ?? []);
  if (own.size === 0) return slice;
  const removed = new Map<string, InstanceType<typeof D>>();
  const postings = slice.postings.filter((posting) => {
    if (!own.has(posting.movementId)) return true;
    const id = stockKeyId(posting.key);
    removed.set(id, (removed.get(id) ?? new D(0)).plus(posting.delta));
    return false;
  });
  const balances = slice.balances.map((balance) => {
    const delta = removed.get(stockKeyId(balance.key));
    return delta ? { ...balance, qty: formatDecimal(new D(balance.qty).minus(delta)) } : balance;
  });
  return { balances, postings };
}
