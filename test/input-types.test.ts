/**
 * The documented input types are exactly the input types of their schemas: `tsc --noEmit`
 * checks these assertions (a difference in a field, its optionality or its type fails the build);
 * at run time they only confirm that the schemas accept an example typed with the interface.
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import type * as z from 'zod';

import {
  custodianInputSchema,
  itemInputSchema,
  locationInputSchema,
  packSchema,
  type CustodianInput,
  type ItemInput,
  type LocationInput,
  type PackInput,
  approveInputSchema,
  cancelCountInputSchema,
  completeLocationInputSchema,
  countScopeSchema,
  decideInputSchema,
  excludeLocationInputSchema,
  reopenLocationInputSchema,
  flagKeyInputSchema,
  openCountInputSchema,
  postCountInputSchema,
  recordEntryInputSchema,
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
  type ExcludeLocationInput,
  type ReopenLocationInput,
  type FlagKeyInput,
  type OpenCountInput,
  type PostCountInput,
  type RecordEntryInput,
  type RequestRecountInput,
  type ResolveConflictInput,
  type TaskSplitInput,
  type ToleranceRuleInput,
  type VoidEntryInput,
  movementInputSchema,
  movementLineInputSchema,
  stockKeySchema,
  type InstantInput,
  type MovementInput,
  type MovementLineInput,
  type StockKeyInput,
  countListInputSchema,
  journalInputSchema,
  metricsGroupBySchema,
  metricsInputSchema,
  parseCountListOptionsSchema,
  reportInputSchema,
  unitCostInputSchema,
  type CountListOptions,
  type CountReportOptions,
  type JournalOptions,
  type MetricsGroupByInput,
  type MetricsInput,
  type ParseCountListOptions,
  type UnitCostInput,
} from '../src/index.js';
import type { instantSchema } from '../src/time.js';

describe('ledger inputs', () => {
  it('MovementInput, MovementLineInput and StockKeyInput are their schemas\' input types', () => {
    expectTypeOf<MovementInput>().toEqualTypeOf<z.input<typeof movementInputSchema>>();
    expectTypeOf<MovementLineInput>().toEqualTypeOf<z.input<typeof movementLineInputSchema>>();
    expectTypeOf<StockKeyInput>().toEqualTypeOf<z.input<typeof stockKeySchema>>();
    expectTypeOf<InstantInput>().toEqualTypeOf<z.input<typeof instantSchema>>();
    const movement: MovementInput = { id: 'r', kind: 'receipt', actor: 'li', occurredAt: new Date(0), lines: [{ sku: 'A', to: 'WH1', qty: '1' }] };
    expect(movementInputSchema.safeParse(movement).success).toBe(true);
  });
});

describe('count inputs', () => {
  it('every documented count input is its schema\'s input type', () => {
    expectTypeOf<OpenCountInput>().toEqualTypeOf<z.input<typeof openCountInputSchema>>();
    expectTypeOf<CountScopeInput>().toEqualTypeOf<z.input<typeof countScopeSchema>>();
    expectTypeOf<ToleranceRuleInput>().toEqualTypeOf<z.input<typeof toleranceRuleSchema>>();
    expectTypeOf<TaskSplitInput>().toEqualTypeOf<z.input<typeof taskSplitSchema>>();
    expectTypeOf<RecordEntryInput>().toEqualTypeOf<z.input<typeof recordEntryInputSchema>>();
    expectTypeOf<VoidEntryInput>().toEqualTypeOf<z.input<typeof voidEntryInputSchema>>();
    expectTypeOf<ResolveConflictInput>().toEqualTypeOf<z.input<typeof resolveConflictInputSchema>>();
    expectTypeOf<CompleteLocationInput>().toEqualTypeOf<z.input<typeof completeLocationInputSchema>>();
    expectTypeOf<ExcludeLocationInput>().toEqualTypeOf<z.input<typeof excludeLocationInputSchema>>();
    expectTypeOf<ReopenLocationInput>().toEqualTypeOf<z.input<typeof reopenLocationInputSchema>>();
    expectTypeOf<DecideInput>().toEqualTypeOf<z.input<typeof decideInputSchema>>();
    expectTypeOf<RequestRecountInput>().toEqualTypeOf<z.input<typeof requestRecountInputSchema>>();
    expectTypeOf<ApproveInput>().toEqualTypeOf<z.input<typeof approveInputSchema>>();
    expectTypeOf<PostCountInput>().toEqualTypeOf<z.input<typeof postCountInputSchema>>();
    expectTypeOf<CancelCountInput>().toEqualTypeOf<z.input<typeof cancelCountInputSchema>>();
    expectTypeOf<FlagKeyInput>().toEqualTypeOf<z.input<typeof flagKeyInputSchema>>();
    const entry: RecordEntryInput = { entryId: 'e', sku: 'A', location: 'WH1/A/01', qty: '1', countedAt: '2026-03-02T09:00:00Z', counter: 'li', expiry: '2027-01-31' };
    expect(recordEntryInputSchema.safeParse(entry).success).toBe(true);
    const open: OpenCountInput = { scope: { locations: ['WH1/A'] }, actor: 'zhao', tasks: { by: 'balanced', count: 2 } };
    expect(openCountInputSchema.safeParse(open).success).toBe(true);
  });
});

describe('catalog inputs', () => {
  it('ItemInput, PackInput, LocationInput and CustodianInput are their schemas\' input types', () => {
    expectTypeOf<ItemInput>().toEqualTypeOf<z.input<typeof itemInputSchema>>();
    expectTypeOf<PackInput>().toEqualTypeOf<z.input<typeof packSchema>>();
    expectTypeOf<LocationInput>().toEqualTypeOf<z.input<typeof locationInputSchema>>();
    expectTypeOf<CustodianInput>().toEqualTypeOf<z.input<typeof custodianInputSchema>>();
    const item: ItemInput = { sku: 'A', baseUom: 'ea', packs: [{ uom: 'case', factor: '12' }], tracking: 'lot' };
    expect(itemInputSchema.safeParse(item).success).toBe(true);
  });
});

describe('document, journal, cost and metrics options', () => {
  it('CountListOptions, ParseCountListOptions, CountReportOptions, JournalOptions, UnitCostInput MetricsInput and MetricsGroupByInput are their schemas\' input types', () => {
    expectTypeOf<CountListOptions>().toEqualTypeOf<z.input<typeof countListInputSchema>>();
    expectTypeOf<ParseCountListOptions>().toEqualTypeOf<z.input<typeof parseCountListOptionsSchema>>();
    expectTypeOf<CountReportOptions>().toEqualTypeOf<z.input<typeof reportInputSchema>>();
    expectTypeOf<JournalOptions>().toEqualTypeOf<z.input<typeof journalInputSchema>>();
    expectTypeOf<UnitCostInput>().toEqualTypeOf<z.input<typeof unitCostInputSchema>>();
    expectTypeOf<MetricsInput>().toEqualTypeOf<z.input<typeof metricsInputSchema>>();
    expectTypeOf<MetricsGroupByInput>().toEqualTypeOf<z.input<typeof metricsGroupBySchema>>();
    const journal: JournalOptions = { accounts: { inventory: '1400', adjustments: { default: '5900', byReason: { damaged: '5910' } } }, currency: 'EUR' };
    expect(journalInputSchema.safeParse(journal).success).toBe(true);
    const metrics: MetricsInput = { from: new Date(0), to: '2026-03-02T00:00:00.000Z', groupBy: { by: 'location', depth: 2 } };
    expect(metricsInputSchema.safeParse(metrics).success).toBe(true);
  });
});
