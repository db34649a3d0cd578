import { D, formatDecimal } from '../quantity/decimal.js';
import { baseConfidence, confidenceOf } from './confidence.js';
import { overruledRounds, unique, type LineFacts } from './facts.js';

/**
 * `count_error`: a round the deciding figure overruled (the book confirmed a recount, two
 * independent counts agreed against it, or a supervisor decided otherwise). Its counters answer
 * for it; it explains the difference between that round's variance and the line's, which is not
 * part of the line's own variance, so it takes nothing from the line's budget.
 *
 * @internal
 */
export function attributeCountErrors(facts: LineFacts): void {
  const { line } = facts;
  const deciding = line.rounds.find((round) => round.round === line.round);
  const base = line.decision
    ? baseConfidence.count_error_decision
    : line.status === 'needs_approval'
      ? baseConfidence.count_error_recount
      : baseConfidence.count_error_book;
  for (const round of overruledRounds(line)) {
    facts.candidates.push({
      category: 'count_error',
      confidence: confidenceOf(base, 1),
      explainedQty: formatDecimal(new D(round.variance).minus(line.variance).abs()),
      evidence: {
        entryIds: unique([...round.entryIds, ...(line.decision ? [] : (deciding?.entryIds ?? []))]),
        movementIds: [],
        lines: [],
      },
      responsible: [...round.counters],
    });
  }
}
