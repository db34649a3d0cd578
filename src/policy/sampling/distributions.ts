/**
 * The two distributions sampling needs: the standard normal quantile (for the intervals of the
 * stratified estimators) and the Poisson upper confidence limit (the MUS confidence factors).
 * Plain floating point: these are factors, never money.
 *
 * @module
 */

// Acklam's rational approximation of the normal quantile (relative error below 1.2e-9).
const A = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
const B = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
const C = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
const E = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
const P_LOW = 0.02425;

function poly(coefficients: readonly number[], x: number): number {
  return coefficients.reduce((sum, c) => sum * x + c, 0);
}

/**
 * The standard normal quantile: the `z` with `P(Z ≤ z) = p`.
 *
 * @param p - a probability in (0, 1)
 * @returns the quantile, e.g. 1.959964 for 0.975
 * @internal
 */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`normalQuantile needs 0 < p < 1, got ${p}`);
  if (p < P_LOW) {
    const q = Math.sqrt(-2 * Math.log(p));
    return poly(C, q) / (poly(E, q) * q + 1);
  }
  if (p > 1 - P_LOW) return -normalQuantile(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return (poly(A, r) * q) / (poly(B, r) * r + 1);
}

/** P(X ≤ k) for a Poisson variable of mean `mean`, summed in log space so large means do not underflow. */
function poissonCdf(k: number, mean: number): number {
  let logTerm = -mean;
  let total = Math.exp(logTerm);
  for (let i = 1; i <= k; i++) {
    logTerm += Math.log(mean / i);
    total += Math.exp(logTerm);
  }
  return total;
}

/**
 * The upper confidence limit of a Poisson mean after observing `k` events: the mean `λ` with
 * `P(X ≤ k | λ) = 1 − confidence`. For k = 0 it is `−ln(1 − confidence)` (2.9957 at 95 %).
 *
 * @param k - events observed (≥ 0)
 * @param confidence - in (0, 1)
 * @returns the limit
 * @internal
 */
export function poissonUpperLimit(k: number, confidence: number): number {
  const risk = 1 - confidence;
  if (k === 0) return -Math.log(risk);
  let low = k;
  let high = k + 10 + 10 * Math.sqrt(k + 1);
  while (poissonCdf(k, high) > risk) high *= 2;
  // The CDF falls as the mean grows; 100 halvings are far below double precision.
  for (let i = 0; i < 100; i++) {
    const mid = (low + high) / 2;
    if (poissonCdf(k, mid) > risk) low = mid;
    else high = mid;
  }
  return (low + high) / 2;
}

// Lanczos approximation (g = 7, n = 9) of ln Γ, relative error below 1e-13 for x > 0.
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905,
  -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const y = x - 1;
  let sum = LANCZOS[0]!;
  for (let i = 1; i < LANCZOS.length; i++) sum += LANCZOS[i]! / (y + i);
  const t = y + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (y + 0.5) * Math.log(t) - t + Math.log(sum);
}

/** The continued fraction of the incomplete beta function (modified Lentz). */
function betaContinuedFraction(a: number, b: number, x: number): number {
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  d = 1 / (Math.abs(d) < tiny ? tiny : d);
  let h = d;
  for (let m = 1; m <= 500; m++) {
    for (const numerator of [(m * (b - m) * x) / ((a + 2 * m - 1) * (a + 2 * m)), (-(a + m) * (a + b + m) * x) / ((a + 2 * m) * (a + 2 * m + 1))]) {
      d = 1 + numerator * d;
      d = 1 / (Math.abs(d) < tiny ? tiny : d);
      c = 1 + numerator / c;
      if (Math.abs(c) < tiny) c = tiny;
      h *= d * c;
    }
    if (Math.abs(d * c - 1) < 1e-15) break;
  }
  return h;
}

/** The regularized incomplete beta function I_x(a, b). */
function incompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x));
  return x < (a + 1) / (a + b + 2) ? (front * betaContinuedFraction(a, b, x)) / a : 1 - (front * betaContinuedFraction(b, a, 1 - x)) / b;
}

/**
 * The quantile of Student's t distribution with `df` degrees of freedom (any real df > 0, as
 * Satterthwaite's approximation gives): the `t` with `P(T ≤ t) = p`, for p in [0.5, 1).
 *
 * @param p - a probability in [0.5, 1)
 * @param df - degrees of freedom; `Infinity` gives the normal quantile
 * @returns the quantile, e.g. 2.228 for p = 0.975 and 10 degrees of freedom
 * @internal
 */
export function studentTQuantile(p: number, df: number): number {
  if (!(p >= 0.5 && p < 1) || !(df > 0)) throw new RangeError(`studentTQuantile needs 0.5 ≤ p < 1 and df > 0, got ${p}, ${df}`);
  if (p === 0.5) return 0;
  if (!Number.isFinite(df) || df > 1e7) return normalQuantile(p);
  // P(T > t) = I_{df / (df + t²)}(df / 2, 1 / 2) / 2 falls as t grows: bisect on it.
  const tail = (t: number): number => incompleteBeta(df / (df + t * t), df / 2, 0.5) / 2;
  let low = 0;
  let high = Math.max(2, normalQuantile(p) * 2);
  while (tail(high) > 1 - p) high *= 2;
  for (let i = 0; i < 200 && high - low > 1e-12 * high; i++) {
    const mid = (low + high) / 2;
    if (tail(mid) > 1 - p) low = mid;
    else high = mid;
  }
  return (low + high) / 2;
}
