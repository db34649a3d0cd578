import { describe, expect, it } from 'vitest';
import { errorCodes, isStocktakeError, StocktakeError } from '../src/index.js';

describe('StocktakeError', () => {
  it('carries code, coarse type, path, details and cause', () => {
    const cause = new Error('boom');
    const error = new StocktakeError('item_not_found', 'No item', { path: ['lines', 0, 'sku'], cause, details: { sku: 'X' } });
    expect(error).toMatchObject({ name: 'StocktakeError', code: 'item_not_found', type: 'not_found', path: ['lines', 0, 'sku'], details: { sku: 'X' } });
    expect(error.cause).toBe(cause);
    expect(error).toBeInstanceOf(Error);
  });

  it('is recognised across copies of the package by its brand, not by instanceof', () => {
    const foreign = Object.assign(new Error('x'), { [Symbol.for('stocktake.error')]: true, code: 'invalid_input' });
    expect(isStocktakeError(foreign)).toBe(true);
    expect(isStocktakeError(new Error('x'))).toBe(false);
    expect(isStocktakeError(null)).toBe(false);
    expect(isStocktakeError({ code: 'invalid_input' })).toBe(false);
  });

  it('every code has a coarse type', () => {
    for (const type of Object.values(errorCodes)) expect(['invalid_input', 'not_found', 'conflict', 'not_allowed', 'storage']).toContain(type);
  });
});
