import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createMemoryStorage, createStocktake, stockKeyId, type MovementInput, type Stocktake } from '../../src/index.js';
import { D } from '../../src/quantity/decimal.js';
import { createManualClock, movementInputArb } from '../../src/testing/index.js';
import { propertyRuns } from '../support/property.js';

const SKUS = ['A', 'B', 'C'];
const LOCATIONS = ['WH1/A/01', 'WH1/A/02', 'WH1/B/01'];
const START = Date.parse('2026-03-02T08:00:00.000Z');

/** The simple model of invariant 10: balances by key, accepted movements by id. */
interface Model {
  balances: Map<string, InstanceType<typeof D>>;
  accepted: Map<string, string>;
  log: Array<{ occurredAt: string; deltas: Array<[string, string]> }>;
}

interface Real {
  st: Stocktake;
  clock: ReturnType<typeof createManualClock>;
}

function deltasOf(input: MovementInput): Array<[string, string]> {
  const result: Array<[string, string]> = [];
  for (const line of input.lines) {
    if (line.from) result.push([stockKeyId({ sku: line.sku, location: line.from }), `-${line.qty}`]);
    if (line.to) result.push([stockKeyId({ sku: line.sku, location: line.to }), line.qty]);
  }
  return result;
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
    const known = model.accepted.get(input.id);
    if (known !== undefined) {
      // The id is taken and this submission has another occurredAt, so it is another payload:
      // refused, never a second effect.
      expect(result.result).toBe('exists_with_different_payload');
      return;
    }
    const next = new Map(model.balances);
    for (const [key, delta] of deltasOf(input)) next.set(key, (next.get(key) ?? new D(0)).plus(delta));
    const overdrawn = [...next.values()].some((qty) => qty.isNegative() && !qty.isZero());
    expect(result.result).toBe(overdrawn ? 'insufficient_stock' : 'created');
    if (!overdrawn) {
      model.balances = next;
      model.accepted.set(input.id, JSON.stringify(input));
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
    // Invariant 2 and 10: every stored balance equals the model (the replay of accepted movements).
    for (const balance of balances) {
      expect(balance.qty).toBe((model.balances.get(stockKeyId(balance.key)) ?? new D(0)).toFixed());
    }
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
      const key = stockKeyId({ sku: 'A', location });
      const expected = model.log
        .filter((entry) => entry.occurredAt <= asOf)
        .flatMap((entry) => entry.deltas)
        .filter(([k]) => k === key)
        .reduce((sum, [, delta]) => sum.plus(delta), new D(0));
      expect(await real.st.ledger.onHand({ sku: 'A', location }, { asOf })).toBe(expected.toFixed());
    }
    // Invariant 5: the log only grows at its end.
    const movements = await real.st.ledger.movements();
    expect(movements.map((m) => m.seq)).toEqual(movements.map((_, i) => i + 1));
  }
  toString = () => `check(asOf +${this.asOfMinutes}m)`;
}

async function setup(): Promise<Real> {
  const clock = createManualClock(new Date(START));
  const st = createStocktake({ clock, storage: createMemoryStorage() });
  for (const sku of SKUS) await st.catalog.defineItem({ sku, baseUom: 'ea' });
  for (const id of LOCATIONS) await st.catalog.defineLocation({ id });
  return { st, clock };
}

describe('ledger laws (model-based)', () => {
  it('conservation, balance = sum of movements, idempotent retries, as-of answers, atomic lines', async () => {
    const movement = movementInputArb({
      skus: SKUS,
      locations: LOCATIONS,
      id: fc.integer({ min: 1, max: 30 }).map((n) => `mv-${n}`),
    });
    const commands = [
      fc.tuple(movement, fc.integer({ min: 0, max: 120 })).map(([input, lag]) => new PostCommand(input, lag)),
      fc.nat().map((n) => new RetryCommand(n)),
      fc.integer({ min: -60, max: 600 }).map((m) => new CheckCommand(m)),
    ];
    await fc.assert(
      fc.asyncProperty(fc.commands(commands, { maxCommands: 60 }), async (cmds) => {
        const real = await setup();
        const model: Model = { balances: new Map(), accepted: new Map(), log: [] };
        await fc.asyncModelRun(() => ({ model, real }), cmds);
        await new CheckCommand(100_000).run(model, real);
      }),
      { numRuns: propertyRuns(200) },
    );
  });

  it('a failed transaction leaves no trace (invariant 2 after a rollback)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(movementInputArb({ skus: SKUS, locations: LOCATIONS }), { minLength: 1, maxLength: 20 }),
        fc.array(fc.boolean(), { minLength: 20, maxLength: 20 }),
        async (inputs, faults) => {
          let failNext = false;
          const storage = createMemoryStorage({
            onWrite: (operation) => {
              if (failNext && operation === 'putBalances') throw new Error('disk full');
            },
          });
          const clock = createManualClock(new Date(START));
          const st = createStocktake({ clock, storage });
          const reference = createStocktake({ clock });
          for (const engine of [st, reference]) {
            for (const sku of SKUS) await engine.catalog.defineItem({ sku, baseUom: 'ea' });
            for (const id of LOCATIONS) await engine.catalog.defineLocation({ id });
          }
          for (const [i, input] of inputs.entries()) {
            failNext = faults[i] ?? false;
            const outcome = await st.ledger.post(input).then(
              (r) => r.result,
              () => 'failed',
            );
            failNext = false;
            if (outcome !== 'failed') await reference.ledger.post(input);
          }
          expect(await st.ledger.balances({ includeZero: true })).toEqual(await reference.ledger.balances({ includeZero: true }));
          expect((await st.ledger.movements()).map((m) => m.id)).toEqual((await reference.ledger.movements()).map((m) => m.id));
        },
      ),
      { numRuns: propertyRuns(200) },
    );
  });
});
