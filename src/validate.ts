import type { z } from 'zod';
import { fromZodError, StocktakeError, type ErrorPath } from './errors.js';

/**
 * Parses an input with its schema at a public boundary; a failure becomes an `invalid_input`
 * {@link StocktakeError} naming the first bad field, and nothing downstream runs.
 *
 * @internal
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, prefix: ErrorPath = []): z.output<S> {
  const parsed = safeParseInput(schema, input, prefix);
  if (!parsed.success) throw fromZodError(parsed.error, prefix);
  return parsed.data;
}

/**
 * `schema.safeParse` that never throws: a value zod cannot even inspect (an object whose
 * `length` cannot be compared, a getter that throws) is an `invalid_input` at `prefix` too.
 *
 * @internal
 */
export function safeParseInput<S extends z.ZodType>(schema: S, input: unknown, prefix: ErrorPath = []): z.ZodSafeParseResult<z.output<S>> {
  try {
    return schema.safeParse(input);
  } catch (cause) {
    throw new StocktakeError('invalid_input', 'The input could not be read as the expected shape', { path: prefix, cause });
  }
}

/**
 * A type with every property and array element readonly, recursively. Commands take their input
 * as `DeepReadonly<…Input>` because they only read it, so callers may pass `as const` data. A
 * `Date` stays a `Date` (an instant is read, never changed).
 */
export type DeepReadonly<T> = T extends (...args: never[]) => unknown
  ? T
  : T extends Date
    ? T
    : T extends ReadonlyArray<infer E>
      ? ReadonlyArray<DeepReadonly<E>>
      : T extends object
        ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
        : T;
