import { compareStockKeys } from '../ledger/key.js';
import { D, formatDecimal } from '../quantity/decimal.js';
import type { Instant } from '../time.js';
import type { AgedStock, MetricsStock } from './types.js';

const DAY_MS = 86_400_000;

/**
 * Slow-moving and dead stock: keys with stock at the end of the period by days since their last
 * movement.
 *
 * `days = ⌊(to − last movement) / 24 h⌋` (a key that never moved counts from the beginning of
 * time: it is dead); slow-moving when `slowMovingDays ≤ days < deadStockDays`, dead when
 * `days ≥ deadStockDays`; `value = qty × unit cost`. Oldest first, then by key.
 *
 * @param stock - the group's keys with their book at the end of the period
 * @param to - the end of the period
 * @param slowMovingDays - the slow-moving threshold
 * @param deadStockDays - the dead-stock threshold
 * @returns both lists
 * @internal
 */
export function agedStock(
  stock: readonly MetricsStock[],
  to: Instant,
  slowMovingDays: number,
  deadStockDays: number,
): { slowMoving: AgedStock[]; deadStock: AgedStock[] } {
  const end = Date.parse(to);
  const aged: AgedStock[] = [];
  for (const record of stock) {
    if (new D(record.qty).isZero()) continue;
    const days = record.lastMovementAt === null ? Number.MAX_SAFE_INTEGER : Math.floor((end - Date.parse(record.lastMovementAt)) / DAY_MS);
    if (days < slowMovingDays) continue;
    aged.push({ key: record.key, qty: record.qty, value: formatDecimal(new D(record.qty).times(record.unitCost)), lastMovementAt: record.lastMovementAt, days });
  }
  aged.sort((a, b) => b.days - a.days || compareStockKeys(a.key, b.key));
  return { slowMoving: aged.filter((a) => a.days < deadStockDays), deadStock: aged.filter((a) => a.days >= deadStockDays) };
}
