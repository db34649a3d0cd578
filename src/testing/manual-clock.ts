import type { Clock, IdSource } from '../clock.js';
import type { InstantInput } from '../time.js';

/** A clock that only moves when told to. */
export interface ManualClock extends Clock {
  /**
   * Sets the current moment.
   *
   * @param moment - a Date or an ISO string
   */
  set(moment: InstantInput): void;
  /**
   * Moves the clock forward.
   *
   * @param ms - milliseconds
   * @returns the new current moment
   */
  advance(ms: number): Date;
}

/**
 * Creates a manual clock for deterministic tests.
 *
 * @param start - the first moment; `2026-01-05T08:00:00Z` when omitted
 * @returns the clock
 * @example
 * ```ts
 * const clock = createManualClock('2026-03-02T08:00:00Z');
 * const st = createStocktake({ clock });
 * clock.advance(60_000);
 * ```
 */
export function createManualClock(start: InstantInput = '2026-01-05T08:00:00.000Z'): ManualClock {
  let current = new Date(start).getTime();
  if (!Number.isFinite(current)) throw new RangeError(`Invalid start time: ${String(start)}`);
  return {
    now: () => new Date(current),
    set(moment) {
      const next = new Date(moment).getTime();
      if (!Number.isFinite(next)) throw new RangeError(`Invalid time: ${String(moment)}`);
      current = next;
    },
    advance(ms) {
      current += ms;
      return new Date(current);
    },
  };
}

/**
 * Creates an id source that counts: `session-1`, `task-1`, `task-2`, … per prefix.
 *
 * @returns the id source
 * @example
 * ```ts
 * const st = createStocktake({ ids: createSequentialIds() });
 * ```
 */
export function createSequentialIds(): IdSource {
  const counters = new Map<string, number>();
  return {
    next(prefix) {
      const n = (counters.get(prefix) ?? 0) + 1;
      counters.set(prefix, n);
      return `${prefix}-${n}`;
    },
  };
}
