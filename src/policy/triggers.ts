/**
 * Count triggers: rules that turn ledger and count events into ad-hoc count requests (a bin went
 * negative or empty, a count showed a variance, a freeze was overridden, a counter flagged a key).
 *
 * @module
 */
import type { StockKey } from '../ledger/key.js';
import { D, type Dec } from '../quantity/decimal.js';
import { parseInput, triggerEventSchema, triggerRulesSchema } from './schemas.js';

/** The ledger's event after a movement is posted: one key's balance changed. */
export interface BalanceChangedEvent {
  /** The event type. */
  type: 'balance.changed';
  /** The key whose balance changed. */
  key: StockKey;
  /** The balance after the movement, a decimal string. */
  qty: string;
  /** The balance before the movement, a decimal string. */
  previousQty: string;
  /** The movement that changed it. */
  movementId: string;
  /** When it happened, ISO 8601 with offset. */
  at: string;
}

/** A count found a variance for a key. */
export interface CountVarianceEvent {
  /** The event type. */
  type: 'count.variance';
  /** The counted key. */
  key: StockKey;
  /** Counted minus expected, a decimal string. */
  variance: string;
  /**
   * The variance as a percentage of the expected quantity, a decimal string; omitted when the
   * expected quantity is zero (found stock), where no percent exists and the variance is beyond
   * every `percentThreshold`, as the tolerance policy treats it.
   */
  variancePercent?: string;
  /** The count session. */
  sessionId: string;
  /** When the variance was found, ISO 8601 with offset. */
  at: string;
}

/** A movement went through a count freeze with an override (the emergency lane). */
export interface FreezeOverrideEvent {
  /** The event type. */
  type: 'freeze.override';
  /** The frozen keys the movement touched. */
  keys: StockKey[];
  /** The movement let through. */
  movementId: string;
  /** The override's reason. */
  reason: string;
  /** When, ISO 8601 with offset. */
  at: string;
}

/** A counter flagged a key (damaged goods, a mixed bin, a missing label). */
export interface CounterFlagEvent {
  /** The event type. */
  type: 'counter.flag';
  /** The flagged key. */
  key: StockKey;
  /** Who flagged it. */
  counter: string;
  /** What they noted. */
  note?: string;
  /** When, ISO 8601 with offset. */
  at: string;
}

/** Any event {@link evaluateTriggers} understands. */
export type TriggerEvent = BalanceChangedEvent | CountVarianceEvent | FreezeOverrideEvent | CounterFlagEvent;

/** Fields every rule may carry. */
export interface TriggerRuleBase {
  /** The priority of the requests it raises (higher first). Default per kind, see {@link DEFAULT_TRIGGER_PRIORITIES}. */
  priority?: number;
  /** Only these skus (all when omitted). */
  skus?: readonly string[];
  /** Only these locations and their subtrees (`WH1/A` covers `WH1/A/01/3`); all when omitted. */
  locations?: readonly string[];
  /**
   * Balance rules only: fire when the balance enters the condition (the previous balance was not
   * in it), not again on every further movement while it stays there. Default true.
   */
  onlyOnCrossing?: boolean;
}

/** Raise a count when a balance goes below zero. */
export interface NegativeOnHandRule extends TriggerRuleBase {
  /** The rule kind. */
  kind: 'negative_on_hand';
}
/** Raise a count when a balance becomes exactly zero (confirm the bin is empty). */
export interface ZeroOnHandRule extends TriggerRuleBase {
  /** The rule kind. */
  kind: 'zero_on_hand';
}
/** Raise a count when a balance drops below a threshold (strictly below). */
export interface BelowThresholdRule extends TriggerRuleBase {
  /** The rule kind. */
  kind: 'below_threshold';
  /** The threshold for skus not in `thresholds`, a decimal string; without it those skus are ignored. */
  threshold?: string;
  /** Per-sku thresholds, decimal strings. */
  thresholds?: Readonly<Record<string, string>>;
}
/** Raise a recount when a count's variance is beyond a threshold. */
export interface CountVarianceRule extends TriggerRuleBase {
  /** The rule kind. */
  kind: 'count_variance';
  /** Fire when |variance| > this quantity (decimal string). */
  threshold?: string;
  /**
   * Fire when |variancePercent| > this (decimal string). A non-zero variance without a percent
   * (the book was zero: found stock) is beyond every percent threshold and fires. With neither
   * threshold, any non-zero variance fires.
   */
  percentThreshold?: string;
}
/** Raise a recount of every key a freeze override touched. */
export interface FreezeOverrideRule extends TriggerRuleBase {
  /** The rule kind. */
  kind: 'freeze_override';
}
/** Raise a count of a key a counter flagged. */
export interface CounterFlagRule extends TriggerRuleBase {
  /** The rule kind. */
  kind: 'counter_flag';
}

/** A trigger rule. */
export type TriggerRule =
  | NegativeOnHandRule
  | ZeroOnHandRule
  | BelowThresholdRule
  | CountVarianceRule
  | FreezeOverrideRule
  | CounterFlagRule;

/** The kind of a trigger rule; it is the `reason` of the requests the rule raises. */
export type TriggerKind = TriggerRule['kind'];

/** What made a rule fire. */
export interface TriggerEvidence {
  /** The event, as given. */
  event: TriggerEvent;
  /** One sentence for people. */
  detail: string;
  /** The threshold that was crossed, when the rule has one. */
  threshold?: string;
}

/** An ad-hoc count request raised by a trigger. */
export interface CountRequest {
  /** The key to count. */
  key: StockKey;
  /** The rule kind that raised it. */
  reason: TriggerKind;
  /** Higher first. */
  priority: number;
  /** When the triggering event happened (the event's `at`). */
  at: string;
  /** What made the rule fire. */
  evidence: TriggerEvidence;
}

/** Default priorities per rule kind: a negative balance first, a low balance last. */
export const DEFAULT_TRIGGER_PRIORITIES: Readonly<Record<TriggerKind, number>> = {
  negative_on_hand: 100,
  count_variance: 80,
  freeze_override: 70,
  counter_flag: 60,
  zero_on_hand: 50,
  below_threshold: 40,
};

/**
 * Evaluates trigger rules against one event and returns the count requests they raise.
 *
 * Each rule that fires gives one request per key (a freeze override touching three keys gives
 * three), so one event may raise several requests for the same key with different reasons; the
 * caller (the engine) decides whether to merge them with requests already open. Requests are
 * sorted by priority (highest first), then by rule order. Quantities are compared exactly
 * (decimal.js). Balance rules fire, by default, only when the balance *enters* the condition.
 *
 * @param event - a ledger or count event
 * @param rules - the rules to apply
 * @returns the count requests, possibly none
 * @throws StocktakeError `invalid_input` when the event or a rule is malformed
 * @example
 * ```ts
 * evaluateTriggers(
 *   {
 *     type: 'balance.changed',
 *     key: { sku: 'SKU-1', location: 'WH1/A/01/3' },
 *     qty: '-2',
 *     previousQty: '3',
 *     movementId: 'mv-881',
 *     at: '2027-03-01T10:15:00+01:00',
 *   },
 *   [{ kind: 'negative_on_hand' }, { kind: 'below_threshold', threshold: '5' }],
 * ); // two requests: negative_on_hand (priority 100), below_threshold (priority 40)
 * ```
 */
export function evaluateTriggers(event: TriggerEvent, rules: readonly TriggerRule[]): CountRequest[] {
  const e = parseInput(triggerEventSchema, event, ['event']) as TriggerEvent;
  const rs = parseInput(triggerRulesSchema, rules, ['rules']) as TriggerRule[];
  const requests: { request: CountRequest; order: number }[] = [];
  rs.forEach((rule, order) => {
    for (const fired of fire(rule, e)) {
      if (!inScope(rule, fired.key)) continue;
      const evidence: TriggerEvidence = { event: e, detail: fired.detail };
      if (fired.threshold !== undefined) evidence.threshold = fired.threshold;
      requests.push({
        request: {
          key: copyKey(fired.key),
          reason: rule.kind,
          priority: rule.priority ?? DEFAULT_TRIGGER_PRIORITIES[rule.kind],
          at: e.at,
          evidence,
        },
        order,
      });
    }
  });
  requests.sort((x, y) => y.request.priority - x.request.priority || x.order - y.order);
  return requests.map((r) => r.request);
}

interface Fired {
  key: StockKey;
  detail: string;
  threshold?: string;
}

function fire(rule: TriggerRule, event: TriggerEvent): Fired[] {
  switch (rule.kind) {
    case 'negative_on_hand':
    case 'zero_on_hand':
    case 'below_threshold': {
      if (event.type !== 'balance.changed') return [];
      const qty = new D(event.qty);
      const previous = new D(event.previousQty);
      let test: (q: Dec) => boolean;
      let threshold: string | undefined;
      let what: string;
      if (rule.kind === 'negative_on_hand') {
        test = (q) => q.isNegative() && !q.isZero();
        what = 'went negative';
      } else if (rule.kind === 'zero_on_hand') {
        test = (q) => q.isZero();
        what = 'reached zero';
      } else {
        threshold = thresholdFor(rule, event.key.sku);
        if (threshold === undefined) return [];
        const limit = new D(threshold);
        test = (q) => q.lessThan(limit);
        what = `fell below ${threshold}`;
      }
      if (!test(qty)) return [];
      if ((rule.onlyOnCrossing ?? true) && test(previous)) return [];
      const fired: Fired = {
        key: event.key,
        detail: `${describe(event.key)} ${what}: ${event.previousQty} → ${event.qty} (movement ${event.movementId})`,
      };
      if (threshold !== undefined) fired.threshold = threshold;
      return [fired];
    }
    case 'count_variance': {
      if (event.type !== 'count.variance') return [];
      const variance = new D(event.variance).abs();
      if (rule.threshold === undefined && rule.percentThreshold === undefined) {
        return variance.isZero()
          ? []
          : [{ key: event.key, detail: `${describe(event.key)} counted with variance ${event.variance} (session ${event.sessionId})` }];
      }
      if (rule.threshold !== undefined && variance.greaterThan(rule.threshold)) {
        return [
          {
            key: event.key,
            detail: `${describe(event.key)} variance ${event.variance} is beyond ${rule.threshold} (session ${event.sessionId})`,
            threshold: rule.threshold,
          },
        ];
      }
      if (rule.percentThreshold === undefined || variance.isZero()) return [];
      // Against an expected zero there is no percent: such a variance is beyond every percent limit
      // (the tolerance policy's rule for found stock).
      if (event.variancePercent === undefined) {
        return [
          {
            key: event.key,
            detail: `${describe(event.key)} variance ${event.variance} against a book of zero is beyond ${rule.percentThreshold} % (session ${event.sessionId})`,
            threshold: rule.percentThreshold,
          },
        ];
      }
      if (new D(event.variancePercent).abs().greaterThan(rule.percentThreshold)) {
        return [
          {
            key: event.key,
            detail: `${describe(event.key)} variance ${event.variancePercent} % is beyond ${rule.percentThreshold} % (session ${event.sessionId})`,
            threshold: rule.percentThreshold,
          },
        ];
      }
      return [];
    }
    case 'freeze_override':
      if (event.type !== 'freeze.override') return [];
      return event.keys.map((key) => ({
        key,
        detail: `${describe(key)} moved during a freeze by movement ${event.movementId}: ${event.reason}`,
      }));
    case 'counter_flag':
      if (event.type !== 'counter.flag') return [];
      return [
        {
          key: event.key,
          detail: `${describe(event.key)} flagged by ${event.counter}${event.note === undefined ? '' : `: ${event.note}`}`,
        },
      ];
  }
}

function thresholdFor(rule: BelowThresholdRule, sku: string): string | undefined {
  if (rule.thresholds !== undefined && Object.prototype.hasOwnProperty.call(rule.thresholds, sku)) {
    return rule.thresholds[sku];
  }
  return rule.threshold;
}

function inScope(rule: TriggerRule, key: StockKey): boolean {
  if (rule.skus !== undefined && !rule.skus.includes(key.sku)) return false;
  if (rule.locations !== undefined) {
    return rule.locations.some((loc) => key.location === loc || key.location.startsWith(loc.endsWith('/') ? loc : `${loc}/`));
  }
  return true;
}

function describe(key: StockKey): string {
  const parts = [key.sku, '@', key.location];
  if (key.lot !== undefined) parts.push(`lot ${key.lot}`);
  if (key.serial !== undefined) parts.push(`serial ${key.serial}`);
  return parts.join(' ');
}

function copyKey(key: StockKey): StockKey {
  return {
    sku: key.sku,
    location: key.location,
    ...(key.lot === undefined ? {} : { lot: key.lot }),
    ...(key.serial === undefined ? {} : { serial: key.serial }),
  };
}
