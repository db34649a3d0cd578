/**
 * Test helpers that need nothing beyond stocktake: a manual clock and sequential ids, for tests,
 * examples and demos that must give the same answer on every run.
 *
 * The fast-check arbitraries are in `stocktake/testing/arbitraries` (needs `fast-check`) and the
 * storage conformance suite in `stocktake/testing/conformance` (needs `fast-check`, and registers
 * its tests with the vitest module you pass in).
 *
 * @example
 * ```ts
 * import { createStocktake } from 'stocktake';
 * import { createManualClock, createSequentialIds } from 'stocktake/testing';
 *
 * const clock = createManualClock('2026-03-02T08:00:00.000Z');
 * const st = createStocktake({ clock, ids: createSequentialIds() });
 * ```
 *
 * @module stocktake/testing
 */
export { createManualClock, createSequentialIds, type ManualClock } from './manual-clock.js';
