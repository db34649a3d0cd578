import type { Dec } from '../quantity/decimal.js';
import { categoryOrder } from './confidence.js';
import { compare, type LineFacts } from './facts.js';
import type { AttributionCategory } from './types.js';

/**
 * One possible explanation of some variance: a unit error or a cut-off movement of one line, or
 * an offsetting pair of two lines (a misplacement or a mix-up). Hypotheses compete for the
 * variance of their lines in {@link allocateHypotheses}.
 *
 * @internal
 */
export interface Hypothesis {
  readonly category: Extract<AttributionCategory, 'uom_error' | 'cutoff' | 'misplacement' | 'item_mixup'>;
  /** The lines it explains: one, or the two of an offsetting pair. */
  readonly lines: readonly LineFacts[];
  /** Its confidence when it explains the whole variance of each of its lines: the base times the proximity. */
  readonly strength: number;
  /** How far the evidence lies, to break ties: milliseconds from the count window (cutoff), path segments (pairs), 0 (units). */
  readonly distance: number;
  /** A stable id, the last tie-breaker, so the result never depends on the order of the input. */
  readonly id: string;
  /** The quantity it would explain of each of its lines now, or `undefined` when it no longer fits. */
  available(): Dec | undefined;
  /** Records its candidate on each of its lines for `qty` (the allocation takes `qty` from their budgets). */
  record(qty: Dec): void;
}

interface Queued {
  readonly hypothesis: Hypothesis;
  readonly priority: number;
}

/**
 * The confidence a hypothesis gives the weaker of its lines when it explains `qty` of each: its
 * strength times the share `qty / |variance|` of the line with the larger variance.
 *
 * @internal
 */
export function priorityOf(hypothesis: Hypothesis, qty: Dec): number {
  let size = hypothesis.lines[0]!.size;
  for (const line of hypothesis.lines) if (line.size.gt(size)) size = line.size;
  return hypothesis.strength * qty.div(size).toNumber();
}

/** Whether `a` goes before `b`: higher priority, then the more specific category, the nearer evidence, the smaller id. */
function before(a: Queued, b: Queued): boolean {
  if (a.priority !== b.priority) return a.priority > b.priority;
  const x = a.hypothesis;
  const y = b.hypothesis;
  return (categoryOrder[x.category] - categoryOrder[y.category] || x.distance - y.distance || compare(x.id, y.id)) < 0;
}

/**
 * Assigns the lines' variances to the hypotheses, the most confident first: repeatedly, the
 * hypothesis that would now explain its lines with the highest confidence (for a pair, the
 * confidence of its weaker side) takes what it explains from each of its lines. Explaining takes
 * from a line's budget, so a hypothesis loses confidence (a pair explains less) or no longer fits
 * (a unit error needs the whole variance, a cut-off movement its whole quantity) as others take;
 * the queue re-ranks it lazily, which is exact because priorities only ever fall. Both lines of a
 * pair record the same quantity, so offsetting lines always agree, and a unit of variance never
 * explains two things.
 *
 * @param hypotheses - every hypothesis of every line
 * @internal
 */
export function allocateHypotheses(hypotheses: readonly Hypothesis[]): void {
  const queue = new Heap<Queued>(before);
  for (const hypothesis of hypotheses) {
    const qty = hypothesis.available();
    if (qty !== undefined) queue.push({ hypothesis, priority: priorityOf(hypothesis, qty) });
  }
  for (let top = queue.pop(); top !== undefined; top = queue.pop()) {
    const { hypothesis } = top;
    const qty = hypothesis.available();
    if (qty === undefined) continue;
    const priority = priorityOf(hypothesis, qty);
    if (priority < top.priority) {
      queue.push({ hypothesis, priority });
      continue;
    }
    hypothesis.record(qty);
    for (const line of hypothesis.lines) line.remaining = line.remaining.minus(qty);
  }
}

/** A binary heap: `pop` returns the element that goes before every other. */
class Heap<T> {
  private readonly items: T[] = [];

  constructor(private readonly before: (a: T, b: T) => boolean) {}

  push(item: T): void {
    const items = this.items;
    items.push(item);
    for (let at = items.length - 1; at > 0; ) {
      const parent = (at - 1) >> 1;
      if (!this.before(items[at]!, items[parent]!)) break;
      [items[at], items[parent]] = [items[parent]!, items[at]!];
      at = parent;
    }
  }

  pop(): T | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (items.length === 0 || last === undefined) return top;
    items[0] = last;
    for (let at = 0; ; ) {
      const left = 2 * at + 1;
      const right = left + 1;
      let first = at;
      if (left < items.length && this.before(items[left]!, items[first]!)) first = left;
      if (right < items.length && this.before(items[right]!, items[first]!)) first = right;
      if (first === at) break;
      [items[at], items[first]] = [items[first]!, items[at]!];
      at = first;
    }
    return top;
  }
}
