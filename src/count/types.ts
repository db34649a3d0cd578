import type { AbcClass } from '../catalog/types.js';
import type { StockKey } from '../ledger/key.js';
import type { DecimalString } from '../quantity/decimal.js';
import type { Instant } from '../time.js';
import type { InventorySamplePlan } from '../policy/sampling/types.js';

/** The lifecycle of a count session: `draft → counting → reviewing → approved → posted`, or `cancelled`. */
export type CountState = 'draft' | 'counting' | 'reviewing' | 'approved' | 'posted' | 'cancelled';

/** What a session counts: location subtrees, narrowed by items, ABC classes or explicit keys. */
export interface CountScope {
  /**
   * The locations counted, resolved when the session opened: the defined locations in the given
   * subtrees, the keys' locations, or the locations that held the items.
   */
  readonly locations: readonly string[];
  /** Only these items, as given. */
  readonly skus?: readonly string[];
  /** Only items of these ABC classes, as given. */
  readonly abcClasses?: readonly AbcClass[];
  /**
   * The items `skus` and `abcClasses` resolved to when the session opened, sorted. The scope
   * never changes with later catalog edits: reclassifying an item mid-count keeps its lines.
   */
  readonly items?: readonly string[];
  /** Only these keys (a spot count). */
  readonly keys?: readonly StockKey[];
}

/** Limits within which a variance is accepted without a recount or a supervisor. */
export interface ToleranceRule {
  /** Absolute quantity in base units. */
  readonly qty?: DecimalString;
  /** Percent of the expected quantity. */
  readonly percent?: DecimalString;
  /** Value (variance × unit cost). */
  readonly value?: DecimalString;
}

/** A part of a session's scope counted by one counter or team in one round. */
export interface CountTask {
  /** The task id. */
  readonly id: string;
  /** 1 for the first count, 2 and up for recounts. */
  readonly round: number;
  /** The locations of the task, in walking order. */
  readonly locations: readonly string[];
  /** For a recount: only these keys. */
  readonly keys?: readonly StockKey[];
  /** The counter or team assigned. */
  readonly assignee?: string;
  /** Counters who may not take this task (a recount goes to someone else). */
  readonly excludedCounters: readonly string[];
}

/** A freeze override: a movement let through a frozen count; its keys go back to recount. */
export interface FreezeOverride {
  /** The movement. */
  readonly movementId: string;
  /** The keys it touched that are in scope. */
  readonly keys: readonly StockKey[];
  /** Why it could not wait. */
  readonly reason: string;
  /** Who posted it. */
  readonly actor: string;
  /** When it was recorded. */
  readonly at: Instant;
}

/** A count session as stored. */
export interface CountSession {
  /** The session id. */
  readonly id: string;
  /** Optimistic-concurrency version, incremented by every stored change. */
  readonly version: number;
  /** The lifecycle state. */
  readonly state: CountState;
  /** `full`, `cycle` or `spot`. */
  readonly mode: 'full' | 'cycle' | 'spot';
  /** `regular`, or `baseline` for a handover count whose differences are inherited. */
  readonly purpose: 'regular' | 'baseline';
  /** What is counted. */
  readonly scope: CountScope;
  /** Counters see no book quantities. */
  readonly blind: boolean;
  /** `live` relies on the time model; `freeze` refuses movements on keys in scope while counting. */
  readonly movementPolicy: 'live' | 'freeze';
  /** `auto` opens recount tasks for lines beyond tolerance; `manual` leaves them to a supervisor. */
  readonly recount: 'auto' | 'manual';
  /** The most rounds before a supervisor must decide. */
  readonly maxRounds: number;
  /** Tolerance overriding the engine's policy for this session. */
  readonly tolerance?: ToleranceRule;
  /** A label. */
  readonly name?: string;
  /** When the session was opened (the snapshot time). */
  readonly openedAt: Instant;
  /** Who opened it. */
  readonly openedBy: string;
  /** Counters and teams work is assigned to, in rotation. */
  readonly counters: readonly string[];
  /** Teams by id with their members: any member may count a task assigned to the team. */
  readonly teams: Readonly<Record<string, readonly string[]>>;
  /** How round-one tasks were cut. */
  readonly split: { readonly by: 'zone'; readonly depth: number } | { readonly by: 'balanced'; readonly count: number };
  /** The current round. */
  readonly round: number;
  /** Every task of every round. */
  readonly tasks: readonly CountTask[];
  /** Movements let through the freeze. */
  readonly overrides: readonly FreezeOverride[];
  /**
   * Supervisor decisions by key id, oldest first. The last one decides the line unless a later
   * round re-counts the key (the latest evidence wins); earlier ones stay for the record.
   */
  readonly decisions: Readonly<Record<string, readonly CountDecision[]>>;
  /** Set when counting ended. */
  readonly reviewStartedAt?: Instant;
  /** The approval. */
  readonly approval?: {
    readonly actor: string;
    readonly at: Instant;
    /** Fingerprint of the review that was approved; posting refuses a different one. */
    readonly fingerprint: string;
    /** Reason codes per key id, confirmed or overridden by the approver. */
    readonly reasons: Readonly<Record<string, string>>;
  };
  /** The posting. */
  readonly posting?: { readonly actor: string; readonly at: Instant; readonly movementIds: readonly string[]; readonly confirmations: number };
  /** The cancellation. */
  readonly cancellation?: { readonly actor: string; readonly at: Instant; readonly reason: string };
  /** The statistical sample the session counts, when it counts one. */
  readonly sample?: InventorySamplePlan;
}

/**
 * A supervisor's count of one key at one moment: evidence of its own, with the window
 * `[at, at]`, compared with the book just before `at`.
 */
export interface CountDecision {
  /** The quantity seen, in base units. */
  readonly qty: DecimalString;
  /** The supervisor. */
  readonly actor: string;
  /** The moment the quantity was seen; its adjustment is dated here. */
  readonly at: Instant;
  /** The session's round when it was made: a later round of the key supersedes it. */
  readonly round: number;
  /** Why. */
  readonly note?: string;
}

/** The book quantity of a key in scope when the session opened. */
export interface SnapshotLine {
  /** The key. */
  readonly key: StockKey;
  /** Book quantity at opening. */
  readonly qty: DecimalString;
}

/**
 * Why an entry needs a look before it counts: counted outside the counter's task, at a location
 * another counter already counts in the round, or a serial number already counted in the round
 * (at any location, from any device).
 */
export type EntryFlag = 'outside_task' | 'second_counter' | 'duplicate_serial';

/** One observation, or the voiding of one. Append-only. */
export interface CountEntry {
  /** The session. */
  readonly sessionId: string;
  /** The caller's id, the idempotency key within the session. */
  readonly entryId: string;
  /** Store order within the session. */
  readonly seq: number;
  /** `count` observes; `void` cancels an earlier entry; `accept` lets a flagged entry count. */
  readonly kind: 'count' | 'void' | 'accept';
  /** The key counted (count entries), or the key of the entry voided or accepted. */
  readonly key?: StockKey;
  /** Expiry date seen on the goods, `YYYY-MM-DD`. */
  readonly expiry?: string;
  /** The quantity in base units (count entries). */
  readonly qty?: DecimalString;
  /** The quantity as entered, when in a pack. */
  readonly enteredQty?: DecimalString;
  /** The unit as entered, when a pack. */
  readonly enteredUom?: string;
  /** When it was observed (count) or voided (void). */
  readonly countedAt: Instant;
  /** Who counted or voided. */
  readonly counter: string;
  /** The device. */
  readonly device?: string;
  /** The task it was counted for. */
  readonly taskId?: string;
  /** The round it belongs to. */
  readonly round: number;
  /** Photo or document URIs. */
  readonly evidence?: readonly string[];
  /** The entry this one voids or accepts. */
  readonly target?: string;
  /** Why it was voided or accepted. */
  readonly reason?: string;
  /** The scan that produced it, when it came from a scanner. */
  readonly source?: { readonly eventId: string; readonly raw: string; readonly symbology?: string };
  /** A remark the counter or the scanner kept with it. */
  readonly note?: string;
  /** Conflicts found when it was recorded. */
  readonly flags: readonly EntryFlag[];
  /** When the engine recorded it. */
  readonly recordedAt: Instant;
  /** Canonical form of the submitted input, compared on resubmission. */
  readonly fingerprint: string;
}

/** A location marked complete or excluded in a round. */
export interface LocationMark {
  /** The session. */
  readonly sessionId: string;
  /** The location. */
  readonly location: string;
  /** The round. */
  readonly round: number;
  /** Complete (uncounted book keys count as zero) or excluded (not counted, with a reason). */
  readonly status: 'complete' | 'excluded';
  /** When. */
  readonly at: Instant;
  /** Who. */
  readonly actor: string;
  /** Why, for exclusions. */
  readonly reason?: string;
}

/** The result of a posted count for one key: what the book was set to, and when. */
export interface CountRecord {
  /** The key. */
  readonly key: StockKey;
  /** The session. */
  readonly sessionId: string;
  /** The key's count time (end of its count window). */
  readonly countedAt: Instant;
  /** The counted quantity. */
  readonly qty: DecimalString;
  /** The variance posted (zero for a confirmation). */
  readonly variance: DecimalString;
  /** The adjustment movement, when the variance was not zero. */
  readonly movementId?: string;
  /** When it was posted. */
  readonly postedAt: Instant;
}

/**
 * A location a posted count completed: every key of the session's scope there that the count did
 * not list was asserted to be zero at `countedAt`. The back-dated guard protects every such key,
 * also one the ledger did not know at the time (a new item, lot or serial).
 */
export interface LocationCountRecord {
  /** The location. */
  readonly location: string;
  /** The session. */
  readonly sessionId: string;
  /** When the location was completed in round one: the moment of the zero assertion. */
  readonly countedAt: Instant;
  /** The items the assertion covers, when the scope named items or keys; every item when absent. */
  readonly items?: readonly string[];
  /** When it was posted. */
  readonly postedAt: Instant;
}

/** A post-count exception: something happened that a posted count cannot absorb silently. */
export interface CountException {
  /** The exception id. */
  readonly id: string;
  /** `backdated_movement`: a movement dated at or before a posted count of its key. */
  readonly kind: 'backdated_movement';
  /** The movement. */
  readonly movementId: string;
  /** The counted keys it touched. */
  readonly keys: readonly StockKey[];
  /** The sessions whose counts it crosses. */
  readonly sessionIds: readonly string[];
  /** When it was raised. */
  readonly raisedAt: Instant;
  /** Open until someone resolves it. */
  readonly status: 'open' | 'resolved';
  /** The resolution. */
  readonly resolution?: { readonly actor: string; readonly at: Instant; readonly note: string };
}
