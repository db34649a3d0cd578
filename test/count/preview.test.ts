/**
 * `counts.preview` is the review without side effects: it stores nothing, audits nothing, emits
 * nothing, and answers the figures `review` computes for the same state.
 */
import { PGlite } from '@electric-sql/pglite';
import { describe, expect, it } from 'vitest';
import { createPgliteStorage, migrate } from '../../src/storage/postgres/index.js';
import { createMemoryStorage, createStocktake, isStocktakeError, type Stocktake } from '../../src/index.js';
import type { StorageAdapter, StorageTransaction } from '../../src/storage/adapter.js';
import { createManualClock, createSequentialIds, type ManualClock } from '../../src/testing/index.js';
import { at } from '../support/world.js';

const READS: ReadonlySet<string> = new Set(['getSession', 'listEntries', 'listLocationMarks', 'listSnapshot', 'listPostedLines']);

/** Storage that records the name of every transaction method called, and each transaction's mode. */
function recording(inner: StorageAdapter): { storage: StorageAdapter; calls: string[]; modes: boolean[] } {
  const calls: string[] = [];
  const modes: boolean[] = [];
  return {
    calls,
    modes,
    storage: {
      name: inner.name,
      transaction: (work, options) => {
        modes.push(options?.readOnly === true);
        return inner.transaction(
          (tx) =>
            work(
              new Proxy(tx, {
                get(target, property, receiver) {
                  const value: unknown = Reflect.get(target, property, receiver);
                  if (typeof value !== 'function') return value;
                  return (...args: unknown[]): unknown => {
                    calls.push(String(property));
                    return (value as (...a: unknown[]) => unknown).apply(target, args);
                  };
                },
              }) as StorageTransaction,
            ),
          options,
        );
      },
    },
  };
}

/** Everything a count writes: the session, its entries and marks, the audit log, the ledger. */
async function stored(storage: StorageAdapter, sessionId: string): Promise<unknown> {
  return storage.transaction(
    async (tx) => ({
      session: await tx.getSession(sessionId),
      sessions: (await tx.listSessions({})).length,
      entries: await tx.listEntries(sessionId),
      marks: await tx.listLocationMarks(sessionId),
      audit: await tx.listAuditEvents({}),
      movements: (await tx.listMovements({})).length,
    }),
    { readOnly: true },
  );
}

async function world(inner: StorageAdapter = createMemoryStorage()): Promise<{ st: Stocktake; clock: ManualClock; storage: StorageAdapter; calls: string[]; modes: boolean[]; sessionId: string }> {
  const rec = recording(inner);
  const clock = createManualClock(at('06:00'));
  const st = createStocktake({ storage: rec.storage, clock, ids: createSequentialIds() });
  await st.catalog.defineItem({ sku: 'A-100', baseUom: 'ea', unitCost: '2' });
  for (const id of ['WH1/A/01', 'WH1/A/02']) await st.catalog.defineLocation({ id });
  clock.set(at('07:00'));
  await st.ledger.post({ id: 'rcv-0', kind: 'receipt', occurredAt: at('07:00'), actor: 'li', lines: [{ sku: 'A-100', to: 'WH1/A/01', qty: '100' }] });
  clock.set(at('08:00'));
  const session = await st.counts.open({ scope: { locations: ['WH1/A'] }, actor: 'zhao', counters: ['li', 'wu'] });
  clock.set(at('09:00'));
  await st.counts.record(session.id, { entryId: 'e1', sku: 'A-100', location: 'WH1/A/01', qty: '90', countedAt: at('09:00'), counter: 'li' });
  return { st, clock, storage: rec.storage, calls: rec.calls, modes: rec.modes, sessionId: session.id };
}

describe('counts.preview', () => {
  it('changes nothing while the round is open, and equals review', async () => {
    const { st, storage, calls, modes, sessionId } = await world();
    const before = await stored(storage, sessionId);
    calls.length = 0;
    modes.length = 0;
    const events: string[] = [];
    st.on('count.variance', (event) => {
      events.push(event.type);
    });
    const preview = await st.counts.preview(sessionId);
    expect(modes).toEqual([true]);
    expect(calls.filter((call) => /^(put|insert|update|append|add|delete)/.test(call))).toEqual([]);
    expect(calls.filter((call) => READS.has(call)).length).toBeGreaterThan(0);
    expect(await stored(storage, sessionId)).toEqual(before);
    expect(events).toEqual([]);
    expect(preview.openLocations).toEqual(['WH1/A/01', 'WH1/A/02']);
    expect(preview.recountTasks).toEqual([]);
    // Nothing to close yet: review computes the same document.
    expect(await st.counts.review(sessionId, { actor: 'zhao' })).toEqual(preview);
  });

  it('does not close a finished round; review then does, from the same lines', async () => {
    const { st, storage, sessionId } = await world();
    for (const location of ['WH1/A/01', 'WH1/A/02']) await st.counts.completeLocation(sessionId, location, { actor: 'li', at: at('09:00') });
    const before = await stored(storage, sessionId);
    const preview = await st.counts.preview(sessionId);
    const again = await st.counts.preview(sessionId);
    expect(await stored(storage, sessionId)).toEqual(before);
    expect(again).toEqual(preview);
    expect(preview.state).toBe('counting');
    expect(preview.round).toBe(1);
    expect(preview.openLocations).toEqual([]);
    const line = preview.lines.find((candidate) => candidate.location === 'WH1/A/01');
    expect(line?.status).toBe('recount');

    const review = await st.counts.review(sessionId, { actor: 'zhao' });
    expect(review.round).toBe(2);
    expect(review.recountTasks).toHaveLength(1);
    expect(await stored(storage, sessionId)).not.toEqual(before);
    // After the close, preview reads what review left.
    const after = await st.counts.preview(sessionId);
    expect({ ...after, recountTasks: review.recountTasks }).toEqual(review);
  });

  it('equals review once the session is reviewing (no round left to close)', async () => {
    const { st, sessionId } = await world();
    await st.counts.record(sessionId, { entryId: 'e2', sku: 'A-100', location: 'WH1/A/01', qty: '10', countedAt: at('09:00'), counter: 'li' });
    for (const location of ['WH1/A/01', 'WH1/A/02']) await st.counts.completeLocation(sessionId, location, { actor: 'li', at: at('09:00') });
    const closed = await st.counts.review(sessionId, { actor: 'zhao' });
    expect(closed.state).toBe('reviewing');
    expect(await st.counts.preview(sessionId)).toEqual(await st.counts.review(sessionId, { actor: 'zhao' }));
  });

  it('refuses an unknown session with session_not_found and a draft with invalid_state', async () => {
    const { st } = await world();
    const missing = await st.counts.preview('no-such-session').catch((error: unknown) => error);
    expect(isStocktakeError(missing) && missing.code).toBe('session_not_found');
    const draft = await st.counts.open({ scope: { locations: ['WH1/A'] }, actor: 'zhao', draft: true });
    const refused = await st.counts.preview(draft.id).catch((error: unknown) => error);
    expect(isStocktakeError(refused) && refused.code).toBe('invalid_state');
  });

  it('on PostgreSQL (PGlite) runs read-only and leaves every table with the rows it had', async () => {
    const db = new PGlite();
    try {
      const storage = createPgliteStorage(db, { schema: 'preview' });
      await migrate(storage);
      const { st, sessionId } = await world(storage);
      for (const location of ['WH1/A/01', 'WH1/A/02']) await st.counts.completeLocation(sessionId, location, { actor: 'li', at: at('09:00') });
      const rows = async (): Promise<Record<string, number>> => {
        const tables = await db.query<{ table_name: string }>(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'preview' ORDER BY table_name`);
        const counts: Record<string, number> = {};
        for (const { table_name: table } of tables.rows) {
          counts[table] = Number((await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM preview."${table}"`)).rows[0]!.n);
        }
        return counts;
      };
      const before = await rows();
      const snapshot = await stored(storage, sessionId);
      const preview = await st.counts.preview(sessionId);
      expect(await rows()).toEqual(before);
      expect(await stored(storage, sessionId)).toEqual(snapshot);
      expect(preview).toMatchObject({ state: 'counting', round: 1, openLocations: [], recountTasks: [] });
      const review = await st.counts.review(sessionId, { actor: 'zhao' });
      expect(review.round).toBe(2);
      expect(await rows()).not.toEqual(before);
    } finally {
      await db.close();
    }
  });
});
