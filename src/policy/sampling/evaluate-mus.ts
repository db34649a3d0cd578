/**
 * Evaluating a MUS sample as the AICPA guide does, with the Stringer bound: overstatements and
 * understatements separately, each with
 *
 * - known error: the errors of keys counted completely (top stratum, negative book values);
 * - basic precision: CF(0) × J;
 * - projected error: Σ tᵢ × J, with the tainting tᵢ = error / book value of each key below J;
 * - incremental allowance: Σ (CF(i) − CF(i−1) − 1) × tᵢ × J, taints in falling order;
 * - upper error limit = known + basic precision + projected + incremental allowance
 *   = known + J × (CF(0) + Σ (CF(i) − CF(i−1)) × tᵢ).
 *
 * @module
 */
import { D, formatDecimal, type Dec } from '../../quantity/decimal.js';
import { differencesOf, movedWarning } from './evaluate-common.js';
import { ceilMoney, percentText, roundMoney } from './format.js';
import type { AuditedKey } from './results.js';
import { musConfidenceFactor, type MusConfidence } from './tables.js';
import type { MusBound, MusSampleEvaluation, MusSamplePlan, SampleDecision, SampleWarning } from './types.js';

interface Bound {
  readonly known: Dec;
  readonly basic: Dec;
  readonly projected: Dec;
  readonly incremental: Dec;
  readonly upper: Dec;
  readonly errors: number;
}

function stringer(taints: readonly Dec[], known: Dec, interval: Dec, confidence: MusConfidence): Bound {
  const sorted = [...taints].sort((a, b) => b.cmp(a));
  const basic = new D(musConfidenceFactor(0, confidence)).times(interval);
  let projected = new D(0);
  let incremental = new D(0);
  sorted.forEach((t, index) => {
    const i = index + 1;
    const step = new D(musConfidenceFactor(i, confidence)).minus(musConfidenceFactor(i - 1, confidence));
    projected = projected.plus(t.times(interval));
    incremental = incremental.plus(step.minus(1).times(t).times(interval));
  });
  return { known, basic, projected, incremental, upper: known.plus(basic).plus(projected).plus(incremental), errors: sorted.length };
}

function boundFigures(b: Bound, decimals: number): MusBound {
  return {
    errors: b.errors,
    knownError: roundMoney(b.known, decimals),
    basicPrecision: roundMoney(b.basic, decimals),
    projectedError: roundMoney(b.projected, decimals),
    incrementalAllowance: roundMoney(b.incremental, decimals),
    upperLimit: ceilMoney(b.upper, decimals),
  };
}

/**
 * Evaluates a MUS sample.
 *
 * @internal
 */
export function evaluateMus(plan: MusSamplePlan, audited: readonly AuditedKey[]): MusSampleEvaluation {
  const { decimals, confidence } = plan;
  const interval = new D(plan.mus.bookValue).div(plan.sampleSize);
  const taintOf = (a: AuditedKey): Dec | undefined => (a.sampled.stratum === 'pps' ? a.error.div(a.book) : undefined);
  const over: Dec[] = [];
  const under: Dec[] = [];
  let knownOver = new D(0);
  let knownUnder = new D(0);
  for (const a of audited) {
    const taint = taintOf(a);
    if (taint === undefined) {
      if (a.error.isNegative()) knownOver = knownOver.minus(a.error);
      else knownUnder = knownUnder.plus(a.error);
    } else if (taint.isNegative() && !taint.isZero()) over.push(taint.neg());
    else if (!taint.isZero()) under.push(taint);
  }
  const overstatement = stringer(over, knownOver, interval, confidence);
  const understatement = stringer(under, knownUnder, interval, confidence);
  const error = understatement.known.plus(understatement.projected).minus(overstatement.known).minus(overstatement.projected);

  const warnings: SampleWarning[] = [];
  const aboveOne = [...over, ...under].filter((t) => t.gt(1)).length;
  if (aboveOne > 0) {
    warnings.push({
      code: 'taint_above_one',
      text: `${aboveOne} keys have an error larger than their book value: the Stringer bound is proven for taints up to 100 %, so treat the limits with care (a stratified sample measures such errors better).`,
    });
  }
  const moved = movedWarning(audited);
  if (moved) warnings.push(moved);

  const overFigures = boundFigures(overstatement, decimals);
  const underFigures = boundFigures(understatement, decimals);
  return {
    method: 'mus',
    confidence,
    samplingInterval: roundMoney(interval, decimals),
    keysCounted: audited.length,
    keysWithDifference: audited.filter((a) => !a.error.isZero()).length,
    bookValue: plan.population.bookValue,
    estimatedValue: roundMoney(new D(plan.population.bookValue).plus(error), decimals),
    estimatedError: roundMoney(error, decimals),
    interval: { lower: formatDecimal(new D(overFigures.upperLimit).neg()), upper: underFigures.upperLimit },
    tolerableError: plan.tolerableError,
    decision: decideMus(plan, overstatement, understatement, overFigures, underFigures),
    overstatement: overFigures,
    understatement: underFigures,
    differences: differencesOf(audited, taintOf),
    warnings,
  };
}

function decideMus(plan: MusSamplePlan, over: Bound, under: Bound, overFigures: MusBound, underFigures: MusBound): SampleDecision {
  const tolerable = new D(plan.tolerableError);
  const confidence = percentText(plan.confidence);
  const limits = `upper error limits ${overFigures.upperLimit} (overstatement) and ${underFigures.upperLimit} (understatement) at ${confidence}`;
  if (new D(overFigures.upperLimit).lte(tolerable) && new D(underFigures.upperLimit).lte(tolerable)) {
    return { verdict: 'accept', action: 'accept_book', text: `Accept the book: the ${limits} are within the tolerable error ${plan.tolerableError}.` };
  }
  const likely = D.max(over.known.plus(over.projected), under.known.plus(under.projected));
  const room = tolerable.minus(likely.times(plan.mus.expansionFactor));
  if (likely.gt(tolerable) || room.lte(0)) {
    return {
      verdict: 'reject',
      action: 'count_all',
      text: `The error exceeds tolerance: the ${limits} exceed ${plan.tolerableError}, and the projected error ${roundMoney(likely, plan.decimals)} leaves no room for a larger sample; count everything, or find and correct the cause before sampling again.`,
    };
  }
  const suggested = new D(plan.mus.bookValue).times(plan.mus.confidenceFactor).div(room).ceil().toNumber();
  return {
    verdict: 'reject',
    action: 'count_more',
    suggestedSampleSize: suggested,
    text: `The error may exceed tolerance: the ${limits} exceed ${plan.tolerableError}; count more (a plan with the projected error ${roundMoney(likely, plan.decimals)} as its expected error needs ${suggested} selections), or count everything.`,
  };
}
