import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type * as z from 'zod';
import {
  approveInputSchema,
  cancelCountInputSchema,
  completeLocationInputSchema,
  decideInputSchema,
  excludeLocationInputSchema,
  isStocktakeError,
  openCountInputSchema,
  postCountInputSchema,
  recordEntryInputSchema,
  requestRecountInputSchema,
  resolveConflictInputSchema,
  voidEntryInputSchema,
  type Stocktake,
} from '../../src/index.js';
import { propertyRuns } from '../support/property.js';
import { at, smallWarehouse } from '../support/world.js';
import { mutated } from '../support/mutate.js';

async function stateOf(st: Stocktake, sessionId: string): Promise<string> {
  return JSON.stringify({
    sessions: await st.counts.list(),
    entries: await st.counts.entries(sessionId),
    audit: await st.audit.list(),
    movements: await st.ledger.movements(),
  });
}


interface Target {
  readonly name: string;
  readonly schema: z.ZodType;
  readonly valid: unknown;
  readonly call: (st: Stocktake, sessionId: string, input: unknown) => Promise<unknown>;
}

const KEY = { sku: 'A-100', location: 'WH1/A/01' };
const targets: Target[] = [
  { name: 'counts.open', schema: openCountInputSchema, valid: { scope: { locations: ['WH1/A'] }, actor: 'zhao', counters: ['li'], tolerance: { percent: '2' } }, call: (st, _, i) => st.counts.open(i as never) },
  { name: 'counts.record', schema: recordEntryInputSchema, valid: { entryId: 'e9', ...KEY, qty: '1', uom: 'case', countedAt: at('09:00'), counter: 'li', evidence: ['https://photos.example/1.jpg'] }, call: (st, s, i) => st.counts.record(s, i as never) },
  { name: 'counts.voidEntry', schema: voidEntryInputSchema, valid: { entryId: 'v1', target: 'e1', reason: 'typo', actor: 'li' }, call: (st, s, i) => st.counts.voidEntry(s, i as never) },
  { name: 'counts.resolveConflict', schema: resolveConflictInputSchema, valid: { entryId: 'x1', target: 'e1', accept: true, actor: 'zhao' }, call: (st, s, i) => st.counts.resolveConflict(s, i as never) },
  { name: 'counts.completeLocation', schema: completeLocationInputSchema, valid: { actor: 'li', at: at('09:30') }, call: (st, s, i) => st.counts.completeLocation(s, 'WH1/A/01', i as never) },
  { name: 'counts.excludeLocation', schema: excludeLocationInputSchema, valid: { actor: 'li', reason: 'blocked' }, call: (st, s, i) => st.counts.excludeLocation(s, 'WH1/A/02', i as never) },
  { name: 'counts.decide', schema: decideInputSchema, valid: { key: KEY, qty: '3', actor: 'boss' }, call: (st, s, i) => st.counts.decide(s, i as never) },
  { name: 'counts.requestRecount', schema: requestRecountInputSchema, valid: { keys: [KEY], actor: 'boss' }, call: (st, s, i) => st.counts.requestRecount(s, i as never) },
  { name: 'counts.approve', schema: approveInputSchema, valid: { actor: 'zhao', reasons: [{ key: KEY, code: 'shrinkage' }] }, call: (st, s, i) => st.counts.approve(s, i as never) },
  { name: 'counts.post', schema: postCountInputSchema, valid: { actor: 'zhao' }, call: (st, s, i) => st.counts.post(s, i as never) },
  { name: 'counts.cancel', schema: cancelCountInputSchema, valid: { actor: 'zhao', reason: 'wrong zone' }, call: (st, s, i) => st.counts.cancel(s, i as never) },
];

describe('every count command rejects bad data with invalid_input and changes nothing', () => {
  for (const target of targets) {
    it(target.name, async () => {
      const { st, clock } = await smallWarehouse();
      await st.ledger.post({ id: 'seed', kind: 'receipt', actor: 'li', lines: [{ sku: 'A-100', to: 'WH1/A/01', qty: '10' }] });
      const session = await st.counts.open({ scope: { locations: ['WH1/A'] }, actor: 'zhao' });
      clock.set(at('09:45'));
      await st.counts.record(session.id, { entryId: 'e1', ...KEY, qty: '10', countedAt: at('09:00'), counter: 'li' });
      expect(target.schema.safeParse(target.valid).success).toBe(true);
      await fc.assert(
        fc.asyncProperty(fc.oneof(fc.jsonValue(), mutated(target.valid)), async (input) => {
          fc.pre(!target.schema.safeParse(input).success);
          const before = await stateOf(st, session.id);
          const error = await target.call(st, session.id, input).then(
            () => undefined,
            (e: unknown) => e,
          );
          expect(isStocktakeError(error) && error.code, `input ${JSON.stringify(input)}`).toBe('invalid_input');
          expect(await stateOf(st, session.id)).toBe(before);
        }),
        { numRuns: propertyRuns(200) },
      );
    });
  }

  it('session and task ids that are not ids', async () => {
    const { st } = await smallWarehouse();
    const session = await st.counts.open({ scope: { locations: ['WH1/A'] }, actor: 'zhao' });
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.constant(''), fc.constant(' padded '), fc.integer(), fc.constant(null), fc.object()), async (bad) => {
        const before = await stateOf(st, session.id);
        for (const call of [() => st.counts.get(bad as never), () => st.counts.sheet(session.id, bad as never), () => st.counts.review(bad as never)]) {
          const error = await call().then(() => undefined, (e: unknown) => e);
          expect(isStocktakeError(error) && error.code).toBe('invalid_input');
        }
        expect(await stateOf(st, session.id)).toBe(before);
      }),
      { numRuns: propertyRuns(200) },
    );
  });
});
