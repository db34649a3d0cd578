import type { StocktakeEvent } from '../events.js';
import { stockKeyId } from '../ledger/key.js';
import { D, formatDecimal } from '../quantity/decimal.js';
import { evaluateTriggers, type CountRequest, type TriggerEvent, type TriggerRule } from '../policy/triggers.js';

/**
 * What trigger rules see of one of the engine's own events: every balance a movement changes,
 * every review line that needs attention, every freeze override and every counter's flag.
 *
 * @internal
 */
export function triggerEventsOf(event: StocktakeEvent): TriggerEvent[] {
  switch (event.type) {
    case 'movement.posted': {
      const { movement, balances } = event;
      return balances.map((balance) => {
        const { key } = balance;
        let change = new D(0);
        for (const line of movement.lines) {
          if (line.sku !== key.sku || line.lot !== key.lot || line.serial !== key.serial) continue;
          if (line.to === key.location) change = change.plus(line.qty);
          if (line.from === key.location) change = change.minus(line.qty);
        }
        return {
          type: 'balance.changed',
          key: balance.key,
          qty: balance.qty,
          previousQty: formatDecimal(new D(balance.qty).minus(change)),
          movementId: movement.id,
          at: movement.occurredAt,
        };
      });
    }
    case 'count.variance': {
      const { sessionId, line } = event;
      return [
        {
          type: 'count.variance',
          key: line.key,
          variance: line.variance,
          ...(line.variancePercent === null ? {} : { variancePercent: line.variancePercent }),
          sessionId,
          at: line.window.to,
        },
      ];
    }
    case 'count.override': {
      const { keys, movementId, reason, at } = event;
      return [{ type: 'freeze.override', keys: [...keys], movementId, reason, at }];
    }
    case 'count.flagged': {
      const { key, counter, note, at } = event;
      return [{ type: 'counter.flag', key, counter, ...(note === undefined ? {} : { note }), at }];
    }
    default:
      return [];
  }
}

/**
 * Events with the count requests trigger rules raise from them, each request right after its
 * cause: what a command stores in the feed and emits after it commits.
 *
 * @internal
 */
export function withCountRequests(events: readonly StocktakeEvent[], rules: readonly TriggerRule[]): StocktakeEvent[] {
  if (rules.length === 0) return [...events];
  const result: StocktakeEvent[] = [];
  for (const event of events) {
    result.push(event);
    for (const trigger of triggerEventsOf(event)) {
      for (const request of evaluateTriggers(trigger, rules)) result.push({ type: 'count.requested', request });
    }
  }
  return result;
}

/**
 * Turns count requests into the scope of an ad-hoc spot count: their keys, once each.
 *
 * @param requests - requests raised by triggers
 * @returns a scope for `counts.open`
 * @example
 * ```ts
 * await st.counts.open({ mode: 'spot', scope: scopeFromCountRequests(pending), actor: 'zhao' });
 * ```
 */
export function scopeFromCountRequests(requests: readonly CountRequest[]): { keys: Array<{ sku: string; location: string }> } {
  const keys = new Map<string, { sku: string; location: string }>();
  for (const { key } of requests) keys.set(stockKeyId({ sku: key.sku, location: key.location }), { sku: key.sku, location: key.location });
  return { keys: [...keys.values()] };
}
