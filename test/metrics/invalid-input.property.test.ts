import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isStocktakeError, metricsInputSchema, reportInputSchema } from '../../src/index.js';
import { mutated } from '../support/mutate.js';
import { propertyRuns } from '../support/property.js';
import { at, smallWarehouse } from '../support/world.js';

describe('metrics and reports reject bad input with invalid_input', () => {
  it('metrics.compute', async () => {
    const { st } = await smallWarehouse();
    const valid = { from: '2026-03-02T00:00:00Z', to: '2026-03-02T23:59:59Z', groupBy: { by: 'location', depth: 2, subtree: 'WH1/A' }, slowMovingDays: 30, deadStockDays: 90, top: 5 };
    expect((await st.metrics.compute(valid as never)).total.lines).toBe(0);
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.jsonValue(), mutated(valid)), async (input) => {
        fc.pre(!metricsInputSchema.safeParse(input).success);
        const error = await st.metrics.compute(input as never).then(() => undefined, (e: unknown) => e);
        expect(isStocktakeError(error) && error.code, JSON.stringify(input)).toBe('invalid_input');
        expect(isStocktakeError(error) && error.path[0]).toBe('input');
      }),
      { numRuns: propertyRuns(200) },
    );
  });

  it('metrics.compute refuses a period that ends before it starts and thresholds out of order', async () => {
    const { st } = await smallWarehouse();
    for (const input of [
      { from: at('10:00'), to: at('09:00') },
      { from: at('09:00'), to: at('10:00'), slowMovingDays: 100, deadStockDays: 100 },
    ]) {
      const error = await st.metrics.compute(input).then(() => undefined, (e: unknown) => e);
      expect(isStocktakeError(error) && error.code).toBe('invalid_input');
    }
  });

  it('counts.report', async () => {
    const { st } = await smallWarehouse();
    const session = await st.counts.open({ scope: { locations: ['WH1/A'] }, actor: 'zhao' });
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.jsonValue(), mutated({ format: 'markdown' })), fc.option(fc.jsonValue(), { nil: undefined }), async (options, id) => {
        const badOptions = !reportInputSchema.safeParse(options ?? {}).success;
        const badId = id !== undefined && typeof id !== 'string';
        fc.pre(badOptions || badId);
        const error = await st.counts.report((badId ? id : session.id) as never, options as never).then(() => undefined, (e: unknown) => e);
        expect(isStocktakeError(error) && error.code, JSON.stringify([id, options])).toBe('invalid_input');
      }),
      { numRuns: propertyRuns(200) },
    );
  });
});
