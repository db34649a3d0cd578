import { canonicalJson } from '../canonical.js';
import { deepFreeze } from '../freeze.js';
import { hashText } from '../audit/hash.js';
import { idSchema, locationIdSchema } from '../catalog/schemas.js';
import type { Item } from '../catalog/types.js';
import type { EngineContext } from '../context.js';
import { StocktakeError } from '../errors.js';
import type { StocktakeEvent } from '../events.js';
import { stockKeyId, toStockKey, type StockKey } from '../ledger/key.js';
import { postBatch } from '../ledger/post-batch.js';
import { omitUndefined } from '../ledger/prepare.js';
import type { Movement } from '../ledger/types.js';
import { applyTolerance } from '../policy/tolerance.js';
import { convertToBase } from '../quantity/convert.js';
import { D, formatDecimal } from '../quantity/decimal.js';
import type { StorageTransaction } from '../storage/adapter.js';
import { toInstant, type Instant } from '../time.js';
import { parseInput, type DeepReadonly } from '../validate.js';
import { countingEntries, openConflicts } from './entries.js';
import { explainLines } from './explain.js';
import { withoutOwnAdjustments } from './own-adjustments.js';
import { buildCountReport, renderCountReport, reportInputSchema, type CountReportOptions } from './report.js';
import type { CountAction } from './policies.js';
import { reasonFitsVariance } from './reason-codes.js';
import { ReviewCache, storeVersion } from './review-cache.js';
import { computeReviewLines, summarize, type ReviewData } from './review.js';
import type { Review, ReviewLine } from './review-types.js';
import {
  approveInputSchema,
  cancelCountInputSchema,
  completeLocationInputSchema,
  decideInputSchema,
  excludeLocationInputSchema,
  flagKeyInputSchema,
  openCountInputSchema,
  postCountInputSchema,
  recordEntryInputSchema,
  requestRecountInputSchema,
  resolveConflictInputSchema,
  reviewInputSchema,
  voidEntryInputSchema,
  type ApproveInput,
  type CancelCountInput,
  type CompleteLocationInput,
  type DecideInput,
  type ExcludeLocationInput,
  type FlagKeyInput,
  type OpenCountInput,
  type PostCountInput,
  type RecordEntryInput,
  type RequestRecountInput,
  type ResolveConflictInput,
  type VoidEntryInput,
} from './schemas.js';
import { loadLedgerSlice } from './ledger-slice.js';
import { resolveScope, scopeFilterOf } from './scope.js';
import { findTask, isAssigned, tasksByLocation } from './task-index.js';
import {
  addRecountRound,
  approveSession,
  assertState,
  cancelSession,
  closeRound,
  markPosted,
  recordDecision,
  startCounting,
} from './session.js';
import { recountTasks, splitTasks } from './tasks.js';
import type {
  CountEntry,
  CountException,
  CountRecord,
  CountSession,
  CountTask,
  EntryFlag,
  LocationMark,
  SnapshotLine,
} from './types.js';

/** The outcome of recording, voiding or resolving an entry. */
export interface RecordResult {
  /** The entry id. */
  readonly entryId: string;
  /** `created`, `exists` (same id and payload: nothing written) or `exists_with_different_payload`. */
  readonly result: 'created' | 'exists' | 'exists_with_different_payload';
  /** The stored entry (for `created` and `exists`). */
  readonly entry?: CountEntry;
}

/** A counter's list: locations in walking order and the keys expected there. */
export interface CountSheet {
  /** The session. */
  readonly sessionId: string;
  /** The task. */
  readonly task: CountTask;
  /** Whether book quantities are hidden. */
  readonly blind: boolean;
  /** The locations in walking order. */
  readonly locations: ReadonlyArray<{
    readonly location: string;
    /** Whether the location is already complete or excluded in the task's round. */
    readonly done: boolean;
    readonly keys: ReadonlyArray<{
      readonly key: StockKey;
      readonly name?: string;
      readonly uom: string;
      /** Book quantity at opening; absent on a blind sheet. */
      readonly bookQty?: string;
    }>;
  }>;
}

/** The result of `counts.post`. */
export interface PostCountResult {
  /** The session after posting. */
  readonly session: CountSession;
  /** The count adjustments (empty when every line matched). */
  readonly movements: readonly Movement[];
  /** Lines recorded as confirmations (zero variance). */
  readonly confirmations: number;
  /** False when the session was already posted and nothing new was written. */
  readonly created: boolean;
}

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
   * Records one observation. Idempotent by `entryId`. Entries outside the counter's task or at a
   * location another counter already counts in this round are stored flagged and do not count
   * until `resolveConflict` accepts them.
   */
  record(sessionId: string, input: DeepReadonly<RecordEntryInput>): Promise<RecordResult>;
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
   * Computes the review. When every location of the current round is complete or excluded, it
   * also closes the round: lines that need a recount get blind recount tasks for other counters
   * (`recount: 'auto'`), otherwise the session moves to `reviewing`.
   */
  review(sessionId: string, input?: { actor?: string }): Promise<Review>;
  /** A supervisor sets the quantity of a line (after the rounds ran out, or in `manual` mode). */
  decide(sessionId: string, input: DeepReadonly<DecideInput>): Promise<CountSession>;
  /** A supervisor sends keys to another round. */
  requestRecount(sessionId: string, input: DeepReadonly<RequestRecountInput>): Promise<CountTask[]>;
  /** Approves the current review; refused while locations are open or lines unresolved. */
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

/** A review as the commands use it: the lines, and what they were computed from. */
interface ComputedReview {
  readonly lines: readonly ReviewLine[];
  readonly openLocations: string[];
  readonly entries: CountEntry[];
  readonly marks: LocationMark[];
  /** The hash of every line's figures and status, which approval records and posting checks. */
  readonly fingerprint: string;
}

/** @internal */
export function createCounts(ctx: EngineContext): CountsApi {
  const now = (): Instant => toInstant(ctx.clock.now());
  const transaction = <T>(work: (tx: StorageTransaction) => Promise<T>) => ctx.storage.transaction(work);

  const authorize = async (actor: string, action: CountAction, session: CountSession, counters: readonly string[] = []) => {
    const allowed = await ctx.policies.authorize({ actor, action, subject: session.id, session, counters });
    if (!allowed) {
      throw new StocktakeError('not_authorized', `${actor} may not ${action.replace('count.', '')} session ${session.id}`, {
        details: { actor, action, sessionId: session.id },
      });
    }
  };

  const save = async (tx: StorageTransaction, next: CountSession, previous: CountSession): Promise<CountSession> => {
    if (!(await tx.updateSession(next, previous.version))) {
      throw new StocktakeError('version_conflict', `Session ${previous.id} changed meanwhile; retry the command`);
    }
    return { ...next, version: previous.version + 1 };
  };

  const snapshotAt = async (tx: StorageTransaction, session: CountSession, at: Instant): Promise<SnapshotLine[]> => {
    const inScope = scopeFilterOf(session);
    const { balances, postings } = await loadLedgerSlice(tx, session.scope.locations, at, at);
    const items = await tx.getItems([...new Set(balances.map((b) => b.key.sku))]);
    const later = new Map<string, InstanceType<typeof D>>();
    for (const posting of postings) {
      if (posting.occurredAt <= at) continue;
      const id = stockKeyId(posting.key);
      later.set(id, (later.get(id) ?? new D(0)).plus(posting.delta));
    }
    const lines: SnapshotLine[] = [];
    for (const balance of balances) {
      const item = items.get(balance.key.sku);
      if (!item || !inScope(balance.key, item)) continue;
      const qty = new D(balance.qty).minus(later.get(stockKeyId(balance.key)) ?? 0);
      if (!qty.isZero()) lines.push({ key: balance.key, qty: formatDecimal(qty) });
    }
    return lines;
  };

  const reviews = new ReviewCache<ComputedReview>();
  const computeReview = async (tx: StorageTransaction, session: CountSession, options: { explain?: boolean } = {}): Promise<ComputedReview> => {
    const explain = options.explain === true;
    const at = await storeVersion(tx);
    const cached = reviews.get(session.id, session.version, at, explain);
    if (cached) return cached;
    const computed = await computeFreshReview(tx, session, explain);
    reviews.set(session.id, session.version, at, explain, computed);
    return computed;
  };

  const computeFreshReview = async (tx: StorageTransaction, session: CountSession, explain: boolean) => {
    // One statement at a time: a transaction is one connection.
    const snapshot = await tx.listSnapshot(session.id);
    const entries = await tx.listEntries(session.id);
    const marks = await tx.listLocationMarks(session.id);
    const { balances, postings } = withoutOwnAdjustments(
      session,
      await loadLedgerSlice(tx, session.scope.locations, session.openedAt, session.openedAt),
    );
    const skus = new Set<string>([...balances.map((b) => b.key.sku), ...snapshot.map((l) => l.key.sku)]);
    for (const entry of entries) if (entry.key) skus.add(entry.key.sku);
    const items = await tx.getItems([...skus]);
    const locationInfo = await tx.getLocations(session.scope.locations);
    const data: ReviewData = {
      session,
      snapshot,
      entries,
      marks,
      locations: session.scope.locations,
      items,
      locationInfo,
      balances,
      postings,
      inScope: scopeFilterOf(session),
      withinTolerance: (line, item, location) => applyTolerance(ctx.policies.tolerance, line, item, location, session.tolerance),
    };
    const { lines, openLocations } = computeReviewLines(data);
    const fingerprint = await hashText(
      canonicalJson(
        lines.map((line) => [stockKeyId(line.key), line.expected, line.counted, line.status, line.window, line.round]),
      ),
    );
    // Attribution is added after the fingerprint: a new explanation never makes a review stale.
    const explained = explain ? await explainLines(tx, session, lines, entries, items, ctx.policies.reasonCodes) : lines;
    // Frozen: the same lines may be handed to the next command and to callers.
    return { lines: deepFreeze(explained), openLocations, entries, marks, fingerprint };
  };

  const loadSession = async (tx: StorageTransaction, sessionId: string): Promise<CountSession> => {
    const id = parseInput(idSchema, sessionId, ['sessionId']);
    const session = await tx.getSession(id);
    if (!session) throw new StocktakeError('session_not_found', `No count session has id "${id}"`, { path: ['sessionId'] });
    return session;
  };

  const appendEntry = async (
    tx: StorageTransaction,
    session: CountSession,
    entry: Omit<CountEntry, 'seq'>,
  ): Promise<RecordResult> => {
    const existing = await tx.getEntry(session.id, entry.entryId);
    if (existing) {
      return existing.fingerprint === entry.fingerprint
        ? { entryId: entry.entryId, result: 'exists', entry: existing }
        : { entryId: entry.entryId, result: 'exists_with_different_payload' };
    }
    const stored = await tx.insertEntry(entry);
    await ctx.audit(tx, { actor: entry.counter, action: `count.${entry.kind === 'count' ? 'record' : entry.kind}`, subject: session.id, data: stored });
    return { entryId: entry.entryId, result: 'created', entry: stored };
  };

  /** Appends an entry that voids or accepts another; it carries its target's key and round. */
  const appendMarker = (
    tx: StorageTransaction,
    session: CountSession,
    target: CountEntry,
    marker: { kind: 'void' | 'accept'; entryId: string; actor: string; at: Instant; reason: string | undefined; fingerprint: string },
  ): Promise<RecordResult> =>
    appendEntry(
      tx,
      session,
      omitUndefined({
        sessionId: session.id,
        entryId: marker.entryId,
        kind: marker.kind,
        key: target.key,
        countedAt: marker.at,
        counter: marker.actor,
        round: target.round,
        target: target.entryId,
        reason: marker.reason,
        flags: [],
        recordedAt: now(),
        fingerprint: marker.fingerprint,
      }),
    );

  return {
    async open(input) {
      const parsed = parseInput(openCountInputSchema, input);
      const at = now();
      const id = parsed.id ?? ctx.ids.next('count');
      const { session, events } = await transaction(async (tx) => {
        if (await tx.getSession(id)) throw new StocktakeError('invalid_state', `Session ${id} exists`, { path: ['id'] });
        const defined = (await tx.listLocations()).map((location) => location.id);
        const known = new Set(defined);
        for (const [index, key] of (parsed.scope.keys ?? []).entries()) {
          if (!known.has(key.location)) {
            throw new StocktakeError('location_not_found', `No location has id "${key.location}"`, { path: ['scope', 'keys', index, 'location'] });
          }
        }
        const holding = parsed.scope.locations || parsed.scope.keys ? [] : await tx.listBalances({});
        const items = new Map((await tx.listItems()).map((item) => [item.sku, item]));
        const scope = resolveScope(parsed.scope, defined, holding, items);
        if (scope.locations.length === 0) {
          throw new StocktakeError('out_of_scope', 'The scope matches no location', { path: ['scope'] });
        }
        let session: CountSession = omitUndefined({
          id,
          version: 1,
          state: parsed.draft ? 'draft' : 'counting',
          mode: parsed.mode,
          purpose: parsed.purpose,
          scope,
          blind: parsed.blind,
          movementPolicy: parsed.movementPolicy,
          recount: parsed.recount,
          maxRounds: parsed.maxRounds,
          tolerance: parsed.tolerance ? omitUndefined(parsed.tolerance) : undefined,
          name: parsed.name,
          openedAt: at,
          openedBy: parsed.actor,
          counters: parsed.counters,
          teams: parsed.teams,
          split: parsed.tasks,
          round: 1,
          tasks: [],
          overrides: [],
          decisions: {},
        }) as CountSession;
        const snapshot = await snapshotAt(tx, session, at);
        const keysPerLocation = new Map<string, number>();
        for (const line of snapshot) keysPerLocation.set(line.key.location, (keysPerLocation.get(line.key.location) ?? 0) + 1);
        session = { ...session, tasks: splitTasks(scope.locations, keysPerLocation, parsed.tasks, parsed.counters, ctx.ids) };
        await authorize(parsed.actor, 'count.open', session);
        await tx.insertSession(session);
        if (!parsed.draft) await tx.insertSnapshot(id, snapshot);
        await ctx.audit(tx, { actor: parsed.actor, action: 'count.open', subject: id, data: { ...parsed, keys: snapshot.length } });
        const events: StocktakeEvent[] = [{ type: 'count.opened', session }];
        return { session, events };
      });
      for (const event of events) ctx.events.emit(event);
      return session;
    },

    async start(sessionId, input) {
      const actor = parseInput(idSchema, input?.actor, ['actor']);
      const at = now();
      return transaction(async (tx) => {
        const session = await loadSession(tx, sessionId);
        await authorize(actor, 'count.open', session);
        const started = await save(tx, startCounting(session, at), session);
        await tx.insertSnapshot(session.id, await snapshotAt(tx, started, at));
        await ctx.audit(tx, { actor, action: 'count.start', subject: session.id, data: {} });
        return started;
      });
    },

    get: async (sessionId) => ctx.storage.transaction((tx) => loadSession(tx, sessionId), { readOnly: true }),
    list: async (filter = {}) => ctx.storage.transaction((tx) => tx.listSessions(filter), { readOnly: true }),

    async sheet(sessionId, taskId) {
      const task_ = parseInput(idSchema, taskId, ['taskId']);
      return ctx.storage.transaction(async (tx) => {
        const session = await loadSession(tx, sessionId);
        const task = session.tasks.find((candidate) => candidate.id === task_);
        if (!task) throw new StocktakeError('task_not_found', `Session ${session.id} has no task "${task_}"`, { path: ['taskId'] });
        const snapshot = await tx.listSnapshot(session.id);
        const marks = await tx.listLocationMarks(session.id);
        const inTask = new Set(task.locations);
        const keys = task.keys ?? snapshot.filter((line) => inTask.has(line.key.location)).map((line) => line.key);
        const book = new Map(snapshot.map((line) => [stockKeyId(line.key), line.qty]));
        const items = await tx.getItems([...new Set(keys.map((key) => key.sku))]);
        const done = new Set(marks.filter((mark) => mark.round === task.round).map((mark) => mark.location));
        const keysAt = new Map<string, StockKey[]>();
        for (const key of keys) {
          const here = keysAt.get(key.location);
          if (here) here.push(key);
          else keysAt.set(key.location, [key]);
        }
        return {
          sessionId: session.id,
          task,
          blind: session.blind,
          locations: task.locations.map((location) => ({
            location,
            done: done.has(location),
            keys: (keysAt.get(location) ?? [])
              .map((key) => {
                const item = items.get(key.sku);
                return omitUndefined({
                  key,
                  name: item?.name,
                  uom: item?.baseUom ?? '',
                  bookQty: session.blind ? undefined : (book.get(stockKeyId(key)) ?? '0'),
                });
              }),
          })),
        };
      }, { readOnly: true });
    },

    async record(sessionId, input) {
      const parsed = parseInput(recordEntryInputSchema, input);
      const key = toStockKey(parsed.key ?? omitUndefined({ sku: parsed.sku!, location: parsed.location!, lot: parsed.lot, serial: parsed.serial }));
      const recordedAt = now();
      return transaction(async (tx) => {
        const session = await loadSession(tx, sessionId);
        const fingerprint = canonicalJson(parsed);
        const existing = await tx.getEntry(session.id, parsed.entryId);
        if (existing) {
          return existing.fingerprint === fingerprint
            ? { entryId: parsed.entryId, result: 'exists' as const, entry: existing }
            : { entryId: parsed.entryId, result: 'exists_with_different_payload' as const };
        }
        assertState(session, ['counting'], 'record an entry in');
        const keyPath = parsed.key ? ['key'] : [];
        const item = await tx.getItem(key.sku);
        if (!item) throw new StocktakeError('item_not_found', `No item has sku "${key.sku}"`, { path: [...keyPath, 'sku'] });
        if (!(await tx.getLocation(key.location))) {
          throw new StocktakeError('location_not_found', `No location has id "${key.location}"`, { path: [...keyPath, 'location'] });
        }
        if (!scopeFilterOf(session)(key, item)) {
          const wrongPlace = !tasksByLocation(session).has(key.location) && !session.scope.locations.includes(key.location);
          throw new StocktakeError('out_of_scope', `${key.sku} at ${key.location} is not in the scope of session ${session.id}`, {
            path: [...keyPath, wrongPlace ? 'location' : 'sku'],
          });
        }
        checkTracking(item, key, keyPath);
        const converted = convertToBase(item, parsed.qty, parsed.uom);
        if (!converted.ok) throw new StocktakeError(converted.code, converted.message, { path: [converted.code === 'unknown_uom' ? 'uom' : 'qty'] });
        if (parsed.countedAt < session.openedAt) {
          throw new StocktakeError('invalid_input', `countedAt is before the session opened (${session.openedAt})`, { path: ['countedAt'] });
        }
        const marks = await tx.listLocationMarks(session.id, { location: key.location, round: session.round });
        if (marks.some((mark) => mark.location === key.location && mark.round === session.round)) {
          throw new StocktakeError('invalid_state', `${key.location} is already complete or excluded in round ${session.round}`, {
            path: [...keyPath, 'location'],
          });
        }
        await authorize(parsed.counter, 'count.record', session);
        const task = findTask(session, key, parsed.task);
        if (parsed.task !== undefined && !session.tasks.some((candidate) => candidate.id === parsed.task)) {
          throw new StocktakeError('task_not_found', `Session ${session.id} has no task "${parsed.task}"`, { path: ['task'] });
        }
        if (task?.excludedCounters.includes(parsed.counter)) {
          throw new StocktakeError('not_authorized', `${parsed.counter} counted these keys before: a recount goes to someone else`, {
            path: ['counter'],
          });
        }
        const flags: EntryFlag[] = [];
        if (!task || !isAssigned(session, task, parsed.counter)) flags.push('outside_task');
        const here = await tx.listEntries(session.id, { location: key.location, round: session.round });
        const others = countingEntries(here).some(
          (entry) => entry.round === session.round && entry.key?.location === key.location && entry.counter !== parsed.counter,
        );
        if (others) flags.push('second_counter');
        const enteredInPack = parsed.uom !== undefined && parsed.uom !== item.baseUom;
        return appendEntry(
          tx,
          session,
          omitUndefined({
            sessionId: session.id,
            entryId: parsed.entryId,
            kind: 'count' as const,
            key,
            qty: converted.qty,
            expiry: parsed.expiry,
            enteredQty: enteredInPack ? formatDecimal(new D(parsed.qty)) : undefined,
            enteredUom: enteredInPack ? parsed.uom : undefined,
            countedAt: parsed.countedAt,
            counter: parsed.counter,
            device: parsed.device,
            taskId: task?.id ?? parsed.task,
            round: session.round,
            evidence: parsed.evidence,
            source: parsed.source ? omitUndefined(parsed.source) : undefined,
            flags,
            recordedAt,
            fingerprint,
          }),
        );
      });
    },

    async voidEntry(sessionId, input) {
      const parsed = parseInput(voidEntryInputSchema, input);
      const at = parsed.at ?? now();
      return transaction(async (tx) => {
        const session = await loadSession(tx, sessionId);
        const target = await targetEntry(tx, session, parsed.target);
        const fingerprint = canonicalJson(parsed);
        const existing = await tx.getEntry(session.id, parsed.entryId);
        if (!existing) assertState(session, ['counting', 'reviewing'], 'void an entry in');
        if (!existing && target.round !== session.round) {
          throw new StocktakeError('invalid_state', `Entry ${target.entryId} belongs to a closed round`, { path: ['target'] });
        }
        return appendMarker(tx, session, target, { kind: 'void', entryId: parsed.entryId, actor: parsed.actor, at, reason: parsed.reason, fingerprint });
      });
    },

    async resolveConflict(sessionId, input) {
      const parsed = parseInput(resolveConflictInputSchema, input);
      const at = parsed.at ?? now();
      return transaction(async (tx) => {
        const session = await loadSession(tx, sessionId);
        const target = await targetEntry(tx, session, parsed.target);
        const existing = await tx.getEntry(session.id, parsed.entryId);
        if (!existing) {
          assertState(session, ['counting', 'reviewing'], 'resolve a conflict in');
          if (target.flags.length === 0) {
            throw new StocktakeError('invalid_state', `Entry ${target.entryId} is not flagged`, { path: ['target'] });
          }
          await authorize(parsed.actor, 'count.resolve', session, [target.counter]);
        }
        return appendMarker(tx, session, target, {
          kind: parsed.accept ? 'accept' : 'void',
          entryId: parsed.entryId,
          actor: parsed.actor,
          at,
          reason: parsed.reason,
          fingerprint: canonicalJson(parsed),
        });
      });
    },

    entries: async (sessionId) =>
      ctx.storage.transaction(async (tx) => tx.listEntries((await loadSession(tx, sessionId)).id), { readOnly: true }),

    async completeLocation(sessionId, location, input) {
      const path = parseInput(locationIdSchema, location, ['location']);
      const parsed = parseInput(completeLocationInputSchema, input);
      return markLocation(sessionId, path, { status: 'complete', actor: parsed.actor, at: parsed.at ?? now() }, 'count.complete');
    },

    async excludeLocation(sessionId, location, input) {
      const path = parseInput(locationIdSchema, location, ['location']);
      const parsed = parseInput(excludeLocationInputSchema, input);
      return markLocation(
        sessionId,
        path,
        { status: 'excluded', actor: parsed.actor, at: parsed.at ?? now(), reason: parsed.reason },
        'count.exclude',
      );
    },

    async review(sessionId, input = {}) {
      const parsed = parseInput(reviewInputSchema, input);
      const reviewedAt = now();
      const { review, events } = await transaction(async (tx) => {
        let session = await loadSession(tx, sessionId);
        assertState(session, ['counting', 'reviewing', 'approved', 'posted'], 'review');
        let computed = await computeReview(tx, session, { explain: true });
        const conflicts = openConflicts(computed.entries);
        let created: CountTask[] = [];
        const events: StocktakeEvent[] = [];
        const roundDone = session.state === 'counting' && computed.openLocations.length === 0 && conflicts.length === 0;
        if (roundDone) {
          const toRecount = session.recount === 'auto' && session.round < session.maxRounds
            ? computed.lines.filter((line) => line.status === 'recount' || line.status === 'ambiguous')
            : [];
          created = recountTasks(session, toRecount.map((line) => ({ key: line.key, counters: line.counters })), ctx.ids);
          const previous = session;
          session = await save(tx, closeRound(session, created, reviewedAt), previous);
          await ctx.audit(tx, {
            actor: parsed.actor ?? 'system',
            action: 'count.review',
            subject: session.id,
            data: { round: previous.round, recountTasks: created.map((task) => task.id), fingerprint: computed.fingerprint },
          });
          if (created.length > 0) computed = await computeReview(tx, session, { explain: true });
          else await reviews.carry(tx, session.id, previous.version, session.version);
          for (const line of computed.lines) {
            if (['recount', 'ambiguous', 'needs_approval', 'needs_decision'].includes(line.status)) {
              events.push({ type: 'count.variance', sessionId: session.id, line });
            }
          }
        }
        const review: Review = {
          sessionId: session.id,
          state: session.state,
          round: session.round,
          reviewedAt,
          lines: computed.lines,
          summary: summarize(computed.lines),
          openLocations: computed.openLocations,
          excludedLocations: computed.marks
            .filter((mark) => mark.status === 'excluded')
            .map((mark) => ({ location: mark.location, reason: mark.reason ?? '' })),
          conflicts: openConflicts(computed.entries),
          recountTasks: created,
          fingerprint: computed.fingerprint,
        };
        return { review, events };
      });
      for (const event of events) ctx.events.emit(event);
      return review;
    },

    async decide(sessionId, input) {
      const parsed = parseInput(decideInputSchema, input);
      const at = now();
      return transaction(async (tx) => {
        const session = await loadSession(tx, sessionId);
        assertState(session, ['counting', 'reviewing', 'approved'], 'decide a line of');
        const key = toStockKey(parsed.key);
        const line = (await computeReview(tx, session)).lines.find((candidate) => stockKeyId(candidate.key) === stockKeyId(key));
        if (!line) throw new StocktakeError('out_of_scope', 'The session has no line for this key', { path: ['key'] });
        const item = await tx.getItem(key.sku);
        const converted = convertToBase(item!, parsed.qty);
        if (!converted.ok) throw new StocktakeError(converted.code, converted.message, { path: ['qty'] });
        await authorize(parsed.actor, 'count.decide', session, line.counters);
        const decision = omitUndefined({ qty: converted.qty, actor: parsed.actor, at, note: parsed.note });
        const updated = await save(tx, recordDecision(session, stockKeyId(key), decision), session);
        await ctx.audit(tx, { actor: parsed.actor, action: 'count.decide', subject: session.id, data: { key, ...decision } });
        return updated;
      });
    },

    async requestRecount(sessionId, input) {
      const parsed = parseInput(requestRecountInputSchema, input);
      return transaction(async (tx) => {
        const session = await loadSession(tx, sessionId);
        assertState(session, ['counting', 'reviewing', 'approved'], 'request a recount in');
        if (session.round >= session.maxRounds) {
          throw new StocktakeError('invalid_state', `Session ${session.id} has used its ${session.maxRounds} rounds: decide the lines`);
        }
        const { lines } = await computeReview(tx, session);
        const byId = new Map(lines.map((line) => [stockKeyId(line.key), line]));
        const keys = parsed.keys.map((key, index) => {
          const line = byId.get(stockKeyId(toStockKey(key)));
          if (!line) throw new StocktakeError('out_of_scope', 'The session has no line for this key', { path: ['keys', index] });
          return { key: line.key, counters: line.counters };
        });
        await authorize(parsed.actor, 'count.recount', session);
        const tasks = recountTasks(session, keys, ctx.ids, parsed.assignee);
        await save(tx, addRecountRound(session, tasks), session);
        await ctx.audit(tx, { actor: parsed.actor, action: 'count.recount', subject: session.id, data: { tasks } });
        return tasks;
      });
    },

    async approve(sessionId, input) {
      const parsed = parseInput(approveInputSchema, input);
      const at = now();
      return transaction(async (tx) => {
        const session = await loadSession(tx, sessionId);
        // `approved` too: after `stale_review`, a new review is approved again.
        assertState(session, ['counting', 'reviewing', 'approved'], 'approve');
        const { lines, openLocations, entries, fingerprint } = await computeReview(tx, session, { explain: true });
        if (openLocations.length > 0) {
          throw new StocktakeError('incomplete_locations', `${openLocations.length} location(s) are neither complete nor excluded`, {
            details: { locations: openLocations },
          });
        }
        // Complete but not reviewed yet: the review closes the round and may open recounts.
        assertState(session, ['reviewing', 'approved'], 'approve (review it first)');
        const unresolved = lines.filter((line) => ['pending', 'recount', 'ambiguous', 'needs_decision'].includes(line.status));
        const conflicts = openConflicts(entries);
        if (unresolved.length > 0 || conflicts.length > 0) {
          throw new StocktakeError('unresolved_lines', `${unresolved.length} line(s) and ${conflicts.length} conflict(s) are unresolved`, {
            details: { keys: unresolved.map((line) => line.key), conflicts: conflicts.map((entry) => entry.entryId) },
          });
        }
        await authorize(parsed.actor, 'count.approve', session, [...new Set(lines.flatMap((line) => line.counters))]);
        const reasons: Record<string, string> = {};
        const lineById = new Map(lines.map((line) => [stockKeyId(line.key), line]));
        for (const [index, reason] of (parsed.reasons ?? []).entries()) {
          const id = stockKeyId(toStockKey(reason.key));
          const line = lineById.get(id);
          if (!line) {
            throw new StocktakeError('out_of_scope', 'The session has no line for this key', { path: ['reasons', index, 'key'] });
          }
          const code = ctx.policies.reasonCodes.find((candidate) => candidate.code === reason.code);
          if (!code) {
            throw new StocktakeError('invalid_input', `"${reason.code}" is not one of the engine's reason codes`, {
              path: ['reasons', index, 'code'],
              details: { codes: ctx.policies.reasonCodes.map((candidate) => candidate.code) },
            });
          }
          if (!reasonFitsVariance(code, line.variance)) {
            throw new StocktakeError('invalid_input', `Reason "${code.code}" explains only ${code.sign}s; the variance of ${line.sku} at ${line.location} is ${line.variance}`, {
              path: ['reasons', index, 'code'],
            });
          }
          reasons[id] = code.code;
        }
        // Lines the approver gave no reason keep the attribution's proposal: approving confirms it.
        for (const line of lines) {
          const id = stockKeyId(line.key);
          if (reasons[id] === undefined && line.proposedReason !== undefined && !new D(line.variance).isZero()) reasons[id] = line.proposedReason;
        }
        const approved = await save(tx, approveSession(session, { actor: parsed.actor, at, fingerprint, reasons }), session);
        await ctx.audit(tx, { actor: parsed.actor, action: 'count.approve', subject: session.id, data: { fingerprint, reasons, note: parsed.note } });
        await reviews.carry(tx, session.id, session.version, approved.version);
        return approved;
      });
    },

    async post(sessionId, input) {
      const parsed = parseInput(postCountInputSchema, input);
      const at = now();
      const result = await transaction(async (tx) => {
        const session = await loadSession(tx, sessionId);
        if (session.state === 'posted' && session.posting) {
          const movements = await movementsById(tx, session.posting.movementIds);
          return { session, movements, confirmations: session.posting.confirmations, created: false, events: [] as StocktakeEvent[] };
        }
        assertState(session, ['approved'], 'post');
        await authorize(parsed.actor, 'count.post', session);
        // Without attribution: the reasons posted are the ones approved (the approval stored every
        // proposal it confirmed), and the fingerprint does not cover attribution anyway.
        const { lines, fingerprint } = await computeReview(tx, session);
        if (fingerprint !== session.approval!.fingerprint) {
          throw new StocktakeError('stale_review', `The ledger changed the review of session ${session.id} since approval: review and approve again`);
        }
        const adjusted = lines.filter((line) => !new D(line.variance).isZero());
        const adjustments = await postAdjustments(tx, session, adjusted, parsed.actor, at);
        const movements = adjustments.map(({ movement }) => movement);
        const events: StocktakeEvent[] = adjustments.flatMap((adjustment) => adjustment.events);
        const movementIds = new Map(adjusted.map((line, index) => [line, movements[index]!.id]));
        const records: CountRecord[] = lines.map((line) =>
          omitUndefined({
            key: line.key,
            sessionId: session.id,
            countedAt: line.window.to,
            qty: line.counted,
            variance: line.variance,
            movementId: movementIds.get(line),
            postedAt: at,
          }),
        );
        await tx.insertCountRecords(records);
        const confirmations = records.length - movements.length;
        const posted = await save(
          tx,
          markPosted(session, { actor: parsed.actor, at, movementIds: movements.map((m) => m.id), confirmations }),
          session,
        );
        await ctx.audit(tx, {
          actor: parsed.actor,
          action: 'count.post',
          subject: session.id,
          data: { movements: movements.map((m) => m.id), confirmations },
        });
        events.push({ type: 'count.posted', session: posted, movements });
        reviews.forget(session.id);
        return { session: posted, movements, confirmations, created: true, events };
      });
      const { events, ...outcome } = result;
      for (const event of events) ctx.events.emit(event);
      return outcome;
    },

    async report(sessionId, options = {}) {
      const { format } = parseInput(reportInputSchema, options, ['options']);
      const generatedAt = now();
      const report = await ctx.storage.transaction(async (tx) => {
        const session = await loadSession(tx, sessionId);
        assertState(session, ['counting', 'reviewing', 'approved', 'posted', 'cancelled'], 'report on');
        const { lines, entries, marks } = await computeReview(tx, session, { explain: true });
        const movements = await movementsById(tx, session.posting?.movementIds ?? []);
        const exceptions = (await tx.listExceptions()).filter((exception) => exception.sessionIds.includes(session.id));
        return buildCountReport({ session, lines, entries, marks, conflicts: openConflicts(entries), movements, exceptions, generatedAt });
      }, { readOnly: true });
      return renderCountReport(report, format);
    },

    async cancel(sessionId, input) {
      const parsed = parseInput(cancelCountInputSchema, input);
      const at = now();
      return transaction(async (tx) => {
        const session = await loadSession(tx, sessionId);
        await authorize(parsed.actor, 'count.cancel', session);
        const cancelled = await save(tx, cancelSession(session, { actor: parsed.actor, at, reason: parsed.reason }), session);
        await ctx.audit(tx, { actor: parsed.actor, action: 'count.cancel', subject: session.id, data: { reason: parsed.reason } });
        return cancelled;
      });
    },

    exceptions: async (filter = {}) =>
      ctx.storage.transaction((tx) => tx.listExceptions(filter), { readOnly: true }),

    async resolveException(id, input) {
      const exceptionId = parseInput(idSchema, id, ['id']);
      const actor = parseInput(idSchema, input?.actor, ['actor']);
      const note = parseInput(idSchema, input?.note, ['note']);
      return transaction(async (tx) => {
        const exception = (await tx.listExceptions()).find((candidate) => candidate.id === exceptionId);
        if (!exception) throw new StocktakeError('invalid_input', `No exception has id "${exceptionId}"`, { path: ['id'] });
        if (exception.status === 'resolved') return exception;
        const resolved: CountException = { ...exception, status: 'resolved', resolution: { actor, at: now(), note } };
        await tx.updateException(resolved);
        await ctx.audit(tx, { actor, action: 'count.exception.resolve', subject: exceptionId, data: { note } });
        return resolved;
      });
    },

    async flag(input) {
      const parsed = parseInput(flagKeyInputSchema, input);
      const at = parsed.at ?? now();
      const key = toStockKey(parsed.key);
      await transaction((tx) =>
        ctx.audit(tx, { actor: parsed.counter, action: 'count.flag', subject: stockKeyId(key).replaceAll('\u001f', '|'), data: parsed }),
      );
      ctx.events.emit(omitUndefined({ type: 'count.flagged' as const, key, counter: parsed.counter, note: parsed.note, sessionId: parsed.sessionId, at }));
    },

    countRecords: async (filter = {}) =>
      ctx.storage.transaction(
        (tx) =>
          tx.listCountRecords({
            keys: filter.keys?.map(toStockKey),
            countedFrom: filter.countedFrom,
            countedTo: filter.countedTo,
          }),
        { readOnly: true },
      ),
  };

  async function markLocation(
    sessionId: string,
    location: string,
    mark: { status: LocationMark['status']; actor: string; at: Instant; reason?: string },
    action: CountAction,
  ): Promise<LocationMark> {
    return transaction(async (tx) => {
      const session = await loadSession(tx, sessionId);
      const marks = (await tx.listLocationMarks(session.id, { location })).filter((candidate) => candidate.location === location);
      const current = marks.find((candidate) => candidate.round === session.round);
      if (current) return current;
      // Counting is over: a late retry of a mark gets the mark it made.
      const earlier = marks.filter((candidate) => candidate.status === mark.status).at(-1);
      if (earlier && session.state !== 'counting') return earlier;
      assertState(session, ['counting'], `mark a location of`);
      if (!tasksByLocation(session).has(location)) {
        throw new StocktakeError('out_of_scope', `${location} is not counted in round ${session.round} of session ${session.id}`, {
          path: ['location'],
        });
      }
      await authorize(mark.actor, action, session);
      const stored: LocationMark = omitUndefined({ sessionId: session.id, location, round: session.round, ...mark });
      await tx.insertLocationMark(stored);
      await ctx.audit(tx, { actor: mark.actor, action, subject: session.id, data: stored });
      return stored;
    });
  }

  /** Posts one `count_adjustment` per line, in one batch; the ledger refusing any fails them all. */
  async function postAdjustments(
    tx: StorageTransaction,
    session: CountSession,
    lines: readonly ReviewLine[],
    actor: string,
    at: Instant,
  ): Promise<Array<{ movement: Movement; events: readonly StocktakeEvent[] }>> {
    const requests = lines.map((line) => {
      const variance = new D(line.variance);
      const qty = formatDecimal(variance.abs());
      const side = variance.isNegative() ? { from: line.location } : { to: line.location };
      const id = adjustmentId(session.id, line.key);
      const adjustmentLines = [omitUndefined({ sku: line.sku, ...side, qty, lot: line.lot, serial: line.serial })];
      return {
        header: {
          id,
          kind: 'count_adjustment' as const,
          occurredAt: line.window.to,
          recordedAt: at,
          actor,
          fingerprint: canonicalJson({ id, sessionId: session.id, lines: adjustmentLines, occurredAt: line.window.to }),
          reason: `Count ${session.id}`,
          reasonCode: session.approval?.reasons[stockKeyId(line.key)],
          sessionId: session.id,
        },
        lines: adjustmentLines,
      };
    });
    const outcomes = await postBatch(ctx, tx, requests);
    return outcomes.map(({ result, events }, index) => {
      if ((result.result === 'created' || result.result === 'exists') && result.movement) return { movement: result.movement, events };
      const line = lines[index]!;
      throw new StocktakeError('posting_refused', `The ledger refused the adjustment of ${line.sku} at ${line.location}: ${result.result}`, {
        details: { key: line.key, result: result.result, message: result.message, ...result.details },
      });
    });
  }
}

/** The movements with these ids, in the order given. */
async function movementsById(tx: StorageTransaction, ids: readonly string[]): Promise<Movement[]> {
  const found = await tx.getMovements(ids);
  return ids.flatMap((id) => found.get(id) ?? []);
}

/**
 * The id of the count adjustment of a key in a session: the same inputs always give the same id,
 * so posting again finds it instead of creating another.
 *
 * @param sessionId - the session
 * @param key - the key
 * @returns the movement id
 * @example
 * ```ts
 * adjustmentId('count-1', { sku: 'A-100', location: 'WH1/A/01' }); // 'count-1:A-100@WH1/A/01'
 * ```
 */
export function adjustmentId(sessionId: string, key: StockKey): string {
  return `${sessionId}:${key.sku}@${key.location}${key.lot === undefined ? '' : `#lot=${key.lot}`}${key.serial === undefined ? '' : `#serial=${key.serial}`}`;
}

function checkTracking(item: Item, key: StockKey, keyPath: ReadonlyArray<string>): void {
  const fail = (field: 'lot' | 'serial', message: string): never => {
    throw new StocktakeError('invalid_input', message, { path: [...keyPath, field] });
  };
  if (item.tracking === 'lot' && key.lot === undefined) fail('lot', `Item ${item.sku} is tracked by lot: the entry needs "lot"`);
  if (item.tracking === 'serial' && key.serial === undefined) fail('serial', `Item ${item.sku} is tracked by serial: the entry needs "serial"`);
  if (item.tracking !== 'serial' && key.serial !== undefined) fail('serial', `Item ${item.sku} is not tracked by serial`);
  if (item.tracking === 'none' && key.lot !== undefined) fail('lot', `Item ${item.sku} is not tracked by lot`);
}

async function targetEntry(tx: StorageTransaction, session: CountSession, entryId: string): Promise<CountEntry> {
  const target = await tx.getEntry(session.id, entryId);
  if (!target || target.kind !== 'count') {
    throw new StocktakeError('entry_not_found', `Session ${session.id} has no count entry "${entryId}"`, { path: ['target'] });
  }
  return target;
}
