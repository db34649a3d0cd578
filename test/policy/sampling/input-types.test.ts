/**
 * The documented sampling input types are exactly the input types of their schemas: `tsc --noEmit`
 * checks these assertions (a difference in a field, its optionality or its type fails the build);
 * at run time they confirm that the schemas accept examples typed with the interfaces.
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import type * as z from 'zod';

import {
  expectedErrorSchema,
  inventorySamplePlanSchema,
  musSampleOptionsSchema,
  planInventorySample,
  planInventorySampleOptionsSchema,
  samplePopulationMemberSchema,
  sampleResultSchema,
  stratifiedSampleOptionsSchema,
  tolerableErrorSchema,
  type InventorySamplePlanInput,
  type MusSampleOptions,
  type MusSamplePlanInput,
  type PlanInventorySampleOptions,
  type SampleErrorShare,
  type SamplePopulationMember,
  type SampleResult,
  type StratifiedSampleOptions,
  type StratifiedSamplePlanInput,
} from '../../../src/index.js';

describe('sampling options', () => {
  it('every documented option type is its schema\'s input type', () => {
    expectTypeOf<PlanInventorySampleOptions>().toEqualTypeOf<z.input<typeof planInventorySampleOptionsSchema>>();
    expectTypeOf<StratifiedSampleOptions>().toEqualTypeOf<z.input<typeof stratifiedSampleOptionsSchema>>();
    expectTypeOf<MusSampleOptions>().toEqualTypeOf<z.input<typeof musSampleOptionsSchema>>();
    expectTypeOf<SamplePopulationMember>().toEqualTypeOf<z.input<typeof samplePopulationMemberSchema>>();
    expectTypeOf<string | SampleErrorShare>().toEqualTypeOf<z.input<typeof tolerableErrorSchema>>();
    expectTypeOf<string | SampleErrorShare>().toEqualTypeOf<z.input<typeof expectedErrorSchema>>();

    const population: SamplePopulationMember[] = [
      { key: { sku: 'A', location: 'WH1/A/01' }, bookQty: '12', unitCost: '2.75' },
      { key: { sku: 'B', location: 'WH1/A/02', lot: 'L1' }, bookValue: '1480.00' },
    ];
    const stratified: StratifiedSampleOptions = {
      method: 'stratified', population, confidence: 0.95, tolerableError: { share: 0.02 }, expectedError: '0',
      estimator: 'ratio', strata: 3, topStratumThreshold: '1000', minPerStratum: 2, incorrectRejectionRisk: 0.2, relativeErrorSd: 0.5,
      decimals: 2, seed: 'year-end',
    };
    const mus: MusSampleOptions = { method: 'mus', population, confidence: 0.9, tolerableError: '100', expectedError: { share: 0.001 }, seed: 7 };
    expect(planInventorySampleOptionsSchema.safeParse(stratified).success).toBe(true);
    expect(planInventorySampleOptionsSchema.safeParse(mus).success).toBe(true);
  });
});

describe('sampling plans and results', () => {
  it('InventorySamplePlanInput and SampleResult are their schemas\' input types', () => {
    expectTypeOf<InventorySamplePlanInput>().toEqualTypeOf<z.input<typeof inventorySamplePlanSchema>>();
    expectTypeOf<SampleResult>().toEqualTypeOf<z.input<typeof sampleResultSchema>>();

    const result: SampleResult = { key: { sku: 'A', location: 'WH1/A/01' }, countedQty: '11', expectedQty: '12' };
    expect(sampleResultSchema.safeParse(result).success).toBe(true);
  });

  it('a plan of planInventorySample, after a JSON round trip, is an InventorySamplePlanInput the schema accepts', () => {
    const population: SamplePopulationMember[] = Array.from({ length: 40 }, (_, i) => ({
      key: { sku: `S${i}`, location: 'WH1/A/01' },
      bookValue: String(10 + i * 7),
    }));
    for (const options of [
      { method: 'mus', population, confidence: 0.95, tolerableError: { share: 0.1 }, seed: 1 },
      { method: 'stratified', population, confidence: 0.9, tolerableError: { share: 0.1 }, strata: 2, minPerStratum: 2, seed: 1 },
    ] satisfies PlanInventorySampleOptions[]) {
      const stored = JSON.parse(JSON.stringify(planInventorySample(options))) as InventorySamplePlanInput;
      expect(inventorySamplePlanSchema.safeParse(stored).success).toBe(true);
      if (stored.method === 'mus') expectTypeOf(stored).toEqualTypeOf<MusSamplePlanInput>();
      else expectTypeOf(stored).toEqualTypeOf<StratifiedSamplePlanInput>();
    }
  });
});
