/**
 * sampling: proves a book right (or wrong) from a few hundred counts. It generates a warehouse
 * with a known true error, plans a statistical sample of its stock keys, counts the sample in an
 * ordinary count session, posts it and prints the auditor's summary.
 *
 *   npx tsx examples/sampling/main.ts [--keys 50000] [--method mus|stratified] [--error-rate 0.005]
 *     [--confidence 0.95] [--tolerable 0.02] [--expected 0.005] [--seed 2027]
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  buildSampleReport,
  evaluateInventorySample,
  isStocktakeError,
  planInventorySample,
  renderSampleReport,
  sampleResultsFromCount,
  type InventorySampleEvaluation,
  type InventorySamplePlan,
} from 'stocktake';
import { countSample, type SampleCount } from './count.js';
import { buildWarehouse, populationOf } from './warehouse.js';

/** Parsed command-line options. */
export interface SamplingArgs {
  keys: number;
  method: 'mus' | 'stratified';
  errorRate: number;
  confidence: number;
  tolerable: number;
  expected: number;
  seed: number;
}

/** What {@link main} did. */
export interface SamplingResult {
  /** 0 on success, 1 when the library refused the input, 2 for bad arguments. */
  exitCode: number;
  plan?: InventorySamplePlan;
  count?: SampleCount;
  evaluation?: InventorySampleEvaluation;
  /** The true error of the generated book, in currency units. */
  trueError?: string;
}

const USAGE = `usage: sampling [--keys N] [--method mus|stratified] [--error-rate R] [--confidence C]
                [--tolerable SHARE] [--expected SHARE] [--seed N]`;

/**
 * Parses the command line.
 *
 * @param argv - the arguments after the script name
 * @returns the options, or an error message
 */
export function parseArgs(argv: readonly string[]): SamplingArgs | string {
  const args: SamplingArgs = { keys: 50_000, method: 'mus', errorRate: 0.005, confidence: 0.95, tolerable: 0.02, expected: 0.005, seed: 2027 };
  const numbers: Record<string, [keyof SamplingArgs, (n: number) => boolean]> = {
    '--keys': ['keys', (n) => Number.isInteger(n) && n >= 100 && n <= 1_000_000],
    '--error-rate': ['errorRate', (n) => n >= 0 && n <= 1],
    '--confidence': ['confidence', (n) => n > 0 && n < 1],
    '--tolerable': ['tolerable', (n) => n > 0 && n <= 1],
    '--expected': ['expected', (n) => n >= 0 && n < 1],
    '--seed': ['seed', (n) => Number.isInteger(n)],
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--help' || arg === '-h') return USAGE;
    if (arg === '--method') {
      const value = argv[++i];
      if (value !== 'mus' && value !== 'stratified') return '--method is mus or stratified';
      args.method = value;
      continue;
    }
    const spec = numbers[arg];
    if (spec === undefined) return `unexpected argument ${arg}\n${USAGE}`;
    const value = Number(argv[++i]);
    if (!spec[1](value)) return `${arg} has a bad value`;
    (args as unknown as Record<string, number>)[spec[0]] = value;
  }
  return args;
}

/**
 * Runs the example.
 *
 * @param argv - the arguments after the script name
 * @param log - where the summary goes
 * @returns the exit code, the plan, the count and the evaluation
 */
export async function main(argv: readonly string[], log: (line: string) => void = console.log): Promise<SamplingResult> {
  const args = parseArgs(argv);
  if (typeof args === 'string') {
    log(args);
    return { exitCode: args === USAGE ? 0 : 2 };
  }
  try {
    const warehouse = await buildWarehouse({ keys: args.keys, errorRate: args.errorRate, seed: args.seed });
    const trueError = (Number(warehouse.trueErrorCents) / 100).toFixed(2);

    // 1. Plan: the population is every key of the ledger with its book quantity and unit cost.
    const population = populationOf(await warehouse.st.ledger.balances(), warehouse.unitCost);
    const plan = planInventorySample({
      method: args.method,
      population,
      confidence: args.confidence,
      tolerableError: { share: args.tolerable },
      expectedError: { share: args.expected },
      seed: `year-end-${args.seed}`,
    });
    log(`Plan: ${args.method === 'mus' ? 'monetary-unit sampling' : 'stratified sampling'} of ${plan.population.keys} keys, book value ${plan.population.bookValue}`);
    log(`  ${plan.derivation.formula}`);
    for (const step of plan.derivation.steps) log(`  ${step}`);

    // 2. Count: an ordinary blind count session over the sampled keys, posted.
    const count = await countSample(warehouse, plan);
    log(`\nCount ${count.sessionId}: ${count.review.lines.length} lines, ${count.recountRounds} recount round(s), ${count.posted.movements.length} adjustments and ${count.posted.confirmations} confirmations posted`);

    // 3. Evaluate the posted counts and print the auditor's summary.
    const { results } = sampleResultsFromCount(plan, count.review.lines);
    const evaluation = evaluateInventorySample(plan, results);
    log(`\nTrue error of the generated book (unknown to the auditor): ${trueError}\n`);
    log(renderSampleReport(buildSampleReport(plan, evaluation), 'markdown'));
    return { exitCode: 0, plan, count, evaluation, trueError };
  } catch (error) {
    if (!isStocktakeError(error)) throw error;
    log(`${error.code}: ${error.message}`);
    return { exitCode: 1 };
  }
}

const invokedDirectly = process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href;
if (invokedDirectly) {
  const result = await main(process.argv.slice(2));
  process.exitCode = result.exitCode;
}
