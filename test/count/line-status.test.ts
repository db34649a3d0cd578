import { describe, expect, it } from 'vitest';
import { resolveLineStatus } from '../../src/count/line-status.js';
import type { RoundCount } from '../../src/count/review-types.js';
import type { ToleranceLine } from '../../src/policy/tolerance.js';
import { session } from '../../src/testing/conformance/fixtures.js';

const T = '2026-03-02T08:00:00.000Z';

/** A complete, usable round of a key whose book is 10. */
function round(n: number, counted: string, counters: readonly string[], extra: Partial<RoundCount> = {}): RoundCount {
  return {
    round: n,
    counted,
    expected: '10',
    variance: String(Number(counted) - 10),
    window: { from: T, to: T },
    counters,
    entryIds: [`e${n}`],
    movementsInWindow: [],
    complete: true,
    ...extra,
  };
}

const latestOf = (r: RoundCount): ToleranceLine => ({ expected: r.expected, counted: r.counted, variance: r.variance, variancePercent: null, varianceValue: '0' });
const strict = () => false;
const status = (rounds: readonly RoundCount[], overrides: Parameters<typeof session>[1] = {}) => {
  const s = session('cs-1', { counters: ['li', 'wang', 'zhao', 'chen'], maxRounds: 3, round: rounds.length, ...overrides });
  return resolveLineStatus(s, rounds, latestOf(rounds[rounds.length - 1]!), strict, [...new Set(rounds.flatMap((r) => r.counters))]);
};

describe('the status of a line whose latest round is complete', () => {
  it('a variance two independent rounds agree on needs approval; the earlier one may be any round before the last', () => {
    expect(status([round(1, '5', ['li']), round(2, '5', ['wang'])])).toEqual({ status: 'needs_approval' });
    // Round 2 confirms round 3, round 1 does not: every earlier round is compared, not only the first.
    expect(status([round(1, '7', ['li']), round(2, '5', ['wang']), round(3, '5', ['zhao'])])).toEqual({ status: 'needs_approval' });
  });

  it('an earlier round confirms nothing when it was unusable, incomplete, or shares a counter with the last', () => {
    const last = round(2, '5', ['wang', 'zhao']);
    expect(status([round(1, '5', ['li'], { unusable: 'movement_in_window', movementsInWindow: ['m1'] }), last])).toEqual({ status: 'recount' });
    expect(status([round(1, '5', ['li'], { complete: false }), last])).toEqual({ status: 'recount' });
    expect(status([round(1, '5', ['li', 'wang']), last])).toEqual({ status: 'recount' });
    expect(status([round(1, '5', ['chen', 'zhao']), last])).toEqual({ status: 'recount' });
  });

  it('with no round left a supervisor decides: rounds_exhausted, whatever counters remain', () => {
    expect(status([round(1, '7', ['li']), round(2, '5', ['wang'])], { maxRounds: 2 })).toEqual({ status: 'needs_decision', statusReason: 'rounds_exhausted' });
    expect(status([round(1, '7', ['li']), round(2, '5', ['wang'])], { maxRounds: 3 })).toEqual({ status: 'recount' });
  });
});
