/**
 * Routes for counting the way warehouses work: bulk entries through `recordMany`, reopening a
 * location, the printed count list and the journal of a posted count. Location ids use
 * {@link LOCATION_ID}, so `WH1/A/01` may be sent raw or as `WH1%2FA%2F01`.
 */
import type { Hono } from 'hono';
import { countListInputSchema, journalInputSchema, recordEntryInputSchema, reopenLocationInputSchema, StocktakeError, type RecordEntryInput, type Stocktake } from 'stocktake';
import { allow, claim, LOCATION_ID, locationParam, ProblemError, publicView, query, readJson, reply, STAFF, validate, type Env } from './http.js';
import type { OperationDoc } from './openapi.js';
import { fromError, problem, type Problem } from './problem.js';
import { entriesEnvelopeSchema } from './schemas.js';

/** Request bodies of these routes, for `components.schemas`. */
export const countingBodies = { ReopenLocationInput: reopenLocationInputSchema, JournalOptions: journalInputSchema };

const COUNT_LIST_TYPES = { csv: 'text/csv; charset=utf-8', markdown: 'text/markdown; charset=utf-8', html: 'text/html; charset=utf-8' } as const;

/**
 * Adds the routes.
 *
 * @param app - the service's app
 * @param st - the engine
 */
export function countingRoutes(app: Hono<Env>, st: Stocktake): void {
  app.post('/counts/:id/entries', async (c) => {
    const { entries } = validate(entriesEnvelopeSchema, await readJson(c));
    return reply(c, { results: await recordBatch(st, c.req.param('id'), c.get('actor'), entries) });
  });

  app.post(`/counts/:id/locations/${LOCATION_ID}/reopen`, async (c) => {
    const input = validate(reopenLocationInputSchema, claim(await readJson(c), 'actor', c.get('actor')));
    return reply(c, await st.counts.reopenLocation(c.req.param('id'), locationParam(c), input));
  });

  app.get('/counts/:id/count-list', async (c) => {
    const options = query(c, countListInputSchema);
    const session = await st.counts.get(c.req.param('id'));
    // A list with book quantities is for staff; a blind one is for counters too.
    if (!session.blind && !c.get('principal').roles.some((role) => STAFF.includes(role))) {
      throw new ProblemError(problem(403, 'not_authorized', 'not_allowed', 'A count list with book quantities is for supervisors and approvers', { details: { roles: STAFF } }));
    }
    const text = await st.counts.countList(session.id, options);
    return c.body(text, 200, { 'content-type': COUNT_LIST_TYPES[options.format] });
  });

  app.post('/counts/:id/journal', allow(STAFF), async (c) => {
    const options = validate(journalInputSchema, await readJson(c));
    return reply(c, await st.counts.journal(c.req.param('id'), options));
  });
}

/**
 * Records a batch in one transaction (`recordMany`), in order: a handheld's entries have an order.
 * One result per entry; a bad entry does not stop the others.
 */
async function recordBatch(st: Stocktake, sessionId: string, actor: string, entries: readonly unknown[]): Promise<unknown[]> {
  const results: unknown[] = new Array(entries.length);
  const valid: RecordEntryInput[] = [];
  const indexes: number[] = [];
  for (const [index, raw] of entries.entries()) {
    try {
      if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
        throw new ProblemError(problem(400, 'invalid_input', 'invalid_input', 'An entry is a JSON object', { path: ['entries', index] }));
      }
      valid.push(validate(recordEntryInputSchema, claim(raw as Record<string, unknown>, 'counter', actor, ['entries', index]), ['entries', index]));
      indexes.push(index);
    } catch (error) {
      results[index] = refused(index, raw, problemOf(error));
    }
  }
  if (valid.length === 0) await st.counts.get(sessionId); // 404 for the whole batch when the session does not exist
  const outcomes = valid.length === 0 ? [] : await st.counts.recordMany(sessionId, valid);
  for (const outcome of outcomes) {
    const index = indexes[outcome.index]!;
    if (!outcome.ok) {
      const { code, message, path, details } = outcome.error;
      results[index] = refused(index, entries[index], fromError(new StocktakeError(code, message, { path: ['entries', index, ...path], details })));
    } else if (outcome.result.result === 'exists_with_different_payload') {
      const body = problem(409, 'exists_with_different_payload', 'conflict', `Entry ${outcome.result.entryId} exists with a different payload`, { path: ['entryId'] });
      results[index] = { index, entryId: outcome.result.entryId, result: 'exists_with_different_payload', problem: body };
    } else {
      results[index] = { index, ...outcome.result };
    }
  }
  return results.map(publicView);
}

function problemOf(error: unknown): Problem {
  if (error instanceof ProblemError) return error.problem;
  const body = fromError(error);
  if (body.status >= 500) throw error;
  return body;
}

function refused(index: number, raw: unknown, body: Problem): unknown {
  const entryId = typeof raw === 'object' && raw !== null ? (raw as { entryId?: unknown }).entryId : undefined;
  return { index, ...(typeof entryId === 'string' ? { entryId } : {}), result: 'error', problem: body };
}

/** The OpenAPI operations of these routes (besides the batch, which `openapi.ts` lists). */
export const countingOperations: readonly OperationDoc[] = [
  {
    method: 'post',
    path: '/counts/{id}/locations/{location}/reopen',
    operationId: 'reopenLocation',
    summary: 'A supervisor reopens a location completed or excluded by mistake (not their own mark); its entries stay',
    body: 'ReopenLocationInput',
    responses: { 200: '{ session, reopened }: the session and the removed mark' },
    schema: 'ReopenResult',
    errors: [403, 404, 409],
  },
  {
    method: 'get',
    path: '/counts/{id}/count-list',
    operationId: 'getCountList',
    summary: 'The printed count list: numbered lines per task and location; book quantities only when the count is not blind',
    query: countListInputSchema,
    responses: { 200: 'The list as CSV (text/csv), Markdown (text/markdown) or A4 HTML (text/html)' },
    errors: [403, 404, 409],
    contentTypes: Object.values(COUNT_LIST_TYPES).map((type) => type.split(';')[0]!),
  },
  {
    method: 'post',
    path: '/counts/{id}/journal',
    operationId: 'getJournal',
    summary: 'The journal of a posted count: a debit and a credit per adjustment, amounts as decimal strings',
    body: 'JournalOptions',
    responses: { 200: 'The journal' },
    schema: 'Journal',
    errors: [403, 404, 409],
  },
];
