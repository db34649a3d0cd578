/**
 * The scan pipeline: scan events and RFID reads → count entries for a count session.
 *
 * @module
 */
import * as z from 'zod';
import { textSchema } from '../text.js';

import { fromZodError, StocktakeError } from '../errors.js';
import { safeParseInput } from '../validate.js';
import { aimSymbology } from './aim.js';
import { decodeEpc } from './epc.js';
import { parseScan, type ParseScanOptions } from './parse-scan.js';
import { buildEntry, identityOf } from './pipeline/entry.js';
import { submit, undoScan, withOptional, type Recording } from './pipeline/record.js';
import { emptyScanPipelineState, upgradeState } from './pipeline/restore.js';
import { PipelineMemory, positiveDecimal, scanPipelineStateSchema, scanPipelineStateV1Schema, type ScanBuiltEntry } from './pipeline/state.js';
import type {
  CreateScanPipelineOptions,
  RfidRead,
  ScanEntrySink,
  ScanOptions,
  ScanOutcome,
  ScanPipeline,
  ScanUndoOptions,
  ScanUndoOutcome,
} from './pipeline/types.js';
import type { ItemResolver, ScanResolution, ScanResolved } from './resolver.js';
import type { ScanData, ScanEvent } from './types.js';

export { scanEntryId, type ScanCountEntry } from './pipeline/entry.js';
export { applyScanPipelineChanges } from './pipeline/restore.js';
export {
  scanPipelineChangesSchema,
  scanPipelineStateSchema,
  scanPipelineStateV1Schema,
  type ScanBuiltEntry,
  type ScanHeldEntry,
  type ScanLastPlain,
  type ScanPipelineChanges,
  type ScanPipelineState,
  type ScanPipelineStateV1,
  type ScanRememberedEvent,
} from './pipeline/state.js';
export type * from './pipeline/types.js';

const nonEmpty = textSchema.min(1);

/** The zod schema of {@link CreateScanPipelineOptions}. */
export const createScanPipelineOptionsSchema = z
  .object({
    resolver: z.custom<ItemResolver>((v) => typeof (v as { resolve?: unknown } | null)?.resolve === 'function', 'must have resolve()'),
    sink: z.custom<ScanEntrySink>((v) => typeof (v as { record?: unknown } | null)?.record === 'function', 'must have record()'),
    session: nonEmpty,
    counter: nonEmpty,
    device: nonEmpty.optional(),
    task: nonEmpty.optional(),
    location: nonEmpty.optional(),
    /** Tells a location label from an item barcode: a prefix rule or a function. */
    locationBarcode: z
      .union([
        z.object({ prefix: nonEmpty, keepPrefix: z.boolean().optional() }).strict(),
        z.custom<(raw: string) => string | undefined>((v) => typeof v === 'function', 'must be a function'),
      ])
      .optional(),
    doubleScanWindow: z.number().int().min(0).optional(),
    rssiFloor: z.number().optional(),
    parse: z.object({ gsSubstitute: textSchema.min(1).max(8).optional(), referenceDate: z.union([z.date(), textSchema]).optional() }).strict().optional(),
    rememberEvents: z.number().int().min(0).max(1_000_000).optional(),
    state: z.discriminatedUnion('version', [scanPipelineStateSchema, scanPipelineStateV1Schema]).optional(),
  })
  .strict();

/** The zod schema of {@link ScanEvent}. */
export const scanEventSchema = z.object({
  /** At most 190 characters without control characters or surrounding spaces, so `scan:<eventId>` is a valid entry id. */
  eventId: textSchema
    .min(1)
    .max(190)
    .regex(/^(?!\s)[^\p{Cc}]*(?<!\s)$/u, 'must not contain control characters or start or end with a space'),
  source: z.enum(['wedge', 'camera', 'rfid', 'manual']),
  raw: textSchema.max(4000),
  symbology: textSchema.max(8).optional(),
  time: z.iso.datetime({ offset: true }),
  device: nonEmpty.optional(),
});

/** The zod schema of {@link RfidRead}. */
export const rfidReadSchema = z.object({
  epc: textSchema.regex(/^[0-9A-Fa-f]+$/, 'must be hexadecimal'),
  rssi: z.number().optional(),
  antenna: z.number().int().optional(),
  time: z.union([z.iso.datetime({ offset: true }), z.number().finite()]),
  eventId: nonEmpty.optional(),
  device: nonEmpty.optional(),
});

const undoSchema = z.object({ eventId: nonEmpty, reason: textSchema.min(1).max(500).optional() });

/**
 * A hash of the event without its id (what a resend must repeat): two 32-bit multiplicative
 * hashes (FNV-1a and one with another seed and multiplier), 14 base-36 characters kept for each
 * remembered event instead of the data itself; two different payloads share one with a chance
 * of about 1 in 2^64.
 */
function fingerprintOf(event: ScanEvent): string {
  const text = JSON.stringify([event.source, event.raw, event.symbology ?? null, event.time, event.device ?? null]);
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
  }
  return (a >>> 0).toString(36).padStart(7, '0') + (b >>> 0).toString(36).padStart(7, '0');
}
/**
 * Creates a scan pipeline: it turns scan events and RFID reads into count entries and submits
 * them to the sink (the count API).
 *
 * - A location barcode (per `locationBarcode`) sets the current location; `setLocation` does too.
 * - A GTIN resolves through the resolver; unknown GTINs and packs are flagged, never guessed.
 * - Serialised identities (AI 01 + 21, SGTIN, SSCC) count once per session; a second scan is a
 *   `duplicate`. A barcode and an RFID tag of the same SGTIN are the same identity.
 * - Plain scans count every time; with `doubleScanWindow`, an identical plain scan at the same
 *   location within the window is `held` until {@link ScanPipeline.confirm} or {@link ScanPipeline.undo}.
 * - AI 30 / 37 set the quantity; a multiplier multiplies it, for one scan: a scan that is not
 *   counted cancels it. Lot, serial and expiry (AI 17) travel in the entry, as far as the
 *   item's tracking (from the resolver) keeps them; the rest is a `note` on the outcome.
 * - Entry ids are `scan:<eventId>`: feeding the same event again resubmits the same entry, so a
 *   queued event can be resent safely; the same id with other data is a `conflict`. A sink
 *   failure returns `failed`; resend the event or call {@link ScanPipeline.retryFailed}.
 * - {@link ScanPipeline.undo} voids a counted scan through the sink and forgets its serial.
 * - Persist with {@link ScanPipeline.changes} after each scan (constant work per scan) and
 *   {@link ScanPipeline.state} now and then; restore with the `state` option.
 *
 * @param options - resolver, sink, session, counter and behaviour
 * @returns the pipeline
 * @throws StocktakeError `invalid_input` for bad options
 * @example
 * ```ts
 * const pipeline = createScanPipeline({
 *   resolver: createItemResolver(items),
 *   sink: st.counts,
 *   session: 'CS-2025-001', counter: 'ana', locationBarcode: { prefix: 'LOC:' }, doubleScanWindow: 800,
 * });
 * await pipeline.scan({ eventId: 'e1', source: 'wedge', raw: 'LOC:WH1/A/01', time: new Date().toISOString() });
 * const outcome = await pipeline.scan({ eventId: 'e2', source: 'wedge', raw: ']E09506000134352', time: new Date().toISOString() });
 * ```
 */
export function createScanPipeline(options: CreateScanPipelineOptions): ScanPipeline {
  const checked = safeParseInput(createScanPipelineOptionsSchema, options, ['options']);
  if (!checked.success) throw fromZodError(checked.error, ['options']);
  const o = checked.data;
  const parseOptions: ParseScanOptions = options.parse ?? {};
  const rememberEvents = o.rememberEvents ?? 200;
  const memory = new PipelineMemory(upgradeState(options.state ?? emptyScanPipelineState, rememberEvents), rememberEvents);
  if (memory.location === undefined && o.location !== undefined) memory.setScalar('location', o.location);

  /** Takes the waiting multiplier: this scan uses it or cancels it. */
  function takeMultiplier(): string | undefined {
    const waiting = memory.multiplier;
    memory.setScalar('multiplier', undefined);
    return waiting;
  }

  const cancelling = (multiplier: string | undefined) => (multiplier === undefined ? {} : { cancelledMultiplier: multiplier });

  const recording: Recording = { sink: o.sink, session: o.session, counter: o.counter, memory, parseOptions };

  /** The answer to an event id the pipeline has seen, or `undefined` to handle the event as new. */
  async function again(event: ScanEvent, fingerprint: string): Promise<ScanOutcome | undefined> {
    const { eventId } = event;
    const remembered = memory.recent.get(eventId);
    const pending = memory.pending.get(eventId);
    const held = memory.held.get(eventId);
    if (remembered?.fingerprint !== undefined && remembered.fingerprint !== fingerprint) {
      // Another scan under a used id: rejected, so it cancels the multiplier a new scan would take.
      const earlier = remembered.counted ?? pending ?? held;
      return { status: 'conflict', eventId, ...(earlier === undefined ? {} : { entry: earlier.entry }), ...cancelling(takeMultiplier()) };
    }
    if (pending !== undefined) return submit(recording, eventId, pending, true);
    if (held !== undefined) return { status: 'held', eventId, ...withOptional(held), previousEventId: held.previousEventId };
    if (remembered?.counted !== undefined) return submit(recording, eventId, remembered.counted, true);
    if (remembered?.undone === true) return { status: 'undone', eventId };
    return undefined;
  }

  function locationOf(raw: string): string | undefined {
    const rule = o.locationBarcode;
    if (rule === undefined) return undefined;
    if (typeof rule === 'function') {
      const found = rule(raw);
      return typeof found === 'string' && found !== '' ? found : undefined;
    }
    if (!raw.startsWith(rule.prefix) || raw.length === rule.prefix.length) return undefined;
    return rule.keepPrefix === true ? raw : raw.slice(rule.prefix.length);
  }

  function checkMultiplier(value: string | undefined, path: ReadonlyArray<string | number>): string | undefined {
    if (value === undefined) return undefined;
    const result = safeParseInput(positiveDecimal, value, path);
    if (!result.success) throw fromZodError(result.error, path);
    return result.data;
  }

  /** The item a scan stands for: its GTIN, else the one alternative reading that is known; two known readings are ambiguous. */
  function resolve(gtin: string, scan: ScanData): ScanResolution | { readonly ambiguous: readonly string[] } {
    const primary = o.resolver.resolve(gtin);
    if (scan.alternativeGtins === undefined) return primary;
    const known = [primary, ...scan.alternativeGtins.map((alternative) => o.resolver.resolve(alternative))].filter((r): r is ScanResolved => r.ok);
    if (known.length === 1) return known[0]!;
    return known.length === 0 ? primary : { ambiguous: known.map((r) => r.sku) };
  }

  async function handle(event: ScanEvent, scan: ScanData, factor: string | undefined, waiting: string | undefined): Promise<ScanOutcome> {
    const { eventId } = event;
    const flag = (outcome: Omit<Extract<ScanOutcome, { status: 'flagged' }>, 'status' | 'eventId'>): ScanOutcome => ({
      status: 'flagged',
      eventId,
      ...outcome,
      ...cancelling(waiting),
    });
    const gtin = scan.gtin ?? scan.contentGtin;
    if (scan.format === 'text') return flag({ reason: 'not_an_item', scan });
    if (gtin === undefined) return flag({ reason: 'no_gtin', scan });
    const resolution = resolve(gtin, scan);
    if ('ambiguous' in resolution) return flag({ reason: 'ambiguous_gtin', candidates: resolution.ambiguous, scan });
    if (!resolution.ok) return flag({ reason: resolution.code, resolution, scan });
    const location = memory.location;
    if (location === undefined) return flag({ reason: 'no_location', scan });

    const identity = identityOf(scan);
    if (identity !== undefined) {
      const first = memory.identities.get(identity);
      if (first !== undefined && first !== eventId) return { status: 'duplicate', eventId, identity, firstEventId: first, ...cancelling(waiting) };
    }
    const built = buildEntry(scan, {
      event,
      resolution,
      location,
      factor: factor ?? waiting ?? '1',
      counter: o.counter,
      device: event.device ?? o.device,
      task: o.task,
    });
    if (!built.ok) return flag({ reason: built.reason, scan });
    const entry: ScanBuiltEntry = {
      entry: built.entry,
      ...(scan.expiry === undefined ? {} : { expiry: scan.expiry }),
      ...(built.note === undefined ? {} : { note: built.note }),
      ...(scan.warnings === undefined ? {} : { warnings: scan.warnings }),
    };

    const last = memory.lastPlain;
    if (identity === undefined && o.doubleScanWindow !== undefined && o.doubleScanWindow > 0 && last !== undefined) {
      const gap = Math.abs(Date.parse(event.time) - Date.parse(last.time));
      if (last.raw === event.raw && last.location === location && gap <= o.doubleScanWindow) {
        memory.set('held', eventId, { ...entry, previousEventId: last.eventId });
        return { status: 'held', eventId, ...withOptional(entry), previousEventId: last.eventId };
      }
    }
    if (identity !== undefined) memory.set('identities', identity, eventId);
    else memory.setScalar('lastPlain', { eventId, raw: event.raw, location, time: event.time });
    return submit(recording, eventId, entry, false, identity);
  }

  return {
    async scan(input: ScanEvent, scanOptions?: ScanOptions): Promise<ScanOutcome> {
      const parsedEvent = safeParseInput(scanEventSchema, input, ['event']);
      if (!parsedEvent.success) throw fromZodError(parsedEvent.error, ['event']);
      const explicit = checkMultiplier(scanOptions?.multiplier, ['options', 'multiplier']);
      const event = input;
      const fingerprint = fingerprintOf(event);
      const repeated = await again(event, fingerprint);
      if (repeated !== undefined) return repeated;
      memory.remember(event.eventId, { fingerprint });
      const waiting = takeMultiplier();

      const where = locationOf(event.raw);
      if (where !== undefined) {
        memory.setScalar('location', where);
        return { status: 'location', eventId: event.eventId, location: where, ...cancelling(waiting) };
      }
      const symbology = event.symbology !== undefined && aimSymbology(event.symbology) !== undefined ? event.symbology : undefined;
      const scan = parseScan(event.raw, symbology === undefined ? parseOptions : { ...parseOptions, symbology });
      if (!scan.ok) return { status: 'flagged', eventId: event.eventId, reason: 'parse_error', error: scan.error, ...cancelling(waiting) };
      return handle(event, scan, explicit, waiting);
    },

    async read(input: RfidRead): Promise<ScanOutcome> {
      const parsedRead = safeParseInput(rfidReadSchema, input, ['read']);
      if (!parsedRead.success) throw fromZodError(parsedRead.error, ['read']);
      const epc = input.epc.toUpperCase();
      const eventId = input.eventId ?? `rfid:${epc}`;
      if (o.rssiFloor !== undefined && input.rssi !== undefined && input.rssi < o.rssiFloor) {
        return { status: 'ignored', eventId, reason: 'below_rssi_floor' };
      }
      const time = typeof input.time === 'number' ? new Date(input.time).toISOString() : input.time;
      const device = input.device ?? o.device;
      const event: ScanEvent = { eventId, source: 'rfid', raw: epc, time, ...(device === undefined ? {} : { device }) };
      const decoded = decodeEpc(epc);
      if (!decoded.ok) return { status: 'flagged', eventId, reason: 'parse_error', error: decoded.error };
      const identity = decoded.epc.scheme === 'sscc-96' ? `sscc:${decoded.epc.sscc}` : `sgtin:${decoded.epc.gtin}.${decoded.epc.serial}`;
      const first = memory.identities.get(identity);
      if (first !== undefined) return { status: 'duplicate', eventId, identity, firstEventId: first };
      const scan = parseScan(epc, parseOptions);
      if (!scan.ok) return { status: 'flagged', eventId, reason: 'parse_error', error: scan.error };
      // A tag is one unit: reads never take the multiplier waiting for the next scan.
      return handle(event, scan, '1', undefined);
    },

    setLocation(next: string): void {
      const result = safeParseInput(nonEmpty, next, ['location']);
      if (!result.success) throw fromZodError(result.error, ['location']);
      memory.setScalar('location', next);
    },

    setMultiplier(next: string | undefined): void {
      memory.setScalar('multiplier', checkMultiplier(next, ['multiplier']));
    },

    async confirm(eventId: string): Promise<ScanOutcome> {
      const held = memory.held.get(eventId);
      if (held === undefined) throw new StocktakeError('invalid_input', `no held scan has event id ${eventId}`, { path: ['eventId'] });
      memory.set('held', eventId, undefined);
      const { entry } = held;
      memory.setScalar('lastPlain', { eventId, raw: entry.source?.raw ?? '', location: entry.location, time: entry.countedAt });
      return submit(recording, eventId, withOptional(held), false);
    },

    async undo(eventId: string, undoOptions?: ScanUndoOptions): Promise<ScanUndoOutcome> {
      const parsed = safeParseInput(undoSchema, { eventId, ...undoOptions }, []);
      if (!parsed.success) throw fromZodError(parsed.error, []);
      return undoScan(recording, eventId, parsed.data.reason ?? 'undone on the scanner');
    },

    async retryFailed(): Promise<ScanOutcome[]> {
      const out: ScanOutcome[] = [];
      for (const [eventId, built] of [...memory.pending]) out.push(await submit(recording, eventId, built, true));
      return out;
    },

    get location(): string | undefined {
      return memory.location;
    },

    get multiplier(): string | undefined {
      return memory.multiplier;
    },

    get revision(): number {
      return memory.revision;
    },

    changes(since: number) {
      return memory.changes(since);
    },

    state() {
      return memory.snapshot();
    },
  };
}
