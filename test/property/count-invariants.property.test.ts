/**
 * DESIGN §3 invariants around a count, against a shadow physical world.
 *
 * A discrete-event simulation: the physical world changes when goods physically move (and by
 * hidden shrinkage nobody records); the ledger learns of each move after a random lag; counters
 * count what is physically there at their count time, sometimes in two entries; every command is
 * retried. After review, recounts, decisions, approval and posting, the invariants must hold.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  createStocktake,
  stockKeyId,
  type MovementInput,
  type RecordEntryInput,
  type Stocktake,
  type StockKey,
} from '../../src/index.js';
import { D } from '../../src/quantity/decimal.js';
import { createManualClock, createSequentialIds } from '../../src/testing/index.js';
import { propertyRuns } from '../support/property.js';
import { auditedStorage } from '../support/audited-storage.js';

const SKUS = ['A', 'B'];
const SCOPE = ['WH1/A/01', 'WH1/A/02'];
const OUTSIDE = 'WH1/B/01';
const LOCATIONS = [...SCOPE, OUTSIDE];
const T0 = Date.parse('2026-03-02T06:00:00.000Z');
const at = (minute: number) => new Date(T0 + minute * 60_000).toISOString();
const keyOf = (sku: string, location: string): StockKey => ({ sku, location });

/** A physical move, generated as fractions so quantities fit what is really there at run time. */
interface MoveSpec {
  kind: 'receipt' | 'issue' | 'transfer';
  sku: number;
  from: number;
  to: number;
  fraction: number;
  minute: number;
  lag: number;
}

interface Scenario {
  initial: number[][];
  shrink: number[][];
  moves: MoveSpec[];
  /** Moves that physically happen before the count opens but are recorded only after posting. */
  latePaperwork: MoveSpec[];
  countMinute: number[];
  splitCounts: boolean[];
  retries: boolean[];
}

const moveArb = (minMinute: number, maxMinute: number, maxLag: number): fc.Arbitrary<MoveSpec> =>
  fc.record({
    kind: fc.constantFrom('receipt', 'issue', 'transfer'),
    sku: fc.integer({ min: 0, max: SKUS.length - 1 }),
    from: fc.integer({ min: 0, max: LOCATIONS.length - 1 }),
    to: fc.integer({ min: 0, max: LOCATIONS.length - 1 }),
    fraction: fc.double({ min: 0.05, max: 1, noNaN: true }),
    minute: fc.integer({ min: minMinute, max: maxMinute }),
    lag: fc.integer({ min: 0, max: maxLag }),
  });

const scenarioArb: fc.Arbitrary<Scenario> = fc.record({
  initial: fc.array(fc.array(fc.integer({ min: 0, max: 40 }), { minLength: 3, maxLength: 3 }), { minLength: 2, maxLength: 2 }),
  shrink: fc.array(fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 3, maxLength: 3 }), { minLength: 2, maxLength: 2 }),
  moves: fc.array(moveArb(11, 100, 40), { maxLength: 12 }),
  latePaperwork: fc.array(moveArb(1, 9, 0), { maxLength: 3 }),
  countMinute: fc.array(fc.integer({ min: 15, max: 110 }), { minLength: 2, maxLength: 2 }),
  splitCounts: fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }),
  retries: fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }),
});

class World {
  physical = new Map<string, InstanceType<typeof D>>();
  book = new Map<string, InstanceType<typeof D>>();
  pendingOut = new Map<string, InstanceType<typeof D>>();
  shrinkage = new Map<string, InstanceType<typeof D>>();
  get(map: Map<string, InstanceType<typeof D>>, key: StockKey) {
    return map.get(stockKeyId(key)) ?? new D(0);
  }
  add(map: Map<string, InstanceType<typeof D>>, key: StockKey, delta: InstanceType<typeof D> | number) {
    map.set(stockKeyId(key), this.get(map, key).plus(delta));
  }
  /** What a picker can take: physically there and, once recorded, not more than the book allows. */
  available(key: StockKey) {
    const physical = this.get(this.physical, key);
    const book = this.get(this.book, key).minus(this.get(this.pendingOut, key));
    return D.min(physical, book);
  }
}

/** Turns a spec into a movement that fits the world now, applying its physical effect. */
function realise(world: World, spec: MoveSpec, id: string, occurredAt: string): MovementInput | undefined {
  const sku = SKUS[spec.sku]!;
  const from = LOCATIONS[spec.from]!;
  const to = LOCATIONS[spec.to === spec.from ? (spec.to + 1) % LOCATIONS.length : spec.to]!;
  if (spec.kind === 'receipt') {
    const qty = Math.max(1, Math.round(spec.fraction * 20));
    world.add(world.physical, keyOf(sku, to), qty);
    return { id, kind: 'receipt', occurredAt, actor: 'dock', lines: [{ sku, to, qty: String(qty) }] };
  }
  const qty = world.available(keyOf(sku, from)).times(spec.fraction).floor();
  if (qty.lte(0)) return undefined;
  world.add(world.physical, keyOf(sku, from), qty.neg());
  world.add(world.pendingOut, keyOf(sku, from), qty);
  if (spec.kind === 'issue') return { id, kind: 'issue', occurredAt, actor: 'picker', lines: [{ sku, from, qty: qty.toFixed() }] };
  world.add(world.physical, keyOf(sku, to), qty);
  return { id, kind: 'transfer', occurredAt, actor: 'picker', lines: [{ sku, from, to, qty: qty.toFixed() }] };
}

function recordInBook(world: World, input: MovementInput): void {
  for (const line of input.lines) {
    if (line.from) {
      world.add(world.book, keyOf(line.sku, line.from), new D(line.qty).neg());
      world.add(world.pendingOut, keyOf(line.sku, line.from), new D(line.qty).neg());
    }
    if (line.to) world.add(world.book, keyOf(line.sku, line.to), new D(line.qty));
  }
}

async function runScenario(scenario: Scenario): Promise<void> {
  const clock = createManualClock(at(0));
  const st: Stocktake = createStocktake({ clock, ids: createSequentialIds(), storage: auditedStorage() });
  const world = new World();
  for (const sku of SKUS) await st.catalog.defineItem({ sku, baseUom: 'ea', unitCost: '1' });
  for (const id of LOCATIONS) await st.catalog.defineLocation({ id });

  // Opening stock, recorded; then hidden shrinkage, never recorded.
  const receipt: MovementInput = { id: 'opening', kind: 'receipt', occurredAt: at(0), actor: 'dock', lines: [] };
  SKUS.forEach((sku, s) =>
    LOCATIONS.forEach((location, l) => {
      const qty = scenario.initial[s]![l]!;
      if (qty > 0) (receipt.lines as MovementInput['lines'][number][]).push({ sku, to: location, qty: String(qty) });
    }),
  );
  if (receipt.lines.length > 0) {
    expect((await st.ledger.post(receipt)).result).toBe('created');
    recordInBook(world, receipt);
    for (const line of receipt.lines) world.add(world.physical, keyOf(line.sku, line.to!), new D(line.qty));
  }
  SKUS.forEach((sku, s) =>
    LOCATIONS.forEach((location, l) => {
      const key = keyOf(sku, location);
      const loss = D.min(scenario.shrink[s]![l]!, world.get(world.physical, key));
      world.add(world.physical, key, loss.neg());
      world.add(world.shrinkage, key, loss);
    }),
  );
  // Paperwork for moves that happened before the count, recorded only after posting.
  const late: MovementInput[] = [];
  scenario.latePaperwork.forEach((spec, index) => {
    clock.set(at(spec.minute));
    const input = realise(world, { ...spec, kind: spec.kind === 'receipt' ? 'issue' : spec.kind }, `late-${index}`, at(spec.minute));
    if (input) late.push(input);
  });

  clock.set(at(10));
  const session = await st.counts.open({ scope: { locations: ['WH1/A'] }, actor: 'zhao', counters: ['li', 'wang', 'chen'], recount: 'auto', maxRounds: 4 });

  // The counting day as a queue of timed actions.
  type Action = { minute: number; order: number; run: () => Promise<void> };
  const queue: Action[] = [];
  const movementLog: MovementInput[] = [];
  const entryLog: Array<{ sessionId: string; input: RecordEntryInput }> = [];
  let order = 0;
  const schedule = (minute: number, run: () => Promise<void>) => queue.push({ minute, order: order++, run });

  scenario.moves.forEach((spec, index) =>
    schedule(spec.minute, async () => {
      const input = realise(world, spec, `mv-${index}`, at(spec.minute));
      if (!input) return;
      schedule(spec.minute + spec.lag, async () => {
        const result = await st.ledger.post(input);
        expect(result.result, JSON.stringify(input)).toBe('created');
        recordInBook(world, input);
        movementLog.push(input);
      });
    }),
  );
  SCOPE.forEach((location, l) => {
    const minute = scenario.countMinute[l]!;
    SKUS.forEach((sku, s) => {
      const key = keyOf(sku, location);
      const split = scenario.splitCounts[l * SKUS.length + s]!;
      let first = new D(0);
      schedule(minute, async () => {
        const physical = world.get(world.physical, key);
        if (physical.isZero()) return; // nothing there: completion counts it as zero
        first = split ? physical.div(2).floor() : physical;
        const input = { entryId: `c-${location}-${sku}-1`, ...key, qty: first.toFixed(), countedAt: at(minute), counter: 'li' };
        expect((await st.counts.record(session.id, input)).result).toBe('created');
        entryLog.push({ sessionId: session.id, input });
      });
      if (split) {
        schedule(minute + 3, async () => {
          const rest = D.max(0, world.get(world.physical, key).minus(first));
          if (rest.isZero()) return;
          const input = { entryId: `c-${location}-${sku}-2`, ...key, qty: rest.toFixed(), countedAt: at(minute + 3), counter: 'li' };
          expect((await st.counts.record(session.id, input)).result).toBe('created');
        });
      }
    });
    schedule(minute + 5, async () => {
      await st.counts.completeLocation(session.id, location, { actor: 'li', at: at(minute + 5) });
    });
  });
  queue.sort((a, b) => a.minute - b.minute || a.order - b.order);
  while (queue.length > 0) {
    const next = queue.shift()!;
    clock.set(at(Math.max(next.minute, 10)));
    await next.run();
    queue.sort((a, b) => a.minute - b.minute || a.order - b.order);
  }

  // Retries of every kind of command: nothing doubles.
  clock.set(at(160));
  for (const [index, input] of movementLog.entries()) {
    if (scenario.retries[index % scenario.retries.length]) expect((await st.ledger.post(input)).result).toBe('exists');
  }
  for (const { sessionId, input } of entryLog) expect((await st.counts.record(sessionId, input)).result).toBe('exists');
  const logBefore = await st.ledger.movements();

  // Review, recount what needs it (another counter counts the physical world), decide what ran out of rounds.
  let minute = 170;
  for (let guard = 0; guard < 10; guard++) {
    clock.set(at(minute));
    const review = await st.counts.review(session.id, { actor: 'zhao' });
    if (review.state === 'reviewing') break;
    for (const task of review.recountTasks.length > 0 ? review.recountTasks : (await st.counts.get(session.id)).tasks.filter((t) => t.round === review.round)) {
      const counter = task.assignee ?? ['li', 'wang', 'chen', 'ma', 'zhou'].find((c) => !task.excludedCounters.includes(c))!;
      for (const key of task.keys ?? []) {
        const physical = world.get(world.physical, key);
        if (physical.isZero()) continue;
        await st.counts.record(session.id, { entryId: `r${task.round}-${key.sku}-${key.location}`, ...key, qty: physical.toFixed(), countedAt: at(minute), counter });
      }
      for (const location of task.locations) await st.counts.completeLocation(session.id, location, { actor: counter, at: at(minute + 1) });
    }
    minute += 10;
  }
  let review = await st.counts.review(session.id);
  for (const line of review.lines.filter((l) => l.status === 'needs_decision')) {
    clock.set(at(++minute));
    await st.counts.decide(session.id, { key: line.key, qty: world.get(world.physical, line.key).toFixed(), actor: 'boss' });
  }
  review = await st.counts.review(session.id);
  expect(review.lines.filter((l) => !['match', 'within_tolerance', 'needs_approval'].includes(l.status))).toEqual([]);
  clock.set(at(minute + 10));
  await st.counts.approve(session.id, { actor: 'zhao' });
  const posted = await st.counts.post(session.id, { actor: 'zhao' });
  const again = await st.counts.post(session.id, { actor: 'zhao' });
  // Invariant 9: posting is idempotent.
  expect(again.created).toBe(false);
  expect(again.movements.map((m) => m.id)).toEqual(posted.movements.map((m) => m.id));

  // Late paperwork: dated before the count, so it would break "book at the count time = counted".
  clock.set(at(minute + 20));
  const rejected: MovementInput[] = [];
  for (const input of late) {
    const result = await st.ledger.post(input);
    const crossesCount = input.lines.some((line) => [line.from, line.to].some((l) => l !== undefined && SCOPE.includes(l)));
    expect(result.result).toBe(crossesCount ? 'backdated' : 'created');
    if (crossesCount) rejected.push(input);
    else recordInBook(world, input);
  }

  const records = await st.counts.countRecords();
  const balances = await st.ledger.balances({ includeZero: true });
  const movements = await st.ledger.movements();
  // Invariant 5: the log is append-only.
  expect(movements.slice(0, logBefore.length)).toEqual(logBefore);
  // Invariants 2 and 10: every balance equals the replay of the committed movements.
  const replay = new Map<string, InstanceType<typeof D>>();
  for (const movement of movements) {
    for (const line of movement.lines) {
      if (line.from) replay.set(stockKeyId(keyOf(line.sku, line.from)), (replay.get(stockKeyId(keyOf(line.sku, line.from))) ?? new D(0)).minus(line.qty));
      if (line.to) replay.set(stockKeyId(keyOf(line.sku, line.to)), (replay.get(stockKeyId(keyOf(line.sku, line.to))) ?? new D(0)).plus(line.qty));
    }
  }
  for (const balance of balances) {
    expect(balance.qty).toBe((replay.get(stockKeyId(balance.key)) ?? new D(0)).toFixed());
    // Invariant 3: nothing negative.
    expect(new D(balance.qty).isNegative()).toBe(false);
  }
  // Invariant 1: per item, the sum over locations equals receipts − issues ± adjustments.
  for (const sku of SKUS) {
    const total = balances.filter((b) => b.key.sku === sku).reduce((sum, b) => sum.plus(b.qty), new D(0));
    let flow = new D(0);
    for (const movement of movements) {
      for (const line of movement.lines) {
        if (line.sku !== sku || movement.kind === 'transfer') continue;
        flow = line.to ? flow.plus(line.qty) : flow.minus(line.qty);
      }
    }
    expect(total.toFixed()).toBe(flow.toFixed());
  }
  // Invariant 7: every counted key's book equals the physical world; the adjustments sum to what
  // the book never heard of (hidden shrinkage and the paperwork it refused).
  let adjustments = new D(0);
  for (const movement of movements.filter((m) => m.kind === 'count_adjustment')) {
    for (const line of movement.lines) adjustments = line.to ? adjustments.plus(line.qty) : adjustments.minus(line.qty);
  }
  let unknownToBook = new D(0);
  for (const location of SCOPE) for (const sku of SKUS) unknownToBook = unknownToBook.minus(world.get(world.shrinkage, keyOf(sku, location)));
  for (const input of rejected) for (const line of input.lines) if (line.from && SCOPE.includes(line.from)) unknownToBook = unknownToBook.minus(line.qty);
  for (const input of rejected) for (const line of input.lines) if (line.to && SCOPE.includes(line.to)) unknownToBook = unknownToBook.plus(line.qty);
  expect(adjustments.toFixed()).toBe(unknownToBook.toFixed());
  for (const record of records) {
    const book = await st.ledger.onHand(record.key);
    expect(book, `book of ${stockKeyId(record.key)}`).toBe(world.get(world.physical, record.key).toFixed());
    // Book as of the count time equals the count.
    expect(await st.ledger.onHand(record.key, { asOf: record.countedAt })).toBe(record.qty);
    // Invariant 8: book after posting − counted = the movements dated after the count window.
    const after = movements
      .flatMap((m) => m.lines.map((line) => ({ m, line })))
      .filter(({ m }) => m.occurredAt > record.countedAt)
      .reduce((sum, { line }) => {
        let delta = sum;
        if (line.from && stockKeyId(keyOf(line.sku, line.from)) === stockKeyId(record.key)) delta = delta.minus(line.qty);
        if (line.to && stockKeyId(keyOf(line.sku, line.to)) === stockKeyId(record.key)) delta = delta.plus(line.qty);
        return delta;
      }, new D(0));
    expect(new D(book).minus(record.qty).toFixed()).toBe(after.toFixed());
  }
  // Every key physically in scope was counted.
  for (const location of SCOPE) {
    for (const sku of SKUS) {
      const key = keyOf(sku, location);
      if (!world.get(world.physical, key).isZero() || !world.get(world.book, key).isZero()) {
        expect(records.some((r) => stockKeyId(r.key) === stockKeyId(key)), `count record of ${stockKeyId(key)}`).toBe(true);
      }
    }
  }
  expect((await st.audit.verify()).ok).toBe(true);
}

describe('count invariants against a shadow physical world', () => {
  it('hold under moves with lag, hidden shrinkage, split counts, recounts and retries', async () => {
    await fc.assert(fc.asyncProperty(scenarioArb, runScenario), { numRuns: propertyRuns(200) });
  });
});

