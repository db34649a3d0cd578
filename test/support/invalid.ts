import { expect } from 'vitest';
import { isStocktakeError } from '../../src/index.js';

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
