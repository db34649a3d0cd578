/**
 * The scan pipeline: scan events and RFID reads → count entries for a count session.
 *
 * @module
 */
import { Decimal } from 'decimal.js';
import * as z from 'zod';

import { safeParseInput } from '../validate.js';
import { fromZodError, StocktakeError } from '../errors.js';
import { aimSymbology } from './aim.js';
import { decodeEpc } from './epc.js';
import { parseScan, type ParseScanOptions } from './parse-scan.js';
import type { ItemResolver, ScanUnresolved } from './resolver.js';
import type { ScanData, ScanEvent, ScanParseError } from './types.js';

/** The count entry the pipeline submits; the shape the count API accepts. */
export interface ScanCountEntry {
  /** `scan:<eventId>`: resending an event resubmits the same entry, which the count API treats as a repeat. */
  readonly entryId: string;
  readonly sku: string;
  readonly location: string;
  readonly lot?: string;
  readonly serial?: string;
  /** The expiry date (AI 17) as an ISO date, when the barcode carries one. */
  readonly expiry?: string;
  /** The quantity in `uom`, as a decimal string. */
  readonly qty: string;
  readonly uom: string;
  /** The scan time, ISO 8601. */
  readonly countedAt: string;
  readonly counter: string;
  readonly device?: string;
  readonly task?: string;
  readonly evidence?: string[];
  readonly source?: { readonly eventId: string; readonly raw: string; readonly symbology?: string };
}

/** Where entries go: structurally the count API's `record` (the pipeline does not import it). */
export interface ScanEntrySink {
  /**
   * Records one entry in a session.
   *
   * @param sessionId - the count session
   * @param entry - the entry
   * @returns whatever the count API returns
   */
  record(sessionId: string, entry: ScanCountEntry): Promise<unknown>;
}

/** One RFID read as a reader reports it. */
export interface RfidRead {
  /** The EPC memory contents as hex. */
  readonly epc: string;
  /** Signal strength in dBm, when the reader reports it. */
  readonly rssi?: number;
  /** The reader antenna. */
  readonly antenna?: number;
  /** When it was read: ISO 8601 or epoch milliseconds. */
  readonly time: string | number;
  /** An id for the read; default `rfid:<EPC>`. */
  readonly eventId?: string;
  /** The reader. */
  readonly device?: string;
}

/** Recognises a location barcode: a prefix to strip, or a function returning the location id. */
export type ScanLocationBarcode = { readonly prefix: string; readonly keepPrefix?: boolean } | ((raw: string) => string | undefined);

/** What the pipeline remembers; persist it with {@link ScanPipeline.state} and restore it with the `state` option. */
export interface ScanPipelineState {
  readonly version: 1;
  /** The current location. */
  readonly location?: string;
  /** A multiplier waiting for the next item scan. */
  readonly multiplier?: string;
  /** Serialised identities (`sgtin:<gtin>.<serial>`, `sscc:<sscc>`) and the event that counted each. */
  readonly identities: Readonly<Record<string, string>>;
  /** Every entry built, by event id, with the scanned expiry and whether the sink accepted it. */
  readonly entries: Readonly<Record<string, { readonly entry: ScanCountEntry; readonly expiry?: string; readonly recorded: boolean }>>;
  /** Suspected double scans waiting for {@link ScanPipeline.confirm} or {@link ScanPipeline.undo}. */
  readonly held: Readonly<Record<string, { readonly entry: ScanCountEntry; readonly expiry?: string; readonly previousEventId: string }>>;
  /** The last counted plain (not serialised) scan, for the double-trigger window. */
  readonly lastPlain?: { readonly eventId: string; readonly raw: string; readonly location: string; readonly time: string };
}

/** Why a scan was not counted and needs attention. */
export type ScanFlagReason =
  | 'parse_error'
  | 'not_an_item'
  | 'no_gtin'
  | 'invalid_gtin'
  | 'unknown_gtin'
  | 'unknown_pack'
  | 'no_location';

/** What became of one scan or read. */
export type ScanOutcome =
  | {
      readonly status: 'recorded';
      readonly eventId: string;
      readonly entry: ScanCountEntry;
      /** The expiry date (AI 17) of the scanned lot, as an ISO date. */
      readonly expiry?: string;
      readonly result: unknown;
      readonly resent: boolean;
    }
  | { readonly status: 'failed'; readonly eventId: string; readonly entry: ScanCountEntry; readonly expiry?: string; readonly error: unknown }
  | { readonly status: 'held'; readonly eventId: string; readonly entry: ScanCountEntry; readonly expiry?: string; readonly previousEventId: string }
  | { readonly status: 'duplicate'; readonly eventId: string; readonly identity: string; readonly firstEventId: string }
  | { readonly status: 'location'; readonly eventId: string; readonly location: string }
  | { readonly status: 'ignored'; readonly eventId: string; readonly reason: 'below_rssi_floor' }
  | {
      readonly status: 'flagged';
      readonly eventId: string;
      readonly reason: ScanFlagReason;
      readonly error?: ScanParseError;
      readonly resolution?: ScanUnresolved;
      readonly scan?: ScanData;
    };

/** Options for {@link createScanPipeline}. */
export interface CreateScanPipelineOptions {
  /** GTIN → item and pack. */
  readonly resolver: ItemResolver;
  /** Where entries go (the count API). */
  readonly sink: ScanEntrySink;
  /** The count session id. */
  readonly session: string;
  /** Who counts. */
  readonly counter: string;
  /** The device, when events do not carry one. */
  readonly device?: string;
  /** The count task. */
  readonly task?: string;
  /** The starting location. */
  readonly location?: string;
  /** How to recognise a location barcode. */
  readonly locationBarcode?: ScanLocationBarcode;
  /** A second identical plain scan within this many ms is held as a suspected double (default 0: off). */
  readonly doubleScanWindow?: number;
  /** RFID reads weaker than this (dBm) are ignored (default: none). */
  readonly rssiFloor?: number;
  /** Options passed to {@link parseScan}. */
  readonly parse?: Omit<ParseScanOptions, 'symbology'>;
  /** A state saved from an earlier pipeline for the same session. */
  readonly state?: ScanPipelineState;
}

/** Options of one {@link ScanPipeline.scan} call. */
export interface ScanOptions {
  /** Multiply the scanned quantity (a decimal string, e.g. `'12'` for twelve identical items). */
  readonly multiplier?: string;
}

/** A scan pipeline for one session and counter. */
export interface ScanPipeline {
  /**
   * Handles one scan event.
   *
   * @param event - the scan
   * @param options - a multiplier for this scan
   * @returns what happened
   */
  scan(event: ScanEvent, options?: ScanOptions): Promise<ScanOutcome>;
  /**
   * Handles one RFID read: one EPC counts once per session; reads under the RSSI floor are ignored.
   *
   * @param read - the read
   * @returns what happened
   */
  read(read: RfidRead): Promise<ScanOutcome>;
  /**
   * Sets the current location (as scanning a location barcode does).
   *
   * @param location - the location id
   */
  setLocation(location: string): void;
  /**
   * Sets a multiplier for the next item scan only (e.g. the counter typed 12 before scanning).
   *
   * @param multiplier - a positive decimal string, or `undefined` to clear it
   */
  setMultiplier(multiplier: string | undefined): void;
  /**
   * Records a held suspected double after all.
   *
   * @param eventId - the held scan
   * @returns the outcome of recording it
   */
  confirm(eventId: string): Promise<ScanOutcome>;
  /**
   * Drops a held suspected double.
   *
   * @param eventId - the held scan
   * @returns true when it was held
   */
  undo(eventId: string): boolean;
  /**
   * Resubmits every entry the sink has not accepted yet (same entry ids, so nothing counts twice).
   *
   * @returns one outcome per resubmitted entry
   */
  retryFailed(): Promise<ScanOutcome[]>;
  /** The current location, if any. */
  readonly location: string | undefined;
  /**
   * A snapshot of the pipeline's memory, to persist (e.g. in IndexedDB) and restore later.
   *
   * @returns the state, plain JSON
   */
  state(): ScanPipelineState;
}

const nonEmpty = z.string().min(1);
const positiveDecimal = z
  .string()
  .regex(/^(?:0|[1-9][0-9]*)(?:\.[0-9]+)?$/, 'must be a decimal string')
  .refine((v) => /[1-9]/.test(v), 'must be positive');
const entrySchema = z.custom<ScanCountEntry>((v) => typeof v === 'object' && v !== null && typeof (v as { entryId?: unknown }).entryId === 'string');

/** The zod schema of {@link ScanPipelineState}. */
export const scanPipelineStateSchema = z.object({
  version: z.literal(1),
  location: nonEmpty.optional(),
  multiplier: positiveDecimal.optional(),
  identities: z.record(z.string(), z.string()),
  entries: z.record(z.string(), z.object({ entry: entrySchema, expiry: z.string().optional(), recorded: z.boolean() })),
  held: z.record(z.string(), z.object({ entry: entrySchema, expiry: z.string().optional(), previousEventId: z.string() })),
  lastPlain: z.object({ eventId: z.string(), raw: z.string(), location: z.string(), time: z.string() }).optional(),
});

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
    parse: z.object({ gsSubstitute: z.string().min(1).max(8).optional(), referenceDate: z.union([z.date(), z.string()]).optional() }).strict().optional(),
    state: scanPipelineStateSchema.optional(),
  })
  .strict();

/** The zod schema of {@link ScanEvent}. */
export const scanEventSchema = z.object({
  /** At most 190 characters without control characters or surrounding spaces, so `scan:<eventId>` is a valid entry id. */
  eventId: z
    .string()
    .min(1)
    .max(190)
    .regex(/^(?!\s)[^\p{Cc}]*(?<!\s)$/u, 'must not contain control characters or start or end with a space'),
  source: z.enum(['wedge', 'camera', 'rfid', 'manual']),
  raw: z.string().max(4000),
  symbology: z.string().max(8).optional(),
  time: z.iso.datetime({ offset: true }),
  device: nonEmpty.optional(),
});

/** The zod schema of {@link RfidRead}. */
export const rfidReadSchema = z.object({
  epc: z.string().regex(/^[0-9A-Fa-f]+$/, 'must be hexadecimal'),
  rssi: z.number().optional(),
  antenna: z.number().int().optional(),
  time: z.union([z.iso.datetime({ offset: true }), z.number().finite()]),
  eventId: nonEmpty.optional(),
  device: nonEmpty.optional(),
});

/**
 * Derives the entry id of an event: `scan:<eventId>`.
 *
 * @param eventId - the scan event's id
 * @returns the entry id
 * @example
 * ```ts
 * scanEntryId('7f3c…'); // 'scan:7f3c…'
 * ```
 */
export function scanEntryId(eventId: string): string {
  return `scan:${eventId}`;
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
 * - AI 30 / 37 set the quantity; a multiplier multiplies it. Lot, serial and expiry (AI 17) travel
 *   in the entry (the expiry is also on the outcome, for display).
 * - Entry ids are `scan:<eventId>`: feeding the same event again resubmits the same entry, so a
 *   queued event can be resent safely. A sink failure returns `failed`; resend the event or call
 *   {@link ScanPipeline.retryFailed}.
 *
 * @param options - resolver, sink, session, counter and behaviour
 * @returns the pipeline
 * @throws StocktakeError `invalid_input` for bad options
 * @example
 * ```ts
 * const pipeline = createScanPipeline({
 *   resolver: createItemResolver(items),
 *   sink: { record: (sessionId, entry) => st.counts.record(sessionId, entry) },
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

  const restored = options.state;
  let location: string | undefined = restored?.location ?? o.location;
  let multiplier: string | undefined = restored?.multiplier;
  const identities = new Map<string, string>(Object.entries(restored?.identities ?? {}));
  type Built = { entry: ScanCountEntry; expiry?: string };
  const entries = new Map<string, Built & { recorded: boolean }>(Object.entries(restored?.entries ?? {}));
  const held = new Map<string, Built & { previousEventId: string }>(Object.entries(restored?.held ?? {}));
  const withExpiry = (expiry: string | undefined) => (expiry === undefined ? {} : { expiry });
  let lastPlain: ScanPipelineState['lastPlain'] = restored?.lastPlain;

  async function submit(eventId: string, built: Built, resent: boolean): Promise<ScanOutcome> {
    const { entry, expiry } = built;
    entries.set(eventId, { entry, ...withExpiry(expiry), recorded: entries.get(eventId)?.recorded ?? false });
    try {
      const result = await o.sink.record(o.session, entry);
      entries.set(eventId, { entry, ...withExpiry(expiry), recorded: true });
      return { status: 'recorded', eventId, entry, ...withExpiry(expiry), result, resent };
    } catch (error) {
      return { status: 'failed', eventId, entry, ...withExpiry(expiry), error };
    }
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

  async function handle(event: ScanEvent, scan: ScanData, explicitMultiplier: string | undefined): Promise<ScanOutcome> {
    const { eventId } = event;
    const gtin = scan.gtin ?? scan.contentGtin;
    if (scan.format === 'text') return { status: 'flagged', eventId, reason: 'not_an_item', scan };
    if (gtin === undefined) return { status: 'flagged', eventId, reason: 'no_gtin', scan };
    const resolution = o.resolver.resolve(gtin);
    if (!resolution.ok) return { status: 'flagged', eventId, reason: resolution.code, resolution, scan };
    if (location === undefined) return { status: 'flagged', eventId, reason: 'no_location', scan };

    const identity =
      scan.sscc !== undefined ? `sscc:${scan.sscc}` : scan.gtin !== undefined && scan.serial !== undefined ? `sgtin:${scan.gtin}.${scan.serial}` : undefined;
    if (identity !== undefined) {
      const first = identities.get(identity);
      if (first !== undefined && first !== eventId) return { status: 'duplicate', eventId, identity, firstEventId: first };
    }

    const factor = explicitMultiplier ?? multiplier ?? '1';
    const qty = new Decimal(scan.count ?? 1).times(factor).toFixed();
    const symbology = event.symbology ?? scan.symbology?.id;
    const device = event.device ?? o.device;
    const entry: ScanCountEntry = {
      entryId: scanEntryId(eventId),
      sku: resolution.sku,
      location,
      ...(scan.lot === undefined ? {} : { lot: scan.lot }),
      ...(scan.serial === undefined ? {} : { serial: scan.serial }),
      ...(scan.expiry === undefined ? {} : { expiry: scan.expiry }),
      qty,
      uom: resolution.uom,
      countedAt: event.time,
      counter: o.counter,
      ...(device === undefined ? {} : { device }),
      ...(o.task === undefined ? {} : { task: o.task }),
      source: { eventId, raw: event.raw, ...(symbology === undefined ? {} : { symbology }) },
    };
    multiplier = undefined;

    if (identity === undefined && o.doubleScanWindow !== undefined && o.doubleScanWindow > 0 && lastPlain !== undefined) {
      const gap = Math.abs(Date.parse(event.time) - Date.parse(lastPlain.time));
      if (lastPlain.raw === event.raw && lastPlain.location === location && gap <= o.doubleScanWindow) {
        held.set(eventId, { entry, ...withExpiry(scan.expiry), previousEventId: lastPlain.eventId });
        return { status: 'held', eventId, entry, ...withExpiry(scan.expiry), previousEventId: lastPlain.eventId };
      }
    }
    if (identity !== undefined) identities.set(identity, eventId);
    else lastPlain = { eventId, raw: event.raw, location, time: event.time };
    return submit(eventId, { entry, ...withExpiry(scan.expiry) }, false);
  }

  const pipeline: ScanPipeline = {
    async scan(input: ScanEvent, scanOptions?: ScanOptions): Promise<ScanOutcome> {
      const parsedEvent = safeParseInput(scanEventSchema, input, ['event']);
      if (!parsedEvent.success) throw fromZodError(parsedEvent.error, ['event']);
      const explicit = checkMultiplier(scanOptions?.multiplier, ['options', 'multiplier']);
      const event = input;
      const known = entries.get(event.eventId);
      if (known !== undefined) return submit(event.eventId, known, true);
      const heldScan = held.get(event.eventId);
      if (heldScan !== undefined) return { status: 'held', eventId: event.eventId, ...heldScan };

      const where = locationOf(event.raw);
      if (where !== undefined) {
        location = where;
        return { status: 'location', eventId: event.eventId, location: where };
      }
      const symbology = event.symbology !== undefined && aimSymbology(event.symbology) !== undefined ? event.symbology : undefined;
      const scan = parseScan(event.raw, symbology === undefined ? parseOptions : { ...parseOptions, symbology });
      if (!scan.ok) return { status: 'flagged', eventId: event.eventId, reason: 'parse_error', error: scan.error };
      return handle(event, scan, explicit);
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
      const first = identities.get(identity);
      if (first !== undefined) return { status: 'duplicate', eventId, identity, firstEventId: first };
      const scan = parseScan(epc, parseOptions);
      if (!scan.ok) return { status: 'flagged', eventId, reason: 'parse_error', error: scan.error };
      return handle(event, scan, undefined);
    },

    setLocation(next: string): void {
      const result = safeParseInput(nonEmpty, next, ['location']);
      if (!result.success) throw fromZodError(result.error, ['location']);
      location = next;
    },

    setMultiplier(next: string | undefined): void {
      multiplier = checkMultiplier(next, ['multiplier']);
    },

    async confirm(eventId: string): Promise<ScanOutcome> {
      const heldScan = held.get(eventId);
      if (heldScan === undefined) throw new StocktakeError('invalid_input', `no held scan has event id ${eventId}`, { path: ['eventId'] });
      held.delete(eventId);
      const { entry } = heldScan;
      lastPlain = { eventId, raw: entry.source?.raw ?? '', location: entry.location, time: entry.countedAt };
      return submit(eventId, { entry, ...withExpiry(heldScan.expiry) }, false);
    },

    undo(eventId: string): boolean {
      return held.delete(eventId);
    },

    async retryFailed(): Promise<ScanOutcome[]> {
      const pending = [...entries].filter(([, e]) => !e.recorded);
      const out: ScanOutcome[] = [];
      for (const [eventId, e] of pending) out.push(await submit(eventId, e, true));
      return out;
    },

    get location(): string | undefined {
      return location;
    },

    state(): ScanPipelineState {
      return structuredClone({
        version: 1 as const,
        ...(location === undefined ? {} : { location }),
        ...(multiplier === undefined ? {} : { multiplier }),
        identities: Object.fromEntries(identities),
        entries: Object.fromEntries(entries),
        held: Object.fromEntries(held),
        ...(lastPlain === undefined ? {} : { lastPlain }),
      });
    },
  };
  return pipeline;
}
