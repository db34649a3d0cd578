import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { D } from '../../src/quantity/decimal.js';
import type { JournalOptions } from '../../src/index.js';
import { propertyRuns } from '../support/property.js';
import { at, smallWarehouse } from '../support/world.js';

const OPTIONS: JournalOptions = {
  accounts: { inventory: '1400', adjustments: { default: '5950', byReason: { found: '4950' } } },
  currency: 'EUR',
};

/**
 * 100 A-100 at WH1/A/01 and 20 m of B-200 at WH1/A/02, counted at 09:00 as `counts`; A-100 costs
 * 2.50, then `aCost` from 08:30. Every line within tolerance; approved by zhao and posted.
 */
async function postedCount(counts: { a: string; b: string }, aCost = '3.10') {
  const world = await smallWarehouse({ policies: { tolerance: () => true } });
  const { st, clock } = world;
  clock.set(at('07:00'));
  await st.ledger.post({ id: 'rcv-0', kind: 'receipt', occurredAt: at('07:00'), actor: 'li', lines: [{ sku: 'A-100', to: 'WH1/A/01', qty: '100' }, { sku: 'B-200', to: 'WH1/A/02', qty: '20' }] });
  clock.set(at('08:00'));
  await st.catalog.setUnitCost({ sku: 'A-100', unitCost: aCost, from: at('08:30'), actor: 'finance' });
  const session = await st.counts.open({ scope: { locations: ['WH1/A'] }, actor: 'zhao', counters: ['li'] });
  clock.set(at('09:00'));
  await st.counts.recordMany(session.id, [
    { entryId: 'e1', sku: 'A-100', location: 'WH1/A/01', qty: counts.a, countedAt: at('09:00'), counter: 'li' },
    { entryId: 'e2', sku: 'B-200', location: 'WH1/A/02', qty: counts.b, countedAt: at('09:00'), counter: 'li' },
  ]);
  await st.counts.completeLocation(session.id, 'WH1/A/01', { actor: 'li' });
  await st.counts.completeLocation(session.id, 'WH1/A/02', { actor: 'li' });
  await st.counts.review(session.id);
  return { ...world, session };
}

describe('the journal of a posted count', () => {
  it('values each adjustment at the cost in effect at its count time: a debit and a credit per adjustment, accounts by reason', async () => {
    const { st, clock, session } = await postedCount({ a: '90', b: '25.5' });
    const review = await st.counts.review(session.id);
    expect(review.lines.map((line) => [line.sku, line.unitCost, line.varianceValue])).toEqual([
      ['A-100', '3.1', '-31'],
      ['B-200', '0.8', '4.4'],
    ]);
    await expect(st.counts.journal(session.id, OPTIONS)).rejects.toMatchObject({ code: 'invalid_state', path: ['sessionId'] });
    await st.counts.approve(session.id, { actor: 'zhao', reasons: [{ key: { sku: 'B-200', location: 'WH1/A/02' }, code: 'found' }] });
    const { movements } = await st.counts.post(session.id, { actor: 'zhao' });
    expect(movements.map((movement) => movement.lines[0]!.unitCost)).toEqual(['3.1', '0.8']);
    // A cost set afterwards, effective before the count, does not change what was posted.
    clock.set(at('10:00'));
    await st.catalog.setUnitCost({ sku: 'A-100', unitCost: '99', from: at('08:45'), actor: 'finance' });
    const journal = await st.counts.journal(session.id, OPTIONS);
    expect(journal).toEqual({
      sessionId: session.id,
      currency: 'EUR',
      postedAt: at('09:00'),
      entries: [
        {
          movementId: `${session.id}:A-100@WH1/A/01`,
          occurredAt: at('09:00'),
          sku: 'A-100',
          location: 'WH1/A/01',
          qty: '-10',
          unitCost: '3.1',
          amount: '31.00',
          reasonCode: expect.any(String),
          lines: [
            { account: '5950', debit: '31.00', credit: '0.00' },
            { account: '1400', debit: '0.00', credit: '31.00' },
          ],
        },
        {
          movementId: `${session.id}:B-200@WH1/A/02`,
          occurredAt: at('09:00'),
          sku: 'B-200',
          location: 'WH1/A/02',
          qty: '5.5',
          unitCost: '0.8',
          amount: '4.40',
          reasonCode: 'found',
          lines: [
            { account: '1400', debit: '4.40', credit: '0.00' },
            { account: '4950', debit: '0.00', credit: '4.40' },
          ],
        },
      ],
      totals: { debit: '35.40', credit: '35.40' },
    });
    expect(await st.counts.journal(session.id, OPTIONS)).toEqual(journal);
    expect(await st.counts.journal(session.id, { ...OPTIONS, decimals: 0, currency: 'JPY' })).toMatchObject({ totals: { debit: '35', credit: '35' } });
  });

  it('refuses bad options with the path, unknown sessions and sessions that are not posted', async () => {
    const { st, session } = await postedCount({ a: '100', b: '20' });
    await expect(st.counts.journal(session.id, { ...OPTIONS, currency: 'euro' })).rejects.toMatchObject({ code: 'invalid_input', path: ['options', 'currency'] });
    await expect(st.counts.journal(session.id, { ...OPTIONS, accounts: { inventory: '', adjustments: { default: '1' } } })).rejects.toMatchObject({
      code: 'invalid_input',
      path: ['options', 'accounts', 'inventory'],
    });
    await expect(st.counts.journal('nope', OPTIONS)).rejects.toMatchObject({ code: 'session_not_found' });
    await expect(st.counts.journal(session.id, OPTIONS)).rejects.toMatchObject({ code: 'invalid_state', details: { state: 'reviewing' } });
    await st.counts.approve(session.id, { actor: 'zhao' });
    await st.counts.post(session.id, { actor: 'zhao' });
    // Every line matched: an empty, balanced journal.
    expect(await st.counts.journal(session.id, OPTIONS)).toMatchObject({ entries: [], totals: { debit: '0.00', credit: '0.00' } });
  });

  it('property: debits equal credits, each entry balances, and the journal is the same every time', async () => {
    const decimal = (max: number, places: number) => fc.integer({ min: 0, max: max * 10 ** places }).map((n) => new D(n).div(10 ** places).toString());
    await fc.assert(
      fc.asyncProperty(decimal(200, 0), decimal(60, 1), decimal(50, 4), fc.integer({ min: 0, max: 4 }), async (a, b, cost, decimals) => {
        const { st, session } = await postedCount({ a, b }, cost);
        await st.counts.approve(session.id, { actor: 'zhao' });
        await st.counts.post(session.id, { actor: 'zhao' });
        const journal = await st.counts.journal(session.id, { ...OPTIONS, decimals });
        expect(journal.totals.debit).toBe(journal.totals.credit);
        let debit = new D(0);
        for (const entry of journal.entries) {
          const [dr, cr] = entry.lines;
          expect(new D(dr.debit).eq(cr.credit)).toBe(true);
          expect(new D(dr.credit).isZero() && new D(cr.debit).isZero()).toBe(true);
          expect(entry.amount).toBe(new D(entry.qty).abs().times(entry.unitCost).toFixed(decimals, D.ROUND_HALF_EVEN));
          debit = debit.plus(dr.debit);
        }
        expect(debit.toFixed(decimals)).toBe(journal.totals.debit);
        expect(journal.entries).toHaveLength([a !== '100', !new D(b).eq(20)].filter(Boolean).length);
        expect(await st.counts.journal(session.id, { ...OPTIONS, decimals })).toEqual(journal);
      }),
      { numRuns: propertyRuns(25) },
    );
  });
});
