/**
 * Errors that explain: each refusal names what was wrong and what to do, with the path of the
 * field, and the thrown codes and the ledger's result codes use one vocabulary.
 */
import { describe, expect, it } from 'vitest';

import { createStocktake, isStocktakeError, type StocktakeError } from '../src/index.js';
import { at, smallWarehouse } from './support/world.js';

async function caught(promise: Promise<unknown>): Promise<StocktakeError> {
  try {
    await promise;
  } catch (error) {
    if (isStocktakeError(error)) return error;
    throw error;
  }
  throw new Error('expected a StocktakeError');
}

async function countedByLi() {
  const { st, clock } = await smallWarehouse();
  clock.set(at('07:00'));
  await st.ledger.post({ id: 'rcv', kind: 'receipt', actor: 'wang', lines: [{ sku: 'A-100', to: 'WH1/A/01', qty: '10' }] });
  clock.set(at('08:00'));
  const session = await st.counts.open({ scope: { locations: ['WH1/A/01'], skus: ['A-100'] }, actor: 'zhao', counters: ['li'] });
  clock.set(at('09:00'));
  await st.counts.record(session.id, { entryId: 'e1', sku: 'A-100', location: 'WH1/A/01', qty: '10', countedAt: at('09:00'), counter: 'li' });
  await st.counts.completeLocation(session.id, 'WH1/A/01', { actor: 'li', at: at('09:00') });
  await st.counts.review(session.id);
  return { st, clock, session };
}

describe('one vocabulary for thrown codes and result codes', () => {
  it('record throws item_not_found and ledger.post returns item_not_found for the same fault', async () => {
    const { st, clock } = await smallWarehouse();
    clock.set(at('08:00'));
    const session = await st.counts.open({ scope: { locations: ['WH1/A/01'] }, actor: 'zhao', counters: ['li'] });
    const thrown = await caught(st.counts.record(session.id, { entryId: 'e1', sku: 'NOPE', location: 'WH1/A/01', qty: '1', countedAt: at('08:00'), counter: 'li' }));
    const returned = await st.ledger.post({ id: 'r', kind: 'receipt', actor: 'li', lines: [{ sku: 'NOPE', to: 'WH1/A/01', qty: '1' }] });
    expect(thrown.code).toBe('item_not_found');
    expect(returned.result).toBe(thrown.code);
    const noPlace = await st.ledger.post({ id: 'r2', kind: 'receipt', actor: 'li', lines: [{ sku: 'A-100', to: 'WH9', qty: '1' }] });
    expect(noPlace.result).toBe('location_not_found');
  });
});

describe('onHand of a key the catalog does not know', () => {
  it('throws item_not_found at key.sku and location_not_found at key.location; a known empty key is "0"', async () => {
    const { st } = await smallWarehouse();
    const item = await caught(st.ledger.onHand({ sku: 'A-1OO', location: 'WH1/A/01' }));
    expect(item).toMatchObject({ code: 'item_not_found', path: ['key', 'sku'] });
    expect(item.message).toContain('A-1OO');
    const location = await caught(st.ledger.onHand({ sku: 'A-100', location: 'WH1/A/99' }));
    expect(location).toMatchObject({ code: 'location_not_found', path: ['key', 'location'] });
    expect(await st.ledger.onHand({ sku: 'A-100', location: 'WH1/A/02' })).toBe('0');
  });
});

describe('not_authorized says why', () => {
  it('a counter approving their own count: what they counted, and the rule', async () => {
    const { st, session } = await countedByLi();
    const error = await caught(st.counts.approve(session.id, { actor: 'li' }));
    expect(error.code).toBe('not_authorized');
    expect(error.message).toBe(`li counted WH1/A/01 and may not approve session ${session.id}: segregation of duties`);
    expect(error.details).toMatchObject({ actor: 'li', action: 'count.approve', reason: 'segregation_of_duties' });
  });

  it('a supervisor who decided a line may not post it, and a counter may not decide their own line', async () => {
    const { st, clock, session } = await countedByLi();
    const key = { sku: 'A-100', location: 'WH1/A/01' };
    expect((await caught(st.counts.decide(session.id, { key, qty: '9', actor: 'li' }))).message).toBe(
      'li counted A-100 at WH1/A/01 and may not decide it: segregation of duties',
    );
    clock.set(at('09:30'));
    await st.counts.decide(session.id, { key, qty: '9', actor: 'zhao', at: at('09:30') });
    expect((await caught(st.counts.approve(session.id, { actor: 'zhao' }))).message).toBe(
      `zhao decided WH1/A/01 and may not approve session ${session.id}: segregation of duties`,
    );
  });

  it('a refusal of the application policy says so', async () => {
    const { st: guarded } = await smallWarehouse({ policies: { authorize: (r) => r.action !== 'count.open' } });
    const refused = await caught(guarded.counts.open({ scope: { locations: ['WH1/A/01'] }, actor: 'sun' }));
    expect(refused.code).toBe('not_authorized');
    expect(refused.message).toMatch(/^sun may not open session \S+: the authorize policy refused it$/);
    expect(refused.details).toMatchObject({ reason: 'policy' });
  });
});

describe('invalid_quantity reads as the rule it breaks', () => {
  it('in the base unit, in a pack, and in a pack definition', async () => {
    const { st, clock } = await smallWarehouse();
    clock.set(at('08:00'));
    const session = await st.counts.open({ scope: { locations: ['WH1/A/01'] }, actor: 'zhao', counters: ['li'] });
    const base = await caught(st.counts.record(session.id, { entryId: 'e1', sku: 'A-100', location: 'WH1/A/01', qty: '1.5', countedAt: at('08:00'), counter: 'li' }));
    expect(base).toMatchObject({ code: 'invalid_quantity', path: ['qty'], message: '1.5 is finer than ea allows (0 decimal places)' });
    const pack = await st.ledger.post({ id: 'r', kind: 'receipt', actor: 'li', lines: [{ sku: 'A-100', to: 'WH1/A/01', qty: '0.05', uom: 'case' }] });
    expect(pack).toMatchObject({ result: 'invalid_quantity', message: '0.05 case is 0.6 ea, finer than ea allows (0 decimal places)' });
    const factor = await caught(st.catalog.defineItem({ sku: 'P', name: 'P', baseUom: 'ea', packs: [{ uom: 'box', factor: '2.5' }] }));
    expect(factor).toMatchObject({ code: 'invalid_quantity', path: ['packs', 0, 'factor'], message: 'A box of 2.5 ea: 2.5 is finer than ea allows (0 decimal places)' });
  });
});

describe('unknown units and keys', () => {
  it('an unknown base unit names the unit table and how to extend it', async () => {
    const { st } = await smallWarehouse();
    const error = await caught(st.catalog.defineItem({ sku: 'R', name: 'Rope', baseUom: 'ft' }));
    expect(error).toMatchObject({ code: 'unknown_uom', path: ['baseUom'] });
    expect(error.message).toContain('createStocktake({ units: { "ft": <decimal places> } })');
    const extended = createStocktake({ units: { ft: 1 } });
    await expect(extended.catalog.defineItem({ sku: 'R', name: 'Rope', baseUom: 'ft' })).resolves.toMatchObject({ decimals: 1 });
  });

  it('an unknown pack unit lists the units the item has', async () => {
    const { st } = await smallWarehouse();
    const result = await st.ledger.post({ id: 'r', kind: 'receipt', actor: 'li', lines: [{ sku: 'A-100', to: 'WH1/A/01', qty: '1', uom: 'box' }] });
    expect(result).toMatchObject({ result: 'unknown_uom', message: 'Item A-100 has no unit "box": its units are "ea", "case"' });
  });

  it('an unknown key is named in the path', async () => {
    const { st } = await smallWarehouse();
    const top = await caught(st.ledger.post({ id: 'r', kind: 'receipt', actor: 'li', lines: [{ sku: 'A-100', to: 'WH1/A/01', qty: '1' }], ocurredAt: at('07:00') } as never));
    expect(top).toMatchObject({ code: 'invalid_input', path: ['ocurredAt'] });
    expect(top.message).toContain('"ocurredAt"');
    const nested = await caught(st.ledger.post({ id: 'r', kind: 'receipt', actor: 'li', lines: [{ sku: 'A-100', to: 'WH1/A/01', qty: '1', lott: 'L1' }] } as never));
    expect(nested).toMatchObject({ code: 'invalid_input', path: ['lines', 0, 'lott'] });
    expect(nested.message).toBe('Unknown key "lott" in lines.0: check the spelling against the input type');
  });
});
