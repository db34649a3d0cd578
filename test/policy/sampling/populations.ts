/**
 * Generated inventories for the sampling tests: book quantities and unit costs with the skew of
 * real stock (a few keys hold most of the value), and a physical count that differs from the book
 * by injected errors of known size, so every test knows the true error exactly.
 */
import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import type { InventorySamplePlan, SampleResult, StockKey } from '../../../src/index.js';
import { createRandom } from '../../../src/policy/random.js';

/** How a population is generated. */
export interface PopulationShape {
  /** Seed of the generator. */
  seed: number;
  /** Keys in the population. */
  keys: number;
  /** Share of keys whose count differs from the book. */
  errorRate: number;
  /** Share of the differences that are small miscounts (±1 or 2 units); the rest lose or gain a real part of the stock. */
  smallShare: number;
  /** Share of the large differences that are gains (found stock) rather than losses. */
  gainShare: number;
}

/** A key with its book and its physical quantity. */
export interface SimKey {
  key: StockKey;
  bookQty: string;
  unitCost: string;
  countedQty: string;
}

/** A generated population and its true error (counted − book value), exactly. */
export interface SimPopulation {
  keys: SimKey[];
  bookValue: Decimal;
  trueError: Decimal;
  /** Sum of the losses (book above count), positive. */
  overstatement: Decimal;
  /** Sum of the gains (count above book). */
  understatement: Decimal;
}

/**
 * Generates a population: quantity 1 + ⌊lognormal(2, 1)⌋, unit cost lognormal(2.5, 1) in cents,
 * so book values are lognormal-like with σ ≈ 1.4 (the top fifth of keys holds about 70 % of value).
 * The same seed gives the same book for any error settings.
 */
export function generatePopulation(shape: PopulationShape): SimPopulation {
  // Book and errors from separate streams: the same seed gives the same book whatever the errors.
  const book = createRandom(shape.seed);
  const random = createRandom(`${shape.seed}/errors`);
  const lognormal = (mu: number, sigma: number): number =>
    Math.exp(mu + sigma * Math.sqrt(-2 * Math.log(book.nextOpen())) * Math.cos(2 * Math.PI * book.next()));
  const keys: SimKey[] = [];
  let bookValue = new Decimal(0);
  let overstatement = new Decimal(0);
  let understatement = new Decimal(0);
  for (let i = 0; i < shape.keys; i++) {
    const qty = 1 + Math.floor(lognormal(2, 1));
    const unitCost = Math.max(0.01, lognormal(2.5, 1)).toFixed(2);
    let counted = qty;
    if (random.next() < shape.errorRate) {
      if (random.next() < shape.smallShare) counted = Math.max(0, qty + (random.next() < 0.35 ? 1 + random.int(2) : -1 - random.int(2)));
      else if (random.next() < shape.gainShare) counted = qty + 1 + random.int(Math.ceil(qty / 2));
      else counted = qty - 1 - random.int(qty);
    }
    const error = new Decimal(counted - qty).times(unitCost);
    bookValue = bookValue.plus(new Decimal(qty).times(unitCost));
    if (error.isNegative()) overstatement = overstatement.minus(error);
    else understatement = understatement.plus(error);
    keys.push({ key: { sku: `SKU-${String(i).padStart(5, '0')}`, location: `WH1/${'ABCD'[i % 4]}/${String(i % 97).padStart(2, '0')}` }, bookQty: String(qty), unitCost, countedQty: String(counted) });
  }
  return { keys, bookValue, trueError: understatement.minus(overstatement), overstatement, understatement };
}

/** The population as `planInventorySample` takes it. */
export function membersOf(population: SimPopulation): Array<{ key: StockKey; bookQty: string; unitCost: string }> {
  return population.keys.map(({ key, bookQty, unitCost }) => ({ key, bookQty, unitCost }));
}

const countedBySku = new WeakMap<SimPopulation, Map<string, string>>();

/** The counts of a plan's sampled keys: their physical quantities (skus are unique in a generated population). */
export function countsFor(plan: InventorySamplePlan, population: SimPopulation): SampleResult[] {
  let counted = countedBySku.get(population);
  if (counted === undefined) {
    counted = new Map(population.keys.map((k) => [k.key.sku, k.countedQty]));
    countedBySku.set(population, counted);
  }
  return plan.sample.map((s) => ({ key: s.key, countedQty: counted.get(s.key.sku)! }));
}

/** Shapes with frequent differences (15–30 % of keys), the regime of the difference and ratio estimators. */
export const frequentDifferences: fc.Arbitrary<PopulationShape> = fc.record({
  seed: fc.integer(),
  keys: fc.integer({ min: 1500, max: 2500 }),
  errorRate: fc.double({ min: 0.15, max: 0.3, noNaN: true }),
  smallShare: fc.double({ min: 0, max: 0.7, noNaN: true }),
  gainShare: fc.double({ min: 0, max: 0.3, noNaN: true }),
});

/** Shapes with rare differences (1–5 % of keys), mostly losses: the regime of MUS. */
export const rareDifferences: fc.Arbitrary<PopulationShape> = fc.record({
  seed: fc.integer(),
  keys: fc.integer({ min: 1500, max: 2500 }),
  errorRate: fc.double({ min: 0.01, max: 0.05, noNaN: true }),
  smallShare: fc.double({ min: 0, max: 0.7, noNaN: true }),
  gainShare: fc.double({ min: 0, max: 0.3, noNaN: true }),
});
