/**
 * The three estimators of a stratified sample (Cochran, *Sampling Techniques*, 3rd ed., ch. 5 and
 * §6.11) from exact sums. Per sampled stratum h with N_h keys, n_h counted, book values x and
 * audited values y = x + d, each estimator projects a variable v = y − (1 − c)·x = c·x + d:
 *
 * - mean per unit (c = 1, v = y): Ŷ_h = N_h ȳ_h;
 * - difference (c = 0, v = d):    Ŷ_h = X_h + N_h d̄_h;
 * - combined ratio (c = 1 − R):   Ŷ_h = R X_h with R = Σ N_h ȳ_h / Σ N_h x̄_h;
 *
 * with the variance V = Σ N_h (N_h − n_h) s²_v,h / n_h and the third cumulant
 * κ₃ = Σ N_h (N_h − n_h)(N_h − 2 n_h) k₃_v,h / n_h² (sampling without replacement), where s² and
 * k₃ are the unbiased second and third sample cumulants of v in the stratum.
 *
 * The interval of the error Ê = Ŷ − X is `Ê ± t √V`, with t Student's quantile at
 * Satterthwaite's effective degrees of freedom ν = V² / Σ (V_h² / (n_h − 1)) (Cochran §5.4), widened
 * on its long side by Hall's Edgeworth correction for the skewness g = κ₃ / V^{3/2} of the estimate
 * (P. Hall, *The Bootstrap and Edgeworth Expansion*, 1992, §3.5): the side the skew points to
 * moves out by `√V × |g| (2t² + 1) / 6`, the other side stays at `t √V`. Count differences are
 * skewed (shrinkage is frequent and large, gains are rare and small) and concentrated in a few
 * keys; without these corrections the difference and ratio intervals cover less often than stated.
 *
 * @module
 */
import { D, type Dec } from '../../quantity/decimal.js';
import { studentTQuantile } from './distributions.js';
import type { AuditedKey } from './results.js';
import type { StratifiedEstimator } from './types.js';

/**
 * Exact power sums of a sampled stratum's counted keys over book values x and differences
 * d = y − x: Σ xⁱ dʲ for i + j ≤ 3 (most keys have d = 0, so most terms cost nothing).
 *
 * @internal
 */
export interface StratumSums {
  readonly keys: number;
  readonly bookValue: Dec;
  readonly n: number;
  readonly x: Dec;
  readonly d: Dec;
  readonly xx: Dec;
  readonly xd: Dec;
  readonly dd: Dec;
  readonly xxx: Dec;
  readonly xxd: Dec;
  readonly xdd: Dec;
  readonly ddd: Dec;
}

/** The power sums of a stratum. @internal */
export function sumsOf(keys: number, bookValue: Dec, members: readonly AuditedKey[]): StratumSums {
  let [x, d, xx, xd, dd, xxx, xxd, xdd, ddd] = Array.from({ length: 9 }, () => new D(0)) as [Dec, Dec, Dec, Dec, Dec, Dec, Dec, Dec, Dec];
  for (const m of members) {
    const a = m.book;
    const aa = a.times(a);
    x = x.plus(a);
    xx = xx.plus(aa);
    xxx = xxx.plus(aa.times(a));
    if (m.error.isZero()) continue;
    const e = m.error;
    const ae = a.times(e);
    const ee = e.times(e);
    d = d.plus(e);
    xd = xd.plus(ae);
    dd = dd.plus(ee);
    xxd = xxd.plus(aa.times(e));
    xdd = xdd.plus(ae.times(e));
    ddd = ddd.plus(ee.times(e));
  }
  return { keys, bookValue, n: members.length, x, d, xx, xd, dd, xxx, xxd, xdd, ddd };
}

/** The first three power sums of v = c·x + d (c = 1 mean per unit, 0 difference, 1 − R ratio). */
function powerSums(s: StratumSums, c: Dec): [Dec, Dec, Dec] {
  const c2 = c.times(c);
  const s1 = c.times(s.x).plus(s.d);
  const s2 = c2.times(s.xx).plus(c.times(s.xd).times(2)).plus(s.dd);
  const s3 = c2.times(c).times(s.xxx).plus(c2.times(s.xxd).times(3)).plus(c.times(s.xdd).times(3)).plus(s.ddd);
  return [s1, s2, s3];
}

/** What an estimator projects: the audited value, V, κ₃, and each sampled stratum's error. @internal */
export interface Projection {
  readonly value: Dec;
  readonly variance: Dec;
  readonly thirdCumulant: Dec;
  /** Satterthwaite's effective degrees of freedom of V; `Infinity` when V is 0. */
  readonly degreesOfFreedom: number;
  readonly perStratum: readonly Dec[];
}

/**
 * Projects the sampled strata with one estimator.
 *
 * @param sampled - the sampled strata's sums
 * @param censusAudited - the audited value of the census strata (added exactly)
 * @param estimator - which estimator
 * @param ratio - R, for the ratio estimator
 * @internal
 */
export function project(sampled: readonly StratumSums[], censusAudited: Dec, estimator: StratifiedEstimator, ratio: Dec | undefined): Projection {
  const c = estimator === 'mpu' ? new D(1) : estimator === 'difference' ? new D(0) : new D(1).minus(ratio!);
  let value = censusAudited;
  let variance = new D(0);
  let thirdCumulant = new D(0);
  let dfDenominator = new D(0);
  const perStratum = sampled.map((s) => {
    const { n, keys } = s;
    const projected =
      estimator === 'mpu' ? s.x.plus(s.d).times(keys).div(n) : estimator === 'difference' ? s.bookValue.plus(s.d.times(keys).div(n)) : s.bookValue.times(ratio!);
    if (n >= 2 && n < keys) {
      const [s1, s2, s3] = powerSums(s, c);
      const m2 = s2.minus(s1.times(s1).div(n));
      const v = m2.div(n - 1).times(keys).times(keys - n).div(n);
      variance = variance.plus(v);
      dfDenominator = dfDenominator.plus(v.times(v).div(n - 1));
      if (n >= 3) {
        // Σ (v − v̄)³ = S3 − 3 S1 S2 / n + 2 S1³ / n²; k₃ = n Σ (v − v̄)³ / ((n − 1)(n − 2)).
        const m3 = s3.minus(s1.times(s2).times(3).div(n)).plus(s1.pow(3).times(2).div(n * n));
        const k3 = m3.times(n).div((n - 1) * (n - 2));
        thirdCumulant = thirdCumulant.plus(k3.times(keys).times(keys - n).times(keys - 2 * n).div(n * n));
      }
    }
    value = value.plus(projected);
    return projected.minus(s.bookValue);
  });
  const degreesOfFreedom = dfDenominator.isZero() ? Infinity : variance.times(variance).div(dfDenominator).toNumber();
  return { value, variance, thirdCumulant, degreesOfFreedom, perStratum };
}

/**
 * The interval's quantile and its half-widths below and above the estimate: `t √V`, the skewed
 * side widened by Hall's correction.
 *
 * @param p - the projection
 * @param confidence - the two-sided confidence
 * @returns the quantile t and `[below, above]`, both ≥ t √V
 * @internal
 */
export function halfWidths(p: Projection, confidence: number): { quantile: number; below: Dec; above: Dec } {
  const quantile = studentTQuantile(1 - (1 - confidence) / 2, p.degreesOfFreedom);
  const se = p.variance.sqrt();
  const base = se.times(quantile);
  if (se.isZero()) return { quantile, below: base, above: base };
  const skew = p.thirdCumulant.div(p.variance.times(se));
  const extra = se.times(skew.abs()).times(2 * quantile * quantile + 1).div(6);
  return skew.isNegative() ? { quantile, below: base.plus(extra), above: base } : { quantile, below: base, above: base.plus(extra) };
}
