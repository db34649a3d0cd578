import { D, sumDecimals } from '../quantity/decimal.js';
import { parseInput } from '../validate.js';
import { categoryOrder } from './confidence.js';
import { allocateHypotheses } from './allocate.js';
import { attributeCountErrors } from './count-error.js';
import { cutoffHypotheses } from './cutoff.js';
import { buildFacts, compare, isAttributable, type LineFacts } from './facts.js';
import { DEFAULT_CUTOFF_MINUTES } from './history-bound.js';
import { offsettingHypotheses } from './offsetting.js';
import { attributeResidual } from './residual.js';
import { attributionInputSchema, type AttributionInput } from './schemas.js';
import type { AttributedLine, AttributionCandidate } from './types.js';
import { uomErrorHypothesis } from './uom-error.js';

/**
 * Explains the variances of a review: a pure function of the review lines, the ledger slice, the
 * catalog, the custodian assignments and the count records.
 *
 * Which lines: every line that is not `pending` with a non-zero variance (`within_tolerance` ones
 * too: they are posted, so they need a reason), and every settled line where a recount overruled
 * an earlier round.
 *
 * How: every candidate explanation of every line is gathered first, then the variances are
 * assigned to them by confidence, so a line's first candidate is its best explanation rather than
 * whichever kind was tried first:
 * 1. `count_error` for every overruled round (it explains the overruled round, not the variance,
 *    and takes nothing from the line);
 * 2. the hypotheses: `uom_error` (a pack read as an each, or the reverse: the whole variance),
 *    `cutoff` (each movement near the count that would cause the variance's sign if dated on the
 *    wrong side: its whole quantity), `misplacement` and `item_mixup` (each pair of lines whose
 *    variances offset: the smaller of the two, on both lines);
 * 3. the allocation: repeatedly, the hypothesis that would now explain its lines with the highest
 *    confidence (`base × share × proximity`; for a pair, its weaker side) takes what it explains
 *    from each of its lines; ties go to the more specific category, then the nearer evidence
 *    (the closer movement, the nearer location), then the keys; each line's absolute variance is
 *    a budget, so the candidates of a line add up to it and one unit of variance never explains
 *    two things, and both lines of a pair record the same quantity, so offsetting lines agree;
 * 4. the rest: `inherited` in a baseline session, else `shrinkage` (losses) or `unexplained` (gains).
 *
 * Candidates are ranked by confidence (see `confidence.ts`), then by category, then by quantity.
 * Nobody is named who is not linked to the key (or, for `misplacement` and `item_mixup`, to the
 * offsetting line's key): counters of its entries, actors of its movements, or its location's
 * custodians during the period.
 *
 * @param input - lines, entries, postings, items, custodian assignments, count records, options
 * @returns the attributed lines, in the order of `input.lines`
 * @throws StocktakeError `invalid_input` when the input does not match {@link attributionInputSchema}
 * @example
 * ```ts
 * const review = await st.counts.review(sessionId);
 * const attributed = attributeVariances({
 *   sessionId, purpose: 'regular', lines: review.lines, entries, postings, items,
 *   custodians: await st.catalog.listCustodianAssignments(), countRecords: await st.counts.countRecords(),
 * });
 * attributed[0]?.attribution.candidates[0]?.category; // 'misplacement'
 * ```
 */
export function attributeVariances(input: AttributionInput): AttributedLine[] {
  parseInput(attributionInputSchema, input, ['input']);
  return attributeLines(input);
}

/**
 * Whether {@link attributeVariances} explains a line.
 *
 * @internal
 */
export const isAttributableLine: (line: AttributionInput['lines'][number]) => boolean = isAttributable;

/**
 * {@link attributeVariances} without input validation, for data the engine loaded itself.
 *
 * @internal
 */
export function attributeLines(input: AttributionInput): AttributedLine[] {
  const horizonMs = (input.options?.cutoffMinutes ?? DEFAULT_CUTOFF_MINUTES) * 60_000;
  const facts = buildFacts(input);
  for (const line of facts) attributeCountErrors(line);
  allocateHypotheses([
    ...facts.flatMap((line) => uomErrorHypothesis(line) ?? []),
    ...facts.flatMap((line) => cutoffHypotheses(line, horizonMs)),
    ...offsettingHypotheses(facts),
  ]);
  for (const line of facts) attributeResidual(line, input.purpose);
  return facts.map((line) => ({ key: line.line.key, attribution: finish(line) }));
}

function finish(facts: LineFacts): AttributedLine['attribution'] {
  const candidates = [...facts.candidates].sort(rank);
  return {
    variance: facts.line.variance,
    explainedQty: sumDecimals(candidates.filter((c) => c.category !== 'count_error').map((c) => c.explainedQty)),
    candidates,
    period: facts.period,
  };
}

function rank(a: AttributionCandidate, b: AttributionCandidate): number {
  return (
    b.confidence - a.confidence ||
    categoryOrder[a.category] - categoryOrder[b.category] ||
    new D(b.explainedQty).comparedTo(a.explainedQty) ||
    compare(JSON.stringify(a.evidence), JSON.stringify(b.evidence))
  );
}
