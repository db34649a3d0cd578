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
  storableTextArb,
  unstorableTextArb,
  type MovementInputArbOptions,
} from './arbitraries.js';
export {
  runStorageConformance,
  type ConformanceTestApi,
  type RawAuditRow,
  type RawBalanceRow,
  type RawEntryRow,
  type RawMovementRow,
  type RawPostingRow,
  type RawRowCounts,
  type RawSessionRow,
  type StorageConformanceOptions,
  type StorageConformanceRaw,
} from './conformance/index.js';
