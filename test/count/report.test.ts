import { describe, expect, it } from 'vitest';
import { isStocktakeError, type CountReport } from '../../src/index.js';
import { parseCsv } from '../support/csv.js';
import { at, smallWarehouse } from '../support/world.js';

/** A posted count: A-100 +5 in bin 01 and −5 in bin 02 (a misplacement), bin B/01 excluded. */
async function postedCount() {
  const { st, clock } = await smallWarehouse({ policies: { tolerance: { byClass: { A: { qty: '10' } } } } });
  await st.ledger.post({ id: 'rcv-1', kind: 'receipt', occurredAt: at('07:00'), actor: 'wang', lines: [{ sku: 'A-100', to: 'WH1/A/01', qty: '20' }] });
  await st.ledger.post({ id: 'rcv-2', kind: 'receipt', occurredAt: at('07:00'), actor: 'chen', lines: [{ sku: 'A-100', to: 'WH1/A/02', qty: '20' }] });
  const session = await st.counts.open({ name: 'Zone A | weekly, March', scope: { locations: ['WH1/A', 'WH1/B'] }, actor: 'zhao', counters: ['li'] });
  clock.set(at('09:06'));
  await st.counts.record(session.id, { entryId: 'e1', sku: 'A-100', location: 'WH1/A/01', qty: '25', countedAt: at('09:00'), counter: 'li' });
  await st.counts.record(session.id, { entryId: 'e2', sku: 'A-100', location: 'WH1/A/02', qty: '15', countedAt: at('09:05'), counter: 'li' });
  await st.counts.completeLocation(session.id, 'WH1/A/01', { actor: 'li', at: at('09:00') });
  await st.counts.completeLocation(session.id, 'WH1/A/02', { actor: 'li', at: at('09:05') });
  await st.counts.excludeLocation(session.id, 'WH1/B/01', { actor: 'zhao', reason: 'blocked, "forklift" | repair' });
  await st.counts.review(session.id, { actor: 'zhao' });
  await st.counts.approve(session.id, { actor: 'zhao', reasons: [{ key: { sku: 'A-100', location: 'WH1/A/02' }, code: 'damage' }] });
  clock.set(at('09:30'));
  await st.counts.post(session.id, { actor: 'sun' });
  return { st, session };
}

describe('count report', () => {
  it('JSON: the session, people, totals, variance table with attributions and reasons, posted movements', async () => {
    const { st, session } = await postedCount();
    const report = JSON.parse(await st.counts.report(session.id, { format: 'json' })) as CountReport;
    expect(report.session).toMatchObject({ id: session.id, name: 'Zone A | weekly, March', state: 'posted', openedAt: at('08:00'), postedAt: at('09:30') });
    expect(report.people).toEqual({ openedBy: 'zhao', counters: ['li'], deciders: [], approver: 'zhao', poster: 'sun' });
    expect(report.totals).toMatchObject({ lines: 2, netValue: '0', absoluteValue: '25', adjustments: 2, confirmations: 0 });
    expect(report.lines.map((line) => [line.key.location, line.variance, line.attribution?.candidates[0]?.category, line.reason, line.reasonSource, line.movementId])).toEqual([
      ['WH1/A/01', '5', 'misplacement', 'misplaced', 'approved', `${session.id}:A-100@WH1/A/01`],
      ['WH1/A/02', '-5', 'misplacement', 'damage', 'approved', `${session.id}:A-100@WH1/A/02`],
    ]);
    expect(report.movements).toEqual([
      { id: `${session.id}:A-100@WH1/A/01`, key: { sku: 'A-100', location: 'WH1/A/01' }, qty: '5', occurredAt: at('09:00'), reasonCode: 'misplaced' },
      { id: `${session.id}:A-100@WH1/A/02`, key: { sku: 'A-100', location: 'WH1/A/02' }, qty: '-5', occurredAt: at('09:05'), reasonCode: 'damage' },
    ]);
    expect(report.exceptions).toEqual([{ kind: 'excluded_location', text: 'WH1/B/01 excluded by zhao: blocked, "forklift" | repair' }]);
    expect(await st.counts.report(session.id)).toBe(await st.counts.report(session.id, { format: 'json' }));
  });

  it('CSV: a header and one quoted-where-needed row per line', async () => {
    const { st, session } = await postedCount();
    const csv = await st.counts.report(session.id, { format: 'csv' });
    const rows = csv.trimEnd().split('\n');
    expect(rows[0]).toBe('sku,location,lot,serial,uom,book_at_open,expected,counted,variance,variance_percent,variance_value,status,rounds,counters,attribution,confidence,explained_qty,responsible,reason,reason_source,movement_id,posting,reason_label,explanation');
    expect(rows).toHaveLength(3);
    expect(rows[1]).toBe(`A-100,WH1/A/01,,,ea,20,20,25,5,25,12.5,within_tolerance,1,li,misplacement,0.85,5,wang;chen,misplaced,approved,${session.id}:A-100@WH1/A/01,posted,Stored at another location,probably misplaced: the same quantity is missing at WH1/A/02`);
  });

  it('CSV: cells a spreadsheet would run as formulas are neutralised, negative numbers stay numbers', async () => {
    const { st, clock } = await smallWarehouse({ policies: { tolerance: { byClass: { none: { qty: '10' } } } } });
    await st.catalog.defineItem({ sku: '=HYPERLINK("http://x")', baseUom: 'ea' });
    await st.catalog.defineLocation({ id: 'WH1/A/@1' });
    await st.ledger.post({ id: 'rcv-1', kind: 'receipt', occurredAt: at('07:00'), actor: '-li', lines: [{ sku: '=HYPERLINK("http://x")', to: 'WH1/A/@1', qty: '8' }] });
    const session = await st.counts.open({ scope: { locations: ['WH1/A/@1'] }, actor: 'zhao', counters: ['+sun'] });
    clock.set(at('09:00'));
    await st.counts.record(session.id, { entryId: 'e1', sku: '=HYPERLINK("http://x")', location: 'WH1/A/@1', qty: '5', countedAt: at('09:00'), counter: '+sun' });
    await st.counts.completeLocation(session.id, 'WH1/A/@1', { actor: '+sun', at: at('09:00') });
    const rows = parseCsv(await st.counts.report(session.id, { format: 'csv' }));
    const header = rows[0]!;
    const row = Object.fromEntries(header.map((name, index) => [name, rows[1]![index]!]));
    expect(row).toMatchObject({ sku: `'=HYPERLINK("http://x")`, location: 'WH1/A/@1', counters: "'+sun", variance: '-3', variance_percent: '-37.5', variance_value: '0' });
  });

  it('Markdown: a summary an auditor can file', async () => {
    const { st, session } = await postedCount();
    const text = await st.counts.report(session.id, { format: 'markdown' });
    expect(text).toContain('# Count report: Zone A \\| weekly, March');
    expect(text).toContain(`| Session | ${session.id} |`);
    expect(text).toMatch(/\| Approved \| 2026-03-02T09:\d\d:00\.000Z by zhao \|/);
    expect(text).toContain('| Posted | 2026-03-02T09:30:00.000Z by sun |');
    expect(text).toContain('| Counters | li |');
    expect(text).toContain('- Net variance value: 0; absolute: 25');
    expect(text).toContain(`| A-100 | WH1/A/02 | 20 ea | 15 ea | -5 | -12.5 | posted | li | probably misplaced: the same quantity is found at WH1/A/01 (85 %) | chen, wang | damage – Damaged or spoiled goods written off | ${session.id}:A-100@WH1/A/02 |`);
    expect(text).toContain('Transfer 5 A-100 from WH1/A/02 to WH1/A/01 instead of posting a loss and a gain');
    expect(text).toContain('- **excluded location**: WH1/B/01 excluded by zhao: blocked, "forklift" \\| repair');
    expect(text).toContain('## Posted movements');
    expect(text).toMatch(/\| .*:A-100@WH1\/A\/02 \| A-100 \| WH1\/A\/02 \| -5 \| 2026-03-02T09:05:00.000Z \| damage \|/);
  });

  it('before approval the reasons are proposals and nothing is posted; recounts and decisions are exceptions', async () => {
    const { st, clock } = await smallWarehouse();
    await st.ledger.post({ id: 'rcv-1', kind: 'receipt', occurredAt: at('07:00'), actor: 'wang', lines: [{ sku: 'A-100', to: 'WH1/A/01', qty: '20' }] });
    const session = await st.counts.open({ scope: { locations: ['WH1/A'] }, actor: 'zhao', counters: ['li', 'chen'], maxRounds: 2 });
    clock.set(at('09:00'));
    await st.counts.record(session.id, { entryId: 'e1', sku: 'A-100', location: 'WH1/A/01', qty: '17', countedAt: at('09:00'), counter: 'li' });
    await st.counts.completeLocation(session.id, 'WH1/A/01', { actor: 'li', at: at('09:00') });
    await st.counts.completeLocation(session.id, 'WH1/A/02', { actor: 'li', at: at('09:00') });
    await st.counts.review(session.id);
    clock.set(at('10:00'));
    await st.counts.record(session.id, { entryId: 'r1', sku: 'A-100', location: 'WH1/A/01', qty: '18', countedAt: at('10:00'), counter: 'chen' });
    await st.counts.completeLocation(session.id, 'WH1/A/01', { actor: 'chen', at: at('10:00') });
    await st.counts.review(session.id);
    await st.counts.decide(session.id, { key: { sku: 'A-100', location: 'WH1/A/01' }, qty: '18', actor: 'zhao', note: 'second count stands' });
    const report = JSON.parse(await st.counts.report(session.id)) as CountReport;
    expect(report.lines[0]).toMatchObject({ variance: '-2', status: 'needs_approval', reason: 'shrinkage', reasonSource: 'proposed', decision: { qty: '18', actor: 'zhao' } });
    expect(report.lines[0]!.movementId).toBeUndefined();
    expect(report.people.deciders).toEqual(['zhao']);
    expect(report.exceptions.map((exception) => exception.kind)).toEqual(['decision', 'recounted']);
    const markdown = await st.counts.report(session.id, { format: 'markdown' });
    expect(markdown).toContain('shrinkage – Shrinkage (loss without another explanation) (proposed)');
    expect(markdown).not.toContain('| posted |');
    expect(markdown).not.toContain('## Posted movements');
  });

  it('bad options are invalid input; a draft has no report', async () => {
    const { st } = await smallWarehouse();
    const draft = await st.counts.open({ scope: { locations: ['WH1/A'] }, actor: 'zhao', draft: true });
    for (const options of [{ format: 'pdf' }, { format: 'csv', extra: true }, 'markdown', 7]) {
      const error = await st.counts.report(draft.id, options as never).then(() => undefined, (e: unknown) => e);
      expect(isStocktakeError(error) && [error.code, error.path[0]]).toEqual(['invalid_input', 'options']);
    }
    const error = await st.counts.report(draft.id, { format: 'csv' }).then(() => undefined, (e: unknown) => e);
    expect(isStocktakeError(error) && error.code).toBe('invalid_state');
  });
});
