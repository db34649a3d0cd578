/**
 * The count scenario of workloads 2, 5 and 6: a warehouse with opening stock, a full count of
 * every key (several entries per key, bin by bin in walking order) while movements keep being
 * posted, some of them recorded late with an earlier business time.
 *
 * Everything is generated up front and deterministically, with the physically correct counted
 * quantities, so the engine and the baselines work on the same data.
 */
import { Decimal } from 'decimal.js';
import type { MovementInput } from '../../src/index.js';
import { KEYS_PER_LOCATION, createRandom, instant, type BenchKey, type Layout } from '../world.js';

/** One count entry as a counter submits it. */
export interface ScenarioEntry {
  readonly entryId: string;
  readonly key: BenchKey;
  readonly qty: string;
  /** Milliseconds after the world's start. */
  readonly at: number;
  readonly counter: string;
}

/** One ledger posting as the baselines see it. */
export interface ScenarioPosting {
  readonly keyId: string;
  readonly delta: number;
  /** ISO instant of the business time. */
  readonly occurredAt: string;
}

/** A step of the counting timeline, in recorded-time order. */
export type ScenarioStep =
  | { readonly type: 'location'; readonly location: number; readonly entries: readonly ScenarioEntry[]; readonly completeAt: number }
  | { readonly type: 'movement'; readonly recordedAt: number; readonly movement: MovementInput };

/** The generated scenario. */
export interface CountScenario {
  /** Receipts that give every key its opening stock, posted before the count opens. */
  readonly opening: readonly MovementInput[];
  /** When the count opens (ms after start). */
  readonly openAt: number;
  /** The counting timeline: bins with their entries and completion, and movements. */
  readonly steps: readonly ScenarioStep[];
  /** When the count is reviewed (ms after start), after every step. */
  readonly reviewAt: number;
  /** Every posting (opening and during counting) for the baselines. */
  readonly postings: readonly ScenarioPosting[];
  readonly entryCount: number;
  readonly movementCount: number;
}

const SECOND = 1000;

/**
 * Generates the scenario.
 *
 * Bin `l` is counted in a slot starting `l` minutes after the count opens: its keys one after
 * another, `entriesPerKey` entries a second apart per key, then the completion mark. Movements
 * (one line each: 60 % issues, 40 % receipts) are dated in the idle tail of a slot, never inside a
 * key's count window, so no line is ambiguous; 10 % of them are recorded up to twenty minutes
 * after the moment they are dated at (late postings that change the expected quantity). Counted
 * quantities are the physical ones: the book as of the window start plus a shrinkage on 10 % of
 * the keys, so those keys have a variance and the others match.
 *
 * @param keys - the layout
 * @param entryCount - entries in total (a multiple of the key count)
 * @param movementCount - movements during the count
 * @param seed - the PRNG seed
 * @returns the scenario
 */
export function generateCountScenario(keys: Layout, entryCount: number, movementCount: number, seed = 7): CountScenario {
  const random = createRandom(seed);
  const entriesPerKey = Math.max(1, Math.round(entryCount / keys.keys.length));
  const keyGap = (entriesPerKey + 1) * SECOND;
  const busy = KEYS_PER_LOCATION * keyGap;
  const slot = busy + 20 * SECOND;
  const openAt = 3600 * SECOND;
  const slotStart = (l: number): number => openAt + 60 * SECOND + l * slot;

  const postings: ScenarioPosting[] = [];
  const opening: MovementInput[] = [];
  const current = new Float64Array(keys.keys.length);
  for (let k = 0; k < keys.keys.length; k += 50) {
    const batch = keys.keys.slice(k, k + 50);
    const occurredAt = instant(60 * SECOND + k);
    opening.push({
      id: `open-${k}`,
      kind: 'receipt',
      occurredAt,
      actor: 'receiving',
      lines: batch.map((key) => {
        const qty = 20 + random.int(200);
        current[key.index] = qty;
        postings.push({ keyId: key.id, delta: qty, occurredAt });
        return { sku: key.sku, to: key.location, qty: String(qty) };
      }),
    });
  }

  // Movements in recorded order, dated in the idle tail of some slot at or before their recording.
  const locationCount = keys.locations.length;
  const moves: Array<{ recordedAt: number; occurredMs: number; key: BenchKey }> = [];
  for (let i = 0; i < movementCount; i++) {
    const recordSlot = random.int(locationCount);
    const late = random.next() < 0.1;
    const dateSlot = late ? Math.max(0, recordSlot - 1 - random.int(20)) : recordSlot;
    const occurredMs = slotStart(dateSlot) + busy + 5 * SECOND + random.int(10 * SECOND);
    const recordedAt = late ? slotStart(recordSlot) + busy + 16 * SECOND + random.int(3 * SECOND) : occurredMs;
    moves.push({ recordedAt, occurredMs, key: keys.keys[random.int(keys.keys.length)]! });
  }
  moves.sort((a, b) => a.recordedAt - b.recordedAt);
  const movementSteps: ScenarioStep[] = moves.map((move, i) => {
    const have = current[move.key.index]!;
    const issue = have >= 1 && random.next() < 0.6;
    const qty = issue ? 1 + random.int(Math.min(have, 10)) : 1 + random.int(30);
    current[move.key.index] = have + (issue ? -qty : qty);
    const occurredAt = instant(move.occurredMs);
    postings.push({ keyId: move.key.id, delta: issue ? -qty : qty, occurredAt });
    const line = issue ? { sku: move.key.sku, from: move.key.location, qty: String(qty) } : { sku: move.key.sku, to: move.key.location, qty: String(qty) };
    return {
      type: 'movement',
      recordedAt: move.recordedAt,
      movement: { id: `mv-${i + 1}`, kind: issue ? 'issue' : 'receipt', occurredAt, actor: 'floor', lines: [line] },
    };
  });

  // The book of each key as of a moment: postings sorted by business time, per key.
  const byKey = new Map<string, ScenarioPosting[]>();
  for (const posting of postings) {
    const list = byKey.get(posting.keyId);
    if (list) list.push(posting);
    else byKey.set(posting.keyId, [posting]);
  }
  const bookAt = (keyId: string, moment: string): number =>
    (byKey.get(keyId) ?? []).reduce((sum, posting) => (posting.occurredAt <= moment ? sum + posting.delta : sum), 0);

  const steps: ScenarioStep[] = [];
  let entryNumber = 0;
  for (let l = 0; l < locationCount; l++) {
    const start = slotStart(l);
    const counter = `counter-${keys.locations[l]!.split('/')[1]!}`;
    const entries: ScenarioEntry[] = [];
    for (const [j, key] of keys.keysAt[l]!.entries()) {
      const from = start + j * keyGap;
      const book = bookAt(key.id, instant(from));
      // Shrinkage never exceeds what is on the shelf now: the count adjustment is applied to the
      // current balance, which the movements after the count have changed.
      const shrink = random.next() < 0.1 ? Math.min(1 + random.int(5), Math.max(0, current[key.index]!), Math.max(0, book)) : 0;
      let left = Math.max(0, book - shrink);
      for (let e = 0; e < entriesPerKey; e++) {
        const qty = e === entriesPerKey - 1 ? left : random.int(left + 1);
        left -= qty;
        entries.push({ entryId: `e-${++entryNumber}`, key, qty: String(qty), at: from + e * SECOND, counter });
      }
    }
    steps.push({ type: 'location', location: l, entries, completeAt: start + busy });
  }
  // Merge the two timelines by recorded time (a bin's step happens at its completion).
  const timeOf = (step: ScenarioStep): number => (step.type === 'location' ? step.completeAt : step.recordedAt);
  const merged: ScenarioStep[] = [];
  let a = 0;
  let b = 0;
  while (a < steps.length || b < movementSteps.length) {
    if (b >= movementSteps.length || (a < steps.length && timeOf(steps[a]!) <= timeOf(movementSteps[b]!))) merged.push(steps[a++]!);
    else merged.push(movementSteps[b++]!);
  }
  return {
    opening,
    openAt,
    steps: merged,
    reviewAt: slotStart(locationCount) + 60 * SECOND,
    postings,
    entryCount: entryNumber,
    movementCount,
  };
}

/** The baseline's inputs and outputs: the variance of every key. */
export interface BaselineVariances {
  readonly variance: Map<string, Decimal>;
}

/**
 * The hand-written join: sum entries per key and take the window start (first entry), sum the
 * postings dated at or before it per key, subtract. Plain Maps and decimal.js, no storage.
 *
 * @param entries - every entry
 * @param postings - every posting (opening stock and movements)
 * @returns the variance per `sku@location`
 */
export function baselineJoin(entries: readonly ScenarioEntry[], postings: readonly ScenarioPosting[]): Map<string, Decimal> {
  const counted = new Map<string, { qty: Decimal; from: string }>();
  for (const entry of entries) {
    const at = instant(entry.at);
    const seen = counted.get(entry.key.id);
    if (seen) {
      seen.qty = seen.qty.plus(entry.qty);
      if (at < seen.from) seen.from = at;
    } else {
      counted.set(entry.key.id, { qty: new Decimal(entry.qty), from: at });
    }
  }
  const byKey = new Map<string, ScenarioPosting[]>();
  for (const posting of postings) {
    const list = byKey.get(posting.keyId);
    if (list) list.push(posting);
    else byKey.set(posting.keyId, [posting]);
  }
  const variance = new Map<string, Decimal>();
  for (const [keyId, count] of counted) {
    let expected = new Decimal(0);
    for (const posting of byKey.get(keyId) ?? []) if (posting.occurredAt <= count.from) expected = expected.plus(posting.delta);
    variance.set(keyId, count.qty.minus(expected));
  }
  return variance;
}

/** Every entry of a scenario, in timeline order. */
export function scenarioEntries(scenario: CountScenario): ScenarioEntry[] {
  return scenario.steps.flatMap((step) => (step.type === 'location' ? step.entries : []));
}
