import { describe, expect, it } from 'vitest';
import { ancestorsOf, compareLocationPaths, isWithin } from '../../src/index.js';

describe('location paths', () => {
  it('a subtree holds its root and what lies below it, never a sibling with the same prefix', () => {
    expect(isWithin('WH1/A', 'WH1/A')).toBe(true);
    expect(isWithin('WH1/A/01/3', 'WH1/A')).toBe(true);
    expect(isWithin('WH1/AB', 'WH1/A')).toBe(false);
    expect(isWithin('WH1', 'WH1/A')).toBe(false);
  });

  it('lists ancestors nearest first', () => {
    expect(ancestorsOf('WH1/A/01')).toEqual(['WH1/A/01', 'WH1/A', 'WH1']);
    expect(ancestorsOf('WH1')).toEqual(['WH1']);
  });

  it('walks numbers by value and parents before children', () => {
    expect(['WH1/A/10', 'WH1/A/2', 'WH1/A', 'WH1/A/2/1', 'WH1/B/1'].sort(compareLocationPaths)).toEqual([
      'WH1/A',
      'WH1/A/2',
      'WH1/A/2/1',
      'WH1/A/10',
      'WH1/B/1',
    ]);
  });
});
