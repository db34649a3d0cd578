/**
 * Restoring the scan pipeline's state: a state saved by any release, and the changes saved
 * after it, applied in order.
 *
 * @module
 */
import * as z from 'zod';

import { fromZodError, StocktakeError } from '../../errors.js';
import { safeParseInput } from '../../validate.js';
import type { ScanCountEntry } from './entry.js';
import {
  PipelineMemory,
  SCALARS,
  scanPipelineChangesSchema,
  scanPipelineStateSchema,
  scanPipelineStateV1Schema,
  TABLES,
  type Scalar,
  type ScanBuiltEntry,
  type ScanPipelineChanges,
  type ScanPipelineState,
  type ScanPipelineStateV1,
  type ScanRememberedEvent,
} from './state.js';

/** The state of a pipeline that has seen nothing. @internal */
export const emptyScanPipelineState: ScanPipelineState = Object.freeze({ version: 2, revision: 0, identities: {}, pending: {}, held: {}, recent: {} });

/**
 * Reads a saved state of either version. A version 1 state kept every entry: those the sink
 * accepted become remembered events (the newest `rememberEvents`), the others pending.
 *
 * @internal
 */
export function upgradeState(state: ScanPipelineState | ScanPipelineStateV1, rememberEvents: number): ScanPipelineState {
  if (state.version === 2) return state;
  const entries = Object.entries(state.entries);
  const accepted = entries.filter(([, e]) => e.recorded);
  const recent = Object.fromEntries(
    accepted.slice(Math.max(0, accepted.length - rememberEvents)).map(([eventId, e], seq): [string, ScanRememberedEvent] => [eventId, { seq, counted: withOptional(e) }]),
  );
  const pending = Object.fromEntries(entries.filter(([, e]) => !e.recorded).map(([eventId, e]) => [eventId, withOptional(e)]));
  return {
    version: 2,
    revision: 0,
    ...(state.location === undefined ? {} : { location: state.location }),
    ...(state.multiplier === undefined ? {} : { multiplier: state.multiplier }),
    ...(state.lastPlain === undefined ? {} : { lastPlain: state.lastPlain }),
    identities: state.identities,
    pending,
    held: state.held,
    recent,
  };
}

const withOptional = (e: { readonly entry: ScanCountEntry; readonly expiry?: string }): ScanBuiltEntry =>
  e.expiry === undefined ? { entry: e.entry } : { entry: e.entry, expiry: e.expiry };

/**
 * Applies saved changes, in order, to a saved state: how an app that persists
 * `pipeline.changes(...)` after every scan (e.g. appending them to IndexedDB) rebuilds the state
 * to restore a pipeline with, and how it compacts its log into one state now and then. Changes
 * the state already contains (`to` not after its revision) are skipped, so a log may be
 * replayed onto a state saved after part of it.
 *
 * @param state - a saved state, or `undefined` to start from nothing
 * @param changes - changes in the order they were taken
 * @returns the state at the last change's revision
 * @throws StocktakeError `invalid_input` for a malformed state or change, or when a change
 *   starts after the state's revision (a change is missing), at `['changes', i, 'from']`
 * @example
 * ```ts
 * const saved = await db.get('state', key);                 // compacted now and then
 * const log = await db.getAll('changes', key);              // one change per scan
 * const state = applyScanPipelineChanges(saved, log);
 * const pipeline = createScanPipeline({ resolver, sink, session, counter, state });
 * ```
 */
export function applyScanPipelineChanges(
  state: ScanPipelineState | ScanPipelineStateV1 | undefined,
  changes: readonly ScanPipelineChanges[],
): ScanPipelineState {
  let current: ScanPipelineState = emptyScanPipelineState;
  if (state !== undefined) {
    const parsed = safeParseInput(z.discriminatedUnion('version', [scanPipelineStateSchema, scanPipelineStateV1Schema]), state, ['state']);
    if (!parsed.success) throw fromZodError(parsed.error, ['state']);
    current = upgradeState(state, Number.MAX_SAFE_INTEGER);
  }
  if (!Array.isArray(changes)) throw new StocktakeError('invalid_input', 'changes must be an array', { path: ['changes'] });
  const memory = new PipelineMemory(current, Number.MAX_SAFE_INTEGER);
  changes.forEach((change, i) => {
    const parsed = safeParseInput(scanPipelineChangesSchema, change, ['changes', i]);
    if (!parsed.success) throw fromZodError(parsed.error, ['changes', i]);
    if (change.to <= memory.revision) return;
    if (change.from > memory.revision) {
      throw new StocktakeError('invalid_input', `change ${i} starts at revision ${change.from}, after the state's ${memory.revision}: a change is missing`, {
        path: ['changes', i, 'from'],
      });
    }
    for (const scalar of SCALARS) {
      const value = change[scalar];
      if (value !== undefined) (memory as unknown as Record<Scalar, unknown>)[scalar] = value ?? undefined;
    }
    for (const table of TABLES) {
      const map = memory[table] as Map<string, unknown>;
      for (const [key, value] of Object.entries(change[table] ?? {})) {
        if (value === null) map.delete(key);
        else map.set(key, value);
      }
    }
    memory.revision = change.to;
  });
  return memory.snapshot();
}
