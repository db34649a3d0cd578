/**
 * Spot checks: a weighted random sample of keys to count, without replacement and reproducible
 * for a seed.
 *
 * @module
 */
import { D } from '../quantity/decimal.js';
import { StocktakeError } from '../errors.js';
import { createRandom, type Seed } from './random.js';
import { parseInput, sampleSpotChecksOptionsSchema } from './schemas.js';

/** A member of a spot-check population (an item, a stock key, a bin); extra fields are kept. */
export interface SpotCheckMember {
  /** The member's id, unique in the population. */
  id: string;
  /** Value at stake (e.g. on-hand value or unit cost); ≥ 0, a number or a decimal string. Default 1. */
  value?: number | string;
  /** Velocity (movements or picks per period); ≥ 0. Default 1. */
  velocity?: number | string;
  /** How many counts of this member showed a variance in the look-back period. Default 0. */
  varianceCount?: number;
}

/** Options of {@link sampleSpotChecks}. */
export interface SampleSpotChecksOptions<T extends SpotCheckMember> {
  /** The members to draw from, ids unique. */
  population: readonly T[];
  /** How many to draw; more than the population draws everyone. */
  n: number;
  /**
   * A member's weight (finite, ≥ 0). Default {@link defaultSpotCheckWeight}:
   * value × velocity × (1 + varianceCount).
   */
  weight?: (member: T) => number;
  /** The seed; the same population, n, weights and seed give the same sample. */
  seed: Seed;
}

/** One drawn member. */
export interface SpotCheckPick<T extends SpotCheckMember> {
  /** The member's id. */
  id: string;
  /** The weight it was drawn with. */
  weight: number;
  /** The member as given. */
  member: T;
}

/**
 * The default spot-check weight: `value × velocity × risk` with `risk = 1 + varianceCount`
 * (a member whose counts showed variances twice in the period weighs three times as much).
 * A missing value or velocity counts as 1.
 *
 * @param member - the member
 * @returns its weight, ≥ 0
 * @example
 * ```ts
 * defaultSpotCheckWeight({ id: 'SKU-1', value: '250.00', velocity: 4, varianceCount: 1 }); // 2000
 * ```
 */
export function defaultSpotCheckWeight(member: SpotCheckMember): number {
  const value = new D(member.value ?? 1);
  const velocity = new D(member.velocity ?? 1);
  const risk = 1 + (member.varianceCount ?? 0);
  return value.times(velocity).times(risk).toNumber();
}

/**
 * Draws `n` members without replacement, each draw favouring heavier members
 * (Efraimidis–Spirakis: every member gets the key `ln(u) / w` with `u` uniform in (0, 1) from the
 * seeded generator; the `n` largest keys win, which draws with probability proportional to weight
 * at each step). Members of weight 0 are never drawn while positive-weight members remain: they
 * fill the sample, in a seeded uniform order, only when `n` exceeds the number of positive-weight
 * members. Ties are broken by id.
 *
 * @param options - the population, n, an optional weight function and the seed
 * @returns the drawn members in draw order (the most favoured first), without duplicates
 * @throws StocktakeError `invalid_input` for duplicate ids, a negative `n`, or a weight that is
 *   negative or not finite (the path names the member)
 * @example
 * ```ts
 * const picks = sampleSpotChecks({
 *   population: [
 *     { id: 'SKU-1', value: 900, velocity: 12 },
 *     { id: 'SKU-2', value: 15, velocity: 3, varianceCount: 2 },
 *     { id: 'SKU-3', value: 40, velocity: 0 },
 *   ],
 *   n: 2,
 *   seed: 'week-12',
 * });
 * picks.map((p) => p.id); // ['SKU-1', 'SKU-2']: SKU-3 weighs 0
 * ```
 */
export function sampleSpotChecks<T extends SpotCheckMember>(options: SampleSpotChecksOptions<T>): SpotCheckPick<T>[] {
  parseInput(sampleSpotChecksOptionsSchema, options, ['options']);
  const { population, n, seed } = options;
  const weigh = options.weight ?? defaultSpotCheckWeight;
  const random = createRandom(seed);

  const keyed = population.map((member, i) => {
    const weight = weigh(member);
    if (typeof weight !== 'number' || !Number.isFinite(weight) || weight < 0) {
      throw new StocktakeError('invalid_input', `The weight of ${member.id} must be a finite number ≥ 0`, {
        path: ['options', 'population', i],
        details: { id: member.id, weight },
      });
    }
    // Draw u for every member, in input order, so the sequence does not depend on the weights.
    const u = random.nextOpen();
    return { member, weight, key: weight > 0 ? Math.log(u) / weight : Number.NEGATIVE_INFINITY, u };
  });
  keyed.sort((x, y) => {
    if (x.key !== y.key) return x.key > y.key ? -1 : 1;
    // Zero weights (key −∞) are ordered uniformly by u; equal keys otherwise by id.
    if (x.weight === 0 && y.weight === 0 && x.u !== y.u) return x.u > y.u ? -1 : 1;
    return x.member.id < y.member.id ? -1 : x.member.id > y.member.id ? 1 : 0;
  });
  return keyed.slice(0, Math.min(n, keyed.length)).map((k) => ({ id: k.member.id, weight: k.weight, member: k.member }));
}
