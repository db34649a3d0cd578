import { toStockKey } from '../ledger/key.js';
import { formatDecimal, type Dec } from '../quantity/decimal.js';
import { baseConfidence, confidenceOf } from './confidence.js';
import { compare, unique, type LineFacts } from './facts.js';
import type { AttributionSuggestion } from './types.js';

/** Two lines whose variances may offset each other. */
interface Pair {
  readonly category: 'misplacement' | 'item_mixup';
  readonly a: LineFacts;
  readonly b: LineFacts;
  /** Path distance between the two locations (0 for the same location, 2 for siblings). */
  readonly distance: number;
}

/**
 * Every pair of lines with opposite variances that may offset each other, in the order they are
 * matched: misplacements (same item, lot and serial at another location) before mix-ups (a
 * look-alike item with the same base unit at the same location or a sibling one), the nearest
 * locations first, then by key.
 *
 * @internal
 */
export function offsettingPairs(all: readonly LineFacts[]): Pair[] {
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
        const distance = pathDistance(ka.location, kb.location);
        if (ka.sku === kb.sku) {
          if (ka.location !== kb.location && ka.lot === kb.lot && ka.serial === kb.serial) pairs.push({ category: 'misplacement', a, b, distance });
          continue;
        }
        const lookAlike = (a.item?.lookAlikes.includes(kb.sku) ?? false) || (b.item?.lookAlikes.includes(ka.sku) ?? false);
        if (lookAlike && distance <= 2 && a.item !== undefined && a.item.baseUom === b.item?.baseUom) {
          pairs.push({ category: 'item_mixup', a, b, distance });
        }
      }
    }
  }
  return pairs.sort(
    (x, y) =>
      (x.category === y.category ? 0 : x.category === 'misplacement' ? -1 : 1) ||
      x.distance - y.distance ||
      compare(x.a.id, y.a.id) ||
      compare(x.b.id, y.b.id),
  );
}

/**
 * Matches offsetting variances, a global allocation: with `exact`, only pairs whose unexplained
 * quantities are equal; otherwise the smaller of the two. Each matched quantity is taken from both
 * lines, so a unit of variance never explains two lines.
 *
 * @internal
 */
export function matchOffsetting(pairs: readonly Pair[], exact: boolean): void {
  for (const pair of pairs) {
    const { a, b } = pair;
    if (a.remaining.isZero() || b.remaining.isZero()) continue;
    if (exact && !a.remaining.eq(b.remaining)) continue;
    const qty = a.remaining.lt(b.remaining) ? a.remaining : b.remaining;
    record(pair, a, b, qty);
    record(pair, b, a, qty);
    a.remaining = a.remaining.minus(qty);
    b.remaining = b.remaining.minus(qty);
  }
}

function record(pair: Pair, self: LineFacts, other: LineFacts, qty: Dec): void {
  const near = pair.category === 'misplacement' ? pair.distance <= 2 : pair.distance === 0;
  const base =
    pair.category === 'misplacement'
      ? near ? baseConfidence.misplacement_near : baseConfidence.misplacement
      : near ? baseConfidence.item_mixup_same_location : baseConfidence.item_mixup;
  const movers = unique([...self.movers, ...other.movers]);
  const custodians = unique([...self.custody, ...other.custody].flatMap((segment) => segment.custodians));
  self.candidates.push({
    category: pair.category,
    confidence: confidenceOf(base, qty.div(self.size).toNumber()),
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

/** Segments walked from one location to the other through their common ancestor. */
function pathDistance(a: string, b: string): number {
  const x = a.split('/');
  const y = b.split('/');
  let common = 0;
  while (common < x.length && common < y.length && x[common] === y[common]) common += 1;
  return x.length + y.length - 2 * common;
}
