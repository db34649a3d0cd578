/**
 * Routes for counting the way warehouses work: bulk entries through `recordMany`, reopening a
 * location, the printed count list and the journal of a posted count. Registered by `app.ts`
 * with the helpers it shares, so this module stays self-contained.
 */
import type { Hono, MiddlewareHandler, Context } from 'hono';
import {
  countListInputSchema,
  journalInputSchema,
  recordEntryInputSchema,
  reopenLocationInputSchema,
  StocktakeError,
  type RecordEntryInput,
  type Stocktake,
} from 'stocktake';
import type * as z from 'zod';
import type { Principal, Role } from './auth.js';
import type { OperationDoc } from './openapi.js';
import { fromError, problem, type Problem } from './problem.js';
import { entriesEnvelopeSchema } from './schemas.js';

type CountingEnv = { Variables: { actor: string; principal: Principal } };

/** What `app.ts` lends these routes: its body, role and validation helpers. */
export interface RouteKit {
  readJson(c: Context): Promise<Record<string, unknown>>;
  claim(body: Record<string, unknown>, field: string, actor: string, prefix?: ReadonlyArray<string | number>): Record<string, unknown>;
  validate<S extends z.ZodType>(schema: S, value: unknown, prefix?: ReadonlyArray<string | number>): z.input<S>;
  query<S extends z.ZodType>(c: Context, schema: S): z.output<S>;
  allow(roles: readonly Role[]): MiddlewareHandler<CountingEnv>;
  /** Throws a problem to answer with. */
  fail(body: Problem): never;
  /** Roles that may see book quantities. */
  readonly staff: readonly Role[];
}

/** Request bodies of these routes, for `components.schemas`. */
export const countingBodies = { ReopenLocationInput: reopenLocationInputSchema, JournalOptions: journalInputSchema };

const COUNT_LIST_TYPES = { csv: 'text/csv; charset=utf-8', markdown: 'text/markdown; charset=utf-8', html: 'text/html; charset=utf-8' } as const;

/** Registers the routes. */
export function registerCountingRoutes(app: Hono<CountingEnv>, st: Stocktake, kit: RouteKit): void {
  app.post('/counts/:id/entries', async (c) => {
    const sessionId = c.req.param('id');
    const actor = c.get('actor');
    const { entries } = kit.validate(entriesEnvelopeSchema, await kit.readJson(c));
    const results: unknown[] = new Array(entries.length);
    const valid: RecordEntryInput[] = [];
    const indexes: number[] = [];
    for (const [index, raw] of entries.entries()) {
      try {
        if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) kit.fail(problem(400, 'invalid_input', 'invalid_input', 'An entry is a JSON object', { path: ['entries', index] }));
        valid.push(kit.validate(recordEntryInputSchema, kit.claim(raw as Record<string, unknown>, 'counter', actor, ['entries', index]), ['entries', index]));
        indexes.push(index);
      } catch (error) {
        results[index] = refused(index, raw, problemOf(error));
      }
    }
    // One transaction for the batch, in order: a handheld's entries have an order.
    if (valid.length === 0) await st.counts.get(sessionId); // 404 for the whole batch when the session does not exist
    const outcomes = valid.length === 0 ? [] : await st.counts.recordMany(sessionId, valid);
    for (const outcome of outcomes) {
      const index = indexes[outcome.index]!;
      if (!outcome.ok) {
        const { code, message, path, details } = outcome.error;
        const body = fromError(new StocktakeError(code, message, { path: ['entries', index, ...path], details }));
        results[index] = refused(index, entries[index], body);
      } else if (outcome.result.result === 'exists_with_different_payload') {
        const body = problem(409, 'exists_with_different_payload', 'conflict', `Entry ${outcome.result.entryId} exists with a different payload`, { path: ['entryId'] });
        results[index] = { index, entryId: outcome.result.entryId, result: 'exists_with_different_payload', problem: body };
      } else {
        results[index] = { index, ...outcome.result };
      }
    }
    return c.json({ results });
  });

  app.post('/counts/:id/locations/:location/reopen', async (c) => {
    const input = kit.validate(reopenLocationInputSchema, kit.claim(await kit.readJson(c), 'actor', c.get('actor')));
    return c.json(await st.counts.reopenLocation(c.req.param('id'), c.req.param('location'), input));
  });

  app.get('/counts/:id/count-list', async (c) => {
    const options = kit.query(c, countListInputSchema);
    const session = await st.counts.get(c.req.param('id'));
    // A list with book quantities is for staff; a blind one is for counters too.
    if (!session.blind && !c.get('principal').roles.some((role) => kit.staff.includes(role))) {
      kit.fail(problem(403, 'not_authorized', 'not_allowed', 'A count list with book quantities is for supervisors and approvers', { details: { roles: kit.staff } }));
    }
    const text = await st.counts.countList(session.id, options);
    return c.body(text, 200, { 'content-type': COUNT_LIST_TYPES[options.format] });
  });

  app.post('/counts/:id/journal', kit.allow(kit.staff), async (c) => {
    const options = kit.validate(journalInputSchema, await kit.readJson(c));
    return c.json(await st.counts.journal(c.req.param('id'), options));
  });
}

function problemOf(error: unknown): Problem {
  if (typeof error === 'object' && error !== null && 'problem' in error) return (error as { problem: Problem }).problem;
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
    errors: [403, 404, 409],
  },
];
