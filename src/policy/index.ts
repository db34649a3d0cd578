/**
 * Cycle-count policies: ABC classification, capacity-aware cycle-count plans, next count dates,
 * weighted spot checks, count triggers and statistical inventory sampling. All pure functions
 * over plain data.
 *
 * @module
 */
export { classifyAbc, DEFAULT_ABC_CUTOFFS } from './abc.js';
export type {
  AbcBasis,
  AbcClassification,
  AbcClassifiedItem,
  AbcClassSummary,
  AbcCutoffs,
  AbcTotal,
  AbcItem,
  ClassifyAbcOptions,
} from './abc.js';
export { DEFAULT_WORKING_DAYS, eachWorkingDay, isWorkingDay, toWarehouseDate, workingDayOnOrAfter } from './calendar.js';
export type { Blackout, IsoWeekday, WarehouseCalendar } from './calendar.js';
export { DAYS_PER_YEAR, planCycleCounts } from './cycle-plan.js';
export type {
  CycleCapacity,
  CycleCountKey,
  CycleCountPlan,
  KeySchedule,
  KeyShortfall,
  PlanCycleCountsOptions,
  PlanDay,
  PlanDayCapacity,
  PlanDayLoad,
  PlannedCount,
  PlanTotals,
} from './cycle-plan.js';
export { nextCountDate } from './next-count-date.js';
export type { NextCountDateKey, NextCountDateOptions } from './next-count-date.js';
export type { Seed } from './random.js';
export {
  abcItemSchema,
  abcItemsSchema,
  balanceChangedEventSchema,
  blackoutSchema,
  calendarDateSchema,
  classFrequenciesSchema,
  classifyAbcOptionsSchema,
  counterFlagEventSchema,
  countVarianceEventSchema,
  cycleCapacitySchema,
  cycleCountKeySchema,
  DEFAULT_CLASS_FREQUENCIES,
  freezeOverrideEventSchema,
  MAX_FREQUENCY,
  MAX_HORIZON_DAYS,
  nextCountDateKeySchema,
  nextCountDateOptionsSchema,
  planCycleCountsOptionsSchema,
  sampleSpotChecksOptionsSchema,
  spotCheckMemberSchema,
  triggerEventSchema,
  triggerRuleSchema,
  triggerRulesSchema,
  warehouseCalendarSchema,
} from './schemas.js';
export { defaultSpotCheckWeight, sampleSpotChecks } from './spot-checks.js';
export type { SampleSpotChecksOptions, SpotCheckMember, SpotCheckPick } from './spot-checks.js';
export { DEFAULT_TRIGGER_PRIORITIES, evaluateTriggers } from './triggers.js';
export type {
  BalanceChangedEvent,
  BelowThresholdRule,
  CounterFlagEvent,
  CounterFlagRule,
  CountRequest,
  CountVarianceEvent,
  CountVarianceRule,
  FreezeOverrideEvent,
  FreezeOverrideRule,
  NegativeOnHandRule,
  TriggerEvent,
  TriggerEvidence,
  TriggerKind,
  TriggerRule,
  TriggerRuleBase,
  ZeroOnHandRule,
} from './triggers.js';
export * from './sampling/index.js';
