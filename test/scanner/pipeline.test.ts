/** The scan pipeline: events and RFID reads → count entries, with the per-session rules of DESIGN §6. */
import { describe, expect, expectTypeOf, it } from 'vitest';

import type { CountsApi } from '../../src/count/counts.js';

import { recordEntryInputSchema } from '../../src/count/schemas.js';
import { at, smallWarehouse } from '../support/world.js';
import { isStocktakeError, StocktakeError } from '../../src/errors.js';
import {
  createItemResolver,
  createScanPipeline,
  GS,
  gtinCheckDigit,
  type CreateScanPipelineOptions,
  type ScanCountEntry,
  type ScanEntrySink,
  type ScanEvent,
  type ScanVoidInput,
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
    expect(await pipeline.undo(triple.eventId)).toEqual({ status: 'undone', eventId: triple.eventId, was: 'held' });
    expect(await pipeline.undo(triple.eventId)).toEqual({ status: 'not_found', eventId: triple.eventId });
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
      [{ ...base, state: { version: 3 } }, ['options', 'state', 'version']],
      [{ ...base, state: { version: 2, revision: -1, identities: {}, pending: {}, held: {}, recent: {} } }, ['options', 'state', 'revision']],
      [{ ...base, rememberEvents: -1 }, ['options', 'rememberEvents']],
      [{ ...base, unknown: 1 }, ['options', 'unknown']],
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

/** A sink that records and voids in memory, answering like the count API. */
function countingSink(options: { failVoid?: boolean } = {}) {
  const entries = new Map<string, ScanCountEntry>();
  const voids: ScanVoidInput[] = [];
  const sink: ScanEntrySink = {
    async record(_sessionId, entry) {
      const existing = entries.get(entry.entryId);
      if (existing !== undefined) return { entryId: entry.entryId, result: JSON.stringify(existing) === JSON.stringify(entry) ? 'exists' : 'exists_with_different_payload' };
      entries.set(entry.entryId, entry);
      return { entryId: entry.entryId, result: 'created' };
    },
    async voidEntry(_sessionId, input) {
      if (options.failVoid === true) throw new Error('offline');
      if (!entries.has(input.target)) throw new StocktakeError('entry_not_found', `no entry ${input.target}`);
      voids.push(input);
      return { entryId: input.entryId, result: 'created' };
    },
  };
  return { sink, entries, voids };
}

describe('undo of a counted scan', () => {
  it('voids its entry through the sink and forgets its serial, so the unit counts again at the right location', async () => {
    const { sink, voids } = countingSink();
    const pipeline = createScanPipeline({ resolver, sink, session: 'CS-1', counter: 'ana', location: 'A-01' });
    const first = { eventId: 'ev1', source: 'wedge' as const, raw: `(01)${EACH}(21)S1`, time: '2025-03-01T08:00:00.000Z' };
    expect(await pipeline.scan(first)).toMatchObject({ status: 'recorded' });
    expect(await pipeline.undo('ev1', { reason: 'wrong bin' })).toEqual({ status: 'undone', eventId: 'ev1', was: 'recorded', result: { entryId: 'void:scan:ev1', result: 'created' } });
    expect(voids).toEqual([{ entryId: 'void:scan:ev1', target: 'scan:ev1', reason: 'wrong bin', actor: 'ana' }]);
    pipeline.setLocation('A-02');
    expect(await pipeline.scan({ ...first, eventId: 'ev2' })).toMatchObject({ status: 'recorded', entry: { location: 'A-02', serial: 'S1' } });
    expect(await pipeline.scan(first)).toEqual({ status: 'undone', eventId: 'ev1' }); // resending the undone scan does not count it
    expect(await pipeline.undo('ev1')).toEqual({ status: 'not_found', eventId: 'ev1' });
    expect(await pipeline.undo('never-seen')).toEqual({ status: 'not_found', eventId: 'never-seen' }); // the sink knows no such entry
  });

  it('undoes a scan older than the remembered events, and a pending one the sink never accepted', async () => {
    const { sink, voids } = countingSink();
    const pipeline = createScanPipeline({ resolver, sink, session: 'CS-1', counter: 'ana', location: 'A-01', rememberEvents: 1 });
    const scan = (eventId: string, raw: string) => pipeline.scan({ eventId, source: 'wedge', raw, time: '2025-03-01T08:00:00.000Z' });
    await scan('old', `(01)${EACH}(21)S7`);
    await scan('new', EACH);
    expect(await pipeline.undo('old')).toMatchObject({ status: 'undone', was: 'recorded' });
    expect(pipeline.state().identities).toEqual({});
    expect(await scan('again', `(01)${EACH}(21)S7`)).toMatchObject({ status: 'recorded' });

    let down = true;
    const flaky: ScanEntrySink = { record: async (s, e) => (down ? Promise.reject(new Error('offline')) : sink.record(s, e)), voidEntry: sink.voidEntry! };
    const offline = createScanPipeline({ resolver, sink: flaky, session: 'CS-1', counter: 'ana', location: 'A-01' });
    expect(await offline.scan({ eventId: 'p1', source: 'wedge', raw: `(01)${EACH}(21)S8`, time: '2025-03-01T08:00:00.000Z' })).toMatchObject({ status: 'failed' });
    expect(await offline.undo('p1')).toEqual({ status: 'undone', eventId: 'p1', was: 'pending' }); // the void found nothing: it never arrived
    down = false;
    expect(await offline.retryFailed()).toEqual([]);
    expect(voids.map((v) => v.target)).toEqual(['scan:old']);
  });

  it('changes nothing when the void fails, and needs a sink that can void', async () => {
    const failing = countingSink({ failVoid: true });
    const pipeline = createScanPipeline({ resolver, sink: failing.sink, session: 'CS-1', counter: 'ana', location: 'A-01' });
    await pipeline.scan({ eventId: 'ev1', source: 'wedge', raw: `(01)${EACH}(21)S1`, time: '2025-03-01T08:00:00.000Z' });
    const before = pipeline.state();
    expect(await pipeline.undo('ev1')).toMatchObject({ status: 'failed', eventId: 'ev1', error: expect.any(Error) });
    expect(pipeline.state()).toEqual(before);

    const recordOnly = createScanPipeline({ resolver, sink: { record: async () => ({ result: 'created' }) }, session: 'CS-1', counter: 'ana', location: 'A-01' });
    await recordOnly.scan({ eventId: 'ev1', source: 'wedge', raw: EACH, time: '2025-03-01T08:00:00.000Z' });
    await expect(recordOnly.undo('ev1')).rejects.toSatisfy((e) => isStocktakeError(e) && e.path.join('.') === 'sink.voidEntry');
    await expect(recordOnly.undo('')).rejects.toSatisfy((e) => isStocktakeError(e) && e.path.join('.') === 'eventId');
  });
});

describe('a multiplier applies to one scan', () => {
  it('is cancelled by an unknown GTIN instead of landing on the next each', async () => {
    const { pipeline, recorded, event } = setup({ location: 'A-01' });
    pipeline.setMultiplier('12');
    expect(await pipeline.scan(event(withCheck('400638133393')))).toMatchObject({ status: 'flagged', reason: 'unknown_gtin', cancelledMultiplier: '12' });
    expect(pipeline.multiplier).toBeUndefined();
    await pipeline.scan(event(EACH));
    expect(recorded.map((e) => e.qty)).toEqual(['1']);
  });

  it('is cancelled by a duplicate, a parse error, a location label and a conflict; a held scan uses it', async () => {
    const { pipeline, recorded, event } = setup({ location: 'A-01', doubleScanWindow: 800 });
    await pipeline.scan(event(`(01)${EACH}(21)S1`));
    const cases: Array<[ScanEvent, string]> = [
      [event(`(01)${EACH}(21)S1`), 'duplicate'],
      [event('(01)09506000134353'), 'flagged'],
      [event('LOC:A-02'), 'location'],
    ];
    for (const [e, status] of cases) {
      pipeline.setMultiplier('6');
      expect(await pipeline.scan(e)).toMatchObject({ status, cancelledMultiplier: '6' });
      expect(pipeline.multiplier).toBeUndefined();
    }
    const reused = event(EACH, 100_000);
    await pipeline.scan(reused);
    pipeline.setMultiplier('6');
    expect(await pipeline.scan({ ...reused, raw: CASE })).toMatchObject({ status: 'conflict', cancelledMultiplier: '6' });
    pipeline.setMultiplier('3');
    expect(await pipeline.scan(event(EACH, 100_100))).toMatchObject({ status: 'held', entry: { qty: '3' } });
    expect(pipeline.multiplier).toBeUndefined();
    expect(recorded.map((e) => e.qty)).toEqual(['1', '1']);
  });

  it('is not taken by a resend or an RFID read', async () => {
    const { pipeline, recorded, event } = setup({ location: 'A-01' });
    const e = event(EACH);
    await pipeline.scan(e);
    pipeline.setMultiplier('4');
    expect(await pipeline.scan(e)).toMatchObject({ status: 'recorded', resent: true });
    expect(await pipeline.read({ epc: SGTIN_EPC, time: 0 })).toMatchObject({ status: 'recorded', entry: { qty: '1' } });
    expect(pipeline.multiplier).toBe('4');
    await pipeline.scan(event(EACH));
    expect(recorded.map((r) => r.qty)).toEqual(['1', '1', '1', '4']);
  });
});

describe('event ids', () => {
  it('reports a reused event id with a different payload as a conflict, never as recorded for the old entry', async () => {
    const { pipeline, recorded, event } = setup({ location: 'A-01' });
    const first = event(`(01)${EACH}(21)S1`);
    await pipeline.scan(first);
    for (const change of [{ raw: CASE }, { time: '2025-03-02T08:00:00.000Z' }, { device: 'gun-2' }, { source: 'camera' as const }, { symbology: ']d2' }]) {
      const outcome = await pipeline.scan({ ...first, ...change });
      expect(outcome, JSON.stringify(change)).toEqual({ status: 'conflict', eventId: first.eventId, entry: recorded[0] });
    }
    expect(recorded).toHaveLength(1);
    expect(await pipeline.scan(first)).toMatchObject({ status: 'recorded', resent: true }); // the same payload is a resend
  });

  it("reports the sink's exists_with_different_payload as a conflict and releases the serial", async () => {
    const { sink, entries } = countingSink();
    entries.set('scan:ev1', { entryId: 'scan:ev1', sku: 'OTHER', location: 'X', qty: '1', uom: 'each', countedAt: '2025-03-01T08:00:00.000Z', counter: 'bo' });
    const pipeline = createScanPipeline({ resolver, sink, session: 'CS-1', counter: 'ana', location: 'A-01' });
    const outcome = await pipeline.scan({ eventId: 'ev1', source: 'wedge', raw: `(01)${EACH}(21)S1`, time: '2025-03-01T08:00:00.000Z' });
    expect(outcome).toEqual({ status: 'conflict', eventId: 'ev1', result: { entryId: 'scan:ev1', result: 'exists_with_different_payload' } });
    expect(pipeline.state().identities).toEqual({});
    expect(await pipeline.scan({ eventId: 'ev2', source: 'wedge', raw: `(01)${EACH}(21)S1`, time: '2025-03-01T08:00:00.000Z' })).toMatchObject({ status: 'recorded' });
  });
});

describe('UPC-E in the pipeline', () => {
  const UPC_E_ITEM = { sku: 'SODA', baseUom: 'each', gtin: '00012345000058' };
  const RCN_ITEM = { sku: 'IN-HOUSE', baseUom: 'each', gtin: '01234558' };
  const scanWith = async (items: Parameters<typeof createItemResolver>[0], raw: string) => {
    const pipeline = createScanPipeline({ resolver: createItemResolver(items), sink: { record: async () => ({ result: 'created' }) }, session: 'S', counter: 'c', location: 'A' });
    return pipeline.scan({ eventId: 'e', source: 'wedge', raw, time: '2025-03-01T08:00:00.000Z' });
  };

  it('counts 01234558 and ]E0 01234558 as the item with GTIN 00012345000058, saying when the reading was a choice', async () => {
    for (const raw of ['01234558', ']E001234558']) expect(await scanWith([UPC_E_ITEM], raw)).toMatchObject({ status: 'recorded', entry: { sku: 'SODA' } });
    expect(await scanWith([UPC_E_ITEM], '01234558')).toMatchObject({ warnings: [{ code: 'upc_e_or_ean_8' }] });
    expect(await scanWith([UPC_E_ITEM], ']E001234558')).not.toHaveProperty('warnings');
    expect(await scanWith([{ sku: 'W', baseUom: 'each', gtin: EACH }], `01${EACH}10LOTA1`)).toMatchObject({ status: 'recorded', entry: { lot: 'LOTA1' }, warnings: [{ code: 'gs1_without_symbology_identifier' }] });
  });

  it('takes the EAN-8 reading when only it is known, and flags the data when both are', async () => {
    expect(await scanWith([RCN_ITEM], '01234558')).toMatchObject({ status: 'recorded', entry: { sku: 'IN-HOUSE' } });
    expect(await scanWith([RCN_ITEM], ']E001234558')).toMatchObject({ status: 'flagged', reason: 'unknown_gtin' }); // ]E0 says UPC-E
    expect(await scanWith([UPC_E_ITEM, RCN_ITEM], '01234558')).toMatchObject({ status: 'flagged', reason: 'ambiguous_gtin', candidates: ['SODA', 'IN-HOUSE'] });
  });
});

describe('with the count API as the sink', () => {
  async function counting() {
    const { st, clock } = await smallWarehouse();
    await st.catalog.defineItem({ sku: 'PLAIN', baseUom: 'ea', gtin: EACH });
    await st.catalog.defineItem({ sku: 'LOTTED', baseUom: 'ea', tracking: 'lot', gtin: '09520123456788' });
    await st.catalog.defineItem({ sku: 'SERIAL', baseUom: 'ea', tracking: 'serial', gtin: '80614141123458' });
    clock.set(at('08:00'));
    const session = await st.counts.open({ scope: { locations: ['WH1/A'] }, actor: 'zhao' });
    clock.set(at('09:00'));
    const pipeline = createScanPipeline({ resolver: createItemResolver(await st.catalog.listItems()), sink: st.counts, session: session.id, counter: 'li', location: 'WH1/A/01' });
    let n = 0;
    const scan = (raw: string, eventId = `ev${++n}`) => pipeline.scan({ eventId, source: 'wedge', raw, time: at('09:00') });
    return { st, session, pipeline, scan };
  }

  it('counts a lot or serial on an item that tracks neither, keeping them as a note; the serial still counts once', async () => {
    const { st, session, scan } = await counting();
    const outcome = await scan(`(01)${EACH}(10)L42(21)S1`);
    expect(outcome).toMatchObject({
      status: 'recorded',
      result: { result: 'created' },
      note: 'lot L42 and serial S1 on the barcode not kept: PLAIN is tracked by neither lot nor serial',
    });
    expect(outcome.status === 'recorded' && outcome.entry).not.toHaveProperty('lot');
    expect(await scan(`(01)${EACH}(10)L42(21)S1`)).toMatchObject({ status: 'duplicate' }); // the same unit
    expect(await scan(`(01)09520123456788(10)L7(21)S9`)).toMatchObject({ status: 'recorded', entry: { lot: 'L7' }, note: 'serial S9 on the barcode not kept: LOTTED is not tracked by serial' });
    expect(await scan(`(01)80614141123458(10)L1(21)S2`)).toMatchObject({ status: 'recorded', entry: { lot: 'L1', serial: 'S2' } });
    expect(await scan('09520123456788')).toMatchObject({ status: 'flagged', reason: 'missing_lot' });
    expect(await scan('80614141123458')).toMatchObject({ status: 'flagged', reason: 'missing_serial' });
    const stored = await st.counts.entries(session.id);
    expect(stored[0]!.note).toBe('lot L42 and serial S1 on the barcode not kept: PLAIN is tracked by neither lot nor serial');
    expect(stored.map((e) => [e.key?.sku, e.key?.lot, e.key?.serial])).toEqual([
      ['PLAIN', undefined, undefined],
      ['LOTTED', 'L7', undefined],
      ['SERIAL', 'L1', 'S2'],
    ]);
  });

  it('undoes a counted serial with a void entry; the unit is counted again at the right location and reviewed once', async () => {
    const { st, session, pipeline, scan } = await counting();
    expect(await scan('(01)80614141123458(10)L1(21)S2', 'wrong')).toMatchObject({ status: 'recorded', entry: { location: 'WH1/A/01' } });
    expect(await pipeline.undo('wrong')).toMatchObject({ status: 'undone', was: 'recorded', result: { result: 'created' } });
    pipeline.setLocation('WH1/A/02');
    expect(await scan('(01)80614141123458(10)L1(21)S2', 'right')).toMatchObject({ status: 'recorded', entry: { location: 'WH1/A/02' } });
    const stored = await st.counts.entries(session.id);
    expect(stored.map((e) => [e.entryId, e.kind])).toEqual([
      ['scan:wrong', 'count'],
      ['void:scan:wrong', 'void'],
      ['scan:right', 'count'],
    ]);
    for (const location of ['WH1/A/01', 'WH1/A/02']) await st.counts.completeLocation(session.id, location, { actor: 'li', at: at('09:01') });
    const review = await st.counts.review(session.id, { actor: 'zhao' });
    expect(review.lines.filter((l) => l.sku === 'SERIAL').map((l) => [l.location, l.counted])).toEqual([['WH1/A/02', '1']]);
  });
});
