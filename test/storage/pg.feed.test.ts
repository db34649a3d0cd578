/**
 * The event feed on a real PostgreSQL server (only when `STOCKTAKE_PG_URL` is set): writers that
 * commit concurrently and out of transaction-id order, a reader paging meanwhile, and followers
 * in other "processes" (engines on their own pools) woken by LISTEN/NOTIFY.
 */
import pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createStocktake } from '../../src/engine.js';
import { createRandom } from '../../src/policy/random.js';
import type { FeedEvent, FeedEventWrite } from '../../src/index.js';
import { sqlTransaction, type SqlExecutor } from '../../src/storage/postgres/base.js';
import { sqlNames } from '../../src/storage/postgres/schema.js';
import { createPgStorage, migrate } from '../../src/storage/postgres/index.js';
import { truncateAllSql } from './postgres-support.js';

const url = process.env['STOCKTAKE_PG_URL'];
const SCHEMA = `stocktake_feed_${process.pid}`;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function flagged(id: string): FeedEventWrite {
  const at = '2026-03-02T08:00:00.000Z';
  return { id, type: 'count.flagged', at, event: { type: 'count.flagged', key: { sku: 'A', location: 'WH1/A' }, counter: 'li', note: id, at } };
}

describe.skipIf(url === undefined)('postgres event feed (skipped unless STOCKTAKE_PG_URL is set)', () => {
  if (url === undefined) {
    it('checks the feed cursor against concurrent, out-of-order commits on a real server', () => {});
    return;
  }
  const pool = new pg.Pool({ connectionString: url, max: 16 });
  const storage = createPgStorage(pool, { schema: SCHEMA });
  const names = sqlNames({ schema: SCHEMA, tablePrefix: '' });

  beforeAll(async () => {
    await pool.query(`DROP SCHEMA IF EXISTS "${SCHEMA}" CASCADE`);
    await migrate(storage);
  });
  afterAll(async () => {
    await pool.query(`DROP SCHEMA IF EXISTS "${SCHEMA}" CASCADE`);
    await pool.end();
  });
  beforeEach(async () => {
    await pool.query(truncateAllSql(SCHEMA));
  });

  /**
   * A writer that does not take the writer lock, as writers of different warehouses will not:
   * the adapter's own feed statement in a plain transaction, with pauses so that transactions
   * overlap and commit in any order.
   */
  async function unlockedWriter(ids: readonly string[], random: () => number, commit: boolean, committed: string[][]): Promise<void> {
    const client = await pool.connect();
    const sql: SqlExecutor = {
      query: async (text, values = []) => {
        const result = await client.query(text, [...values]);
        return { rows: result.rows as Array<Record<string, unknown>>, rowCount: result.rowCount ?? 0 };
      },
      exec: async (text) => void (await client.query(text)),
    };
    try {
      await client.query('BEGIN');
      await sleep(random() * 6);
      await sqlTransaction(sql, names).appendFeedEvents(ids.map(flagged));
      await sleep(random() * 12);
      await client.query(commit ? 'COMMIT' : 'ROLLBACK');
      if (commit) committed.push([...ids]);
    } finally {
      client.release();
    }
  }

  it('a reader paging while writers commit out of transaction order sees every committed event exactly once, in one stable order', async () => {
    const seed = Number(process.env['STOCKTAKE_SEED'] ?? Date.now() % 1_000_000);
    const rng = createRandom(seed);
    const random = () => rng.next();
    const committed: string[][] = [];
    const seen: FeedEvent[] = [];
    let writing = true;
    // Until it has every committed event: another transaction on a shared server may hold the
    // newest commits back a moment after the writers are done.
    const reader = (async () => {
      let after: string | undefined;
      const deadline = Date.now() + 100_000;
      while ((writing || seen.length < committed.flat().length) && Date.now() < deadline) {
        const page = await storage.transaction((tx) => tx.readFeed({ after, limit: 7 }), { readOnly: true });
        seen.push(...page);
        if (page.length > 0) after = page[page.length - 1]!.cursor;
      }
    })();
    const rounds = 25;
    const writers = 8;
    for (let round = 0; round < rounds; round++) {
      await Promise.all(
        Array.from({ length: writers }, (_, w) => {
          const ids = Array.from({ length: 1 + Math.floor(random() * 3) }, (_, i) => `r${round}-w${w}-${i}`);
          return unlockedWriter(ids, random, random() > 0.1, committed);
        }),
      );
    }
    writing = false;
    await reader;
    const final: FeedEvent[] = [];
    for (let after: string | undefined; ; ) {
      const page = await storage.transaction((tx) => tx.readFeed({ after, limit: 1000 }), { readOnly: true });
      final.push(...page);
      if (page.length < 1000 && final.length >= seen.length) break;
      if (page.length > 0) after = page[page.length - 1]!.cursor;
    }
    const message = `replay with STOCKTAKE_SEED=${seed}`;
    expect(final.map((e) => e.id).sort(), message).toEqual(committed.flat().sort());
    expect(seen.map((e) => e.id), message).toEqual(final.map((e) => e.id));
    // Each transaction's events stay together and in the order appended.
    for (const ids of committed) {
      const at = final.findIndex((e) => e.id === ids[0]);
      expect(final.slice(at, at + ids.length).map((e) => e.id), message).toEqual(ids);
    }
    // The run did exercise the hard case: some transaction committed after one with a later position.
    const position = new Map(final.map((e, index) => [e.id, index]));
    const commitOrder = committed.map((ids) => position.get(ids[0]!)!);
    expect(commitOrder.some((p, i) => i > 0 && p < Math.max(...commitOrder.slice(0, i))), message).toBe(true);
  }, 120_000);

  it('a follower in another process is woken by NOTIFY, well before its poll', async () => {
    const otherPool = new pg.Pool({ connectionString: url, max: 4 });
    try {
      const writer = createStocktake({ storage });
      const follower = createStocktake({ storage: createPgStorage(otherPool, { schema: SCHEMA }) });
      await writer.catalog.defineItem({ sku: 'A', baseUom: 'ea' });
      await writer.catalog.defineLocation({ id: 'WH1/A' });
      const stop = new AbortController();
      const received: Array<{ id: string; at: number }> = [];
      const following = (async () => {
        for await (const event of follower.events.follow({ signal: stop.signal, pollMs: 60_000 })) received.push({ id: event.id, at: Date.now() });
      })();
      await sleep(300);
      const lags: number[] = [];
      for (let i = 0; i < 5; i++) {
        const t0 = Date.now();
        await writer.ledger.post({ id: `m${i}`, kind: 'receipt', actor: 'li', lines: [{ sku: 'A', to: 'WH1/A', qty: '1' }] });
        while (received.length <= i && Date.now() - t0 < 10_000) await sleep(2);
        lags.push(received[i]!.at - t0);
      }
      stop.abort();
      await following;
      expect(received).toHaveLength(5);
      // Far below the 60 s poll; not tighter, as another transaction on a shared server may hold a commit back a moment.
      expect(Math.max(...lags), `lags ${lags.join(', ')} ms`).toBeLessThan(10_000);
    } finally {
      await otherPool.end();
    }
  }, 30_000);

  it('an open older transaction holds committed events back; the follower finds them when it ends, without a notification', async () => {
    const writer = createStocktake({ storage });
    const stop = new AbortController();
    const received: string[] = [];
    const following = (async () => {
      for await (const event of writer.events.follow({ signal: stop.signal, pollMs: 60_000 })) received.push(event.id);
    })();
    const blocker = await pool.connect();
    try {
      await blocker.query('BEGIN');
      await blocker.query('SELECT pg_current_xact_id()');
      await writer.counts.flag({ key: { sku: 'A', location: 'WH1/A' }, counter: 'li' });
      await sleep(200);
      expect(received, 'hidden while an older transaction runs').toEqual([]);
      await blocker.query('COMMIT');
      const t0 = Date.now();
      while (received.length === 0 && Date.now() - t0 < 10_000) await sleep(5);
      expect(received).toHaveLength(1);
    } finally {
      blocker.release();
      stop.abort();
      await following;
    }
  }, 30_000);
});
