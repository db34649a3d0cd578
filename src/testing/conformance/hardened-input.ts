import fc from 'fast-check';
import { createStocktake, type Stocktake } from '../../engine.js';
import { isStocktakeError, type ErrorPath, type StocktakeError } from '../../errors.js';
import { idSchema } from '../../catalog/schemas.js';
import { createManualClock, type ManualClock } from '../manual-clock.js';
import { storableTextArb, unstorableTextArb } from '../arbitraries.js';
import { conformanceRuns, type PropertyContext } from './ledger-properties.js';
import type { ConformanceTestApi } from './types.js';

/** The caller's `expect`, set when the tests are registered (the suite never imports vitest). */
let expect: ConformanceTestApi['expect'];

const T0 = '2026-03-02T08:00:00.000Z';
const at = (minutes: number): string => new Date(Date.parse(T0) + minutes * 60_000).toISOString();

/** A small stocked world: items A (plain) and L (by lot), zone WH1/A with two bins, a counting session. */
async function world(st: Stocktake, clock: ManualClock): Promise<string> {
  await st.catalog.defineItem({ sku: 'A', baseUom: 'ea' });
  await st.catalog.defineItem({ sku: 'L', baseUom: 'ea', tracking: 'lot' });
  for (const id of ['WH1/A/01', 'WH1/A/02']) await st.catalog.defineLocation({ id });
  await st.ledger.post({ id: 'rcv-0', kind: 'receipt', occurredAt: at(-60), actor: 'dock', lines: [{ sku: 'A', to: 'WH1/A/01', qty: '10' }] });
  const session = await st.counts.open({ id: 'cs-1', scope: { locations: ['WH1/A'] }, counters: ['li'], tolerance: { qty: '1000' }, actor: 'zhao' });
  clock.set(at(10));
  return session.id;
}

/** The error a command threw, or a failure when it did not throw a stocktake error. */
async function refusal(command: () => Promise<unknown>): Promise<StocktakeError> {
  try {
    await command();
  } catch (error) {
    if (isStocktakeError(error)) return error;
    throw error;
  }
  throw new Error('expected the command to be refused');
}

/** A text field of some command: where the text goes and the path the refusal must name. */
interface TextField {
  readonly name: string;
  readonly path: ErrorPath;
  readonly send: (st: Stocktake, sessionId: string, text: string) => Promise<unknown>;
}

const entry = { entryId: 'e-1', sku: 'A', location: 'WH1/A/01', qty: '3', countedAt: at(5), counter: 'li' };
const movement = { id: 'mv-1', kind: 'receipt' as const, occurredAt: at(1), actor: 'li', lines: [{ sku: 'L', to: 'WH1/A/02', qty: '1', lot: 'LOT-1' }] };

/** Every kind of text field a command takes: ids, location paths, names, reasons, notes, references, raw scans. */
const TEXT_FIELDS: readonly TextField[] = [
  { name: 'item sku', path: ['sku'], send: (st, _, text) => st.catalog.defineItem({ sku: text, baseUom: 'ea' }) },
  { name: 'item name', path: ['name'], send: (st, _, text) => st.catalog.defineItem({ sku: 'B', name: text, baseUom: 'ea' }) },
  { name: 'item look-alike', path: ['lookAlikes', 0], send: (st, _, text) => st.catalog.defineItem({ sku: 'B', baseUom: 'ea', lookAlikes: [text] }) },
  { name: 'location id', path: ['id'], send: (st, _, text) => st.catalog.defineLocation({ id: `WH1/${text}` }) },
  { name: 'location name', path: ['name'], send: (st, _, text) => st.catalog.defineLocation({ id: 'WH1/B', name: text }) },
  { name: 'custodian', path: ['custodians', 0], send: (st, _, text) => st.catalog.assignCustodians({ location: 'WH1/A', custodians: [text], from: at(0), actor: 'zhao' }) },
  { name: 'movement id', path: ['id'], send: (st, _, text) => st.ledger.post({ ...movement, id: text }) },
  { name: 'movement actor', path: ['actor'], send: (st, _, text) => st.ledger.post({ ...movement, actor: text }) },
  { name: 'movement reference', path: ['reference'], send: (st, _, text) => st.ledger.post({ ...movement, reference: text }) },
  { name: 'movement reason', path: ['reason'], send: (st, _, text) => st.ledger.post({ ...movement, reason: text }) },
  { name: 'override reason', path: ['override', 'reason'], send: (st, _, text) => st.ledger.post({ ...movement, override: { reason: text } }) },
  { name: 'line sku', path: ['lines', 0, 'sku'], send: (st, _, text) => st.ledger.post({ ...movement, lines: [{ ...movement.lines[0]!, sku: text }] }) },
  { name: 'line location', path: ['lines', 0, 'to'], send: (st, _, text) => st.ledger.post({ ...movement, lines: [{ ...movement.lines[0]!, to: `WH1/${text}` }] }) },
  { name: 'line lot', path: ['lines', 0, 'lot'], send: (st, _, text) => st.ledger.post({ ...movement, lines: [{ ...movement.lines[0]!, lot: text }] }) },
  { name: 'batch reference', path: [1, 'reference'], send: (st, _, text) => st.ledger.postMany([movement, { ...movement, id: 'mv-2', reference: text }]) },
  { name: 'session name', path: ['name'], send: (st, _, text) => st.counts.open({ name: text, scope: { locations: ['WH1/B'] }, actor: 'zhao' }) },
  { name: 'session counter', path: ['counters', 0], send: (st, _, text) => st.counts.open({ scope: { locations: ['WH1/B'] }, counters: [text], actor: 'zhao' }) },
  { name: 'scope location', path: ['scope', 'locations', 0], send: (st, _, text) => st.counts.open({ scope: { locations: [`WH1/${text}`] }, actor: 'zhao' }) },
  { name: 'entry id', path: ['entryId'], send: (st, id, text) => st.counts.record(id, { ...entry, entryId: text }) },
  { name: 'entry serial', path: ['serial'], send: (st, id, text) => st.counts.record(id, { ...entry, serial: text }) },
  { name: 'entry device', path: ['device'], send: (st, id, text) => st.counts.record(id, { ...entry, device: text }) },
  { name: 'entry note', path: ['note'], send: (st, id, text) => st.counts.record(id, { ...entry, note: text }) },
  { name: 'entry evidence', path: ['evidence', 0], send: (st, id, text) => st.counts.record(id, { ...entry, evidence: [`https://photos.example/${text}`] }) },
  { name: 'raw scan', path: ['source', 'raw'], send: (st, id, text) => st.counts.record(id, { ...entry, source: { eventId: 'ev-1', raw: text } }) },
  { name: 'void reason', path: ['reason'], send: (st, id, text) => st.counts.voidEntry(id, { entryId: 'v-1', target: 'e-0', reason: text, actor: 'li' }) },
  { name: 'completed location', path: ['location'], send: (st, id, text) => st.counts.completeLocation(id, `WH1/A/${text}`, { actor: 'li' }) },
  { name: 'exclusion reason', path: ['reason'], send: (st, id, text) => st.counts.excludeLocation(id, 'WH1/A/02', { actor: 'zhao', reason: text }) },
  { name: 'cancellation reason', path: ['reason'], send: (st, id, text) => st.counts.cancel(id, { actor: 'zhao', reason: text }) },
  { name: 'session id', path: ['sessionId'], send: (st, _, text) => st.counts.get(text) },
  { name: 'audit subject', path: ['subject'], send: (st, _, text) => st.audit.append({ actor: 'zhao', action: 'policy.change', subject: text }) },
  { name: 'audit data', path: ['data', 'notes', 1], send: (st, _, text) => st.audit.append({ actor: 'zhao', action: 'policy.change', subject: 'tolerance', data: { notes: ['ok', text] } }) },
];

/** Paths that would make a location id say something else than one node of the tree. */
const SURPRISING_PATHS = ['WH1/./A', 'WH1/..', '../WH1', '.', '..', 'WH1//A', '/WH1/A', 'WH1/A/', 'WH1/A/ 01', 'WH1/A/..'];

/**
 * Registers the hardened-input rules of the conformance suite: text an adapter cannot store is
 * refused alike on every adapter, everything else round-trips unchanged, location paths name one
 * node, business time stays within reason, and a session has one approver of record.
 *
 * @internal
 */
export function registerHardenedInput({ options, fresh }: PropertyContext): void {
  const { describe, it } = options.vitest;
  expect = options.vitest.expect;
  const runs = conformanceRuns(options);
  const engine = async (extra: { futureMovements?: { allowanceMs: number } } = {}) => {
    const clock = createManualClock(at(0));
    const st = createStocktake({ storage: await fresh(), clock, ...extra });
    return { st, clock };
  };

  describe('hardened input (through the engine)', () => {
    it('text with a NUL character or an unpaired surrogate is refused in every text field with invalid_input and its path, and nothing is stored', async () => {
      const cases = fc.record({ field: fc.constantFrom(...TEXT_FIELDS), text: unstorableTextArb() });
      await fc.assert(
        fc.asyncProperty(cases, async ({ field, text }) => {
          const { st, clock } = await engine();
          const sessionId = await world(st, clock);
          const before = await options.raw.rowCounts();
          const error = await refusal(() => field.send(st, sessionId, text));
          expect([error.code, error.path], field.name).toEqual(['invalid_input', field.path]);
          expect(error.message).toMatch(/NUL|surrogate|control/);
          expect(await options.raw.rowCounts()).toEqual(before);
        }),
        { numRuns: Math.max(runs, TEXT_FIELDS.length * 2) },
      );
    });

    it('any other text round-trips unchanged: names, references, reasons, devices, audit data, and ids used as keys', async () => {
      const idText = storableTextArb(30).filter((text) => idSchema.safeParse(text).success && !text.includes('/') && text !== '.' && text !== '..');
      const text = storableTextArb().filter((candidate) => candidate.length > 0);
      await fc.assert(
        fc.asyncProperty(text, idText, idText, async (text, sku, lot) => {
          const { st, clock } = await engine();
          const sessionId = await world(st, clock);
          await st.catalog.defineItem({ sku, name: text, baseUom: 'ea', tracking: 'lot' });
          await st.catalog.defineLocation({ id: `WH1/A/${sku}`, name: text });
          const posted = await st.ledger.post({ ...movement, reference: text, reason: text, lines: [{ sku, to: `WH1/A/${sku}`, qty: '2', lot }] });
          expect(posted.result).toBe('created');
          await st.counts.record(sessionId, { ...entry, device: text, source: { eventId: 'ev-1', raw: text } });
          await st.audit.append({ actor: 'zhao', action: 'policy.change', subject: text, data: { [text]: [text] } });

          expect((await st.catalog.getItem(sku))?.name).toBe(text);
          expect((await st.catalog.getLocation(`WH1/A/${sku}`))?.name).toBe(text);
          const stored = await st.ledger.get('mv-1');
          expect([stored?.reference, stored?.reason, stored?.lines[0]?.sku, stored?.lines[0]?.lot]).toEqual([text, text, sku, lot]);
          expect(await st.ledger.onHand({ sku, location: `WH1/A/${sku}`, lot })).toBe('2');
          expect((await st.ledger.balances({ sku })).map((b) => b.key)).toEqual([{ sku, location: `WH1/A/${sku}`, lot }]);
          const [recorded] = await st.counts.entries(sessionId);
          expect([recorded?.device, recorded?.source?.raw]).toEqual([text, text]);
          const audited = (await st.audit.list()).at(-1);
          expect([audited?.subject, audited?.data]).toEqual([text, { [text]: [text] }]);
          expect((await st.audit.verify()).ok).toBe(true);
        }),
        { numRuns: runs },
      );
    });

    it('audit data keeps a key named "__proto__" as data, never as a prototype', async () => {
      const { st } = await engine();
      const data = JSON.parse('{"__proto__":["x"],"nested":{"__proto__":{"y":1}}}') as unknown;
      await st.audit.append({ actor: 'zhao', action: 'policy.change', subject: 'proto', data });
      const stored = (await st.audit.list()).at(-1)?.data;
      expect(JSON.stringify(stored)).toBe('{"__proto__":["x"],"nested":{"__proto__":{"y":1}}}');
      expect(Object.getPrototypeOf(stored)).toBe(Object.prototype);
      expect((await st.audit.verify()).ok).toBe(true);
    });

    it('a location path names one node: ".", "..", empty segments and surrounding slashes or spaces are refused wherever a location arrives', async () => {
      const { st, clock } = await engine();
      const sessionId = await world(st, clock);
      const before = await options.raw.rowCounts();
      const arrivals: Array<[string, ErrorPath, (path: string) => Promise<unknown>]> = [
        ['defineLocation', ['id'], (path) => st.catalog.defineLocation({ id: path })],
        ['getLocation', ['id'], (path) => st.catalog.getLocation(path)],
        ['listLocations', ['subtree'], (path) => st.catalog.listLocations(path)],
        ['assignCustodians', ['location'], (path) => st.catalog.assignCustodians({ location: path, custodians: ['li'], from: at(0), actor: 'zhao' })],
        ['ledger.post', ['lines', 0, 'to'], (path) => st.ledger.post({ ...movement, lines: [{ ...movement.lines[0]!, to: path }] })],
        ['ledger.onHand', ['key', 'location'], (path) => st.ledger.onHand({ sku: 'A', location: path })],
        ['ledger.balances', ['filter', 'location'], (path) => st.ledger.balances({ location: path })],
        ['counts.open', ['scope', 'locations', 0], (path) => st.counts.open({ scope: { locations: [path] }, actor: 'zhao' })],
        ['counts.record', ['location'], (path) => st.counts.record(sessionId, { ...entry, location: path })],
        ['counts.completeLocation', ['location'], (path) => st.counts.completeLocation(sessionId, path, { actor: 'li' })],
      ];
      for (const path of SURPRISING_PATHS) {
        for (const [name, errorPath, send] of arrivals) {
          const error = await refusal(() => send(path));
          expect([error.code, error.path], `${name}(${JSON.stringify(path)})`).toEqual(['invalid_input', errorPath]);
        }
      }
      expect(await options.raw.rowCounts()).toEqual(before);
      // Dots inside a segment are ordinary characters.
      for (const id of ['WH1/.A', 'WH1/A..', 'WH1/1.5', 'WH1/...']) expect((await st.catalog.defineLocation({ id })).id).toBe(id);
    });

    it('a location path with a "." or ".." segment anywhere is refused, whatever the other segments', async () => {
      const segment = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._-]{0,5}$/).filter((text) => text !== '.' && text !== '..');
      const path = fc
        .tuple(fc.array(segment, { maxLength: 4 }), fc.constantFrom('.', '..', ''), fc.array(segment, { maxLength: 4 }))
        .map(([before, bad, after]) => [...before, bad, ...after].join('/'));
      const { st } = await engine();
      await fc.assert(
        fc.asyncProperty(path, async (id) => {
          const error = await refusal(() => st.catalog.defineLocation({ id }));
          expect([error.code, error.path]).toEqual(['invalid_input', ['id']]);
        }),
        { numRuns: runs },
      );
      expect((await options.raw.rowCounts()).locations).toBe(0);
    });

    it('a movement dated beyond now plus the allowance is refused with occurred_in_future at occurredAt (a batch names the index) and nothing is stored; within it, it posts', async () => {
      const allowanceMs = 120_000;
      await fc.assert(
        fc.asyncProperty(fc.integer({ min: -600_000, max: 10 * allowanceMs }), fc.integer({ min: 0, max: 3 }), async (offsetMs, index) => {
          const { st, clock } = await engine();
          await world(st, clock);
          const before = await options.raw.rowCounts();
          const occurredAt = new Date(clock.now().getTime() + offsetMs).toISOString();
          const dated = { ...movement, id: 'dated', occurredAt };
          const batch = Array.from({ length: 4 }, (_, i) => ({ ...(i === index ? dated : movement), id: `b-${i}` }));
          if (offsetMs <= allowanceMs) {
            expect((await st.ledger.post(dated)).result).toBe('created');
            expect((await st.ledger.postMany(batch)).map((r) => r.result)).toEqual(['created', 'created', 'created', 'created']);
            return;
          }
          const single = await refusal(() => st.ledger.post(dated));
          expect([single.code, single.type, single.path]).toEqual(['occurred_in_future', 'invalid_input', ['occurredAt']]);
          const many = await refusal(() => st.ledger.postMany(batch));
          expect([many.code, many.path]).toEqual(['occurred_in_future', [index, 'occurredAt']]);
          expect(await options.raw.rowCounts()).toEqual(before);
        }),
        { numRuns: runs },
      );
    });

    it('futureMovements.allowanceMs lets planned movements be dated ahead, and no further', async () => {
      const day = 86_400_000;
      const { st, clock } = await engine({ futureMovements: { allowanceMs: 7 * day } });
      await world(st, clock);
      const asn = { ...movement, id: 'asn-1', occurredAt: new Date(clock.now().getTime() + 3 * day).toISOString() };
      expect((await st.ledger.post(asn)).result).toBe('created');
      const tooFar = await refusal(() => st.ledger.post({ ...asn, id: 'asn-2', occurredAt: new Date(clock.now().getTime() + 8 * day).toISOString() }));
      expect([tooFar.code, tooFar.path]).toEqual(['occurred_in_future', ['occurredAt']]);
      expect((await options.raw.movements()).map((m) => m.id).sort()).toEqual(['asn-1', 'rcv-0']);
      // Count times are not loosened by it.
      const counted = await refusal(() => st.counts.record('cs-1', { ...entry, countedAt: new Date(clock.now().getTime() + day).toISOString() }));
      expect([counted.code, counted.path]).toEqual(['invalid_input', ['countedAt']]);
    });

    it('a session has one approver of record: another approval is refused while it holds; after a stale review the re-approval is audited and the report names whoever approved what was posted', async () => {
      const { st, clock } = await engine();
      const sessionId = await world(st, clock);
      await st.counts.record(sessionId, { ...entry, qty: '9' });
      for (const location of ['WH1/A/01', 'WH1/A/02']) await st.counts.completeLocation(sessionId, location, { actor: 'li', at: at(6) });
      await st.counts.review(sessionId, { actor: 'zhao' });
      const approved = await st.counts.approve(sessionId, { actor: 'zhao' });
      expect(approved.approval?.actor).toBe('zhao');

      const second = await refusal(() => st.counts.approve(sessionId, { actor: 'wang' }));
      expect([second.code, second.type, second.details['approvedBy']]).toEqual(['already_approved', 'conflict', 'zhao']);
      const retried = await st.counts.approve(sessionId, { actor: 'zhao' });
      expect(retried.version).toBe(approved.version);
      expect((await st.counts.get(sessionId)).approval?.actor).toBe('zhao');
      expect((await st.audit.list()).filter((event) => event.action === 'count.approve').map((event) => event.actor)).toEqual(['zhao']);

      // A receipt recorded late but dated before the count makes the approval stale.
      await st.ledger.post({ id: 'late', kind: 'receipt', occurredAt: at(1), actor: 'dock', lines: [{ sku: 'A', to: 'WH1/A/01', qty: '1' }] });
      const stale = await refusal(() => st.counts.post(sessionId, { actor: 'zhao' }));
      expect(stale.code).toBe('stale_review');
      await st.counts.review(sessionId, { actor: 'wang' });
      const reapproved = await st.counts.approve(sessionId, { actor: 'wang', note: 'the late receipt was checked' });
      expect(reapproved.approval?.actor).toBe('wang');
      const reapproval = (await st.audit.list()).find((event) => event.action === 'count.reapprove');
      expect(reapproval).toMatchObject({ actor: 'wang', data: { supersedes: { actor: 'zhao', fingerprint: approved.approval?.fingerprint } } });
      const third = await refusal(() => st.counts.approve(sessionId, { actor: 'zhao' }));
      expect(third.code).toBe('already_approved');

      const posted = await st.counts.post(sessionId, { actor: 'wang' });
      expect(posted.created).toBe(true);
      const report = JSON.parse(await st.counts.report(sessionId, { format: 'json' })) as { people: { approver?: string } };
      expect(report.people.approver).toBe('wang');
      expect((await options.raw.sessions()).find((session) => session.id === sessionId)?.state).toBe('posted');
    });
  });
}
