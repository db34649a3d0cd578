import { describe, expect, it } from 'vitest';
import { isStocktakeError, parseCountList } from '../../src/index.js';
import { parseCsv } from '../support/csv.js';
import { at, smallWarehouse } from '../support/world.js';

/** Zone A with stock at both bins (one lot, one serial), open for counting. */
async function zoneWithStock(blind = true) {
  const world = await smallWarehouse();
  const { st, clock } = world;
  await st.catalog.defineItem({ sku: '=HACK', name: '<script>alert("x")</script> & co', baseUom: 'ea' });
  clock.set(at('07:00'));
  await st.ledger.post({
    id: 'rcv-0',
    kind: 'receipt',
    occurredAt: at('07:00'),
    actor: 'li',
    lines: [
      { sku: 'A-100', to: 'WH1/A/01', qty: '100' },
      { sku: 'L-300', to: 'WH1/A/01', qty: '4', lot: 'L7' },
      { sku: 'S-400', to: 'WH1/A/02', qty: '1', serial: 'SN-1' },
      { sku: '=HACK', to: 'WH1/A/02', qty: '3' },
    ],
  });
  clock.set(at('08:00'));
  const session = await st.counts.open({ name: 'March <zone A>', scope: { locations: ['WH1/A'] }, actor: 'zhao', counters: ['li'], blind });
  clock.set(at('08:05'));
  return { ...world, session };
}

function thrown(call: () => unknown): { code: string; path: readonly (string | number)[]; message: string } {
  try {
    call();
  } catch (error) {
    if (isStocktakeError(error)) return { code: error.code, path: error.path, message: error.message };
    throw error;
  }
  throw new Error('expected a StocktakeError');
}

describe('printed count lists', () => {
  it('CSV: numbered lines in walking order per task and location, no book column on a blind count, an empty counted column', async () => {
    const { st, session } = await zoneWithStock();
    const rows = parseCsv(await st.counts.countList(session.id, { format: 'csv' }));
    expect(rows[0]).toEqual(['session', 'task', 'line', 'location', 'sku', 'item', 'lot', 'serial', 'packs', 'uom', 'counted']);
    const task = session.tasks[0]!.id;
    expect(rows.slice(1)).toEqual([
      [session.id, task, '1', 'WH1/A/01', 'A-100', 'Hex bolt M8', '', '', 'case = 12 ea', 'ea', ''],
      [session.id, task, '2', 'WH1/A/01', 'L-300', 'Glue', 'L7', '', '', 'ea', ''],
      [session.id, task, '3', 'WH1/A/02', "'=HACK", '<script>alert("x")</script> & co', '', '', '', 'ea', ''],
      [session.id, task, '4', 'WH1/A/02', 'S-400', 'Drill', '', 'SN-1', '', 'ea', ''],
    ]);
  });

  it('shows the book quantity only when the session is not blind', async () => {
    const { st, session } = await zoneWithStock(false);
    const rows = parseCsv(await st.counts.countList(session.id, { format: 'csv' }));
    expect(rows[0]).toContain('book');
    expect(rows.slice(1).map((row) => row[rows[0]!.indexOf('book')])).toEqual(['100', '4', '3', '1']);
    const markdown = await st.counts.countList(session.id, { format: 'markdown' });
    expect(markdown).toContain('| Book | Counted |');
    expect(markdown).toContain('| 1 | A-100 | Hex bolt M8 |  | case = 12 ea | ea | 100 |   |');
    const blind = await zoneWithStock(true);
    expect(await blind.st.counts.countList(blind.session.id, { format: 'markdown' })).not.toContain('Book');
    expect(await blind.st.counts.countList(blind.session.id, { format: 'html' })).not.toContain('>Book<');
  });

  it('HTML prints on A4: a page per location, a header with session, task and counter, signature lines, all text escaped', async () => {
    const { st, session } = await zoneWithStock();
    const html = await st.counts.countList(session.id, { format: 'html' });
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html).toContain('@page { size: A4;');
    expect(html.match(/<section class="page">/g)).toHaveLength(2);
    expect(html).toContain('page-break-after: always');
    expect(html).toContain('Counted by (name, signature)');
    expect(html).toContain(`<td>Task</td><td>${session.tasks[0]!.id} (round 1)</td>`);
    expect(html).toContain('<td>Counter</td><td>li</td>');
    expect(html).toContain('March &lt;zone A&gt;');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co');
    expect(html).not.toContain('<script>');
  });

  it('one task only with taskId; refusals are typed', async () => {
    const { st, session } = await zoneWithStock();
    const task = session.tasks[0]!.id;
    expect(await st.counts.countList(session.id, { taskId: task, format: 'csv' })).toBe(await st.counts.countList(session.id, { format: 'csv' }));
    await expect(st.counts.countList(session.id, { taskId: 'nope', format: 'csv' })).rejects.toMatchObject({ code: 'task_not_found', path: ['options', 'taskId'] });
    await expect(st.counts.countList(session.id, { format: 'pdf' as 'csv' })).rejects.toMatchObject({ code: 'invalid_input', path: ['options', 'format'] });
    const draft = await st.counts.open({ scope: { locations: ['WH1/B'] }, actor: 'zhao', draft: true });
    await expect(st.counts.countList(draft.id, { format: 'csv' })).rejects.toMatchObject({ code: 'invalid_state' });
  });

  it('a filled CSV list reads back through recordMany; importing it again changes nothing', async () => {
    const { st, clock, session } = await zoneWithStock();
    const csv = await st.counts.countList(session.id, { format: 'csv' });
    const filled = csv
      .trimEnd()
      .split('\n')
      .map((row, index) => (index === 0 ? row : `${row}${['98', '4', '3', '1'][index - 1]}`))
      .concat([`${session.id},${session.tasks[0]!.id},,WH1/A/02,B-200,,,,,m,7.5`])
      .join('\r\n');
    clock.set(at('09:00'));
    const parsed = parseCountList(filled, { counter: 'li', countedAt: at('08:50') });
    expect(parsed.sessionId).toBe(session.id);
    expect(parsed.lines).toEqual([2, 3, 4, 5, 6]);
    expect(parsed.entries[0]).toEqual({ entryId: `list:${session.tasks[0]!.id}:1`, sku: 'A-100', location: 'WH1/A/01', qty: '98', uom: 'ea', countedAt: at('08:50'), counter: 'li', task: session.tasks[0]!.id });
    expect(parsed.entries[2]).toMatchObject({ sku: '=HACK' });
    expect(parsed.entries[4]).toMatchObject({ entryId: `list:${session.tasks[0]!.id}:row6`, sku: 'B-200', qty: '7.5', uom: 'm' });
    const outcomes = await st.counts.recordMany(parsed.sessionId, parsed.entries);
    expect(outcomes.map((o) => o.ok && o.result.result)).toEqual(['created', 'created', 'created', 'created', 'created']);
    const again = await st.counts.recordMany(parsed.sessionId, parseCountList(filled, { counter: 'li', countedAt: at('08:50') }).entries);
    expect(again.map((o) => o.ok && o.result.result)).toEqual(['exists', 'exists', 'exists', 'exists', 'exists']);
    await st.counts.completeLocation(session.id, 'WH1/A/01', { actor: 'li' });
    await st.counts.completeLocation(session.id, 'WH1/A/02', { actor: 'li' });
    const review = await st.counts.review(session.id);
    expect(review.lines.find((line) => line.sku === 'A-100')).toMatchObject({ counted: '98', variance: '-2' });
    expect(review.lines.find((line) => line.sku === 'B-200')).toMatchObject({ counted: '7.5', found: true });
  });

  it('rows left empty are not counted; errors name the CSV line and column', async () => {
    const header = 'session,task,line,location,sku,item,lot,serial,packs,uom,counted';
    const options = { counter: 'li', countedAt: at('08:50') };
    const ok = parseCountList(`${header}\ncs-1,t1,1,WH1/A/01,A-100,,,,,ea,\ncs-1,t1,2,WH1/A/01,B-200,,,,,m,0\n`, options);
    expect(ok.entries.map((entry) => entry.sku)).toEqual(['B-200']);
    expect(ok.lines).toEqual([3]);
    expect(thrown(() => parseCountList(`${header}\ncs-1,t1,1,WH1/A/01,A-100,,,,,ea,5\ncs-1,t1,2,WH1/A/01,B-200,,,,,m,ten\n`, options))).toEqual({
      code: 'invalid_input',
      path: ['csv', 3, 'counted'],
      message: 'line 3: "ten" is not a quantity (a non-negative decimal such as 12 or 2.5)',
    });
    expect(thrown(() => parseCountList(`${header}\ncs-1,t1,1,WH1/A/01,,,,,,ea,5\n`, options)).path).toEqual(['csv', 2, 'sku']);
    expect(thrown(() => parseCountList(`${header}\ncs-1,t1,x,WH1/A/01,A-100,,,,,ea,5\n`, options)).path).toEqual(['csv', 2, 'line']);
    expect(thrown(() => parseCountList(`${header}\ncs-1,t1,1,WH1/A/01,A-100,,,,,ea,5\ncs-2,t1,2,WH1/A/01,A-100,,,,,ea,5\n`, options)).path).toEqual(['csv', 3, 'session']);
    expect(thrown(() => parseCountList(`${header}\ncs-1,t1,1,WH1/A/01,A-100,"two\nlines,,,,ea,5\n`, options)).path).toEqual(['csv', 2]);
    expect(thrown(() => parseCountList('session,task,location,sku\n', options)).path).toEqual(['csv', 1, 'counted']);
    expect(thrown(() => parseCountList(`${header}\ncs-1,t1,1,WH1/A/01,A-100,,,,,ea,\n`, options)).path).toEqual(['csv']);
    expect(thrown(() => parseCountList(`${header}\n`, { counter: '', countedAt: at('08:50') })).path).toEqual(['options', 'counter']);
    expect(thrown(() => parseCountList(42 as unknown as string, options)).path).toEqual(['csv']);
    // A quoted cell may span lines: the next row's number counts them.
    const multi = parseCountList(`${header}\ncs-1,t1,1,WH1/A/01,A-100,"Hex\nbolt",,,,ea,5\ncs-1,t1,2,WH1/A/01,B-200,,,,,m,oops\n`.replace('oops', '1'), options);
    expect(multi.lines).toEqual([2, 4]);
  });
});
