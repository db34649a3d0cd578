import { D } from '../quantity/decimal.js';
import { reasonFitsVariance, type ReasonCode } from '../count/reason-codes.js';
import type { Attribution, AttributionCategory } from './types.js';

/** The reason code each category proposes, when the engine's list has it. */
export const reasonForCategory: Readonly<Record<AttributionCategory, string>> = {
  count_error: 'count_error',
  cutoff: 'cutoff',
  misplacement: 'misplaced',
  item_mixup: 'item_mixup',
  uom_error: 'uom_error',
  shrinkage: 'shrinkage',
  unexplained: 'found',
  inherited: 'inherited',
};

/**
 * Proposes a reason code for a line: the code of its most likely candidate that explains the
 * variance (`count_error` candidates explain an overruled round, not the variance, and are
 * skipped), taking the next candidate when the list lacks the code or its sign rule does not fit.
 * No proposal for a zero variance (nothing is posted) or when no candidate maps to a usable code.
 *
 * @param attribution - the line's attribution
 * @param codes - the engine's reason codes
 * @returns the proposed code, or `undefined`
 * @internal
 * @example
 * ```ts
 * proposeReason(line.attribution!, defaultReasonCodes); // 'misplaced'
 * ```
 */
export function proposeReason(attribution: Attribution, codes: readonly ReasonCode[]): string | undefined {
  if (new D(attribution.variance).isZero()) return undefined;
  for (const candidate of attribution.candidates) {
    if (candidate.category === 'count_error') continue;
    const code = codes.find((reason) => reason.code === reasonForCategory[candidate.category]);
    if (code && reasonFitsVariance(code, attribution.variance)) return code.code;
  }
  return undefined;
}
