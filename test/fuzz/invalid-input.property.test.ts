import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as zod from 'zod';
import type { z } from 'zod';
import {
  createStocktake,
  custodianInputSchema,
  isStocktakeError,
  itemInputSchema,
  MAX_POST_BATCH,
  locationInputSchema,
  movementInputSchema,
  stockKeySchema,
  type Stocktake,
} from '../../src/index.js';
import { propertyRuns } from '../support/property.js';
import { smallWarehouse } from '../support/world.js';
import { mutated } from '../support/mutate.js';

/** Everything an engine holds that a rejected input must leave untouched. */
async function stateOf(st: Stocktake): Promise<string> {
  return JSON.stringify({
    items: await st.catalog.listItems(),
    locations: await st.catalog.listLocations(),
    custodians: await st.catalog.listCustodianAssignments(),
    balances: await st.ledger.balances({ includeZero: true }),
    movements: await st.ledger.movements(),
  });
}

const validMovement = {
  id: 'mv-1',
  kind: 'transfer',
  actor: 'li',
  occurredAt: '2026-03-02T08:00:00.000Z',
  lines: [{ sku: 'A-100', from: 'WH1/A/01', to: 'WH1/A/02', qty: '1' }],
};
const validItem = { sku: 'X-1', baseUom: 'ea', packs: [{ uom: 'case', factor: '12' }], unitCost: '1.50' };
const validLocation = { id: 'WH1/C/01', kind: 'bin' };
const validCustodian = { location: 'WH1/A', custodians: ['li'], from: '2026-03-01T00:00:00Z', actor: 'zhao' };


interface Target {
  readonly name: string;
  readonly schema: z.ZodType;
  readonly input: fc.Arbitrary<unknown>;
  readonly call: (st: Stocktake, input: unknown) => Promise<unknown>;
}

const anyJson = fc.jsonValue();
const movementBatchSchema = zod.array(movementInputSchema).max(MAX_POST_BATCH);
const targets: Target[] = [
  { name: 'catalog.defineItem', schema: itemInputSchema, input: fc.oneof(anyJson, mutated(validItem)), call: (st, i) => st.catalog.defineItem(i as never) },
  { name: 'catalog.defineLocation', schema: locationInputSchema, input: fc.oneof(anyJson, mutated(validLocation)), call: (st, i) => st.catalog.defineLocation(i as never) },
  { name: 'catalog.assignCustodians', schema: custodianInputSchema, input: fc.oneof(anyJson, mutated(validCustodian)), call: (st, i) => st.catalog.assignCustodians(i as never) },
  { name: 'ledger.post', schema: movementInputSchema, input: fc.oneof(anyJson, mutated(validMovement)), call: (st, i) => st.ledger.post(i as never) },
  {
    name: 'ledger.postMany',
    schema: movementBatchSchema,
    input: fc.oneof(anyJson, mutated([validMovement, { ...validMovement, id: 'mv-2', kind: 'receipt', lines: [{ sku: 'B-200', to: 'WH1/A/01', qty: '3' }] }])),
    call: (st, i) => st.ledger.postMany(i as never),
  },
  { name: 'ledger.onHand', schema: stockKeySchema, input: fc.oneof(anyJson, mutated({ sku: 'A-100', location: 'WH1/A/01' })), call: (st, i) => st.ledger.onHand(i as never) },
];

describe('every public input rejects bad data with invalid_input and changes nothing', () => {
  for (const target of targets) {
    it(target.name, async () => {
      const { st } = await smallWarehouse();
      await st.ledger.post({ id: 'seed', kind: 'receipt', actor: 'li', lines: [{ sku: 'A-100', to: 'WH1/A/01', qty: '10' }] });
      await fc.assert(
        fc.asyncProperty(target.input, async (input) => {
          fc.pre(!target.schema.safeParse(input).success);
          const before = await stateOf(st);
          const error = await target.call(st, input).then(
            () => undefined,
            (e: unknown) => e,
          );
          expect(isStocktakeError(error), `no StocktakeError for ${JSON.stringify(input)}`).toBe(true);
          if (!isStocktakeError(error)) return;
          expect(error.code).toBe('invalid_input');
          expect(Array.isArray(error.path)).toBe(true);
          expect(await stateOf(st)).toBe(before);
        }),
        { numRuns: propertyRuns(200) },
      );
    });
  }

  it('options and filters: createStocktake, balances, movements, onHand asOf, custodiansAt', async () => {
    const { st } = await smallWarehouse();
    const calls: Array<(input: unknown) => Promise<unknown>> = [
      async (i) => createStocktake({ units: i } as never),
      (i) => st.ledger.balances(i as never),
      (i) => st.ledger.movements(i as never),
      (i) => st.ledger.onHand({ sku: 'A-100', location: 'WH1/A/01' }, { asOf: i } as never),
      (i) => st.catalog.custodiansAt('WH1/A/01', { at: i } as never),
      (i) => st.catalog.listLocations(i as never),
    ];
    // Values none of these accept: numbers, booleans, arrays and objects with unknown keys.
    const bad = fc.oneof(
      fc.double(),
      fc.boolean(),
      fc.array(fc.jsonValue(), { minLength: 1 }),
      fc.dictionary(fc.string({ minLength: 1 }).map((k) => `x${k}`), fc.jsonValue(), { minKeys: 1 }),
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...calls.keys()), bad, async (index, input) => {
        const before = await stateOf(st);
        const error = await calls[index]!(input).then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(isStocktakeError(error) && error.code, `call ${index} with ${JSON.stringify(input)}`).toBe('invalid_input');
        expect(await stateOf(st)).toBe(before);
      }),
      { numRuns: propertyRuns(200) },
    );
  });
});
