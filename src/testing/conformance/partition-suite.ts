/**
 * The storage conformance rules of write scopes (writes partitioned by warehouse): writers of
 * different partitions do not wait for each other, writers of one partition do, a store writer
 * excludes everyone, a catalog writer excludes partition and catalog writers, a bad scope is a
 * typed error, and transfers across warehouses racing single-warehouse posts never deadlock and
 * leave every balance and every audit chain right.
 *
 * @internal
 * @module
 */
import fc from 'fast-check';
import { createStocktake } from '../../engine.js';
import { isStocktakeError } from '../../errors.js';
import { GENESIS_HASH } from '../../audit/hash.js';
import type { AuditEvent } from '../../audit/types.js';
import type { StorageAdapter, WriteScope } from '../../storage/adapter.js';
import { auditEvent } from './fixtures.js';
import { checkStoredLedger, conformanceRuns, type PropertyContext } from './ledger-properties.js';
import type { SuiteContext } from './suite-context.js';

/** A transaction held open inside its locks until released. */
interface Held {
  readonly release: () => void;
  readonly done: Promise<unknown>;
}

/** Starts a read-write transaction of a scope and resolves once its work runs (its locks are taken). */
async function hold(storage: StorageAdapter, scope: WriteScope): Promise<Held> {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  let entered!: () => void;
  const inside = new Promise<void>((resolve) => (entered = resolve));
  const done = storage.transaction(
    async (tx) => {
      await tx.lastAuditEvent();
      entered();
      await gate;
    },
    { scope },
  );
  await Promise.race([inside, done]);
  return { release, done };
}

/** Whether a promise settles within `ms` milliseconds. */
async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  try {
    return await Promise.race([promise.then(() => true, () => true), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** A quick write transaction of a scope. */
function write(storage: StorageAdapter, scope: WriteScope): Promise<unknown> {
  return storage.transaction((tx) => tx.lastAuditEvent(), { scope });
}

const WAIT_MS = 150;
const WAREHOUSES = ['WH1', 'WH2', 'WH3'];

/**
 * Registers the write-scope rules. `parallel` is false for an adapter that runs one transaction
 * at a time (PGlite): it must accept every scope and stay correct, but cannot run two writers at
 * once.
 *
 * @internal
 */
export function registerPartitionConformance(suite: SuiteContext, context: PropertyContext, parallel: boolean): void {
  const { describe, it, expect } = suite;
  describe('writes partitioned by warehouse', () => {
    if (parallel) {
      it('a writer of another partition does not wait for a held one', async () => {
        const held = await hold(suite.storage(), { partitions: ['WH1'] });
        expect(await settlesWithin(write(suite.storage(), { partitions: ['WH2'] }), 5000), 'WH2 writer finished while WH1 was held').toBe(true);
        held.release();
        await held.done;
      });

      it('writers of one partition run one at a time', async () => {
        const held = await hold(suite.storage(), { partitions: ['WH1', 'WH2'] });
        const second = write(suite.storage(), { partitions: ['WH2'] });
        expect(await settlesWithin(second, WAIT_MS), 'WH2 writer waits for the held WH1+WH2 writer').toBe(false);
        held.release();
        await held.done;
        await second;
      });

      it('a store writer excludes every writer, and waits for them', async () => {
        const store = await hold(suite.storage(), 'store');
        const partition = write(suite.storage(), { partitions: ['WH3'] });
        const catalog = write(suite.storage(), 'catalog');
        expect(await settlesWithin(Promise.race([partition, catalog]), WAIT_MS), 'nobody writes beside a store writer').toBe(false);
        store.release();
        await Promise.all([store.done, partition, catalog]);
        const held = await hold(suite.storage(), { partitions: ['WH3'] });
        const after = write(suite.storage(), 'store');
        expect(await settlesWithin(after, WAIT_MS), 'a store writer waits for a partition writer').toBe(false);
        held.release();
        await Promise.all([held.done, after]);
      });

      it('a catalog writer excludes catalog and partition writers', async () => {
        const catalog = await hold(suite.storage(), 'catalog');
        const other = write(suite.storage(), 'catalog');
        const partition = write(suite.storage(), { partitions: ['WH1'] });
        expect(await settlesWithin(Promise.race([other, partition]), WAIT_MS), 'catalog and partition writers wait').toBe(false);
        catalog.release();
        await Promise.all([catalog.done, other, partition]);
      });
    } else {
      it('one transaction at a time: every scope is accepted and writers run in turn', async () => {
        const order: string[] = [];
        const scopes: WriteScope[] = [{ partitions: ['WH1'] }, { partitions: ['WH2', 'WH1'] }, 'catalog', 'store'];
        await Promise.all(scopes.map((scope, index) => suite.storage().transaction(async () => void order.push(String(index)), { scope })));
        expect([...order].sort()).toEqual(['0', '1', '2', '3']);
      });
    }

    it('audit chains: each links to its own head, heads by chain, numbers reserved increasing', async () => {
      const link = (seq: number, chain: string | undefined, previous?: AuditEvent): AuditEvent => ({
        ...auditEvent(seq),
        ...(chain === undefined ? {} : { chain }),
        prevHash: previous?.hash ?? GENESIS_HASH,
        hash: seq.toString(16).padStart(64, 'a'),
      });
      const reserved = await suite.tx((t) => t.reserveAuditSeqs(3));
      expect(reserved.length === 3 && reserved[0]! < reserved[1]! && reserved[1]! < reserved[2]!, `reserved ${reserved.join(',')}`).toBe(true);
      const a1 = link(10, 'WH1');
      const b1 = link(11, 'WH2');
      const a2 = link(12, 'WH1', a1);
      const s1 = link(13, undefined);
      for (const event of [a1, b1, a2, s1]) await suite.tx((t) => t.appendAuditEvents([event]));
      const [next] = await suite.tx((t) => t.reserveAuditSeqs(1));
      expect(next! > reserved[2]!, `next reserved ${next}`).toBe(true);
      expect(await suite.tx((t) => t.lastAuditEvent('WH1'))).toEqual(a2);
      expect(await suite.tx((t) => t.lastAuditEvent('WH2'))).toEqual(b1);
      expect(await suite.tx((t) => t.lastAuditEvent())).toEqual(s1);
      expect(await suite.tx((t) => t.lastAuditEvent('WH3'))).toBeUndefined();
      expect(await suite.tx((t) => t.auditChainHeads())).toEqual([s1, a2, b1]);
      // Linked to another chain's head, or not after its own head: refused, nothing appended.
      await expect(suite.tx((t) => t.appendAuditEvents([link(20, 'WH2', a2)]))).rejects.toThrow();
      await expect(suite.tx((t) => t.appendAuditEvents([link(9, 'WH1', a2)]))).rejects.toThrow();
      expect(await suite.tx((t) => t.listAuditEvents())).toEqual([a1, b1, a2, s1]);
    });

    it('a bad scope is refused with invalid_partition and the path of the bad field, running nothing', async () => {
      const badName = fc.oneof(
        fc.constant(''),
        fc.constant('WH\u0000'),
        fc.string({ minLength: 201, maxLength: 260 }),
        fc.integer(),
        fc.constant(null),
        fc.string({ minLength: 1, maxLength: 10 }).map((text) => `${text}\u001f`),
      );
      const badScope = fc.oneof(
        fc.record({ good: fc.array(fc.constantFrom(...WAREHOUSES), { maxLength: 2 }), bad: badName }).map(({ good, bad }) => ({
          scope: { partitions: [...good, bad] } as unknown,
          path: ['options', 'scope', 'partitions', good.length],
        })),
        fc.constantFrom<unknown>('warehouse', 7, null, { partitions: 'WH1' }, {}).map((scope) => ({ scope, path: ['options', 'scope'] })),
      );
      await fc.assert(
        fc.asyncProperty(badScope, async ({ scope, path }) => {
          let ran = false;
          const error = await suite
            .storage()
            .transaction(async () => void (ran = true), { scope: scope as WriteScope })
            .then(() => undefined, (caught: unknown) => caught);
          expect(isStocktakeError(error) ? { code: error.code, path: error.path } : error).toEqual({ code: 'invalid_partition', path });
          expect(ran).toBe(false);
        }),
        { numRuns: 50 },
      );
    });

    it('transfers across warehouses racing single-warehouse posts: no deadlock, balances = postings, every chain verifies', async () => {
      const op = fc.oneof(
        fc
          .record({ from: fc.constantFrom(...WAREHOUSES), to: fc.constantFrom(...WAREHOUSES), qty: fc.integer({ min: 1, max: 5 }) })
          .filter(({ from, to }) => from !== to)
          .map((transfer) => ({ kind: 'transfer' as const, ...transfer })),
        fc.record({ at: fc.constantFrom(...WAREHOUSES), qty: fc.integer({ min: 1, max: 5 }), receipt: fc.boolean() }).map((post) => ({ kind: 'post' as const, ...post })),
      );
      await fc.assert(
        fc.asyncProperty(fc.array(op, { minLength: 2, maxLength: 16 }), async (ops) => {
          const storage = await context.fresh();
          const st = createStocktake({ storage });
          await st.catalog.defineItem({ sku: 'A', baseUom: 'ea' });
          for (const warehouse of WAREHOUSES) await st.catalog.defineLocation({ id: `${warehouse}/A` });
          await st.ledger.postMany(WAREHOUSES.map((warehouse) => ({ id: `open-${warehouse}`, kind: 'receipt', actor: 'li', lines: [{ sku: 'A', to: `${warehouse}/A`, qty: '100' }] })));
          const results = await Promise.all(
            ops.map((o, index) =>
              o.kind === 'transfer'
                ? st.ledger.post({ id: `t-${index}`, kind: 'transfer', actor: 'li', lines: [{ sku: 'A', from: `${o.from}/A`, to: `${o.to}/A`, qty: String(o.qty) }] })
                : st.ledger.post({ id: `p-${index}`, kind: o.receipt ? 'receipt' : 'issue', actor: 'li', lines: [{ sku: 'A', ...(o.receipt ? { to: `${o.at}/A` } : { from: `${o.at}/A` }), qty: String(o.qty) }] }),
            ),
          );
          expect(results.every((result) => result.result === 'created')).toBe(true);
          const sums = await checkStoredLedger(suite.raw);
          const net = ops.reduce((total, o) => total + (o.kind === 'post' ? (o.receipt ? o.qty : -o.qty) : 0), 300);
          expect([...sums.values()].reduce((total, qty) => total + qty.toNumber(), 0)).toBe(net);
          expect(await st.audit.verify()).toMatchObject({ ok: true });
          const chains = await st.audit.chains();
          expect(chains.map((chain) => chain.chain)).toEqual([undefined, ...WAREHOUSES.filter((w) => chains.some((c) => c.chain === w))]);
          expect(chains.some((chain) => chain.chain === 'WH1')).toBe(true);
        }),
        { numRuns: Math.min(conformanceRuns(context.options), 25) },
      );
    }, 120_000);
  });
}
