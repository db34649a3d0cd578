import { describe, expect, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import {
  abcItemsSchema,
  classifyAbc,
  classifyAbcOptionsSchema,
  evaluateTriggers,
  nextCountDate,
  nextCountDateKeySchema,
  nextCountDateOptionsSchema,
  planCycleCounts,
  planCycleCountsOptionsSchema,
  sampleSpotChecks,
  sampleSpotChecksOptionsSchema,
  triggerEventSchema,
  triggerRulesSchema,
  type AbcItem,
  type ClassifyAbcOptions,
  type NextCountDateKey,
  type NextCountDateOptions,
  type PlanCycleCountsOptions,
  type SampleSpotChecksOptions,
  type SpotCheckMember,
  type TriggerEvent,
  type TriggerRule,
} from '../../src/policy/index.js';
import { checkBadInputRejected } from '../support/invalid.js';

describe('schemas and the public types agree', () => {
  it('every typed input is accepted by its schema (checked by tsc)', () => {
    // The public types use readonly arrays; zod's input types are mutable, which is no difference
    // at run time, so compare without the readonly modifiers.
    type Mutable<T> = T extends (...args: never[]) => unknown
      ? T
      : T extends readonly (infer U)[]
        ? Mutable<U>[]
        : T extends object
          ? { -readonly [K in keyof T]: Mutable<T[K]> }
          : T;
    expectTypeOf<Mutable<PlanCycleCountsOptions>>().toExtend<z.input<typeof planCycleCountsOptionsSchema>>();
    expectTypeOf<Mutable<AbcItem[]>>().toExtend<z.input<typeof abcItemsSchema>>();
    expectTypeOf<Mutable<ClassifyAbcOptions> | undefined>().toExtend<z.input<typeof classifyAbcOptionsSchema>>();
    expectTypeOf<NextCountDateKey>().toExtend<z.input<typeof nextCountDateKeySchema>>();
    expectTypeOf<Mutable<NextCountDateOptions>>().toExtend<z.input<typeof nextCountDateOptionsSchema>>();
    expectTypeOf<Mutable<Omit<SampleSpotChecksOptions<SpotCheckMember>, 'weight'>>>().toExtend<
      Omit<z.input<typeof sampleSpotChecksOptionsSchema>, 'weight'>
    >();
    expectTypeOf<Mutable<TriggerEvent>>().toExtend<z.input<typeof triggerEventSchema>>();
    expectTypeOf<Mutable<TriggerRule[]>>().toExtend<z.input<typeof triggerRulesSchema>>();
  });

  it('emit JSON Schema', () => {
    expect(z.toJSONSchema(planCycleCountsOptionsSchema, { unrepresentable: 'any' })).toMatchObject({ type: 'object' });
    expect(z.toJSONSchema(triggerRulesSchema, { unrepresentable: 'any' })).toMatchObject({ type: 'array' });
  });
});


interface Target {
  name: string;
  valid: unknown;
  schema: z.ZodType;
  call: (input: unknown) => unknown;
}

const validPlan: PlanCycleCountsOptions = {
  keys: [
    { id: 'A-1', class: 'A', effortMinutes: 10, lastCountedAt: '2026-12-01' },
    { id: 'Z-1', frequency: 6, lastCountedAt: '2026-12-01T08:00:00Z' },
  ],
  from: '2027-01-01',
  to: '2027-03-31',
  calendar: { timeZone: 'Europe/Berlin', workingDays: [1, 2, 3, 4, 5], holidays: ['2027-01-06'], blackouts: [{ from: '2027-02-01', to: '2027-02-03' }] },
  capacity: { keysPerDay: 4, minutesPerDay: 60, defaultEffortMinutes: 5 },
  frequencies: { A: 12 },
  seed: 1,
  maxShiftDays: 5,
  spill: true,
};
const validEvent: TriggerEvent = {
  type: 'balance.changed',
  key: { sku: 'S', location: 'WH1/A' },
  qty: '-1',
  previousQty: '2',
  movementId: 'm',
  at: '2027-01-01T00:00:00Z',
};

const targets: Target[] = [
  { name: 'planCycleCounts', valid: validPlan, schema: planCycleCountsOptionsSchema, call: (i) => planCycleCounts(i as PlanCycleCountsOptions) },
  {
    name: 'classifyAbc items',
    valid: [{ sku: 'a', annualUsageValue: '10.5', velocity: 2, score: 1 }],
    schema: abcItemsSchema,
    call: (i) => classifyAbc(i as AbcItem[]),
  },
  {
    name: 'classifyAbc options',
    valid: { by: 'velocity', cutoffs: { a: 0.7, b: 0.9 } },
    schema: classifyAbcOptionsSchema,
    call: (i) => classifyAbc([{ sku: 'a', velocity: 1 }], i as ClassifyAbcOptions),
  },
  {
    name: 'nextCountDate key',
    valid: { id: 'k', class: 'A', frequency: 4, lastCountedAt: '2027-01-01' },
    schema: nextCountDateKeySchema,
    call: (i) => nextCountDate(i as NextCountDateKey, { calendar: { timeZone: 'UTC' }, asOf: '2027-01-01' }),
  },
  {
    name: 'nextCountDate options',
    valid: { calendar: { timeZone: 'UTC', holidays: ['2027-01-01'] }, frequencies: { A: 12 }, asOf: '2027-01-01' },
    schema: nextCountDateOptionsSchema,
    call: (i) => nextCountDate({ class: 'A' }, i as NextCountDateOptions),
  },
  {
    name: 'sampleSpotChecks',
    valid: { population: [{ id: 'a', value: '3.5', velocity: 2, varianceCount: 1 }], n: 1, seed: 'x' },
    schema: sampleSpotChecksOptionsSchema,
    call: (i) => sampleSpotChecks(i as SampleSpotChecksOptions<SpotCheckMember>),
  },
  { name: 'evaluateTriggers event', valid: validEvent, schema: triggerEventSchema, call: (i) => evaluateTriggers(i as TriggerEvent, []) },
  {
    name: 'evaluateTriggers rules',
    valid: [{ kind: 'below_threshold', threshold: '5', thresholds: { S: '2' }, skus: ['S'], locations: ['WH1'], priority: 3, onlyOnCrossing: false }],
    schema: triggerRulesSchema,
    call: (i) => evaluateTriggers(validEvent, i as TriggerRule[]),
  },
];

describe('bad input throws StocktakeError invalid_input', () => {
  for (const target of targets) it(target.name, () => checkBadInputRejected(target));
});
