import { describe, expect, it } from 'vitest';
import { openLocations } from '../../src/count/open-locations.js';
import type { LocationMark } from '../../src/count/types.js';
import { session } from '../../src/testing/conformance/fixtures.js';

const T = '2026-03-02T08:00:00.000Z';
const mark = (location: string, round: number): LocationMark => ({ sessionId: 'cs-1', location, round, status: 'complete', at: T, actor: 'li' });
const none = new Set<string>();

describe('the open locations of a round', () => {
  it('round one lists every resolved location not complete or excluded, whatever its tasks cover', () => {
    const s = session('cs-1', { tasks: [{ id: 't1', round: 1, locations: ['WH1/A/01'], excludedCounters: [] }] });
    const open = openLocations({ session: s, locations: ['WH1/A/01', 'WH1/A/02', 'WH1/A/03'], marks: [mark('WH1/A/03', 1)], excluded: new Set(['WH1/A/02']), occupied: none });
    expect(open).toEqual(['WH1/A/01']);
  });

  it('a later round lists the locations of its own recount tasks, once, and only its own marks close them', () => {
    const s = session('cs-1', {
      round: 2,
      tasks: [
        { id: 't1', round: 1, locations: ['WH1/A/01', 'WH1/A/02'], excludedCounters: [] },
        { id: 't2', round: 2, locations: ['WH1/A/02', 'WH1/A/03'], excludedCounters: ['li'] },
        { id: 't3', round: 2, locations: ['WH1/A/02'], excludedCounters: ['li'] },
      ],
    });
    const input = { session: s, locations: ['WH1/A/01', 'WH1/A/02', 'WH1/A/03'], excluded: none, occupied: none };
    expect(openLocations({ ...input, marks: [mark('WH1/A/02', 1), mark('WH1/A/01', 1)] })).toEqual(['WH1/A/02', 'WH1/A/03']);
    expect(openLocations({ ...input, marks: [mark('WH1/A/03', 2)] })).toEqual(['WH1/A/02']);
  });

  it('a zone node in the round is not listed unless it holds book or entries of its own', () => {
    const s = session('cs-1');
    const locations = ['WH1/A', 'WH1/A/01', 'WH1/A/02'];
    expect(openLocations({ session: s, locations, marks: [], excluded: none, occupied: none })).toEqual(['WH1/A/01', 'WH1/A/02']);
    expect(openLocations({ session: s, locations, marks: [], excluded: none, occupied: new Set(['WH1/A']) })).toEqual(locations);
  });
});
