import type { z } from 'zod';
import { fromZodError, type ErrorPath } from './errors.js';

/**
 * Parses an input with its schema at a public boundary; a failure becomes an `invalid_input`
 * {@link StocktakeError} naming the first bad field, and nothing downstream runs.
 *
 * @internal
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, prefix: ErrorPath = []): z.output<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw fromZodError(parsed.error, prefix);
  return parsed.data;
}

/**
 * A type with every property and array element readonly, recursively. Commands take their input
 * as `DeepReadonly<…Input>` because they only read it, so callers may pass `as const` data.
 */
export type DeepReadonly<T> = T extends (...args: never[]) => unknown
  ? T
  : T extends ReadonlyArray<infer E>
    ? ReadonlyArray<DeepReadonly<E>>
    : T extends object
      ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
      : T;
