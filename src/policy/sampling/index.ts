/**
 * Statistical inventory sampling: plan a stratified or monetary-unit sample, count it in a count
 * session, evaluate the counts into an estimate with a confidence interval and a decision on the
 * book. Pure functions over plain data.
 *
 * @module
 */
export { planInventorySample } from './plan.js';
export { STRATIFIED_DEFAULTS } from './plan-stratified.js';
export { scopeFromSample, scopeFromSampleOptionsSchema, type SampleCountOptions } from './scope.js';
export { sampleCountLineSchema, sampleResultsFromCount, type SampleCountLine } from './results.js';
export { evaluateInventorySample } from './evaluate.js';
export { MIN_DIFFERENCES_FOR_INTERVAL } from './evaluate-stratified.js';
export {
  buildSampleReport,
  renderSampleReport,
  sampleReportFormatSchema,
  type SampleReport,
  type SampleReportFigure,
  type SampleReportFormat,
  type SampleReportStratum,
} from './report.js';
export {
  MUS_CONFIDENCE_FACTORS,
  MUS_CONFIDENCE_LEVELS,
  MUS_EXPANSION_FACTORS,
  musConfidenceFactor,
  musExpansionFactor,
  type MusConfidence,
} from './tables.js';
export {
  expectedErrorSchema,
  inventorySamplePlanSchema,
  MAX_SAMPLE_POPULATION,
  musSampleOptionsSchema,
  planInventorySampleOptionsSchema,
  samplePopulationMemberSchema,
  sampleResultSchema,
  sampleResultsSchema,
  stratifiedSampleOptionsSchema,
  tolerableErrorSchema,
  type InventorySamplePlanInput,
  type MusSampleOptions,
  type MusSamplePlanInput,
  type PlanInventorySampleOptions,
  type SampleDerivationInput,
  type SampledKeyInput,
  type SampleErrorShare,
  type SampleOptionsBase,
  type SamplePlanBaseInput,
  type SamplePopulationInput,
  type SamplePopulationMember,
  type SampleResult,
  type SampleStratumInput,
  type StratifiedSampleOptions,
  type StratifiedSamplePlanInput,
} from './schemas.js';
export type {
  InventorySampleEvaluation,
  InventorySamplePlan,
  MusBound,
  MusSampleEvaluation,
  MusSamplePlan,
  SampledKey,
  SampleDecision,
  SampleDerivation,
  SampleDifference,
  SampleEvaluationBase,
  SamplePlanBase,
  SamplePopulation,
  SampleStratum,
  SampleWarning,
  SamplingMethod,
  StratifiedEstimate,
  StratifiedEstimator,
  StratifiedSampleEvaluation,
  StratifiedSamplePlan,
  StratumEvaluation,
  StratumKind,
} from './types.js';
