import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { propertyRuns } from '../support/property.js';
import {
  GENESIS_HASH,
  auditAppendInputSchema,
  createMemoryStorage,
  createStocktake,
  hashAuditEvent,
  isStocktakeError,
  verifyAuditChain,
  type AuditEvent,
  type StorageAdapter,
} from '../../src/index.js';
import { canonicalJson } from '../../src/canonical.js';
import { isPlainJson } from '../../src/audit/append.js';
import { at, smallWarehouse } from '../support/world.js';
import { engineWithLog } from './log.js';
import { parseCsv } from '../support/csv.js';

async function collect(lines: AsyncIterable<string>): Promise<string[]> {
  const result: string[] = [];
  for await (const line of lines) result.push(line);
  return result;
}

describe('audit log', () => {
  it('every command appends one linked event: seq increasing, each pointing at the previous event of its chain, each hash its content', async () => {
    const { st, events } = await engineWithLog();
    expect(events.map((event) => event.seq)).toEqual(events.map((_, index) => index + 1));
    // Catalog writes and opening a count go to the store chain; the warehouse's writes to WH1's.
    expect(new Set(events.map((event) => event.chain))).toEqual(new Set([undefined, 'WH1']));
    const heads = new Map<string | undefined, string>();
    for (const event of events) {
      expect(event.prevHash).toBe(heads.get(event.chain) ?? GENESIS_HASH);
      heads.set(event.chain, event.hash);
      expect(await hashAuditEvent(event)).toBe(event.hash);
      expect(event.hash).toMatch(/^[0-9a-f]{64}$/);
    }
    const actions = events.map((event) => event.action);
    for (const action of ['item.define', 'location.define', 'custodians.assign', 'movement.post', 'count.open', 'count.record', 'count.complete', 'count.review', 'count.decide', 'count.approve', 'count.post']) {
      expect(actions, action).toContain(action);
    }
    expect(await st.audit.verify()).toEqual({ ok: true, events: events.length, lastHash: events[events.length - 1]!.hash });
  });

  it('an empty log verifies with the genesis hash', async () => {
    expect(await createStocktake().audit.verify()).toEqual({ ok: true, events: 0, lastHash: GENESIS_HASH });
  });

  it('list pages by afterSeq and limit', async () => {
    const { st, events } = await engineWithLog();
    expect(await st.audit.list({ afterSeq: 3, limit: 2 })).toEqual(events.slice(3, 5));
    expect(await st.audit.list({ afterSeq: events.length })).toEqual([]);
  });

  it('verify reports the first broken link of what storage returns', async () => {
    const { st, events } = await engineWithLog();
    const tampered = events.map((event) => (event.seq === 4 ? { ...event, actor: 'mallory' } : event));
    const storage: StorageAdapter = {
      name: 'tampered',
      transaction: (work, options) =>
        st.storage.transaction((tx) => work({ ...tx, listAuditEvents: async (filter) => tampered.filter((e) => e.seq > (filter?.afterSeq ?? 0)).slice(0, filter?.limit ?? Infinity) }), options),
    };
    const viewer = createStocktake({ storage });
    expect(await viewer.audit.verify()).toEqual({ ok: false, position: 4, seq: 4, reason: 'hash_mismatch' });
  });

  it('JSONL export parses back to the events, in order, across pages', async () => {
    const { st, events } = await engineWithLog();
    for (const pageSize of [1, 2, 7, 1000]) {
      const lines = await collect(st.audit.export({ format: 'jsonl', pageSize }));
      expect(lines.every((line) => line.endsWith('\n') && !line.slice(0, -1).includes('\n'))).toBe(true);
      const parsed = lines.map((line) => JSON.parse(line) as AuditEvent);
      expect(parsed).toEqual(events);
      expect(await verifyAuditChain(parsed)).toMatchObject({ ok: true, events: events.length });
    }
  });

  it('CSV export has a header, quotes commas, quotes and line breaks, and round-trips every field', async () => {
    const { st, events } = await engineWithLog();
    const text = (await collect(st.audit.export({ format: 'csv', pageSize: 3 }))).join('');
    const rows = parseCsv(text);
    expect(rows[0]).toEqual(['seq', 'at', 'actor', 'action', 'subject', 'data', 'prevHash', 'hash', 'chain']);
    expect(rows).toHaveLength(events.length + 1);
    for (const [index, event] of events.entries()) {
      expect(rows[index + 1]).toEqual([String(event.seq), event.at, event.actor, event.action, event.subject, canonicalJson(event.data), event.prevHash, event.hash, event.chain ?? '']);
    }
    // The item name with a quote, a comma and a line break is quoted with doubled quotes.
    expect(text).toContain('He said \\""hi\\"", then\\nleft, twice');
    const define = events.find((event) => event.action === 'item.define' && event.subject === 'Q-1')!;
    expect(JSON.parse(rows[define.seq]![5]!)).toEqual(define.data);
  });

  it('CSV export neutralises cells a spreadsheet would run as formulas; JSON lines keep the exact values', async () => {
    const st = createStocktake();
    await st.audit.append({ actor: '=cmd', action: 'policy.change', subject: '@SUM(A1)', data: -3 });
    await st.audit.append({ actor: 'li', action: 'policy.change', subject: '+1 ', data: '=HYPERLINK("x")' });
    const rows = parseCsv((await collect(st.audit.export({ format: 'csv' }))).join(''));
    expect(rows.slice(1).map((row) => row.slice(0, 6))).toEqual([
      ['1', expect.any(String), "'=cmd", 'policy.change', "'@SUM(A1)", "'-3"],
      // JSON text of a string starts with a quote: nothing to neutralise.
      ['2', expect.any(String), 'li', 'policy.change', "'+1 ", '"=HYPERLINK(\\"x\\")"'],
    ]);
    const lines = (await collect(st.audit.export({ format: 'jsonl' }))).map((line) => JSON.parse(line) as AuditEvent);
    expect(lines.map((event) => [event.actor, event.subject, event.data])).toEqual([
      ['=cmd', '@SUM(A1)', -3],
      ['li', '+1 ', '=HYPERLINK("x")'],
    ]);
  });

  it('what audit.append, audit.list and the commands return cannot change the log: events are frozen, data is copied or frozen', async () => {
    const { st } = await smallWarehouse();
    const data = { limits: { A: '0' }, list: [1, 2] };
    const appended = await st.audit.append({ actor: 'zhao', action: 'policy.change', subject: 'tolerance', data });
    data.limits.A = '99';
    data.list.push(3);
    const posted = await st.ledger.post({ id: 'rcv-1', kind: 'receipt', actor: 'li', lines: [{ sku: 'A-100', to: 'WH1/A/01', qty: '5' }] });
    const listed = await st.audit.list();
    expect(Object.isFrozen(appended) && Object.isFrozen(appended.data)).toBe(true);
    expect(listed.every((event) => Object.isFrozen(event) && Object.isFrozen(event.data))).toBe(true);
    // The changes the in-memory store used to let through: each one now throws and changes nothing.
    expect(() => ((appended.data as typeof data).limits.A = '7')).toThrow(TypeError);
    expect(() => ((listed[0] as { actor: string }).actor = 'mallory')).toThrow(TypeError);
    expect(() => (listed.at(-1)!.data as { lines: Array<{ qty: string }> }).lines[0]!.qty = '500').toThrow(TypeError);
    // A movement shares its lines with its audit event: they are frozen with it.
    if (posted.result !== 'created') throw new Error(posted.result);
    expect(() => ((posted.movement!.lines[0] as { qty: string }).qty = '500')).toThrow(TypeError);
    expect(await st.audit.verify()).toMatchObject({ ok: true });
    expect((await st.audit.list()).find((event) => event.subject === 'tolerance')?.data).toEqual({ limits: { A: '0' }, list: [1, 2] });
  });

  it('export and list refuse bad options with invalid_input', async () => {
    const st = createStocktake();
    for (const options of [{ format: 'xml' }, { format: 'csv', pageSize: 0 }, { format: 'jsonl', extra: 1 }, null]) {
      // Options are checked when export is called, before anything is read.
      let error: unknown;
      try {
        await collect(st.audit.export(options as never));
      } catch (caught) {
        error = caught;
      }
      expect(isStocktakeError(error) && error.code).toBe('invalid_input');
    }
    const error = await st.audit.list({ limit: -1 }).then(() => undefined, (e: unknown) => e);
    expect(isStocktakeError(error) && error.code).toBe('invalid_input');
  });
});

describe('a failed command appends nothing', () => {
  it('invalid input, a refused movement and a refused approval leave the log as it was', async () => {
    const { st } = await smallWarehouse();
    const before = await st.audit.list();
    await expect(st.ledger.post({ id: 'x', kind: 'receipt', actor: 'li', lines: [] } as never)).rejects.toMatchObject({ code: 'invalid_input' });
    const short = await st.ledger.post({ id: 'x', kind: 'issue', actor: 'li', lines: [{ sku: 'A-100', from: 'WH1/A/01', qty: '5' }] });
    expect(short.result).toBe('insufficient_stock');
    await expect(st.counts.approve('nope', { actor: 'zhao' })).rejects.toMatchObject({ code: 'session_not_found' });
    expect(await st.audit.list()).toEqual(before);
  });

  it('a storage fault after audit events were written rolls them back with the command', async () => {
    let failOn: string | undefined;
    const operations: string[] = [];
    const { st, clock } = await smallWarehouse({
      storage: createMemoryStorage({
        onWrite: (operation) => {
          operations.push(operation);
          if (operation === failOn) throw new Error(`injected fault at ${operation}`);
        },
      }),
    });
    await st.ledger.post({ id: 'rcv-1', kind: 'receipt', occurredAt: at('07:00'), actor: 'li', lines: [{ sku: 'B-200', to: 'WH1/A/01', qty: '100' }] });
    const session = await st.counts.open({ scope: { locations: ['WH1/A'] }, actor: 'zhao', counters: ['li'] });
    clock.set(at('09:00'));
    await st.counts.record(session.id, { entryId: 'e1', sku: 'B-200', location: 'WH1/A/01', qty: '99', countedAt: at('09:00'), counter: 'li' });
    await st.counts.completeLocation(session.id, 'WH1/A/01', { actor: 'li', at: at('09:00') });
    await st.counts.completeLocation(session.id, 'WH1/A/02', { actor: 'li', at: at('09:00') });
    await st.counts.review(session.id);
    await st.counts.approve(session.id, { actor: 'zhao' });
    const before = await st.audit.list();
    // Posting writes the adjustment and its audit event, then the count records, the session and
    // its own audit event: a fault at the session update comes after audit events were written.
    failOn = 'updateSession';
    operations.length = 0;
    await expect(st.counts.post(session.id, { actor: 'zhao' })).rejects.toMatchObject({ code: 'storage_failure' });
    expect(operations.indexOf('appendAuditEvent')).toBeGreaterThanOrEqual(0);
    expect(operations.indexOf('appendAuditEvent')).toBeLessThan(operations.indexOf('updateSession'));
    expect(await st.audit.list()).toEqual(before);
    expect(await st.ledger.movements({ kinds: ['count_adjustment'] })).toEqual([]);
    failOn = undefined;
    await st.counts.post(session.id, { actor: 'zhao' });
    expect((await st.audit.verify()).ok).toBe(true);
    expect((await st.audit.list()).length).toBeGreaterThan(before.length);
  });
});

describe('audit.verify with an anchor', () => {
  it('catches a log whose newest events were removed, which the chain alone cannot', async () => {
    const { createMemoryStorage, createStocktake } = await import('../../src/index.js');
    const inner = createMemoryStorage();
    let truncate = false;
    // A store someone tampered with: it hides the newest event.
    const storage = {
      name: 'tampered',
      transaction: <T>(work: Parameters<typeof inner.transaction<T>>[0], options?: Parameters<typeof inner.transaction>[1]) =>
        inner.transaction(
          (tx) =>
            work(
              new Proxy(tx, {
                get: (target, property, receiver) =>
                  property === 'listAuditEvents'
                    ? async (filter?: Parameters<typeof tx.listAuditEvents>[0]) => {
                        const events = await target.listAuditEvents(filter);
                        return truncate ? events.slice(0, -1) : events;
                      }
                    : Reflect.get(target, property, receiver),
              }),
            ),
          options,
        ),
    };
    const st = createStocktake({ storage });
    await st.catalog.defineLocation({ id: 'WH1/A/01', actor: 'admin' });
    await st.catalog.defineLocation({ id: 'WH1/A/02', actor: 'admin' });
    const events = await st.audit.list();
    const anchor = { seq: events.at(-1)!.seq, hash: events.at(-1)!.hash };
    expect(await st.audit.verify({ anchor })).toMatchObject({ ok: true, events: 2 });
    truncate = true;
    expect(await st.audit.verify()).toMatchObject({ ok: true, events: 1 });
    expect(await st.audit.verify({ anchor })).toMatchObject({ ok: false, reason: 'missing_anchor', position: 2 });
    expect(await st.audit.verify({ anchor: { seq: 1, hash: anchor.hash } })).toMatchObject({ ok: false, reason: 'hash_mismatch' });
  });
});

describe('hashText', () => {
  it('gives the same SHA-256 through Node.js crypto and WebCrypto', async () => {
    const { hashText } = await import('../../src/index.js');
    const { hashWithWebCrypto } = await import('../../src/audit/hash.js');
    expect(await hashText('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    for (const text of ['', 'stocktake', '盘点 ✓', 'x'.repeat(10_000)]) expect(await hashText(text)).toBe(await hashWithWebCrypto(text));
  });
});

describe('audit.append', () => {
  it('records an application event (a policy change) in the same chain, and refuses bad input without writing', async () => {
    const st = createStocktake();
    await st.catalog.defineLocation({ id: 'WH1/A/01', actor: 'admin' });
    const event = await st.audit.append({
      actor: 'admin',
      action: 'policy.change',
      subject: 'tolerance',
      data: { before: { B: { percent: '2' } }, after: { B: { percent: '3' } } },
    });
    expect(event).toMatchObject({ seq: 2, action: 'policy.change', subject: 'tolerance' });
    expect(await st.audit.verify()).toMatchObject({ ok: true, events: 2 });
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.jsonValue(), fc.record({ actor: fc.string(), action: fc.string(), subject: fc.string() })), async (input) => {
        fc.pre(!auditAppendInputSchema.safeParse(input).success);
        const error = await st.audit.append(input as never).then(() => undefined, (e: unknown) => e);
        expect(isStocktakeError(error) && error.code).toBe('invalid_input');
        expect((await st.audit.list()).length).toBe(2);
      }),
      { numRuns: propertyRuns(200) },
    );
  });

  it("keeps a copy of the caller's data: changing the object afterwards changes nothing in the log", async () => {
    const st = createStocktake();
    const data = { after: { B: { percent: '3' } } };
    await st.audit.append({ actor: 'admin', action: 'policy.change', subject: 'tolerance', data });
    data.after.B.percent = '99';
    expect((await st.audit.list())[0]!.data).toEqual({ after: { B: { percent: '3' } } });
    expect(await st.audit.verify()).toMatchObject({ ok: true, events: 1 });
  });
});

describe('isPlainJson', () => {
  const valueArb = fc.letrec((tie) => ({
    value: fc.oneof(
      { depthSize: 'small' },
      fc.jsonValue(),
      fc.constantFrom(undefined, -0, Number.NaN, Infinity, new Date(0), () => 1, [, 1], { toJSON: () => 1 }),
      tie('array'),
      tie('object'),
    ),
    array: fc.array(tie('value'), { maxLength: 4 }),
    object: fc.dictionary(fc.string(), tie('value'), { maxKeys: 4 }),
  })).value;

  it('holds exactly when the value reads back from its JSON unchanged', () => {
    fc.assert(
      fc.property(valueArb, (value) => {
        const text = canonicalJson(value);
        const readsBack = text !== undefined && isDeepStrictEqual(JSON.parse(text), value);
        expect(isPlainJson(value)).toBe(readsBack);
      }),
      { numRuns: propertyRuns(500) },
    );
  });
});
