import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { attributeVariances, attributionInputSchema, createStocktake, isStocktakeError, reasonCodesSchema } from '../../src/index.js';
import { mutated } from '../support/mutate.js';
import { propertyRuns } from '../support/property.js';

const window = { from: '2026-03-02T09:00:00.000Z', to: '2026-03-02T09:10:00.000Z' };
const validInput = {
  sessionId: 's1',
  purpose: 'regular',
  lines: [
    {
      key: { sku: 'A', location: 'W/A/1' },
      expected: '12',
      counted: '1',
      variance: '-11',
      status: 'needs_approval',
      window,
      round: 1,
      rounds: [{ round: 1, counted: '1', expected: '12', variance: '-11', window, counters: ['li'], entryIds: ['e1'], complete: true }],
      counters: ['li'],
    },
  ],
  entries: [{ entryId: 'e1', kind: 'count', key: { sku: 'A', location: 'W/A/1' }, qty: '1', counter: 'li', round: 1 }],
  postings: [{ movementId: 'm1', key: { sku: 'A', location: 'W/A/1' }, delta: '12', occurredAt: '2026-03-02T07:00:00.000Z', kind: 'receipt', actor: 'wang' }],
  items: [{ sku: 'A', baseUom: 'ea', packs: [{ uom: 'case', factor: '12' }], lookAlikes: [] }],
  custodians: [{ seq: 1, location: 'W', custodians: ['sun'], from: '2026-03-01T00:00:00.000Z' }],
  countRecords: [{ key: { sku: 'A', location: 'W/A/1' }, sessionId: 's0', countedAt: '2026-03-01T09:00:00.000Z' }],
  options: { cutoffMinutes: 60 },
};

describe('attribution and reason codes reject bad input with invalid_input', () => {
  it('the valid input is attributed', () => {
    expect(attributeVariances(validInput as never)[0]!.attribution.candidates[0]!.category).toBe('uom_error');
  });

  it('attributeVariances', () => {
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), mutated(validInput)), (input) => {
        fc.pre(!attributionInputSchema.safeParse(input).success);
        let error: unknown;
        try {
          attributeVariances(input as never);
        } catch (caught) {
          error = caught;
        }
        expect(isStocktakeError(error) && error.code, JSON.stringify(input)).toBe('invalid_input');
        expect(isStocktakeError(error) && error.path[0]).toBe('input');
      }),
      { numRuns: propertyRuns(200) },
    );
  });

  it('the reasonCodes policy of createStocktake', () => {
    const valid = [{ code: 'shrinkage', label: 'Shrinkage', sign: 'loss' }, { code: 'found', label: 'Found', sign: 'gain' }];
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), mutated(valid)), (reasonCodes) => {
        fc.pre(!reasonCodesSchema.safeParse(reasonCodes).success);
        let error: unknown;
        try {
          createStocktake({ policies: { reasonCodes } as never });
        } catch (caught) {
          error = caught;
        }
        expect(isStocktakeError(error) && error.code, JSON.stringify(reasonCodes)).toBe('invalid_input');
      }),
      { numRuns: propertyRuns(200) },
    );
  });
});
