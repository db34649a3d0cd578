import fc from 'fast-check';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import {
  buildSampleReport,
  evaluateInventorySample,
  inventorySamplePlanSchema,
  isStocktakeError,
  planInventorySample,
  planInventorySampleOptionsSchema,
  renderSampleReport,
  sampleCountLineSchema,
  sampleReportFormatSchema,
  sampleResultsFromCount,
  sampleResultsSchema,
  scopeFromSample,
  scopeFromSampleOptionsSchema,
  type InventorySamplePlan,
  type PlanInventorySampleOptions,
  type SampleResult,
} from '../../../src/index.js';
import { checkBadInputRejected, type BadInputTarget } from '../../support/invalid.js';
import { mutated } from '../../support/mutate.js';
import { propertyRuns } from '../../support/property.js';

const population = [
  { key: { sku: 'A-1', location: 'WH1/A/01' }, bookQty: '10', unitCost: '2.50' },
  { key: { sku: 'A-2', location: 'WH1/A/02', lot: 'L7' }, bookQty: '4', unitCost: '120' },
  { key: { sku: 'B-1', location: 'WH1/B/01' }, bookValue: '900' },
  { key: { sku: 'B-2', location: 'WH1/B/02' }, bookValue: '0' },
];
const stratifiedOptions: PlanInventorySampleOptions = {
  method: 'stratified',
  population,
  confidence: 0.95,
  tolerableError: { share: 0.1 },
  expectedError: '5',
  seed: 'v',
  estimator: 'ratio',
  strata: 2,
  topStratumThreshold: '400',
  minPerStratum: 2,
  incorrectRejectionRisk: 0.2,
  relativeErrorSd: 0.1,
  decimals: 2,
};
const musOptions: PlanInventorySampleOptions = { method: 'mus', population, confidence: 0.9, tolerableError: '300', expectedError: { share: 0.01 }, seed: 3 };
const plan = JSON.parse(JSON.stringify(planInventorySample(musOptions))) as InventorySamplePlan;
const results: SampleResult[] = plan.sample.map((s) => (s.bookQty === undefined ? { key: s.key, countedValue: s.bookValue } : { key: s.key, countedQty: s.bookQty, expectedQty: s.bookQty }));
const lines = plan.sample.map((s) => ({ key: s.key, expected: s.bookQty ?? '1', counted: s.bookQty ?? '1', unitCost: s.unitCost ?? s.bookValue, status: 'match' }));

const targets: Array<BadInputTarget & { name: string }> = [
  { name: 'planInventorySample (stratified)', valid: stratifiedOptions, schema: planInventorySampleOptionsSchema, prefix: ['options'], call: (i) => planInventorySample(i as PlanInventorySampleOptions) },
  { name: 'planInventorySample (mus)', valid: musOptions, schema: planInventorySampleOptionsSchema, prefix: ['options'], call: (i) => planInventorySample(i as PlanInventorySampleOptions) },
  { name: 'evaluateInventorySample plan', valid: plan, schema: inventorySamplePlanSchema, prefix: ['plan'], call: (i) => evaluateInventorySample(i as InventorySamplePlan, results) },
  { name: 'evaluateInventorySample results', valid: results, schema: sampleResultsSchema, prefix: ['results'], call: (i) => evaluateInventorySample(plan, i as SampleResult[]) },
  { name: 'scopeFromSample plan', valid: plan, schema: inventorySamplePlanSchema, prefix: ['plan'], call: (i) => scopeFromSample(i as InventorySamplePlan) },
  { name: 'scopeFromSample options', valid: { blind: false }, schema: scopeFromSampleOptionsSchema, prefix: ['options'], call: (i) => scopeFromSample(plan, i as { blind?: boolean }) },
  { name: 'sampleResultsFromCount lines', valid: lines, schema: z.array(sampleCountLineSchema), prefix: ['lines'], call: (i) => sampleResultsFromCount(plan, i as typeof lines) },
  { name: 'renderSampleReport format', valid: 'html', schema: sampleReportFormatSchema, prefix: ['format'], call: (i) => renderSampleReport(buildSampleReport(plan, evaluateInventorySample(plan, results)), i as 'html') },
];

describe('bad input throws StocktakeError invalid_input naming the bad field, and changes nothing', () => {
  for (const target of targets) it(target.name, () => checkBadInputRejected(target, 150));

  it('a plan that passes the schema evaluates or fails with a StocktakeError, never with anything else', () => {
    fc.assert(
      fc.property(mutated(plan), (input) => {
        fc.pre(inventorySamplePlanSchema.safeParse(input).success);
        try {
          evaluateInventorySample(input as InventorySamplePlan, results);
        } catch (error) {
          expect(isStocktakeError(error), String(error)).toBe(true);
        }
      }),
      { numRuns: propertyRuns(200) },
    );
  });

  it('the plan schema refuses a plan whose sample disagrees with its strata', () => {
    const broken = structuredClone(plan);
    (broken.sample[0] as { stratum: string }).stratum = 'nowhere';
    expect(inventorySamplePlanSchema.safeParse(broken).error?.issues[0]?.path).toEqual(['sample', 0, 'stratum']);
    const short = { ...structuredClone(plan), sample: plan.sample.slice(1) };
    expect(inventorySamplePlanSchema.safeParse(short).success).toBe(false);
  });

  it('schemas and types agree and emit JSON Schema', () => {
    expectTypeOf<PlanInventorySampleOptions>().toExtend<z.input<typeof planInventorySampleOptionsSchema>>();
    expectTypeOf<SampleResult[]>().toExtend<z.input<typeof sampleResultsSchema>>();
    expect(z.toJSONSchema(planInventorySampleOptionsSchema, { unrepresentable: 'any' })).toMatchObject({ oneOf: expect.any(Array) });
    expect(z.toJSONSchema(inventorySamplePlanSchema, { unrepresentable: 'any' })).toMatchObject({ oneOf: expect.any(Array) });
  });
});
