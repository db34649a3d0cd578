/** The shared route helpers: what `reply()` sends and how location ids are routed. */
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { INTERNAL_FIELDS, LOCATION_ID, locationParam, publicView, reply } from '../http.js';

describe('publicView', () => {
  it('drops the internal fields at any depth, in objects and arrays, and keeps everything else', () => {
    const engine = {
      id: 'm-1',
      fingerprint: '{"id":"m-1"}',
      lines: [{ qty: '1', fingerprint: 'x' }],
      approval: { actor: 'zhao', fingerprint: 'abc', reasons: {} },
      note: undefined,
      nothing: null,
    };
    expect(publicView(engine)).toEqual({ id: 'm-1', lines: [{ qty: '1' }], approval: { actor: 'zhao', reasons: {} }, nothing: null });
    expect(JSON.stringify(publicView(engine))).not.toMatch(new RegExp([...INTERNAL_FIELDS].join('|')));
    expect(publicView(['a', 1, true])).toEqual(['a', 1, true]);
  });

  it('reply() answers JSON through it, with the status and headers given', async () => {
    const app = new Hono();
    app.get('/x', (c) => reply(c, { ok: true, fingerprint: 'f' }, { status: 201, headers: { location: '/x/1' } }));
    const response = await app.request('/x');
    expect(response.status).toBe(201);
    expect(response.headers.get('location')).toBe('/x/1');
    expect(await response.json()).toEqual({ ok: true });
  });
});

describe('LOCATION_ID', () => {
  it('takes a location id with "/" raw or encoded, before a fixed segment or at the end', async () => {
    const app = new Hono();
    app.post(`/counts/:id/locations/${LOCATION_ID}/complete`, (c) => c.json({ id: c.req.param('id'), location: locationParam(c) }));
    app.get(`/locations/${LOCATION_ID}`, (c) => c.json({ location: locationParam(c) }));
    for (const path of ['/counts/CS-1/locations/WH1/A/01/complete', '/counts/CS-1/locations/WH1%2FA%2F01/complete']) {
      expect(await (await app.request(path, { method: 'POST' })).json()).toEqual({ id: 'CS-1', location: 'WH1/A/01' });
    }
    expect(await (await app.request('/locations/WH1/A/01')).json()).toEqual({ location: 'WH1/A/01' });
    // A location whose last segment is the route's own word still routes whole.
    expect(await (await app.request('/counts/CS-1/locations/WH1/complete/complete', { method: 'POST' })).json()).toEqual({ id: 'CS-1', location: 'WH1/complete' });
  });
});
