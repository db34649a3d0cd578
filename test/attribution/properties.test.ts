import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  attributeVariances,
  custodiansDuring,
  stockKeyId,
  type Movement,
  type ReviewLine,
  type StockKey,
} from '../../src/index.js';
import { D } from '../../src/quantity/decimal.js';
import { propertyRuns } from '../support/property.js';
import { at, smallWarehouse } from '../support/world.js';
import { ACTORS, minute, syntheticInputArb } from './synthetic.js';

const SKUS = ['A-100', 'W-10', 'W-12'] as const;
const BINS = ['WH1/A/01', 'WH1/A/02', 'WH1/A/03'] as const;

const scenarioArb = fc.record({
  receipts: fc.array(
    fc.record({ sku: fc.constantFrom(...SKUS), bin: fc.constantFrom(...BINS), qty: fc.integer({ min: 1, max: 30 }), actor: fc.constantFrom(...ACTORS), at: fc.integer({ min: 0, max: 110 }) }),
    { maxLength: 8 },
  ),
  custody: fc.array(
    fc.record({ location: fc.constantFrom('WH1/A', ...BINS), custodians: fc.subarray([...ACTORS]), at: fc.integer({ min: 0, max: 200 }) }),
    { maxLength: 4 },
  ),
  /** Movements around the count (08:20 to 10:40): inside or after the window, or just before it. */
  around: fc.array(
    fc.record({ kind: fc.constantFrom('receipt', 'issue'), sku: fc.constantFrom(...SKUS), bin: fc.constantFrom(...BINS), qty: fc.integer({ min: 1, max: 12 }), actor: fc.constantFrom(...ACTORS), at: fc.integer({ min: 140, max: 280 }) }),
    { maxLength: 4 },
  ),
  counts: fc.array(fc.option(fc.record({ qty: fc.integer({ min: 0, max: 40 }), inCases: fc.boolean() }), { nil: undefined }), { minLength: 9, maxLength: 9 }),
  recounts: fc.array(fc.integer({ min: 0, max: 40 }), { minLength: 9, maxLength: 9 }),
  baseline: fc.boolean(),
});

type Scenario = typeof scenarioArb extends fc.Arbitrary<infer T> ? T : never;

/** Runs a scenario through the engine and returns the final review with what links people to keys. */
async function run(scenario: Scenario) {
  const { st, clock } = await smallWarehouse();
  await st.catalog.defineLocation({ id: 'WH1/A/03' });
  await st.catalog.defineItem({ sku: 'W-10', baseUom: 'ea', abcClass: 'A', lookAlikes: ['W-12'], packs: [{ uom: 'box', factor: '10' }] });
  await st.catalog.defineItem({ sku: 'W-12', baseUom: 'ea', abcClass: 'A' });
  // An outsider who handles other goods elsewhere and answers for another zone: never responsible here.
  await st.catalog.assignCustodians({ location: 'WH1/B', custodians: ['ghost'], from: minute(0), actor: 'zhao' });
  await st.ledger.post({ id: 'ghost-1', kind: 'receipt', occurredAt: minute(5), actor: 'ghost', lines: [{ sku: 'A-100', to: 'WH1/B/01', qty: '9' }] });
  for (const [index, custody] of scenario.custody.entries()) {
    await st.catalog.assignCustodians({ location: custody.location, custodians: custody.custodians, from: minute(custody.at), actor: 'zhao' });
    void index;
  }
  for (const [index, receipt] of scenario.receipts.entries()) {
    await st.ledger.post({ id: `rcv-${index}`, kind: 'receipt', occurredAt: minute(receipt.at), actor: receipt.actor, lines: [{ sku: receipt.sku, to: receipt.bin, qty: String(receipt.qty) }] });
  }
  const session = await st.counts.open({ scope: { locations: ['WH1/A'] }, actor: 'zhao', counters: ['c1', 'c2'], purpose: scenario.baseline ? 'baseline' : 'regular' });
  clock.set(at('09:00'));
  const keys = SKUS.flatMap((sku) => BINS.map((location) => ({ sku, location })));
  for (const [index, key] of keys.entries()) {
    const count = scenario.counts[index];
    if (!count) continue;
    const inCases = count.inCases && key.sku !== 'W-12';
    const uom = inCases ? (key.sku === 'A-100' ? 'case' : 'box') : undefined;
    await st.counts.record(session.id, { entryId: `e${index}`, ...key, qty: String(inCases ? count.qty % 4 : count.qty), ...(uom ? { uom } : {}), countedAt: at('09:00'), counter: 'c1' });
  }
  for (const bin of BINS) await st.counts.completeLocation(session.id, bin, { actor: 'c1', at: at('09:00') });
  clock.set(at('11:00'));
  for (const [index, movement] of scenario.around.entries()) {
    const line = movement.kind === 'receipt' ? { sku: movement.sku, to: movement.bin, qty: String(movement.qty) } : { sku: movement.sku, from: movement.bin, qty: String(movement.qty) };
    await st.ledger.post({ id: `mv-${index}`, kind: movement.kind, occurredAt: minute(movement.at), actor: movement.actor, lines: [line] });
  }
  let review = await st.counts.review(session.id, { actor: 'zhao' });
  const recountedBins = new Set(review.recountTasks.flatMap((task) => task.locations));
  if (review.recountTasks.length > 0) {
    clock.set(at('11:30'));
    for (const task of review.recountTasks) {
      for (const key of task.keys ?? []) {
        const index = keys.findIndex((candidate) => stockKeyId(candidate) === stockKeyId(key));
        await st.counts.record(session.id, { entryId: `r${index}`, ...key, qty: String(scenario.recounts[index]), countedAt: at('11:30'), counter: 'c2' });
      }
      for (const location of task.locations) await st.counts.completeLocation(session.id, location, { actor: 'c2', at: at('11:30') });
    }
    review = await st.counts.review(session.id, { actor: 'zhao' });
  }
  const entries = await st.counts.entries(session.id);
  const movements = await st.ledger.movements();
  const assignments = await st.catalog.listCustodianAssignments();
  // Completing a location asserts zero for the keys nobody counted there: c1 completed every bin,
  // c2 the bins of the recounts.
  const completers = (key: StockKey): string[] => ['c1', ...(recountedBins.has(key.location) ? ['c2'] : [])];
  const linked = (key: StockKey, until: string): Set<string> =>
    new Set([
      ...entries.filter((entry) => entry.kind === 'count' && entry.key && stockKeyId(entry.key) === stockKeyId(key)).map((entry) => entry.counter),
      ...completers(key),
      ...movements.filter((movement) => touches(movement, key)).map((movement) => movement.actor),
      ...custodiansDuring(assignments, key.location, '1000-01-01T00:00:00.000Z', until),
    ]);
  return { review, linked };
}

function touches(movement: Movement, key: StockKey): boolean {
  return movement.lines.some((line) => line.sku === key.sku && (line.from === key.location || line.to === key.location));
}

/** The laws every attribution obeys, whatever produced the lines. */
function checkLaws(lines: readonly ReviewLine[], linked: (key: StockKey, until: string) => Set<string>): void {
  const byId = new Map(lines.map((line) => [stockKeyId(line.key), line]));
  for (const line of lines) {
    const attribution = line.attribution;
    if (!attribution) continue;
    const size = new D(line.variance).abs();
    let explained = new D(0);
    let previous = Number.POSITIVE_INFINITY;
    for (const candidate of attribution.candidates) {
      expect(candidate.confidence).toBeGreaterThanOrEqual(0);
      expect(candidate.confidence).toBeLessThanOrEqual(1);
      expect(candidate.confidence).toBeLessThanOrEqual(previous);
      previous = candidate.confidence;
      const qty = new D(candidate.explainedQty);
      expect(qty.isNegative()).toBe(false);
      if (candidate.category === 'count_error') {
        const overruled = line.rounds.map((round) => new D(round.variance).minus(line.variance).abs());
        expect(overruled.some((difference) => difference.eq(qty))).toBe(true);
      } else {
        expect(qty.gt(0)).toBe(true);
        explained = explained.plus(qty);
      }
      // Nobody is named without a link to the key or to an evidence line's key.
      const allowed = new Set([...linked(line.key, line.window.to), ...candidate.evidence.lines.flatMap((key) => [...linked(key, byId.get(stockKeyId(key))!.window.to)])]);
      for (const actor of candidate.responsible) expect(allowed, `${actor} named for ${candidate.category} on ${stockKeyId(line.key)}`).toContain(actor);
      // An offset explains the same units on both lines, once.
      for (const other of candidate.evidence.lines) {
        const mirror = byId.get(stockKeyId(other))!.attribution!.candidates.filter(
          (c) => c.category === candidate.category && c.evidence.lines.some((key) => stockKeyId(key) === stockKeyId(line.key)),
        );
        expect(mirror.map((c) => c.explainedQty)).toEqual([candidate.explainedQty]);
      }
    }
    // Explained quantities never exceed the variance; the remainder is attributed too.
    expect(explained.eq(size), `${stockKeyId(line.key)}: ${explained.toString()} of ${size.toString()}`).toBe(true);
    expect(attribution.explainedQty).toBe(size.isZero() ? '0' : size.toFixed());
  }
}

describe('attribution properties', () => {
  it('through the engine: nobody unlinked is named, nothing is explained twice, every unit is explained once', async () => {
    await fc.assert(
      fc.asyncProperty(scenarioArb, async (scenario) => {
        const { review, linked } = await run(scenario);
        for (const line of review.lines) {
          const due = line.status !== 'pending' && !new D(line.variance).isZero();
          if (due) expect(line.attribution, stockKeyId(line.key)).toBeDefined();
        }
        checkLaws(review.lines, linked);
      }),
      { numRuns: propertyRuns(200) },
    );
  });

  it('the pure function over synthetic reviews: the same laws, and the same input gives the same output', () => {
    fc.assert(
      fc.property(syntheticInputArb(), (input) => {
        const attributed = attributeVariances(input);
        expect(attributeVariances(input)).toEqual(attributed);
        const byId = new Map(attributed.map((line) => [stockKeyId(line.key), line.attribution]));
        const lines = input.lines.map((line) => {
          const attribution = byId.get(stockKeyId(line.key));
          return { ...line, ...(attribution ? { attribution } : {}) } as unknown as ReviewLine;
        });
        const linked = (key: StockKey, until: string) =>
          new Set([
            ...input.entries.filter((e) => e.key && stockKeyId(e.key) === stockKeyId(key)).map((e) => e.counter),
            ...input.postings.filter((p) => stockKeyId(p.key) === stockKeyId(key)).map((p) => p.actor),
            ...custodiansDuring(input.custodians, key.location, '1000-01-01T00:00:00.000Z', until),
          ]);
        checkLaws(lines, linked);
        for (const line of input.lines) expect(byId.has(stockKeyId(line.key))).toBe(line.variance !== '0');
      }),
      { numRuns: propertyRuns(200) },
    );
  });
});
