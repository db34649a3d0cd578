/**
 * The ledger slice the stock figures of `metrics.compute` need, read without the whole history:
 * every key's book at the end of the period, and when each key last moved by then.
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

/** A key's book at the end of the period and its last movement by then. @internal */
export interface StockAtEnd {
  /** The balance, with `qty` the book at the end of the period. */
  readonly balance: Balance;
  /** Its latest posting up to then other than a count adjustment, else its latest posting; `null` when none. */
  readonly lastMovementAt: Instant | null;
}

/**
 * Reads every key's balance at `to` (one set-based statement when the adapter has
 * `balancesAsOf`, else the current balances minus the postings after `to`) and its last movement
 * up to `to`. With the adapter's `lastMovementsAsOf`, the dates are one statement that reads about
 * one posting per key: nothing of the history before is brought into the process. Without it,
 * the postings that decide them: those of the last `slowMovingDays` days, plus the earlier ones of
 * only the keys with stock that did not move (other than by count adjustments) in those days —
 * the slow and dead candidates, whose last movement lies further back. Both give the same date
 * for every key with stock (the only ones the stock figures look at).
 *
 * @internal
 */
export async function loadStockSlice(tx: StorageTransaction, to: Instant, slowMovingDays: number): Promise<StockAtEnd[]> {
  const balances = await balancesAt(tx, to);
  if (tx.lastMovementsAsOf !== undefined) {
    const last = new Map((await tx.lastMovementsAsOf({}, to)).map((moved) => [stockKeyId(moved.key), moved.lastMovedAt ?? moved.lastPostedAt]));
    return balances.map((balance) => ({ balance, lastMovementAt: last.get(stockKeyId(balance.key)) ?? null }));
  }
  const windowFrom = new Date(Math.max(0, Date.parse(to) - slowMovingDays * DAY_MS)).toISOString();
  const recent = await tx.listPostings({ occurredFrom: windowFrom, occurredTo: to });
  const moved = new Set(recent.filter((posting) => posting.kind !== 'count_adjustment').map((posting) => stockKeyId(posting.key)));
  const older = balances.filter((balance) => !new D(balance.qty).isZero() && !moved.has(stockKeyId(balance.key))).map((balance) => balance.key);
  const history = older.length === 0 ? [] : await tx.listPostings({ keys: older, occurredTo: to });
  return lastMovements(balances, [...recent, ...history]);
}

/** Each key's last movement from postings at or before the end (count adjustments only when nothing else moved the key). */
function lastMovements(balances: readonly Balance[], postings: readonly Posting[]): StockAtEnd[] {
  const lastMove = new Map<string, Instant>();
  const lastAny = new Map<string, Instant>();
  for (const posting of postings) {
    const id = stockKeyId(posting.key);
    if ((lastAny.get(id) ?? '') < posting.occurredAt) lastAny.set(id, posting.occurredAt);
    if (posting.kind !== 'count_adjustment' && (lastMove.get(id) ?? '') < posting.occurredAt) lastMove.set(id, posting.occurredAt);
  }
  return balances.map((balance) => {
    const id = stockKeyId(balance.key);
    return { balance, lastMovementAt: lastMove.get(id) ?? lastAny.get(id) ?? null };
  });
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
