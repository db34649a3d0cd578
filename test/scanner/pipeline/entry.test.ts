/**
 * The entry of a counted scan keeps the lot and serial the item tracks; the rest is a note.
 * The law: whatever the barcode carries and whatever the item tracks, the entry passes the count
 * API's tracking rule, and nothing the barcode carried is lost (kept, or named in the note).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { recordEntryInputSchema } from '../../../src/count/schemas.js';
import { parseScan, type ScanResolved } from '../../../src/scanner/index.js';
import { buildEntry, identityOf } from '../../../src/scanner/pipeline/entry.js';
import { propertyRuns } from '../../support/property.js';

const GTIN = '09506000134352';
const event = (raw: string) => ({ eventId: 'e1', source: 'wedge' as const, raw, time: '2025-03-01T08:00:00.000Z' });
const resolved = (tracking?: ScanResolved['tracking']): ScanResolved => ({ ok: true, gtin: GTIN, sku: 'W', uom: 'each', factor: '1', ...(tracking === undefined ? {} : { tracking }) });

function build(raw: string, tracking?: ScanResolved['tracking']) {
  const scan = parseScan(raw, { referenceDate: '2025-01-01' });
  if (!scan.ok) throw new Error(scan.error.message);
  return buildEntry(scan, { event: event(raw), resolution: resolved(tracking), location: 'A-01', factor: '2', counter: 'ana', device: undefined, task: undefined });
}

describe('buildEntry', () => {
  it('keeps lot and serial as the item tracks them, and names what it leaves out', () => {
    const raw = `(01)${GTIN}(10)L1(21)S1`;
    expect(build(raw)).toMatchObject({ ok: true, entry: { lot: 'L1', serial: 'S1', qty: '2' } }); // tracking unknown: everything
    expect(build(raw, 'serial')).toMatchObject({ ok: true, entry: { lot: 'L1', serial: 'S1' } });
    expect(build(raw, 'lot')).toEqual(expect.objectContaining({ ok: true, note: 'serial S1 on the barcode not kept: W is not tracked by serial' }));
    const none = build(raw, 'none');
    expect(none).toEqual(expect.objectContaining({ ok: true, note: 'lot L1 and serial S1 on the barcode not kept: W is tracked by neither lot nor serial' }));
    expect(none.ok && none.entry).toMatchObject({ source: { raw } });
    expect(build(`(01)${GTIN}`, 'lot')).toEqual({ ok: false, reason: 'missing_lot' });
    expect(build(`(01)${GTIN}(10)L1`, 'serial')).toEqual({ ok: false, reason: 'missing_serial' });
  });

  it('gives the entry the count API accepts for the tracking, and loses nothing the barcode carried (law)', () => {
    const value = fc.stringMatching(/^[A-Z0-9]{1,8}$/);
    fc.assert(
      fc.property(fc.option(value, { nil: undefined }), fc.option(value, { nil: undefined }), fc.constantFrom('none', 'lot', 'serial', undefined), (lot, serial, tracking) => {
        const raw = `(01)${GTIN}${lot === undefined ? '' : `(10)${lot}`}${serial === undefined ? '' : `(21)${serial}`}`;
        const built = build(raw, tracking);
        if (!built.ok) {
          expect(built.reason).toBe(tracking === 'lot' ? 'missing_lot' : 'missing_serial');
          expect(tracking === 'lot' ? lot : serial).toBeUndefined();
          return;
        }
        expect(recordEntryInputSchema.safeParse(built.entry).success).toBe(true);
        if (tracking === 'none') expect([built.entry.lot, built.entry.serial]).toEqual([undefined, undefined]);
        if (tracking === 'lot') expect(built.entry.serial).toBeUndefined();
        for (const [name, carried, kept] of [['lot', lot, built.entry.lot], ['serial', serial, built.entry.serial]] as const) {
          if (carried !== undefined && kept === undefined) expect(built.note).toContain(`${name} ${carried}`);
          if (carried !== undefined && kept !== undefined) expect(kept).toBe(carried);
        }
        if (built.note === undefined) expect([built.entry.lot, built.entry.serial]).toEqual([lot, serial]);
      }),
      { numRuns: propertyRuns(300) },
    );
  });

  it('names the identity that counts once: an SSCC, or a GTIN and serial whatever the tracking', () => {
    const scan = (raw: string) => {
      const r = parseScan(raw);
      if (!r.ok) throw new Error(raw);
      return r;
    };
    expect(identityOf(scan(`(01)${GTIN}(21)S1`))).toBe(`sgtin:${GTIN}.S1`);
    expect(identityOf(scan('(00)106141412345678908'))).toBe('sscc:106141412345678908');
    expect(identityOf(scan(`(01)${GTIN}(10)L1`))).toBeUndefined();
  });
});
