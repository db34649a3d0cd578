import { D, formatDecimal, type Dec } from '../quantity/decimal.js';
import { baseConfidence, confidenceOf } from './confidence.js';
import type { Hypothesis } from './allocate.js';
import { compare, unique, type LineFacts } from './facts.js';

/** A movement near a count window and the variance it would cause if dated on the wrong side. */
interface Suspect {
  readonly movementId: string;
  readonly actor: string;
  readonly occurredAt: string;
  /** Signed variance the movement causes if it physically happened on the other side of the count. */
  readonly effect: Dec;
  /** Milliseconds between its date and the window (0 inside the window). */
  readonly gap: number;
  readonly side: 'before' | 'inside' | 'after';
}

/**
 * Movements of the key (count adjustments left out) dated within `horizonMs` of its count window,
 * with the variance each causes when dated on the wrong side of the count:
 * - dated after the window (so not in expected) but physically before the count: `+delta`;
 * - dated inside the window (the counter may or may not have seen the units): `+delta`;
 * - dated at or before the window start (so in expected) but physically after the count: `−delta`.
 *
 * @internal
 */
function suspects(facts: LineFacts, horizonMs: number): Suspect[] {
  const from = Date.parse(facts.line.window.from);
  const to = Date.parse(facts.line.window.to);
  const byMovement = new Map<string, { actor: string; occurredAt: string; delta: Dec }>();
  for (const posting of facts.postings) {
    if (posting.kind === 'count_adjustment') continue;
    const existing = byMovement.get(posting.movementId);
    if (existing) existing.delta = existing.delta.plus(posting.delta);
    else byMovement.set(posting.movementId, { actor: posting.actor, occurredAt: posting.occurredAt, delta: new D(posting.delta) });
  }
  const result: Suspect[] = [];
  for (const [movementId, { actor, occurredAt, delta }] of byMovement) {
    if (delta.isZero()) continue;
    const time = Date.parse(occurredAt);
    if (time > to && time - to <= horizonMs) result.push({ movementId, actor, occurredAt, effect: delta, gap: time - to, side: 'after' });
    else if (time > from && time <= to) result.push({ movementId, actor, occurredAt, effect: delta, gap: 0, side: 'inside' });
    else if (time <= from && from - time <= horizonMs) {
      result.push({ movementId, actor, occurredAt, effect: delta.negated(), gap: from - time, side: 'before' });
    }
  }
  return result.sort((a, b) => a.gap - b.gap || compare(a.movementId, b.movementId));
}

/**
 * `cutoff`: each movement near the count whose effect has the variance's sign and fits in it is a
 * hypothesis explaining its whole quantity (a movement happened on one side of the count or the
 * other), as confident as it is close: `0.8 × (1 − 0.5 × gap / horizon)`. It fits as long as the
 * line has that much left to explain.
 *
 * @internal
 */
export function cutoffHypotheses(facts: LineFacts, horizonMs: number): Hypothesis[] {
  if (facts.variance.isZero()) return [];
  return suspects(facts, horizonMs)
    .filter((suspect) => suspect.effect.isNegative() === facts.variance.isNegative() && suspect.effect.abs().lte(facts.size))
    .map((suspect): Hypothesis => {
      const qty = suspect.effect.abs();
      const proximity = horizonMs === 0 ? 1 : 1 - (0.5 * suspect.gap) / horizonMs;
      return {
        category: 'cutoff',
        lines: [facts],
        strength: baseConfidence.cutoff * proximity,
        distance: suspect.gap,
        id: `${facts.id}\u0000${suspect.movementId}`,
        available: () => (qty.lte(facts.remaining) ? qty : undefined),
        record: () => record(facts, suspect, qty, proximity),
      };
    });
}

function record(facts: LineFacts, suspect: Suspect, qty: Dec, proximity: number): void {
  const where = suspect.side === 'inside' ? 'during' : suspect.side;
  facts.candidates.push({
    category: 'cutoff',
    confidence: confidenceOf(baseConfidence.cutoff, qty.div(facts.size).toNumber(), proximity),
    explainedQty: formatDecimal(qty),
    evidence: { entryIds: unique(facts.decidingEntries.map((entry) => entry.entryId)), movementIds: [suspect.movementId], lines: [] },
    responsible: [suspect.actor],
    suggestion: {
      kind: 'redate_movement',
      text: `Movement ${suspect.movementId} is dated ${suspect.occurredAt}, ${where} the count: check when it physically happened`,
    },
  });
}
