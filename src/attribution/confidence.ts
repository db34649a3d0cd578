/**
 * The confidence model of attribution.
 *
 * A candidate's confidence is `base × share × proximity`, rounded to two decimals and kept in
 * `[0, 1]`:
 *
 * | category | base | why |
 * |---|---|---|
 * | `count_error` | 0.9 when the book confirms the recount (match or within tolerance), 0.85 when two independent counts agree, 0.7 when a supervisor decided | a later, independent observation contradicts the earlier one |
 * | `uom_error` | 0.85 | the variance is exactly what reading a pack as an each (or the reverse) gives |
 * | `cutoff` | 0.8 | a movement of the variance's quantity sits at the count's edge |
 * | `misplacement` | 0.75, 0.85 when the locations are near (siblings, or parent and child, under a common ancestor: two root-level locations such as two plants never are) | the same goods appear where they are missing |
 * | `item_mixup` | 0.8 at the same location, 0.7 at a near one (never between locations that are not near) | a look-alike moved the opposite way |
 * | `inherited` | 0.6 | a baseline count exists to separate inherited differences |
 * | `shrinkage` / `unexplained` | 0.5 | the default hypothesis when nothing else fits |
 *
 * - `share` is the part of the line's variance the candidate explains (`explainedQty / |variance|`);
 *   an exact match has share 1, a partial one less (a `count_error` always has share 1: it
 *   explains the overruled round).
 * - Candidates compete for a line's variance by this confidence (see `allocate.ts`): the most
 *   confident explanation takes its share first, so a far cut-off (0.4) never hides a misplacement
 *   at the next bin (0.85), nor a pairing across warehouses (0.75) a mix-up in the same bin (0.8).
 * - `proximity` only applies to `cutoff`: `1 − 0.5 × gap / horizon`, where `gap` is how far the
 *   movement is dated from the count window (0 inside it) and `horizon` the cut-off window
 *   (`cutoffMinutes`), so a movement at the window's edge keeps its base and one at the horizon
 *   half of it.
 *
 * @module
 */
import type { AttributionCategory } from './types.js';

/** The base confidence of each category (see the module documentation). */
export const baseConfidence = {
  count_error_book: 0.9,
  count_error_recount: 0.85,
  count_error_decision: 0.7,
  uom_error: 0.85,
  cutoff: 0.8,
  misplacement: 0.75,
  misplacement_near: 0.85,
  item_mixup: 0.7,
  item_mixup_same_location: 0.8,
  inherited: 0.6,
  shrinkage: 0.5,
  unexplained: 0.5,
} as const;

/**
 * Combines a base, a share and a proximity into a confidence.
 *
 * @param base - the category's base confidence
 * @param share - the part of the variance explained, 0 to 1
 * @param proximity - 1, or the cut-off proximity factor
 * @returns the confidence, two decimals, in `[0, 1]`
 * @internal
 */
export function confidenceOf(base: number, share: number, proximity = 1): number {
  const value = base * Math.min(1, Math.max(0, share)) * Math.min(1, Math.max(0, proximity));
  return Math.round(value * 100) / 100;
}

/** Ties in confidence are broken by this order: the more specific explanation first. @internal */
export const categoryOrder: Readonly<Record<AttributionCategory, number>> = {
  count_error: 0,
  uom_error: 1,
  cutoff: 2,
  misplacement: 3,
  item_mixup: 4,
  inherited: 5,
  shrinkage: 6,
  unexplained: 7,
};
