import { D, formatDecimal, type Dec } from '../quantity/decimal.js';
import { baseConfidence, confidenceOf } from './confidence.js';
import type { Hypothesis } from './allocate.js';
import { unique, type LineFacts } from './facts.js';

/**
 * `uom_error`: the variance is exactly what a pack read as an each (or the reverse) gives, either
 * for one entry of the deciding round or for the whole count:
 * - an entry of `q` base units that was really `q` packs of `f`: variance `−q × (f − 1)`;
 * - an entry of `n` packs of `f` that was really `n` each: variance `+n × (f − 1)`;
 * - the whole count in eaches where packs stood (`counted × f = expected`), or the reverse
 *   (`counted = expected × f`).
 * The counters of the entries involved answer for it. Only exact matches count: the hypothesis
 * explains the whole variance (confidence 0.85) and fits only while nothing else took any of it.
 *
 * @internal
 */
export function uomErrorHypothesis(facts: LineFacts): Hypothesis | undefined {
  const found = uomError(facts);
  if (found === undefined) return undefined;
  return {
    category: 'uom_error',
    lines: [facts],
    strength: baseConfidence.uom_error,
    distance: 0,
    id: facts.id,
    available: () => (facts.remaining.eq(facts.size) ? facts.size : undefined),
    record: () => record(facts, found),
  };
}

interface UomError {
  readonly entryIds: readonly string[];
  readonly counters: readonly string[];
  readonly text: string;
}

function uomError(facts: LineFacts): UomError | undefined {
  const { item, variance, line } = facts;
  if (!item || variance.isZero() || facts.decidingEntries.length === 0) return undefined;
  const packs = item.packs.filter((pack) => new D(pack.factor).gt(1));
  for (const entry of facts.decidingEntries) {
    for (const pack of packs) {
      const factor = new D(pack.factor);
      let error: Dec | undefined;
      let text = '';
      if (entry.enteredUom === undefined && entry.qty !== undefined) {
        error = new D(entry.qty).times(factor.minus(1)).negated();
        text = `Entry ${entry.entryId}: ${entry.qty} ${item.baseUom} may have been ${entry.qty} ${pack.uom}`;
      } else if (entry.enteredUom === pack.uom && entry.enteredQty !== undefined) {
        error = new D(entry.enteredQty).times(factor.minus(1));
        text = `Entry ${entry.entryId}: ${entry.enteredQty} ${pack.uom} may have been ${entry.enteredQty} ${item.baseUom}`;
      }
      if (error && error.eq(variance)) return { entryIds: [entry.entryId], counters: [entry.counter], text };
    }
  }
  const counted = new D(line.counted);
  const expected = new D(line.expected);
  for (const pack of packs) {
    const factor = new D(pack.factor);
    const asEaches = counted.times(factor).eq(expected);
    const asPacks = counted.eq(expected.times(factor));
    if (asEaches || asPacks) {
      const text = asEaches
        ? `The count of ${line.counted} ${item.baseUom} may have been ${line.counted} ${pack.uom}`
        : `The count may have taken ${item.baseUom} for ${pack.uom}`;
      return { entryIds: facts.decidingEntries.map((entry) => entry.entryId), counters: facts.decidingEntries.map((entry) => entry.counter), text };
    }
  }
  return undefined;
}

function record(facts: LineFacts, { entryIds, counters, text }: UomError): void {
  facts.candidates.push({
    category: 'uom_error',
    confidence: confidenceOf(baseConfidence.uom_error, 1),
    explainedQty: formatDecimal(facts.size),
    evidence: { entryIds: unique(entryIds), movementIds: [], lines: [] },
    responsible: unique(counters),
    suggestion: { kind: 'correct_unit', text: `${text}: recount in the right unit before posting` },
  });
}
