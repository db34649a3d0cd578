/**
 * The count-session service: the {@link CountsApi} interface and the one place that wires its
 * commands. Each command is a plain function of the engine's count context and its input, in a
 * module per phase under `commands/`: lifecycle, recording, locations, reviewing, posting and
 * documents.
 *
 * @module
 */
import type { EngineContext } from '../context.js';
import type { StockKey } from '../ledger/key.js';
import type { DeepReadonly } from '../validate.js';
import type { CountReportOptions } from './report.js';
import type { Review } from './review-types.js';
import type {
  ApproveInput,
  CancelCountInput,
  CompleteLocationInput,
  DecideInput,
  ExcludeLocationInput,
  FlagKeyInput,
  OpenCountInput,
  PostCountInput,
  RecordEntryInput,
  ReopenLocationInput,
  RequestRecountInput,
  ResolveConflictInput,
  VoidEntryInput,
} from './schemas.js';
import type { CountEntry, CountException, CountRecord, CountSession, CountTask, LocationMark } from './types.js';
import { createCountContext } from './commands/context.js';
import { countReport, countSheet, flagKey, listCountRecords, listExceptions, resolveException, type CountSheet } from './commands/documents.js';
import { cancelCount, getCount, listCounts, openCount, startCount } from './commands/lifecycle.js';
import { completeLocation, excludeLocation } from './commands/locations.js';
import { recordMany, type RecordManyOutcome } from './commands/bulk.js';
import { countList } from './commands/count-list.js';
import { countJournal } from './commands/journal.js';
import type { Journal, JournalOptions } from './journal.js';
import type { CountListOptions } from './count-list.js';
import { reopenLocation, type ReopenLocationResult } from './commands/reopen.js';
import { approveCount, postCount, type PostCountResult } from './commands/posting.js';
import { listSessionEntries, recordEntry, resolveConflict, voidEntry, type RecordResult } from './commands/recording.js';
import { previewCount } from './commands/previewing.js';
import { decideLine, requestRecount, reviewCount } from './commands/reviewing.js';

export type { CountSheet } from './commands/documents.js';
export type { PostCountResult } from './commands/posting.js';
export { adjustmentId } from './commands/posting.js';
export type { RecordResult } from './commands/recording.js';
export type { ReopenLocationResult } from './commands/reopen.js';
export { RECORD_MANY_MAX, type RecordManyOutcome, type RecordRefusal } from './commands/bulk.js';

/** Count sessions: open, count, review, recount, approve, post. */
export interface CountsApi {
  /**
   * Opens a count: resolves the scope, records the book snapshot, cuts tasks and starts counting
   * (or leaves a draft with `draft: true`).
   *
   * @param input - scope, mode, blind, movement policy, tolerance, tasks, counters, actor
   * @returns the session
   */
  open(input: DeepReadonly<OpenCountInput>): Promise<CountSession>;
  /** Starts counting a draft session; the snapshot is taken now. */
  start(sessionId: string, input: { actor: string }): Promise<CountSession>;
  /** The session, or `session_not_found`. */
  get(sessionId: string): Promise<CountSession>;
  /** Sessions, optionally in some states. */
  list(filter?: { states?: CountSession['state'][] }): Promise<CountSession[]>;
  /** A counter's sheet for a task. */
  sheet(sessionId: string, taskId: string): Promise<CountSheet>;
  /**
   * The printed count list (a physical inventory document) of one task, or of every task of the
   * current round: numbered lines in walking order per task and location, with sku, item name,
   * lot or serial, pack units, an empty column for the counted quantity, and the book quantity
   * only when the session is not blind. `csv` reads back with `parseCountList` into
   * entries for `recordMany`; `html` prints on A4, a page per location with a header (session,
   * task, counter) and signature lines; `markdown` for a quick look. Refused in a draft or
   * cancelled session (`invalid_state`); an unknown task is `task_not_found`.
   *
   * @example
   * ```ts
   * const html = await st.counts.countList(session.id, { taskId: 'task-1', format: 'html' });
   * ```
   */
  countList(sessionId: string, options: DeepReadonly<CountListOptions>): Promise<string>;
  /**
   * Records one observation. Idempotent by `entryId`. Entries outside the counter's task or at a
   * location another counter already counts in this round are stored flagged and do not count
   * until `resolveConflict` accepts them.
   */
  record(sessionId: string, input: DeepReadonly<RecordEntryInput>): Promise<RecordResult>;
  /**
   * Records up to `RECORD_MANY_MAX` (1000) entries in one storage transaction, e.g. a
   * handheld's offline queue or a filled count list. Each entry gets the outcome `record` would
   * have given it, in order: idempotent by `entryId`, a refused entry refuses only itself (its
   * outcome carries the error code, message and path `record` would have thrown), and later
   * entries see earlier ones (a second counter's entry is flagged, a repeated id answers
   * `exists`). More entries than the maximum, or no array, is `invalid_input` (path `entries`)
   * and records nothing; an unknown session is `session_not_found`.
   *
   * @param sessionId - the session
   * @param entries - inputs of `record`
   * @returns one outcome per entry, at its index
   * @example
   * ```ts
   * const outcomes = await st.counts.recordMany(session.id, queue);
   * const refused = outcomes.filter((o) => !o.ok); // keep these for the counter to correct
   * ```
   */
  recordMany(sessionId: string, entries: ReadonlyArray<DeepReadonly<RecordEntryInput>>): Promise<RecordManyOutcome[]>;
  /** Voids an entry by appending a voiding entry. */
  voidEntry(sessionId: string, input: DeepReadonly<VoidEntryInput>): Promise<RecordResult>;
  /** Accepts a flagged entry into the count, or voids it. */
  resolveConflict(sessionId: string, input: DeepReadonly<ResolveConflictInput>): Promise<RecordResult>;
  /** Every entry of the session in store order. */
  entries(sessionId: string): Promise<CountEntry[]>;
  /** Marks a location complete in the current round: uncounted book keys there count as zero. */
  completeLocation(sessionId: string, location: string, input: DeepReadonly<CompleteLocationInput>): Promise<LocationMark>;
  /** Excludes a location from the count, with a reason. */
  excludeLocation(sessionId: string, location: string, input: DeepReadonly<ExcludeLocationInput>): Promise<LocationMark>;
  /**
   * A supervisor reopens a location completed (or excluded) in the current round by mistake: its
   * entries stay, its mark goes, and it is counted again in the same round; a session that had
   * closed the round (reviewing or approved) goes back to `counting` and any approval lapses.
   * Audited as `count.reopen` with the reason. The default `authorize` hook refuses whoever made
   * the mark (segregation of duties: `not_authorized`, path `actor`); a location with no mark in
   * the round is `invalid_state`.
   *
   * @example
   * ```ts
   * await st.counts.reopenLocation(session.id, 'WH1/A/02', { actor: 'zhao', reason: 'bottom shelf was missed' });
   * ```
   */
  reopenLocation(sessionId: string, location: string, input: DeepReadonly<ReopenLocationInput>): Promise<ReopenLocationResult>;
  /**
   * Computes the review. When every location of the current round is complete or excluded, it
   * also closes the round: lines that need a recount get blind recount tasks for other counters
   * (`recount: 'auto'`), otherwise the session moves to `reviewing`.
   */
  review(sessionId: string, input?: { actor?: string }): Promise<Review>;
  /**
   * The review as the session stands, without side effects: unlike {@link CountsApi.review} it
   * never closes a round, opens recount tasks, audits or emits events, so it is safe to call as
   * often as a screen refreshes (an HTTP `GET`). Its lines, summary, open locations and conflicts
   * are what `review` computes for the same state; `recountTasks` is always empty. The round is
   * ready to close when `state` is `counting` and `openLocations` and `conflicts` are empty.
   *
   * @param sessionId - the session (counting, reviewing, approved or posted)
   * @returns the review, computed in a read-only transaction
   * @example
   * ```ts
   * const review = await st.counts.preview(session.id);
   * if (review.openLocations.length === 0 && review.conflicts.length === 0) {
   *   await st.counts.review(session.id, { actor: 'sam' }); // closes the round
   * }
   * ```
   */
  preview(sessionId: string): Promise<Review>;
  /** A supervisor sets the quantity of a line (after the rounds ran out, or in `manual` mode). */
  decide(sessionId: string, input: DeepReadonly<DecideInput>): Promise<CountSession>;
  /** A supervisor sends keys to another round. */
  requestRecount(sessionId: string, input: DeepReadonly<RequestRecountInput>): Promise<CountTask[]>;
  /**
   * Approves the current review; refused while locations are open or lines unresolved. A session
   * has one approver of record: while the approval holds, approving again is refused with
   * `already_approved` (the approver of record resending the same approval gets the session back
   * unchanged). After posting answered `stale_review`, the new review is approved again: the new
   * approval replaces the old one and is audited as `count.reapprove`, naming the approval it
   * supersedes, so the report names whoever approved what was posted.
   */
  approve(sessionId: string, input: DeepReadonly<ApproveInput>): Promise<CountSession>;
  /**
   * Posts an approved session: one `count_adjustment` per non-zero line, dated at the line's count
   * time, with an id derived from the session and key; zero lines as confirmations. Atomic and
   * idempotent; refused (`stale_review`) when the ledger changed the review since approval.
   */
  post(sessionId: string, input: DeepReadonly<PostCountInput>): Promise<PostCountResult>;
  /**
   * The session's report: the variance table with attributions, reasons, counters, approver and
   * posted movements, its totals and exceptions. `json` is the report data, `csv` one row per
   * line, `markdown` a summary an auditor can file. Read-only; any state but `draft`.
   *
   * @param sessionId - the session
   * @param options - the format, `json` when omitted
   * @returns the report as text
   * @example
   * ```ts
   * console.log(await st.counts.report(session.id, { format: 'markdown' }));
   * ```
   */
  report(sessionId: string, options?: CountReportOptions): Promise<string>;
  /**
   * The journal of a posted session, ready for a general ledger: per count adjustment a debit and
   * a credit of |qty| × the unit cost the adjustment stored (the cost in effect at its count
   * time), rounded to `decimals` (2 by default). A gain debits `accounts.inventory` and credits
   * the adjustment account; a loss the other way round. The adjustment account is
   * `accounts.adjustments.byReason[reasonCode]`, else `accounts.adjustments.default`. Amounts are
   * decimal strings in `currency`; debits always equal credits. Read-only and deterministic: the
   * same session gives the same journal. A session that is not posted is `invalid_state`.
   *
   * @example
   * ```ts
   * const journal = await st.counts.journal(session.id, {
   *   accounts: { inventory: '1400', adjustments: { default: '5950', byReason: { damage: '5960' } } },
   *   currency: 'EUR',
   * });
   * ```
   */
  journal(sessionId: string, options: DeepReadonly<JournalOptions>): Promise<Journal>;
  /** Cancels a session that is not posted. */
  cancel(sessionId: string, input: DeepReadonly<CancelCountInput>): Promise<CountSession>;
  /** Post-count exceptions (movements that crossed a posted count under the `flag` policy). */
  exceptions(filter?: { status?: CountException['status'] }): Promise<CountException[]>;
  /** Resolves a post-count exception. */
  resolveException(id: string, input: { actor: string; note: string }): Promise<CountException>;
  /**
   * A counter flags a key for attention; audited, and emitted as `count.flagged` (trigger rules
   * of kind `counter_flag` turn it into a count request).
   */
  flag(input: DeepReadonly<FlagKeyInput>): Promise<void>;
  /** Results of posted counts, e.g. the last counted date of keys. */
  countRecords(filter?: { keys?: StockKey[]; countedFrom?: string; countedTo?: string }): Promise<CountRecord[]>;
}

/** @internal */
export function createCounts(engine: EngineContext): CountsApi {
  const ctx = createCountContext(engine);
  return {
    open: (input) => openCount(ctx, input),
    start: (sessionId, input) => startCount(ctx, sessionId, input),
    get: (sessionId) => getCount(ctx, sessionId),
    list: (filter) => listCounts(ctx, filter),
    sheet: (sessionId, taskId) => countSheet(ctx, sessionId, taskId),
    countList: (sessionId, options) => countList(ctx, sessionId, options),
    record: (sessionId, input) => recordEntry(ctx, sessionId, input),
    recordMany: (sessionId, entries) => recordMany(ctx, sessionId, entries),
    voidEntry: (sessionId, input) => voidEntry(ctx, sessionId, input),
    resolveConflict: (sessionId, input) => resolveConflict(ctx, sessionId, input),
    entries: (sessionId) => listSessionEntries(ctx, sessionId),
    completeLocation: (sessionId, location, input) => completeLocation(ctx, sessionId, location, input),
    excludeLocation: (sessionId, location, input) => excludeLocation(ctx, sessionId, location, input),
    reopenLocation: (sessionId, location, input) => reopenLocation(ctx, sessionId, location, input),
    review: (sessionId, input) => reviewCount(ctx, sessionId, input),
    preview: (sessionId) => previewCount(ctx, sessionId),
    decide: (sessionId, input) => decideLine(ctx, sessionId, input),
    requestRecount: (sessionId, input) => requestRecount(ctx, sessionId, input),
    approve: (sessionId, input) => approveCount(ctx, sessionId, input),
    post: (sessionId, input) => postCount(ctx, sessionId, input),
    report: (sessionId, options) => countReport(ctx, sessionId, options),
    journal: (sessionId, options) => countJournal(ctx, sessionId, options),
    cancel: (sessionId, input) => cancelCount(ctx, sessionId, input),
    exceptions: (filter) => listExceptions(ctx, filter),
    resolveException: (id, input) => resolveException(ctx, id, input),
    flag: (input) => flagKey(ctx, input),
    countRecords: (filter) => listCountRecords(ctx, filter),
  };
}
