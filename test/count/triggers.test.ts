import { describe, expect, it } from 'vitest';
import { planCycleCounts, scopeFromCountRequests, scopeFromPlanDay, type CountRequest } from '../../src/index.js';
import { at, smallWarehouse } from '../support/world.js';

describe('trigger rules on the engine’s events', () => {
  it('raise count requests for balances that go to zero or below a threshold, variances, overrides and flags', async () => {
    const { st, clock } = await smallWarehouse({
      triggers: [{ kind: 'zero_on_hand' }, { kind: 'below_threshold', thresholds: { 'A-100': '5' } }, { kind: 'count_variance' }, { kind: 'freeze_override' }, { kind: 'counter_flag' }],
    });
    const requests: CountRequest[] = [];
    st.on('count.requested', ({ request }) => void requests.push(request));
    await st.ledger.post({ id: 'r1', kind: 'receipt', occurredAt: at('07:00'), actor: 'li', lines: [{ sku: 'A-100', to: 'WH1/A/01', qty: '10' }] });
    expect(requests).toEqual([]);
    await st.ledger.post({ id: 'i1', kind: 'issue', occurredAt: at('07:30'), actor: 'li', lines: [{ sku: 'A-100', from: 'WH1/A/01', qty: '7' }] });
    expect(requests.map((r) => [r.reason, r.key.location, (r.evidence.event as { previousQty?: string }).previousQty])).toEqual([['below_threshold', 'WH1/A/01', '10']]);
    await st.ledger.post({ id: 'i2', kind: 'issue', occurredAt: at('07:40'), actor: 'li', lines: [{ sku: 'A-100', from: 'WH1/A/01', qty: '3' }] });
    expect(requests.at(-1)).toMatchObject({ reason: 'zero_on_hand', key: { sku: 'A-100', location: 'WH1/A/01' } });

    requests.length = 0;
    await st.ledger.post({ id: 'r2', kind: 'receipt', occurredAt: at('07:50'), actor: 'li', lines: [{ sku: 'A-100', to: 'WH1/A/02', qty: '10' }] });
    clock.set(at('08:00'));
    const session = await st.counts.open({ scope: { locations: ['WH1/A'] }, movementPolicy: 'freeze', actor: 'zhao', counters: ['li', 'wang'] });
    clock.set(at('08:05'));
    await st.ledger.post({ id: 'urgent', kind: 'issue', occurredAt: at('08:05'), actor: 'wang', override: { reason: 'line down' }, lines: [{ sku: 'A-100', from: 'WH1/A/02', qty: '1' }] });
    expect(requests.map((r) => r.reason)).toContain('freeze_override');
    await st.counts.flag({ key: { sku: 'A-100', location: 'WH1/A/02' }, counter: 'li', note: 'torn cases', sessionId: session.id });
    expect(requests.at(-1)).toMatchObject({ reason: 'counter_flag', key: { sku: 'A-100', location: 'WH1/A/02' } });
    clock.set(at('08:12'));
    await st.counts.record(session.id, { entryId: 'e1', sku: 'A-100', location: 'WH1/A/02', qty: '5', countedAt: at('08:10'), counter: 'li' });
    await st.counts.completeLocation(session.id, 'WH1/A/01', { actor: 'li', at: at('08:11') });
    await st.counts.completeLocation(session.id, 'WH1/A/02', { actor: 'li', at: at('08:11') });
    await st.counts.review(session.id);
    expect(requests.filter((r) => r.reason === 'count_variance').map((r) => r.key.location)).toEqual(['WH1/A/02']);
    expect(scopeFromCountRequests(requests)).toEqual({ keys: [{ sku: 'A-100', location: 'WH1/A/02' }] });
    expect((await st.audit.list()).some((event) => event.action === 'count.flag')).toBe(true);
  });

  it('a percent trigger raises a recount of found stock at a bin whose book is zero', async () => {
    const { st, clock } = await smallWarehouse({ triggers: [{ kind: 'count_variance', percentThreshold: '50' }] });
    const requests: CountRequest[] = [];
    st.on('count.requested', ({ request }) => void requests.push(request));
    await st.ledger.post({ id: 'r1', kind: 'receipt', occurredAt: at('07:00'), actor: 'li', lines: [{ sku: 'A-100', to: 'WH1/A/01', qty: '10' }] });
    clock.set(at('08:00'));
    const session = await st.counts.open({ scope: { locations: ['WH1/A'] }, actor: 'zhao', counters: ['li', 'wang'] });
    clock.set(at('08:11'));
    await st.counts.record(session.id, { entryId: 'e1', sku: 'A-100', location: 'WH1/A/01', qty: '9', countedAt: at('08:10'), counter: 'li' });
    await st.counts.record(session.id, { entryId: 'e2', sku: 'A-100', location: 'WH1/A/02', qty: '4', countedAt: at('08:10'), counter: 'li' });
    for (const bin of ['WH1/A/01', 'WH1/A/02']) await st.counts.completeLocation(session.id, bin, { actor: 'li', at: at('08:11') });
    await st.counts.review(session.id);
    // −10 % at bin 1 is within 50 %; 4 found where the book holds none is beyond any percent.
    expect(requests.map((r) => [r.reason, r.key.location, r.evidence.threshold])).toEqual([['count_variance', 'WH1/A/02', '50']]);
  });

  it('opens a cycle count from a plan day', async () => {
    const { st } = await smallWarehouse();
    await st.ledger.post({ id: 'r1', kind: 'receipt', actor: 'li', lines: [{ sku: 'A-100', to: 'WH1/A/01', qty: '10' }, { sku: 'B-200', to: 'WH1/B/01', qty: '5' }] });
    const plan = planCycleCounts({
      keys: [{ id: 'A-100', frequency: 12 }, { id: 'B-200', frequency: 12 }],
      from: '2026-03-02',
      to: '2026-03-31',
      capacity: { keysPerDay: 1 },
      calendar: { timeZone: 'Europe/Berlin' },
      seed: 7,
    });
    const day = plan.days.find((d) => d.keys.includes('B-200'))!;
    const session = await st.counts.open({ mode: 'cycle', scope: scopeFromPlanDay(day, 'items'), actor: 'zhao' });
    expect(session.scope).toMatchObject({ skus: ['B-200'], locations: ['WH1/B/01'] });
    expect(scopeFromPlanDay({ keys: ['WH1/A'] }, 'locations')).toEqual({ locations: ['WH1/A'] });
  });
});
