import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EntryBatch, type PendingEntry } from '../../../src/count/commands/entry-batch.js';
import type { ParsedRecordEntry } from '../../../src/count/commands/recording.js';
import type { CountEntry } from '../../../src/count/types.js';
import type { EntryFilter, StorageAdapter, StorageTransaction } from '../../../src/storage/adapter.js';
import { entryPredicate } from '../../../src/storage/entry-filter.js';
import { createMemoryStorage } from '../../../src/storage/memory/index.js';
import { ITEM, session, T0 } from '../../../src/testing/conformance/fixtures.js';
import { propertyRuns } from '../../support/property.js';

const LOCATIONS = ['WH1/A/01', 'WH1/A/02', 'WH1/A/03'];
const SKUS = ['A', 'S'];
const SERIALS = ['SN1', 'SN2'];

/** A stored or batch entry's identity and key: the fields the batch loads by. */
const keyed = fc.record({
  entryId: fc.constantFrom('e1', 'e2', 'e3', 'e4', 'e5', 'e6'),
  location: fc.constantFrom(...LOCATIONS),
  sku: fc.constantFrom(...SKUS),
  serial: fc.option(fc.constantFrom(...SERIALS), { nil: undefined }),
});

const storedEntry = fc.record({ sessionId: fc.constantFrom('cs-1', 'cs-2'), round: fc.constantFrom(1, 2), keyed });
const mark = fc.record({ sessionId: fc.constantFrom('cs-1', 'cs-2'), round: fc.constantFrom(1, 2), location: fc.constantFrom(...LOCATIONS) });

/** Every read the view answers, for the current session or another one. */
const query = fc.oneof(
  fc.record({ kind: fc.constant('getEntry' as const), sessionId: fc.constantFrom('cs-1', 'cs-2'), entryId: fc.constantFrom('e1', 'e3', 'e5', 'e7') }),
  fc.record({ kind: fc.constant('getItem' as const), sku: fc.constantFrom(...SKUS, 'Z') }),
  fc.record({ kind: fc.constant('getLocation' as const), id: fc.constantFrom(...LOCATIONS, 'WH1/B/01') }),
  fc.record({ kind: fc.constant('listLocationMarks' as const), sessionId: fc.constantFrom('cs-1', 'cs-2'), filter: fc.record({ location: fc.option(fc.constantFrom(...LOCATIONS), { nil: undefined }), round: fc.option(fc.constantFrom(1, 2), { nil: undefined }) }) }),
  fc.record({
    kind: fc.constant('listEntries' as const),
    sessionId: fc.constantFrom('cs-1', 'cs-2'),
    filter: fc.oneof(
      fc.record({ location: fc.constantFrom(...LOCATIONS), round: fc.option(fc.constantFrom(1, 2), { nil: undefined }) }),
      fc.record({ serial: fc.record({ sku: fc.constantFrom(...SKUS), serial: fc.constantFrom(...SERIALS) }), round: fc.option(fc.constantFrom(1, 2), { nil: undefined }) }),
      fc.record({ round: fc.option(fc.constantFrom(1, 2), { nil: undefined }) }),
    ),
  }),
);
type Query = typeof query extends fc.Arbitrary<infer Q> ? Q : never;

function entryOf(sessionId: string, round: number, k: { entryId: string; location: string; sku: string; serial: string | undefined }): Omit<CountEntry, 'seq'> {
  return {
    sessionId,
    entryId: k.entryId,
    kind: 'count',
    key: { sku: k.sku, location: k.location, ...(k.serial === undefined ? {} : { serial: k.serial }) },
    qty: '1',
    countedAt: T0,
    counter: 'li',
    round,
    flags: [],
    recordedAt: T0,
    fingerprint: `fp:${k.entryId}`,
  };
}

/** A transaction that counts the reads made through it. */
function counting(tx: StorageTransaction): { tx: StorageTransaction; reads: () => number } {
  let reads = 0;
  const proxy = new Proxy(tx, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        reads += 1;
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { tx: proxy, reads: () => reads };
}

/** What the transaction itself answers, with the batch's pending entries added for its session. */
async function reference(tx: StorageTransaction, q: Query, pending: readonly PendingEntry[]): Promise<unknown> {
  const own = (sessionId: string, matches: (entry: PendingEntry) => boolean) => (sessionId === 'cs-1' ? pending.filter(matches) : []);
  switch (q.kind) {
    case 'getEntry':
      return own(q.sessionId, (e) => e.entryId === q.entryId)[0] ?? (await tx.getEntry(q.sessionId, q.entryId));
    case 'getItem':
      return tx.getItem(q.sku);
    case 'getLocation':
      return tx.getLocation(q.id);
    case 'listLocationMarks':
      return tx.listLocationMarks(q.sessionId, q.filter);
    case 'listEntries':
      return [...(await tx.listEntries(q.sessionId, q.filter)), ...own(q.sessionId, entryPredicate(q.filter as EntryFilter) as (e: PendingEntry) => boolean)];
  }
}

function ask(batch: EntryBatch, q: Query): Promise<unknown> {
  switch (q.kind) {
    case 'getEntry':
      return batch.getEntry(q.sessionId, q.entryId);
    case 'getItem':
      return batch.getItem(q.sku);
    case 'getLocation':
      return batch.getLocation(q.id);
    case 'listLocationMarks':
      return batch.listLocationMarks(q.sessionId, q.filter);
    case 'listEntries':
      return batch.listEntries(q.sessionId, q.filter);
  }
}

/** Whether the batch loaded everything a query needs, so it must not read the transaction again. */
function loadedFor(q: Query, round: number, batch: ReadonlyArray<{ entryId: string; location: string; sku: string; serial: string | undefined }>): boolean {
  switch (q.kind) {
    case 'getEntry':
      return q.sessionId === 'cs-1' && batch.some((b) => b.entryId === q.entryId);
    case 'getItem':
      return batch.some((b) => b.sku === q.sku);
    case 'getLocation':
      return batch.some((b) => b.location === q.id);
    case 'listLocationMarks':
      return q.sessionId === 'cs-1' && q.filter.round === round && q.filter.location !== undefined;
    case 'listEntries': {
      const f = q.filter as EntryFilter;
      if (q.sessionId !== 'cs-1' || f.round !== round) return false;
      if (f.serial !== undefined) return batch.some((b) => b.sku === f.serial!.sku && b.serial === f.serial!.serial);
      return f.location !== undefined && batch.some((b) => b.location === f.location);
    }
  }
}

async function world(stored: ReadonlyArray<{ sessionId: string; round: number; keyed: { entryId: string; location: string; sku: string; serial: string | undefined } }>, marks: ReadonlyArray<{ sessionId: string; round: number; location: string }>): Promise<StorageAdapter> {
  const storage = createMemoryStorage();
  await storage.transaction(async (tx) => {
    await tx.putItem(ITEM);
    await tx.putItem({ ...ITEM, sku: 'S', tracking: 'serial' });
    for (const id of LOCATIONS) await tx.putLocation({ id });
    const ids = new Set<string>();
    for (const s of stored) {
      if (ids.has(`${s.sessionId} ${s.keyed.entryId}`)) continue;
      ids.add(`${s.sessionId} ${s.keyed.entryId}`);
      await tx.insertEntry(entryOf(s.sessionId, s.round, s.keyed));
    }
    for (const m of marks) await tx.insertLocationMark({ ...m, status: 'complete', at: T0, actor: 'li' });
  });
  return storage;
}

describe('EntryBatch: a recordMany batch\'s view of its transaction', () => {
  it('loads with one read per kind (entries by id, items, locations, marks, entries by location and by serial), then answers what it loaded without reading', async () => {
    const storage = await world([{ sessionId: 'cs-1', round: 1, keyed: { entryId: 'e1', location: 'WH1/A/01', sku: 'S', serial: 'SN1' } }], [{ sessionId: 'cs-1', round: 1, location: 'WH1/A/02' }]);
    await storage.transaction(async (raw) => {
      const { tx, reads } = counting(raw);
      const inputs = [
        { entryId: 'e1', sku: 'S', location: 'WH1/A/03', serial: 'SN1' },
        { entryId: 'e2', sku: 'A', location: 'WH1/A/02' },
      ] as unknown as ParsedRecordEntry[];
      const batch = await EntryBatch.load(tx, session('cs-1'), inputs);
      expect(reads()).toBe(6);
      expect((await batch.getEntry('cs-1', 'e1'))?.seq).toBe(1);
      expect(await batch.getEntry('cs-1', 'e2')).toBeUndefined();
      expect((await batch.getItem('S'))?.tracking).toBe('serial');
      expect(await batch.getLocation('WH1/A/03')).toEqual({ id: 'WH1/A/03' });
      expect(await batch.listLocationMarks('cs-1', { location: 'WH1/A/02', round: 1 })).toHaveLength(1);
      expect(await batch.listLocationMarks('cs-1', { location: 'WH1/A/03', round: 1 })).toEqual([]);
      expect((await batch.listEntries('cs-1', { round: 1, serial: { sku: 'S', serial: 'SN1' } })).map((e) => e.entryId)).toEqual(['e1']);
      expect(await batch.listEntries('cs-1', { round: 1, location: 'WH1/A/03' })).toEqual([]);
      expect(reads()).toBe(6);
      batch.add(entryOf('cs-1', 1, { entryId: 'e2', location: 'WH1/A/02', sku: 'A', serial: undefined }));
      expect((await batch.getEntry('cs-1', 'e2'))?.entryId).toBe('e2');
      expect((await batch.listEntries('cs-1', { round: 1, location: 'WH1/A/02' })).map((e) => e.entryId)).toEqual(['e2']);
      expect(reads()).toBe(6);
    });
  });

  it('lists a serial\'s entries in store order when some lie at the batch\'s locations and some elsewhere, and asks the transaction for a serial it did not load', async () => {
    const storage = await world(
      [
        { sessionId: 'cs-1', round: 1, keyed: { entryId: 'e1', location: 'WH1/A/03', sku: 'S', serial: 'SN1' } },
        { sessionId: 'cs-1', round: 1, keyed: { entryId: 'e2', location: 'WH1/A/01', sku: 'S', serial: 'SN1' } },
        { sessionId: 'cs-1', round: 1, keyed: { entryId: 'e3', location: 'WH1/A/02', sku: 'S', serial: 'SN2' } },
      ],
      [],
    );
    await storage.transaction(async (raw) => {
      const { tx, reads } = counting(raw);
      const batch = await EntryBatch.load(tx, session('cs-1'), [{ entryId: 'e9', sku: 'S', location: 'WH1/A/01', serial: 'SN1' }] as unknown as ParsedRecordEntry[]);
      const loaded = reads();
      expect((await batch.listEntries('cs-1', { round: 1, serial: { sku: 'S', serial: 'SN1' } })).map((e) => e.entryId)).toEqual(['e1', 'e2']);
      expect(reads()).toBe(loaded);
      expect((await batch.listEntries('cs-1', { round: 1, serial: { sku: 'S', serial: 'SN2' } })).map((e) => e.entryId)).toEqual(['e3']);
      expect(reads()).toBe(loaded + 1);
    });
  });

  it('property: every read equals the transaction\'s answer plus the batch\'s pending entries, and what the batch loaded is answered without reading again', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          stored: fc.array(storedEntry, { maxLength: 10 }),
          marks: fc.array(mark, { maxLength: 4 }),
          round: fc.constantFrom(1, 2),
          batch: fc.array(keyed, { maxLength: 5 }),
          pendingCount: fc.nat(5),
          queries: fc.array(query, { minLength: 1, maxLength: 12 }),
        }),
        async ({ stored, marks, round, batch: inputs, pendingCount, queries }) => {
          const storage = await world(stored, marks);
          await storage.transaction(async (raw) => {
            const { tx, reads } = counting(raw);
            const current = session('cs-1', { round });
            const batch = await EntryBatch.load(tx, current, inputs as unknown as ParsedRecordEntry[]);
            const storedIds = new Set((await raw.listEntries('cs-1')).map((e) => e.entryId));
            const pending = inputs
              .slice(0, pendingCount)
              .filter((k, index, all) => !storedIds.has(k.entryId) && all.findIndex((o) => o.entryId === k.entryId) === index)
              .map((k) => entryOf('cs-1', round, k));
            for (const entry of pending) batch.add(entry);
            for (const q of queries) {
              const before = reads();
              expect(await ask(batch, q)).toEqual(await reference(raw, q, pending));
              if (loadedFor(q, round, inputs)) expect(reads(), JSON.stringify(q)).toBe(before);
            }
          });
        },
      ),
      { numRuns: propertyRuns(200) },
    );
  });
});
