import { D, formatDecimal, type Dec } from '../quantity/decimal.js';
import { baseConfidence, confidenceOf } from './confidence.js';
import { unique, type LineFacts } from './facts.js';

/**
 * `uom_error`: the variance is exactly what a pack read as an each (or the reverse) gives, either
 * for one entry of the deciding round or for the whole count:
 * - an entry of `q` base units that was really `q` packs of `f`: variance `−q × (f − 1)`;
 * - an entry of `n` packs of `f` that was really `n` each: variance `+n × (f − 1)`;
 * - the whole count in eaches where packs stood (`counted × f = expected`), or the reverse
 *   (`counted = expected × f`).
 * The counters of the entries involved answer for it. Only exact matches count.
 *
 * @internal
 */
export function attributeUomError(facts: LineFacts): void {
  const { item, variance, line } = facts;
  if (!item || variance.isZero() || facts.remaining.lt(facts.size) || facts.decidingEntries.length === 0) return;
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
      if (error && error.eq(variance)) {
        record(facts, [entry.entryId], [entry.counter], text);
        return;
      }
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
      record(
        facts,
        facts.decidingEntries.map((entry) => entry.entryId),
        facts.decidingEntries.map((entry) => entry.counter),
        text,
      );
      return;
    }
  }
}

function record(facts: LineFacts, entryIds: readonly string[], counters: readonly string[], text: string): void {
  facts.candidates.push({
    category: 'uom_error',
    confidence: confidenceOf(baseConfidence.uom_error, 1),
    explainedQty: formatDecimal(facts.size),
    evidence: { entryIds: unique(entryIds), movementIds: [], lines: [] },
    responsible: unique(counters),
    suggestion: { kind: 'correct_unit', text: `${text}: recount in the right unit before posting` },
  });
  facts.remaining = new D(0);
}
