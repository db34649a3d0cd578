import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StorageAdapter, StorageTransaction } from '../../src/storage/adapter.js';
import { shiftParameters } from '../../src/storage/postgres/combined-reads.js';
import { createPgliteStorage, migrate } from '../../src/storage/postgres/index.js';
import { readTogether } from '../../src/storage/read-together.js';
import { createMemoryStorage } from '../../src/index.js';

describe('shiftParameters', () => {
  it('renumbers $n outside quoted literals and identifiers', () => {
    expect(shiftParameters(`SELECT $1, $12 FROM "a$1" WHERE x = 'it''s $2' AND y = $2::jsonb`, 3)).toBe(
      `SELECT $4, $15 FROM "a$1" WHERE x = 'it''s $2' AND y = $5::jsonb`,
    );
    expect(shiftParameters('SELECT $1', 0)).toBe('SELECT $1');
  });
});

describe('readTogether on PGlite', () => {
  let db: PGlite;
  let storage: StorageAdapter;
  const statements: string[] = [];

  beforeAll(async () => {
    db = new PGlite();
    await db.waitReady;
    storage = createPgliteStorage(db, { schema: 'combined' });
    await migrate(storage);
    await storage.transaction(async (tx) => {
      for (const sku of ['B', 'A', 'C']) await tx.putItem({ sku, baseUom: 'ea', tracking: 'none' } as never);
      for (const id of ['WH1', 'WH1/A']) await tx.putLocation({ id });
    });
    // Counts the statements PGlite runs from here on.
    const transaction = db.transaction.bind(db);
    db.transaction = ((callback: (tx: unknown) => Promise<unknown>) =>
      transaction(async (tx) =>
        callback(
          new Proxy(tx, {
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
  afterAll(async () => {
    await db.close();
  });

  const reads = [
    (tx: StorageTransaction) => tx.getItems(['A', 'C', 'Z']),
    (tx: StorageTransaction) => tx.listItems(),
    (tx: StorageTransaction) => tx.getLocations([]),
    (tx: StorageTransaction) => tx.lastAuditEvent(undefined),
    // Two reads of their own, together: a nested combination.
    (tx: StorageTransaction) => readTogether<[unknown, unknown]>(tx, [(inner) => inner.getLocations(['WH1/A']), (inner) => inner.listSessions({ states: ['counting'] })]),
  ] as const;

  it('gives what the reads give one after the other, in one statement', async () => {
    const separate = await storage.transaction(async (tx) => {
      const results: unknown[] = [];
      for (const read of reads) results.push(await read(tx));
      return results;
    });
    statements.length = 0;
    const together = await storage.transaction((tx) => readTogether<unknown[]>(tx, reads));
    expect(together).toEqual(separate);
    // listItems keeps its order (by sku) through the aggregation.
    expect((together[1] as Array<{ sku: string }>).map((item) => item.sku)).toEqual(['A', 'B', 'C']);
    expect(statements.filter((text) => /^\s*SELECT/i.test(text))).toHaveLength(1);
  });

  it('rejects every read when the combined statement fails, and the transaction with it', async () => {
    const failing = [
      (tx: StorageTransaction) => tx.getItems(['A']),
      (tx: StorageTransaction) => tx.listSessions({ states: ['no such state' as never] }),
      // A statement that fails on the server: an id that is no number.
      (tx: StorageTransaction) => tx.listAuditEvents({ afterSeq: 'x' as never }),
    ] as const;
    await expect(storage.transaction((tx) => readTogether<unknown[]>(tx, failing))).rejects.toThrow();
  });

  it('runs the reads one after the other on an adapter without it', async () => {
    const memory = createMemoryStorage();
    const order: string[] = [];
    const result = await memory.transaction((tx) =>
      readTogether<[number, number]>(tx, [
        async () => {
          order.push('first');
          await Promise.resolve();
          order.push('first done');
          return 1;
        },
        async () => {
          order.push('second');
          return 2;
        },
      ]),
    );
    expect(result).toEqual([1, 2]);
    expect(order).toEqual(['first', 'first done', 'second']);
  });
});
