import fc from 'fast-check';
import { createStocktake, type Stocktake } from '../../engine.js';
import { stockKeyId } from '../../ledger/key.js';
import type { MovementInput } from '../../ledger/schemas.js';
import type { PostResult } from '../../ledger/types.js';
import { D } from '../../quantity/decimal.js';
import type { StorageAdapter, StorageTransaction } from '../../storage/adapter.js';
import { movementInputArb } from '../arbitraries.js';
import { createManualClock, type ManualClock } from '../manual-clock.js';
import type {
  ConformanceTestApi,
  RawBalanceRow,
  RawPostingRow,
  StorageConformanceOptions,
  StorageConformanceRaw,
} from './types.js';

/** The caller's `expect`, set when the properties are registered (the suite never imports vitest). */
let expect: ConformanceTestApi['expect'];

/** What the property registrations share with the suite. */
export interface PropertyContext {
  readonly options: StorageConformanceOptions;
  /** Resets the store and returns a new adapter over it. */
  readonly fresh: () => Promise<StorageAdapter>;
}

/**
 * The run count of a property: the option (25 by default), raised by `STOCKTAKE_PROPERTY_RUNS`.
 *
 * @internal
 */
export function conformanceRuns(options: StorageConformanceOptions): number {
  const base = options.propertyRuns ?? 25;
  const fromEnv = Number(globalThis.process?.env?.['STOCKTAKE_PROPERTY_RUNS']);
  return Number.isInteger(fromEnv) && fromEnv > 0 ? Math.max(fromEnv, base) : base;
}

const SKUS = ['A', 'B', 'C'];
const LOCATIONS = ['WH1/A/01', 'WH1/A/02', 'WH1/B/01'];
const START = Date.parse('2026-03-02T08:00:00.000Z');

function keyOfRaw(row: RawBalanceRow | RawPostingRow): string {
  return stockKeyId({
    sku: row.sku,
    location: row.location,
    ...(row.lot === null ? {} : { lot: row.lot }),
    ...(row.serial === null ? {} : { serial: row.serial }),
  });
}

/**
 * Invariants 2 and 4 read from the store itself: every stored balance equals the sum of its
 * key's stored postings, every posted key has a balance, and every movement id is stored once.
 *
 * @internal
 */
export async function checkStoredLedger(raw: StorageConformanceRaw): Promise<Map<string, InstanceType<typeof D>>> {
  const [balances, postings, movements] = await Promise.all([raw.balances(), raw.postings(), raw.movements()]);
  const sums = new Map<string, InstanceType<typeof D>>();
  for (const posting of postings) sums.set(keyOfRaw(posting), (sums.get(keyOfRaw(posting)) ?? new D(0)).plus(posting.delta));
  const stored = new Map<string, InstanceType<typeof D>>();
  for (const balance of balances) stored.set(keyOfRaw(balance), new D(balance.qty));
  expect([...stored.keys()].sort()).toEqual([...sums.keys()].sort());
  for (const [key, sum] of sums) expect(stored.get(key)?.eq(sum), `balance of ${JSON.stringify(key)} = sum of its postings`).toBe(true);
  const ids = movements.map((m) => m.id);
  expect(new Set(ids).size).toBe(ids.length);
  const seqs = movements.map((m) => m.seq).sort((a, b) => a - b);
  expect(new Set(seqs).size).toBe(seqs.length);
  return stored;
}

interface Model {
  balances: Map<string, InstanceType<typeof D>>;
  accepted: Set<string>;
  log: Array<{ occurredAt: string; deltas: Array<[string, string]> }>;
  /** The ids of the last full read of the log, to check that later reads extend it (invariant 5). */
  lastRead: string[];
}

interface Real {
  st: Stocktake;
  clock: ManualClock;
  raw: StorageConformanceRaw;
}

function deltasOf(input: MovementInput): Array<[string, string]> {
  const result: Array<[string, string]> = [];
  for (const line of input.lines) {
    if (line.from) result.push([stockKeyId({ sku: line.sku, location: line.from }), `-${line.qty}`]);
    if (line.to) result.push([stockKeyId({ sku: line.sku, location: line.to }), line.qty]);
  }
  return result;
}

/** The book of a key at a moment: every logged change dated at or before it. */
function bookAt(log: Model['log'], key: string, moment: string): InstanceType<typeof D> {
  return log
    .filter((entry) => entry.occurredAt <= moment)
    .flatMap((entry) => entry.deltas)
    .filter(([k]) => k === key)
    .reduce((sum, [, delta]) => sum.plus(delta), new D(0));
}

/**
 * What the ledger answers a movement, from a brute-force reading of the accepted log: for each key
 * the movement touches (in the order of its lines), `insufficient_stock` when the key would be
 * below zero, then `serial_in_stock` when a serial key would hold more than one, at the
 * movement's date or at any later date in the log; then `serial_elsewhere` when a serial would be
 * in stock at more than one place at one of those moments.
 */
function expectedOutcome(
  log: ReadonlyArray<{ occurredAt: string; deltas: ReadonlyArray<readonly [string, InstanceType<typeof D>]> }>,
  occurredAt: string,
  deltas: ReadonlyArray<readonly [string, InstanceType<typeof D>]>,
): string {
  const moments = [...new Set([occurredAt, ...log.map((entry) => entry.occurredAt).filter((moment) => moment > occurredAt)])];
  const bookAt = (key: string, moment: string) =>
    log
      .filter((entry) => entry.occurredAt <= moment)
      .flatMap((entry) => entry.deltas)
      .filter(([k]) => k === key)
      .reduce((sum, [, delta]) => sum.plus(delta), new D(0));
  const byKey = new Map<string, InstanceType<typeof D>>();
  for (const [key, delta] of deltas) byKey.set(key, (byKey.get(key) ?? new D(0)).plus(delta));
  for (const [key, delta] of byKey) {
    if (moments.some((moment) => bookAt(key, moment).plus(delta).lt(0))) return 'insufficient_stock';
    if (key.split('\u001f')[3] !== '' && moments.some((moment) => bookAt(key, moment).plus(delta).gt(1))) return 'serial_in_stock';
  }
  const serialOf = (key: string) => {
    const [sku, , , serial] = key.split('\u001f');
    return serial === '' ? undefined : `${sku}\u001f${serial}`;
  };
  const serials = new Map<string, InstanceType<typeof D>>();
  for (const [key, delta] of byKey) {
    const serial = serialOf(key);
    if (serial) serials.set(serial, (serials.get(serial) ?? new D(0)).plus(delta));
  }
  const holders = (serial: string) => [...new Set([...log.flatMap((entry) => entry.deltas.map(([k]) => k)), ...byKey.keys()])].filter((k) => serialOf(k) === serial);
  for (const [serial, delta] of serials) {
    if (!delta.gt(0)) continue;
    if (moments.some((moment) => holders(serial).reduce((sum, key) => sum.plus(bookAt(key, moment)), new D(0)).plus(delta).gt(1))) return 'serial_elsewhere';
  }
  return 'created';
}

class PostCommand implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly input: MovementInput,
    readonly lagMinutes: number,
  ) {}
  check = () => true;
  async run(model: Model, real: Real): Promise<void> {
    real.clock.advance(60_000);
    const occurredAt = new Date(real.clock.now().getTime() - this.lagMinutes * 60_000).toISOString();
    const input = { ...this.input, occurredAt };
    const result = await real.st.ledger.post(input);
    if (model.accepted.has(input.id)) {
      expect(result.result).toBe('exists_with_different_payload');
      return;
    }
    const next = new Map(model.balances);
    for (const [key, delta] of deltasOf(input)) next.set(key, (next.get(key) ?? new D(0)).plus(delta));
    // Invariant 3 over history: no key the movement touches is below zero at any moment from its date on.
    const log = [...model.log, { occurredAt, deltas: deltasOf(input) }];
    const overdrawn = deltasOf(input).some(([key]) =>
      log
        .map((entry) => entry.occurredAt)
        .filter((moment) => moment >= occurredAt)
        .some((moment) => bookAt(log, key, moment).lt(0)),
    );
    expect(result.result).toBe(overdrawn ? 'insufficient_stock' : 'created');
    if (!overdrawn) {
      model.balances = next;
      model.accepted.add(input.id);
      model.log.push({ occurredAt, deltas: deltasOf(input) });
    }
  }
  toString = () => `post(${JSON.stringify(this.input)}, lag ${this.lagMinutes}m)`;
}

class RetryCommand implements fc.AsyncCommand<Model, Real> {
  constructor(readonly index: number) {}
  check = (model: Model) => model.log.length > 0;
  async run(model: Model, real: Real): Promise<void> {
    const movements = await real.st.ledger.movements();
    const original = movements[this.index % movements.length]!;
    const lines = original.lines.map(({ sku, from, to, qty }) => ({ sku, qty, ...(from ? { from } : {}), ...(to ? { to } : {}) }));
    const input = { id: original.id, kind: original.kind as MovementInput['kind'], actor: original.actor, occurredAt: original.occurredAt, lines };
    expect((await real.st.ledger.post(input)).result).toBe('exists');
    expect(await real.st.ledger.movements()).toHaveLength(model.log.length);
  }
  toString = () => `retry(#${this.index})`;
}

class CheckCommand implements fc.AsyncCommand<Model, Real> {
  constructor(readonly asOfMinutes: number) {}
  check = () => true;
  async run(model: Model, real: Real): Promise<void> {
    const balances = await real.st.ledger.balances({ includeZero: true });
    // Invariants 2 and 10: every balance equals the replay of the accepted movements.
    for (const balance of balances) {
      expect(balance.qty).toBe((model.balances.get(stockKeyId(balance.key)) ?? new D(0)).toFixed());
    }
    // The same, read from the store without the adapter.
    const stored = await checkStoredLedger(real.raw);
    for (const [key, qty] of model.balances) expect(stored.get(key)?.eq(qty) ?? qty.isZero()).toBe(true);
    // Invariant 1: per item, the sum over locations equals the signed sum of the log.
    for (const sku of SKUS) {
      const total = balances.filter((b) => b.key.sku === sku).reduce((sum, b) => sum.plus(b.qty), new D(0));
      const fromLog = model.log
        .flatMap((entry) => entry.deltas)
        .filter(([key]) => key.startsWith(`${sku}\u001f`))
        .reduce((sum, [, delta]) => sum.plus(delta), new D(0));
      expect(total.eq(fromLog)).toBe(true);
    }
    // As-of answers agree with the log.
    const asOf = new Date(START + this.asOfMinutes * 60_000).toISOString();
    for (const location of LOCATIONS) {
      const expected = bookAt(model.log, stockKeyId({ sku: 'A', location }), asOf);
      expect(await real.st.ledger.onHand({ sku: 'A', location }, { asOf })).toBe(expected.toFixed());
    }
    // Invariant 5: the log only grows at its end, in increasing store order.
    const movements = await real.st.ledger.movements();
    const ids = movements.map((m) => m.id);
    expect(ids.slice(0, model.lastRead.length)).toEqual(model.lastRead);
    expect(movements.every((m, i) => i === 0 || m.seq > movements[i - 1]!.seq)).toBe(true);
    expect(ids).toHaveLength(model.log.length);
    model.lastRead = ids;
  }
  toString = () => `check(asOf +${this.asOfMinutes}m)`;
}

async function defineWorld(st: Stocktake): Promise<void> {
  for (const sku of SKUS) await st.catalog.defineItem({ sku, baseUom: 'ea' });
  for (const id of LOCATIONS) await st.catalog.defineLocation({ id });
}

/** Where a fault strikes a transaction. */
type Fault = 'none' | 'before_commit' | 'after_commit';

/**
 * Wraps an adapter so that the next transaction fails at a chosen point: after all of its work but
 * before the commit (the store must roll everything back), or after the commit but before the
 * caller hears of it (the reply is lost; the effect is kept).
 */
function faultyStorage(inner: StorageAdapter, next: { fault: Fault }): StorageAdapter {
  return {
    name: `${inner.name}+faults`,
    async transaction(work, options) {
      const fault = next.fault;
      next.fault = 'none';
      if (fault === 'before_commit') {
        return inner.transaction(async (tx: StorageTransaction) => {
          await work(tx);
          throw new Error('injected fault before commit');
        }, options);
      }
      const result = await inner.transaction(work, options);
      if (fault === 'after_commit') throw new Error('injected fault after commit: reply lost');
      return result;
    },
  };
}

/**
 * Registers the ledger property tests of the conformance suite.
 *
 * @internal
 */
export function registerLedgerProperties({ options, fresh }: PropertyContext): void {
  const { describe, it } = options.vitest;
  expect = options.vitest.expect;
  const runs = conformanceRuns(options);
  describe('ledger properties (through the engine)', () => {
    it('conservation, balance = sum of postings, idempotent retries, as-of answers and an append-only log hold for any command sequence', async () => {
      const movement = movementInputArb({
        skus: SKUS,
        locations: LOCATIONS,
        id: fc.integer({ min: 1, max: 20 }).map((n) => `mv-${n}`),
      });
      const commands = [
        fc.tuple(movement, fc.integer({ min: 0, max: 120 })).map(([input, lag]) => new PostCommand(input, lag)),
        fc.nat().map((n) => new RetryCommand(n)),
        fc.integer({ min: -60, max: 600 }).map((m) => new CheckCommand(m)),
      ];
      await fc.assert(
        fc.asyncProperty(fc.commands(commands, { maxCommands: 30 }), async (cmds) => {
          const storage = await fresh();
          const clock = createManualClock(new Date(START));
          const st = createStocktake({ clock, storage });
          await defineWorld(st);
          const model: Model = { balances: new Map(), accepted: new Set(), log: [], lastRead: [] };
          const real: Real = { st, clock, raw: options.raw };
          await fc.asyncModelRun(() => ({ model, real }), cmds);
          await new CheckCommand(100_000).run(model, real);
        }),
        { numRuns: runs },
      );
    });

    it('a movement, back-dated or not, is accepted exactly when no key is below zero and no serial in two places at any moment from its date on', async () => {
      type Line = { sku: 'A' | 'S'; from?: string; to?: string; qty: string; serial?: string };
      const lineArb: fc.Arbitrary<Line> = fc
        .record({
          serial: fc.option(fc.constantFrom('s1', 's2'), { nil: undefined }),
          side: fc.constantFrom('in', 'out', 'move'),
          from: fc.constantFrom(...LOCATIONS),
          to: fc.constantFrom(...LOCATIONS),
          qty: fc.integer({ min: 1, max: 5 }),
        })
        .map(({ serial, side, from, to, qty }) => {
          const base = serial === undefined ? { sku: 'A' as const, qty: String(qty) } : { sku: 'S' as const, qty: '1', serial };
          if (side === 'in') return { ...base, to };
          if (side === 'out') return { ...base, from };
          return { ...base, from, to: from === to ? LOCATIONS.find((l) => l !== from)! : to };
        });
      const stepArb = fc.record({ lines: fc.array(lineArb, { minLength: 1, maxLength: 2 }), back: fc.integer({ min: 0, max: 90 }) });
      await fc.assert(
        fc.asyncProperty(fc.array(stepArb, { minLength: 1, maxLength: 25 }), async (steps) => {
          const storage = await fresh();
          const clock = createManualClock(new Date(START));
          const st = createStocktake({ clock, storage });
          await st.catalog.defineItem({ sku: 'A', baseUom: 'ea' });
          await st.catalog.defineItem({ sku: 'S', baseUom: 'ea', tracking: 'serial' });
          for (const id of LOCATIONS) await st.catalog.defineLocation({ id });
          const log: Array<{ occurredAt: string; deltas: Array<[string, InstanceType<typeof D>]> }> = [];
          for (const [index, step] of steps.entries()) {
            clock.advance(100 * 60_000);
            const occurredAt = new Date(clock.now().getTime() - step.back * 60_000).toISOString();
            const kind = step.lines.every((l) => l.from === undefined) ? 'receipt' : step.lines.every((l) => l.to === undefined) ? 'issue' : 'adjustment';
            // An adjustment line has one side: a move becomes two lines, out and in.
            const lines = step.lines.flatMap((l): Line[] => {
              if (l.from === undefined || l.to === undefined) return [l];
              const { from, to, ...rest } = l;
              return [{ ...rest, from }, { ...rest, to }];
            });
            const input = {
              id: `h-${index}`,
              kind,
              occurredAt,
              actor: 'li',
              lines: lines.map(({ sku, from, to, qty, serial }) => ({ sku, qty, ...(from ? { from } : {}), ...(to ? { to } : {}), ...(serial ? { serial } : {}) })),
            } as MovementInput;
            const deltas: Array<[string, InstanceType<typeof D>]> = lines.flatMap((l) => {
              const key = (location: string) => stockKeyId({ sku: l.sku, location, ...(l.serial ? { serial: l.serial } : {}) });
              const out: Array<[string, InstanceType<typeof D>]> = [];
              if (l.from) out.push([key(l.from), new D(l.qty).neg()]);
              if (l.to) out.push([key(l.to), new D(l.qty)]);
              return out;
            });
            const expected = expectedOutcome(log, occurredAt, deltas);
            const result = await st.ledger.post(input);
            expect(result.result, `${JSON.stringify(input)} after ${JSON.stringify(log.map((e) => [e.occurredAt, e.deltas.map(([k, d]) => [k, d.toFixed()])]))}`).toBe(expected);
            if (expected === 'created') log.push({ occurredAt, deltas });
          }
        }),
        { numRuns: runs },
      );
    });

    it('a fault before commit leaves no trace, a fault after commit keeps one effect, and retries with the same ids converge to exactly one effect', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(
            fc.tuple(
              movementInputArb({ skus: SKUS, locations: LOCATIONS }),
              fc.constantFrom<Fault>('none', 'before_commit', 'after_commit'),
            ),
            { minLength: 1, maxLength: 12 },
          ),
          async (steps) => {
            const next = { fault: 'none' as Fault };
            const clock = createManualClock(new Date(START));
            const inner = await fresh();
            const st = createStocktake({ clock, storage: faultyStorage(inner, next) });
            const reference = createStocktake({ clock });
            await defineWorld(st);
            await defineWorld(reference);
            for (const [input, fault] of steps) {
              const expected = await reference.ledger.post(input);
              next.fault = fault;
              let result: PostResult | undefined;
              let failures = 0;
              while (result === undefined) {
                result = await st.ledger.post(input).catch(() => {
                  failures++;
                  return undefined;
                });
              }
              expect(failures).toBe(fault === 'none' ? 0 : 1);
              const lostReply = fault === 'after_commit' && expected.result === 'created';
              expect(result.result).toBe(lostReply ? 'exists' : expected.result);
            }
            expect(await st.ledger.balances({ includeZero: true })).toEqual(await reference.ledger.balances({ includeZero: true }));
            expect((await st.ledger.movements()).map((m) => m.id)).toEqual((await reference.ledger.movements()).map((m) => m.id));
            await checkStoredLedger(options.raw);
          },
        ),
        { numRuns: runs },
      );
    });
  });
}
