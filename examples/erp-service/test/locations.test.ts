/**
 * Every route with a location id takes it the same way: `WH1/A/01` raw in the path, or encoded
 * as `WH1%2FA%2F01`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedCatalog, startService, type RunningService } from './service.js';

let service: RunningService;
beforeAll(async () => {
  service = await startService();
  await seedCatalog(service);
});
afterAll(async () => service.close());

const forms = [
  ['raw', (id: string) => id],
  ['encoded', (id: string) => encodeURIComponent(id)],
] as const;

describe('location ids with "/" in routes', () => {
  it.each(forms)('PUT and GET /locations/{id} take the id %s', async (_, path) => {
    const id = 'WH9/Z/07';
    const put = await service.call('PUT', `/locations/${path(id)}`, { body: { name: 'Far bin' } });
    expect(put.status).toBe(200);
    expect(await put.json()).toMatchObject({ id, name: 'Far bin' });
    expect(await (await service.call('GET', `/locations/${path(id)}`)).json()).toMatchObject({ id, name: 'Far bin' });
    expect((await service.call('GET', `/locations/${path('WH9/Z/99')}`)).status).toBe(404);
  });

  it.each(forms)('complete and exclude take the id %s', async (form, path) => {
    const sessionId = `CS-LOC-${form}`;
    const zone = `Z-${form}`;
    for (const bin of ['01', '02']) expect((await service.call('PUT', `/locations/${zone}/${bin}`, { body: { kind: 'bin' } })).status).toBe(200);
    const opened = await service.call('POST', '/counts', { actor: 'zhao', body: { id: sessionId, scope: { locations: [zone] }, counters: ['ana'] } });
    expect(opened.status).toBe(201);
    const complete = await service.call('POST', `/counts/${sessionId}/locations/${path(`${zone}/01`)}/complete`, { actor: 'ana', body: {} });
    expect(complete.status).toBe(200);
    expect(await complete.json()).toMatchObject({ location: `${zone}/01`, status: 'complete' });
    const exclude = await service.call('POST', `/counts/${sessionId}/locations/${path(`${zone}/02`)}/exclude`, { actor: 'zhao', body: { reason: 'flooded' } });
    expect(exclude.status).toBe(200);
    expect(await exclude.json()).toMatchObject({ location: `${zone}/02`, status: 'excluded', reason: 'flooded' });
    const review = (await (await service.call('GET', `/counts/${sessionId}/review`, { actor: 'zhao' })).json()) as { openLocations: string[] };
    expect(review.openLocations).toEqual([]);
    // A location outside the session is the engine's answer, not a missing route.
    const outside = await service.call('POST', `/counts/${sessionId}/locations/${path('WH1/B/01')}/complete`, { actor: 'ana', body: {} });
    expect(outside.status).not.toBe(404);
    expect(((await outside.json()) as { code: string }).code).not.toBe('route_not_found');
  });
});
