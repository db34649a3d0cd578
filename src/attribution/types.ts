import type { StockKey } from '../ledger/key.js';
import type { DecimalString } from '../quantity/decimal.js';
import type { Instant } from '../time.js';

/**
 * What explains a variance (DESIGN §4):
 * - `count_error`: a recount disagreed with an earlier round and overruled it;
 * - `cutoff`: a movement near the count time with the variance's quantity, dated on the wrong side;
 * - `misplacement`: the same item shows an offsetting variance at another location;
 * - `item_mixup`: a look-alike item shows an offsetting variance nearby;
 * - `uom_error`: a pack counted as an each, or the reverse;
 * - `shrinkage`: a loss nothing else explains;
 * - `unexplained`: a gain nothing else explains;
 * - `inherited`: what a baseline (handover) count leaves unexplained.
 */
export type AttributionCategory =
  | 'count_error'
  | 'cutoff'
  | 'misplacement'
  | 'item_mixup'
  | 'uom_error'
  | 'shrinkage'
  | 'unexplained'
  | 'inherited';

/** What a candidate explanation rests on. */
export interface AttributionEvidence {
  /** Count entries (the counts that show or contradict the variance). */
  readonly entryIds: readonly string[];
  /** Movements (the suspect movement, or the movements of the period). */
  readonly movementIds: readonly string[];
  /** Other review lines' keys (the offsetting line of a misplacement or mix-up). */
  readonly lines: readonly StockKey[];
}

/** A transfer that would replace a loss at one location and a gain at another. */
export interface TransferSuggestion {
  readonly kind: 'transfer';
  readonly sku: string;
  /** Where the book has the stock that is missing. */
  readonly from: string;
  /** Where the stock was found. */
  readonly to: string;
  /** In base units. */
  readonly qty: DecimalString;
  readonly lot?: string;
  readonly serial?: string;
  /** The same in words. */
  readonly text: string;
}

/** Something to do instead of, or before, posting the adjustment. */
export type AttributionSuggestion =
  | TransferSuggestion
  | {
      /** `relabel` (a mix-up), `redate_movement` (a cut-off), `correct_unit` (a unit error). */
      readonly kind: 'relabel' | 'redate_movement' | 'correct_unit';
      /** What to do, in words. */
      readonly text: string;
    };

/** One candidate explanation of a line's variance. */
export interface AttributionCandidate {
  /** The kind of explanation. */
  readonly category: AttributionCategory;
  /** How likely the explanation is, from 0 to 1; see the confidence model in `confidence.ts`. */
  readonly confidence: number;
  /**
   * The part of the variance it explains, in base units, never negative. For `count_error`, the
   * part of the overruled round's variance the recount corrected; for every other category, a
   * share of the line's variance.
   */
  readonly explainedQty: DecimalString;
  /** Entries, movements and other lines it rests on. */
  readonly evidence: AttributionEvidence;
  /** The actors who answer for it; every one is linked to the key (or to an evidence line's key). */
  readonly responsible: readonly string[];
  /** What to do about it. */
  readonly suggestion?: AttributionSuggestion;
}

/** The period an attribution looks at: from the key's last good count to its count time. */
export interface AttributionPeriod {
  /** The last good count (a posted count of the key before this one), or the key's first movement. */
  readonly from: Instant;
  /** The end of the key's count window. */
  readonly to: Instant;
  /** The posted count the period starts from, when there is one. */
  readonly lastGoodCount?: { readonly sessionId: string; readonly countedAt: Instant };
}

/** The explanation of one review line. */
export interface Attribution {
  /** The line's variance (counted minus expected). */
  readonly variance: DecimalString;
  /**
   * The sum of the candidates' `explainedQty`, `count_error` excepted: equal to the absolute
   * variance, since what nothing else explains goes to `shrinkage`, `unexplained` or `inherited`.
   */
  readonly explainedQty: DecimalString;
  /** Candidates, most likely first. */
  readonly candidates: readonly AttributionCandidate[];
  /** The period looked at. */
  readonly period: AttributionPeriod;
}

/** A line's attribution, keyed by the line's key. */
export interface AttributedLine {
  /** The review line's key. */
  readonly key: StockKey;
  /** Its attribution. */
  readonly attribution: Attribution;
}

/** Tunables of {@link attributeVariances}. */
export interface AttributionOptions {
  /** How far from a count window a movement may be dated and still be a cut-off suspect; 120 minutes by default. */
  readonly cutoffMinutes?: number;
}
