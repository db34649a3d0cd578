/**
 * Stratification by book value: a census group for negative book values and for keys at or above
 * a threshold, a stratum of zero-value keys, and the rest cut into strata of about equal total
 * book value (a near-optimal rule for the skewed value distributions of inventories, Cochran,
 * *Sampling Techniques*, 3rd ed., §5A.7).
 *
 * @module
 */
import { D, type Dec } from '../../quantity/decimal.js';
import { byId, byValueThenId, sumValues, type PopulationKey } from './population.js';

/** A stratum's members before allocation. @internal */
export interface StratumMembers {
  /** `negative`, `zero`, `s1` … `sN`, `top`. */
  readonly id: string;
  /** Counted completely whatever the allocation (negative book values, the top stratum). */
  readonly census: boolean;
  /** The members, sorted by key id. */
  readonly members: readonly PopulationKey[];
}

/**
 * Cuts the population into strata by book value, in rising order of value.
 *
 * @param population - the keys (any order)
 * @param count - how many strata to cut the positive values below the threshold into
 * @param threshold - keys at or above this value form the `top` census stratum
 * @returns the strata, empty ones dropped
 * @internal
 */
export function stratifyByValue(population: readonly PopulationKey[], count: number, threshold: Dec | undefined): StratumMembers[] {
  const negative: PopulationKey[] = [];
  const zero: PopulationKey[] = [];
  const top: PopulationKey[] = [];
  const rest: PopulationKey[] = [];
  for (const k of population) {
    if (k.value.lt(0)) negative.push(k);
    else if (k.value.isZero()) zero.push(k);
    else if (threshold !== undefined && k.value.gte(threshold)) top.push(k);
    else rest.push(k);
  }
  rest.sort(byValueThenId);
  // A key goes to the stratum that holds the middle of its value on the cumulative axis; doubled
  // (2 × before + value against 2 × boundary) so no division rounds.
  const total = sumValues(rest);
  const cut: PopulationKey[][] = Array.from({ length: count }, () => []);
  let before = new D(0);
  let index = 0;
  let boundary = total.times(2).div(count);
  for (const k of rest) {
    const middle = before.times(2).plus(k.value);
    while (index < count - 1 && middle.gte(boundary)) {
      index++;
      boundary = total.times(2).times(index + 1).div(count);
    }
    cut[index]!.push(k);
    before = before.plus(k.value);
  }
  const strata: StratumMembers[] = [];
  if (negative.length > 0) strata.push({ id: 'negative', census: true, members: negative.sort(byId) });
  if (zero.length > 0) strata.push({ id: 'zero', census: false, members: zero.sort(byId) });
  cut
    .filter((members) => members.length > 0)
    .forEach((members, i) => strata.push({ id: `s${i + 1}`, census: false, members: members.sort(byId) }));
  if (top.length > 0) strata.push({ id: 'top', census: true, members: top.sort(byId) });
  return strata;
}
