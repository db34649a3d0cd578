/**
 * The documented shapes of the count commands' inputs. Each is identical to the input type of its
 * zod schema in `schemas.ts` (`test/input-types.test.ts` checks it), so editors and the API
 * reference show every field with its meaning.
 *
 * @module
 */
import type { AbcClass } from '../catalog/types.js';
import type { StockKeyInput } from '../ledger/key.js';
import type { InventorySamplePlanInput } from '../policy/sampling/schemas.js';
import type { InstantInput } from '../time.js';

/** Limits within which a variance is accepted; every limit given must hold. Decimal strings. */
export interface ToleranceRuleInput {
  /** The largest accepted absolute variance in base units, e.g. `"2"`. */
  qty?: string | undefined;
  /** The largest accepted variance as a percentage of the book, e.g. `"3"` for 3 %. */
  percent?: string | undefined;
  /** The largest accepted variance in value (quantity × unit cost), e.g. `"50"`. */
  value?: string | undefined;
}

/** What a session counts: location subtrees, skus, ABC classes or keys (at least one), combined. */
export interface CountScopeInput {
  /** Location subtrees: `WH1/A` counts every bin below it. */
  locations?: string[] | undefined;
  /** Only these items. */
  skus?: string[] | undefined;
  /** Only items of these ABC classes. */
  abcClasses?: AbcClass[] | undefined;
  /** Exactly these keys. */
  keys?: StockKeyInput[] | undefined;
}

/** How round-one tasks are cut: one per zone (locations grouped at `depth`), or `count` groups of balanced size. */
export type TaskSplitInput = { by: 'zone'; depth?: number | undefined } | { by: 'balanced'; count: number };

/**
 * Input of `counts.open`.
 *
 * @example
 * ```ts
 * const input: OpenCountInput = { scope: { locations: ['WH1/A'] }, actor: 'zhao', counters: ['li', 'wang'] };
 * ```
 */
export interface OpenCountInput {
  /** The session id; generated when omitted. */
  id?: string | undefined;
  /** A name for people, up to 200 characters. */
  name?: string | undefined;
  /** What to count. */
  scope: CountScopeInput;
  /** `full` (default), `cycle` or `spot`: the kind of count, kept with the session for reports and metrics. */
  mode?: 'full' | 'cycle' | 'spot' | undefined;
  /** `regular` (default), or `baseline` for a handover count whose differences are inherited, not attributed to this period. */
  purpose?: 'regular' | 'baseline' | undefined;
  /** Whether counters see no book quantities (default `true`). */
  blind?: boolean | undefined;
  /** `live` (default): stock keeps moving during the count; `freeze`: movements of counted keys are refused. */
  movementPolicy?: 'live' | 'freeze' | undefined;
  /** `auto` (default): lines out of tolerance go to a recount by someone else; `manual`: a supervisor decides. */
  recount?: 'auto' | 'manual' | undefined;
  /** The most counting rounds, 1 to 10 (default 3). */
  maxRounds?: number | undefined;
  /** The tolerance of this session, instead of the engine's policy. */
  tolerance?: ToleranceRuleInput | undefined;
  /** How round-one tasks are cut (default: by zone at depth 2). */
  tasks?: TaskSplitInput | undefined;
  /** Who counts: user ids, or team ids of `teams`. */
  counters?: string[] | undefined;
  /** Teams by id with their members; a team id in `counters` assigns a task to the whole team. */
  teams?: Record<string, string[]> | undefined;
  /** Open as a draft: planned, not counting yet (`counts.start` begins it). */
  draft?: boolean | undefined;
  /**
   * The statistical sample the session counts (a plan of `planInventorySample`, as
   * `scopeFromSample` passes it): the report then states the estimate, the interval and the decision.
   */
  sample?: InventorySamplePlanInput | undefined;
  /** Who opens the session. */
  actor: string;
}

/** Where a scanned entry came from, kept with the entry for audit and deduplication. */
export interface EntrySourceInput {
  /** The scan event's id. */
  eventId: string;
  /** The raw scanned data, up to 4000 characters. */
  raw: string;
  /** The AIM symbology identifier, e.g. `]C1`. */
  symbology?: string | undefined;
}

/**
 * Input of `counts.record`: one observation. Give `key`, or `sku` and `location` (and `lot` or
 * `serial`), not both.
 *
 * @example
 * ```ts
 * const entry: RecordEntryInput = {
 *   entryId: 'scan-0001', sku: 'A-100', location: 'WH1/A/01', qty: '2', uom: 'case',
 *   countedAt: '2026-03-02T09:14:00Z', counter: 'li',
 * };
 * ```
 */
export interface RecordEntryInput {
  /** The caller's id, the idempotency key within the session: recording it again changes nothing. */
  entryId: string;
  /** The key counted, instead of `sku`, `location`, `lot` and `serial`. */
  key?: StockKeyInput | undefined;
  /** The item counted. */
  sku?: string | undefined;
  /** Where it was counted. */
  location?: string | undefined;
  /** The lot, for lot-tracked items. */
  lot?: string | undefined;
  /** The serial number, for serial-tracked items. */
  serial?: string | undefined;
  /** Expiry date printed on the goods (e.g. GS1 AI 17), as `YYYY-MM-DD`. */
  expiry?: string | undefined;
  /** The quantity seen, a decimal string (`"0"` for a counted-empty key). */
  qty: string;
  /** The unit of `qty`: the base unit (default) or a pack. */
  uom?: string | undefined;
  /** When the counter saw it: the moment the count is compared with the book. */
  countedAt: InstantInput;
  /** Who counted. */
  counter: string;
  /** The device, e.g. a handheld's id, up to 200 characters. */
  device?: string | undefined;
  /** The task the entry belongs to. */
  task?: string | undefined;
  /** Links to photos or documents (up to 20 URLs). */
  evidence?: string[] | undefined;
  /** The scan it came from. */
  source?: EntrySourceInput | undefined;
  /** A remark kept with the entry, e.g. what a scanned barcode carried that the item does not track. */
  note?: string | undefined;
}

/** Input of `counts.voidEntry`: takes an entry out of the count, with a reason. */
export interface VoidEntryInput {
  /** The id of this void (idempotency key within the session). */
  entryId: string;
  /** The entry voided. */
  target: string;
  /** Why, up to 500 characters. */
  reason: string;
  /** Who voids it. */
  actor: string;
  /** When; now when omitted. */
  at?: InstantInput | undefined;
}

/** Input of `counts.resolveConflict`: accept a flagged entry into the count, or void it. */
export interface ResolveConflictInput {
  /** The id of this resolution (idempotency key within the session). */
  entryId: string;
  /** The flagged entry. */
  target: string;
  /** `true` accepts it into the count, `false` voids it. */
  accept: boolean;
  /** Who resolves it (not its counter). */
  actor: string;
  /** Why, up to 500 characters. */
  reason?: string | undefined;
  /** When; now when omitted. */
  at?: InstantInput | undefined;
}

/** Input of `counts.completeLocation`: the location is counted; keys nobody counted there count as zero. */
export interface CompleteLocationInput {
  /** Who completes it. */
  actor: string;
  /** When; now when omitted. */
  at?: InstantInput | undefined;
}

/** Input of `counts.excludeLocation`: the location is not counted in this session. */
export interface ExcludeLocationInput {
  /** Who excludes it. */
  actor: string;
  /** Why, up to 500 characters. */
  reason: string;
  /** When; now when omitted. */
  at?: InstantInput | undefined;
}

/** Input of `counts.reopenLocation`: a supervisor reopens a location completed (or excluded) by mistake. */
export interface ReopenLocationInput {
  /** Who reopens it; not whoever completed it (segregation of duties). */
  actor: string;
  /** Why, up to 500 characters (kept in the audit trail). */
  reason: string;
  /** When; now when omitted. Not before the completion it undoes. */
  at?: InstantInput | undefined;
}

/** Input of `counts.decide`: a supervisor counts a line at one moment. */
export interface DecideInput {
  /** The line's key. */
  key: StockKeyInput;
  /** The quantity decided, in base units. */
  qty: string;
  /** The supervisor (not a counter of the line). */
  actor: string;
  /** The moment the quantity holds, between the session's opening and now; now when omitted. */
  at?: InstantInput | undefined;
  /** A remark, up to 500 characters. */
  note?: string | undefined;
}

/** Input of `counts.requestRecount`: a supervisor sends keys to another round. */
export interface RequestRecountInput {
  /** The keys to recount. */
  keys: StockKeyInput[];
  /** The supervisor. */
  actor: string;
  /** Who recounts; anyone independent when omitted. */
  assignee?: string | undefined;
}

/** Input of `counts.approve`. */
export interface ApproveInput {
  /** The approver (nobody who asserted a line). */
  actor: string;
  /** Reason codes for lines with a variance, instead of the attribution's proposals. */
  reasons?: { key: StockKeyInput; code: string }[] | undefined;
  /** A remark, up to 500 characters. */
  note?: string | undefined;
}

/** Input of `counts.post`. */
export interface PostCountInput {
  /** Who posts (nobody who asserted a line). */
  actor: string;
}

/** Input of `counts.cancel`. */
export interface CancelCountInput {
  /** Who cancels. */
  actor: string;
  /** Why, up to 500 characters. */
  reason: string;
}

/** Input of `counts.flag`: a counter marks a key for attention (damaged goods, a mixed bin). */
export interface FlagKeyInput {
  /** The key. */
  key: StockKeyInput;
  /** Who flags it. */
  counter: string;
  /** What is wrong, up to 500 characters. */
  note?: string | undefined;
  /** The session, when the flag belongs to one. */
  sessionId?: string | undefined;
  /** When; now when omitted. */
  at?: InstantInput | undefined;
}
