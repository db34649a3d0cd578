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
import { recordParsedEntry, type RecordResult } from './recording.js';

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
    const outcomes: RecordManyOutcome[] = [];
    for (const [index, input] of parsed.entries()) {
      if (!input.ok) {
        outcomes.push({ index, ok: false, error: input.error });
        continue;
      }
      const outcome = await attemptAsync(() => recordParsedEntry(ctx, tx, session, input.value, recordedAt));
      outcomes.push(outcome.ok ? { index, ok: true, result: outcome.value } : { index, ok: false, error: outcome.error });
    }
    return outcomes;
  });
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
