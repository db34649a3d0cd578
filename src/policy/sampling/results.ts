/**
 * Sample results: from a count session's lines to one result per sampled key, and from results to
 * audited values (the planned book value plus the count difference).
 *
 * @module
 */
import * as z from 'zod';
import { textSchema } from '../../text.js';
import { StocktakeError } from '../../errors.js';
import { stockKeySchema, toStockKey, type StockKey } from '../../ledger/key.js';
import { D, decimalStringSchema, formatDecimal, nonNegativeDecimalSchema, type Dec, type DecimalString } from '../../quantity/decimal.js';
import { parseInput, type DeepReadonly } from '../../validate.js';
import { keyIdOf, type KeyInput } from './population.js';
import type { SampleResult } from './schemas.js';
import { readPlan } from './trusted.js';
import type { InventorySamplePlan, SampledKey } from './types.js';

/** A line of a count review or report, as far as sampling reads it. */
export const sampleCountLineSchema = z.looseObject({
  key: stockKeySchema,
  counted: nonNegativeDecimalSchema,
  expected: decimalStringSchema,
  unitCost: nonNegativeDecimalSchema.optional(),
  status: textSchema.optional(),
});

/** A line of a count review or report, as far as sampling reads it (`ReviewLine` and `CountReportLine` both fit). */
export interface SampleCountLine {
  /** The key. */
  readonly key: StockKey;
  /** The accepted count. */
  readonly counted: DecimalString;
  /** The book at the count. */
  readonly expected: DecimalString;
  /** The unit cost the review valued the line at. */
  readonly unitCost?: DecimalString;
  /** The line's status: a sampled key's line must be settled. */
  readonly status?: string;
}

/** Line statuses whose count is not settled yet. */
const UNSETTLED = new Set(['pending', 'recount', 'ambiguous', 'needs_decision']);

/**
 * Turns the lines of a count session over a sample into the sample's results: for every sampled
 * key its counted quantity and the book at the count (`expected`), so stock that moved between
 * planning and counting is not taken for an error. A sampled key without a line had nothing
 * expected and nothing counted (the review leaves such keys out): its result is 0 against 0.
 * Keys planned by value get values (counted and expected × the line's unit cost).
 *
 * @param plan - the plan the session counted
 * @param lines - `(await st.counts.review(id)).lines`, or the lines of the session's report
 * @returns the results, in the plan's order, and the counted keys that were not in the sample
 *   (found stock at other keys: evaluated by no projection, to be dealt with by the count itself)
 * @throws StocktakeError `unresolved_lines` when a sampled key's line is still pending, waits
 *   for a recount or a decision; `invalid_input` for a bad plan or line, or a key planned by
 *   value whose line has no unit cost
 * @example
 * ```ts
 * const review = await st.counts.review(session.id);
 * const { results } = sampleResultsFromCount(plan, review.lines);
 * const evaluation = evaluateInventorySample(plan, results);
 * ```
 */
export function sampleResultsFromCount(
  plan: DeepReadonly<InventorySamplePlan>,
  lines: ReadonlyArray<SampleCountLine>,
): { results: SampleResult[]; outside: StockKey[] } {
  const parsedPlan = readPlan(plan);
  const parsedLines = parseInput(z.array(sampleCountLineSchema), lines, ['lines']);
  const byKey = new Map(parsedLines.map((line, index) => [keyIdOf(line.key), { line, index }]));
  const sampled = new Set(parsedPlan.sample.map((s) => keyIdOf(s.key)));
  const unsettled = parsedPlan.sample.filter((s) => UNSETTLED.has(byKey.get(keyIdOf(s.key))?.line.status ?? ''));
  if (unsettled.length > 0) {
    throw new StocktakeError('unresolved_lines', `${unsettled.length} sampled keys are not settled yet: finish the count first`, {
      details: { keys: unsettled.map((s) => s.key) },
    });
  }
  const results = parsedPlan.sample.map((s): SampleResult => {
    const found = byKey.get(keyIdOf(s.key));
    const counted = found?.line.counted ?? '0';
    const expected = found?.line.expected ?? '0';
    if (s.unitCost !== undefined) return { key: toStockKey(s.key), countedQty: counted, expectedQty: expected };
    const cost = found === undefined ? '0' : found.line.unitCost;
    if (cost === undefined) {
      throw new StocktakeError('invalid_input', 'This key was planned by value: its line needs a unit cost', {
        path: ['lines', found!.index, 'unitCost'],
      });
    }
    return {
      key: toStockKey(s.key),
      countedValue: formatDecimal(new D(counted).times(cost)),
      expectedValue: formatDecimal(new D(expected).times(cost)),
    };
  });
  const outside = parsedLines.filter((line) => !sampled.has(keyIdOf(line.key))).map((line) => toStockKey(line.key));
  return { results, outside };
}

/** A counted key with its book and audited values. @internal */
export interface AuditedKey {
  readonly sampled: SampledKey;
  /** Book value at planning. */
  readonly book: Dec;
  /** Book value plus the count difference. */
  readonly audited: Dec;
  /** audited − book. */
  readonly error: Dec;
  /** The book at the count differed from the plan's (stock moved in between). */
  readonly moved: boolean;
}

/** Validated results. @internal */
export interface ResultInput {
  readonly key: KeyInput;
  readonly countedQty?: DecimalString | undefined;
  readonly expectedQty?: DecimalString | undefined;
  readonly countedValue?: DecimalString | undefined;
  readonly expectedValue?: DecimalString | undefined;
}

/**
 * Matches results to the sampled keys and computes audited values; every sampled key needs one
 * result and every result a sampled key.
 *
 * @internal
 */
export function auditSample(plan: InventorySamplePlan, results: readonly ResultInput[]): AuditedKey[] {
  const index = new Map(plan.sample.map((s, i) => [keyIdOf(s.key), i]));
  const audited: Array<AuditedKey | undefined> = new Array(plan.sample.length);
  results.forEach((result, i) => {
    const at = index.get(keyIdOf(result.key));
    if (at === undefined) {
      throw new StocktakeError('invalid_input', 'This key is not in the sample', { path: ['results', i, 'key'] });
    }
    const s = plan.sample[at]!;
    const book = new D(s.bookValue);
    if (result.countedQty !== undefined && (s.unitCost === undefined || s.bookQty === undefined)) {
      throw new StocktakeError('invalid_input', 'This key was planned by value: give countedValue', { path: ['results', i, 'countedQty'] });
    }
    // Most counts match the planned book exactly: no arithmetic for them.
    if (result.expectedQty === undefined && result.expectedValue === undefined && (result.countedQty ?? result.countedValue) === (result.countedQty !== undefined ? s.bookQty : s.bookValue)) {
      audited[at] = { sampled: s, book, audited: book, error: new D(0), moved: false };
      return;
    }
    let difference: Dec;
    let moved: boolean;
    if (result.countedQty !== undefined) {
      const expected = new D(result.expectedQty ?? s.bookQty!);
      difference = new D(result.countedQty).minus(expected).times(s.unitCost!);
      moved = !expected.eq(s.bookQty!);
    } else {
      const expected = new D(result.expectedValue ?? s.bookValue);
      difference = new D(result.countedValue!).minus(expected);
      moved = !expected.eq(book);
    }
    audited[at] = { sampled: s, book, audited: book.plus(difference), error: difference, moved };
  });
  const missing = plan.sample.filter((_, i) => audited[i] === undefined);
  if (missing.length > 0) {
    throw new StocktakeError('invalid_input', `${missing.length} sampled keys have no result: every sampled key must be counted`, {
      path: ['results'],
      details: { missing: missing.map((s) => s.key) },
    });
  }
  return audited as AuditedKey[];
}
