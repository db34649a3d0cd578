/**
 * The storage conformance suite: every rule a storage adapter must keep, registered with the vitest
 * module you pass in (`runStorageConformance({ vitest, ... })`). Needs `fast-check` (an optional
 * peer dependency); vitest is the caller's, never imported here, so this path also loads from
 * CommonJS.
 *
 * @module stocktake/testing/conformance
 */
import type { AuditEvent } from '../../audit/types.js';
import type { Item } from '../../catalog/types.js';
import type { CountEntry, CountException, CountRecord, CountSession, LocationMark } from '../../count/types.js';
import { compareStockKeys, stockKeyId, type StockKey } from '../../ledger/key.js';
import type { Balance, Movement, MovementKind, MovementLine, Posting } from '../../ledger/types.js';
import { D } from '../../quantity/decimal.js';
import type { StorageAdapter, StorageTransaction } from '../../storage/adapter.js';
import { registerCountProperties } from './count-properties.js';
import { registerHardenedInput } from './hardened-input.js';
import { registerLedgerProperties } from './ledger-properties.js';
import type { RawBalanceRow, StorageConformanceOptions } from './types.js';

export type {
  RawAuditRow,
  RawBalanceRow,
  RawEntryRow,
  RawMovementRow,
  RawPostingRow,
  RawRowCounts,
  RawSessionRow,
  ConformanceAssertion,
  ConformanceExpect,
  ConformanceTestApi,
  StorageConformanceOptions,
  StorageConformanceRaw,
} from './types.js';

const T0 = '2026-03-02T08:00:00.000Z';

/** `T0` plus some minutes, as an instant. */
function at(minutes: number): string {
  return new Date(Date.parse(T0) + minutes * 60_000).toISOString();
}

/** A line to append by hand in {@link appendByHand}. */
interface LineSpec {
  readonly sku: string;
  readonly from?: string;
  readonly to?: string;
  readonly qty: string;
  readonly lot?: string;
  readonly serial?: string;
}

/** Extra header fields of a hand-made movement. */
interface HeaderSpec {
  readonly kind?: MovementKind;
  readonly occurredAt?: string;
  readonly recordedAt?: string;
  readonly actor?: string;
  readonly reference?: string;
  readonly reason?: string;
  readonly reasonCode?: string;
  readonly override?: { readonly reason: string };
  readonly sessionId?: string;
  readonly lines?: readonly MovementLine[];
}

/**
 * Does what the engine does when it posts, without its rules: locks the keys, adds the deltas to
 * the locked balances and appends the movement.
 */
async function appendByHand(tx: StorageTransaction, id: string, lines: readonly LineSpec[], header: HeaderSpec = {}): Promise<Movement> {
  const occurredAt = header.occurredAt ?? T0;
  const recordedAt = header.recordedAt ?? occurredAt;
  const kind = header.kind ?? 'transfer';
  const actor = header.actor ?? 'li';
  const postings: Array<Omit<Posting, 'seq'>> = [];
  lines.forEach((line, lineIndex) => {
    const sides: Array<[string | undefined, string]> = [
      [line.from, new D(line.qty).neg().toFixed()],
      [line.to, new D(line.qty).toFixed()],
    ];
    for (const [location, delta] of sides) {
      if (location === undefined) continue;
      const key: StockKey = {
        sku: line.sku,
        location,
        ...(line.lot === undefined ? {} : { lot: line.lot }),
        ...(line.serial === undefined ? {} : { serial: line.serial }),
      };
      postings.push({ movementId: id, lineIndex, key, delta, occurredAt, recordedAt, kind, actor });
    }
  });
  const keys = [...new Map(postings.map((p) => [stockKeyId(p.key), p.key])).values()].sort(compareStockKeys);
  const locked = await tx.lockBalances(keys);
  const next = new Map<string, Balance>();
  for (const posting of postings) {
    const keyId = stockKeyId(posting.key);
    const current = next.get(keyId) ?? locked.byKeyId.get(keyId) ?? { key: posting.key, qty: '0', version: 0, lastOccurredAt: occurredAt };
    const qty = new D(current.qty).plus(posting.delta);
    const lastOccurredAt = current.lastOccurredAt > occurredAt ? current.lastOccurredAt : occurredAt;
    next.set(keyId, { key: posting.key, qty: qty.isZero() ? '0' : qty.toFixed(), version: current.version + 1, lastOccurredAt });
  }
  const { lines: storedLines, ...rest } = header;
  const movement: Omit<Movement, 'seq'> = {
    id,
    kind,
    occurredAt,
    recordedAt,
    actor,
    ...(rest.reference === undefined ? {} : { reference: rest.reference }),
    ...(rest.reason === undefined ? {} : { reason: rest.reason }),
    ...(rest.reasonCode === undefined ? {} : { reasonCode: rest.reasonCode }),
    ...(rest.override === undefined ? {} : { override: rest.override }),
    ...(rest.sessionId === undefined ? {} : { sessionId: rest.sessionId }),
    lines:
      storedLines ??
      lines.map((line) => ({
        sku: line.sku,
        ...(line.from === undefined ? {} : { from: line.from }),
        ...(line.to === undefined ? {} : { to: line.to }),
        qty: line.qty,
        ...(line.lot === undefined ? {} : { lot: line.lot }),
        ...(line.serial === undefined ? {} : { serial: line.serial }),
      })),
    fingerprint: `fp:${id}`,
  };
  const [stored] = await tx.appendMovements([{ movement, postings, balances: [...next.values()] }]);
  return stored!;
}

const ITEM: Item = { sku: 'A', baseUom: 'ea', decimals: 0, packs: [], tracking: 'none', lookAlikes: [], allowNegative: false };

function session(id: string, overrides: Partial<CountSession> = {}): CountSession {
  return {
    id,
    version: 1,
    state: 'counting',
    mode: 'full',
    purpose: 'regular',
    scope: { locations: ['WH1/A'] },
    blind: true,
    movementPolicy: 'live',
    recount: 'auto',
    maxRounds: 3,
    openedAt: T0,
    openedBy: 'zhao',
    counters: ['li', 'wang'],
    teams: {},
    split: { by: 'zone', depth: 2 },
    round: 1,
    tasks: [{ id: 't1', round: 1, locations: ['WH1/A/01'], excludedCounters: [] }],
    overrides: [],
    decisions: {},
    ...overrides,
  };
}

function entry(sessionId: string, entryId: string, overrides: Partial<CountEntry> = {}): Omit<CountEntry, 'seq'> {
  return {
    sessionId,
    entryId,
    kind: 'count',
    key: { sku: 'A', location: 'WH1/A/01' },
    qty: '5',
    countedAt: T0,
    counter: 'li',
    round: 1,
    flags: [],
    recordedAt: T0,
    fingerprint: `fp:${entryId}`,
    ...overrides,
  };
}

function auditEvent(seq: number, data: unknown = { n: seq }): AuditEvent {
  return {
    seq,
    at: at(seq),
    actor: 'li',
    action: 'test.event',
    subject: `s-${seq}`,
    data,
    prevHash: String(seq - 1).padStart(64, '0'),
    hash: String(seq).padStart(64, '0'),
  };
}

/** Whether a value and everything it holds is frozen. */
function isDeepFrozen(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return true;
  return Object.isFrozen(value) && Object.values(value).every(isDeepFrozen);
}

/** Runs an attempt to change a read value; a frozen one refuses with a TypeError, which is the point. */
function tryToChange(change: () => unknown): void {
  try {
    change();
  } catch (error) {
    if (!(error instanceof TypeError)) throw error;
  }
}

/** Decimal equality, so a store may keep `5.50` for `5.5`. */
function sameDecimal(a: string, b: string): boolean {
  return new D(a).eq(b);
}

function rawKeyId(row: RawBalanceRow | { sku: string; location: string; lot: string | null; serial: string | null }): string {
  return stockKeyId({
    sku: row.sku,
    location: row.location,
    ...(row.lot === null ? {} : { lot: row.lot }),
    ...(row.serial === null ? {} : { serial: row.serial }),
  });
}

/** Waits a little, to give a concurrent transaction time to block. */
function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Registers the storage conformance suite with vitest: every rule a storage adapter must keep,
 * each as a test named after the rule, checked through raw reads of the store (not through the
 * adapter under test), plus the ledger and count property tests run through the engine on the
 * adapter. Call it at the top level of a test file.
 *
 * @param options - the adapter factory, the reset and the raw reader
 * @returns nothing; the tests are registered with vitest
 * @example
 * ```ts
 * import { PGlite } from '@electric-sql/pglite';
 * import { createPgliteStorage, migrate } from 'stocktake/postgres';
 * import { runStorageConformance } from 'stocktake/testing/conformance';
 * import * as vitest from 'vitest';
 *
 * const db = new PGlite();
 * runStorageConformance({
 *   vitest,
 *   name: 'pglite',
 *   createStorage: () => createPgliteStorage(db),
 *   reset: async () => { await db.exec('DROP SCHEMA IF EXISTS stocktake CASCADE'); await migrate(createPgliteStorage(db)); },
 *   raw: myRawReader(db),
 * });
 * ```
 */
export function runStorageConformance(options: StorageConformanceOptions): void {
  const { raw } = options;
  const { describe, it, expect, beforeEach } = options.vitest;
  const concurrency = options.concurrency ?? 8;
  let storage!: StorageAdapter;
  const fresh = async (): Promise<StorageAdapter> => {
    await options.reset();
    storage = await options.createStorage();
    return storage;
  };
  const tx = <T>(work: (tx: StorageTransaction) => Promise<T>) => storage.transaction(work);

  describe(`storage conformance: ${options.name}`, () => {
    beforeEach(async () => {
      await fresh();
    });

    describe('catalog', () => {
      it('putItem creates or replaces an item and every field reads back as written', async () => {
        const full: Item = {
          sku: 'BOLT-M8',
          name: 'Hex bolt M8 “stainless”',
          baseUom: 'ea',
          decimals: 0,
          gtin: '09506000134369',
          packs: [{ uom: 'case', factor: '12', gtin: '09506000134376' }, { uom: 'pallet', factor: '1440' }],
          tracking: 'lot',
          unitCost: '0.405',
          abcClass: 'A',
          lookAlikes: ['BOLT-M10'],
          allowNegative: true,
        };
        await tx((t) => t.putItem(ITEM));
        await tx((t) => t.putItem(full));
        await tx((t) => t.putItem({ ...ITEM, name: 'renamed' }));
        expect(await tx((t) => t.getItem('BOLT-M8'))).toEqual(full);
        expect(await tx((t) => t.getItem('A'))).toEqual({ ...ITEM, name: 'renamed' });
        expect(await tx((t) => t.getItem('nope'))).toBeUndefined();
        expect([...(await tx((t) => t.getItems(['A', 'nope', 'BOLT-M8']))).keys()].sort()).toEqual(['A', 'BOLT-M8']);
        expect((await tx((t) => t.listItems())).map((item) => item.sku)).toEqual(['A', 'BOLT-M8']);
        expect((await raw.rowCounts()).items).toBe(2);
      });

      it('listLocations filters by subtree without matching siblings (WH1/A vs WH1/AB) and orders by path', async () => {
        for (const id of ['WH1/AB/01', 'WH1/A/02', 'WH1/A', 'WH1/A/01', 'WH1/A-1', 'WH1/A_B', 'WH1/A%', 'WH10/A', 'WH1/B/01']) {
          await tx((t) => t.putLocation({ id, kind: 'bin' }));
        }
        await tx((t) => t.putLocation({ id: 'WH1/A/01', name: 'first bin' }));
        expect((await tx((t) => t.listLocations('WH1/A'))).map((l) => l.id)).toEqual(['WH1/A', 'WH1/A/01', 'WH1/A/02']);
        expect((await tx((t) => t.listLocations('WH1/A%'))).map((l) => l.id)).toEqual(['WH1/A%']);
        expect((await tx((t) => t.listLocations('WH1/A_B'))).map((l) => l.id)).toEqual(['WH1/A_B']);
        expect((await tx((t) => t.listLocations('WH1'))).length).toBe(8);
        expect((await tx((t) => t.listLocations())).length).toBe(9);
        expect(await tx((t) => t.getLocation('WH1/A/01'))).toEqual({ id: 'WH1/A/01', name: 'first bin' });
        expect([...(await tx((t) => t.getLocations(['WH1/A', 'nope']))).keys()]).toEqual(['WH1/A']);
        expect((await raw.rowCounts()).locations).toBe(9);
      });

      it('unit costs get store sequence numbers from 1, read back as written, ordered by sku, effective time and store order, and roll back', async () => {
        const cost = (sku: string, unitCost: string, minutes: number) => ({ sku, unitCost, from: at(minutes), actor: 'zhao', recordedAt: T0 });
        expect(await tx((t) => t.addUnitCost(cost('B', '1.25', 5)))).toEqual({ ...cost('B', '1.25', 5), seq: 1 });
        await tx((t) => t.addUnitCost(cost('A', '2.5', 10)));
        await tx((t) => t.addUnitCost(cost('A', '2', 1)));
        await tx((t) => t.addUnitCost(cost('A', '3', 10)));
        await expect(
          tx(async (t) => {
            await t.addUnitCost(cost('A', '9', 0));
            throw new Error('boom');
          }),
        ).rejects.toThrow('boom');
        expect(await tx((t) => t.listUnitCosts())).toEqual([
          { ...cost('A', '2', 1), seq: 3 },
          { ...cost('A', '2.5', 10), seq: 2 },
          { ...cost('A', '3', 10), seq: 4 },
          { ...cost('B', '1.25', 5), seq: 1 },
        ]);
        expect((await tx((t) => t.listUnitCosts({ skus: ['B', 'C'] }))).map((c) => c.seq)).toEqual([1]);
        expect(await tx((t) => t.listUnitCosts({ skus: [] }))).toEqual([]);
        expect((await tx((t) => t.addUnitCost(cost('C', '0', 1)))).seq).toBe(5);
      });

      it('custodian assignments get store sequence numbers from 1 in order and read back as written', async () => {
        const stored = [];
        for (let i = 0; i < 12; i++) {
          stored.push(
            await tx((t) =>
              t.addCustodianAssignment({ location: `WH1/${i}`, custodians: i % 3 === 0 ? [] : ['li', 'wang'], from: at(i), actor: 'zhao', recordedAt: at(i + 1) }),
            ),
          );
        }
        expect(stored.map((a) => a.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
        expect(await tx((t) => t.listCustodianAssignments())).toEqual(stored);
        expect((await raw.rowCounts()).custodianAssignments).toBe(12);
      });
    });

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

      it('movement sequence numbers are 1, 2, 3… in store order, with no gap after a rolled-back transaction', async () => {
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
        expect(stored.map((m) => m.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
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
        // Counters rolled back too: the next values are the ones the lost transaction had taken.
        expect((await tx((t) => appendByHand(t, 'next', [{ sku: 'A', to: 'WH1/A/01', qty: '1' }], { kind: 'receipt' }))).seq).toBe(2);
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
        const seen = await storage.transaction(async (t) => [await t.getMovement('r1'), await t.listBalances({})], { readOnly: true });
        expect(seen[0]).toBeDefined();
        expect(seen[1]).toHaveLength(1);
      });
    });

    describe('count sessions', () => {
      it('insertSession stores version 1 and every field reads back as written', async () => {
        const full = session('cs-1', {
          tolerance: { qty: '2', percent: '5' },
          name: 'Zone A, March',
          scope: { locations: ['WH1/A'], skus: ['A'], abcClasses: ['A', 'B'], keys: [{ sku: 'A', location: 'WH1/A/01', lot: 'L' }] },
          decisions: { [stockKeyId({ sku: 'A', location: 'WH1/A/01' })]: [{ qty: '3', actor: 'zhao', at: T0, round: 1, note: 'seen' }] },
          approval: { actor: 'zhao', at: at(5), fingerprint: 'f', reasons: { k: 'shrinkage' } },
        });
        await tx((t) => t.insertSession(full));
        expect(await tx((t) => t.getSession('cs-1'))).toEqual(full);
        expect(await tx((t) => t.getSession('nope'))).toBeUndefined();
        expect(await raw.sessions()).toEqual([{ id: 'cs-1', version: 1, state: 'counting' }]);
      });

      it('updateSession refuses a stale version and writes nothing, and bumps the version when current', async () => {
        await tx((t) => t.insertSession(session('cs-1')));
        expect(await tx((t) => t.updateSession(session('cs-1', { state: 'reviewing', reviewStartedAt: at(1) }), 1))).toBe(true);
        expect(await raw.sessions()).toEqual([{ id: 'cs-1', version: 2, state: 'reviewing' }]);
        expect(await tx((t) => t.updateSession(session('cs-1', { state: 'cancelled' }), 1))).toBe(false);
        expect(await tx((t) => t.updateSession(session('nope', { state: 'cancelled' }), 1))).toBe(false);
        expect(await raw.sessions()).toEqual([{ id: 'cs-1', version: 2, state: 'reviewing' }]);
        expect(await tx((t) => t.getSession('cs-1'))).toEqual(session('cs-1', { state: 'reviewing', reviewStartedAt: at(1), version: 2 }));
      });

      it('two concurrent updates from the same version: exactly one wins', async () => {
        await tx((t) => t.insertSession(session('cs-1')));
        const outcomes = await Promise.all(
          Array.from({ length: concurrency }, (_, i) =>
            tx(async (t) => {
              const current = (await t.getSession('cs-1'))!;
              if (current.version !== 1) return false;
              return t.updateSession({ ...current, name: `writer ${i}` }, 1);
            }),
          ),
        );
        expect(outcomes.filter(Boolean)).toHaveLength(1);
        expect((await raw.sessions())[0]?.version).toBe(2);
      });

      it('listSessions filters by state and orders by openedAt, then id', async () => {
        await tx((t) => t.insertSession(session('b', { openedAt: at(1) })));
        await tx((t) => t.insertSession(session('a', { openedAt: at(1), state: 'posted' })));
        await tx((t) => t.insertSession(session('c', { openedAt: at(0), state: 'draft' })));
        expect((await tx((t) => t.listSessions())).map((s) => s.id)).toEqual(['c', 'a', 'b']);
        expect((await tx((t) => t.listSessions({ states: ['counting', 'draft'] }))).map((s) => s.id)).toEqual(['c', 'b']);
        expect((await tx((t) => t.listSessions({ states: [] })))).toEqual([]);
      });

      it('a session snapshot is stored once and listed by key', async () => {
        const lines = [
          { key: { sku: 'B', location: 'WH1/A/01' }, qty: '1.5' },
          { key: { sku: 'A', location: 'WH1/A/02' }, qty: '0' },
          { key: { sku: 'A', location: 'WH1/A/01', lot: 'L' }, qty: '3' },
        ];
        await tx((t) => t.insertSnapshot('cs-1', lines));
        await tx((t) => t.insertSnapshot('cs-2', [{ key: { sku: 'Z', location: 'WH2' }, qty: '9' }]));
        expect(await tx((t) => t.listSnapshot('cs-1'))).toEqual([...lines].sort((a, b) => compareStockKeys(a.key, b.key)));
        expect(await tx((t) => t.listSnapshot('nope'))).toEqual([]);
        expect((await raw.rowCounts()).snapshotLines).toBe(4);
      });

      it('entries get per-session sequence numbers from 1 and read back as written', async () => {
        const stored: CountEntry[] = [];
        for (let i = 1; i <= 11; i++) stored.push(await tx((t) => t.insertEntry(entry('cs-1', `e-${i}`, { countedAt: at(i) }))));
        const other = await tx((t) => t.insertEntry(entry('cs-2', 'e-1')));
        const voiding = await tx((t) =>
          t.insertEntry({
            sessionId: 'cs-1',
            entryId: 'v-1',
            kind: 'void',
            target: 'e-1',
            reason: 'double scan',
            countedAt: at(20),
            counter: 'li',
            device: 'hh-7',
            taskId: 't1',
            round: 1,
            evidence: ['https://photos/1.jpg'],
            source: { eventId: 'ev-1', raw: ']C1010950600013437610LOT7', symbology: ']C1' },
            flags: ['outside_task'],
            recordedAt: at(20),
            fingerprint: 'fp:v-1',
          }),
        );
        expect(stored.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
        expect(other.seq).toBe(1);
        expect(voiding.seq).toBe(12);
        expect(await tx((t) => t.listEntries('cs-1'))).toEqual([...stored, voiding]);
        expect(await tx((t) => t.getEntry('cs-1', 'v-1'))).toEqual(voiding);
        expect(await tx((t) => t.getEntry('cs-2', 'v-1'))).toBeUndefined();
        const rows = (await raw.entries()).filter((e) => e.sessionId === 'cs-1').sort((a, b) => a.seq - b.seq);
        expect(rows.map((e) => e.entryId)).toEqual([...stored.map((e) => e.entryId), 'v-1']);
      });

      it('listEntries narrows to a location and a round (voiding entries carry their target key)', async () => {
        const a1 = await tx((t) => t.insertEntry(entry('cs-1', 'a-1')));
        const b1 = await tx((t) => t.insertEntry(entry('cs-1', 'b-1', { key: { sku: 'A', location: 'WH1/A/02' } })));
        const a2 = await tx((t) => t.insertEntry(entry('cs-1', 'a-2', { round: 2 })));
        const { qty: _counted, ...voidBase } = entry('cs-1', 'v-1');
        const v = await tx((t) => t.insertEntry({ ...voidBase, kind: 'void', target: 'a-1' }));
        await tx((t) => t.insertEntry(entry('cs-2', 'a-1')));
        expect(await tx((t) => t.listEntries('cs-1', { location: 'WH1/A/01' }))).toEqual([a1, a2, v]);
        expect(await tx((t) => t.listEntries('cs-1', { round: 2 }))).toEqual([a2]);
        expect(await tx((t) => t.listEntries('cs-1', { location: 'WH1/A/01', round: 1 }))).toEqual([a1, v]);
        expect(await tx((t) => t.listEntries('cs-1', { location: 'WH1/A/0' }))).toEqual([]);
        expect(await tx((t) => t.listEntries('cs-1'))).toEqual([a1, b1, a2, v]);
      });

      it('entry ids are unique per session: concurrent check-then-insert of one id stores it once', async () => {
        const results = await Promise.all(
          Array.from({ length: concurrency }, () =>
            tx(async (t) => (await t.getEntry('cs-1', 'e-1')) ?? t.insertEntry(entry('cs-1', 'e-1'))),
          ),
        );
        expect(new Set(results.map((e) => e.seq))).toEqual(new Set([1]));
        expect(await raw.entries()).toEqual([{ sessionId: 'cs-1', entryId: 'e-1', seq: 1 }]);
      });

      it('location marks are listed per session in store order, narrowed by location and round', async () => {
        await tx((t) => t.insertLocationMark({ sessionId: 'cs-1', location: 'WH1/A/02', round: 1, status: 'complete', at: at(2), actor: 'li' }));
        await tx((t) => t.insertLocationMark({ sessionId: 'cs-2', location: 'WH1/A/01', round: 1, status: 'complete', at: at(1), actor: 'li' }));
        await tx((t) => t.insertLocationMark({ sessionId: 'cs-1', location: 'WH1/A/01', round: 2, status: 'excluded', at: at(1), actor: 'zhao', reason: 'blocked aisle' }));
        expect(await tx((t) => t.listLocationMarks('cs-1'))).toEqual([
          { sessionId: 'cs-1', location: 'WH1/A/02', round: 1, status: 'complete', at: at(2), actor: 'li' },
          { sessionId: 'cs-1', location: 'WH1/A/01', round: 2, status: 'excluded', at: at(1), actor: 'zhao', reason: 'blocked aisle' },
        ]);
        expect((await tx((t) => t.listLocationMarks('cs-1', { location: 'WH1/A/01' }))).map((m) => m.round)).toEqual([2]);
        expect((await tx((t) => t.listLocationMarks('cs-1', { round: 1 }))).map((m) => m.location)).toEqual(['WH1/A/02']);
        expect(await tx((t) => t.listLocationMarks('cs-1', { location: 'WH1/A/01', round: 1 }))).toEqual([]);
      });

      it('deleting the marks of a location in one round removes only those, keeps the order of the rest, and rolls back with its transaction', async () => {
        const mark = (sessionId: string, location: string, round: number, minutes: number): LocationMark => ({ sessionId, location, round, status: 'complete', at: at(minutes), actor: 'li' });
        await tx((t) => t.insertLocationMark(mark('cs-1', 'WH1/A/01', 1, 1)));
        await tx((t) => t.insertLocationMark(mark('cs-1', 'WH1/A/02', 1, 2)));
        await tx((t) => t.insertLocationMark(mark('cs-1', 'WH1/A/01', 2, 3)));
        await tx((t) => t.insertLocationMark(mark('cs-2', 'WH1/A/01', 1, 4)));
        await expect(
          tx(async (t) => {
            expect(await t.deleteLocationMarks('cs-1', 'WH1/A/01', 1)).toBe(1);
            throw new Error('boom');
          }),
        ).rejects.toThrow('boom');
        expect(await tx((t) => t.listLocationMarks('cs-1'))).toHaveLength(3);
        expect(await tx((t) => t.deleteLocationMarks('cs-1', 'WH1/A/01', 1))).toBe(1);
        expect(await tx((t) => t.deleteLocationMarks('cs-1', 'WH1/A/01', 1))).toBe(0);
        expect(await tx((t) => t.listLocationMarks('cs-1'))).toEqual([mark('cs-1', 'WH1/A/02', 1, 2), mark('cs-1', 'WH1/A/01', 2, 3)]);
        expect(await tx((t) => t.listLocationMarks('cs-1', { location: 'WH1/A/01' }))).toEqual([mark('cs-1', 'WH1/A/01', 2, 3)]);
        expect(await tx((t) => t.listLocationMarks('cs-2'))).toEqual([mark('cs-2', 'WH1/A/01', 1, 4)]);
        await tx((t) => t.insertLocationMark(mark('cs-1', 'WH1/A/01', 1, 5)));
        expect((await tx((t) => t.listLocationMarks('cs-1', { location: 'WH1/A/01' }))).map((m) => m.round)).toEqual([2, 1]);
      });

      it('count records filter by keys and counted-time range (inclusive) and order by counted time, then store order', async () => {
        const record = (sku: string, minutes: number, extra: Partial<CountRecord> = {}): CountRecord => ({
          key: { sku, location: 'WH1/A/01' },
          sessionId: 'cs-1',
          countedAt: at(minutes),
          qty: '5',
          variance: '0',
          postedAt: at(60),
          ...extra,
        });
        const records = [record('A', 3), record('B', 1, { variance: '-0.5', movementId: 'adj-1', qty: '4.5' }), record('A', 2, { key: { sku: 'A', location: 'WH1/A/01', lot: 'L' } })];
        await tx((t) => t.insertCountRecords(records));
        await tx((t) => t.insertCountRecords([]));
        expect(await tx((t) => t.listCountRecords())).toEqual([records[1], records[2], records[0]]);
        expect(await tx((t) => t.listCountRecords({ keys: [{ sku: 'A', location: 'WH1/A/01' }] }))).toEqual([records[0]]);
        expect(await tx((t) => t.listCountRecords({ countedFrom: at(2), countedTo: at(3) }))).toEqual([records[2], records[0]]);
        expect(await tx((t) => t.listCountRecords({ keys: [] }))).toEqual([]);
        // Equal counted times keep store order, whichever key is asked for first.
        const tied = [record('B', 7, { sessionId: 'cs-2' }), record('A', 7, { sessionId: 'cs-2' })];
        await tx((t) => t.insertCountRecords(tied));
        const keysAB = [{ sku: 'A', location: 'WH1/A/01' }, { sku: 'B', location: 'WH1/A/01' }];
        expect(await tx((t) => t.listCountRecords({ keys: keysAB, countedFrom: at(7) }))).toEqual(tied);
      });

      it('exceptions are stored, replaced on resolution and filtered by status', async () => {
        const open = (id: string, minutes: number): CountException => ({
          id,
          kind: 'backdated_movement',
          movementId: `m-${id}`,
          keys: [{ sku: 'A', location: 'WH1/A/01' }],
          sessionIds: ['cs-1'],
          raisedAt: at(minutes),
          status: 'open',
        });
        await tx((t) => t.insertException(open('x2', 1)));
        await tx((t) => t.insertException(open('x1', 1)));
        await tx((t) => t.insertException(open('x0', 2)));
        const resolved: CountException = { ...open('x1', 1), status: 'resolved', resolution: { actor: 'zhao', at: at(9), note: 'checked' } };
        await tx((t) => t.updateException(resolved));
        expect((await tx((t) => t.listExceptions())).map((x) => x.id)).toEqual(['x1', 'x2', 'x0']);
        expect(await tx((t) => t.listExceptions({ status: 'resolved' }))).toEqual([resolved]);
        expect((await tx((t) => t.listExceptions({ status: 'open' }))).map((x) => x.id)).toEqual(['x2', 'x0']);
      });
    });

    describe('audit log', () => {
      it('audit log is append-only: events chain from 1 without gaps and list in order', async () => {
        for (let seq = 1; seq <= 12; seq++) {
          await tx(async (t) => {
            const last = await t.lastAuditEvent();
            expect(last?.seq ?? 0).toBe(seq - 1);
            await t.appendAuditEvents([auditEvent(seq, { nested: { list: [1, 'two', null, true], text: 'ü “quoted”', big: 1e21, small: 0.1 } })]);
          });
        }
        expect((await tx((t) => t.lastAuditEvent()))?.seq).toBe(12);
        expect(await tx((t) => t.listAuditEvents({ afterSeq: 9 }))).toEqual([10, 11, 12].map((seq) => auditEvent(seq, { nested: { list: [1, 'two', null, true], text: 'ü “quoted”', big: 1e21, small: 0.1 } })));
        expect((await tx((t) => t.listAuditEvents({ afterSeq: 2, limit: 3 }))).map((e) => e.seq)).toEqual([3, 4, 5]);
        expect((await tx((t) => t.listAuditEvents())).map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
        const rows = (await raw.auditEvents()).sort((a, b) => a.seq - b.seq);
        expect(rows.map((r) => r.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
        expect(rows[11]).toEqual({ seq: 12, prevHash: auditEvent(12).prevHash, hash: auditEvent(12).hash });
      });

      it('appendAuditEvents refuses a sequence number that is not the last one plus one', async () => {
        await tx((t) => t.appendAuditEvents([auditEvent(1)]));
        await expect(tx((t) => t.appendAuditEvents([auditEvent(3)]))).rejects.toThrow();
        await expect(tx((t) => t.appendAuditEvents([auditEvent(1)]))).rejects.toThrow();
        expect((await raw.auditEvents()).map((e) => e.seq)).toEqual([1]);
        expect(await tx((t) => t.lastAuditEvent())).toEqual(auditEvent(1));
      });

      it('appendAuditEvents appends a batch in order, or nothing when it does not follow on or skips a number', async () => {
        await tx((t) => t.appendAuditEvents([auditEvent(1), auditEvent(2), auditEvent(3)]));
        await expect(tx((t) => t.appendAuditEvents([auditEvent(4), auditEvent(6)]))).rejects.toThrow();
        await expect(tx((t) => t.appendAuditEvents([auditEvent(5), auditEvent(6)]))).rejects.toThrow();
        await tx((t) => t.appendAuditEvents([]));
        expect((await raw.auditEvents()).map((e) => e.seq).sort((a, b) => a - b)).toEqual([1, 2, 3]);
        expect(await tx((t) => t.listAuditEvents())).toEqual([1, 2, 3].map((seq) => auditEvent(seq)));
      });

      it('concurrent appenders to the audit log each get the next number: no gap, no duplicate', async () => {
        await Promise.all(
          Array.from({ length: concurrency }, () =>
            tx(async (t) => {
              const last = await t.lastAuditEvent();
              await t.appendAuditEvents([auditEvent((last?.seq ?? 0) + 1)]);
            }),
          ),
        );
        expect((await raw.auditEvents()).map((e) => e.seq).sort((a, b) => a - b)).toEqual(Array.from({ length: concurrency }, (_, i) => i + 1));
      });

      it('audit events read back are frozen copies: changing what was appended, or trying to change what was read, leaves the log as it was', async () => {
        const data = () => ({ nested: { list: [1, 'two'], text: 'kept' } });
        const given = [auditEvent(1, data()), auditEvent(2, data())];
        await tx((t) => t.appendAuditEvents(given));
        // The caller keeps its objects and changes them after the append.
        (given[0]!.data as ReturnType<typeof data>).nested.list.push(3);
        (given[1] as { actor: string }).actor = 'mallory';
        const listed = await tx((t) => t.listAuditEvents());
        const last = await tx((t) => t.lastAuditEvent());
        for (const event of [...listed, last]) {
          expect(isDeepFrozen(event), `event ${event?.seq} is deeply frozen`).toBe(true);
          // Frozen: assignments throw (module code is strict); whatever happens, the log must not change.
          tryToChange(() => ((event as { hash: string }).hash = '0'.repeat(64)));
          tryToChange(() => ((event!.data as ReturnType<typeof data>).nested.list[0] = 99));
          tryToChange(() => ((event!.data as ReturnType<typeof data>).nested.text = 'changed'));
        }
        expect(await tx((t) => t.listAuditEvents())).toEqual([auditEvent(1, data()), auditEvent(2, data())]);
        expect((await raw.auditEvents()).sort((a, b) => a.seq - b.seq)).toEqual(
          [1, 2].map((seq) => ({ seq, prevHash: auditEvent(seq).prevHash, hash: auditEvent(seq).hash })),
        );
      });

      if (raw.tamperAuditEvent) {
        const tamper = raw.tamperAuditEvent.bind(raw);
        it('the store itself refuses to change or delete an audit event', async () => {
          await tx((t) => t.appendAuditEvents([auditEvent(1)]));
          expect(await tamper(1)).toEqual({ update: 'rejected', delete: 'rejected' });
          expect(await raw.auditEvents()).toEqual([{ seq: 1, prevHash: auditEvent(1).prevHash, hash: auditEvent(1).hash }]);
        });
      }
    });

    registerLedgerProperties({ options, fresh });
    registerCountProperties({ options, fresh });
    registerHardenedInput({ options, fresh });
  });
}
