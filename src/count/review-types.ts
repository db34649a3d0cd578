import type { Attribution } from '../attribution/types.js';
import type { StockKey } from '../ledger/key.js';
import type { DecimalString } from '../quantity/decimal.js';
import type { Instant } from '../time.js';
import type { CountDecision, CountEntry, CountState, CountTask } from './types.js';

/**
 * Where a review line stands:
 * - `pending`: its location is not complete in the current round, so it may still change;
 * - `match`: counted equals expected;
 * - `within_tolerance`: a variance the tolerance accepts;
 * - `recount`: beyond tolerance and not yet confirmed: a recount round checks it;
 * - `ambiguous`: a movement dated inside the count window (or a freeze override) means the
 *   counter may or may not have seen those units: it is recounted, never guessed;
 * - `needs_approval`: beyond tolerance and confirmed (two independent counts agree, or a
 *   supervisor decided): posting it needs an approver;
 * - `needs_decision`: rounds ran out, or recounts are `manual`: a supervisor decides.
 */
export type ReviewStatus =
  | 'pending'
  | 'match'
  | 'within_tolerance'
  | 'recount'
  | 'ambiguous'
  | 'needs_approval'
  | 'needs_decision';

/**
 * Why a line waits for someone, beside its status:
 * - `movement_in_window` / `freeze_override`: the deciding round is unusable (an `ambiguous` line,
 *   or `needs_decision` when no round is left);
 * - `rounds_exhausted`: the line needs another count but the session used its rounds;
 * - `manual_recount`: recounts are `manual`, so a supervisor decides or requests one;
 * - `no_independent_counter`: every counter of the session asserted this key already, so no
 *   recount can be independent;
 * - `movement_at_decision`: a movement dated exactly at a supervisor's decision arrived after it.
 */
export type StatusReason =
  | 'movement_in_window'
  | 'freeze_override'
  | 'rounds_exhausted'
  | 'manual_recount'
  | 'no_independent_counter'
  | 'movement_at_decision';

/** A count window: the first and last moments the key was observed in a round; both ends belong to it. */
export interface CountWindow {
  /** The first entry (or, for a key counted as zero, the first entry at its location). */
  readonly from: Instant;
  /** The last entry (or the location's completion mark). */
  readonly to: Instant;
}

/** One round's count of a key. */
export interface RoundCount {
  /** The round. */
  readonly round: number;
  /** Sum of the round's entries (zero for a complete location without entries for the key). */
  readonly counted: DecimalString;
  /** Book quantity just before the window starts, with every movement known now. */
  readonly expected: DecimalString;
  /** Counted minus expected. */
  readonly variance: DecimalString;
  /** The window. */
  readonly window: CountWindow;
  /** Who asserted the count: the entries' counters, or whoever completed the location for a key counted as zero. */
  readonly counters: readonly string[];
  /** The entries that count. */
  readonly entryIds: readonly string[];
  /** Whether the round cannot be used, and why. */
  readonly unusable?: 'movement_in_window' | 'freeze_override';
  /** Movements dated inside the window, its ends included. */
  readonly movementsInWindow: readonly string[];
  /** Whether the location is complete in this round (otherwise the count may grow). */
  readonly complete: boolean;
}

/** A movement that moved a line's expected quantity away from the book at opening. */
export interface ExpectedChange {
  /** The movement. */
  readonly movementId: string;
  /** Its signed effect on the key. */
  readonly delta: DecimalString;
  /** When it happened. */
  readonly occurredAt: Instant;
  /** When the engine got it. */
  readonly recordedAt: Instant;
  /** Who posted it. */
  readonly actor: string;
  /** Recorded after the key was counted although dated before: it changed the variance late. */
  readonly late: boolean;
}

/** One line of a review: a key, what the book expected, what was counted. */
export interface ReviewLine {
  /** The key. */
  readonly key: StockKey;
  /** The item. */
  readonly sku: string;
  /** The location. */
  readonly location: string;
  /** The lot. */
  readonly lot?: string;
  /** The serial number. */
  readonly serial?: string;
  /** The item's base unit. */
  readonly uom: string;
  /** Book quantity when the session opened (`0` for found stock). */
  readonly bookAtOpen: DecimalString;
  /** Book quantity just before the window of the round (or decision) that decides the line. */
  readonly expected: DecimalString;
  /** The accepted (or latest) count. */
  readonly counted: DecimalString;
  /** Counted minus expected. */
  readonly variance: DecimalString;
  /** Variance as a percent of expected; `null` when expected is zero. */
  readonly variancePercent: DecimalString | null;
  /** Variance × unit cost (`0` without a cost). */
  readonly varianceValue: DecimalString;
  /** Unit cost used for the value. */
  readonly unitCost: DecimalString;
  /** The window of the deciding round, or `[at, at]` of the deciding decision. */
  readonly window: CountWindow;
  /** The round that decides the line (for a decision, the round it was made in). */
  readonly round: number;
  /** Every round's count. */
  readonly rounds: readonly RoundCount[];
  /** The line's status. */
  readonly status: ReviewStatus;
  /** Why the line waits, for `ambiguous` and `needs_decision` lines. */
  readonly statusReason?: StatusReason;
  /** Whether the book had no stock of the key at opening and it was found. */
  readonly found: boolean;
  /** Movements that moved expected away from the book at opening. */
  readonly expectedChanges: readonly ExpectedChange[];
  /** Movement ids recorded after the count but dated before its window. */
  readonly lateMovements: readonly string[];
  /** Who counted, over all rounds (completing a location counts its uncounted keys as zero). */
  readonly counters: readonly string[];
  /**
   * Everyone who asserted the key's quantity: its counters and the supervisors who decided it.
   * None of them may recount, confirm, approve or post it (segregation of duties).
   */
  readonly asserters: readonly string[];
  /** The supervisor's decision that decides the line, when there is one. */
  readonly decision?: CountDecision;
  /** Earlier decisions a later decision or a later round superseded, oldest first. */
  readonly supersededDecisions?: readonly CountDecision[];
  /**
   * Why the line differs and who answers for it: on every line that is not `pending` with a
   * non-zero variance, and on settled lines where a recount overruled an earlier round. Not part
   * of the review's fingerprint: a new explanation never makes an approved review stale.
   */
  readonly attribution?: Attribution;
  /** The reason code the attribution proposes (from the engine's `reasonCodes`); approval confirms or overrides it. */
  readonly proposedReason?: string;
}

/** Totals of a review. */
export interface ReviewSummary {
  /** Lines by status. */
  readonly byStatus: Readonly<Record<ReviewStatus, number>>;
  /** Number of lines. */
  readonly lines: number;
  /** Net variance value. */
  readonly netValue: DecimalString;
  /** Sum of absolute variance values. */
  readonly absoluteValue: DecimalString;
  /** Book value at expected quantities. */
  readonly expectedValue: DecimalString;
}

/** The result of `counts.review`. */
export interface Review {
  /** The session. */
  readonly sessionId: string;
  /** The session's state after the review. */
  readonly state: CountState;
  /** The current round after the review. */
  readonly round: number;
  /** When the review was computed. */
  readonly reviewedAt: Instant;
  /** The lines, ordered by location (walking order) then key. */
  readonly lines: readonly ReviewLine[];
  /** Totals. */
  readonly summary: ReviewSummary;
  /** Locations of the current round neither complete nor excluded. */
  readonly openLocations: readonly string[];
  /** Excluded locations with their reasons. */
  readonly excludedLocations: ReadonlyArray<{ readonly location: string; readonly reason: string }>;
  /** Flagged entries waiting for `resolveConflict`. */
  readonly conflicts: readonly CountEntry[];
  /** Recount tasks this review opened. */
  readonly recountTasks: readonly CountTask[];
  /** SHA-256 of the lines' decisive figures; approval and posting compare it. */
  readonly fingerprint: string;
}
