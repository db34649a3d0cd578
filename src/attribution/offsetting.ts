import { toStockKey } from '../ledger/key.js';
import { formatDecimal, type Dec } from '../quantity/decimal.js';
import { baseConfidence, confidenceOf } from './confidence.js';
import type { Hypothesis } from './allocate.js';
import { compare, unique, type LineFacts } from './facts.js';
import type { AttributionSuggestion } from './types.js';

/** Two lines whose variances may offset each other. */
interface Pair {
  readonly category: 'misplacement' | 'item_mixup';
  readonly a: LineFacts;
  readonly b: LineFacts;
  /** Path distance between the two locations (0 for the same location, 2 for siblings). */
  readonly distance: number;
  /** Whether the locations are the same or near each other (see `relation`). */
  readonly near: boolean;
}

/**
 * Every pair of lines with opposite variances that may offset each other, as hypotheses:
 * misplacements (the same item, lot and serial at another location; confidence 0.85 when the
 * locations are near each other, else 0.75) and mix-ups (a look-alike item with the same base unit
 * at the same location, 0.8, or a near one, 0.7). A pair explains the smaller of what is left of
 * the two variances, the same quantity on both lines.
 *
 * @internal
 */
export function offsettingHypotheses(all: readonly LineFacts[]): Hypothesis[] {
  return offsettingPairs(all).map((pair) => {
    const { a, b } = pair;
    return {
      category: pair.category,
      lines: [a, b],
      strength: strengthOf(pair),
      distance: pair.distance,
      id: `${a.id}\u0000${b.id}`,
      available: () => (a.remaining.isZero() || b.remaining.isZero() ? undefined : a.remaining.lt(b.remaining) ? a.remaining : b.remaining),
      record: (qty) => {
        record(pair, a, b, qty);
        record(pair, b, a, qty);
      },
    };
  });
}

function offsettingPairs(all: readonly LineFacts[]): Pair[] {
  const pairs: Pair[] = [];
  const sorted = [...all].filter((facts) => !facts.variance.isZero()).sort((x, y) => compare(x.id, y.id));
  // Only lines of the same sku or of look-alike skus can pair: index by sku instead of comparing all pairs.
  const bySku = new Map<string, LineFacts[]>();
  for (const facts of sorted) bySku.set(facts.line.key.sku, [...(bySku.get(facts.line.key.sku) ?? []), facts]);
  const lookedAlikeBy = new Map<string, Set<string>>();
  for (const [sku, group] of bySku) {
    for (const other of group[0]?.item?.lookAlikes ?? []) lookedAlikeBy.set(other, (lookedAlikeBy.get(other) ?? new Set()).add(sku));
  }
  for (const a of sorted) {
    const ka = a.line.key;
    const related = new Set([ka.sku, ...(a.item?.lookAlikes ?? []), ...(lookedAlikeBy.get(ka.sku) ?? [])]);
    for (const sku of related) {
      for (const b of bySku.get(sku) ?? []) {
        if (compare(a.id, b.id) >= 0 || a.variance.isNegative() === b.variance.isNegative()) continue;
        const kb = b.line.key;
        const { distance, near } = relation(ka.location, kb.location);
        if (ka.sku === kb.sku) {
          if (ka.location !== kb.location && ka.lot === kb.lot && ka.serial === kb.serial) pairs.push({ category: 'misplacement', a, b, distance, near });
          continue;
        }
        const lookAlike = (a.item?.lookAlikes.includes(kb.sku) ?? false) || (b.item?.lookAlikes.includes(ka.sku) ?? false);
        if (lookAlike && near && a.item !== undefined && a.item.baseUom === b.item?.baseUom) {
          pairs.push({ category: 'item_mixup', a, b, distance, near });
        }
      }
    }
  }
  return pairs;
}

function strengthOf(pair: Pair): number {
  if (pair.category === 'misplacement') return pair.near ? baseConfidence.misplacement_near : baseConfidence.misplacement;
  return pair.distance === 0 ? baseConfidence.item_mixup_same_location : baseConfidence.item_mixup;
}

function record(pair: Pair, self: LineFacts, other: LineFacts, qty: Dec): void {
  const movers = unique([...self.movers, ...other.movers]);
  const custodians = unique([...self.custody, ...other.custody].flatMap((segment) => segment.custodians));
  self.candidates.push({
    category: pair.category,
    confidence: confidenceOf(strengthOf(pair), qty.div(self.size).toNumber()),
    explainedQty: formatDecimal(qty),
    evidence: {
      entryIds: unique([...self.decidingEntries, ...other.decidingEntries].map((entry) => entry.entryId)),
      movementIds: unique([...self.periodMovementIds, ...other.periodMovementIds]),
      lines: [toStockKey(other.line.key)],
    },
    responsible: movers.length > 0 ? movers : custodians,
    suggestion: suggestion(pair.category, self, other, qty),
  });
}

function suggestion(category: Pair['category'], self: LineFacts, other: LineFacts, qty: Dec): AttributionSuggestion {
  const [loss, gain] = self.variance.isNegative() ? [self, other] : [other, self];
  const amount = formatDecimal(qty);
  if (category === 'item_mixup') {
    return {
      kind: 'relabel',
      text: `${amount} of ${gain.line.key.sku} at ${gain.line.key.location} may be ${loss.line.key.sku} (missing at ${loss.line.key.location}): check labels and mixed goods`,
    };
  }
  const key = loss.line.key;
  return {
    kind: 'transfer',
    sku: key.sku,
    from: key.location,
    to: gain.line.key.location,
    qty: amount,
    ...(key.lot === undefined ? {} : { lot: key.lot }),
    ...(key.serial === undefined ? {} : { serial: key.serial }),
    text: `Transfer ${amount} ${key.sku} from ${key.location} to ${gain.line.key.location} instead of posting a loss and a gain`,
  };
}

/**
 * How far apart two locations are: the segments walked from one to the other through their common
 * ancestor, and whether they are near each other: the same location, or at most two steps apart
 * through a common ancestor (siblings, parent and child, grandparent and grandchild). Root-level
 * locations (two plants, two warehouses) share no ancestor and are never near.
 */
function relation(a: string, b: string): { readonly distance: number; readonly near: boolean } {
  const x = a.split('/');
  const y = b.split('/');
  let common = 0;
  while (common < x.length && common < y.length && x[common] === y[common]) common += 1;
  const distance = x.length + y.length - 2 * common;
  return { distance, near: distance === 0 || (common > 0 && distance <= 2) };
}
