/**
 * The count-session routes: open, sheet, void, complete and exclude locations, review
 * (a safe read), close a round, approve, post and report. Location ids use {@link LOCATION_ID},
 * so `WH1/A/01` may be sent raw or as `WH1%2FA%2F01`.
 */
import type { Hono } from 'hono';
import {
  approveInputSchema,
  completeLocationInputSchema,
  excludeLocationInputSchema,
  openCountInputSchema,
  postCountInputSchema,
  reportInputSchema,
  voidEntryInputSchema,
  type RecordResult,
  type Stocktake,
} from 'stocktake';
import { allow, claim, LOCATION_ID, locationParam, query, readJson, reply, STAFF, validate, type Env } from './http.js';
import { problem, problemResponse, type Problem } from './problem.js';
import { closeRoundInputSchema, countsQuerySchema } from './schemas.js';

function recordStatus(result: RecordResult): { status: 200 | 201 | 409; body: unknown } {
  if (result.result === 'exists_with_different_payload') {
    return {
      status: 409,
      body: problem(409, 'exists_with_different_payload', 'conflict', `Entry ${result.entryId} exists with a different payload`, { path: ['entryId'] }),
    };
  }
  return { status: result.result === 'created' ? 201 : 200, body: result };
}

/**
 * Adds the count routes.
 *
 * @param app - the service's app
 * @param st - the engine
 */
export function countRoutes(app: Hono<Env>, st: Stocktake): void {
  app.post('/counts', async (c) => {
    const input = validate(openCountInputSchema, claim(await readJson(c), 'actor', c.get('actor')));
    return reply(c, await st.counts.open(input), { status: 201 });
  });
  app.get('/counts', async (c) => {
    const { state } = query(c, countsQuerySchema);
    return reply(c, await st.counts.list(state === undefined ? {} : { states: state }));
  });
  app.get('/counts/:id', async (c) => reply(c, await st.counts.get(c.req.param('id'))));
  app.get('/counts/:id/tasks/:taskId/sheet', async (c) => reply(c, await st.counts.sheet(c.req.param('id'), c.req.param('taskId'))));
  app.get('/counts/:id/entries', allow(STAFF), async (c) => reply(c, await st.counts.entries(c.req.param('id'))));
  app.post('/counts/:id/voids', async (c) => {
    const input = validate(voidEntryInputSchema, claim(await readJson(c), 'actor', c.get('actor')));
    const outcome = recordStatus(await st.counts.voidEntry(c.req.param('id'), input));
    return outcome.status === 409 ? problemResponse(outcome.body as Problem) : reply(c, outcome.body, { status: outcome.status });
  });
  app.post(`/counts/:id/locations/${LOCATION_ID}/complete`, async (c) => {
    const input = validate(completeLocationInputSchema, claim(await readJson(c), 'actor', c.get('actor')));
    return reply(c, await st.counts.completeLocation(c.req.param('id'), locationParam(c), input));
  });
  app.post(`/counts/:id/locations/${LOCATION_ID}/exclude`, async (c) => {
    const input = validate(excludeLocationInputSchema, claim(await readJson(c), 'actor', c.get('actor')));
    return reply(c, await st.counts.excludeLocation(c.req.param('id'), locationParam(c), input));
  });
  // A read: computes the review as it stands and changes nothing (safe to poll).
  app.get('/counts/:id/review', allow(STAFF), async (c) => reply(c, await st.counts.preview(c.req.param('id'))));
  // The command: closes the round when every location is done (recounts, or on to reviewing).
  app.post('/counts/:id/close-round', allow(STAFF), async (c) => {
    const body = c.req.header('content-length') === '0' ? {} : await readJson(c);
    validate(closeRoundInputSchema, claim(body, 'actor', c.get('actor')));
    return reply(c, await st.counts.review(c.req.param('id'), { actor: c.get('actor') }));
  });
  app.post('/counts/:id/approve', async (c) => {
    const input = validate(approveInputSchema, claim(await readJson(c), 'actor', c.get('actor')));
    return reply(c, await st.counts.approve(c.req.param('id'), input));
  });
  app.post('/counts/:id/post', async (c) => {
    const input = validate(postCountInputSchema, claim(await readJson(c), 'actor', c.get('actor')));
    const result = await st.counts.post(c.req.param('id'), input);
    return reply(c, result, { status: result.created ? 201 : 200 });
  });
  app.get('/counts/:id/report', allow(STAFF), async (c) => {
    const { format, locale } = query(c, reportInputSchema);
    const text = await st.counts.report(c.req.param('id'), { format, locale });
    if (format === 'json') return reply(c, JSON.parse(text) as unknown);
    const type = { csv: 'text/csv; charset=utf-8', markdown: 'text/markdown; charset=utf-8', html: 'text/html; charset=utf-8' }[format];
    return c.body(text, 200, { 'content-type': type });
  });
}
