/**
 * A small seeded pseudo-random number generator (xoshiro128**, seeded through splitmix32), so
 * plans and samples are reproducible: the same seed always gives the same sequence, on every
 * platform. Not for anything security-related.
 *
 * @module
 */

/** A seed: a 32-bit integer, or any string (hashed with FNV-1a). */
export type Seed = number | string;

/** A reproducible source of random numbers; see {@link createRandom}. */
export interface Random {
  /** The next unsigned 32-bit integer. */
  nextUint32(): number;
  /** The next number in `[0, 1)`. */
  next(): number;
  /** The next number in the open interval `(0, 1)`: never 0, so it is safe for `Math.log`. */
  nextOpen(): number;
  /** The next integer in `[0, n)`. */
  int(n: number): number;
  /** Shuffles a copy of the array (Fisher–Yates) and returns it. */
  shuffle<T>(items: readonly T[]): T[];
}

const TWO_TO_32 = 4294967296;

/**
 * Hashes a seed to an unsigned 32-bit integer: integers are reduced modulo 2^32, strings are
 * hashed with 32-bit FNV-1a over their UTF-16 code units.
 *
 * @param seed - an integer or a string
 * @returns an unsigned 32-bit integer
 * @example
 * ```ts
 * seedToUint32('plan-2027'); // the same number on every run
 * ```
 * @internal
 */
export function seedToUint32(seed: Seed): number {
  if (typeof seed === 'number') {
    // Reduce any safe integer (negative ones included) modulo 2^32 without losing the high bits.
    const r = seed % TWO_TO_32;
    return (r < 0 ? r + TWO_TO_32 : r) >>> 0;
  }
  let h = 0x811c9dc5;
  for (let i = 0; i < seed.length; i++) {
    h ^= seed.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

function splitmix32(state: number): () => number {
  let a = state | 0;
  return () => {
    a = (a + 0x9e3779b9) | 0;
    let t = a ^ (a >>> 16);
    t = Math.imul(t, 0x21f0aaad);
    t ^= t >>> 15;
    t = Math.imul(t, 0x735a2d97);
    t ^= t >>> 15;
    return t >>> 0;
  };
}

/**
 * Creates a seeded generator (xoshiro128**). The four words of state come from splitmix32 over
 * the hashed seed, so neighbouring seeds (1, 2, 3, …) give unrelated sequences.
 *
 * @param seed - an integer or a string; equal seeds give equal sequences
 * @returns the generator
 * @example
 * ```ts
 * const random = createRandom(42);
 * random.next(); // a number in [0, 1), the same for seed 42 on every run
 * ```
 * @internal
 */
export function createRandom(seed: Seed): Random {
  const mix = splitmix32(seedToUint32(seed));
  let a = mix();
  let b = mix();
  let c = mix();
  let d = mix();
  if ((a | b | c | d) === 0) a = 1; // the all-zero state is a fixed point

  const nextUint32 = (): number => {
    const t = b << 9;
    let r = Math.imul(b, 5);
    r = Math.imul((r << 7) | (r >>> 25), 9);
    c ^= a;
    d ^= b;
    b ^= c;
    a ^= d;
    c ^= t;
    d = (d << 11) | (d >>> 21);
    return r >>> 0;
  };
  const next = (): number => nextUint32() / TWO_TO_32;
  return {
    nextUint32,
    next,
    nextOpen: () => (nextUint32() + 0.5) / TWO_TO_32,
    int: (n: number) => Math.floor(next() * n),
    shuffle<T>(items: readonly T[]): T[] {
      const out = items.slice();
      for (let i = out.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        const tmp = out[i] as T;
        out[i] = out[j] as T;
        out[j] = tmp;
      }
      return out;
    },
  };
}
