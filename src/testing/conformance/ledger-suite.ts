/**
 * The storage conformance rules of ledger.
 *
 * @internal
 * @module
 */
import { stockKeyId, type StockKey } from '../../ledger/key.js';
import type { Balance } from '../../ledger/types.js';
import { D } from '../../quantity/decimal.js';
import type { StorageTransaction } from '../../storage/adapter.js';
import { T0, at, appendByHand, ITEM, session, entry, auditEvent, sameDecimal, rawKeyId, delay } from './fixtures.js';
import type { SuiteContext } from './suite-context.js';

/** Registers the rules of ledger. @internal */
export function registerLedgerConformance({ raw, describe, it, expect, tx, storage }: SuiteContext): void {
  describe('ledger', () => {
    it('appendMovements stores the movement, its postings and balances atomically', async () => {
      const movement = await tx((t) => appendByHand(t, 'rcv-1', [{ sku: 'A', to: 'WH1/A/01', qty: '10' }, { sku: 'B', to: 'WH1/A/02', qty: '2.5' }], { kind: 'receipt' }));
      expect(movement.seq).toBe(1);
      await tx((t) => appendByHand(t, 'mv-1', [{ sku: 'A', from: 'WH1/A/01', to: 'WH1/B/01', qty: '4' }], { occurredAt: at(5) }));
      const movements = await raw.movements();
      expect(movements.map((m) => [m.id, m.seq, m.lineCount, m.fingerprint])).toEqual([
        ['rcv-1', 1, 2, 'fp:rcv-1'],
        ['mv-1', 2, 1, 'fp:mv-1'],
      ]);
      const postings = await raw.postings();
      expect(postings).toHaveLength(4);
      const deltas = new Map<string, InstanceType<typeof D>>();
      for (const p of postings) deltas.set(rawKeyId(p), (deltas.get(rawKeyId(p)) ?? new D(0)).plus(p.delta));
      const balances = await raw.balances();
      expect(balances).toHaveLength(3);
      for (const balance of balances) expect(sameDecimal(balance.qty, deltas.get(rawKeyId(balance))!.toFixed()), rawKeyId(balance)).toBe(true);
      const a01 = balances.find((b) => b.sku === 'A' && b.location === 'WH1/A/01')!;
      expect([a01.qty, a01.version]).toEqual([expect.any(String), 2]);
      expect(sameDecimal(a01.qty, '6')).toBe(true);
      expect(postings.find((p) => p.movementId === 'mv-1' && p.location === 'WH1/B/01')).toMatchObject({ lineIndex: 0, lot: null, serial: null });
      expect(Date.parse(postings.find((p) => p.movementId === 'mv-1')!.occurredAt)).toBe(Date.parse(at(5)));
    });

    it('appendMovements stores a batch in one call: consecutive seqs in order, every posting, each key at its last balance', async () => {
      await tx((t) => appendByHand(t, 'first', [{ sku: 'A', to: 'WH1/A/01', qty: '1' }], { kind: 'receipt' }));
      const write = (id: string, delta: string, qty: string, version: number, location = 'WH1/A/01') => {
        const key = { sku: 'A', location };
        return {
          movement: { id, kind: 'receipt' as const, occurredAt: at(1), recordedAt: at(1), actor: 'li', lines: [{ sku: 'A', to: location, qty: delta }], fingerprint: `fp:${id}` },
          postings: [{ movementId: id, lineIndex: 0, key, delta, occurredAt: at(1), recordedAt: at(1), kind: 'receipt' as const, actor: 'li' }],
          balances: [{ key, qty, version, lastOccurredAt: at(1) }],
        };
      };
      const stored = await tx((t) => t.appendMovements([write('b1', '2', '3', 2), write('b2', '4', '4', 1, 'WH1/A/02'), write('b3', '5', '8', 3)]));
      expect(stored.map((m) => [m.id, m.seq])).toEqual([['b1', 2], ['b2', 3], ['b3', 4]]);
      expect(await tx((t) => t.getMovement('b3'))).toEqual(stored[2]);
      expect((await raw.movements()).sort((a, b) => a.seq - b.seq).map((m) => [m.id, m.seq])).toEqual([['first', 1], ['b1', 2], ['b2', 3], ['b3', 4]]);
      expect((await tx((t) => t.listPostings({}))).map((p) => [p.movementId, p.seq, p.delta])).toEqual([['first', 1, '1'], ['b1', 2, '2'], ['b2', 3, '4'], ['b3', 4, '5']]);
      const balances = (await raw.balances()).map((b) => [b.location, new D(b.qty).toFixed(), b.version]).sort();
      expect(balances).toEqual([['WH1/A/01', '8', 3], ['WH1/A/02', '4', 1]]);
      expect(await tx((t) => t.appendMovements([]))).toEqual([]);
      expect((await raw.rowCounts()).movements).toBe(4);
    });

    it('getMovements reads several movements by id; missing ids are absent', async () => {
      const a = await tx((t) => appendByHand(t, 'm-a', [{ sku: 'A', to: 'WH1/A/01', qty: '1' }], { kind: 'receipt' }));
      const b = await tx((t) => appendByHand(t, 'm-b', [{ sku: 'A', from: 'WH1/A/01', qty: '1' }], { kind: 'issue' }));
      const found = await tx((t) => t.getMovements(['m-b', 'nope', 'm-a', 'm-b']));
      expect([...found.keys()].sort()).toEqual(['m-a', 'm-b']);
      expect(found.get('m-a')).toEqual(a);
      expect(found.get('m-b')).toEqual(b);
      expect((await tx((t) => t.getMovements([]))).size).toBe(0);
    });

    it('getMovement and listMovements read back every field of a movement as written', async () => {
      const written = await tx((t) =>
        appendByHand(t, 'adj-1', [{ sku: 'L', to: 'WH1/A/01', qty: '24', lot: 'LOT-7' }], {
          kind: 'count_adjustment',
          occurredAt: '2026-03-02T08:00:00.001Z',
          recordedAt: '2026-03-02T09:59:59.999Z',
          actor: 'zhao',
          reference: 'PO-4711',
          reason: 'found behind the shelf',
          reasonCode: 'found',
          override: { reason: 'urgent order' },
          sessionId: 'cs-1',
          lines: [{ sku: 'L', to: 'WH1/A/01', qty: '24', lot: 'LOT-7', enteredQty: '2', enteredUom: 'case' }],
        }),
      );
      const plain = await tx((t) => appendByHand(t, 'rcv-2', [{ sku: 'S', to: 'WH1/A/01', qty: '1', serial: 'SN-1' }], { kind: 'receipt' }));
      expect(await tx((t) => t.getMovement('adj-1'))).toEqual(written);
      expect(await tx((t) => t.getMovement('rcv-2'))).toEqual(plain);
      expect(Object.keys((await tx((t) => t.getMovement('rcv-2')))!).sort()).toEqual(
        ['actor', 'fingerprint', 'id', 'kind', 'lines', 'occurredAt', 'recordedAt', 'seq'],
      );
      expect(await tx((t) => t.getMovement('nope'))).toBeUndefined();
      expect(await tx((t) => t.listMovements({}))).toEqual([written, plain]);
    });

    it('movement sequence numbers increase in store order, unique; a rolled-back transaction may leave a gap', async () => {
      for (let i = 1; i <= 11; i++) {
        if (i === 4) {
          await expect(
            tx(async (t) => {
              await appendByHand(t, 'rolled-back', [{ sku: 'A', to: 'WH1/A/01', qty: '1' }], { kind: 'receipt' });
              throw new Error('abort');
            }),
          ).rejects.toThrow('abort');
        }
        await tx((t) => appendByHand(t, `m-${i}`, [{ sku: 'A', to: 'WH1/A/01', qty: '1' }], { kind: 'receipt', occurredAt: at(i) }));
      }
      const stored = (await raw.movements()).sort((a, b) => a.seq - b.seq);
      // Numbers come from a sequence, not a row every writer waits for: the rolled-back one is lost.
      const seqs = stored.map((m) => m.seq);
      expect(seqs[0]).toBe(1);
      expect(new Set(seqs).size).toBe(11);
      expect(seqs[seqs.length - 1]! <= 12, `last seq ${seqs[seqs.length - 1]}`).toBe(true);
      expect(stored.map((m) => m.id)).toEqual(Array.from({ length: 11 }, (_, i) => `m-${i + 1}`));
      expect((await tx((t) => t.listMovements({}))).map((m) => m.id)).toEqual(stored.map((m) => m.id));
      expect((await tx((t) => t.listPostings({}))).map((p) => p.movementId)).toEqual(stored.map((m) => m.id));
    });

    it('a transaction that throws leaves no trace', async () => {
      await tx((t) => appendByHand(t, 'kept', [{ sku: 'A', to: 'WH1/A/01', qty: '3' }], { kind: 'receipt' }));
      const before = await raw.rowCounts();
      const balancesBefore = await raw.balances();
      await expect(
        tx(async (t) => {
          await t.putItem(ITEM);
          await t.putLocation({ id: 'WH9' });
          await t.addCustodianAssignment({ location: 'WH9', custodians: ['li'], from: T0, actor: 'zhao', recordedAt: T0 });
          await appendByHand(t, 'lost', [{ sku: 'A', from: 'WH1/A/01', to: 'WH9', qty: '2' }]);
          await t.insertSession(session('cs-x'));
          await t.insertSnapshot('cs-x', [{ key: { sku: 'A', location: 'WH1/A/01' }, qty: '3' }]);
          await t.insertEntry(entry('cs-x', 'e-1'));
          await t.insertLocationMark({ sessionId: 'cs-x', location: 'WH1/A/01', round: 1, status: 'complete', at: T0, actor: 'li' });
          await t.insertCountRecords([{ key: { sku: 'A', location: 'WH1/A/01' }, sessionId: 'cs-x', countedAt: T0, qty: '3', variance: '0', postedAt: T0 }]);
          await t.insertException({ id: 'x-1', kind: 'backdated_movement', movementId: 'lost', keys: [], sessionIds: [], raisedAt: T0, status: 'open' });
          await t.appendAuditEvents([auditEvent(1)]);
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
      expect(await raw.rowCounts()).toEqual(before);
      expect(await raw.balances()).toEqual(balancesBefore);
      // The catalog's counters rolled back too; movement numbers come from a sequence, which
      // does not give back the number the lost transaction took (a gap, never a repeat).
      expect((await tx((t) => appendByHand(t, 'next', [{ sku: 'A', to: 'WH1/A/01', qty: '1' }], { kind: 'receipt' }))).seq > 1).toBe(true);
      expect((await tx((t) => t.addCustodianAssignment({ location: 'WH9', custodians: [], from: T0, actor: 'zhao', recordedAt: T0 }))).seq).toBe(1);
    });

    it('lockBalances returns the current balance and version of each key and omits keys never posted to', async () => {
      await tx((t) => appendByHand(t, 'r1', [{ sku: 'A', to: 'WH1/A/01', qty: '7' }, { sku: 'A', to: 'WH1/A/01', qty: '1', lot: 'L1' }], { kind: 'receipt' }));
      await tx((t) => appendByHand(t, 'r2', [{ sku: 'A', to: 'WH1/A/01', qty: '2' }], { kind: 'receipt' }));
      const keys: StockKey[] = [
        { sku: 'A', location: 'WH1/A/01' },
        { sku: 'A', location: 'WH1/A/01', lot: 'L1' },
        { sku: 'A', location: 'WH1/A/02' },
      ];
      const locked = await tx((t) => t.lockBalances(keys));
      expect([...locked.byKeyId.entries()].sort(([a], [b]) => (a < b ? -1 : 1))).toEqual([
        [stockKeyId(keys[0]!), { key: keys[0], qty: '9', version: 2, lastOccurredAt: T0 }],
        [stockKeyId(keys[1]!), { key: keys[1], qty: '1', version: 1, lastOccurredAt: T0 }],
      ]);
      expect((await tx((t) => t.lockBalances([]))).byKeyId.size).toBe(0);
    });

    it('a writer that locks a key waits for the transaction holding it and then sees its balance', async () => {
      const key = { sku: 'A', location: 'WH1/A/01' };
      await tx((t) => appendByHand(t, 'r0', [{ sku: 'A', to: 'WH1/A/01', qty: '10' }], { kind: 'receipt' }));
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      let firstLocked!: () => void;
      const locked = new Promise<void>((resolve) => (firstLocked = resolve));
      const first = tx(async (t) => {
        await t.lockBalances([key]);
        firstLocked();
        await gate;
        return appendByHand(t, 'i1', [{ sku: 'A', from: 'WH1/A/01', qty: '4' }], { kind: 'issue' });
      });
      await locked;
      const second = tx(async (t) => {
        const seen = await t.lockBalances([key]);
        await appendByHand(t, 'i2', [{ sku: 'A', from: 'WH1/A/01', qty: '5' }], { kind: 'issue' });
        return seen.byKeyId.get(stockKeyId(key));
      });
      await delay(50);
      release();
      await first;
      expect(await second).toEqual({ key, qty: '6', version: 2, lastOccurredAt: T0 });
      const balance = (await raw.balances())[0]!;
      expect(sameDecimal(balance.qty, '1')).toBe(true);
      expect(balance.version).toBe(3);
    });

    it('listBalances filters by sku, lot and subtree without matching siblings (WH1/A vs WH1/AB), hides zero unless asked, orders by key', async () => {
      await tx((t) =>
        appendByHand(
          t,
          'r1',
          [
            { sku: 'B', to: 'WH1/AB/01', qty: '1' },
            { sku: 'A', to: 'WH1/A/02', qty: '2' },
            { sku: 'A', to: 'WH1/A', qty: '3' },
            { sku: 'A', to: 'WH1/A-1', qty: '4' },
            { sku: 'A', to: 'WH1/A/01', qty: '5', lot: 'L2' },
            { sku: 'A', to: 'WH1/A/01', qty: '6', lot: 'L1' },
            { sku: 'B', to: 'WH1/A/01', qty: '7' },
          ],
          { kind: 'receipt' },
        ),
      );
      await tx((t) => appendByHand(t, 'i1', [{ sku: 'A', from: 'WH1/A/02', qty: '2' }], { kind: 'issue' }));
      const ids = (balances: Balance[]) => balances.map((b) => `${b.key.sku} ${b.key.location} ${b.key.lot ?? '-'} ${b.qty}`);
      expect(ids(await tx((t) => t.listBalances({ location: 'WH1/A' })))).toEqual([
        'A WH1/A - 3',
        'A WH1/A/01 L1 6',
        'A WH1/A/01 L2 5',
        'B WH1/A/01 - 7',
      ]);
      expect(ids(await tx((t) => t.listBalances({ location: 'WH1/A', includeZero: true })))).toContain('A WH1/A/02 - 0');
      expect(ids(await tx((t) => t.listBalances({ sku: 'A', lot: 'L1' })))).toEqual(['A WH1/A/01 L1 6']);
      expect(ids(await tx((t) => t.listBalances({ sku: 'B' })))).toEqual(['B WH1/A/01 - 7', 'B WH1/AB/01 - 1']);
      const all = await tx((t) => t.listBalances({ includeZero: true }));
      expect(all.map((b) => stockKeyId(b.key))).toEqual(all.map((b) => stockKeyId(b.key)).sort());
      expect(all).toHaveLength(7);
    });

    it('quantityAsOf sums the postings that happened at or before the instant, per exact key', async () => {
      const key = { sku: 'A', location: 'WH1/A/01' };
      await tx((t) => appendByHand(t, 'r1', [{ sku: 'A', to: 'WH1/A/01', qty: '10' }], { kind: 'receipt', occurredAt: at(10) }));
      await tx((t) => appendByHand(t, 'r2', [{ sku: 'A', to: 'WH1/A/01', qty: '5', lot: 'L1' }], { kind: 'receipt', occurredAt: at(10) }));
      await tx((t) => appendByHand(t, 'i1', [{ sku: 'A', from: 'WH1/A/01', qty: '3' }], { kind: 'issue', occurredAt: at(30) }));
      // Recorded last, dated first: business time decides, not store order.
      await tx((t) => appendByHand(t, 'r0', [{ sku: 'A', to: 'WH1/A/01', qty: '0.25' }], { kind: 'receipt', occurredAt: at(0), recordedAt: at(60) }));
      const asOf = (minutes: number, k: StockKey = key) => tx((t) => t.quantityAsOf(k, at(minutes)));
      expect(await asOf(-1)).toBe('0');
      expect(await asOf(0)).toBe('0.25');
      expect(await asOf(10)).toBe('10.25');
      expect(await tx((t) => t.quantityAsOf(key, '2026-03-02T08:29:59.999Z'))).toBe('10.25');
      expect(await asOf(30)).toBe('7.25');
      expect(await asOf(30, { ...key, lot: 'L1' })).toBe('5');
      expect(await asOf(30, { sku: 'A', location: 'WH1/A' })).toBe('0');
      // An adapter with the set-based balancesAsOf answers as quantityAsOf does, key by key.
      const t0 = await tx(async (t) => t.balancesAsOf?.({ location: 'WH1/A', includeZero: true }, at(10)));
      if (t0 !== undefined) {
        expect(t0.map((b) => [stockKeyId(b.key), b.qty])).toEqual([
          [stockKeyId(key), '10.25'],
          [stockKeyId({ ...key, lot: 'L1' }), '5'],
        ]);
        expect(await tx(async (t) => t.balancesAsOf!({ sku: 'A' }, at(-1)))).toEqual([]);
        expect((await tx(async (t) => t.balancesAsOf!({ sku: 'A', lot: 'L1' }, at(30)))).map((b) => b.qty)).toEqual(['5']);
      }
    });

    it('listMovements filters by kinds, afterSeq, business-time range (inclusive), sku, location subtree and limit', async () => {
      await tx((t) => appendByHand(t, 'r1', [{ sku: 'A', to: 'WH1/A/01', qty: '10' }], { kind: 'receipt', occurredAt: at(1) }));
      await tx((t) => appendByHand(t, 'r2', [{ sku: 'B', to: 'WH1/AB/01', qty: '10' }], { kind: 'receipt', occurredAt: at(2) }));
      await tx((t) => appendByHand(t, 't1', [{ sku: 'A', from: 'WH1/A/01', to: 'WH2/X', qty: '1' }], { kind: 'transfer', occurredAt: at(3) }));
      await tx((t) => appendByHand(t, 'i1', [{ sku: 'B', from: 'WH1/AB/01', qty: '1' }], { kind: 'issue', occurredAt: at(4) }));
      const ids = async (filter: Parameters<StorageTransaction['listMovements']>[0]) => (await tx((t) => t.listMovements(filter))).map((m) => m.id);
      expect(await ids({ kinds: ['receipt', 'issue'] })).toEqual(['r1', 'r2', 'i1']);
      expect(await ids({ kinds: [] })).toEqual([]);
      expect(await ids({ afterSeq: 2 })).toEqual(['t1', 'i1']);
      expect(await ids({ afterSeq: 1, limit: 2 })).toEqual(['r2', 't1']);
      expect(await ids({ occurredFrom: at(2), occurredTo: at(3) })).toEqual(['r2', 't1']);
      expect(await ids({ sku: 'A' })).toEqual(['r1', 't1']);
      expect(await ids({ location: 'WH1/A' })).toEqual(['r1', 't1']);
      expect(await ids({ location: 'WH2' })).toEqual(['t1']);
      expect(await ids({ location: 'WH1/AB', sku: 'B', kinds: ['issue'] })).toEqual(['i1']);
      expect(await ids({ sku: 'A', afterSeq: 1 })).toEqual(['t1']);
      expect(await ids({ location: 'WH1', limit: 3 })).toEqual(['r1', 'r2', 't1']);
      expect(await ids({ sku: 'B', location: 'WH1', afterSeq: 2, limit: 1 })).toEqual(['i1']);
      // A bin that holds stock itself and has bins below it; a movement with two lines in it counts once.
      await tx((t) => appendByHand(t, 'r5', [{ sku: 'A', to: 'WH1/A', qty: '1' }], { kind: 'receipt', occurredAt: at(5) }));
      await tx((t) => appendByHand(t, 'm6', [{ sku: 'A', from: 'WH1/A/01', to: 'WH1/A/02', qty: '1' }, { sku: 'A', from: 'WH1/A', to: 'WH1/A/01', qty: '1' }], { occurredAt: at(6) }));
      expect(await ids({ location: 'WH1/A' })).toEqual(['r1', 't1', 'r5', 'm6']);
      expect(await ids({ location: 'WH1/A', limit: 3 })).toEqual(['r1', 't1', 'r5']);
      expect(await ids({ location: 'WH1/A', afterSeq: 3, limit: 2 })).toEqual(['r5', 'm6']);
      expect(await ids({ location: 'WH1/A/01', afterSeq: 1, limit: 2 })).toEqual(['t1', 'm6']);
    });

    it('listPostings filters by keys, skus, subtree, business-time range and recordedAfter (exclusive), in store order', async () => {
      await tx((t) => appendByHand(t, 'r1', [{ sku: 'A', to: 'WH1/A/01', qty: '10' }, { sku: 'B', to: 'WH1/A/02', qty: '1' }], { kind: 'receipt', occurredAt: at(1), recordedAt: at(1) }));
      await tx((t) => appendByHand(t, 't1', [{ sku: 'A', from: 'WH1/A/01', to: 'WH1/AB/01', qty: '4' }], { occurredAt: at(2), recordedAt: at(5) }));
      await tx((t) => appendByHand(t, 'r2', [{ sku: 'A', to: 'WH1/A/01', qty: '1', lot: 'L' }], { kind: 'receipt', occurredAt: at(3), recordedAt: at(6) }));
      const list = async (filter: Parameters<StorageTransaction['listPostings']>[0]) =>
        (await tx((t) => t.listPostings(filter))).map((p) => `${p.movementId}:${p.lineIndex}:${p.key.location}${p.key.lot ? `:${p.key.lot}` : ''}:${p.delta}`);
      expect(await list({})).toEqual(['r1:0:WH1/A/01:10', 'r1:1:WH1/A/02:1', 't1:0:WH1/A/01:-4', 't1:0:WH1/AB/01:4', 'r2:0:WH1/A/01:L:1']);
      expect(await list({ keys: [{ sku: 'A', location: 'WH1/A/01' }] })).toEqual(['r1:0:WH1/A/01:10', 't1:0:WH1/A/01:-4']);
      expect(await list({ keys: [] })).toEqual([]);
      expect(await list({ skus: ['B'] })).toEqual(['r1:1:WH1/A/02:1']);
      expect(await list({ location: 'WH1/A', occurredFrom: at(2) })).toEqual(['t1:0:WH1/A/01:-4', 'r2:0:WH1/A/01:L:1']);
      expect(await list({ occurredTo: at(2), skus: ['A'] })).toEqual(['r1:0:WH1/A/01:10', 't1:0:WH1/A/01:-4', 't1:0:WH1/AB/01:4']);
      expect(await list({ recordedAfter: at(5) })).toEqual(['r2:0:WH1/A/01:L:1']);
      const [posting] = await tx((t) => t.listPostings({ keys: [{ sku: 'A', location: 'WH1/A/01', lot: 'L' }] }));
      expect(posting).toEqual({
        movementId: 'r2',
        seq: 3,
        lineIndex: 0,
        key: { sku: 'A', location: 'WH1/A/01', lot: 'L' },
        delta: '1',
        occurredAt: at(3),
        recordedAt: at(6),
        kind: 'receipt',
        actor: 'li',
      });
    });

    it('listPostingsFrom reads each key from its own business time on (inclusive), the whole history without one, in store order', async () => {
      const a = { sku: 'A', location: 'WH1/A/01' };
      const lot = { ...a, lot: 'L' };
      const b = { sku: 'B', location: 'WH1/A/02' };
      await tx((t) => appendByHand(t, 'r1', [{ sku: 'A', to: 'WH1/A/01', qty: '10' }, { sku: 'B', to: 'WH1/A/02', qty: '1' }], { kind: 'receipt', occurredAt: at(1) }));
      await tx((t) => appendByHand(t, 'i1', [{ sku: 'A', from: 'WH1/A/01', qty: '2' }, { sku: 'B', from: 'WH1/A/02', qty: '1' }], { kind: 'issue', occurredAt: at(2) }));
      await tx((t) => appendByHand(t, 'r2', [{ sku: 'A', to: 'WH1/A/01', qty: '1', lot: 'L' }], { kind: 'receipt', occurredAt: at(3) }));
      // Recorded last, dated first: the bound is on business time, not on store order.
      await tx((t) => appendByHand(t, 'r0', [{ sku: 'A', to: 'WH1/A/01', qty: '5' }], { kind: 'receipt', occurredAt: at(0), recordedAt: at(9) }));
      await tx((t) => appendByHand(t, 'r3', [{ sku: 'A', to: 'WH1/A/01', qty: '3' }], { kind: 'receipt', occurredAt: at(4) }));
      const read = async (bounds: Parameters<NonNullable<StorageTransaction['listPostingsFrom']>>[0]) => {
        const postings = await tx(async (t) => t.listPostingsFrom?.(bounds));
        return postings?.map((p) => `${p.movementId}:${p.key.sku}${p.key.lot ? `:${p.key.lot}` : ''}:${p.delta}`);
      };
      if ((await read([])) === undefined) return;
      expect(await read([])).toEqual([]);
      expect(await read([{ key: a, occurredFrom: at(2) }, { key: b }])).toEqual(['r1:B:1', 'i1:A:-2', 'i1:B:-1', 'r3:A:3']);
      expect(await read([{ key: a, occurredFrom: at(2) }, { key: b, occurredFrom: at(3) }])).toEqual(['i1:A:-2', 'r3:A:3']);
      expect(await read([{ key: a, occurredFrom: '2026-03-02T08:01:59.999Z' }])).toEqual(['i1:A:-2', 'r3:A:3']);
      expect(await read([{ key: a }])).toEqual(['r1:A:10', 'i1:A:-2', 'r0:A:5', 'r3:A:3']);
      expect(await read([{ key: lot, occurredFrom: at(3) }, { key: a, occurredFrom: at(5) }])).toEqual(['r2:A:L:1']);
      // A key given twice is read once, from the earlier bound; a key never posted to reads nothing.
      expect(await read([{ key: a, occurredFrom: at(4) }, { key: a, occurredFrom: at(2) }])).toEqual(['i1:A:-2', 'r3:A:3']);
      expect(await read([{ key: a, occurredFrom: at(4) }, { key: a }])).toEqual(['r1:A:10', 'i1:A:-2', 'r0:A:5', 'r3:A:3']);
      expect(await read([{ key: { sku: 'C', location: 'WH1/A/01' } }])).toEqual([]);
      // The same postings, field for field, as listPostings gives for the key and the range.
      const bounded = await tx(async (t) => t.listPostingsFrom!([{ key: a, occurredFrom: at(2) }]));
      expect(bounded).toEqual(await tx((t) => t.listPostings({ keys: [a], occurredFrom: at(2) })));
    });

    it('lastMovementsAsOf dates each selected key\'s latest posting at or before the instant, with and without count adjustments, by key id', async () => {
      const a = { sku: 'A', location: 'WH1/A/01' };
      await tx((t) => appendByHand(t, 'r1', [{ sku: 'A', to: 'WH1/A/01', qty: '10' }, { sku: 'B', to: 'WH1/B/01', qty: '1' }], { kind: 'receipt', occurredAt: at(1) }));
      await tx((t) => appendByHand(t, 'i1', [{ sku: 'A', from: 'WH1/A/01', qty: '2' }], { kind: 'issue', occurredAt: at(5) }));
      await tx((t) => appendByHand(t, 'c1', [{ sku: 'A', to: 'WH1/A/01', qty: '1' }], { kind: 'count_adjustment', occurredAt: at(8) }));
      // Recorded last, dated before the count adjustment: business time decides.
      await tx((t) => appendByHand(t, 'r0', [{ sku: 'A', to: 'WH1/A/01', qty: '3', lot: 'L' }, { sku: 'A', to: 'WH1/A/01', qty: '1' }], { kind: 'receipt', occurredAt: at(6), recordedAt: at(20) }));
      await tx((t) => appendByHand(t, 'i2', [{ sku: 'B', from: 'WH1/B/01', qty: '1' }], { kind: 'issue', occurredAt: at(30) }));
      const read = async (filter: Parameters<NonNullable<StorageTransaction['lastMovementsAsOf']>>[0], minutes: number) =>
        (await tx(async (t) => t.lastMovementsAsOf?.(filter, at(minutes))))?.map((m) => [stockKeyId(m.key), m.lastMovedAt, m.lastPostedAt]);
      if ((await read({}, 0)) === undefined) return;
      const lot = stockKeyId({ ...a, lot: 'L' });
      const b = stockKeyId({ sku: 'B', location: 'WH1/B/01' });
      // Every key with a balance, zero ones included (B is back to zero), ordered by key id.
      expect(await read({}, 60)).toEqual([
        [stockKeyId(a), at(6), at(8)],
        [lot, at(6), at(6)],
        [b, at(30), at(30)],
      ]);
      // As of an earlier instant; a key with nothing dated by then has neither date.
      expect(await read({}, 5)).toEqual([
        [stockKeyId(a), at(5), at(5)],
        [lot, null, null],
        [b, at(1), at(1)],
      ]);
      expect(await read({ sku: 'A' }, 7)).toEqual([
        [stockKeyId(a), at(6), at(6)],
        [lot, at(6), at(6)],
      ]);
      expect(await read({ location: 'WH1/B' }, 29)).toEqual([[b, at(1), at(1)]]);
      expect(await read({ sku: 'A', lot: 'L' }, 60)).toEqual([[lot, at(6), at(6)]]);
      expect(await read({ sku: 'C' }, 60)).toEqual([]);
      // Only count adjustments by then: moved never, posted at the adjustment.
      await tx((t) => appendByHand(t, 'c2', [{ sku: 'C', to: 'WH1/A/02', qty: '4' }], { kind: 'count_adjustment', occurredAt: at(2) }));
      expect(await read({ sku: 'C' }, 60)).toEqual([[stockKeyId({ sku: 'C', location: 'WH1/A/02' }), null, at(2)]]);
    });

    it('quantities keep 12 decimal places and 30 integer digits exactly', async () => {
      const big = '999999999999999999999999999999.999999999999';
      const tiny = '0.000000000001';
      await tx((t) => appendByHand(t, 'r1', [{ sku: 'A', to: 'WH1/A/01', qty: big }], { kind: 'receipt' }));
      await tx((t) => appendByHand(t, 'r2', [{ sku: 'A', to: 'WH1/A/01', qty: tiny }], { kind: 'receipt', occurredAt: at(1) }));
      await tx((t) => appendByHand(t, 'i1', [{ sku: 'A', from: 'WH1/A/01', qty: '0.1' }, { sku: 'A', from: 'WH1/A/01', qty: '0.2' }], { kind: 'issue', occurredAt: at(2) }));
      const key = { sku: 'A', location: 'WH1/A/01' };
      expect((await tx((t) => t.listBalances({})))[0]!.qty).toBe('999999999999999999999999999999.700000000000'.replace(/0+$/, ''));
      expect(await tx((t) => t.quantityAsOf(key, at(1)))).toBe('1000000000000000000000000000000');
      expect(await tx((t) => t.quantityAsOf(key, at(0)))).toBe(big);
      expect((await tx((t) => t.getMovement('r2')))!.lines[0]!.qty).toBe(tiny);
      expect((await tx((t) => t.listPostings({ keys: [key] }))).map((p) => p.delta)).toEqual([big, tiny, '-0.1', '-0.2']);
      expect(sameDecimal((await raw.balances())[0]!.qty, '999999999999999999999999999999.7')).toBe(true);
      expect((await raw.postings()).some((p) => sameDecimal(p.delta, tiny))).toBe(true);
    });

    it('instants read back in UTC with milliseconds exactly as written', async () => {
      const instants = ['1000-01-01T00:00:00.000Z', '2026-03-29T01:30:00.000Z', '2026-10-25T00:59:59.999Z', '9999-12-31T23:59:59.999Z'];
      for (const [i, instant] of instants.entries()) {
        await tx((t) => appendByHand(t, `m-${i}`, [{ sku: 'A', to: 'WH1/A/01', qty: '1' }], { kind: 'receipt', occurredAt: instant, recordedAt: '2026-03-02T08:00:00.010Z' }));
      }
      const movements = await tx((t) => t.listMovements({}));
      expect(movements.map((m) => m.occurredAt)).toEqual(instants);
      expect(movements.map((m) => m.recordedAt)).toEqual(instants.map(() => '2026-03-02T08:00:00.010Z'));
      expect(await tx((t) => t.quantityAsOf({ sku: 'A', location: 'WH1/A/01' }, '2026-10-25T00:59:59.998Z'))).toBe('2');
    });

    it('identifiers with quotes, wildcards, backslashes and non-Latin letters are stored as data, never as SQL', async () => {
      const sku = `x'); DROP TABLE items; --"\\%_ 螺栓`;
      const location = `W'H"1/A\\%/_01`;
      await tx((t) => t.putItem({ ...ITEM, sku }));
      await tx((t) => t.putLocation({ id: location }));
      await tx((t) => appendByHand(t, `id-'"\\`, [{ sku, to: location, qty: '1', lot: `lot'%` }], { kind: 'receipt', actor: `o'brien` }));
      expect((await tx((t) => t.getItem(sku)))?.sku).toBe(sku);
      expect((await tx((t) => t.listLocations(`W'H"1`))).map((l) => l.id)).toEqual([location]);
      expect((await tx((t) => t.listBalances({ location: `W'H"1/A\\%` })))[0]?.key).toEqual({ sku, location, lot: `lot'%` });
      expect((await tx((t) => t.listBalances({ location: `W'H"1/A\\` })))).toEqual([]);
      expect((await tx((t) => t.getMovement(`id-'"\\`)))?.actor).toBe(`o'brien`);
      expect((await raw.rowCounts()).items).toBe(1);
    });

    it('read-only transactions see what was committed', async () => {
      await tx((t) => appendByHand(t, 'r1', [{ sku: 'A', to: 'WH1/A/01', qty: '1' }], { kind: 'receipt' }));
      const seen = await storage().transaction(async (t) => [await t.getMovement('r1'), await t.listBalances({})], { readOnly: true });
      expect(seen[0]).toBeDefined();
      expect(seen[1]).toHaveLength(1);
    });
  });
}
