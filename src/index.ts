/**
 * stocktake: an embeddable engine for physical inventory counting.
 *
 * The core entry point: the engine, the ledger, the catalog, the storage interface with its
 * in-memory adapter, errors and input schemas. Scanner input lives in `stocktake/scanner`,
 * PostgreSQL storage in `stocktake/postgres`, test helpers in `stocktake/testing` (clocks and
 * ids), `stocktake/testing/arbitraries` (fast-check) and `stocktake/testing/conformance`.
 *
 * @module stocktake
 */
export { createStocktake, type CreateStocktakeOptions, type Stocktake } from './engine.js';
export {
  StocktakeError,
  errorCodes,
  isStocktakeError,
  type ErrorPath,
  type StocktakeErrorCode,
  type StocktakeErrorOptions,
  type StocktakeErrorType,
} from './errors.js';
export { randomIds, systemClock, type Clock, type IdSource } from './clock.js';
export type {
  StocktakeEvent,
  StocktakeEventMap,
  StocktakeEventType,
  StocktakeListener,
} from './events.js';
export type {
  EventsApi,
  FeedEvent,
  FeedEventOf,
  FeedEventWrite,
  FeedReadFilter,
  FollowEventsOptions,
  ReadEventsOptions,
} from './feed/types.js';
export { instantSchema, type Instant, type InstantInput } from './time.js';
export { isStorableText, textSchema } from './text.js';
export { csvCell, type CsvCellKind } from './csv.js';

export {
  canonicalDecimal,
  DECIMAL_PRECISION,
  decimalStringSchema,
  MAX_FIGURE_INTEGER_DIGITS,
  MAX_FRACTION_DIGITS,
  MAX_INTEGER_DIGITS,
  MAX_PACK_FACTOR_INTEGER_DIGITS,
  nonNegativeDecimalSchema,
  packFactorSchema,
  positiveDecimalSchema,
  sumDecimals,
  type DecimalString,
} from './quantity/decimal.js';
export { defaultUnits, unitPrecisionsSchema, uomSchema, type UnitPrecisions } from './quantity/units.js';
export { convertToBase, type ConvertResult } from './quantity/convert.js';

export type { CatalogApi } from './catalog/catalog.js';
export {
  abcClassSchema,
  custodianInputSchema,
  gtinSchema,
  idSchema,
  itemInputSchema,
  locationIdSchema,
  locationInputSchema,
  packSchema,
  trackingSchema,
  type CustodianInput,
  type ItemInput,
  type LocationInput,
  type PackInput,
} from './catalog/schemas.js';
export type { AbcClass, CustodianAssignment, Item, Location, Pack, Tracking, UnitCost } from './catalog/types.js';
export { unitCostInputSchema, type UnitCostInput } from './catalog/unit-costs.js';
export { ancestorsOf, compareLocationPaths, isWithin } from './catalog/location-path.js';
export { custodiansAt, custodiansDuring, type AssignmentFacts } from './catalog/custodians.js';

export { MAX_POST_BATCH, type BalancesOptions, type LedgerApi, type OnHandOptions } from './ledger/ledger.js';
export { movementInputSchema, movementLineInputSchema, type MovementInput, type MovementLineInput } from './ledger/schemas.js';
export { compareStockKeys, stockKeyId, stockKeySchema, toStockKey, type StockKey, type StockKeyInput } from './ledger/key.js';
export type {
  Balance,
  BalanceFilter,
  Movement,
  MovementFilter,
  MovementKind,
  MovementLine,
  PostResult,
  PostResultCode,
  Posting,
  PostingFilter,
} from './ledger/types.js';

export type {
  EntryFilter,
  KeyLastMovement,
  LockedBalances,
  MovementWrite,
  PostingBound,
  StorageAdapter,
  StorageTransaction,
  StorageTransactionOptions,
  WriteScope,
} from './storage/adapter.js';
export { firstSegment, type PartitionBy } from './partitions.js';
export { createMemoryStorage, type MemoryStorageOptions } from './storage/memory/index.js';

export type { CountsApi, CountSheet, PostCountResult, RecordResult, ReopenLocationResult } from './count/counts.js';
export { adjustmentId, RECORD_MANY_MAX, type RecordManyOutcome, type RecordRefusal } from './count/counts.js';
export {
  reportInputSchema,
  type CountReport,
  type CountReportAmbiguity,
  type CountReportException,
  type CountReportFormat,
  type CountReportLaterMovement,
  type CountReportLine,
  type CountReportOptions,
} from './count/report.js';
export {
  COUNT_LIST_COLUMNS,
  countListInputSchema,
  type CountList,
  type CountListFormat,
  type CountListLine,
  type CountListOptions,
  type CountListTask,
} from './count/count-list.js';
export { REPORT_LOCALES, type ReportLocale } from './count/report-labels.js';
export { journalInputSchema, type Journal, type JournalEntry, type JournalLine, type JournalOptions } from './count/journal.js';
export { parseCountList, parseCountListOptionsSchema, type ParseCountListOptions, type ParsedCountList } from './count/count-list-parse.js';
export { scopeFromCountRequests } from './count/triggers.js';
export { scopeFromPlanDay } from './count/plan-scope.js';
export * from './policy/index.js';
export {
  approveInputSchema,
  cancelCountInputSchema,
  completeLocationInputSchema,
  countScopeSchema,
  decideInputSchema,
  excludeLocationInputSchema,
  flagKeyInputSchema,
  openCountInputSchema,
  postCountInputSchema,
  recordEntryInputSchema,
  reopenLocationInputSchema,
  requestRecountInputSchema,
  resolveConflictInputSchema,
  taskSplitSchema,
  toleranceRuleSchema,
  voidEntryInputSchema,
  type ApproveInput,
  type CancelCountInput,
  type CompleteLocationInput,
  type CountScopeInput,
  type DecideInput,
  type EntrySourceInput,
  type ExcludeLocationInput,
  type FlagKeyInput,
  type OpenCountInput,
  type PostCountInput,
  type RecordEntryInput,
  type ReopenLocationInput,
  type RequestRecountInput,
  type ResolveConflictInput,
  type TaskSplitInput,
  type ToleranceRuleInput,
  type VoidEntryInput,
} from './count/schemas.js';
export type {
  CountDecision,
  CountEntry,
  CountException,
  CountRecord,
  CountScope,
  CountSession,
  CountState,
  CountTask,
  EntryFlag,
  FreezeOverride,
  LocationCountRecord,
  LocationMark,
  SnapshotLine,
  ToleranceRule,
} from './count/types.js';
export type {
  CountWindow,
  ExpectedChange,
  Review,
  ReviewLine,
  ReviewStatus,
  ReviewSummary,
  RoundCount,
  StatusReason,
} from './count/review-types.js';
export {
  approvalLimitOf,
  approvalLimitSchema,
  approvalLimitsSchema,
  type ApprovalLimit,
  type ApprovalLimits,
  type LineOverLimit,
} from './count/approval-limits.js';
export {
  defaultCountPolicies,
  segregationOfDuties,
  type AuthorizeHook,
  type AuthorizeRequest,
  type CountAction,
  type CountPolicies,
} from './count/policies.js';
export {
  applyTolerance,
  defaultTolerances,
  isWithinTolerance,
  type ToleranceLine,
  type TolerancePolicy,
} from './policy/tolerance.js';

export {
  defaultReasonCodes,
  reasonCodeSchema,
  reasonCodesSchema,
  type ReasonCode,
  type ReasonSign,
} from './count/reason-codes.js';

export { attributeVariances } from './attribution/attribute.js';
export { reasonForCategory } from './attribution/reason.js';
export {
  attributionCountRecordSchema,
  attributionCustodianSchema,
  attributionEntrySchema,
  attributionInputSchema,
  attributionItemSchema,
  attributionLineSchema,
  attributionPostingSchema,
  type AttributionCountRecord,
  type AttributionCustodian,
  type AttributionEntry,
  type AttributionInput,
  type AttributionItem,
  type AttributionLine,
  type AttributionPosting,
  type AttributionRound,
} from './attribution/schemas.js';
export type {
  AttributedLine,
  Attribution,
  AttributionCandidate,
  AttributionCategory,
  AttributionEvidence,
  AttributionOptions,
  AttributionPeriod,
  AttributionSuggestion,
  TransferSuggestion,
} from './attribution/types.js';
export { baseConfidence } from './attribution/confidence.js';

export type { MetricsApi } from './metrics/service.js';
export { metricsGroupBySchema, metricsInputSchema, type MetricsGroupByInput, type MetricsInput } from './metrics/schemas.js';
export type { AgedStock, GroupMetrics, MetricsGroupBy, MetricsResult, Ratio, RiskySku } from './metrics/types.js';

export { auditAppendInputSchema, type AuditApi, type AuditChainHead, type AuditAppendInput, type AuditExportOptions, type AuditVerifyOptions } from './audit/audit.js';
export type { AuditEvent } from './audit/types.js';
export { GENESIS_HASH, hashAuditEvent, hashText, verifyAuditChain, type AuditVerification } from './audit/hash.js';
export type { DeepReadonly } from './validate.js';
