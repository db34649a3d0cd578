/**
 * Counting the way warehouses work, over HTTP: a printed count list filled in and sent back as a
 * batch (one `recordMany`), a location reopened by a supervisor, and the journal of the posting.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCountList } from 'stocktake';
import { seedCatalog, startService, type RunningService } from './service.js';

let service: RunningService;
beforeAll(async () => {
  service = await startService();
  await seedCatalog(service);
});
afterAll(async () => service.close());

const JOURNAL = { accounts: { inventory: '1400', adjustments: { default: '5950' } }, currency: 'EUR' };

async function json<T>(response: Response): Promise<T> {
  return (await response.json()) as T;
}

describe('count lists, reopening and the journal over HTTP', () => {
  it('prints a list, reads the filled list back as a batch, reopens a location, posts and answers the journal', async () => {
    expect((await service.call('POST', '/movements', { body: { id: 'rcv-list', kind: 'receipt', occurredAt: new Date(Date.now() - 60_000).toISOString(), lines: [{ sku: 'WIDGET', to: 'WH1/A/01', qty: '10' }] } })).status).toBe(201);
    expect((await service.call('POST', '/counts', { actor: 'zhao', body: { id: 'CS-LIST', scope: { locations: ['WH1/A/01'] }, counters: ['ana'], tolerance: { qty: '1000' } } })).status).toBe(201);

    const csv = await service.call('GET', '/counts/CS-LIST/count-list?format=csv', { actor: 'ana' });
    expect([csv.status, csv.headers.get('content-type')]).toEqual([200, 'text/csv; charset=utf-8']);
    const text = await csv.text();
    expect(text.split('\n')[0]).toBe('session,task,line,location,sku,item,lot,serial,packs,uom,counted');
    const html = await service.call('GET', '/counts/CS-LIST/count-list?format=html', { actor: 'ana' });
    expect([html.status, html.headers.get('content-type')]).toEqual([200, 'text/html; charset=utf-8']);
    expect(await html.text()).toContain('@page { size: A4;');
    expect((await service.call('GET', '/counts/CS-LIST/count-list?format=pdf', { actor: 'ana' })).status).toBe(400);

    const filled = text.trimEnd().replace(/,$/m, ',8');
    const { sessionId, entries } = parseCountList(filled, { counter: 'ana', countedAt: new Date().toISOString() });
    const batch = await json<{ results: Array<{ index: number; result: string; problem?: { code: string; path: unknown[] } }> }>(
      await service.call('POST', `/counts/${sessionId}/entries`, { actor: 'ana', body: { entries: [...entries, { ...entries[0], entryId: 'bad', qty: '-1' }, { ...entries[0], entryId: 'x', sku: 'NOPE' }] } }),
    );
    expect(batch.results.map((r) => [r.index, r.result, r.problem?.code, r.problem?.path])).toEqual([
      [0, 'created', undefined, undefined],
      [1, 'error', 'invalid_input', ['entries', 1, 'qty']],
      [2, 'error', 'item_not_found', ['entries', 2, 'sku']],
    ]);
    const location = encodeURIComponent('WH1/A/01');
    expect((await service.call('POST', `/counts/CS-LIST/locations/${location}/complete`, { actor: 'ana', body: {} })).status).toBe(200);

    // A counter may not reopen (and never their own mark); a supervisor may.
    expect((await service.call('POST', `/counts/CS-LIST/locations/${location}/reopen`, { actor: 'ana', body: { reason: 'missed a shelf' } })).status).toBe(403);
    const reopened = await service.call('POST', `/counts/CS-LIST/locations/${location}/reopen`, { actor: 'li', body: { reason: 'missed a shelf' } });
    expect(reopened.status).toBe(200);
    expect(await json(reopened)).toMatchObject({ session: { state: 'counting' }, reopened: { location: 'WH1/A/01', actor: 'ana' } });
    expect((await service.call('POST', `/counts/CS-LIST/locations/${location}/reopen`, { actor: 'li', body: {} })).status).toBe(400);
    expect((await service.call('POST', `/counts/CS-LIST/locations/${location}/complete`, { actor: 'ana', body: {} })).status).toBe(200);

    expect((await service.call('GET', '/counts/CS-LIST/review', { actor: 'zhao' })).status).toBe(200);
    expect((await service.call('POST', '/counts/CS-LIST/close-round', { actor: 'zhao', body: {} })).status).toBe(200);
    const early = await service.call('POST', '/counts/CS-LIST/journal', { actor: 'zhao', body: JOURNAL });
    expect([early.status, (await json<{ code: string }>(early)).code]).toEqual([409, 'invalid_state']);
    expect((await service.call('POST', '/counts/CS-LIST/approve', { actor: 'zhao', body: {} })).status).toBe(200);
    expect((await service.call('POST', '/counts/CS-LIST/post', { actor: 'zhao', body: {} })).status).toBe(201);

    const journal = await service.call('POST', '/counts/CS-LIST/journal', { actor: 'zhao', body: JOURNAL });
    expect(journal.status).toBe(200);
    expect(await json(journal)).toMatchObject({
      currency: 'EUR',
      entries: [{ sku: 'WIDGET', qty: '-2', unitCost: '2.5', amount: '5.00', lines: [{ account: '5950', debit: '5.00' }, { account: '1400', credit: '5.00' }] }],
      totals: { debit: '5.00', credit: '5.00' },
    });
    expect((await service.call('POST', '/counts/CS-LIST/journal', { actor: 'ana', body: JOURNAL })).status).toBe(403);
    const bad = await service.call('POST', '/counts/CS-LIST/journal', { actor: 'zhao', body: { ...JOURNAL, currency: 'euro' } });
    expect([bad.status, (await json<{ path: unknown[] }>(bad)).path]).toEqual([400, ['currency']]);
  });

  it('a list with book quantities is for staff only', async () => {
    expect((await service.call('POST', '/counts', { actor: 'zhao', body: { id: 'CS-OPEN-BOOK', scope: { locations: ['WH1/B/01'] }, counters: ['ana'], blind: false } })).status).toBe(201);
    expect((await service.call('GET', '/counts/CS-OPEN-BOOK/count-list?format=markdown', { actor: 'ana' })).status).toBe(403);
    const staff = await service.call('GET', '/counts/CS-OPEN-BOOK/count-list?format=markdown', { actor: 'zhao' });
    expect([staff.status, staff.headers.get('content-type')]).toEqual([200, 'text/markdown; charset=utf-8']);
  });

  it('documents the new routes in /openapi.json with their content types', async () => {
    const doc = await json<{ paths: Record<string, Record<string, { responses: Record<string, { content: Record<string, unknown> }> }>> }>(
      await service.call('GET', '/openapi.json', { actor: null }),
    );
    expect(Object.keys(doc.paths['/counts/{id}/count-list']!['get']!.responses['200']!.content)).toEqual(['text/csv', 'text/markdown', 'text/html']);
    expect(doc.paths['/counts/{id}/locations/{location}/reopen']!['post']).toBeDefined();
    expect(doc.paths['/counts/{id}/journal']!['post']).toBeDefined();
  });
});
