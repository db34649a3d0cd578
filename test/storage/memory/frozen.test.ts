/**
 * The in-memory store hands out the records it keeps (no copies, for speed), so it freezes each
 * record as it stores it: a caller that tries to change what a read returned gets a TypeError and
 * the store keeps what it had.
 */
import { describe, expect, it } from 'vitest';
import { isDeepFrozen } from '../../../src/testing/conformance/fixtures.js';
import { at, smallWarehouse } from '../../support/world.js';

describe('records of the in-memory store', () => {
  it('are frozen: movements, balances, count entries, sessions and catalog records cannot be changed through a read', async () => {
    const { st, clock } = await smallWarehouse();
    clock.set(at('08:00'));
    const posted = await st.ledger.post({ id: 'rcv-1', kind: 'receipt', occurredAt: at('07:00'), actor: 'dock', lines: [{ sku: 'A-100', to: 'WH1/A/01', qty: '5' }] });
    if (posted.result !== 'created') throw new Error(posted.result);
    const session = await st.counts.open({ scope: { locations: ['WH1/A'] }, actor: 'zhao', counters: ['li'] });
    await st.counts.record(session.id, { entryId: 'e1', sku: 'A-100', location: 'WH1/A/01', qty: '4', countedAt: at('08:00'), counter: 'li' });

    const [movement] = await st.ledger.movements({ limit: 1 });
    const [balance] = await st.ledger.balances({ sku: 'A-100' });
    const [entry] = await st.counts.entries(session.id);
    const item = await st.catalog.getItem('A-100');
    for (const record of [posted.movement, movement, balance, entry, item]) expect(isDeepFrozen(record)).toBe(true);

    expect(() => ((posted.movement as { occurredAt: string }).occurredAt = at('09:00'))).toThrow(TypeError);
    expect(() => (movement as unknown as { lines: unknown[] }).lines.push({})).toThrow(TypeError);
    expect(() => ((balance as { qty: string }).qty = '500')).toThrow(TypeError);
    expect(() => ((entry as { qty: string }).qty = '500')).toThrow(TypeError);
    expect(() => ((item as { unitCost: string }).unitCost = '0')).toThrow(TypeError);

    expect((await st.ledger.movements({ limit: 1 }))[0]).toMatchObject({ occurredAt: at('07:00'), lines: [{ qty: '5' }] });
    expect(await st.ledger.onHand({ sku: 'A-100', location: 'WH1/A/01' })).toBe('5');
    expect((await st.counts.entries(session.id))[0]).toMatchObject({ qty: '4' });
  });
});
