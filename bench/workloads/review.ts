/**
 * Workload 2: a count session in memory. Open a full count, count every key while movements keep
 * being posted, complete every bin, then review, approve and post; against a hand-written join of
 * Maps that computes the same variances.
 */
import { performance } from 'node:perf_hooks';
import { Decimal } from 'decimal.js';
import type { Review } from '../../src/index.js';
import { MemorySampler, collectGarbage, describe, measure, row, type BenchRow, type Measured } from '../harness.js';
import { createWorld, instant, layout, type World } from '../world.js';
import { baselineJoin, generateCountScenario, scenarioEntries, type CountScenario, type ScenarioEntry } from './scenario.js';

/** Sizes of the review workload. */
export interface ReviewSize {
  readonly keys: number;
  readonly entries: number;
  readonly movements: number;
}

/** What a count run produced, for checks and comparisons. */
export interface CountRun {
  readonly rows: BenchRow[];
  readonly review: Review;
  readonly world: World;
}

const SUPERVISOR = 'supervisor';

/**
 * Runs a whole count on a world: opening stock, open, counting with movements, completion,
 * review, approve, post. Returns the measured phases as rows.
 */
export async function runCount(world: World, scenario: CountScenario, workload: string, sizeText: string, baseline?: { join: Measured<unknown>; total: Measured<unknown> }): Promise<CountRun> {
  const { st, clock, layout: keys } = world;
  for (const movement of scenario.opening) {
    clock.set(movement.occurredAt!);
    const result = await st.ledger.post(movement);
    if (result.result !== 'created') throw new Error(`opening ${movement.id}: ${result.result}`);
  }

  clock.set(instant(scenario.openAt));
  const open = await measure(() =>
    st.counts.open({ id: 'bench-count', scope: { locations: ['WH1'] }, actor: SUPERVISOR, tolerance: { qty: '1000000' } }),
  );
  const session = open.value;

  let recordMs = 0;
  let completeMs = 0;
  let movementMs = 0;
  collectGarbage();
  const countingStartHeap = process.memoryUsage().heapUsed;
  const counting = new MemorySampler();
  counting.start();
  for (const step of scenario.steps) {
    if (step.type === 'movement') {
      clock.set(instant(step.recordedAt));
      const started = performance.now();
      const result = await st.ledger.post(step.movement);
      movementMs += performance.now() - started;
      if (result.result !== 'created') throw new Error(`movement ${step.movement.id}: ${result.result} ${result.message ?? ''}`);
      continue;
    }
    const location = keys.locations[step.location]!;
    const started = performance.now();
    for (const entry of step.entries) {
        clock.set(instant(entry.at));
        const result = await st.counts.record(session.id, {
          entryId: entry.entryId,
          sku: entry.key.sku,
          location: entry.key.location,
          qty: entry.qty,
          countedAt: instant(entry.at),
          counter: entry.counter,
        });
      if (result.result !== 'created' || result.entry?.flags.length !== 0) throw new Error(`entry ${entry.entryId}: ${result.result}`);
    }
    const recorded = performance.now();
    recordMs += recorded - started;
    clock.set(instant(step.completeAt));
    await st.counts.completeLocation(session.id, location, { actor: step.entries[0]?.counter ?? SUPERVISOR, at: instant(step.completeAt) });
    completeMs += performance.now() - recorded;
  }

  const countingPeak = counting.stop();
  clock.set(instant(scenario.reviewAt));
  const review = await measure(() => st.counts.review(session.id, { actor: SUPERVISOR }));
  if (review.value.state !== 'reviewing' || review.value.openLocations.length > 0) {
    throw new Error(`review left the session ${review.value.state} with ${review.value.openLocations.length} open bins`);
  }
  const approve = await measure(() => st.counts.approve(session.id, { actor: SUPERVISOR }));
  const post = await measure(() => st.counts.post(session.id, { actor: SUPERVISOR }));
  const variances = review.value.lines.filter((line) => !new Decimal(line.variance).isZero()).length;
  if (post.value.movements.length !== variances) throw new Error(`posted ${post.value.movements.length} adjustments for ${variances} variances`);

  const lines = review.value.lines.length;
  const units = lines + scenario.entryCount + scenario.movementCount;
  const unitName = 'keys+entries+movements';
  const total: Measured<unknown> = {
    medianMs: open.medianMs + review.medianMs + approve.medianMs + post.medianMs,
    samplesMs: [open.medianMs + review.medianMs + approve.medianMs + post.medianMs],
    peakHeap: Math.max(open.peakHeap, review.peakHeap, approve.peakHeap, post.peakHeap),
    startHeap: open.startHeap,
    value: undefined,
  };
  const phase = (name: string, ms: number, count: number, unit: string): Measured<unknown> => ({
    medianMs: ms,
    samplesMs: [ms],
    peakHeap: countingPeak,
    startHeap: countingStartHeap,
    value: `${name}: ${count} ${unit}`,
  });
  const rows: BenchRow[] = [
    row({ workload, case: 'engine open (snapshot)', size: sizeText, units: keys.keys.length, unit: 'keys' }, open),
    row(
      { workload, case: 'counting: st.counts.record', size: sizeText, units: scenario.entryCount, unit: 'entries', note: 'cumulative time of every record call' },
      phase('record', recordMs, scenario.entryCount, 'entries'),
    ),
    row({ workload, case: 'counting: st.ledger.post during the count', size: sizeText, units: scenario.movementCount, unit: 'movements', note: 'cumulative' }, phase('movements', movementMs, scenario.movementCount, 'movements')),
    row({ workload, case: 'counting: st.counts.completeLocation', size: sizeText, units: keys.locations.length, unit: 'bins', note: 'cumulative' }, phase('complete', completeMs, keys.locations.length, 'bins')),
    row(
      { workload, case: 'engine review', size: sizeText, units, unit: unitName, ...(baseline ? { baseline: 'join of Maps', target: { maxRatio: 3 } } : {}) },
      review,
      baseline?.join,
    ),
    row({ workload, case: 'engine approve', size: sizeText, units, unit: unitName }, approve),
    row({ workload, case: 'engine post', size: sizeText, units: lines, unit: 'lines', note: `${post.value.movements.length} adjustments, ${post.value.confirmations} confirmations` }, post),
    row(
      { workload, case: 'engine open+review+approve+post', size: sizeText, units, unit: unitName, ...(baseline ? { baseline: 'snapshot + join + apply', target: { maxRatio: 3 } } : {}) },
      total,
      baseline?.total,
    ),
  ];
  return { rows, review: review.value, world };
}

/** Checks that the engine's review has the baseline's variance for every key. */
export function checkVariances(review: Review, variance: ReadonlyMap<string, Decimal>): void {
  if (review.lines.length !== variance.size) throw new Error(`review has ${review.lines.length} lines, baseline ${variance.size}`);
  for (const line of review.lines) {
    const want = variance.get(`${line.sku}@${line.location}`);
    if (want === undefined || !want.eq(line.variance)) {
      throw new Error(`variance of ${line.sku}@${line.location}: engine ${line.variance}, baseline ${want?.toString() ?? 'none'}`);
    }
  }
}

/**
 * The baseline of the whole session: the book at opening (sums of postings recorded before it),
 * the join, then applying every non-zero variance to the current balances.
 */
function baselineSession(entries: readonly ScenarioEntry[], scenario: CountScenario): Map<string, Decimal> {
  const openAt = instant(scenario.openAt);
  const snapshot = new Map<string, Decimal>();
  const current = new Map<string, Decimal>();
  for (const posting of scenario.postings) {
    current.set(posting.keyId, (current.get(posting.keyId) ?? new Decimal(0)).plus(posting.delta));
    if (posting.occurredAt <= openAt) snapshot.set(posting.keyId, (snapshot.get(posting.keyId) ?? new Decimal(0)).plus(posting.delta));
  }
  const variance = baselineJoin(entries, scenario.postings);
  for (const [keyId, delta] of variance) if (!delta.isZero()) current.set(keyId, (current.get(keyId) ?? new Decimal(0)).plus(delta));
  return variance;
}

/** Runs the review workload at one size. */
export async function runReview(size: ReviewSize, workload = 'review'): Promise<BenchRow[]> {
  const keys = layout(size.keys);
  const scenario = generateCountScenario(keys, size.entries, size.movements);
  const entries = scenarioEntries(scenario);
  const sizeText = `${size.keys} keys / ${scenario.entryCount} entries / ${scenario.movementCount} movements`;
  describe(
    `${workload}: count review in memory`,
    `A full count of ${size.keys} keys (${keys.locations.length} bins, ${keys.zones} zones): ${scenario.entryCount} entries ` +
      `(each through st.counts.record), ` +
      `${scenario.movementCount} movements posted while counting (10 % recorded late), every bin completed; then review, approve, post timed. ` +
      `Baseline: a join of Maps (entries and postings) computing each key's variance; its variances are checked equal to the engine's.`,
  );
  const join = await measure(() => baselineJoin(entries, scenario.postings), { runs: 3, warmup: 1 });
  const total = await measure(() => baselineSession(entries, scenario), { runs: 3, warmup: 1 });
  // Warm the JIT with a small count on a separate engine, so small sizes are not dominated by compilation.
  const warmKeys = layout(500);
  await runCount(await createWorld(warmKeys), generateCountScenario(warmKeys, 1_500, 250, 99), 'warm-up', 'warm-up');
  const world = await createWorld(keys);
  const run = await runCount(world, scenario, workload, sizeText, { join, total });
  checkVariances(run.review, join.value);
  console.log(`checked: the engine's ${run.review.lines.length} variances equal the baseline's`);
  return [
    row({ workload, case: 'baseline: join of Maps', size: sizeText, units: run.review.lines.length + scenario.entryCount + scenario.movementCount, unit: 'keys+entries+movements' }, join),
    ...run.rows,
  ];
}
