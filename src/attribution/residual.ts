import { D, formatDecimal } from '../quantity/decimal.js';
import { baseConfidence, confidenceOf } from './confidence.js';
import { unique, type LineFacts } from './facts.js';

/**
 * What nothing else explains:
 * - in a `baseline` session, `inherited`: the custodians before the current one (every custody
 *   segment of the period but the last; the only one when custody did not change), with the
 *   period's movements;
 * - otherwise `shrinkage` for a loss and `unexplained` for a gain: everyone who answered for the
 *   location since the key's last good count, with the period's movements.
 *
 * @internal
 */
export function attributeResidual(facts: LineFacts, purpose: 'regular' | 'baseline'): void {
  if (facts.remaining.isZero()) return;
  const qty = facts.remaining;
  const share = qty.div(facts.size).toNumber();
  const segments = facts.custody;
  let responsible: string[];
  let category: 'inherited' | 'shrinkage' | 'unexplained';
  let base: number;
  if (purpose === 'baseline') {
    category = 'inherited';
    base = baseConfidence.inherited;
    const previous = segments.length > 1 ? segments.slice(0, -1) : segments;
    responsible = unique(previous.flatMap((segment) => segment.custodians));
  } else {
    category = facts.variance.isNegative() ? 'shrinkage' : 'unexplained';
    base = category === 'shrinkage' ? baseConfidence.shrinkage : baseConfidence.unexplained;
    responsible = unique(segments.flatMap((segment) => segment.custodians));
  }
  facts.candidates.push({
    category,
    confidence: confidenceOf(base, share),
    explainedQty: formatDecimal(qty),
    evidence: {
      entryIds: unique(facts.decidingEntries.map((entry) => entry.entryId)),
      movementIds: [...facts.periodMovementIds],
      lines: [],
    },
    responsible,
  });
  facts.remaining = new D(0);
}
