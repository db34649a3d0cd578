/**
 * Evaluating a stratified sample: the three estimators (see `stratified-estimators.ts`) over the
 * sampled strata, census strata added exactly, the plan's estimator deciding: accept when the
 * interval of the error lies within ±TE.
 *
 * @module
 */
import { D, formatDecimal, type Dec } from '../../quantity/decimal.js';
import { differencesOf, groupByStratum, movedWarning } from './evaluate-common.js';
import { ceilMoney, floorMoney, percentText, roundMoney } from './format.js';
import type { AuditedKey } from './results.js';
import { halfWidths, project, sumsOf, type Projection, type StratumSums } from './stratified-estimators.js';
import type {
  SampleDecision,
  SampleWarning,
  StratifiedEstimate,
  StratifiedSampleEvaluation,
  StratifiedSamplePlan,
  StratumEvaluation,
} from './types.js';

/**
 * Below this many differences in the sampled strata the interval of the difference and ratio
 * estimators alone covers less often than stated (the sample has seen too few errors to measure
 * their spread); the evaluation then takes the wider of it and the mean-per-unit interval, which
 * does not depend on finding errors, and says so.
 */
export const MIN_DIFFERENCES_FOR_INTERVAL = 20;

function estimateOf(p: Projection, book: Dec, confidence: number, decimals: number): StratifiedEstimate {
  const error = p.value.minus(book);
  const { quantile, below, above } = halfWidths(p, confidence);
  return {
    estimatedValue: roundMoney(p.value, decimals),
    estimatedError: roundMoney(error, decimals),
    standardError: roundMoney(p.variance.sqrt(), decimals),
    degreesOfFreedom: Number.isFinite(p.degreesOfFreedom) ? Number(p.degreesOfFreedom.toFixed(2)) : null,
    quantile,
    lower: floorMoney(error.minus(below), decimals),
    upper: ceilMoney(error.plus(above), decimals),
  };
}

/**
 * Evaluates a stratified sample.
 *
 * @internal
 */
export function evaluateStratified(plan: StratifiedSamplePlan, audited: readonly AuditedKey[]): StratifiedSampleEvaluation {
  const { decimals, confidence } = plan;
  const book = new D(plan.population.bookValue);
  const byStratum = groupByStratum(audited);
  let censusAudited = new D(0);
  const sampled: StratumSums[] = [];
  for (const s of plan.strata) {
    const members = byStratum.get(s.id) ?? [];
    if (s.kind === 'census') censusAudited = censusAudited.plus(members.reduce((a, m) => a.plus(m.audited), new D(0)));
    else sampled.push(sumsOf(s.keys, new D(s.bookValue), members));
  }
  // The combined ratio: Σ N_h ȳ_h / Σ N_h x̄_h (every sampled stratum has n_h ≥ 2, the plan schema checks it).
  const numerator = sampled.reduce((a, s) => a.plus(s.x.plus(s.d).times(s.keys).div(s.n)), new D(0));
  const denominator = sampled.reduce((a, s) => a.plus(s.x.times(s.keys).div(s.n)), new D(0));
  const ratio = denominator.isZero() ? undefined : numerator.div(denominator);
  const projections = {
    mpu: project(sampled, censusAudited, 'mpu', ratio),
    difference: project(sampled, censusAudited, 'difference', ratio),
    ratio: ratio === undefined ? undefined : project(sampled, censusAudited, 'ratio', ratio),
  };
  const estimates = {
    mpu: estimateOf(projections.mpu, book, confidence, decimals),
    difference: estimateOf(projections.difference, book, confidence, decimals),
    ...(projections.ratio === undefined ? {} : { ratio: estimateOf(projections.ratio, book, confidence, decimals) }),
  };

  const warnings: SampleWarning[] = [];
  let estimator = plan.estimator;
  if (estimator === 'ratio' && ratio === undefined) {
    estimator = 'difference';
    warnings.push({ code: 'ratio_undefined', text: 'The counted keys of the sampled strata have no book value: the ratio estimator is undefined, the difference estimator decides.' });
  }
  const chosen = estimates[estimator]!;
  const sampledIds = new Set(plan.strata.filter((s) => s.kind === 'sampled').map((s) => s.id));
  const sampledDifferences = audited.filter((a) => !a.error.isZero() && sampledIds.has(a.sampled.stratum)).length;
  const fewDifferences = estimator !== 'mpu' && sampledDifferences < MIN_DIFFERENCES_FOR_INTERVAL;
  const interval = fewDifferences
    ? { lower: minOf(chosen.lower, estimates.mpu.lower), upper: maxOf(chosen.upper, estimates.mpu.upper) }
    : { lower: chosen.lower, upper: chosen.upper };
  if (fewDifferences) {
    warnings.push({
      code: 'few_differences',
      text: `Only ${sampledDifferences} counted keys of the sampled strata differ from the book (fewer than ${MIN_DIFFERENCES_FOR_INTERVAL}): the ${estimator} interval alone would understate the risk of rare errors, so the interval is the wider of it and the mean-per-unit interval. MUS suits rare errors better.`,
    });
  }
  const moved = movedWarning(audited);
  if (moved) warnings.push(moved);

  let sampledIndex = 0;
  const perStratum = projections[estimator]!.perStratum;
  const strata: StratumEvaluation[] = plan.strata.map((s) => {
    const members = byStratum.get(s.id) ?? [];
    const error = s.kind === 'census' ? members.reduce((a, m) => a.plus(m.error), new D(0)) : perStratum[sampledIndex++]!;
    return {
      id: s.id,
      kind: s.kind,
      keys: s.keys,
      counted: members.length,
      bookValue: s.bookValue,
      sampleBookValue: formatDecimal(members.reduce((a, m) => a.plus(m.book), new D(0))),
      sampleAuditedValue: formatDecimal(members.reduce((a, m) => a.plus(m.audited), new D(0))),
      differences: members.filter((m) => !m.error.isZero()).length,
      estimatedError: roundMoney(error, decimals),
    };
  });

  const sampledCounted = sampled.reduce((a, s) => a + s.n, 0);
  return {
    method: 'stratified',
    confidence,
    estimator,
    intervalBasis: fewDifferences ? 'wider_with_mpu' : 'estimator',
    keysCounted: audited.length,
    keysWithDifference: audited.filter((a) => !a.error.isZero()).length,
    bookValue: plan.population.bookValue,
    estimatedValue: chosen.estimatedValue,
    estimatedError: chosen.estimatedError,
    interval,
    tolerableError: plan.tolerableError,
    decision: decideStratified(plan, chosen.estimatedError, interval, sampledCounted, audited.length - sampledCounted),
    estimates,
    strata,
    differences: differencesOf(audited, undefined),
    warnings,
  };
}

function minOf(a: string, b: string): string {
  return new D(a).lte(b) ? a : b;
}

function maxOf(a: string, b: string): string {
  return new D(a).gte(b) ? a : b;
}

/**
 * The decision on a stratified sample: accept when the interval lies within ±TE; count everything
 * when the point estimate is beyond ±TE; else count more, suggesting the size at which the
 * interval, shrinking as 1/√n, would fit.
 *
 * @internal
 */
export function decideStratified(
  plan: Pick<StratifiedSamplePlan, 'tolerableError' | 'confidence' | 'population'>,
  estimatedError: string,
  interval: { readonly lower: string; readonly upper: string },
  sampledCounted: number,
  censusCounted: number,
): SampleDecision {
  const tolerable = new D(plan.tolerableError);
  const error = new D(estimatedError);
  const range = `${interval.lower} … ${interval.upper}`;
  const confidence = percentText(plan.confidence);
  if (new D(interval.lower).gte(tolerable.neg()) && new D(interval.upper).lte(tolerable)) {
    return {
      verdict: 'accept',
      action: 'accept_book',
      text: `Accept the book: the error is estimated at ${estimatedError}, within ${range} at ${confidence} confidence, inside the tolerable error ±${plan.tolerableError}.`,
    };
  }
  if (error.abs().gt(tolerable)) {
    return {
      verdict: 'reject',
      action: 'count_all',
      text: `The error exceeds tolerance: the most likely error ${estimatedError} is itself beyond ±${plan.tolerableError} (interval ${range} at ${confidence}); count everything, or find and correct the cause before sampling again.`,
    };
  }
  // With the sample looking the same, the interval's half-width shrinks as 1/√n: scale the sampled part.
  const halfWidth = D.max(error.minus(interval.lower), new D(interval.upper).minus(error));
  const room = tolerable.minus(error.abs());
  const suggested = room.isZero() ? Infinity : censusCounted + halfWidth.div(room).pow(2).times(sampledCounted).ceil().toNumber();
  const countAll = suggested >= plan.population.keys;
  return {
    verdict: 'reject',
    action: countAll ? 'count_all' : 'count_more',
    ...(countAll ? {} : { suggestedSampleSize: suggested }),
    text: `The error may exceed tolerance: the interval ${range} at ${confidence} reaches beyond ±${plan.tolerableError} although the most likely error ${estimatedError} is within it; ${countAll ? 'count everything' : `count more (about ${suggested} keys in all if the sample keeps looking the same), or count everything`}.`,
  };
}
