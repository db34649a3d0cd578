import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MemoryLocks, RwLock } from '../../../src/storage/memory/locks.js';
import { resolveWriteScope } from '../../../src/storage/scope.js';
import { propertyRuns } from '../../support/property.js';

const ticks = async (count: number): Promise<void> => {
  for (let i = 0; i < count; i++) await Promise.resolve();
};

describe('in-memory locks', () => {
  it('a readers/writer lock: an exclusive holder is alone, shared holders overlap, every request is served', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.record({ exclusive: fc.boolean(), hold: fc.nat(5), delay: fc.nat(5) }), { minLength: 1, maxLength: 30 }), async (requests) => {
        const lock = new RwLock();
        let readers = 0;
        let writers = 0;
        await Promise.all(
          requests.map(async ({ exclusive, hold, delay }) => {
            await ticks(delay);
            const release = await lock.acquire(exclusive);
            if (exclusive) writers++;
            else readers++;
            expect(writers <= 1 && (writers === 0 || readers === 0)).toBe(true);
            await ticks(hold);
            if (exclusive) writers--;
            else readers--;
            release();
          }),
        );
        expect(readers + writers).toBe(0);
      }),
      { numRuns: propertyRuns(100) },
    );
  });

  it('shared holders hold at once', async () => {
    const lock = new RwLock();
    const [a, b] = await Promise.all([lock.acquire(false), lock.acquire(false)]);
    a();
    b();
    const exclusive = await lock.acquire(true);
    exclusive();
  });

  it('a waiting writer is not overtaken by readers that come after it', async () => {
    const lock = new RwLock();
    const order: string[] = [];
    const first = await lock.acquire(false);
    const writer = lock.acquire(true).then((release) => (order.push('writer'), release()));
    const reader = lock.acquire(false).then((release) => (order.push('reader'), release()));
    await ticks(5);
    expect(order).toEqual([]);
    first();
    await Promise.all([writer, reader]);
    expect(order).toEqual(['writer', 'reader']);
  });

  it('scopes: different partitions overlap, the same partition and the store do not, and nothing deadlocks', async () => {
    const scope = fc.oneof(
      fc.constant<'store' | 'catalog'>('store'),
      fc.constant<'store' | 'catalog'>('catalog'),
      fc.subarray(['WH1', 'WH2', 'WH3'], { minLength: 1 }).map((partitions) => ({ partitions })),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(fc.record({ scope, hold: fc.nat(4), delay: fc.nat(4) }), { minLength: 1, maxLength: 25 }), async (requests) => {
        const locks = new MemoryLocks();
        const held = new Map<string, number>();
        const take = (name: string, by: number) => held.set(name, (held.get(name) ?? 0) + by);
        await Promise.all(
          requests.map(async ({ scope: given, hold, delay }) => {
            await ticks(delay);
            const resolved = resolveWriteScope(given);
            const names = resolved.kind === 'partitions' ? resolved.partitions.map((p) => `p:${p}`) : [resolved.kind];
            const release = await locks.acquire(resolved);
            for (const name of names) take(name, 1);
            // A store writer is alone; a catalog writer is alone with the catalog and every partition.
            const total = [...held.values()].reduce((a, b) => a + b, 0);
            if (resolved.kind === 'store') expect(total).toBe(1);
            if (resolved.kind === 'catalog') expect(total).toBe(1);
            for (const name of names) expect(held.get(name)).toBe(1);
            await ticks(hold);
            for (const name of names) take(name, -1);
            release();
          }),
        );
      }),
      { numRuns: propertyRuns(100) },
    );
  });
});
