import type { EventBus } from '../events.js';
import { stockKeyId } from '../ledger/key.js';
import { D, formatDecimal } from '../quantity/decimal.js';
import { evaluateTriggers, type CountRequest, type TriggerEvent, type TriggerRule } from '../policy/triggers.js';

/**
 * Subscribes trigger rules to the engine's own events: every balance a movement changes, every
 * review line that needs attention, every freeze override and every counter's flag is evaluated,
 * and each request a rule raises is emitted as `count.requested`.
 *
 * @internal
 */
export function subscribeTriggers(bus: EventBus, rules: readonly TriggerRule[]): void {
  const raise = (event: TriggerEvent): void => {
    for (const request of evaluateTriggers(event, rules)) bus.emit({ type: 'count.requested', request });
  };
  bus.on('movement.posted', ({ movement, balances }) => {
    for (const balance of balances) {
      const { key } = balance;
      let change = new D(0);
      for (const line of movement.lines) {
        if (line.sku !== key.sku || line.lot !== key.lot || line.serial !== key.serial) continue;
        if (line.to === key.location) change = change.plus(line.qty);
        if (line.from === key.location) change = change.minus(line.qty);
      }
      raise({
        type: 'balance.changed',
        key: balance.key,
        qty: balance.qty,
        previousQty: formatDecimal(new D(balance.qty).minus(change)),
        movementId: movement.id,
        at: movement.occurredAt,
      });
    }
  });
  bus.on('count.variance', ({ sessionId, line }) => {
    raise({
      type: 'count.variance',
      key: line.key,
      variance: line.variance,
      ...(line.variancePercent === null ? {} : { variancePercent: line.variancePercent }),
      sessionId,
      at: line.window.to,
    });
  });
  bus.on('count.override', ({ keys, movementId, reason, at }) => {
    raise({ type: 'freeze.override', keys: [...keys], movementId, reason, at });
  });
  bus.on('count.flagged', ({ key, counter, note, at }) => {
    raise({ type: 'counter.flag', key, counter, ...(note === undefined ? {} : { note }), at });
  });
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
