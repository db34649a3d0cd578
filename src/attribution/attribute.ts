import { D, sumDecimals } from '../quantity/decimal.js';
import { parseInput } from '../validate.js';
import { categoryOrder } from './confidence.js';
import { attributeCountErrors } from './count-error.js';
import { attributeExactCutoff, attributePartialCutoff } from './cutoff.js';
import { buildFacts, compare, isAttributable, type LineFacts } from './facts.js';
import { matchOffsetting, offsettingPairs } from './offsetting.js';
import { attributeResidual } from './residual.js';
import { attributionInputSchema, type AttributionInput } from './schemas.js';
import type { AttributedLine, AttributionCandidate } from './types.js';
import { attributeUomError } from './uom-error.js';

const DEFAULT_CUTOFF_MINUTES = 120;

/**
 * Explains the variances of a review: a pure function of the review lines, the ledger slice, the
 * catalog, the custodian assignments and the count records.
 *
 * Which lines: every line that is not `pending` with a non-zero variance (`within_tolerance` ones
 * too: they are posted, so they need a reason), and every settled line where a recount overruled
 * an earlier round.
 *
 * How, in this order, each step taking from what is still unexplained of a line so that the
 * non-`count_error` candidates of a line add up to its absolute variance and one unit of variance
 * never explains two lines:
 * 1. `count_error` for every overruled round (it explains the overruled round, not the variance);
 * 2. exact single-line explanations: `uom_error`, then `cutoff` (one movement of the variance's
 *    quantity);
 * 3. exact offsetting pairs across lines (`misplacement`, then `item_mixup`), nearest first;
 * 4. partial offsetting pairs, the smaller quantity of the two;
 * 5. partial `cutoff` movements;
 * 6. the rest: `inherited` in a baseline session, else `shrinkage` (losses) or `unexplained` (gains).
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
  for (const line of facts) attributeUomError(line);
  for (const line of facts) attributeExactCutoff(line, horizonMs);
  const pairs = offsettingPairs(facts);
  matchOffsetting(pairs, true);
  matchOffsetting(pairs, false);
  for (const line of facts) attributePartialCutoff(line, horizonMs);
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
