/**
 * Submitting a built entry to the sink, and taking a scan back: what each does to the
 * pipeline's memory (pending entries, identities, the last plain scan, remembered events).
 *
 * @module
 */
import { isStocktakeError, StocktakeError } from '../../errors.js';
import { aimSymbology } from '../aim.js';
import { parseScan, type ParseScanOptions } from '../parse-scan.js';
import { identityOf, scanEntryId, type ScanCountEntry } from './entry.js';
import type { PipelineMemory, ScanBuiltEntry } from './state.js';
import type { ScanEntrySink, ScanOutcome, ScanUndoOutcome } from './types.js';

/** What submitting and undoing work with. @internal */
export interface Recording {
  readonly sink: ScanEntrySink;
  readonly session: string;
  readonly counter: string;
  readonly memory: PipelineMemory;
  readonly parseOptions: ParseScanOptions;
}

/** A built entry without the fields it does not have (for outcomes under exactOptionalPropertyTypes). @internal */
export const withOptional = (built: ScanBuiltEntry): ScanBuiltEntry => ({
  entry: built.entry,
  ...(built.expiry === undefined ? {} : { expiry: built.expiry }),
  ...(built.note === undefined ? {} : { note: built.note }),
  ...(built.warnings === undefined ? {} : { warnings: built.warnings }),
});

/** The count API's answer to an entry id it holds with other data. */
const isConflict = (result: unknown): boolean => (result as { result?: unknown } | null)?.result === 'exists_with_different_payload';

/**
 * Submits an entry. A sink failure keeps it pending; the sink's `exists_with_different_payload`
 * is a conflict, and a first submission then gives back the identity it claimed.
 *
 * @internal
 */
export async function submit(r: Recording, eventId: string, built: ScanBuiltEntry, resent: boolean, identity?: string): Promise<ScanOutcome> {
  const { memory } = r;
  let result: unknown;
  try {
    result = await r.sink.record(r.session, built.entry);
  } catch (error) {
    memory.set('pending', eventId, built);
    return { status: 'failed', eventId, ...withOptional(built), error };
  }
  memory.set('pending', eventId, undefined);
  if (isConflict(result)) {
    if (!resent) {
      if (identity !== undefined && memory.identities.get(identity) === eventId) memory.set('identities', identity, undefined);
      if (memory.lastPlain?.eventId === eventId) memory.setScalar('lastPlain', undefined);
    }
    memory.rememberAgain(eventId, {});
    return { status: 'conflict', eventId, result };
  }
  memory.rememberAgain(eventId, { counted: built });
  return { status: 'recorded', eventId, ...withOptional(built), result, resent };
}

/** Forgets the identity a scan counted, so the unit can be counted again. */
function forgetIdentity(r: Recording, eventId: string, entry: ScanCountEntry | undefined): void {
  const { memory } = r;
  const source = entry?.source;
  const symbology = source?.symbology !== undefined && aimSymbology(source.symbology) !== undefined ? source.symbology : undefined;
  const scan = source === undefined ? undefined : parseScan(source.raw, symbology === undefined ? r.parseOptions : { ...r.parseOptions, symbology });
  const identity = scan?.ok === true ? identityOf(scan) : undefined;
  if (identity !== undefined) {
    if (memory.identities.get(identity) === eventId) memory.set('identities', identity, undefined);
    return;
  }
  // The scan is no longer remembered: find its identity the long way (undo of an old scan is rare).
  for (const [key, owner] of memory.identities) if (owner === eventId) memory.set('identities', key, undefined);
}

/** Voids a counted (or pending) scan through the sink, then forgets it. */
async function voidCounted(r: Recording, eventId: string, was: 'pending' | 'recorded', entry: ScanCountEntry | undefined, reason: string): Promise<ScanUndoOutcome> {
  let result: unknown;
  if (r.sink.voidEntry !== undefined) {
    const input = { entryId: `void:${scanEntryId(eventId)}`, target: scanEntryId(eventId), reason, actor: r.counter };
    try {
      result = await r.sink.voidEntry(r.session, input);
    } catch (error) {
      const neverArrived = isStocktakeError(error) && error.code === 'entry_not_found';
      if (!neverArrived) return { status: 'failed', eventId, error };
      if (was === 'recorded' && entry === undefined) return { status: 'not_found', eventId };
    }
  } else if (was === 'recorded') {
    throw new StocktakeError('invalid_input', 'undoing a counted scan needs a sink with voidEntry(sessionId, input)', { path: ['sink', 'voidEntry'] });
  }
  r.memory.set('pending', eventId, undefined);
  forgetIdentity(r, eventId, entry);
  if (r.memory.lastPlain?.eventId === eventId) r.memory.setScalar('lastPlain', undefined);
  r.memory.rememberAgain(eventId, { undone: true });
  return { status: 'undone', eventId, was, ...(result === undefined ? {} : { result }) };
}

/**
 * Takes a scan back: a held double is dropped; a pending or counted one is voided through the
 * sink (a pending one the sink never saw is dropped) and its identity forgotten. An event older
 * than the remembered ones is voided when the sink can: the sink knows whether it was counted.
 *
 * @internal
 */
export async function undoScan(r: Recording, eventId: string, reason: string): Promise<ScanUndoOutcome> {
  const { memory } = r;
  if (memory.held.has(eventId)) {
    memory.set('held', eventId, undefined);
    memory.rememberAgain(eventId, { undone: true });
    return { status: 'undone', eventId, was: 'held' };
  }
  const pending = memory.pending.get(eventId);
  if (pending !== undefined) return voidCounted(r, eventId, 'pending', pending.entry, reason);
  const remembered = memory.recent.get(eventId);
  if (remembered?.counted !== undefined) return voidCounted(r, eventId, 'recorded', remembered.counted.entry, reason);
  if (remembered === undefined && r.sink.voidEntry !== undefined) return voidCounted(r, eventId, 'recorded', undefined, reason);
  return { status: 'not_found', eventId };
}
