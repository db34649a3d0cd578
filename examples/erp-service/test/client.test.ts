/**
 * A typed client generated from the OpenAPI document runs the count flow: a response schema that
 * does not match what the service sends fails here, at compile time (the generated types) or at
 * run time (each body is parsed with its documented schema, and parsing drops nothing).
 */
import { readFile } from 'node:fs/promises';
import createClient from 'openapi-fetch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as z from 'zod';
import type { paths } from '../client/openapi.js';
import { clientTypesFile, generateClientTypes } from '../client/generate.js';
import { responses, type ResponseName } from '../responses.js';
import { PEOPLE, signToken, startService, type RunningService } from './service.js';

let service: RunningService;
beforeAll(async () => {
  service = await startService();
});
afterAll(async () => service.close());

async function clientOf(actor: string) {
  const token = await signToken(actor, PEOPLE[actor] ?? []);
  return createClient<paths>({ baseUrl: service.url, headers: { authorization: `Bearer ${token}` } });
}

/** The body, checked against its documented schema: valid, and nothing undocumented in it. */
function documented<T>(name: ResponseName, body: T | undefined): T {
  expect(body).toBeDefined();
  const schema: z.ZodType = responses[name];
  const parsed = schema.safeParse(body);
  expect(parsed.success, parsed.error?.message).toBe(true);
  expect(parsed.data, `${name} has fields its schema does not document`).toEqual(body);
  return body!;
}

describe('the typed client', () => {
  it('is generated from the current document (run npm run generate:erp-client after changing it)', async () => {
    expect(await readFile(clientTypesFile, 'utf8')).toBe(await generateClientTypes());
  });

  it('runs a count from catalog to posting, every body as documented', async () => {
    const li = await clientOf('li');
    const ana = await clientOf('ana');
    const zhao = await clientOf('zhao');
    documented('Health', (await li.GET('/health')).data);

    const item = await li.PUT('/items/{sku}', { params: { path: { sku: 'BOLT' } }, body: { baseUom: 'ea', name: 'Bolt', unitCost: '0.50', packs: [{ uom: 'box', factor: '50' }] } });
    expect(documented('Item', item.data).sku).toBe('BOLT');
    documented('Items', (await li.GET('/items')).data);
    for (const id of ['T1/A/01', 'T1/A/02']) {
      const location = await li.PUT('/locations/{location}', { params: { path: { location: id } }, body: { kind: 'bin' } });
      expect(documented('Location', location.data).id).toBe(id);
    }
    documented('Location', (await li.GET('/locations/{location}', { params: { path: { location: 'T1/A/01' } } })).data);
    documented('Locations', (await li.GET('/locations', { params: { query: { subtree: 'T1' } } })).data);

    const posted = await li.POST('/movements', {
      params: { header: { 'Idempotency-Key': 'rcv-typed' } },
      body: { kind: 'receipt', occurredAt: '2026-03-02T07:00:00.000Z', lines: [{ sku: 'BOLT', to: 'T1/A/01', qty: '2', uom: 'box' }] },
    });
    expect(posted.response.status).toBe(201);
    expect(documented('PostResult', posted.data).movement.lines[0]!.qty).toBe('100');
    documented('Movement', (await li.GET('/movements/{id}', { params: { path: { id: 'rcv-typed' } } })).data);
    documented('Movements', (await li.GET('/movements', { params: { query: { sku: 'BOLT' } } })).data);
    documented('Balances', (await li.GET('/balances', { params: { query: { sku: 'BOLT' } } })).data);
    expect(documented('OnHand', (await li.GET('/on-hand', { params: { query: { sku: 'BOLT', location: 'T1/A/01' } } })).data).qty).toBe('100');

    const opened = await zhao.POST('/counts', { body: { id: 'CS-TYPED', scope: { locations: ['T1'] }, counters: ['ana'] } });
    const session = documented('Session', opened.data);
    documented('Sessions', (await zhao.GET('/counts', { params: { query: { state: 'counting' } } })).data);
    const sheet = documented('Sheet', (await ana.GET('/counts/{id}/tasks/{taskId}/sheet', { params: { path: { id: session.id, taskId: session.tasks[0]!.id } } })).data);
    expect(sheet.locations.map((location) => location.location)).toEqual(['T1/A/01', 'T1/A/02']);

    const countedAt = new Date().toISOString();
    const batch = await ana.POST('/counts/{id}/entries', {
      params: { path: { id: session.id } },
      body: { entries: [{ entryId: 't1', sku: 'BOLT', location: 'T1/A/01', qty: '97', countedAt }, { entryId: 't2', sku: 'BOLT', location: 'T1/A/01', qty: 'x', countedAt }] },
    });
    expect(documented('BatchResult', batch.data).results.map((result) => result.result)).toEqual(['created', 'error']);
    const voided = await ana.POST('/counts/{id}/voids', { params: { path: { id: session.id } }, body: { entryId: 'v-none', target: 't1', reason: 'typo' } });
    expect(documented('RecordResult', voided.data).result).toBe('created');
    await ana.POST('/counts/{id}/entries', { params: { path: { id: session.id } }, body: { entries: [{ entryId: 't3', sku: 'BOLT', location: 'T1/A/01', qty: '98', countedAt }] } });
    documented('Entries', (await zhao.GET('/counts/{id}/entries', { params: { path: { id: session.id } } })).data);

    const mark = await ana.POST('/counts/{id}/locations/{location}/complete', { params: { path: { id: session.id, location: 'T1/A/01' } }, body: {} });
    expect(documented('LocationMark', mark.data).location).toBe('T1/A/01');
    documented('LocationMark', (await zhao.POST('/counts/{id}/locations/{location}/exclude', { params: { path: { id: session.id, location: 'T1/A/02' } }, body: { reason: 'empty aisle' } })).data);
    const preview = documented('Review', (await zhao.GET('/counts/{id}/review', { params: { path: { id: session.id } } })).data);
    expect(preview.state).toBe('counting');
    const closed = documented('Review', (await zhao.POST('/counts/{id}/close-round', { params: { path: { id: session.id } } })).data);
    expect(closed.state).toBe('reviewing');
    expect(closed.lines.map((line) => [line.sku, line.counted, line.variance])).toEqual([['BOLT', '98', '-2']]);

    const approved = await zhao.POST('/counts/{id}/approve', { params: { path: { id: session.id } }, body: {} });
    expect(documented('Session', approved.data).state).toBe('approved');
    const post = await zhao.POST('/counts/{id}/post', { params: { path: { id: session.id } }, body: {} });
    expect(post.response.status).toBe(201);
    expect(documented('PostCountResult', post.data).movements).toHaveLength(1);
    documented('Report', (await zhao.GET('/counts/{id}/report', { params: { path: { id: session.id } } })).data);
    documented('Metrics', (await zhao.GET('/metrics', {})).data);
    documented('EventToken', (await zhao.POST('/events/tokens', {})).data);
  });
});
