/**
 * Recording many entries in one transaction: a handheld's offline queue, or a filled count sheet.
 *
 * @internal
 * @module
 */
import { isStocktakeError, StocktakeError, type ErrorPath, type StocktakeErrorCode } from '../../errors.js';
import { parseInput } from '../../validate.js';
import { recordEntryInputSchema } from '../schemas.js';
import { inSessionTransaction, loadSession, nowOf, type CountContext } from './context.js';
import type { StorageTransaction } from '../../storage/adapter.js';
import type { CountEntry, CountSession } from '../types.js';
import { EntryBatch, type PendingEntry } from './entry-batch.js';
import { checkParsedEntry, type EntryCheck, type RecordResult } from './recording.js';

/** The most entries one `counts.recordMany` call takes; more are refused with `invalid_input`. */
export const RECORD_MANY_MAX = 1000;

/** Why `counts.recordMany` refused one entry: what `counts.record` would have thrown. */
export interface RecordRefusal {
  /** The error code, as `counts.record` throws it. */
  readonly code: StocktakeErrorCode;
  /** The sentence for people. */
  readonly message: string;
  /** The bad field inside the entry (the same path `counts.record` gives). */
  readonly path: ErrorPath;
  /** Structured details, as `counts.record` gives them. */
  readonly details: Readonly<Record<string, unknown>>;
}

/** The outcome of one entry of `counts.recordMany`, at the entry's index in the call. */
export type RecordManyOutcome =
  | { readonly index: number; readonly ok: true; readonly result: RecordResult }
  | { readonly index: number; readonly ok: false; readonly error: RecordRefusal };

/** `counts.recordMany`. @internal */
export async function recordMany(ctx: CountContext, sessionId: string, entries: readonly unknown[]): Promise<RecordManyOutcome[]> {
  if (!Array.isArray(entries)) throw new StocktakeError('invalid_input', 'recordMany takes an array of entries', { path: ['entries'] });
  if (entries.length > RECORD_MANY_MAX) {
    throw new StocktakeError('invalid_input', `recordMany takes at most ${RECORD_MANY_MAX} entries per call; split the ${entries.length} entries`, {
      path: ['entries'],
      details: { max: RECORD_MANY_MAX, given: entries.length },
    });
  }
  // Validated before the transaction, as `record` does: a refused entry is an outcome, not a failure.
  const parsed = entries.map((entry) => attempt(() => parseInput(recordEntryInputSchema, entry)));
  const recordedAt = nowOf(ctx);
  return inSessionTransaction(ctx, sessionId, async (tx) => {
    const session = await loadSession(tx, sessionId);
    const batch = await EntryBatch.load(tx, session, parsed.flatMap((input) => (input.ok ? [input.value] : [])));
    // Each entry is checked against the ones before it, as `record` one after the other would.
    const checked: Array<Attempt<EntryCheck>> = [];
    for (const input of parsed) {
      if (!input.ok) {
        checked.push(input);
        continue;
      }
      const outcome = await attemptAsync(() => checkParsedEntry(ctx, batch, session, input.value, recordedAt));
      if (outcome.ok && 'entry' in outcome.value) batch.add(outcome.value.entry);
      checked.push(outcome);
    }
    const stored = await storeEntries(ctx, tx, session, batch.pending);
    return checked.map((outcome, index): RecordManyOutcome => {
      if (!outcome.ok) return { index, ok: false, error: outcome.error };
      return { index, ok: true, result: resultOf(outcome.value, stored) };
    });
  });
}

/** Stores the accepted entries and their audit events, each in one write. */
async function storeEntries(ctx: CountContext, tx: StorageTransaction, session: CountSession, entries: readonly PendingEntry[]): Promise<Map<string, CountEntry>> {
  const stored = tx.insertEntries ? await tx.insertEntries(entries) : await storeOneByOne(tx, entries);
  await ctx.auditAll(
    tx,
    stored.map((entry) => ({ actor: entry.counter, action: 'count.record', subject: session.id, data: entry })),
  );
  return new Map(stored.map((entry) => [entry.entryId, entry]));
}

async function storeOneByOne(tx: StorageTransaction, entries: readonly PendingEntry[]): Promise<CountEntry[]> {
  const stored: CountEntry[] = [];
  for (const entry of entries) stored.push(await tx.insertEntry(entry));
  return stored;
}

/** The result of a checked entry, with the stored form (and `seq`) of an entry this batch wrote. */
function resultOf(checked: EntryCheck, stored: ReadonlyMap<string, CountEntry>): RecordResult {
  if ('entry' in checked) return { entryId: checked.entry.entryId, result: 'created', entry: stored.get(checked.entry.entryId)! };
  // A retry of an entry recorded earlier in this batch answers with what was stored for it.
  const { retry } = checked;
  const written = retry.entry === undefined ? undefined : stored.get(retry.entry.entryId);
  return written === undefined ? retry : { ...retry, entry: written };
}

type Attempt<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: RecordRefusal };

function refusalOf(error: unknown): RecordRefusal {
  // Anything but a refusal (a storage fault) fails the whole call: its transaction rolls back.
  if (!isStocktakeError(error) || error.type === 'storage') throw error;
  return { code: error.code, message: error.message, path: error.path, details: error.details };
}

function attempt<T>(work: () => T): Attempt<T> {
  try {
    return { ok: true, value: work() };
  } catch (error) {
    return { ok: false, error: refusalOf(error) };
  }
}

async function attemptAsync<T>(work: () => Promise<T>): Promise<Attempt<T>> {
  try {
    return { ok: true, value: await work() };
  } catch (error) {
    return { ok: false, error: refusalOf(error) };
  }
}
