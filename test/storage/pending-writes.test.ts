/**
 * The writes a PostgreSQL transaction holds back (the audit append, sent with the next statement:
 * the feed append when there is one) and the audit numbers the movement append draws ahead, on
 * PGlite: what each statement carries, what later statements see, what a refusal leaves, and the
 * key lookups that probe an index per key.
 */
import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { StorageAdapter, StorageTransaction } from '../../src/storage/adapter.js';
import type { FeedEventWrite } from '../../src/feed/types.js';
import { createPgliteStorage, migrate } from '../../src/storage/postgres/index.js';
import { readTogether } from '../../src/storage/read-together.js';
import { appendByHand, auditEvent, ITEM } from '../../src/testing/conformance/fixtures.js';

const flagged = (id: string): FeedEventWrite => ({
  id,
  type: 'count.flagged',
  at: '2026-03-02T08:00:00.000Z',
  event: { type: 'count.flagged', key: { sku: 'A', location: 'WH1/A' }, counter: 'li', note: id, at: '2026-03-02T08:00:00.000Z' },
});

describe('writes held back for the next statement, on PGlite', () => {
  let db: PGlite;
  let storage: StorageAdapter;
  let schema = 0;
  const statements: string[] = [];
  const tx = <T>(work: (t: StorageTransaction) => Promise<T>): Promise<T> => storage.transaction(work);

  beforeAll(async () => {
    db = new PGlite();
    await db.waitReady;
    const transaction = db.transaction.bind(db);
    db.transaction = ((callback: (t: unknown) => Promise<unknown>) =>
      transaction(async (t) =>
        callback(
          new Proxy(t, {
            get(target, property, receiver) {
              if (property !== 'query') return Reflect.get(target, property, receiver) as unknown;
              return (text: string, values?: unknown[]) => {
                statements.push(text);
                return target.query(text, values);
              };
            },
          }),
        ),
      )) as typeof db.transaction;
  });
  beforeEach(async () => {
    storage = createPgliteStorage(db, { schema: `pending_${++schema}` });
    await migrate(storage);
    await tx(async (t) => {
      await t.putItem(ITEM);
      for (const id of ['WH1', 'WH1/A', 'WH1/B']) await t.putLocation({ id });
    });
    statements.length = 0;
  });
  afterAll(async () => {
    await db.close();
  });

  it('sends the audit append with the feed append, in one statement', async () => {
    await tx(async (t) => {
      await t.appendAuditEvents([auditEvent(1)]);
      expect(statements.filter((text) => text.includes('held_audit'))).toEqual([]);
      await t.appendFeedEvents([flagged('f-1')]);
    });
    const writes = statements.filter((text) => text.includes('held_audit') || text.includes('pg_notify'));
    expect(writes).toHaveLength(1);
    expect(writes[0]).toContain('held_audit');
    expect(writes[0]).toContain('pg_notify');
    expect((await tx((t) => t.listAuditEvents())).map((event) => event.seq)).toEqual([1]);
    expect((await tx((t) => t.readFeed({ limit: 10 }))).map((event) => event.id)).toEqual(['f-1']);
  });

  it('sends a held append before any other statement, which sees it', async () => {
    const last = await tx(async (t) => {
      await t.appendAuditEvents([auditEvent(1), auditEvent(2)]);
      return t.lastAuditEvent();
    });
    expect(last?.seq).toBe(2);
    const audit = statements.findIndex((text) => text.includes('held_audit'));
    expect(audit).toBeGreaterThanOrEqual(0);
    expect(statements[audit]).not.toContain('pg_notify');
    expect(statements.findIndex((text) => text.includes('ORDER BY a.seq DESC'))).toBeGreaterThan(audit);
  });

  it('sends a held append before reads run together, which see it', async () => {
    const [last, items] = await tx(async (t) => {
      await t.appendAuditEvents([auditEvent(1)]);
      return readTogether<[Awaited<ReturnType<StorageTransaction['lastAuditEvent']>>, ReadonlyMap<string, unknown>]>(t, [
        (reader) => reader.lastAuditEvent(),
        (reader) => reader.getItems(['A']),
      ]);
    });
    expect(last?.seq).toBe(1);
    expect([...items.keys()]).toEqual(['A']);
  });

  it('sends a held append before a second one, each checked against the one before', async () => {
    await tx(async (t) => {
      await t.appendAuditEvents([auditEvent(1)]);
      await t.appendAuditEvents([auditEvent(2)]);
    });
    expect((await tx((t) => t.listAuditEvents())).map((event) => event.seq)).toEqual([1, 2]);
    expect(statements.filter((text) => text.includes('held_audit'))).toHaveLength(2);
  });

  it('sends what is still held before the commit', async () => {
    await tx((t) => t.appendAuditEvents([auditEvent(1)]));
    expect(statements.filter((text) => text.includes('held_audit'))).toHaveLength(1);
    expect((await tx((t) => t.listAuditEvents())).map((event) => event.seq)).toEqual([1]);
  });

  it('rejects the transaction when the held append does not follow the chain, and keeps nothing of it', async () => {
    await tx((t) => t.appendAuditEvents([auditEvent(1)]));
    // Refused with the feed append it went with.
    await expect(
      tx(async (t) => {
        await appendByHand(t, 'm-1', [{ sku: 'A', to: 'WH1/A', qty: '5' }]);
        await t.appendAuditEvents([auditEvent(3)]);
        await t.appendFeedEvents([flagged('f-1')]);
      }),
    ).rejects.toThrow(/does not follow the last event of its chain/);
    // Refused on its own before the commit.
    await expect(
      tx(async (t) => {
        await appendByHand(t, 'm-2', [{ sku: 'A', to: 'WH1/A', qty: '5' }]);
        await t.appendAuditEvents([auditEvent(1)]);
      }),
    ).rejects.toThrow(/does not follow the last event of its chain/);
    // Refused before the statement that came after it, which never ran.
    await expect(
      tx(async (t) => {
        await t.appendAuditEvents([auditEvent(3)]);
        await t.putLocation({ id: 'WH1/C' });
      }),
    ).rejects.toThrow(/does not follow the last event of its chain/);
    expect((await tx((t) => t.listAuditEvents())).map((event) => event.seq)).toEqual([1]);
    expect(await tx((t) => t.getMovements(['m-1', 'm-2']))).toEqual(new Map());
    expect(await tx((t) => t.readFeed({ limit: 10 }))).toEqual([]);
    expect(await tx((t) => t.getLocation('WH1/C'))).toBeUndefined();
  });

  it('hands out the audit numbers the movement append drew ahead, then new ones, always increasing', async () => {
    const [first, second, after] = await tx(async (t) => {
      await appendByHand(t, 'm-1', [{ sku: 'A', to: 'WH1/A', qty: '5' }]);
      await appendByHand(t, 'm-2', [{ sku: 'A', to: 'WH1/B', qty: '5' }]);
      const before = statements.length;
      // Two drawn ahead, one per movement: no statement for them.
      const drawn = await t.reserveAuditSeqs(1);
      const rest = await t.reserveAuditSeqs(1);
      expect(statements.length).toBe(before);
      // None left: drawn from the sequence.
      return [drawn, rest, await t.reserveAuditSeqs(2)];
    });
    expect(first).toHaveLength(1);
    expect(second).toHaveLength(1);
    expect(after).toHaveLength(2);
    const all = [...first, ...second, ...after];
    expect(all.every(Number.isSafeInteger)).toBe(true);
    expect([...all].sort((a, b) => a - b)).toEqual(all);
    expect(new Set(all).size).toBe(4);
    // Fewer drawn ahead than asked: those, then new ones after them.
    const mixed = await tx(async (t) => {
      await appendByHand(t, 'm-3', [{ sku: 'A', to: 'WH1/A', qty: '1' }]);
      return t.reserveAuditSeqs(3);
    });
    expect(mixed).toHaveLength(3);
    expect(mixed[0]).toBeGreaterThan(after[1]!);
    expect([...mixed].sort((a, b) => a - b)).toEqual(mixed);
    expect(new Set(mixed).size).toBe(3);
  });

  it('reads rows of keys given twice once', async () => {
    const key = { sku: 'A', location: 'WH1/A' };
    await tx((t) => appendByHand(t, 'm-1', [{ sku: 'A', to: 'WH1/A', qty: '5' }]));
    await tx((t) => t.insertCountRecords([{ key, sessionId: 's-1', countedAt: '2026-03-02T09:00:00.000Z', qty: '5', variance: '0', postedAt: '2026-03-02T09:00:00.000Z' }]));
    const [balances, postings, records] = await tx(async (t) => [
      await t.lockBalances([key, key]),
      await t.listPostings({ keys: [key, key] }),
      await t.listCountRecords({ keys: [key, key] }),
    ]);
    expect([...balances.byKeyId.values()].map((balance) => balance.qty)).toEqual(['5']);
    expect(postings.map((posting) => posting.movementId)).toEqual(['m-1']);
    expect(records.map((record) => record.sessionId)).toEqual(['s-1']);
  });
});
