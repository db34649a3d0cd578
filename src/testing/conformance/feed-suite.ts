/**
 * The storage conformance rules of the event feed (the transactional outbox): order, resuming
 * from a cursor, the same events after a restart, nothing from a rolled-back transaction, refused
 * cursors, and readers that page while writers commit concurrently.
 *
 * @internal
 * @module
 */
import { createStocktake, type Stocktake } from '../../engine.js';
import { isStocktakeError } from '../../errors.js';
import type { FeedEvent, FeedEventWrite } from '../../feed/types.js';
import type { StorageAdapter } from '../../storage/adapter.js';
import { ITEM } from './fixtures.js';
import type { SuiteContext } from './suite-context.js';

/** A flag event to append directly: the smallest event there is. */
function flagged(id: string, note: string): FeedEventWrite {
  return {
    id,
    type: 'count.flagged',
    at: '2026-03-02T08:00:00.000Z',
    event: { type: 'count.flagged', key: { sku: 'A', location: 'WH1/A' }, counter: 'li', note, at: '2026-03-02T08:00:00.000Z' },
  };
}

async function readAll(storage: StorageAdapter, limit = 1000): Promise<FeedEvent[]> {
  const all: FeedEvent[] = [];
  let after: string | undefined;
  for (;;) {
    const page = await storage.transaction((tx) => tx.readFeed({ after, limit }), { readOnly: true });
    all.push(...page);
    if (page.length < limit) return all;
    after = page[page.length - 1]!.cursor;
  }
}

async function world(st: Stocktake): Promise<void> {
  await st.catalog.defineItem({ sku: 'A', baseUom: 'ea' });
  await st.catalog.defineLocation({ id: 'WH1/A' });
  await st.catalog.defineLocation({ id: 'WH2/A' });
}

/** Registers the rules of the event feed. @internal */
export function registerFeedConformance({ raw, describe, it, expect, concurrency, storage, tx }: SuiteContext): void {
  describe('event feed', () => {
    it('events a command raises are stored in its transaction, in order, each with a unique id and cursor', async () => {
      const st = createStocktake({ storage: storage() });
      await world(st);
      await st.ledger.post({ id: 'm1', kind: 'receipt', actor: 'li', lines: [{ sku: 'A', to: 'WH1/A', qty: '5' }] });
      await st.ledger.postMany([
        { id: 'm2', kind: 'receipt', actor: 'li', lines: [{ sku: 'A', to: 'WH2/A', qty: '3' }] },
        { id: 'm3', kind: 'issue', actor: 'li', lines: [{ sku: 'A', from: 'WH1/A', qty: '1' }] },
      ]);
      await st.counts.flag({ key: { sku: 'A', location: 'WH1/A' }, counter: 'li', note: 'torn label' });
      const events = await readAll(storage());
      expect(events.map((e) => e.type)).toEqual(['movement.posted', 'movement.posted', 'movement.posted', 'count.flagged']);
      expect(events.map((e) => (e.type === 'movement.posted' ? e.event.movement.id : e.type))).toEqual(['m1', 'm2', 'm3', 'count.flagged']);
      expect(new Set(events.map((e) => e.id)).size).toBe(4);
      expect(new Set(events.map((e) => e.cursor)).size).toBe(4);
      for (const event of events) expect(event.event.type).toBe(event.type);
      const stored = raw.feedEvents === undefined ? undefined : await raw.feedEvents();
      if (stored !== undefined) expect(stored.map((row) => row.id).sort()).toEqual(events.map((e) => e.id).sort());
    });

    it('reading after a cursor resumes exactly where a reader stopped, whatever the page size', async () => {
      for (let i = 1; i <= 7; i++) await tx((t) => t.appendFeedEvents([flagged(`e-${i}`, `n${i}`), flagged(`e-${i}b`, `n${i}b`)]));
      const all = await readAll(storage());
      expect(all.map((e) => e.id)).toEqual([1, 2, 3, 4, 5, 6, 7].flatMap((i) => [`e-${i}`, `e-${i}b`]));
      for (const limit of [1, 2, 3, 5, 14, 100]) expect((await readAll(storage(), limit)).map((e) => e.id)).toEqual(all.map((e) => e.id));
      const after = all[5]!.cursor;
      expect((await tx((t) => t.readFeed({ after, limit: 3 }))).map((e) => e.id)).toEqual(all.slice(6, 9).map((e) => e.id));
      expect(await tx((t) => t.readFeed({ after: all[13]!.cursor, limit: 10 }))).toEqual([]);
      expect(await tx((t) => t.lastFeedCursor())).toBe(all[13]!.cursor);
    });

    it('a reader sees the same events, cursors and JSON after a restart (a new adapter over the same store)', async () => {
      const st = createStocktake({ storage: storage() });
      await world(st);
      await st.ledger.post({ id: 'm1', kind: 'receipt', actor: 'li', reference: 'PO “7” ü', lines: [{ sku: 'A', to: 'WH1/A', qty: '5' }] });
      await tx((t) => t.appendFeedEvents([flagged('e-1', 'ü “quoted” \\ back')]));
      const before = await readAll(storage());
      const again = await readAll(storage());
      expect(JSON.stringify(again)).toBe(JSON.stringify(before));
      const first = before[0]!;
      expect(first.type).toBe('movement.posted');
      if (first.type === 'movement.posted') expect(first.event.movement.reference).toBe('PO “7” ü');
    });

    it('nothing of a rolled-back transaction reaches the feed', async () => {
      expect(await tx((t) => t.lastFeedCursor())).toBeUndefined();
      await tx((t) => t.appendFeedEvents([flagged('kept-1', 'a')]));
      await expect(
        tx(async (t) => {
          await t.appendFeedEvents([flagged('lost-1', 'b'), flagged('lost-2', 'c')]);
          throw new Error('rolled back on purpose');
        }),
      ).rejects.toThrow('rolled back on purpose');
      await tx((t) => t.appendFeedEvents([flagged('kept-2', 'd')]));
      expect((await readAll(storage())).map((e) => e.id)).toEqual(['kept-1', 'kept-2']);
      if (raw.feedEvents !== undefined) expect((await raw.feedEvents()).map((row) => row.id).sort()).toEqual(['kept-1', 'kept-2']);
    });

    it('a malformed cursor or one this feed never gave is refused with invalid_cursor at after', async () => {
      await tx((t) => t.appendFeedEvents([flagged('e-1', 'a')]));
      const [only] = await readAll(storage());
      const bad = ['', 'x', '1', '1.', '.1', '-1.1', '1.0', '01.1', '1.1.1', ' 1.1', `${only!.cursor}0`, '99999999999999999999999.1', '0.9999', '4000000000.1'];
      for (const after of bad) {
        let error: unknown;
        try {
          await storage().transaction((t) => t.readFeed({ after, limit: 10 }), { readOnly: true });
        } catch (caught) {
          error = caught;
        }
        expect(isStocktakeError(error) && error.code === 'invalid_cursor' ? error.path : error, `cursor ${JSON.stringify(after)}`).toEqual(['after']);
      }
    });

    it('a reader paging while writers commit concurrently sees every committed event once, in one stable order', async () => {
      const st = createStocktake({ storage: storage() });
      await world(st);
      const writers = Math.max(2, concurrency);
      const perWriter = 6;
      const expected = writers * perWriter;
      const seen: FeedEvent[] = [];
      // Until it has them all: on a shared server, another transaction may hold recent commits back a moment.
      const deadline = Date.now() + 60_000;
      const reader = (async () => {
        let after: string | undefined;
        while (seen.length < expected && Date.now() < deadline) {
          const page = await storage().transaction((t) => t.readFeed({ after, limit: 4 }), { readOnly: true });
          seen.push(...page);
          if (page.length > 0) after = page[page.length - 1]!.cursor;
          else await new Promise((resolve) => setTimeout(resolve, 1));
        }
      })();
      await Promise.all(
        Array.from({ length: writers }, async (_, w) => {
          for (let i = 0; i < perWriter; i++) {
            const to = w % 2 === 0 ? 'WH1/A' : 'WH2/A';
            await st.ledger.post({ id: `w${w}-${i}`, kind: 'receipt', actor: `writer-${w}`, lines: [{ sku: 'A', to, qty: '1' }] });
          }
        }),
      );
      await reader;
      const final = await readAll(storage());
      expect(final).toHaveLength(writers * perWriter);
      expect(seen.map((e) => e.id)).toEqual(final.map((e) => e.id));
      for (let w = 0; w < writers; w++) {
        const mine = final.flatMap((e) => (e.type === 'movement.posted' && e.event.movement.actor === `writer-${w}` ? [e.event.movement.id] : []));
        expect(mine, `writer ${w}'s events in its commit order`).toEqual(Array.from({ length: perWriter }, (_, i) => `w${w}-${i}`));
      }
    });

    it('an adapter that can watch the feed calls back after a commit that appended, not after one that did not', async () => {
      const adapter = storage();
      if (adapter.watchFeed === undefined) return;
      let calls = 0;
      let wake: (() => void) | undefined;
      const stop = await adapter.watchFeed(() => {
        calls++;
        wake?.();
      });
      try {
        const woken = new Promise<void>((resolve) => (wake = resolve));
        await tx((t) => t.appendFeedEvents([flagged('e-1', 'a')]));
        await Promise.race([woken, new Promise((resolve) => setTimeout(resolve, 5_000))]);
        expect(calls > 0, 'called after the commit').toBe(true);
        const before = calls;
        await tx((t) => t.putItem(ITEM));
        await new Promise((resolve) => setTimeout(resolve, 200));
        expect(calls, 'not called after a commit without feed events').toBe(before);
      } finally {
        await stop();
      }
    });
  });
}
