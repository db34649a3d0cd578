/**
 * `metrics.compute` only reads: it opens no write transaction (so it never takes the writer lock
 * and never waits for writers), on the memory adapter and on PGlite, and the audit log is unchanged.
 */
import { PGlite } from '@electric-sql/pglite';
import { afterAll, describe, expect, it } from 'vitest';
import type { Posting } from '../../src/ledger/types.js';
import type { StorageAdapter, StorageTransaction } from '../../src/storage/adapter.js';
import { createMemoryStorage } from '../../src/storage/memory/index.js';
import { createPgliteStorage, migrate } from '../../src/storage/postgres/index.js';
import { at, smallWarehouse } from '../support/world.js';

/** Counts the transactions an adapter is asked for, by kind, and the postings read through `listPostings`. */
function recording(storage: StorageAdapter): { storage: StorageAdapter; writes: () => number; reads: () => number; postingsListed: () => Posting[] } {
  let writes = 0;
  let reads = 0;
  const postingsListed: Posting[] = [];
  return {
    storage: {
      name: storage.name,
      transaction(work, options) {
        if (options?.readOnly === true) reads++;
        else writes++;
        return storage.transaction(
          (tx) =>
            work(
              new Proxy(tx, {
                get(target, property, receiver) {
                  if (property !== 'listPostings') return Reflect.get(target, property, receiver) as unknown;
                  return async (filter: Parameters<StorageTransaction['listPostings']>[0]) => {
                    const postings = await target.listPostings(filter);
                    postingsListed.push(...postings);
                    return postings;
                  };
                },
              }),
            ),
          options,
        );
      },
    },
    writes: () => writes,
    reads: () => reads,
    postingsListed: () => postingsListed,
  };
}

/** The adapter without its optional set-based reads: the engine falls back to reading postings. */
function withoutSetBasedReads(storage: StorageAdapter): StorageAdapter {
  return {
    name: storage.name,
    transaction: (work, options) =>
      storage.transaction(
        (tx) => work(new Proxy(tx, { get: (target, property, receiver) => (property === 'balancesAsOf' || property === 'lastMovementsAsOf' ? undefined : (Reflect.get(target, property, receiver) as unknown)) })),
        options,
      ),
  };
}

const db = new PGlite();
let schemas = 0;
afterAll(async () => {
  await db.close();
});

const adapters: Array<{ name: string; make: () => Promise<StorageAdapter>; setBased: boolean }> = [
  { name: 'memory', make: async () => createMemoryStorage(), setBased: true },
  { name: 'memory without the set-based reads', make: async () => withoutSetBasedReads(createMemoryStorage()), setBased: false },
  {
    name: 'pglite',
    make: async () => {
      const storage = createPgliteStorage(db, { schema: `metrics_read_only_${++schemas}` });
      await migrate(storage);
      return storage;
    },
    setBased: true,
  },
];

describe.each(adapters)('metrics.compute opens no write transaction ($name)', ({ make, setBased }) => {
  it('a counted and posted day: compute runs in read-only transactions only and writes nothing', async () => {
    const recorder = recording(await make());
    const { st, clock } = await smallWarehouse({ storage: recorder.storage });
    await st.ledger.post({ id: 'rcv-1', kind: 'receipt', occurredAt: at('07:00'), actor: 'wang', lines: [{ sku: 'A-100', to: 'WH1/A/01', qty: '100' }] });
    const session = await st.counts.open({ scope: { locations: ['WH1/A/01'] }, actor: 'zhao', counters: ['li'], tolerance: { qty: '5' } });
    clock.set(at('09:30'));
    await st.counts.record(session.id, { entryId: 'e1', sku: 'A-100', location: 'WH1/A/01', qty: '99', countedAt: at('09:00'), counter: 'li' });
    await st.counts.completeLocation(session.id, 'WH1/A/01', { actor: 'li', at: at('09:30') });
    await st.counts.review(session.id);
    await st.counts.approve(session.id, { actor: 'zhao' });
    await st.counts.post(session.id, { actor: 'zhao' });
    const auditBefore = (await st.audit.list()).length;
    const writesBefore = recorder.writes();
    const readsBefore = recorder.reads();
    const result = await st.metrics.compute({ from: '2026-03-02T00:00:00.000Z', to: '2026-03-02T23:59:59.999Z' });
    expect(result.total.lines).toBe(1);
    expect(recorder.writes()).toBe(writesBefore);
    expect(recorder.reads()).toBeGreaterThan(readsBefore);
    expect((await st.audit.list()).length).toBe(auditBefore);
  });

  it('slow and dead stock are dated by each key\'s last movement up to the end (a count adjustment is not a movement), without reading the history when the adapter has lastMovementsAsOf', async () => {
    const recorder = recording(await make());
    const { st, clock } = await smallWarehouse({ storage: recorder.storage });
    await st.ledger.post({ id: 'old', kind: 'receipt', occurredAt: '2026-01-01T00:00:00.000Z', actor: 'wang', lines: [{ sku: 'A-100', to: 'WH1/A/01', qty: '100' }] });
    await st.ledger.post({ id: 'feb', kind: 'receipt', occurredAt: '2026-02-20T00:00:00.000Z', actor: 'wang', lines: [{ sku: 'B-200', to: 'WH1/A/02', qty: '50' }] });
    await st.ledger.post({ id: 'gone', kind: 'receipt', occurredAt: '2025-01-01T00:00:00.000Z', actor: 'wang', lines: [{ sku: 'A-100', to: 'WH1/B/01', qty: '3' }] });
    await st.ledger.post({ id: 'gone-out', kind: 'issue', occurredAt: '2026-03-02T07:00:00.000Z', actor: 'wang', lines: [{ sku: 'A-100', from: 'WH1/B/01', qty: '3' }] });
    const session = await st.counts.open({ scope: { locations: ['WH1/A/01'] }, actor: 'zhao', counters: ['li'], tolerance: { qty: '5' } });
    clock.set(at('09:30'));
    await st.counts.record(session.id, { entryId: 'e1', sku: 'A-100', location: 'WH1/A/01', qty: '99', countedAt: at('09:00'), counter: 'li' });
    await st.counts.completeLocation(session.id, 'WH1/A/01', { actor: 'li', at: at('09:30') });
    await st.counts.review(session.id);
    await st.counts.approve(session.id, { actor: 'zhao' });
    await st.counts.post(session.id, { actor: 'zhao' });
    // A movement after the period does not change the book at its end.
    clock.set(at('10:05'));
    await st.ledger.post({ id: 'after', kind: 'receipt', occurredAt: at('10:00'), actor: 'wang', lines: [{ sku: 'B-200', to: 'WH1/A/02', qty: '7' }] });
    const listedBefore = recorder.postingsListed().length;
    const end = '2026-03-02T09:45:00.000Z';
    const march = await st.metrics.compute({ from: '2026-03-01T00:00:00.000Z', to: end, slowMovingDays: 10, deadStockDays: 60 });
    // With the set-based last movements, no posting of the history up to the end is brought into the process (the
    // memory adapter, without balancesAsOf, reads those after it for the book at the end).
    const history = recorder.postingsListed().slice(listedBefore).filter((posting) => posting.occurredAt <= end);
    if (setBased) expect(history).toEqual([]);
    else expect(history.length).toBeGreaterThan(0);
    const aged = (list: typeof march.total.slowMoving) => list.map((s) => [s.key.sku, s.key.location, s.qty, s.lastMovementAt, s.days]);
    // A-100 moved last on 1 January (the count adjustment of 2 March is not a movement): dead.
    expect(aged(march.total.deadStock)).toEqual([['A-100', 'WH1/A/01', '99', '2026-01-01T00:00:00.000Z', 60]]);
    expect(aged(march.total.slowMoving)).toEqual([['B-200', 'WH1/A/02', '50', '2026-02-20T00:00:00.000Z', 10]]);
    expect(recorder.writes()).toBeGreaterThan(0);
  });
});
