/**
 * Neyman allocation: the smallest stratified sample whose estimate of the total has a given
 * standard error, each stratum's share proportional to N_h × S_h (Cochran, *Sampling
 * Techniques*, 3rd ed., §5.9 and §5.5 for the finite population correction):
 *
 *   n = (Σ N_h S_h)² / (SE² + Σ N_h S_h²),   n_h = n × N_h S_h / Σ N_h S_h.
 *
 * A stratum whose share reaches its size is counted completely and the rest is allocated again.
 *
 * @module
 */
import { D, type Dec } from '../../quantity/decimal.js';

/** What allocation needs of a stratum. @internal */
export interface AllocationStratum {
  /** N_h. */
  readonly keys: number;
  /** S_h: the standard deviation the plan assumes. */
  readonly sd: Dec;
  /** Counted completely whatever the allocation. */
  readonly census: boolean;
}

/** The result of {@link allocateNeyman}. @internal */
export interface Allocation {
  /** n_h per stratum, in the input's order. */
  readonly sizes: readonly number[];
  /** The unrounded n of the last round over the strata still sampled. */
  readonly n: Dec;
  /** Σ N_h S_h over the strata still sampled. */
  readonly sumNS: Dec;
  /** Σ N_h S_h² over the strata still sampled. */
  readonly sumNS2: Dec;
  /** The standard error the rounded sizes give. */
  readonly plannedSe: Dec;
}

/**
 * Allocates a sample to strata.
 *
 * @param strata - the strata
 * @param targetSe - the standard error the estimate of the total must not exceed
 * @param minPerStratum - the least a sampled stratum gets (all of it when smaller)
 * @returns the sizes and the figures behind them
 * @internal
 */
export function allocateNeyman(strata: readonly AllocationStratum[], targetSe: Dec, minPerStratum: number): Allocation {
  const full = strata.map((s) => s.census);
  let n = new D(0);
  let sumNS = new D(0);
  let sumNS2 = new D(0);
  for (;;) {
    sumNS = new D(0);
    sumNS2 = new D(0);
    strata.forEach((s, i) => {
      if (full[i]) return;
      sumNS = sumNS.plus(s.sd.times(s.keys));
      sumNS2 = sumNS2.plus(s.sd.times(s.sd).times(s.keys));
    });
    n = sumNS.isZero() ? new D(0) : sumNS.times(sumNS).div(targetSe.times(targetSe).plus(sumNS2));
    let changed = false;
    strata.forEach((s, i) => {
      if (!full[i] && !sumNS.isZero() && n.times(s.keys).times(s.sd).div(sumNS).gte(s.keys)) {
        full[i] = true;
        changed = true;
      }
    });
    if (!changed) break;
  }
  const sizes = strata.map((s, i) => {
    if (full[i]) return s.keys;
    const share = sumNS.isZero() ? 0 : n.times(s.keys).times(s.sd).div(sumNS).ceil().toNumber();
    return Math.min(s.keys, Math.max(share, Math.min(minPerStratum, s.keys)));
  });
  let variance = new D(0);
  strata.forEach((s, i) => {
    const size = sizes[i]!;
    if (size >= s.keys || size === 0) return;
    // N² (1 − n/N) S² / n, written as N (N − n) S² / n to stay exact.
    variance = variance.plus(s.sd.times(s.sd).times(s.keys).times(s.keys - size).div(size));
  });
  return { sizes, n, sumNS, sumNS2, plannedSe: variance.sqrt() };
}
