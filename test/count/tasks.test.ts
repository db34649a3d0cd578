import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { recountTasks, splitTasks } from '../../src/count/tasks.js';
import type { CountSession } from '../../src/index.js';
import { createSequentialIds } from '../../src/testing/index.js';
import { propertyRuns } from '../support/property.js';

const locations = ['WH1/A/01', 'WH1/A/02', 'WH1/B/01', 'WH1/B/02', 'WH1/B/03', 'WH2/A/01'];

describe('tasks', () => {
  it('one task per zone, assignees in rotation', () => {
    const tasks = splitTasks(locations, new Map(), { by: 'zone', depth: 2 }, ['li', 'wang'], createSequentialIds());
    expect(tasks.map((t) => [t.locations, t.assignee])).toEqual([
      [['WH1/A/01', 'WH1/A/02'], 'li'],
      [['WH1/B/01', 'WH1/B/02', 'WH1/B/03'], 'wang'],
      [['WH2/A/01'], 'li'],
    ]);
  });

  it('balanced groups: every location in exactly one task, at most the requested count, loads close', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 50 }), { minLength: 1, maxLength: 60 }), fc.integer({ min: 1, max: 8 }), (weights, count) => {
        const locs = weights.map((_, i) => `WH1/A/${String(i).padStart(3, '0')}`);
        const keys = new Map(locs.map((l, i) => [l, weights[i]!]));
        const tasks = splitTasks(locs, keys, { by: 'balanced', count }, [], createSequentialIds());
        expect(tasks.flatMap((t) => t.locations).sort()).toEqual([...locs].sort());
        expect(tasks.length).toBeLessThanOrEqual(count);
        const loads = tasks.map((t) => t.locations.reduce((sum, l) => sum + Math.max(1, keys.get(l)!), 0));
        const total = loads.reduce((a, b) => a + b, 0);
        const heaviest = Math.max(...weights.map((w) => Math.max(1, w)));
        // No group exceeds its fair share by more than one location's weight.
        for (const load of loads) expect(load).toBeLessThanOrEqual(total / tasks.length + heaviest);
      }),
      { numRuns: propertyRuns(200) },
    );
  });

  it('recounts go to someone who did not count the keys before', () => {
    const session = { round: 1, counters: ['li', 'wang', 'chen'], teams: {}, split: { by: 'zone', depth: 2 } } as unknown as CountSession;
    const tasks = recountTasks(session, [{ key: { sku: 'A', location: 'WH1/A/01' }, asserters: ['li'] }, { key: { sku: 'B', location: 'WH1/B/01' }, asserters: ['wang', 'chen'] }], createSequentialIds());
    expect(tasks.map((t) => [t.round, t.assignee, t.excludedCounters])).toEqual([
      [2, 'wang', ['li']],
      [2, 'li', ['wang', 'chen']],
    ]);
  });
});
