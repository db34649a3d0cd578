import { describe, expect, it } from 'vitest';
import { custodiansAt, custodiansDuring, type CustodianAssignment } from '../../src/index.js';

const a = (seq: number, location: string, custodians: string[], from: string): CustodianAssignment => ({
  seq,
  location,
  custodians,
  from: `2026-${from}T00:00:00.000Z`,
  actor: 'boss',
  recordedAt: '2026-01-01T00:00:00.000Z',
});

const history = [a(1, 'WH1', ['wang'], '01-01'), a(2, 'WH1/A', ['li'], '02-01'), a(3, 'WH1/A', [], '03-01'), a(4, 'WH1/A/01', ['chen'], '02-15')];

describe('custodians', () => {
  it('the nearest assigned ancestor answers, latest assignment first', () => {
    expect(custodiansAt(history, 'WH1/A/02', '2026-01-15T00:00:00.000Z')).toEqual(['wang']);
    expect(custodiansAt(history, 'WH1/A/02', '2026-02-10T00:00:00.000Z')).toEqual(['li']);
    expect(custodiansAt(history, 'WH1/A/02', '2026-03-10T00:00:00.000Z')).toEqual([]);
    expect(custodiansAt(history, 'WH1/A/01', '2026-03-10T00:00:00.000Z')).toEqual(['chen']);
    expect(custodiansAt(history, 'WH2/A', '2026-03-10T00:00:00.000Z')).toEqual([]);
  });

  it('lists everyone responsible during a period', () => {
    expect(custodiansDuring(history, 'WH1/A/02', '2026-01-15T00:00:00.000Z', '2026-03-15T00:00:00.000Z')).toEqual(['wang', 'li']);
  });

  it('through the engine, with validation', async () => {
    const { createStocktake } = await import('../../src/index.js');
    const st = createStocktake();
    await st.catalog.assignCustodians({ location: 'WH1/A', custodians: ['li'], from: '2026-02-01T00:00:00Z', actor: 'boss' });
    expect(await st.catalog.custodiansAt('WH1/A/07', { at: '2026-02-02T00:00:00Z' })).toEqual(['li']);
  });
});
