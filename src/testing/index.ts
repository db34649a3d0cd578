/**
 * Test helpers for code that embeds stocktake: a manual clock, sequential ids and fast-check
 * arbitraries for items, locations and movements.
 *
 * @module
 */
export { createManualClock, createSequentialIds, type ManualClock } from './manual-clock.js';
export {
  itemInputArb,
  locationIdArb,
  locationInputArb,
  movementInputArb,
  quantityArb,
  skuArb,
  type MovementInputArbOptions,
} from './arbitraries.js';
