/** The scan pipeline: events and RFID reads → count entries, with the per-session rules of DESIGN §6. */
import { describe, expect, expectTypeOf, it } from 'vitest';

import type { CountsApi } from '../../src/count/counts.js';

import { recordEntryInputSchema } from '../../src/count/schemas.js';
import { isStocktakeError } from '../../src/errors.js';
import {
  createItemResolver,
  createScanPipeline,
  GS,
  gtinCheckDigit,
  type CreateScanPipelineOptions,
  type ScanCountEntry,
  type ScanEntrySink,
  type ScanEvent,
} from '../../src/scanner/index.js';

const withCheck = (body: string) => body + gtinCheckDigit(body);
const EACH = '09506000134352';
const CASE = withCheck('1950600013435');
const UNKNOWN_LEVEL = withCheck('5950600013435');
const SGTIN_EPC = '3074257BF7194E4000001A85'; // GTIN 80614141123458, serial 6789
const SSCC = '106141412345678908';

const resolver = createItemResolver([
  { sku: 'WIDGET', baseUom: 'each', gtin: EACH, packs: [{ uom: 'case', factor: '12', gtin: CASE }] },
  { sku: 'TAGGED', baseUom: 'each', gtin: '80614141123458' },
]);

function setup(extra: Partial<CreateScanPipelineOptions> = {}) {
  const recorded: ScanCountEntry[] = [];
  let failing = false;
  const sink = {
    async record(sessionId: string, entry: ScanCountEntry) {
      expect(sessionId).toBe('CS-1');
      if (failing) throw new Error('offline');
      recorded.push(entry);
      return { status: 'created' };
    },
  };
  const pipeline = createScanPipeline({ resolver, sink, session: 'CS-1', counter: 'ana', device: 'phone-1', locationBarcode: { prefix: 'LOC:' }, ...extra });
  let n = 0;
  const at = (ms: number) => new Date(Date.parse('2025-03-01T08:00:00.000Z') + ms).toISOString();
  const event = (raw: string, ms = n * 10_000, more: Partial<ScanEvent> = {}): ScanEvent => ({ eventId: `ev${++n}`, source: 'wedge', raw, time: at(ms), ...more });
  return { pipeline, recorded, event, at, setFailing: (f: boolean) => (failing = f) };
}

describe('createScanPipeline', () => {
  it('sets the location from a location barcode and records plain scans every time', async () => {
    const { pipeline, recorded, event } = setup();
    const noLocation = await pipeline.scan(event(']E09506000134352'));
    expect(noLocation).toMatchObject({ status: 'flagged', reason: 'no_location' });
    expect(await pipeline.scan(event('LOC:WH1/A/01'))).toMatchObject({ status: 'location', location: 'WH1/A/01' });
    expect(pipeline.location).toBe('WH1/A/01');
    const first = event(']E09506000134352', 20_000, { device: 'gun-9' });
    expect(await pipeline.scan(first)).toMatchObject({ status: 'recorded', resent: false });
    await pipeline.scan(event('9506000134352'));
    expect(recorded).toHaveLength(2);
    expect(recorded[0]).toEqual({
      entryId: `scan:${first.eventId}`,
      sku: 'WIDGET',
      location: 'WH1/A/01',
      qty: '1',
      uom: 'each',
      countedAt: first.time,
      counter: 'ana',
      device: 'gun-9',
      source: { eventId: first.eventId, raw: ']E09506000134352', symbology: ']E0' },
    });
    expect(recorded[1]?.device).toBe('phone-1');
  });

  it('counts a case GTIN in cases, with lot, expiry and AI 30 / 37 quantities and multipliers', async () => {
    const { pipeline, recorded, event } = setup({ location: 'A-01', task: 'T1' });
    const withLot = await pipeline.scan(event(`(01)${CASE}(10)L42(17)260600`));
    expect(withLot).toMatchObject({ status: 'recorded', expiry: '2026-06-30', entry: { lot: 'L42', expiry: '2026-06-30' } });
    await pipeline.scan(event(`]C101${EACH}30${'0012'}${GS}10L7`));
    await pipeline.scan(event(`]C101${EACH}`), { multiplier: '2.5' });
    pipeline.setMultiplier('3');
    await pipeline.scan(event(`]C101${CASE}`));
    await pipeline.scan(event(`]C101${CASE}`, 200_000)); // the multiplier was one-shot
    expect(recorded.map((e) => [e.uom, e.qty, e.lot, e.task])).toEqual([
      ['case', '1', 'L42', 'T1'],
      ['each', '12', 'L7', 'T1'],
      ['each', '2.5', undefined, 'T1'],
      ['case', '3', undefined, 'T1'],
      ['case', '1', undefined, 'T1'],
    ]);
    await expect(pipeline.scan(event(EACH), { multiplier: '-1' })).rejects.toSatisfy((e) => isStocktakeError(e) && e.type === 'invalid_input');
    expect(() => pipeline.setMultiplier('0')).toThrow();
  });

  it('counts a serialised identity once per session, across barcode and RFID', async () => {
    const { pipeline, recorded, event } = setup({ location: 'A-01' });
    const first = event('(01)80614141123458(21)6789');
    expect(await pipeline.scan(first)).toMatchObject({ status: 'recorded' });
    expect(await pipeline.scan(event('https://id.gs1.org/01/80614141123458/21/6789'))).toEqual({
      status: 'duplicate',
      eventId: 'ev2',
      identity: 'sgtin:80614141123458.6789',
      firstEventId: first.eventId,
    });
    expect(await pipeline.read({ epc: SGTIN_EPC, time: Date.parse('2025-03-01T09:00:00Z') })).toMatchObject({ status: 'duplicate' });
    expect(await pipeline.scan(event('(01)80614141123458(21)6790'))).toMatchObject({ status: 'recorded' });
    expect(recorded.map((e) => e.serial)).toEqual(['6789', '6790']);
  });

  it('counts an SSCC once, with its contents from AI 02 + 37', async () => {
    const { pipeline, recorded, event } = setup({ location: 'DOCK' });
    expect(await pipeline.scan(event(`]C100${SSCC}02${EACH}37${'25'}`))).toMatchObject({ status: 'recorded' });
    expect(await pipeline.scan(event(`(00)${SSCC}(02)${EACH}(37)25`))).toMatchObject({ status: 'duplicate', identity: `sscc:${SSCC}` });
    expect(await pipeline.read({ epc: '3174257BF4499602D2000000', time: '2025-03-01T09:00:00Z' })).toMatchObject({ status: 'duplicate' });
    expect(recorded.map((e) => [e.sku, e.qty])).toEqual([['WIDGET', '25']]);
    expect(await pipeline.scan(event(`(00)${withCheck('00614141999999999')}`))).toMatchObject({ status: 'flagged', reason: 'no_gtin' });
  });

  it('collapses RFID reads of one EPC and drops reads under the RSSI floor', async () => {
    const { pipeline, recorded } = setup({ location: 'A-01', rssiFloor: -65 });
    expect(await pipeline.read({ epc: SGTIN_EPC, rssi: -70, time: 0 })).toMatchObject({ status: 'ignored', reason: 'below_rssi_floor' });
    expect(await pipeline.read({ epc: SGTIN_EPC.toLowerCase(), rssi: -50, antenna: 2, time: 1000 })).toMatchObject({ status: 'recorded', eventId: `rfid:${SGTIN_EPC}` });
    for (let i = 0; i < 5; i++) expect((await pipeline.read({ epc: SGTIN_EPC, rssi: -40, time: 2000 + i })).status).toBe('duplicate');
    expect(recorded).toHaveLength(1);
    expect(recorded[0]).toMatchObject({ sku: 'TAGGED', serial: '6789', qty: '1', countedAt: '1970-01-01T00:00:01.000Z', source: { raw: SGTIN_EPC } });
    expect(await pipeline.read({ epc: '3574257BF7194E4000001A85', time: 0 })).toMatchObject({ status: 'flagged', reason: 'parse_error', error: { code: 'unknown_epc_header' } });
    await expect(pipeline.read({ epc: 'xyz', time: 0 })).rejects.toSatisfy(isStocktakeError);
  });

  it('flags what it cannot count, never guessing', async () => {
    const { pipeline, recorded, event } = setup({ location: 'A-01' });
    expect(await pipeline.scan(event(UNKNOWN_LEVEL))).toMatchObject({ status: 'flagged', reason: 'unknown_pack', resolution: { candidates: ['WIDGET'] } });
    expect(await pipeline.scan(event(withCheck('400638133393')))).toMatchObject({ status: 'flagged', reason: 'unknown_gtin' });
    expect(await pipeline.scan(event('hello'))).toMatchObject({ status: 'flagged', reason: 'not_an_item' });
    expect(await pipeline.scan(event('(01)09506000134353'))).toMatchObject({ status: 'flagged', reason: 'parse_error', error: { code: 'invalid_check_digit', ai: '01' } });
    expect(recorded).toEqual([]);
  });

  it('holds a suspected double trigger, which can be confirmed or undone', async () => {
    const { pipeline, recorded, event } = setup({ location: 'A-01', doubleScanWindow: 800 });
    await pipeline.scan(event(EACH, 0));
    const double = event(EACH, 300);
    expect(await pipeline.scan(double)).toMatchObject({ status: 'held', previousEventId: 'ev1' });
    expect(await pipeline.scan(double)).toMatchObject({ status: 'held' }); // resending a held event keeps it held
    const triple = event(EACH, 600);
    expect((await pipeline.scan(triple)).status).toBe('held');
    expect(pipeline.state().held).toHaveProperty(double.eventId);
    expect(await pipeline.confirm(double.eventId)).toMatchObject({ status: 'recorded' });
    expect(pipeline.undo(triple.eventId)).toBe(true);
    expect(pipeline.undo(triple.eventId)).toBe(false);
    await expect(pipeline.confirm('nope')).rejects.toSatisfy(isStocktakeError);
    expect((await pipeline.scan(event(EACH, 5_000))).status).toBe('recorded'); // outside the window
    pipeline.setLocation('A-02');
    expect((await pipeline.scan(event(EACH, 5_100))).status).toBe('recorded'); // another location
    expect((await pipeline.scan(event(CASE, 5_200))).status).toBe('recorded'); // another code
    expect(recorded.map((e) => e.entryId)).toEqual(['scan:ev1', 'scan:ev2', 'scan:ev4', 'scan:ev5', 'scan:ev6']);
  });

  it('does not hold serialised scans or when the window is off', async () => {
    const { pipeline, event } = setup({ location: 'A-01' });
    await pipeline.scan(event(EACH, 0));
    expect((await pipeline.scan(event(EACH, 10))).status).toBe('recorded');
  });

  it('resends the same entry for the same event, even after the location changed', async () => {
    const { pipeline, recorded, event } = setup({ location: 'A-01' });
    const e = event(`(01)${EACH}(21)S1`);
    await pipeline.scan(e);
    pipeline.setLocation('B-07');
    expect(await pipeline.scan(e)).toMatchObject({ status: 'recorded', resent: true });
    expect(recorded).toHaveLength(2);
    expect(recorded[1]).toEqual(recorded[0]);
  });

  it('reports sink failures and retries them with the same entry ids; state survives a restart', async () => {
    const { pipeline, recorded, event, setFailing } = setup({ location: 'A-01' });
    setFailing(true);
    const e1 = event(`(01)${EACH}(21)S1`);
    const failed = await pipeline.scan(e1);
    expect(failed).toMatchObject({ status: 'failed', entry: { entryId: `scan:${e1.eventId}` } });
    expect(await pipeline.scan(event(`(01)${EACH}(21)S1`))).toMatchObject({ status: 'duplicate' }); // claimed by e1
    const e3 = event(EACH);
    await pipeline.scan(e3);

    const saved = JSON.parse(JSON.stringify(pipeline.state()));
    setFailing(false);
    const restarted = createScanPipeline({ resolver, sink: { record: async (_s, entry) => void recorded.push(entry) }, session: 'CS-1', counter: 'ana', state: saved });
    expect(restarted.location).toBe('A-01');
    const retried = await restarted.retryFailed();
    expect(retried.map((o) => o.status)).toEqual(['recorded', 'recorded']);
    expect(recorded.map((r) => r.entryId)).toEqual([`scan:${e1.eventId}`, `scan:${e3.eventId}`]);
    expect(await restarted.retryFailed()).toEqual([]);
    expect(await restarted.scan(event(`(01)${EACH}(21)S1`))).toMatchObject({ status: 'duplicate', firstEventId: e1.eventId });
  });

  it('validates options, events and state', async () => {
    const base = { resolver, sink: { record: async () => undefined }, session: 'S', counter: 'c' };
    for (const [bad, path] of [
      [{ ...base, session: '' }, ['options', 'session']],
      [{ ...base, resolver: {} }, ['options', 'resolver']],
      [{ ...base, doubleScanWindow: -5 }, ['options', 'doubleScanWindow']],
      [{ ...base, state: { version: 2 } }, ['options', 'state', 'version']],
      [{ ...base, unknown: 1 }, ['options']],
    ] as const) {
      try {
        createScanPipeline(bad as never);
        expect.unreachable();
      } catch (error) {
        expect(isStocktakeError(error) && error.code).toBe('invalid_input');
        expect(isStocktakeError(error) && error.path).toEqual(path);
      }
    }
    const pipeline = createScanPipeline(base);
    await expect(pipeline.scan({ eventId: 'x', source: 'wedge', raw: EACH, time: 'yesterday' })).rejects.toSatisfy(
      (e) => isStocktakeError(e) && e.path.join('.') === 'event.time',
    );
    expect(() => pipeline.setLocation('')).toThrow();
  });

  it('takes the count API itself as its sink', () => {
    expectTypeOf<CountsApi>().toExtend<ScanEntrySink>();
    expectTypeOf<ScanCountEntry>().toExtend<Parameters<CountsApi['record']>[1]>();
  });

  it("produces entries the count API's record schema accepts", async () => {
    const { pipeline, recorded, event } = setup({ location: 'WH1/A/01', task: 'T1' });
    await pipeline.scan(event(`]d201${EACH}10L-1/2${GS}17260600${GS}21S:9`));
    await pipeline.scan(event(`(01)${CASE}(30)12`), { multiplier: '0.5' });
    await pipeline.scan(event(`(00)${SSCC}(02)${EACH}(37)25`));
    await pipeline.read({ epc: SGTIN_EPC, time: 0, device: 'reader-1' });
    expect(recorded).toHaveLength(4);
    for (const entry of recorded) {
      const parsed = recordEntryInputSchema.safeParse(entry);
      expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
    }
  });

  it('rejects event ids that cannot make an entry id', async () => {
    const { pipeline, event } = setup({ location: 'A' });
    for (const eventId of ['x'.repeat(191), ' padded', 'tab\tid']) {
      await expect(pipeline.scan(event(EACH, 0, { eventId }))).rejects.toSatisfy((e) => isStocktakeError(e) && e.path.join('.') === 'event.eventId');
    }
  });

  it('accepts a location predicate function', async () => {
    const { pipeline, event } = setup({ locationBarcode: (raw) => (/^[A-Z]\d{2}-\d{2}$/.test(raw) ? `WH1/${raw}` : undefined) });
    expect(await pipeline.scan(event('B12-04'))).toMatchObject({ status: 'location', location: 'WH1/B12-04' });
    expect((await pipeline.scan(event(EACH))).status).toBe('recorded');
  });
});
