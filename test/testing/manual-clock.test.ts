import { describe, expect, it } from 'vitest';
import { createManualClock, createSequentialIds } from '../../src/testing/index.js';

describe('test helpers', () => {
  it('the manual clock moves only when told', () => {
    const clock = createManualClock('2026-03-02T08:00:00Z');
    expect(clock.now().toISOString()).toBe('2026-03-02T08:00:00.000Z');
    expect(clock.advance(90_000).toISOString()).toBe('2026-03-02T08:01:30.000Z');
    clock.set('2026-03-03T00:00:00Z');
    expect(clock.now().toISOString()).toBe('2026-03-03T00:00:00.000Z');
    expect(() => clock.set('not a date')).toThrow(RangeError);
  });

  it('sequential ids count per prefix', () => {
    const ids = createSequentialIds();
    expect([ids.next('task'), ids.next('task'), ids.next('count')]).toEqual(['task-1', 'task-2', 'count-1']);
  });
});
