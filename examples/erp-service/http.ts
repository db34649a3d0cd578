/**
 * What every route module of the service shares: reading and validating requests, answering
 * with {@link reply}, roles, and the one route pattern for location ids.
 *
 * A route module is a function that adds routes to the app (see `README.md`, "Adding routes"):
 *
 * ```ts
 * export function journalRoutes(app: Hono<Env>, st: Stocktake): void {
 *   app.get(`/counts/:id/locations/${LOCATION_ID}/journal`, allow(STAFF), async (c) =>
 *     reply(c, await st.counts.entries(c.req.param('id')), { status: 200 }));
 * }
 * ```
 */
import type { Context, MiddlewareHandler } from 'hono';
import type { Principal, Role } from './auth.js';
import { fromZod, problem, type Problem } from './problem.js';
import * as z from 'zod';

/** The variables every authenticated request carries. */
export type Env = { Variables: { actor: string; principal: Principal } };

/** A problem to answer with, thrown from a handler (the app's error handler turns it into the response). */
export class ProblemError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail);
  }
}

/**
 * The route pattern of a location id, in any position: location ids are paths (`WH1/A/01`), so
 * the parameter takes the rest of the path up to the route's next fixed segment. A client may
 * send the `/` raw or as `%2F`; both reach the handler as `WH1/A/01`. Read it with
 * {@link locationParam}.
 *
 * @example
 * ```ts
 * app.post(`/counts/:id/locations/${LOCATION_ID}/complete`, handler); // POST /counts/CS-1/locations/WH1/A/01/complete
 * ```
 */
export const LOCATION_ID = ':location{.+}';

/**
 * The location id of a route declared with {@link LOCATION_ID}.
 *
 * @param c - the request context
 * @returns the decoded id, e.g. `WH1/A/01`
 */
export function locationParam(c: Context): string {
  return c.req.param('location') ?? '';
}

/** Who may read stock figures and count results: a counter on a blind count must not see the book. */
export const STAFF: readonly Role[] = ['supervisor', 'approver'];
/** Who defines the catalog and posts movements (map your ERP's stock clerks here). */
export const SUPERVISORS: readonly Role[] = ['supervisor'];

/**
 * Lets a request through when its principal holds one of `roles`, else 403. Count commands are
 * also checked by the engine's `authorize` hook (roles and segregation of duties).
 *
 * @param roles - the roles that may call the route
 * @returns the middleware
 */
export function allow(roles: readonly Role[]): MiddlewareHandler<Env> {
  return async (c, next) => {
    const principal = c.get('principal');
    if (principal.roles.some((role) => roles.includes(role))) return next();
    throw new ProblemError(problem(403, 'not_authorized', 'not_allowed', `${principal.actor} needs the role ${roles.join(' or ')}`, { details: { roles } }));
  };
}

/**
 * The request body as a JSON object, or a 400 problem.
 *
 * @param c - the request context
 * @returns the body
 */
export async function readJson(c: Context): Promise<Record<string, unknown>> {
  let body: unknown;
  try {
    body = await c.req.json();
  } catch {
    throw new ProblemError(problem(400, 'invalid_input', 'invalid_input', 'The request body is not valid JSON'));
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new ProblemError(problem(400, 'invalid_input', 'invalid_input', 'The request body must be a JSON object'));
  }
  return body as Record<string, unknown>;
}

/**
 * Puts the authenticated actor into a body field, or refuses a body that names someone else.
 *
 * @returns the body with the field set
 */
export function claim(body: Record<string, unknown>, field: string, actor: string, prefix: ReadonlyArray<string | number> = []): Record<string, unknown> {
  const given = body[field];
  if (given === undefined) return { ...body, [field]: actor };
  if (given !== actor) {
    throw new ProblemError(problem(403, 'not_authorized', 'not_allowed', `"${field}" must be the authenticated actor (${actor})`, { path: [...prefix, field] }));
  }
  return body;
}

/**
 * Checks a value against a schema, or throws a 400 problem naming the bad field.
 *
 * @returns the value, unchanged (the engine parses it again)
 */
export function validate<S extends z.ZodType>(schema: S, value: unknown, prefix: ReadonlyArray<string | number> = []): z.input<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new ProblemError(fromZod(parsed.error, prefix));
  return value as z.input<S>;
}

/**
 * The query string parsed with a schema, or a 400 problem whose path starts with `query`.
 *
 * @returns the parsed query
 */
export function query<S extends z.ZodType>(c: Context, schema: S): z.output<S> {
  const parsed = schema.safeParse(c.req.query());
  if (!parsed.success) throw new ProblemError(fromZod(parsed.error, ['query']));
  return parsed.data;
}

/**
 * Fields the engine keeps for itself and a response never shows: `fingerprint` (the canonical
 * form of an input, or the hash of an approved review) on movements, entries, reviews and
 * approvals. A client compares figures, not hashes.
 */
export const INTERNAL_FIELDS: ReadonlySet<string> = new Set(['fingerprint']);

/**
 * A copy of a value without {@link INTERNAL_FIELDS}, at any depth.
 *
 * @param value - what the engine returned
 * @returns the same data as plain JSON values, minus the internal fields
 */
export function publicView(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(publicView);
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    if (!INTERNAL_FIELDS.has(key) && field !== undefined) out[key] = publicView(field);
  }
  return out;
}

/** Options of {@link reply}. */
export interface ReplyOptions {
  /** The HTTP status, 200 when omitted. */
  readonly status?: 200 | 201;
  /** More headers, e.g. `location`. */
  readonly headers?: Record<string, string>;
}

/**
 * The one way a route answers with JSON: the body goes through {@link publicView}, so no route
 * can leak an internal field, and its shape is the response schema `openapi.ts` documents for
 * the operation.
 *
 * @param c - the request context
 * @param body - what the engine returned
 * @param options - the status and headers
 * @returns the response
 */
export function reply(c: Context, body: unknown, options: ReplyOptions = {}): Response {
  return c.json(publicView(body) as object, options.status ?? 200, options.headers ?? {});
}
