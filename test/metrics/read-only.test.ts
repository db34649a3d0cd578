/**
 * `metrics.compute` only reads: it opens no write transaction (so it never takes the writer lock
 * and never waits for writers), on the memory adapter and on PGlite, and the audit log is unchanged.
 */
import { PGlite } from '@electric-sql/pglite';
import { afterAll, describe, expect, it } from 'vitest';
import type { StorageAdapter } from '../../src/storage/adapter.js';
import { createMemoryStorage } from '../../src/storage/memory/index.js';
import { createPgliteStorage, migrate } from '../../src/storage/postgres/index.js';
import { at, smallWarehouse } from '../support/world.js';

/** Counts the transactions an adapter is asked for, by kind. */
function recording(storage: StorageAdapter): { storage: StorageAdapter; writes: () => number; reads: () => number } {
  let writes = 0;
  let reads = 0;
  return {
    storage: {
      name: storage.name,
      transaction(work, options) {
        if (options?.readOnly === true) reads++;
        else writes++;
        return storage.transaction(work, options);
      },
    },
    writes: () => writes,
    reads: () => reads,
  };
}

const db = new PGlite();
afterAll(async () => {
  await db.close();
});

const adapters: Array<{ name: string; make: () => Promise<StorageAdapter> }> = [
  { name: 'memory', make: async () => createMemoryStorage() },
  {
    name: 'pglite',
    make: async () => {
      const storage = createPgliteStorage(db, { schema: 'metrics_read_only' });
      await migrate(storage);
      return storage;
    },
  },
];

describe.each(adapters)('metrics.compute opens no write transaction ($name)', ({ make }) => {
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
});
