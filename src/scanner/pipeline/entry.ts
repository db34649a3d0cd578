/**
 * From a parsed, resolved scan to the count entry the pipeline submits: the quantity, the lot
 * and serial the item tracks (the rest becomes a note), and the identity that counts once.
 *
 * @module
 */
import { Decimal } from 'decimal.js';

import type { ScanResolved } from '../resolver.js';
import type { ScanData, ScanEvent } from '../types.js';

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
  /** What the scan carried that the entry does not keep (a lot or serial the item does not track). */
  readonly note?: string;
}

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
 * The identity that counts once per session: an SSCC, or a GTIN with a serial (whether or not
 * the item is tracked by serial: the serial still names one physical unit).
 *
 * @internal
 */
export function identityOf(scan: ScanData): string | undefined {
  if (scan.sscc !== undefined) return `sscc:${scan.sscc}`;
  if (scan.gtin !== undefined && scan.serial !== undefined) return `sgtin:${scan.gtin}.${scan.serial}`;
  return undefined;
}

/** What the entry is built from, besides the scan. */
export interface EntryContext {
  readonly event: ScanEvent;
  readonly resolution: ScanResolved;
  readonly location: string;
  /** The multiplier, a positive decimal string. */
  readonly factor: string;
  readonly counter: string;
  readonly device: string | undefined;
  readonly task: string | undefined;
}

/** A built entry, or why the scan cannot make one. */
export type EntryBuild =
  | { readonly ok: true; readonly entry: ScanCountEntry; readonly note?: string }
  | { readonly ok: false; readonly reason: 'missing_lot' | 'missing_serial' };

/**
 * Builds the entry of a counted scan. Lot and serial follow the item's tracking when the
 * resolver knows it: an item tracked by neither keeps neither, one tracked by lot keeps the
 * lot; what is left out is named in `note` (the raw barcode stays in `source`). An item tracked
 * by lot or serial whose barcode lacks it cannot be counted from the scan.
 *
 * @internal
 */
export function buildEntry(scan: ScanData, context: EntryContext): EntryBuild {
  const { event, resolution } = context;
  const tracking = resolution.tracking;
  if (tracking === 'lot' && scan.lot === undefined) return { ok: false, reason: 'missing_lot' };
  if (tracking === 'serial' && scan.serial === undefined) return { ok: false, reason: 'missing_serial' };
  const keepLot = tracking !== 'none';
  const keepSerial = tracking === undefined || tracking === 'serial';
  const dropped = [
    !keepLot && scan.lot !== undefined ? `lot ${scan.lot}` : undefined,
    !keepSerial && scan.serial !== undefined ? `serial ${scan.serial}` : undefined,
  ].filter((part) => part !== undefined);
  const symbology = event.symbology ?? scan.symbology?.id;
  const entry: ScanCountEntry = {
    entryId: scanEntryId(event.eventId),
    sku: resolution.sku,
    location: context.location,
    ...(keepLot && scan.lot !== undefined ? { lot: scan.lot } : {}),
    ...(keepSerial && scan.serial !== undefined ? { serial: scan.serial } : {}),
    ...(scan.expiry === undefined ? {} : { expiry: scan.expiry }),
    qty: new Decimal(scan.count ?? 1).times(context.factor).toFixed(),
    uom: resolution.uom,
    countedAt: event.time,
    counter: context.counter,
    ...(context.device === undefined ? {} : { device: context.device }),
    ...(context.task === undefined ? {} : { task: context.task }),
    source: { eventId: event.eventId, raw: event.raw, ...(symbology === undefined ? {} : { symbology }) },
  };
  if (dropped.length === 0) return { ok: true, entry };
  const what = tracking === 'none' ? 'is tracked by neither lot nor serial' : 'is not tracked by serial';
  const note = `${dropped.join(' and ')} on the barcode not kept: ${resolution.sku} ${what}`;
  return { ok: true, entry: { ...entry, note }, note };
}
