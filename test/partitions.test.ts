import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createMemoryStorage, createStocktake, firstSegment, isStocktakeError, type StorageAdapter, type WriteScope } from '../src/index.js';
import { createManualClock, createSequentialIds } from '../src/testing/index.js';
import { auditedStorage } from './support/audited-storage.js';
import { propertyRuns } from './support/property.js';
import { at } from './support/world.js';

/** Storage that records the write scope of every read-write transaction. */
function recording(inner: StorageAdapter = auditedStorage()): { storage: StorageAdapter; scopes: Array<WriteScope | undefined> } {
  const scopes: Array<WriteScope | undefined> = [];
  return {
    scopes,
    storage: {
      name: inner.name,
      transaction: (work, options) => {
        if (options?.readOnly !== true) scopes.push(options?.scope);
        return inner.transaction(work, options);
      },
    },
  };
}

async function twoWarehouses(options: { storage?: StorageAdapter; partitionBy?: (location: string) => string } = {}) {
  const clock = createManualClock('2026-03-02T08:00:00.000Z');
  const st = createStocktake({ clock, ids: createSequentialIds(), storage: options.storage ?? auditedStorage(), ...(options.partitionBy ? { partitionBy: options.partitionBy } : {}) });
  await st.catalog.defineItem({ sku: 'A-100', baseUom: 'ea' });
  for (const id of ['WH1/A/01', 'WH1/B/01', 'WH2/A/01']) await st.catalog.defineLocation({ id });
  await st.ledger.post({ id: 'r1', kind: 'receipt', actor: 'li', occurredAt: at('07:00'), lines: [{ sku: 'A-100', to: 'WH1/A/01', qty: '10' }] });
  await st.ledger.post({ id: 'r2', kind: 'receipt', actor: 'li', occurredAt: at('07:00'), lines: [{ sku: 'A-100', to: 'WH2/A/01', qty: '20' }] });
  return { st, clock };
}

describe('writes partitioned by warehouse', () => {
  it('the default partition is the first segment of the path', () => {
    expect(firstSegment('WH1/A/01')).toBe('WH1');
    expect(firstSegment('WH2')).toBe('WH2');
  });

  it('a post locks the warehouses of its lines; a transfer both, catalog writes the catalog', async () => {
    const { storage, scopes } = recording();
    const { st } = await twoWarehouses({ storage });
    expect(scopes.slice(0, 4)).toEqual(['catalog', 'catalog', 'catalog', 'catalog']);
    scopes.length = 0;
    await st.ledger.post({ id: 't1', kind: 'transfer', actor: 'li', lines: [{ sku: 'A-100', from: 'WH2/A/01', to: 'WH1/B/01', qty: '5' }] });
    expect(scopes).toEqual([{ partitions: ['WH1', 'WH2'] }]);
    const events = await st.audit.list();
    // One event, on the chain of the first warehouse in sorted order.
    expect(events.at(-1)).toMatchObject({ action: 'movement.post', subject: 't1', chain: 'WH1' });
    expect((await st.audit.chains()).map((chain) => chain.chain)).toEqual([undefined, 'WH1', 'WH2']);
    expect(await st.audit.verify()).toMatchObject({ ok: true, events: events.length });
  });

  it('count sessions in two warehouses lock their own warehouse; a session spanning both locks both', async () => {
    const { storage, scopes } = recording();
    const { st, clock } = await twoWarehouses({ storage });
    const one = await st.counts.open({ scope: { locations: ['WH1/A'] }, actor: 'zhao', counters: ['li'] });
    const two = await st.counts.open({ scope: { locations: ['WH2'] }, actor: 'zhao', counters: ['wang'], tolerance: { qty: '5' } });
    // Opening resolves the scope inside its transaction: the whole store.
    expect(scopes.slice(-2)).toEqual(['store', 'store']);
    clock.set(at('09:00'));
    scopes.length = 0;
    await Promise.all([
      st.counts.record(one.id, { entryId: 'e1', sku: 'A-100', location: 'WH1/A/01', qty: '10', countedAt: at('09:00'), counter: 'li' }),
      st.counts.record(two.id, { entryId: 'e2', sku: 'A-100', location: 'WH2/A/01', qty: '19', countedAt: at('09:00'), counter: 'wang' }),
    ]);
    expect(scopes).toEqual(expect.arrayContaining([{ partitions: ['WH1'] }, { partitions: ['WH2'] }]));
    for (const [session, location] of [[one, 'WH1/A/01'], [two, 'WH2/A/01']] as const) {
      await st.counts.completeLocation(session.id, location, { actor: session === one ? 'li' : 'wang', at: at('09:01') });
      await st.counts.review(session.id, { actor: 'zhao' });
      await st.counts.approve(session.id, { actor: 'zhao' });
      await st.counts.post(session.id, { actor: 'zhao' });
    }
    expect((await st.counts.get(one.id)).state).toBe('posted');
    expect((await st.counts.get(two.id)).state).toBe('posted');
    const events = await st.audit.list();
    expect(events.filter((event) => event.subject === one.id && event.action !== 'count.open').every((event) => event.chain === 'WH1')).toBe(true);
    expect(events.filter((event) => event.subject === two.id && event.action !== 'count.open').every((event) => event.chain === 'WH2')).toBe(true);
    // The adjustment the second count posted is on its warehouse's chain too.
    expect(events.filter((event) => event.action === 'movement.post' && (event.data as { kind: string }).kind === 'count_adjustment')).toMatchObject([{ chain: 'WH2' }]);
    expect(await st.ledger.onHand({ sku: 'A-100', location: 'WH2/A/01' })).toBe('19');

    // By item: the scope resolves to the locations holding it at opening, in both warehouses.
    clock.set(at('09:05'));
    const byItem = await st.counts.open({ scope: { skus: ['A-100'] }, actor: 'zhao', counters: ['li'] });
    expect(byItem.scope.locations).toEqual(['WH1/A/01', 'WH2/A/01']);
    scopes.length = 0;
    await st.counts.record(byItem.id, { entryId: 'e3', sku: 'A-100', location: 'WH2/A/01', qty: '20', countedAt: at('09:05'), counter: 'li' });
    expect(scopes).toEqual([{ partitions: ['WH1', 'WH2'] }]);
    expect(await st.audit.verify()).toMatchObject({ ok: true });
  });

  it('partitionBy decides the partitions: locks and audit chains follow it', async () => {
    const zone = (location: string) => location.split('/').slice(0, 2).join('/');
    // Not the audited storage: its scope check partitions by the first segment.
    const { storage, scopes } = recording(createMemoryStorage());
    const { st } = await twoWarehouses({ storage, partitionBy: zone });
    scopes.length = 0;
    await st.ledger.post({ id: 't1', kind: 'transfer', actor: 'li', lines: [{ sku: 'A-100', from: 'WH1/A/01', to: 'WH1/B/01', qty: '1' }] });
    expect(scopes).toEqual([{ partitions: ['WH1/A', 'WH1/B'] }]);
    expect((await st.audit.chains()).map((chain) => chain.chain)).toEqual([undefined, 'WH1/A', 'WH2/A']);
    expect(await st.audit.verify()).toMatchObject({ ok: true });
  });

  it('the partition function gives every location its partition, however many partitions it has seen (its cache starts again past 4 096)', async () => {
    const { checkedPartitionBy } = await import('../src/partitions.js');
    const byDefault = checkedPartitionBy(undefined);
    const custom = checkedPartitionBy((location) => `P-${location.split('/')[1]!}`);
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < 5_000; i++) {
        expect(byDefault(`W${i}/${i}/01`)).toBe(`W${i}`);
        expect(custom(`W${i}/${i}/01`)).toBe(`P-${i}`);
      }
    }
    expect(byDefault('WH1/A/01')).toBe(byDefault('WH1/B/02'));
    expect(() => checkedPartitionBy(() => '')('WH1/A')).toThrow(/partitionBy/);
  });

  it('a partitionBy that is not a function is refused when the engine is created', () => {
    let caught: unknown;
    try {
      createStocktake({ partitionBy: 'WH1' as never });
    } catch (error) {
      caught = error;
    }
    expect(isStocktakeError(caught) && { code: caught.code, path: caught.path }).toEqual({ code: 'invalid_input', path: ['options', 'partitionBy'] });
  });

  it('a partitionBy giving a bad partition (or throwing) ends the command in invalid_partition with its path, writing nothing', async () => {
    const bad = fc.oneof(
      fc.constant<unknown>(''),
      fc.integer().map((n): unknown => n),
      fc.constant<unknown>(undefined),
      fc.string({ minLength: 201, maxLength: 300 }).map((s): unknown => s),
      fc.string({ maxLength: 5 }).map((s): unknown => `${s}\u0007`),
      fc.constant<unknown>('\uD800'),
      fc.constant<unknown>(new Error('no partition')),
    );
    await fc.assert(
      fc.asyncProperty(bad, fc.constantFrom('WH1/A/01', 'WH2/A/01'), async (result, location) => {
        const storage = createMemoryStorage();
        const st = createStocktake({
          storage,
          partitionBy: (path) => {
            if (path !== location) return firstSegment(path);
            if (result instanceof Error) throw result;
            return result as string;
          },
        });
        await st.catalog.defineItem({ sku: 'A-100', baseUom: 'ea' });
        await st.catalog.defineLocation({ id: location });
        const before = await st.audit.list();
        const error = await st.ledger
          .post({ id: 'r1', kind: 'receipt', actor: 'li', lines: [{ sku: 'A-100', to: location, qty: '1' }] })
          .then(() => undefined, (caught: unknown) => caught);
        expect(isStocktakeError(error) && { code: error.code, type: error.type, path: error.path }).toEqual({
          code: 'invalid_partition',
          type: 'invalid_input',
          path: ['options', 'partitionBy'],
        });
        expect(await st.ledger.balances()).toEqual([]);
        expect(await st.audit.list()).toEqual(before);
      }),
      { numRuns: propertyRuns(60) },
    );
  });
});
