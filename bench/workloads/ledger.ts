/**
 * Workload 1: posting movement lines through the engine's ledger in memory, against a
 * hand-written loop that validates with the same zod schema and sums decimal.js quantities in a
 * Map.
 */
import { Decimal } from 'decimal.js';
import { movementInputSchema, type MovementInput, type Stocktake } from '../../src/index.js';
import type { ManualClock } from '../../src/testing/index.js';
import { collectGarbage, describe, measure, row, sampleMemory, type BenchRow } from '../harness.js';
import { createRandom, createWorld, layout, type Layout } from '../world.js';

/** Sizes of the ledger workload. */
export interface LedgerSize {
  readonly lines: number;
  readonly keys: number;
  readonly runs: number;
}

/**
 * Generates movements totalling `lines` lines over the layout's keys: first one receipt line per
 * key (in receipts of 5 lines), then a mix of issues (50 %), transfers between two bins of the same
 * item (25 %) and receipts (25 %) of 1 to 4 lines each. Issues never overdraw: the generator keeps
 * the running balance of every key.
 */
export function generateMovements(keys: Layout, lines: number, seed = 1): MovementInput[] {
  const random = createRandom(seed);
  const balance = new Int32Array(keys.keys.length);
  const movements: MovementInput[] = [];
  let emitted = 0;
  let n = 0;
  const id = (): string => `mv-${++n}`;
  for (let k = 0; k < keys.keys.length && emitted < lines; k += 5) {
    const batch = keys.keys.slice(k, Math.min(k + 5, k + lines - emitted));
    movements.push({
      id: id(),
      kind: 'receipt',
      actor: 'receiving',
      reference: `PO-${n}`,
      lines: batch.map((key) => {
        const qty = 50 + random.int(200);
        balance[key.index]! += qty;
        return { sku: key.sku, to: key.location, qty: String(qty) };
      }),
    });
    emitted += batch.length;
  }
  while (emitted < lines) {
    const count = Math.min(1 + random.int(4), lines - emitted);
    const pickKind = random.next();
    const kind = pickKind < 0.5 ? 'issue' : pickKind < 0.75 ? 'transfer' : 'receipt';
    const movementLines: MovementInput['lines'] = [];
    const used = new Set<number>();
    for (let attempt = 0; movementLines.length < count; attempt++) {
      if (attempt > 10_000) throw new Error('the layout has too little stock for the movement mix');
      const key = keys.keys[random.int(keys.keys.length)]!;
      if (used.has(key.index)) continue;
      if (kind === 'receipt') {
        const qty = 1 + random.int(100);
        balance[key.index]! += qty;
        used.add(key.index);
        movementLines.push({ sku: key.sku, to: key.location, qty: String(qty) });
        continue;
      }
      const available = balance[key.index]!;
      const siblings = keys.keysOf.get(key.sku)!;
      const target = siblings[(siblings.indexOf(key) + 1) % siblings.length]!;
      // Issues and transfers only take from keys with stock (transfers between two bins of the item).
      if (available < 1 || (kind === 'transfer' && (target === key || used.has(target.index)))) continue;
      const qty = 1 + random.int(Math.min(available, 20));
      balance[key.index]! -= qty;
      used.add(key.index);
      if (kind === 'issue') {
        movementLines.push({ sku: key.sku, from: key.location, qty: String(qty) });
      } else {
        balance[target.index]! += qty;
        used.add(target.index);
        movementLines.push({ sku: key.sku, from: key.location, to: target.location, qty: String(qty) });
      }
    }
    movements.push({ id: id(), kind, actor: 'floor', lines: movementLines });
    emitted += movementLines.length;
  }
  return movements;
}

/**
 * The baseline: validate each movement with the exported `movementInputSchema` and sum decimal.js
 * quantities per `sku@location` in a Map. No catalog, storage, idempotency, audit or stock check.
 */
export function baselinePost(movements: readonly MovementInput[]): Map<string, Decimal> {
  const balances = new Map<string, Decimal>();
  const add = (id: string, delta: Decimal): void => {
    balances.set(id, (balances.get(id) ?? new Decimal(0)).plus(delta));
  };
  for (const [i, input] of movements.entries()) {
    const movement = movementInputSchema.parse(input);
    for (const line of movement.lines) {
      const qty = new Decimal(line.qty);
      if (line.from !== undefined) add(`${line.sku}@${line.from}`, qty.neg());
      if (line.to !== undefined) add(`${line.sku}@${line.to}`, qty);
    }
    if (i % 2048 === 0) sampleMemory();
  }
  return balances;
}

/** Runs the ledger workload at one size and returns its rows. */
export async function runLedger(size: LedgerSize, workload = 'ledger'): Promise<BenchRow[]> {
  const keys = layout(size.keys);
  const movements = generateMovements(keys, size.lines);
  const lineCount = movements.reduce((sum, m) => sum + m.lines.length, 0);
  describe(
    `${workload}: ledger posting in memory`,
    `${lineCount} lines in ${movements.length} movements over ${size.keys} keys (${keys.skus.length} items, ${keys.locations.length} bins, ${keys.zones} zones), ` +
      `one st.ledger.post per movement, then st.ledger.postMany with ${BATCH} per call, each on a fresh in-memory engine per run; baseline: movementInputSchema.parse + decimal.js sums in a Map.`,
  );

  const baseline = await measure(() => baselinePost(movements), { runs: size.runs, warmup: 1 });
  // Warm the JIT on a small separate engine, so small sizes are not dominated by compilation.
  const warm = await createWorld(layout(500));
  for (const movement of generateMovements(warm.layout, 2_000, 99)) {
    warm.clock.advance(1000);
    await warm.st.ledger.post(movement);
  }
  const engine = await measure(
    async ({ st, clock }) => {
      for (const [i, movement] of movements.entries()) {
        clock.advance(1000);
        const result = await st.ledger.post(movement);
        if (result.result !== 'created') throw new Error(`movement ${movement.id}: ${result.result} ${result.message ?? ''}`);
        if (i % 2048 === 0) sampleMemory();
      }
      return st;
    },
    { runs: size.runs, setup: () => createWorld(keys) },
  );

  const batched = await measure(
    async ({ st, clock }) => {
      await postInBatches(st, clock, movements, BATCH);
      return st;
    },
    { runs: size.runs, setup: () => createWorld(keys) },
  );

  // Honesty check: the engine's balances equal the baseline's sums, by either call.
  for (const [name, run] of [['post', engine], ['postMany', batched]] as const) {
    const balances = await run.value.ledger.balances({ includeZero: true });
    const expected = baseline.value;
    if (balances.length !== expected.size) throw new Error(`${name}: engine has ${balances.length} balances, baseline ${expected.size}`);
    for (const balance of balances) {
      const want = expected.get(`${balance.key.sku}@${balance.key.location}`);
      if (want === undefined || !want.eq(balance.qty)) throw new Error(`${name}: balance of ${balance.key.sku}@${balance.key.location} differs`);
    }
    console.log(`checked: the engine's ${balances.length} balances after ${name} equal the baseline's sums`);
  }

  const bytes = await retainedPerMovement(keys, movements);
  console.log(`memory store: ${bytes.toFixed(0)} bytes retained per stored movement (movement, postings, balances, audit event)`);

  const sizeText = `${lineCount} lines / ${size.keys} keys`;
  return [
    row({ workload, case: 'baseline: zod + decimal.js Map', size: sizeText, units: lineCount, unit: 'lines' }, baseline),
    row(
      {
        workload,
        case: 'engine st.ledger.post',
        size: sizeText,
        units: lineCount,
        unit: 'lines',
        baseline: 'zod + decimal.js Map',
        target: { maxRatio: 2.5 },
        note: `memory store: ${bytes.toFixed(0)} bytes retained per stored movement`,
      },
      engine,
      baseline,
    ),
    row(
      { workload, case: `engine st.ledger.postMany (${BATCH} per call)`, size: sizeText, units: lineCount, unit: 'lines', baseline: 'zod + decimal.js Map', target: { maxRatio: 2 } },
      batched,
      baseline,
    ),
  ];
}

/**
 * The heap a fresh in-memory engine keeps per movement after posting them all one by one, measured
 * after a full collection on each side: what the memory store holds per movement (the movement, its
 * postings, the balances it changed, its audit event), the inputs and the catalog excluded.
 */
async function retainedPerMovement(keys: Layout, movements: readonly MovementInput[]): Promise<number> {
  const { st, clock } = await createWorld(keys);
  collectGarbage();
  const start = process.memoryUsage().heapUsed;
  for (const movement of movements) {
    clock.advance(1000);
    await st.ledger.post(movement);
  }
  collectGarbage();
  const bytes = (process.memoryUsage().heapUsed - start) / movements.length;
  // Read after the collection, so the engine is still reachable when the heap is measured.
  if ((await st.ledger.get(movements[0]!.id)) === undefined) throw new Error('the first movement is missing');
  return bytes;
}

/** Movements per `postMany` call in the benchmarks: the batch size of the SQL baseline too. */
export const BATCH = 500;

/**
 * Posts movements through `st.ledger.postMany`, `size` per call, advancing the clock a second per
 * movement like the one-by-one runs do, and fails on any outcome but `created`.
 */
export async function postInBatches(st: Stocktake, clock: ManualClock, movements: readonly MovementInput[], size: number): Promise<void> {
  for (let start = 0; start < movements.length; start += size) {
    const slice = movements.slice(start, start + size);
    clock.advance(1000 * slice.length);
    const results = await st.ledger.postMany(slice);
    const refused = results.find((result) => result.result !== 'created');
    if (refused) throw new Error(`movement ${refused.id}: ${refused.result} ${refused.message ?? ''}`);
    sampleMemory();
  }
}
