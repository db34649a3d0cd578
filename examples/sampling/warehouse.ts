/**
 * A generated warehouse for the sampling example: items with unit costs, bins, an opening book
 * posted as receipts, and the physical stock that a full count would find (the book with
 * shrinkage and miscounts injected at a known rate, so the true error is known).
 */
import { createStocktake, stockKeyId, type Balance, type StockKey, type Stocktake } from 'stocktake';
import { createManualClock, createSequentialIds, type ManualClock } from 'stocktake/testing';

/** How the warehouse is generated. */
export interface WarehouseShape {
  /** Stock keys (item × bin), e.g. 50 000. */
  keys: number;
  /** Share of keys whose physical stock differs from the book. */
  errorRate: number;
  /** Seed of everything generated. */
  seed: number;
}

/** The warehouse: the engine, its clock, unit costs by item and the physical quantity of every key. */
export interface Warehouse {
  st: Stocktake;
  clock: ManualClock;
  unitCost: Map<string, string>;
  /** What is really on the shelf, by key id (`stockKeyId`). */
  physical: Map<string, string>;
  /** The true error: physical − book value, summed exactly in cents. */
  trueErrorCents: bigint;
}

/** Bins per warehouse: 4 zones × 25 bins. */
const BINS = Array.from({ length: 100 }, (_, i) => `WH1/${'ABCD'[Math.floor(i / 25)]}/${String((i % 25) + 1).padStart(2, '0')}`);

/** A small seeded generator (mulberry32), so the example needs nothing but the package. */
function generator(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Builds the warehouse: `keys / 100` items stocked in every bin, quantities and costs skewed as
 * real stock is (a few keys hold most of the value), the book posted in receipts of 10 000 lines.
 *
 * @param shape - size, error rate and seed
 * @returns the warehouse
 */
export async function buildWarehouse(shape: WarehouseShape): Promise<Warehouse> {
  const random = generator(shape.seed);
  const lognormal = (mu: number, sigma: number): number => Math.exp(mu + sigma * Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random()));
  const clock = createManualClock('2027-12-30T06:00:00.000Z');
  const st = createStocktake({ clock, ids: createSequentialIds() });
  for (const id of BINS) await st.catalog.defineLocation({ id, kind: 'bin' });
  const items = Math.max(1, Math.ceil(shape.keys / BINS.length));
  const unitCost = new Map<string, string>();
  for (let i = 0; i < items; i++) {
    const sku = `ITEM-${String(i + 1).padStart(5, '0')}`;
    const cost = Math.max(0.05, lognormal(2.5, 1)).toFixed(2);
    unitCost.set(sku, cost);
    await st.catalog.defineItem({ sku, name: `Item ${i + 1}`, baseUom: 'ea', unitCost: cost });
  }
  const lines: Array<{ sku: string; to: string; qty: string }> = [];
  const physical = new Map<string, string>();
  let trueErrorCents = 0n;
  for (let k = 0; k < shape.keys; k++) {
    const sku = `ITEM-${String(Math.floor(k / BINS.length) + 1).padStart(5, '0')}`;
    const location = BINS[k % BINS.length]!;
    const qty = 1 + Math.floor(lognormal(2, 1));
    let onShelf = qty;
    if (random() < shape.errorRate) {
      // Four in five differences are losses of part of the stock, the rest miscounts of a unit or two.
      onShelf = random() < 0.8 ? qty - 1 - Math.floor(random() * qty) : Math.max(0, qty + (random() < 0.4 ? 1 : -1) * (1 + Math.floor(random() * 2)));
    }
    lines.push({ sku, to: location, qty: String(qty) });
    physical.set(stockKeyId({ sku, location }), String(onShelf));
    trueErrorCents += BigInt(onShelf - qty) * BigInt(Math.round(Number(unitCost.get(sku)) * 100));
  }
  for (let start = 0, n = 1; start < lines.length; start += 10_000, n++) {
    const result = await st.ledger.post({ id: `opening-${n}`, kind: 'receipt', occurredAt: '2027-12-30T06:00:00.000Z', actor: 'erp', reference: 'Opening book', lines: lines.slice(start, start + 10_000) });
    if (result.result !== 'created') throw new Error(`opening book ${n}: ${result.result}`);
  }
  return { st, clock, unitCost, physical, trueErrorCents };
}

/** The sampling population from the ledger: every key's book quantity and its item's unit cost. */
export function populationOf(balances: readonly Balance[], unitCost: ReadonlyMap<string, string>): Array<{ key: StockKey; bookQty: string; unitCost: string }> {
  return balances.map((b) => ({ key: b.key, bookQty: b.qty, unitCost: unitCost.get(b.key.sku) ?? '0' }));
}
