import { describe, expect, it } from 'vitest';
import { createScopeFilter, resolveScope } from '../../src/count/scope.js';
import type { Item } from '../../src/index.js';

const item = (sku: string, abcClass?: 'A' | 'B' | 'C'): Item => ({ sku, baseUom: 'ea', decimals: 0, packs: [], tracking: 'none', lookAlikes: [], allowNegative: false, ...(abcClass ? { abcClass } : {}) });
const items = new Map([['A', item('A', 'A')], ['B', item('B', 'B')]]);
const defined = ['WH1/A/10', 'WH1/A/2', 'WH1/AB/1', 'WH1/B/1'];

describe('count scope', () => {
  it('location subtrees resolve to defined locations in walking order, siblings with the same prefix excluded', () => {
    expect(resolveScope({ locations: ['WH1/A'] }, defined, [], items).locations).toEqual(['WH1/A/2', 'WH1/A/10']);
  });

  it('items alone resolve to the locations that hold them', () => {
    const holding = [{ key: { sku: 'B', location: 'WH1/B/1' } }, { key: { sku: 'A', location: 'WH1/A/2' } }];
    expect(resolveScope({ skus: ['B'] }, defined, holding, items)).toEqual({ locations: ['WH1/B/1'], skus: ['B'], items: ['B'] });
    expect(resolveScope({ abcClasses: ['A'] }, defined, holding, items).locations).toEqual(['WH1/A/2']);
  });

  it('the filter checks location, item, class and explicit keys (any lot of a listed key)', () => {
    const byClass = createScopeFilter(resolveScope({ locations: ['WH1'], abcClasses: ['B'] }, defined, [], items));
    expect(byClass({ sku: 'B', location: 'WH1/B/1' })).toBe(true);
    expect(byClass({ sku: 'A', location: 'WH1/B/1' })).toBe(false);
    const byKeys = createScopeFilter(resolveScope({ keys: [{ sku: 'A', location: 'WH1/A/2' }] }, defined, [], items));
    expect(byKeys({ sku: 'A', location: 'WH1/A/2', lot: 'L9' })).toBe(true);
    expect(byKeys({ sku: 'B', location: 'WH1/A/2' })).toBe(false);
  });
});
