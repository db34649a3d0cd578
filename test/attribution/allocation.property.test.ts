/**
 * The laws of the allocation: the most confident explanation wins, nothing explainable is left
 * unexplained, and the input's order does not matter. The hypotheses are rebuilt here with the
 * engine's own builders, so each law is checked against what the allocation could have chosen.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { attributeVariances, stockKeyId, type AttributedLine, type AttributionInput } from '../../src/index.js';
import { priorityOf, type Hypothesis } from '../../src/attribution/allocate.js';
import { cutoffHypotheses } from '../../src/attribution/cutoff.js';
import { buildFacts } from '../../src/attribution/facts.js';
import { offsettingHypotheses } from '../../src/attribution/offsetting.js';
import { uomErrorHypothesis } from '../../src/attribution/uom-error.js';
import { D } from '../../src/quantity/decimal.js';
import { propertyRuns } from '../support/property.js';
import { syntheticInputArb } from './synthetic.js';

const HORIZON_MS = 120 * 60_000;
const RESIDUAL = new Set(['shrinkage', 'unexplained', 'inherited']);

function hypothesesOf(input: AttributionInput) {
  const facts = buildFacts(input);
  const hypotheses: Hypothesis[] = [
    ...facts.flatMap((line) => uomErrorHypothesis(line) ?? []),
    ...facts.flatMap((line) => cutoffHypotheses(line, HORIZON_MS)),
    ...offsettingHypotheses(facts),
  ];
  return { facts, hypotheses };
}

function byLine(attributed: readonly AttributedLine[]): Map<string, AttributedLine['attribution']> {
  return new Map(attributed.map((line) => [stockKeyId(line.key), line.attribution]));
}

/** Whether the attribution of `lineId` shows the hypothesis as one of its candidates. */
function applied(hypothesis: Hypothesis, lineId: string, attribution: AttributedLine['attribution']): boolean {
  return attribution.candidates.some((candidate) => {
    if (candidate.category !== hypothesis.category) return false;
    // A cut-off's id ends with its movement's id; a pair's candidate names the other line.
    if (hypothesis.category === 'cutoff') return hypothesis.id === `${lineId}\u0000${candidate.evidence.movementIds[0]}`;
    if (hypothesis.lines.length === 2) return hypothesis.lines.some((line) => line.id !== lineId && stockKeyId(candidate.evidence.lines[0]!) === line.id);
    return true;
  });
}

describe('attribution: the allocation by confidence', () => {
  it('property: an explanation of the whole variance more confident than every rival on its lines is their first explanation', () => {
    let reached = 0;
    fc.assert(
      fc.property(syntheticInputArb(), (input) => {
        const attributions = byLine(attributeVariances(input));
        const { hypotheses } = hypothesesOf(input);
        const initial = hypotheses.map((hypothesis) => ({ hypothesis, qty: hypothesis.available()! })).filter(({ qty }) => qty !== undefined);
        for (const { hypothesis, qty } of initial) {
          if (!hypothesis.lines.every((line) => line.size.eq(qty))) continue;
          const priority = priorityOf(hypothesis, qty);
          const rivals = initial.filter((other) => other.hypothesis !== hypothesis && other.hypothesis.lines.some((line) => hypothesis.lines.includes(line)));
          if (!rivals.every((other) => priorityOf(other.hypothesis, other.qty) < priority)) continue;
          reached += 1;
          for (const line of hypothesis.lines) {
            const first = attributions.get(line.id)!.candidates.find((candidate) => candidate.category !== 'count_error')!;
            expect(first.category, line.id).toBe(hypothesis.category);
            expect(new D(first.explainedQty).eq(line.size)).toBe(true);
            expect(applied(hypothesis, line.id, attributions.get(line.id)!)).toBe(true);
          }
        }
      }),
      { numRuns: propertyRuns(300) },
    );
    expect(reached).toBeGreaterThan(0);
  });

  it('property: what is left as shrinkage, unexplained or inherited has no explanation left (no pair, cut-off or unit error fits it)', () => {
    const categories = new Set<string>();
    fc.assert(
      fc.property(syntheticInputArb(), (input) => {
        const attributions = byLine(attributeVariances(input));
        const { facts, hypotheses } = hypothesesOf(input);
        for (const line of facts) {
          const residual = attributions.get(line.id)!.candidates.filter((candidate) => RESIDUAL.has(candidate.category));
          line.remaining = residual.reduce((sum, candidate) => sum.plus(candidate.explainedQty), new D(0));
        }
        for (const hypothesis of hypotheses) {
          if (hypothesis.lines.some((line) => applied(hypothesis, line.id, attributions.get(line.id)!))) {
            categories.add(hypothesis.category);
            continue;
          }
          expect(hypothesis.available(), `${hypothesis.category} ${hypothesis.id} left unused`).toBeUndefined();
        }
      }),
      { numRuns: propertyRuns(300) },
    );
    // The generator reaches every kind of explanation.
    expect([...categories].sort()).toEqual(['cutoff', 'item_mixup', 'misplacement', 'uom_error']);
  });

  it('property: the order of lines, movements and items does not change any explanation', () => {
    const shuffled = syntheticInputArb().chain((input) =>
      fc.record({
        input: fc.constant(input),
        lines: fc.shuffledSubarray([...input.lines], { minLength: input.lines.length }),
        postings: fc.shuffledSubarray([...input.postings], { minLength: input.postings.length }),
        items: fc.shuffledSubarray([...input.items], { minLength: input.items.length }),
      }),
    );
    fc.assert(
      fc.property(shuffled, ({ input, lines, postings, items }) => {
        expect(byLine(attributeVariances({ ...input, lines, postings, items }))).toEqual(byLine(attributeVariances(input)));
      }),
      { numRuns: propertyRuns(200) },
    );
  });
});
