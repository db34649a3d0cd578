/**
 * The scan pipeline's public types: its sink, options, outcomes and methods.
 *
 * @module
 */
import type { ParseScanOptions } from '../parse-scan.js';
import type { ItemResolver, ScanUnresolved } from '../resolver.js';
import type { ScanData, ScanEvent, ScanParseError, ScanWarning } from '../types.js';
import type { ScanCountEntry } from './entry.js';
import type { ScanPipelineChanges, ScanPipelineState, ScanPipelineStateV1 } from './state.js';

/** The void the pipeline sends to undo a counted scan: structurally the count API's `voidEntry` input. */
export interface ScanVoidInput {
  /** `void:scan:<eventId>`: undoing twice sends the same void. */
  readonly entryId: string;
  /** The entry voided, `scan:<eventId>`. */
  readonly target: string;
  readonly reason: string;
  /** The counter. */
  readonly actor: string;
}

/** Where entries go: structurally the count API (`st.counts`); the pipeline does not import it. */
export interface ScanEntrySink {
  /**
   * Records one entry in a session.
   *
   * @param sessionId - the count session
   * @param entry - the entry
   * @returns whatever the count API returns; a result `exists_with_different_payload` is a conflict
   */
  record(sessionId: string, entry: ScanCountEntry): Promise<unknown>;
  /**
   * Voids an entry (needed to undo a counted scan). A failure with code `entry_not_found`
   * means the entry never arrived.
   *
   * @param sessionId - the count session
   * @param input - the void
   * @returns whatever the count API returns
   */
  voidEntry?(sessionId: string, input: ScanVoidInput): Promise<unknown>;
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

/**
 * Why a scan was not counted and needs attention. Beyond parsing and resolving:
 * `missing_lot` / `missing_serial`: the item is tracked by lot (serial) and the barcode has
 * none; `ambiguous_gtin`: the data stands for more than one known item (eight digits that are
 * a UPC-E of one and an EAN-8 of another).
 */
export type ScanFlagReason =
  | 'parse_error'
  | 'not_an_item'
  | 'no_gtin'
  | 'invalid_gtin'
  | 'unknown_gtin'
  | 'unknown_pack'
  | 'ambiguous_gtin'
  | 'missing_lot'
  | 'missing_serial'
  | 'no_location';

/** The entry an outcome reports, with what travels beside it. */
export interface ScanOutcomeEntry {
  /** The scan's event id. */
  readonly eventId: string;
  /** The entry submitted (or to submit). */
  readonly entry: ScanCountEntry;
  /** The expiry date (AI 17) of the scanned lot, as an ISO date. */
  readonly expiry?: string;
  /** A lot or serial on the barcode that the item does not track, left out of the entry. */
  readonly note?: string;
  /** How the barcode was read, when the app should know (e.g. GS1 without an AIM identifier: enable them on the scanner). */
  readonly warnings?: readonly ScanWarning[];
}

/** On a scan that was not counted: the multiplier it cancelled (a multiplier applies to one scan). */
export interface ScanCancelledMultiplier {
  /** The multiplier that was waiting for this scan and no longer is. */
  readonly cancelledMultiplier?: string;
}

/** What became of one scan or read. */
export type ScanOutcome =
  | (ScanOutcomeEntry & { readonly status: 'recorded'; readonly result: unknown; readonly resent: boolean })
  | (ScanOutcomeEntry & { readonly status: 'failed'; readonly error: unknown })
  | (ScanOutcomeEntry & { readonly status: 'held'; readonly previousEventId: string })
  | (ScanCancelledMultiplier & { readonly status: 'duplicate'; readonly eventId: string; readonly identity: string; readonly firstEventId: string })
  | (ScanCancelledMultiplier & {
      /**
       * The event id was used before for another scan (a different payload): nothing was
       * recorded. `entry` is the earlier scan's entry when the pipeline remembers it; `result`
       * the sink's answer when it was the sink that found the conflict.
       */
      readonly status: 'conflict';
      readonly eventId: string;
      readonly entry?: ScanCountEntry;
      readonly result?: unknown;
    })
  | { readonly status: 'undone'; readonly eventId: string }
  | (ScanCancelledMultiplier & { readonly status: 'location'; readonly eventId: string; readonly location: string })
  | { readonly status: 'ignored'; readonly eventId: string; readonly reason: 'below_rssi_floor' }
  | (ScanCancelledMultiplier & {
      readonly status: 'flagged';
      readonly eventId: string;
      readonly reason: ScanFlagReason;
      readonly error?: ScanParseError;
      readonly resolution?: ScanUnresolved;
      /** For `ambiguous_gtin`: the skus the data could stand for. */
      readonly candidates?: readonly string[];
      readonly scan?: ScanData;
    });

/** What became of an undo. */
export type ScanUndoOutcome =
  | {
      /** The scan no longer counts: a held double was dropped, or the entry was voided through the sink and its serial forgotten. */
      readonly status: 'undone';
      readonly eventId: string;
      /** What the scan was. */
      readonly was: 'held' | 'pending' | 'recorded';
      /** The sink's answer to the void, when one was sent. */
      readonly result?: unknown;
    }
  | { readonly status: 'failed'; readonly eventId: string; readonly error: unknown }
  | { readonly status: 'not_found'; readonly eventId: string };

/** Options for `createScanPipeline`. */
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
  /** Options passed to `parseScan`. */
  readonly parse?: Omit<ParseScanOptions, 'symbology'>;
  /**
   * How many recent events the pipeline remembers (default 200): resending one of them gets
   * the same entry, and reusing its id for other data is a `conflict`. Older events are
   * rebuilt when resent, and the count API's entry ids decide.
   */
  readonly rememberEvents?: number;
  /** A state saved from an earlier pipeline for the same session (either version). */
  readonly state?: ScanPipelineState | ScanPipelineStateV1;
}

/** Options of one `ScanPipeline.scan` call. */
export interface ScanOptions {
  /** Multiply the scanned quantity (a decimal string, e.g. `'12'` for twelve identical items). */
  readonly multiplier?: string;
}

/** Options of `ScanPipeline.undo`. */
export interface ScanUndoOptions {
  /** Why (the void's reason; default `undone on the scanner`). */
  readonly reason?: string;
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
   * Sets a multiplier for the next scan only (e.g. the counter typed 12 before scanning). If
   * that scan is not counted (flagged, duplicate, a location label, a conflict), the multiplier
   * is cancelled and the outcome says so.
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
   * Takes a scan back: drops a held double, or voids a counted scan's entry through the sink's
   * `voidEntry` and forgets its serial, so the unit can be counted again (at the right
   * location). Undoing what is not counted or held is `not_found`.
   *
   * @param eventId - the scan
   * @param options - the reason
   * @returns what happened
   */
  undo(eventId: string, options?: ScanUndoOptions): Promise<ScanUndoOutcome>;
  /**
   * Resubmits every entry the sink has not accepted yet (same entry ids, so nothing counts twice).
   *
   * @returns one outcome per resubmitted entry
   */
  retryFailed(): Promise<ScanOutcome[]>;
  /** The current location, if any. */
  readonly location: string | undefined;
  /** The multiplier waiting for the next scan, if any. */
  readonly multiplier: string | undefined;
  /** Counts every change of the state; what `changes` takes. */
  readonly revision: number;
  /**
   * What changed since a revision the app saved, to persist a little at a time: call it after
   * each scan with the revision of the last save and append the result (e.g. to IndexedDB).
   * Changes up to `since` are forgotten, so the pipeline keeps only what was not saved.
   *
   * @param since - the revision of the last save (of `state()` or of earlier changes)
   * @returns the changes, from `since` to the current revision
   * @throws StocktakeError `invalid_input` at `since` when it is not a revision the pipeline still has changes from
   */
  changes(since: number): ScanPipelineChanges;
  /**
   * The whole state, to persist (e.g. in IndexedDB) and restore later. Its size grows with the
   * serialised identities counted; save it now and then and `changes` in between.
   *
   * @returns the state, plain JSON
   */
  state(): ScanPipelineState;
}
