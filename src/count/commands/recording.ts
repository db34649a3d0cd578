/**
 * Recording, voiding and accepting count entries.
 *
 * @internal
 * @module
 */
import type * as z from 'zod';
import { canonicalJson } from '../../canonical.js';
import type { Item } from '../../catalog/types.js';
import { StocktakeError } from '../../errors.js';
import { toStockKey, type StockKey } from '../../ledger/key.js';
import { omitUndefined } from '../../ledger/prepare.js';
import { convertToBase } from '../../quantity/convert.js';
import { canonicalDecimal, D, formatDecimal } from '../../quantity/decimal.js';
import type { StorageTransaction } from '../../storage/adapter.js';
import type { Instant } from '../../time.js';
import { parseInput, type DeepReadonly } from '../../validate.js';
import { countingEntries, liveEntries } from '../entries.js';
import {
  recordEntryInputSchema,
  resolveConflictInputSchema,
  voidEntryInputSchema,
  type RecordEntryInput,
  type ResolveConflictInput,
  type VoidEntryInput,
} from '../schemas.js';
import { scopeFilterOf } from '../scope.js';
import { assertState } from '../session.js';
import { findTask, isAssigned, tasksByLocation } from '../task-index.js';
import type { CountEntry, CountSession, EntryFlag } from '../types.js';
import { assertAssertedAt, authorizeCount, inReadOnly, inSessionTransaction, loadSession, nowOf, type CountContext } from './context.js';

/** The outcome of recording, voiding or resolving an entry. */
export interface RecordResult {
  /** The entry id. */
  readonly entryId: string;
  /**
   * `created`; `exists` (same id and payload: nothing written); `voided` (same id and payload, but
   * the entry was voided since and does not count: nothing written, record a new entry id to count
   * again); or `exists_with_different_payload`. Equal decimals (`"5"`, `"5.0"`) are the same payload.
   */
  readonly result: 'created' | 'exists' | 'voided' | 'exists_with_different_payload';
  /** The stored entry (for `created`, `exists` and `voided`). */
  readonly entry?: CountEntry;
  /** The entry that voided it (for `voided`). */
  readonly voidedBy?: string;
}

/** `counts.record`. @internal */
export async function recordEntry(ctx: CountContext, sessionId: string, input: DeepReadonly<RecordEntryInput>): Promise<RecordResult> {
  const parsed = parseInput(recordEntryInputSchema, input);
  const recordedAt = nowOf(ctx);
  return inSessionTransaction(ctx, sessionId, async (tx) => recordParsedEntry(ctx, tx, await loadSession(tx, sessionId), parsed, recordedAt));
}

/** A validated `counts.record` input. @internal */
export type ParsedRecordEntry = z.output<typeof recordEntryInputSchema>;

/**
 * What checking an entry reads: a transaction, or a batch's view of one that also answers with the
 * entries the batch accepted before (see `entry-batch.ts`).
 *
 * @internal
 */
export type EntryReads = Pick<StorageTransaction, 'getEntry' | 'getItem' | 'getLocation' | 'listLocationMarks' | 'listEntries'>;

/** What checking an entry decided: the answer to a retried id, or the new entry to store. @internal */
export type EntryCheck = { readonly retry: RecordResult } | { readonly entry: Omit<CountEntry, 'seq'> };

/**
 * Records one validated entry in a transaction: the rules of `counts.record`. Throws a
 * `StocktakeError` before writing anything when the entry is refused.
 *
 * @internal
 */
export async function recordParsedEntry(
  ctx: CountContext,
  tx: StorageTransaction,
  session: CountSession,
  parsed: ParsedRecordEntry,
  recordedAt: Instant,
): Promise<RecordResult> {
  const checked = await checkParsedEntry(ctx, tx, session, parsed, recordedAt);
  return 'retry' in checked ? checked.retry : appendEntry(ctx, tx, session, checked.entry);
}

/**
 * Checks one validated entry against what `reads` holds, writing nothing: the answer to a retried
 * entry id, the entry to store, or a `StocktakeError` saying why it is refused. Shared by
 * `counts.record` and `counts.recordMany`, so both apply the same rules in the same order.
 *
 * @internal
 */
export async function checkParsedEntry(
  ctx: CountContext,
  reads: EntryReads,
  session: CountSession,
  parsed: ParsedRecordEntry,
  recordedAt: Instant,
): Promise<EntryCheck> {
  const key = entryKeyOf(parsed);
  // Equal decimals are the same payload: "5" and "5.0" retry the same entry.
  const fingerprint = canonicalJson({ ...parsed, qty: canonicalDecimal(parsed.qty) });
  const existing = await reads.getEntry(session.id, parsed.entryId);
  if (existing) return { retry: await retried(reads, session, existing, fingerprint) };
  assertState(session, ['counting'], 'record an entry in');
  const keyPath = parsed.key ? ['key'] : [];
  const item = await reads.getItem(key.sku);
  if (!item) throw new StocktakeError('item_not_found', `No item has sku "${key.sku}"`, { path: [...keyPath, 'sku'] });
  if (!(await reads.getLocation(key.location))) {
    throw new StocktakeError('location_not_found', `No location has id "${key.location}"`, { path: [...keyPath, 'location'] });
  }
  if (!scopeFilterOf(session)(key)) {
    const wrongPlace = !tasksByLocation(session).has(key.location) && !session.scope.locations.includes(key.location);
    throw new StocktakeError('out_of_scope', `${key.sku} at ${key.location} is not in the scope of session ${session.id}`, {
      path: [...keyPath, wrongPlace ? 'location' : 'sku'],
    });
  }
  checkTracking(item, key, keyPath);
  const converted = convertToBase(item, parsed.qty, parsed.uom);
  if (!converted.ok) throw new StocktakeError(converted.code, converted.message, { path: [converted.code === 'unknown_uom' ? 'uom' : 'qty'] });
  if (item.tracking === 'serial' && new D(converted.qty).gt(1)) {
    throw new StocktakeError('invalid_quantity', `A serial number stands for one ${item.baseUom}: count ${key.serial ?? ''} as 1, or 0 when it is missing`, {
      path: ['qty'],
    });
  }
  assertAssertedAt(ctx, session, parsed.countedAt, ['countedAt']);
  const marks = await reads.listLocationMarks(session.id, { location: key.location, round: session.round });
  if (marks.some((mark) => mark.location === key.location && mark.round === session.round)) {
    throw new StocktakeError('invalid_state', `${key.location} is already complete or excluded in round ${session.round}`, {
      path: [...keyPath, 'location'],
    });
  }
  await authorizeCount(ctx, parsed.counter, 'count.record', session);
  const task = findTask(session, key, parsed.task);
  if (parsed.task !== undefined && !session.tasks.some((candidate) => candidate.id === parsed.task)) {
    throw new StocktakeError('task_not_found', `Session ${session.id} has no task "${parsed.task}"`, { path: ['task'] });
  }
  if (task?.excludedCounters.includes(parsed.counter)) {
    throw new StocktakeError('not_authorized', `${parsed.counter} counted these keys before: a recount goes to someone else`, {
      path: ['counter'],
    });
  }
  const flags = await entryFlags(reads, session, key, parsed.counter, new D(converted.qty).gt(0));
  if (!task || !isAssigned(session, task, parsed.counter)) flags.unshift('outside_task');
  const enteredInPack = parsed.uom !== undefined && parsed.uom !== item.baseUom;
  return {
    entry: omitUndefined({
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
      note: parsed.note,
      flags,
      recordedAt,
      fingerprint,
    }),
  };
}

/** The stock key a validated entry counts, given as `key` or as separate fields. @internal */
export function entryKeyOf(parsed: ParsedRecordEntry): StockKey {
  return toStockKey(parsed.key ?? omitUndefined({ sku: parsed.sku!, location: parsed.location!, lot: parsed.lot, serial: parsed.serial }));
}

/** The flags other entries of the round give a new one: a second counter at the location, a serial seen before. */
async function entryFlags(reads: EntryReads, session: CountSession, key: StockKey, counter: string, counted: boolean): Promise<EntryFlag[]> {
  const flags: EntryFlag[] = [];
  const here = await reads.listEntries(session.id, { location: key.location, round: session.round });
  const others = countingEntries(here).some((entry) => entry.round === session.round && entry.key?.location === key.location && entry.counter !== counter);
  if (others) flags.push('second_counter');
  if (key.serial !== undefined && counted) {
    // A serial is one unit: seen again in the round, from any device or location, it waits for a supervisor.
    const seen = await reads.listEntries(session.id, { round: session.round, serial: { sku: key.sku, serial: key.serial } });
    if (liveEntries(seen).some((entry) => new D(entry.qty!).gt(0))) flags.push('duplicate_serial');
  }
  return flags;
}

/** `counts.voidEntry`. @internal */
export async function voidEntry(ctx: CountContext, sessionId: string, input: DeepReadonly<VoidEntryInput>): Promise<RecordResult> {
  const parsed = parseInput(voidEntryInputSchema, input);
  const at = parsed.at ?? nowOf(ctx);
  return inSessionTransaction(ctx, sessionId, async (tx) => {
    const session = await loadSession(tx, sessionId);
    if (parsed.at !== undefined) assertAssertedAt(ctx, session, parsed.at, ['at']);
    const target = await targetEntry(tx, session, parsed.target);
    const fingerprint = canonicalJson(parsed);
    const existing = await tx.getEntry(session.id, parsed.entryId);
    if (!existing) assertState(session, ['counting', 'reviewing'], 'void an entry in');
    if (!existing && target.round !== session.round) {
      throw new StocktakeError('invalid_state', `Entry ${target.entryId} belongs to a closed round`, { path: ['target'] });
    }
    return appendMarker(ctx, tx, session, target, { kind: 'void', entryId: parsed.entryId, actor: parsed.actor, at, reason: parsed.reason, fingerprint });
  });
}

/** `counts.resolveConflict`. @internal */
export async function resolveConflict(
  ctx: CountContext,
  sessionId: string,
  input: DeepReadonly<ResolveConflictInput>,
): Promise<RecordResult> {
  const parsed = parseInput(resolveConflictInputSchema, input);
  const at = parsed.at ?? nowOf(ctx);
  return inSessionTransaction(ctx, sessionId, async (tx) => {
    const session = await loadSession(tx, sessionId);
    if (parsed.at !== undefined) assertAssertedAt(ctx, session, parsed.at, ['at']);
    const target = await targetEntry(tx, session, parsed.target);
    const existing = await tx.getEntry(session.id, parsed.entryId);
    if (!existing) {
      assertState(session, ['counting', 'reviewing'], 'resolve a conflict in');
      if (target.flags.length === 0) {
        throw new StocktakeError('invalid_state', `Entry ${target.entryId} is not flagged`, { path: ['target'] });
      }
      await authorizeCount(ctx, parsed.actor, 'count.resolve', session, [target.counter]);
    }
    return appendMarker(ctx, tx, session, target, {
      kind: parsed.accept ? 'accept' : 'void',
      entryId: parsed.entryId,
      actor: parsed.actor,
      at,
      reason: parsed.reason,
      fingerprint: canonicalJson(parsed),
    });
  });
}

/** `counts.entries`. @internal */
export function listSessionEntries(ctx: CountContext, sessionId: string): Promise<CountEntry[]> {
  return inReadOnly(ctx, async (tx) => tx.listEntries((await loadSession(tx, sessionId)).id));
}

/** Appends an entry unless its id exists; audited. */
async function appendEntry(ctx: CountContext, tx: StorageTransaction, session: CountSession, entry: Omit<CountEntry, 'seq'>): Promise<RecordResult> {
  const existing = await tx.getEntry(session.id, entry.entryId);
  if (existing) return retried(tx, session, existing, entry.fingerprint);
  const stored = await tx.insertEntry(entry);
  await ctx.audit(tx, { actor: entry.counter, action: `count.${entry.kind === 'count' ? 'record' : entry.kind}`, subject: session.id, data: stored });
  return { entryId: entry.entryId, result: 'created', entry: stored };
}

/**
 * The answer to an entry id submitted again: a different payload is refused; the same payload of
 * a count entry that was voided since is answered `voided` (it no longer counts: record a new
 * entry to count again); otherwise `exists`.
 */
async function retried(reads: EntryReads, session: CountSession, existing: CountEntry, fingerprint: string): Promise<RecordResult> {
  if (existing.fingerprint !== fingerprint) return { entryId: existing.entryId, result: 'exists_with_different_payload' };
  if (existing.kind === 'count') {
    const voiding = (await reads.listEntries(session.id, { location: existing.key!.location, round: existing.round })).find(
      (entry) => entry.kind === 'void' && entry.target === existing.entryId,
    );
    if (voiding) return { entryId: existing.entryId, result: 'voided', entry: existing, voidedBy: voiding.entryId };
  }
  return { entryId: existing.entryId, result: 'exists', entry: existing };
}

/** Appends an entry that voids or accepts another; it carries its target's key and round. */
function appendMarker(
  ctx: CountContext,
  tx: StorageTransaction,
  session: CountSession,
  target: CountEntry,
  marker: { kind: 'void' | 'accept'; entryId: string; actor: string; at: Instant; reason: string | undefined; fingerprint: string },
): Promise<RecordResult> {
  return appendEntry(
    ctx,
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
      recordedAt: nowOf(ctx),
      fingerprint: marker.fingerprint,
    }),
  );
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
