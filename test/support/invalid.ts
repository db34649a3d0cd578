import fc from 'fast-check';
import { expect } from 'vitest';
import type { z } from 'zod';
import { isStocktakeError } from '../../src/index.js';
import { mutated } from './mutate.js';
import { propertyRuns } from './property.js';

/** Runs a synchronous call that must throw `invalid_input` naming the field at `path`. */
export function expectInvalidInputAt(call: () => unknown, path: ReadonlyArray<string | number>): void {
  let caught: unknown;
  try {
    call();
  } catch (error) {
    caught = error;
  }
  expect(isStocktakeError(caught) && caught.code).toBe('invalid_input');
  if (isStocktakeError(caught)) expect(caught.path).toEqual(path);
}

/** A public function, its schema and a valid input, for {@link checkBadInputRejected}. */
export interface BadInputTarget {
  /** A valid input (the function must accept it). */
  valid: unknown;
  /** The schema the function validates the input with. */
  schema: z.ZodType;
  /** Calls the function with the input. */
  call: (input: unknown) => unknown;
  /** The argument's path prefix in errors (`['options']`); when given, the error's path must be the prefix and zod's path. */
  prefix?: ReadonlyArray<string | number>;
}

/**
 * The validation property: arbitrary JSON, or the valid input with one field replaced, that the
 * schema refuses makes the function throw `invalid_input` (at the schema's path when `prefix` is
 * given) and leaves the input as it was.
 */
export function checkBadInputRejected(target: BadInputTarget, runs = 200): void {
  expect(() => target.call(structuredClone(target.valid))).not.toThrow();
  fc.assert(
    fc.property(fc.oneof(fc.jsonValue(), mutated(target.valid)), (input) => {
      const parsed = target.schema.safeParse(input);
      fc.pre(!parsed.success);
      const before = structuredClone(input);
      let caught: unknown;
      try {
        target.call(input);
      } catch (error) {
        caught = error;
      }
      expect(isStocktakeError(caught), `no StocktakeError for ${JSON.stringify(input)}`).toBe(true);
      if (isStocktakeError(caught)) {
        expect(caught.code).toBe('invalid_input');
        expect(caught.type).toBe('invalid_input');
        if (target.prefix) {
          // An unknown key is named at the end of the path.
          const issue = parsed.error!.issues[0]!;
          const unknownKey = issue.code === 'unrecognized_keys' ? [issue.keys[0]] : [];
          expect(caught.path).toEqual([...target.prefix, ...issue.path, ...unknownKey]);
        }
      }
      expect(input).toEqual(before);
    }),
    { numRuns: propertyRuns(runs) },
  );
}
