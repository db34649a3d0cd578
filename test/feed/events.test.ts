import { PGlite } from '@electric-sql/pglite';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createMemoryStorage, createStocktake, isStocktakeError, type FeedEvent, type Stocktake, type StocktakeEvent } from '../../src/index.js';
import type { StorageAdapter } from '../../src/storage/adapter.js';
import { createPgliteStorage, migrate } from '../../src/storage/postgres/index.js';
import { propertyRuns } from '../support/property.js';
import { at, smallWarehouse } from '../support/world.js';

const receipt = (id: string, qty = '1') => ({ id, kind: 'receipt' as const, actor: 'li', occurredAt: at('07:00'), lines: [{ sku: 'A-100', to: 'WH1/A/01', qty }] });

/** Collects what `follow` yields until `count` events arrived, then aborts. */
async function followUntil(st: Stocktake, count: number, options: { after?: string; pollMs?: number } = {}): Promise<FeedEvent[]> {
  const stop = new AbortController();
  const got: FeedEvent[] = [];
  const timer = setTimeout(() => stop.abort(), 10_000);
  for await (const event of st.events.follow({ ...options, signal: stop.signal })) {
    got.push(event);
    if (got.length >= count) stop.abort();
  }
  clearTimeout(timer);
  return got;
}

/** An adapter with nothing but transactions: no notifications, so followers poll. */
function withoutWatch(inner: StorageAdapter): StorageAdapter {
  return { name: inner.name, transaction: (work, options) => inner.transaction(work, options) };
}

describe('the event feed of an engine', () => {
  it('stores every emitted event in the command’s transaction, emits the same events in process, and reads them back in order', async () => {
    const { st } = await smallWarehouse({ storage: createMemoryStorage() });
    const emitted: StocktakeEvent[] = [];
    st.on('movement.posted', (event) => void emitted.push(event));
    st.on('count.flagged', (event) => void emitted.push(event));
    await st.ledger.post(receipt('r1'));
    await st.ledger.postMany([receipt('r2'), receipt('r3')]);
    await st.ledger.post(receipt('r1')); // exists: no new event
    await st.counts.flag({ key: { sku: 'A-100', location: 'WH1/A/01' }, counter: 'li', at: at('07:30') });
    const feed = await st.events.read();
    expect(feed.map((e) => e.type)).toEqual(['movement.posted', 'movement.posted', 'movement.posted', 'count.flagged']);
    expect(feed.map((e) => e.event)).toEqual(JSON.parse(JSON.stringify(emitted)));
    expect(await st.events.read({ after: feed[1]!.cursor, limit: 1 })).toEqual([feed[2]]);
  });

  it('listeners receive the event itself, unfrozen around the stored records, and changing it changes neither the feed nor the store', async () => {
    const { st } = await smallWarehouse({ storage: createMemoryStorage() });
    const emitted: Array<StocktakeEvent & { type: 'movement.posted' }> = [];
    st.on('movement.posted', (event) => {
      emitted.push(event);
      // A listener that edits what it got, as some do to enrich an event before forwarding it.
      (event as { note?: string }).note = 'seen';
      (event.balances as unknown[]).push({ key: { sku: 'X', location: 'Y' }, qty: '99' });
    });
    const posted = await st.ledger.post(receipt('r1', '3'));
    if (posted.result !== 'created') throw new Error(posted.result);
    const [event] = emitted;
    expect(Object.isFrozen(event)).toBe(false);
    expect(Object.isFrozen(event!.balances)).toBe(false);
    // The records it carries are the store's own, frozen as stored.
    expect(event!.movement).toBe(posted.movement);
    expect(Object.isFrozen(event!.movement)).toBe(true);
    expect(Object.isFrozen(event!.balances[0])).toBe(true);
    const [stored] = await st.events.read();
    expect(stored!.event).toEqual({ type: 'movement.posted', movement: JSON.parse(JSON.stringify(posted.movement)), balances: await st.ledger.balances() });
    expect(stored!.event).not.toHaveProperty('note');
    // Each read is a fresh, deeply frozen copy, equal to the last.
    const [again] = await st.events.read();
    expect(again).toEqual(stored);
    expect(again!.event).not.toBe(stored!.event);
    expect(Object.isFrozen(again!.event) && Object.isFrozen((again!.event as { movement: object }).movement)).toBe(true);
  });

  it('in memory, an event that is not plain data reads back from its JSON text, as on PostgreSQL', async () => {
    const storage = createMemoryStorage();
    const odd = { type: 'count.flagged', key: { sku: 'A', location: 'L' }, counter: 'li', at: new Date(0), skipped: () => 1 };
    await storage.transaction((tx) => tx.appendFeedEvents([{ id: 'e1', type: 'count.flagged', at: at('07:00'), event: odd as never }]));
    odd.counter = 'changed later';
    const [read] = await storage.transaction((tx) => tx.readFeed({ limit: 10 }), { readOnly: true });
    expect(read!.event).toEqual({ type: 'count.flagged', key: { sku: 'A', location: 'L' }, counter: 'li', at: '1970-01-01T00:00:00.000Z' });
    const cyclic: Record<string, unknown> = { type: 'count.flagged' };
    cyclic['self'] = cyclic;
    await expect(storage.transaction((tx) => tx.appendFeedEvents([{ id: 'e2', type: 'count.flagged', at: at('07:00'), event: cyclic as never }]))).rejects.toThrow(TypeError);
    expect(await storage.transaction((tx) => tx.readFeed({ limit: 10 }), { readOnly: true })).toHaveLength(1);
  });

  it('a command that fails leaves nothing in the feed', async () => {
    const { st } = await smallWarehouse({ storage: createMemoryStorage() });
    await expect(st.counts.open({ scope: { locations: ['WH9'] }, actor: 'zhao' })).rejects.toThrow();
    expect(await st.events.read()).toEqual([]);
  });

  it('trigger rules’ count requests are stored right after the event that raised them', async () => {
    const { st } = await smallWarehouse({ storage: createMemoryStorage(), triggers: [{ kind: 'zero_on_hand' }] });
    const requested: string[] = [];
    st.on('count.requested', ({ request }) => void requested.push(request.reason));
    await st.ledger.post(receipt('r1', '2'));
    await st.ledger.post({ id: 'i1', kind: 'issue', actor: 'li', occurredAt: at('07:10'), lines: [{ sku: 'A-100', from: 'WH1/A/01', qty: '2' }] });
    const feed = await st.events.read();
    expect(feed.map((e) => e.type)).toEqual(['movement.posted', 'movement.posted', 'count.requested']);
    const request = feed[2]!;
    expect(request.type === 'count.requested' && request.event.request).toMatchObject({ reason: 'zero_on_hand', key: { sku: 'A-100', location: 'WH1/A/01' } });
    expect(requested).toEqual(['zero_on_hand']);
  });

  it('follow yields what is stored, then new events as they commit, and ends cleanly on abort', async () => {
    const { st } = await smallWarehouse({ storage: createMemoryStorage() });
    await st.ledger.post(receipt('r1'));
    const following = followUntil(st, 3, { pollMs: 60_000 });
    await st.ledger.post(receipt('r2'));
    await st.ledger.post(receipt('r3'));
    const got = await following;
    expect(got.map((e) => (e.type === 'movement.posted' ? e.event.movement.id : e.type))).toEqual(['r1', 'r2', 'r3']);
    const resumed = followUntil(st, 1, { after: got[1]!.cursor });
    expect((await resumed).map((e) => e.id)).toEqual([got[2]!.id]);
    const aborted = new AbortController();
    aborted.abort();
    const none: FeedEvent[] = [];
    for await (const event of st.events.follow({ signal: aborted.signal })) none.push(event);
    expect(none).toEqual([]);
  });

  it('follow polls a storage that cannot notify', async () => {
    const storage = withoutWatch(createMemoryStorage());
    const { st } = await smallWarehouse({ storage });
    const following = followUntil(st, 2, { pollMs: 20 });
    await st.ledger.post(receipt('r1'));
    await new Promise((resolve) => setTimeout(resolve, 50));
    await st.ledger.post(receipt('r2'));
    expect((await following).map((e) => e.type)).toEqual(['movement.posted', 'movement.posted']);
  });

  it('on PGlite, a follower of another engine on the same database is woken by LISTEN, and events read back identically', async () => {
    const db = new PGlite();
    try {
      const storage = createPgliteStorage(db, { schema: 'feed_follow' });
      await migrate(storage);
      const { st: writer } = await smallWarehouse({ storage });
      const reader = createStocktake({ storage: createPgliteStorage(db, { schema: 'feed_follow' }) });
      const following = followUntil(reader, 2, { pollMs: 60_000 });
      const t0 = Date.now();
      await writer.ledger.post(receipt('r1'));
      await writer.ledger.post(receipt('r2'));
      const got = await following;
      expect(Date.now() - t0).toBeLessThan(5_000);
      expect(got).toEqual(await writer.events.read());
    } finally {
      await db.close();
    }
  });

  it('a malformed cursor is refused with invalid_cursor at after, by read and by follow', async () => {
    const { st } = await smallWarehouse({ storage: createMemoryStorage() });
    await st.ledger.post(receipt('r1'));
    await expect(st.events.read({ after: 'nope' })).rejects.toMatchObject({ code: 'invalid_cursor', path: ['after'] });
    await expect(st.events.read({ after: '0.2' })).rejects.toMatchObject({ code: 'invalid_cursor', path: ['after'] });
    expect(() => st.events.follow({ after: '1..2' })).toThrow(expect.objectContaining({ code: 'invalid_cursor', path: ['after'] }));
    const iterator = st.events.follow({ after: '0.7' })[Symbol.asyncIterator]();
    await expect(iterator.next()).rejects.toMatchObject({ code: 'invalid_cursor', path: ['after'] });
  });

  it('property: any options read or follow refuse are refused with a typed error naming the field, and change nothing', async () => {
    const { st } = await smallWarehouse({ storage: createMemoryStorage() });
    await st.ledger.post(receipt('r1'));
    const [first] = await st.events.read();
    const option = fc.record(
      {
        after: fc.oneof(fc.constant(first!.cursor), fc.string(), fc.jsonValue()),
        limit: fc.oneof(fc.integer({ min: -5, max: 1005 }), fc.double(), fc.jsonValue()),
        pollMs: fc.oneof(fc.integer({ min: -5, max: 70_000 }), fc.jsonValue()),
        batchSize: fc.oneof(fc.integer({ min: -5, max: 1005 }), fc.jsonValue()),
        signal: fc.jsonValue(),
        other: fc.jsonValue(),
      },
      { requiredKeys: [] },
    );
    const typed = (error: unknown): boolean =>
      isStocktakeError(error) && (error.code === 'invalid_input' || (error.code === 'invalid_cursor' && error.path.join('.') === 'after'));
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.jsonValue(), option), async (options) => {
        const readOptions = typeof options === 'object' && options !== null && !Array.isArray(options) ? { ...options } : options;
        if (typeof readOptions === 'object' && readOptions !== null && !Array.isArray(readOptions)) {
          delete (readOptions as Record<string, unknown>)['pollMs'];
          delete (readOptions as Record<string, unknown>)['batchSize'];
          delete (readOptions as Record<string, unknown>)['signal'];
        }
        const readResult = await st.events.read(readOptions as never).then(
          (events) => ({ events }),
          (error: unknown) => ({ error }),
        );
        if ('error' in readResult) expect(typed(readResult.error), String(readResult.error)).toBe(true);
        else expect(readResult.events.length).toBeLessThanOrEqual(1);
        let followError: unknown;
        try {
          st.events.follow(options as never);
        } catch (error) {
          followError = error;
        }
        if (followError !== undefined) expect(typed(followError), String(followError)).toBe(true);
        expect(await st.events.read()).toEqual([first]);
      }),
      { numRuns: propertyRuns(200) },
    );
  });
});
