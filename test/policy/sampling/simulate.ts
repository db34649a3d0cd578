/**
 * The simulation harness of the sampling tests: generated populations with injected errors of
 * known size, sampled and evaluated many times. The assertions are statistical (at 1 000 runs a
 * coverage figure moves by about ±0.7 % from run to run), so the populations come from a fixed
 * fast-check seed and every draw from its own seed: the outcome is deterministic.
 * `STOCKTAKE_SIMULATION_SEED` picks other populations, `STOCKTAKE_SIMULATION_RUNS` runs more
 * simulations, and `STOCKTAKE_SIMULATION_REPORT=1` prints the figures (see docs/sampling.md).
 */
import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { evaluateInventorySample, type InventorySampleEvaluation, type PlanInventorySampleOptions } from '../../../src/index.js';
import { designInventorySample, drawInventorySample } from '../../../src/policy/sampling/plan.js';
import { countsFor, frequentDifferences, generatePopulation, membersOf, rareDifferences, type PopulationShape, type SimPopulation } from './populations.js';

export { frequentDifferences, rareDifferences };

export const SEED = Number(process.env['STOCKTAKE_SIMULATION_SEED'] ?? 20_270_101);
export const RUNS = Number(process.env['STOCKTAKE_SIMULATION_RUNS'] ?? 1000);
const POPULATIONS = 4;

/** Simulations take seconds at 1 000 runs; more runs (or a busy machine) need longer than the default timeout. */
export const SIMULATION_TIMEOUT = Math.max(120_000, RUNS * 60);

/** Plan options without the population and the seed, per method. */
export type PlanSettings = PlanInventorySampleOptions extends infer O ? (O extends unknown ? Omit<O, 'population' | 'seed'> : never) : never;

/** Generates populations from a fixed seed and evaluates `runs` draws spread over them. */
export function simulate(shapes: fc.Arbitrary<PopulationShape>, settings: PlanSettings, runs: number, seed = SEED): Array<{ population: SimPopulation; evaluation: InventorySampleEvaluation }> {
  const out: Array<{ population: SimPopulation; evaluation: InventorySampleEvaluation }> = [];
  fc.sample(shapes, { seed, numRuns: POPULATIONS }).forEach((shape, p) => {
    const population = generatePopulation(shape);
    const design = designInventorySample({ ...settings, population: membersOf(population), seed: 0 } as PlanInventorySampleOptions);
    for (let run = p; run < runs; run += POPULATIONS) {
      const plan = drawInventorySample(design, `${seed}/${run}`);
      out.push({ population, evaluation: evaluateInventorySample(plan, countsFor(plan, population)) });
    }
  });
  return out;
}

/** Whether an interval holds the true value. */
export function covers(interval: { lower: string; upper: string }, truth: Decimal): boolean {
  return truth.gte(interval.lower) && truth.lte(interval.upper);
}

/** The share of true outcomes. */
export function share(outcomes: readonly boolean[]): number {
  return outcomes.filter(Boolean).length / outcomes.length;
}

/** Prints figures when `STOCKTAKE_SIMULATION_REPORT` is set. */
export function report(name: string, figures: Record<string, number>): void {
  if (process.env['STOCKTAKE_SIMULATION_REPORT']) console.log(`${name} (seed ${SEED}, ${RUNS} runs):`, figures);
}

