import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createMemoryStorage, createStocktake, type FeedEvent, type FeedEventWrite } from '../../src/index.js';
import { propertyRuns } from '../support/property.js';

const flagged = (id: string): FeedEventWrite => ({
  id,
  type: 'count.flagged',
  at: '2026-03-02T08:00:00.000Z',
  event: { type: 'count.flagged', key: { sku: 'A', location: 'WH1/A' }, counter: 'li', note: id, at: '2026-03-02T08:00:00.000Z' },
});

/** A step: a transaction appending some events that commits or rolls back, or a reader's page. */
const step = fc.oneof(
  fc.record({ kind: fc.constant('write' as const), events: fc.integer({ min: 0, max: 4 }), commit: fc.boolean() }),
  fc.record({ kind: fc.constant('read' as const), limit: fc.integer({ min: 1, max: 5 }) }),
);

describe('the event feed, by property', () => {
  it('a reader paging between any commits and rollbacks gets exactly the committed events, in commit order, each once; follow yields the same', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { maxLength: 40 }), async (steps) => {
        const storage = createMemoryStorage();
        const st = createStocktake({ storage });
        const committed: string[] = [];
        const seen: FeedEvent[] = [];
        let after: string | undefined;
        let n = 0;
        const page = async (limit: number) => {
          const got = await st.events.read({ ...(after === undefined ? {} : { after }), limit });
          expect(got.length).toBeLessThanOrEqual(limit);
          seen.push(...got);
          if (got.length > 0) after = got[got.length - 1]!.cursor;
          return got.length;
        };
        for (const s of steps) {
          if (s.kind === 'read') {
            await page(s.limit);
            continue;
          }
          const ids = Array.from({ length: s.events }, () => `e-${++n}`);
          await storage
            .transaction(async (tx) => {
              await tx.appendFeedEvents(ids.map(flagged));
              if (!s.commit) throw new Error('rolled back');
            })
            .catch(() => undefined);
          if (s.commit) committed.push(...ids);
        }
        while ((await page(5)) > 0);
        expect(seen.map((e) => e.id)).toEqual(committed);
        expect(await st.events.latest()).toBe(seen.at(-1)?.cursor);
        const stop = new AbortController();
        const followed: string[] = [];
        if (committed.length > 0) {
          for await (const event of st.events.follow({ signal: stop.signal, batchSize: 3 })) {
            followed.push(event.id);
            if (followed.length === committed.length) stop.abort();
          }
        }
        expect(followed).toEqual(committed);
      }),
      { numRuns: propertyRuns(100) },
    );
  });
});
