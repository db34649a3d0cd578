/**
 * Monetary-unit sampling in simulation: the Stringer bound's coverage, acceptance of a clean
 * book and rejection of a broken one, over generated populations (see `simulate.ts`).
 */
import { describe, expect, it } from 'vitest';
import { covers, frequentDifferences, rareDifferences, report, RUNS, SEED, share, simulate, SIMULATION_TIMEOUT, type PlanSettings } from './simulate.js';

describe('monetary-unit sampling: simulations', () => {
  const mus: PlanSettings = { method: 'mus', confidence: 0.95, tolerableError: { share: 0.04 }, expectedError: { share: 0.01 } };

  it('the overstatement limit exceeds the true overstatement, and [−over, +under] covers the true error, in ≥ 94 % of 1 000 simulations at 95 %', { timeout: SIMULATION_TIMEOUT }, () => {
    const sims = [...simulate(rareDifferences, mus, RUNS / 2), ...simulate(frequentDifferences, mus, RUNS / 2)];
    const overstatement = share(sims.map(({ population, evaluation }) => evaluation.method === 'mus' && population.overstatement.lte(evaluation.overstatement.upperLimit)));
    const interval = share(sims.map(({ population, evaluation }) => covers(evaluation.interval, population.trueError)));
    report('MUS coverage', { overstatement, interval });
    expect(overstatement, `seed ${SEED}`).toBeGreaterThanOrEqual(0.95);
    expect(interval, `seed ${SEED}`).toBeGreaterThanOrEqual(0.94);
  });

  it('accepts every book without errors, and rejects an error of three times the tolerance in every run', { timeout: SIMULATION_TIMEOUT }, () => {
    const clean = simulate(frequentDifferences.map((s) => ({ ...s, errorRate: 0 })), mus, 100);
    expect(clean.every(({ evaluation }) => evaluation.decision.verdict === 'accept')).toBe(true);
    const broken = simulate(frequentDifferences.map((s) => ({ ...s, errorRate: 0.4, smallShare: 0, gainShare: 0 })), mus, 100);
    expect(broken.every(({ population }) => population.overstatement.gt(population.bookValue.times(0.12)))).toBe(true);
    const rejected = share(broken.map(({ evaluation }) => evaluation.decision.verdict === 'reject'));
    report('MUS, acceptance', { rejected });
    expect(rejected).toBeGreaterThanOrEqual(0.99);
  });
});
