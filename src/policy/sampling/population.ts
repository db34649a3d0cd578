/**
 * Reading a sampling population into exact decimals, in a canonical order (by stock key id) so a
 * plan never depends on the order the caller listed the keys in; resolving tolerable and expected
 * errors given as shares; the population figures a plan states.
 *
 * @module
 */
import { StocktakeError } from '../../errors.js';
import { stockKeyId, toStockKey, type StockKey } from '../../ledger/key.js';
import { omitUndefined } from '../../ledger/prepare.js';
import { D, formatDecimal, type Dec, type DecimalString } from '../../quantity/decimal.js';
import type { SampledKey, SamplePopulation } from './types.js';

/** A population key with its exact book value. @internal */
export interface PopulationKey {
  readonly key: StockKey;
  readonly id: string;
  readonly value: Dec;
  /** The value as the nearest double: orders keys fast (the rounding is monotonic; ties fall back to `value`). */
  readonly approx: number;
  /** As given; made canonical only for the keys that are sampled. */
  readonly bookQty?: DecimalString;
  /** As given; made canonical only for the keys that are sampled. */
  readonly unitCost?: DecimalString;
}

/** A stock key as zod outputs it (optional fields may be `undefined`). @internal */
export type KeyInput = Parameters<typeof toStockKey>[0];

/** The id of a key as zod outputs it. @internal */
export function keyIdOf(key: KeyInput): string {
  return stockKeyId(toStockKey(key));
}

/** A validated population member. @internal */
export interface PopulationMemberInput {
  readonly key: KeyInput;
  readonly bookQty?: string | undefined;
  readonly unitCost?: string | undefined;
  readonly bookValue?: string | undefined;
}

/**
 * The population with exact book values (quantity × unit cost, or the value given), sorted by key id.
 *
 * @internal
 */
export function readPopulation(members: readonly PopulationMemberInput[]): PopulationKey[] {
  const keys = members.map((member): PopulationKey => {
    const key = toStockKey(member.key);
    const value = member.bookValue !== undefined ? new D(member.bookValue) : new D(member.bookQty!).times(member.unitCost!);
    return omitUndefined({ key, id: stockKeyId(key), value, approx: value.toNumber(), bookQty: member.bookQty, unitCost: member.unitCost });
  });
  return keys.sort(byId);
}

/** Orders keys by book value, then by key id. @internal */
export function byValueThenId(a: PopulationKey, b: PopulationKey): number {
  const c = a.approx !== b.approx ? a.approx - b.approx : a.value.cmp(b.value);
  if (c !== 0) return c;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** Orders keys by key id. @internal */
export function byId(a: { readonly id: string }, b: { readonly id: string }): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** Sums the book values of keys exactly. @internal */
export function sumValues(keys: readonly PopulationKey[]): Dec {
  let total = new D(0);
  for (const k of keys) total = total.plus(k.value);
  return total;
}

/**
 * The tolerable and expected errors of a plan as amounts at the plan's decimals: the tolerable
 * error rounded down and the expected error rounded up, so rounding never loosens a plan.
 *
 * @internal
 */
export function resolveErrors(
  options: { readonly tolerableError: string | { share: number }; readonly expectedError?: string | { share: number } | undefined },
  total: Dec,
  decimals: number,
): { tolerable: Dec; expected: Dec } {
  const amount = (value: string | { share: number }, name: string): Dec => {
    if (typeof value === 'string') return new D(value);
    if (total.lte(0)) {
      throw new StocktakeError('invalid_input', 'A share needs a population with a positive book value: give an amount', { path: ['options', name] });
    }
    return total.times(value.share);
  };
  const tolerable = amount(options.tolerableError, 'tolerableError').toDecimalPlaces(decimals, D.ROUND_FLOOR);
  if (tolerable.lte(0)) {
    throw new StocktakeError('invalid_input', `The tolerable error rounds to zero at ${decimals} decimals`, { path: ['options', 'tolerableError'] });
  }
  const expected = amount(options.expectedError ?? '0', 'expectedError').toDecimalPlaces(decimals, D.ROUND_CEIL);
  return { tolerable, expected };
}

/** A key of the plan's sample. @internal */
export function toSampledKey(k: PopulationKey, stratum: string, inclusionProbability: number, hits?: number): SampledKey {
  return omitUndefined({
    key: k.key,
    stratum,
    bookValue: formatDecimal(k.value),
    bookQty: k.bookQty === undefined ? undefined : formatDecimal(new D(k.bookQty)),
    unitCost: k.unitCost === undefined ? undefined : formatDecimal(new D(k.unitCost)),
    inclusionProbability,
    hits,
  });
}

/** The smallest and largest book value of some keys (at least one). @internal */
export function valueRange(keys: readonly PopulationKey[]): [Dec, Dec] {
  let lowest = keys[0]!.value;
  let highest = lowest;
  for (const k of keys) {
    if (k.value.lt(lowest)) lowest = k.value;
    if (k.value.gt(highest)) highest = k.value;
  }
  return [lowest, highest];
}

/** The population figures every plan states. @internal */
export function populationSummary(population: readonly PopulationKey[], total: Dec): SamplePopulation {
  return {
    keys: population.length,
    bookValue: formatDecimal(total),
    zeroValueKeys: population.filter((k) => k.value.isZero()).length,
    negativeValueKeys: population.filter((k) => k.value.lt(0)).length,
  };
}
