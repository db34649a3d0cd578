/**
 * Synthetic attribution inputs for property tests: review lines of a few skus (one with a pack,
 * look-alikes) at sibling bins, bins of another zone and two root-level locations (plants), with
 * movements around the count window and custodians.
 */
import fc from 'fast-check';
import { stockKeyId, type AttributionInput } from '../../src/index.js';
import { at } from '../support/world.js';

export const ACTORS = ['li', 'wang', 'chen', 'sun'] as const;

/** 06:00 on the test day plus `n` minutes. */
export const minute = (n: number): string => new Date(Date.parse(at('06:00')) + n * 60_000).toISOString();

const keyArb = fc.record({ sku: fc.constantFrom('S1', 'S2', 'S3'), location: fc.constantFrom('W/A/1', 'W/A/2', 'W/B/1', 'P1', 'P2') });

/** A line's expected quantity and variance; biased towards multiples of S1's pack of 6 so unit errors occur. */
const figuresArb = fc
  .record({ expected: fc.constantFrom(6, 12, 40), variance: fc.oneof(fc.integer({ min: -30, max: 30 }), fc.constantFrom(-10, -5, 5, 30, 60)) })
  .filter(({ expected, variance }) => expected + variance >= 0);

/** Inputs of `attributeVariances`: the count window is 09:00–09:10, movements fall between 06:00 and 12:40. */
export function syntheticInputArb(): fc.Arbitrary<AttributionInput> {
  return fc
    .record({
      lines: fc.uniqueArray(fc.record({ key: keyArb, figures: figuresArb, counter: fc.constantFrom('c1', 'c2') }), {
        selector: (line) => stockKeyId(line.key),
        maxLength: 10,
      }),
      postings: fc.array(fc.record({ key: keyArb, delta: fc.integer({ min: -20, max: 20 }).filter((n) => n !== 0), actor: fc.constantFrom(...ACTORS), at: fc.integer({ min: 0, max: 400 }) }), { maxLength: 12 }),
      custody: fc.array(fc.record({ location: fc.constantFrom('W', 'W/A', 'W/A/1', 'W/B', 'P1'), custodians: fc.subarray([...ACTORS, 'ghost']), at: fc.integer({ min: 0, max: 400 }) }), { maxLength: 4 }),
      baseline: fc.boolean(),
    })
    .map(({ lines, postings, custody, baseline }): AttributionInput => ({
      sessionId: 's1',
      purpose: baseline ? 'baseline' : 'regular',
      lines: lines.map(({ key, figures: { expected, variance }, counter }) => ({
        key,
        expected: String(expected),
        counted: String(expected + variance),
        variance: String(variance),
        status: variance === 0 ? 'match' : 'needs_approval',
        window: { from: minute(180), to: minute(190) },
        round: 1,
        rounds: [
          { round: 1, counted: String(expected + variance), expected: String(expected), variance: String(variance), window: { from: minute(180), to: minute(190) }, counters: [counter], entryIds: [`e-${key.sku}-${key.location}`], complete: true },
        ],
        counters: [counter],
      })),
      entries: lines.map(({ key, figures: { expected, variance }, counter }) => ({ entryId: `e-${key.sku}-${key.location}`, kind: 'count', key, qty: String(expected + variance), counter, round: 1 })),
      postings: postings.map((posting, index) => ({ movementId: `m${index}`, key: posting.key, delta: String(posting.delta), occurredAt: minute(posting.at), kind: 'adjustment', actor: posting.actor })),
      items: [
        { sku: 'S1', baseUom: 'ea', packs: [{ uom: 'case', factor: '6' }], lookAlikes: ['S2'] },
        { sku: 'S2', baseUom: 'ea', packs: [], lookAlikes: [] },
        { sku: 'S3', baseUom: 'ea', packs: [], lookAlikes: ['S1'] },
      ],
      custodians: custody.map((c, index) => ({ seq: index + 1, location: c.location, custodians: c.custodians, from: minute(c.at) })),
      countRecords: [],
    }));
}
