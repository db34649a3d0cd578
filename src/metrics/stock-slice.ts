/**
 * The ledger slice the stock figures of `metrics.compute` need, read without the whole history:
 * every key's book at the end of the period, and the postings that decide each key's last
 * movement up to then.
 *
 * @internal
 * @module
 */
import { stockKeyId } from '../ledger/key.js';
import type { Balance, Posting } from '../ledger/types.js';
import { D, formatDecimal } from '../quantity/decimal.js';
import type { StorageTransaction } from '../storage/adapter.js';
import type { Instant } from '../time.js';

const DAY_MS = 86_400_000;

/**
 * Reads every key's balance at `to` (one set-based statement when the adapter has
 * `balancesAsOf`, else the current balances minus the postings after `to`) and the postings at
 * or before `to` that decide the keys' last movement: those of the last `slowMovingDays` days,
 * plus the earlier ones of only the keys with stock that did not move (other than by count
 * adjustments) in those days — the slow and dead candidates, whose last movement lies further back.
 *
 * @internal
 */
export async function loadStockSlice(
  tx: StorageTransaction,
  to: Instant,
  slowMovingDays: number,
): Promise<{ balances: Balance[]; postings: Posting[] }> {
  const balances = await balancesAt(tx, to);
  const windowFrom = new Date(Math.max(0, Date.parse(to) - slowMovingDays * DAY_MS)).toISOString();
  const recent = await tx.listPostings({ occurredFrom: windowFrom, occurredTo: to });
  const moved = new Set(recent.filter((posting) => posting.kind !== 'count_adjustment').map((posting) => stockKeyId(posting.key)));
  const older = balances.filter((balance) => !new D(balance.qty).isZero() && !moved.has(stockKeyId(balance.key))).map((balance) => balance.key);
  const history = older.length === 0 ? [] : await tx.listPostings({ keys: older, occurredTo: to });
  return { balances, postings: [...recent, ...history] };
}

async function balancesAt(tx: StorageTransaction, to: Instant): Promise<Balance[]> {
  if (tx.balancesAsOf !== undefined) return tx.balancesAsOf({ includeZero: true }, to);
  const current = await tx.listBalances({ includeZero: true });
  const after = new Date(Date.parse(to) + 1).toISOString();
  const later = new Map<string, InstanceType<typeof D>>();
  for (const posting of await tx.listPostings({ occurredFrom: after })) {
    const id = stockKeyId(posting.key);
    later.set(id, (later.get(id) ?? new D(0)).plus(posting.delta));
  }
  return current.map((balance) => ({ ...balance, qty: formatDecimal(new D(balance.qty).minus(later.get(stockKeyId(balance.key)) ?? 0)) }));
}
