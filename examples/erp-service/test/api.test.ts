import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../auth.js';
import { seedCatalog, startService, type RunningService } from './service.js';

let service: RunningService;
beforeAll(async () => {
  service = await startService();
  await seedCatalog(service);
});
afterAll(async () => service.close());

async function json<T = any>(response: Response): Promise<T> {
  return (await response.json()) as T;
}

async function expectProblem(response: Response, status: number, code: string, path?: ReadonlyArray<string | number>) {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toBe('application/problem+json');
  const body = await json(response);
  expect(body).toMatchObject({ status, code, type: `urn:stocktake:error:${code}` });
  expect(typeof body.detail).toBe('string');
  expect(typeof body.errorType).toBe('string');
  if (path !== undefined) expect(body.path).toEqual(path);
  return body;
}

describe('catalog', () => {
  it('puts and gets items and locations (location ids with slashes, raw or encoded)', async () => {
    expect(await json(await service.call('GET', '/items/WIDGET'))).toMatchObject({ sku: 'WIDGET', packs: [{ uom: 'case', factor: '12' }] });
    expect((await json<any[]>(await service.call('GET', '/items'))).map((item) => item.sku).sort()).toEqual(['MILK', 'WIDGET']);
    const put = await service.call('PUT', '/locations/WH2%2FX%2F01', { body: { name: 'Overflow' } });
    expect(put.status).toBe(200);
    expect(await json(await service.call('GET', '/locations/WH2/X/01'))).toMatchObject({ id: 'WH2/X/01', name: 'Overflow' });
    const zoneA = await json<any[]>(await service.call('GET', '/locations?subtree=WH1%2FA'));
    expect(zoneA.map((location) => location.id)).toEqual(['WH1/A/01', 'WH1/A/02']);
  });

  it('answers problem+json for a bad body, a path mismatch, an unknown item and a changed base unit', async () => {
    const bad = await expectProblem(await service.call('PUT', '/items/BAD', { body: { baseUom: 'ea', packs: [{ uom: 'case', factor: '-1' }] } }), 400, 'invalid_input', ['packs', 0, 'factor']);
    expect(bad.errorType).toBe('invalid_input');
    expect(bad.errors.length).toBeGreaterThan(0);
    await expectProblem(await service.call('PUT', '/items/A', { body: { sku: 'B', baseUom: 'ea' } }), 400, 'invalid_input', ['sku']);
    await expectProblem(await service.call('GET', '/items/NOPE'), 404, 'item_not_found');
    await expectProblem(await service.call('GET', '/locations/WH9/Z'), 404, 'location_not_found');
    const changed = await expectProblem(await service.call('PUT', '/items/WIDGET', { body: { baseUom: 'kg' } }), 409, 'incompatible_item_change');
    expect(changed.errorType).toBe('conflict');
    await expectProblem(await service.call('PUT', '/items/A', { body: '{not json' }), 400, 'invalid_input');
    await expectProblem(await service.call('GET', '/nowhere'), 404, 'route_not_found');
  });
});

describe('authentication', () => {
  it('refuses a request without an actor and a body that names another actor', async () => {
    await expectProblem(await service.call('GET', '/items', { actor: null }), 401, 'unauthenticated');
    await expectProblem(await service.call('GET', '/items', { actor: 'x'.repeat(201) }), 401, 'unauthenticated');
    const other = await expectProblem(
      await service.call('POST', '/movements', { body: { id: 'm-x', kind: 'receipt', actor: 'mallory', lines: [{ sku: 'WIDGET', to: 'WH1/A/01', qty: '1' }] } }),
      403,
      'not_authorized',
      ['actor'],
    );
    expect(other.errorType).toBe('not_allowed');
    expect(await json(await service.call('GET', '/movements/m-x'))).toMatchObject({ code: 'movement_not_found' });
  });

  it('takes the principal from a pluggable authenticate function', async () => {
    const sessions: Record<string, Principal> = { 'session-1': { actor: 'ana', roles: ['supervisor'] } };
    const custom = await startService({ authenticate: (request) => sessions[request.headers.get('cookie')?.replace(/^sid=/, '') ?? ''] });
    try {
      const asAna = { actor: null, headers: { cookie: 'sid=session-1' } };
      await custom.call('PUT', '/locations/WH1', { body: {}, ...asAna });
      await custom.call('PUT', '/items/X', { body: { baseUom: 'ea' }, ...asAna });
      const posted = await custom.call('POST', '/movements', { body: { id: 'r1', kind: 'receipt', lines: [{ sku: 'X', to: 'WH1', qty: '1' }] }, ...asAna });
      expect(posted.status).toBe(201);
      expect((await json(posted)).movement.actor).toBe('ana');
      // li's bearer token means nothing to this hook.
      await expectProblem(await custom.call('GET', '/items', { actor: 'li' }), 401, 'unauthenticated');
      // Public routes need no actor.
      expect((await custom.call('GET', '/openapi.json', { actor: null })).status).toBe(200);
      expect((await custom.call('GET', '/health', { actor: null })).status).toBe(200);
    } finally {
      await custom.close();
    }
  });
});

describe('ledger', () => {
  it('posts movements with an Idempotency-Key, answers balances and on-hand', async () => {
    const body = { kind: 'receipt', occurredAt: '2026-03-02T07:00:00.000Z', lines: [{ sku: 'WIDGET', to: 'WH1/A/01', qty: '3', uom: 'case' }] };
    const first = await service.call('POST', '/movements', { body, headers: { 'idempotency-key': 'rcv-100' } });
    expect(first.status).toBe(201);
    expect(first.headers.get('location')).toBe('/movements/rcv-100');
    const created = await json(first);
    expect(created).toMatchObject({ id: 'rcv-100', result: 'created', movement: { id: 'rcv-100', actor: 'li', lines: [{ qty: '36' }] } });
    // The canonical form the engine compares on a retry is its own: no response shows it.
    expect(created.movement).not.toHaveProperty('fingerprint');
    expect(await json(await service.call('GET', '/movements/rcv-100'))).not.toHaveProperty('fingerprint');
    const again = await service.call('POST', '/movements', { body, headers: { 'idempotency-key': 'rcv-100' } });
    expect(again.status).toBe(200);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(await json(again)).toMatchObject({ result: 'exists' });
    // A body id that differs from the key.
    await expectProblem(await service.call('POST', '/movements', { body: { ...body, id: 'other' }, headers: { 'idempotency-key': 'rcv-100' } }), 400, 'invalid_input', ['id']);
    // The same key with another payload.
    const changed = { ...body, lines: [{ sku: 'WIDGET', to: 'WH1/A/01', qty: '4', uom: 'case' }] };
    await expectProblem(await service.call('POST', '/movements', { body: changed, headers: { 'idempotency-key': 'rcv-100' } }), 409, 'exists_with_different_payload');
    // Without a key the body id is the key; without either it is a 400 naming the header.
    const missing = await expectProblem(await service.call('POST', '/movements', { body }), 400, 'invalid_input', ['headers', 'Idempotency-Key']);
    expect(missing.detail).toContain('Idempotency-Key');
    const lot = await service.call('POST', '/movements', {
      body: { id: 'rcv-101', kind: 'receipt', occurredAt: '2026-03-02T07:00:00.000Z', lines: [{ sku: 'MILK', to: 'WH1/A/01', qty: '10', lot: 'L1' }] },
    });
    expect(lot.status).toBe(201);

    expect(await json(await service.call('GET', '/on-hand?sku=WIDGET&location=WH1%2FA%2F01'))).toMatchObject({ qty: '36' });
    expect(await json(await service.call('GET', '/on-hand?sku=WIDGET&location=WH1/A/01&asOf=2026-03-02T06:00:00.000Z'))).toMatchObject({ qty: '0' });
    const balances = await json<any[]>(await service.call('GET', '/balances?location=WH1%2FA'));
    expect(balances.map((b) => [b.key.sku, b.key.lot ?? null, b.qty])).toEqual(expect.arrayContaining([['WIDGET', null, '36'], ['MILK', 'L1', '10']]));
    expect((await json<any[]>(await service.call('GET', '/movements?sku=MILK'))).map((m) => m.id)).toEqual(['rcv-101']);
    expect(await json(await service.call('GET', '/movements/rcv-100'))).toMatchObject({ id: 'rcv-100', kind: 'receipt' });
    await expectProblem(await service.call('GET', '/on-hand?sku=WIDGET'), 400, 'invalid_input', ['query', 'location']);
  });

  it('maps ledger outcomes to problems that point at the line', async () => {
    const issue = (id: string, qty: string, extra: Record<string, unknown> = {}) =>
      service.call('POST', '/movements', { body: { id, kind: 'issue', lines: [{ sku: 'WIDGET', from: 'WH1/A/02', qty, ...extra }] } });
    const short = await expectProblem(await issue('iss-1', '5'), 409, 'insufficient_stock', ['lines', 0]);
    expect(short.errorType).toBe('conflict');
    await expectProblem(await issue('iss-2', '1', { uom: 'pallet' }), 422, 'unknown_uom', ['lines', 0]);
    await expectProblem(
      await service.call('POST', '/movements', { body: { id: 'iss-3', kind: 'receipt', lines: [{ sku: 'MILK', to: 'WH1/A/02', qty: '1' }] } }),
      422,
      'lot_required',
      ['lines', 0],
    );
    await expectProblem(
      await service.call('POST', '/movements', { body: { id: 'iss-4', kind: 'transfer', lines: [{ sku: 'WIDGET', from: 'WH1/A/01', qty: '1' }] } }),
      400,
      'invalid_input',
      ['lines', 0, 'to'],
    );
    expect((await service.call('GET', '/movements/iss-1')).status).toBe(404);
  });
});

describe('hostile input', () => {
  it('text the database cannot store is a 400 naming the field, not a storage failure, and nothing is stored', async () => {
    const nul = await expectProblem(await service.call('PUT', '/items/NUL', { body: { baseUom: 'ea', name: 'a\u0000b' } }), 400, 'invalid_input', ['name']);
    expect(nul.detail).toContain('NUL');
    await expectProblem(
      await service.call('POST', '/movements', { body: { id: 'm-bad', kind: 'receipt', reference: 'PO\uD800', lines: [{ sku: 'WIDGET', to: 'WH1/A/01', qty: '1' }] } }),
      400,
      'invalid_input',
      ['reference'],
    );
    await expectProblem(await service.call('GET', '/items/NUL'), 404, 'item_not_found');
    await expectProblem(await service.call('GET', '/movements/m-bad'), 404, 'movement_not_found');
  });

  it('a location id with a ".." or "." segment is refused, also when its slashes are encoded so no URL normaliser sees them', async () => {
    for (const id of ['WH1%2F..%2Fx', 'WH1%2F.%2FA', '..%2FWH1']) await expectProblem(await service.call('PUT', `/locations/${id}`, { body: {} }), 400, 'invalid_input', ['id']);
    await expectProblem(await service.call('GET', '/balances?location=WH1%2F..'), 400, 'invalid_input', ['query', 'location']);
  });

  it('a movement dated far in the future is refused with 422 occurred_in_future at occurredAt', async () => {
    const body = { id: 'm-future', kind: 'receipt', occurredAt: '9999-12-31T00:00:00Z', lines: [{ sku: 'WIDGET', to: 'WH1/A/01', qty: '1' }] };
    const refused = await expectProblem(await service.call('POST', '/movements', { body }), 422, 'occurred_in_future', ['occurredAt']);
    expect(refused.errorType).toBe('invalid_input');
    await expectProblem(await service.call('GET', '/movements/m-future'), 404, 'movement_not_found');
  });
});

describe('a count over HTTP', () => {
  it('opens, sheets, records a batch, voids, completes and excludes, reviews, approves and posts', async () => {
    // Stock in zone A: 36 WIDGET and 10 MILK/L1 in WH1/A/01 (from the ledger tests), 5 WIDGET in WH1/A/02.
    await service.call('POST', '/movements', { body: { id: 'rcv-200', kind: 'receipt', occurredAt: '2026-03-02T07:00:00.000Z', lines: [{ sku: 'WIDGET', to: 'WH1/A/02', qty: '5' }] } });
    const opened = await service.call('POST', '/counts', { body: { id: 'CS-1', scope: { locations: ['WH1/A'] }, counters: ['ana'], tolerance: { qty: '20' } }, actor: 'zhao' });
    expect(opened.status).toBe(201);
    const session = await json(opened);
    expect(session).toMatchObject({ id: 'CS-1', state: 'counting', openedBy: 'zhao' });
    await expectProblem(await service.call('POST', '/counts', { body: { scope: {} }, actor: 'zhao' }), 400, 'invalid_input', ['scope']);
    expect((await json<any[]>(await service.call('GET', '/counts?state=counting'))).map((s) => s.id)).toContain('CS-1');
    await expectProblem(await service.call('GET', '/counts?state=sleeping'), 400, 'invalid_input');
    const task = session.tasks[0];
    const sheet = await json(await service.call('GET', `/counts/CS-1/tasks/${task.id}/sheet`, { actor: 'ana' }));
    expect(sheet).toMatchObject({ blind: true, locations: [{ location: 'WH1/A/01' }, { location: 'WH1/A/02' }] });
    expect(JSON.stringify(sheet)).not.toContain('bookQty');
    await expectProblem(await service.call('GET', '/counts/CS-1/tasks/nope/sheet'), 404, 'task_not_found');
    await expectProblem(await service.call('GET', '/counts/NOPE'), 404, 'session_not_found');

    const at = new Date().toISOString();
    const entry = (entryId: string, extra: Record<string, unknown>) => ({ entryId, countedAt: at, task: task.id, ...extra });
    const batch = await service.call('POST', '/counts/CS-1/entries', {
      actor: 'ana',
      body: {
        entries: [
          entry('e1', { sku: 'WIDGET', location: 'WH1/A/01', qty: '2', uom: 'case' }),
          entry('e2', { sku: 'MILK', location: 'WH1/A/01', lot: 'L1', qty: '10' }),
          entry('e3', { sku: 'WIDGET', location: 'WH1/A/01', qty: '1' }),
          entry('e1', { sku: 'WIDGET', location: 'WH1/A/01', qty: '2', uom: 'case' }),
          entry('e1', { sku: 'WIDGET', location: 'WH1/A/01', qty: '3', uom: 'case' }),
          entry('e4', { sku: 'WIDGET', location: 'WH1/A/01', qty: 'many' }),
          entry('e5', { sku: 'WIDGET', location: 'WH1/A/01', qty: '1', counter: 'li' }),
          entry('e6', { sku: 'WIDGET', location: 'WH1/B/01', qty: '1' }),
          entry('e7', { sku: 'WIDGET', location: 'WH1/A/02', qty: '6' }),
        ],
      },
    });
    expect(batch.status).toBe(200);
    const { results } = await json(batch);
    expect(results.map((r: any) => [r.index, r.entryId, r.result, r.problem?.code])).toEqual([
      [0, 'e1', 'created', undefined],
      [1, 'e2', 'created', undefined],
      [2, 'e3', 'created', undefined],
      [3, 'e1', 'exists', undefined],
      [4, 'e1', 'exists_with_different_payload', 'exists_with_different_payload'],
      [5, 'e4', 'error', 'invalid_input'],
      [6, 'e5', 'error', 'not_authorized'],
      [7, 'e6', 'error', 'out_of_scope'],
      [8, 'e7', 'created', undefined],
    ]);
    expect(results[5].problem.path).toEqual(['entries', 5, 'qty']);
    expect(results[7].problem.path.slice(0, 2)).toEqual(['entries', 7]);
    expect(results[0].entry).toMatchObject({ qty: '24', counter: 'ana', enteredUom: 'case' });
    await expectProblem(await service.call('POST', '/counts/CS-1/entries', { actor: 'ana', body: { entries: [] } }), 400, 'invalid_input', ['entries']);
    await expectProblem(await service.call('POST', '/counts/NOPE/entries', { actor: 'ana', body: { entries: [entry('x', { sku: 'WIDGET', location: 'WH1/A/01', qty: '1' })] } }), 404, 'session_not_found');

    // The single each was a mistake: void it.
    const voided = await service.call('POST', '/counts/CS-1/voids', { actor: 'ana', body: { entryId: 'v1', target: 'e3', reason: 'scanned twice' } });
    expect(voided.status).toBe(201);
    expect((await service.call('POST', '/counts/CS-1/voids', { actor: 'ana', body: { entryId: 'v1', target: 'e3', reason: 'scanned twice' } })).status).toBe(200);
    const entries = await json<any[]>(await service.call('GET', '/counts/CS-1/entries'));
    expect(entries.map((e) => [e.entryId, e.kind])).toEqual([['e1', 'count'], ['e2', 'count'], ['e3', 'count'], ['e7', 'count'], ['v1', 'void']]);

    // Approval is refused while a location is open.
    await expectProblem(await service.call('POST', '/counts/CS-1/approve', { actor: 'zhao', body: {} }), 409, 'incomplete_locations');
    const complete = await service.call('POST', `/counts/CS-1/locations/${encodeURIComponent('WH1/A/01')}/complete`, { actor: 'ana', body: { at } });
    expect(complete.status).toBe(200);
    expect(await json(complete)).toMatchObject({ location: 'WH1/A/01', status: 'complete' });
    const pending = await json(await service.call('GET', '/counts/CS-1/review', { actor: 'zhao' }));
    expect(pending.openLocations).toEqual(['WH1/A/02']);
    await expectProblem(await service.call('POST', `/counts/CS-1/locations/${encodeURIComponent('WH1/A/02')}/exclude`, { actor: 'zhao', body: {} }), 400, 'invalid_input', ['reason']);
    const excluded = await service.call('POST', `/counts/CS-1/locations/${encodeURIComponent('WH1/A/02')}/exclude`, { actor: 'zhao', body: { reason: 'blocked by a forklift' } });
    expect(excluded.status).toBe(200);

    // Reading the review is safe: the round stays open until someone closes it.
    const ready = await json(await service.call('GET', '/counts/CS-1/review', { actor: 'zhao' }));
    expect(ready).toMatchObject({ state: 'counting', round: 1, openLocations: [], recountTasks: [] });
    expect(await json(await service.call('GET', '/counts/CS-1'))).toMatchObject({ state: 'counting' });
    const closed = await service.call('POST', '/counts/CS-1/close-round', { actor: 'zhao', body: {} });
    expect(closed.status).toBe(200);
    const review = await json(closed);
    expect(review.state).toBe('reviewing');
    expect(review.lines).toEqual(ready.lines);
    expect(JSON.stringify(review)).not.toContain('fingerprint');
    expect(review.excludedLocations).toEqual([{ location: 'WH1/A/02', reason: 'blocked by a forklift' }]);
    const lines = Object.fromEntries(review.lines.map((l: any) => [`${l.sku}@${l.location}${l.lot ? `/${l.lot}` : ''}`, l]));
    expect(lines['WIDGET@WH1/A/01']).toMatchObject({ expected: '36', counted: '24', variance: '-12' });
    expect(lines['MILK@WH1/A/01/L1']).toMatchObject({ expected: '10', counted: '10', variance: '0', status: 'match' });

    // Segregation of duties: the counter may not approve.
    await expectProblem(await service.call('POST', '/counts/CS-1/approve', { actor: 'ana', body: {} }), 403, 'not_authorized');
    const approved = await service.call('POST', '/counts/CS-1/approve', { actor: 'zhao', body: { note: 'checked' } });
    expect(approved.status).toBe(200);
    const approvedSession = await json(approved);
    expect(approvedSession).toMatchObject({ state: 'approved', approval: { actor: 'zhao' } });
    expect(approvedSession.approval).not.toHaveProperty('fingerprint');
    const posted = await service.call('POST', '/counts/CS-1/post', { actor: 'zhao', body: {} });
    expect(posted.status).toBe(201);
    const result = await json(posted);
    expect(result.movements).toEqual([expect.objectContaining({ kind: 'count_adjustment', lines: [expect.objectContaining({ sku: 'WIDGET', from: 'WH1/A/01', qty: '12' })] })]);
    const repost = await service.call('POST', '/counts/CS-1/post', { actor: 'zhao', body: {} });
    expect(repost.status).toBe(200);
    expect(await json(repost)).toMatchObject({ created: false });
    expect(await json(await service.call('GET', '/on-hand?sku=WIDGET&location=WH1/A/01'))).toMatchObject({ qty: '24' });
    expect(await json(await service.call('GET', '/counts/CS-1'))).toMatchObject({ state: 'posted' });

    // The report, in three formats.
    const report = await service.call('GET', '/counts/CS-1/report', { actor: 'zhao' });
    expect(report.headers.get('content-type')).toContain('application/json');
    const data = await json(report);
    expect(data.session).toMatchObject({ id: 'CS-1', state: 'posted' });
    expect(data.people).toMatchObject({ openedBy: 'zhao', approver: 'zhao', counters: ['ana'] });
    expect(data.lines.find((l: any) => l.key.sku === 'WIDGET' && l.key.location === 'WH1/A/01')).toMatchObject({ variance: '-12' });
    expect(data.movements).toHaveLength(1);
    const csv = await service.call('GET', '/counts/CS-1/report?format=csv', { actor: 'zhao' });
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const rows = (await csv.text()).trim().split(/\r?\n/);
    expect(rows.length).toBeGreaterThan(1);
    expect(rows.some((row) => row.includes('WIDGET') && row.includes('-12'))).toBe(true);
    const markdown = await service.call('GET', '/counts/CS-1/report?format=markdown', { actor: 'zhao' });
    expect(markdown.headers.get('content-type')).toContain('text/markdown');
    expect(await markdown.text()).toContain('CS-1');
    await expectProblem(await service.call('GET', '/counts/CS-1/report?format=pdf', { actor: 'zhao' }), 400, 'invalid_input', ['query', 'format']);
    await expectProblem(await service.call('GET', '/counts/NOPE/report', { actor: 'zhao' }), 404, 'session_not_found');

    // The metrics of the period, overall and per counter.
    const period = 'from=2000-01-01T00:00:00Z&to=2100-01-01T00:00:00Z';
    const overall = await json(await service.call('GET', `/metrics?${period}`, { actor: 'zhao' }));
    expect(JSON.stringify(overall)).toContain('WIDGET');
    const byCounter = await json(await service.call('GET', `/metrics?${period}&by=counter`, { actor: 'zhao' }));
    expect(JSON.stringify(byCounter)).toContain('ana');
    // Without a period: the last 30 days up to now, which include this count.
    const recent = await json(await service.call('GET', '/metrics', { actor: 'zhao' }));
    expect(Date.parse(recent.to) - Date.parse(recent.from)).toBe(30 * 86_400_000);
    expect(Math.abs(Date.parse(recent.to) - Date.now())).toBeLessThan(60_000);
    expect(recent.total.lines).toBe(overall.total.lines);
    const since = await json(await service.call('GET', '/metrics?from=2026-03-02T00:00:00Z', { actor: 'zhao' }));
    expect(since.from).toBe('2026-03-02T00:00:00.000Z');
    await expectProblem(await service.call('GET', '/metrics?from=yesterday', { actor: 'zhao' }), 400, 'invalid_input', ['query', 'from']);
  });
});
