import { describe, expect, it } from 'vitest';
import { buildSampleReport, evaluateInventorySample, planInventorySample, sampleResultsFromCount, scopeFromSample, type CountReport } from '../../../src/index.js';
import { at, smallWarehouse } from '../../support/world.js';

describe('a sample counted in a count session', () => {
  it('opens a blind spot count of exactly the sampled keys; stock received after planning is not an error', async () => {
    const { st, clock } = await smallWarehouse();
    clock.set(at('07:00'));
    await st.ledger.post({
      id: 'rcv-0',
      kind: 'receipt',
      occurredAt: at('07:00'),
      actor: 'li',
      lines: [
        { sku: 'A-100', to: 'WH1/A/01', qty: '100' },
        { sku: 'A-100', to: 'WH1/A/02', qty: '50' },
        { sku: 'B-200', to: 'WH1/B/01', qty: '200' },
      ],
    });
    const cost: Record<string, string> = { 'A-100': '2.50', 'B-200': '0.80' };
    const population = (await st.ledger.balances()).map((b) => ({ key: b.key, bookQty: b.qty, unitCost: cost[b.key.sku]! }));
    // A tolerance of 1.00 on a book of 535: J < every key, so every key is counted.
    const plan = planInventorySample({ method: 'mus', population, confidence: 0.95, tolerableError: '1', seed: 'test' });
    expect(plan.sample.map((s) => [s.key.sku, s.key.location, s.stratum])).toEqual([
      ['A-100', 'WH1/A/01', 'top'],
      ['A-100', 'WH1/A/02', 'top'],
      ['B-200', 'WH1/B/01', 'top'],
    ]);

    // 20 more arrive after planning, before the count.
    clock.set(at('08:00'));
    await st.ledger.post({ id: 'rcv-1', kind: 'receipt', occurredAt: at('08:00'), actor: 'li', lines: [{ sku: 'A-100', to: 'WH1/A/01', qty: '20' }] });

    clock.set(at('09:00'));
    const session = await st.counts.open({ ...scopeFromSample(plan), tolerance: { percent: '50' }, counters: ['li'], actor: 'zhao' });
    expect(session).toMatchObject({ mode: 'spot', blind: true });
    expect(session.scope.keys).toEqual(plan.sample.map((s) => ({ sku: s.key.sku, location: s.key.location })));
    const physical: Array<[string, string, string]> = [['A-100', 'WH1/A/01', '120'], ['A-100', 'WH1/A/02', '45'], ['B-200', 'WH1/B/01', '200']];
    clock.set(at('09:11'));
    const before = JSON.parse(await st.counts.report(session.id, { format: 'json' })) as CountReport;
    expect(before.sampling).toBeUndefined(); // nothing counted yet: nothing to conclude
    for (const [i, [sku, location, qty]] of physical.entries()) {
      await st.counts.record(session.id, { entryId: `e${i}`, sku, location, qty, countedAt: at('09:10'), counter: 'li' });
      await st.counts.completeLocation(session.id, location, { actor: 'li', at: at('09:11') });
    }
    clock.set(at('09:30'));
    const review = await st.counts.review(session.id, { actor: 'zhao' });
    await st.counts.approve(session.id, { actor: 'zhao' });
    const posted = await st.counts.post(session.id, { actor: 'zhao' });
    expect(posted.movements).toHaveLength(1);

    const { results, outside } = sampleResultsFromCount(plan, review.lines);
    expect(outside).toEqual([]);
    expect(results[0]).toEqual({ key: { sku: 'A-100', location: 'WH1/A/01' }, countedQty: '120', expectedQty: '120' });
    const evaluation = evaluateInventorySample(plan, results);
    // Only the 5 missing at WH1/A/02 are an error: 5 × 2.50, known exactly (every key counted).
    expect(evaluation).toMatchObject({ estimatedError: '-12.5', keysWithDifference: 1 });
    expect(evaluation.method === 'mus' && evaluation.overstatement.knownError).toBe('12.5');
    expect(evaluation.warnings.map((w) => w.code)).toEqual(['book_changed']);

    // The session kept its plan: its report states the estimate, the interval and the decision.
    expect((await st.counts.get(session.id)).sample).toEqual(plan);
    const report = JSON.parse(await st.counts.report(session.id, { format: 'json' })) as CountReport;
    expect(report.sampling).toEqual(JSON.parse(JSON.stringify(buildSampleReport(plan, evaluation))));
    const markdown = await st.counts.report(session.id, { format: 'markdown' });
    expect(markdown).toContain('## Statistical sample');
    expect(markdown).toContain(`**Decision:** ${evaluation.decision.text}`);
  });
});
