/**
 * The ERP-side HTTP service: stocktake behind a small JSON API.
 *
 * `createApp({ st })` returns a Hono app; `main.ts` opens the storage and serves it. Every request
 * body is validated with the library's exported zod schemas (the same ones `/openapi.json` is
 * generated from) and every failure is `application/problem+json` carrying the stocktake error
 * code, its type and the path of the bad field. Every other route needs an authenticated caller
 * whose roles allow it; the edge limits and headers are in `security.ts`.
 */
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { streamSSE } from 'hono/streaming';
import {
  approveInputSchema,
  completeLocationInputSchema,
  excludeLocationInputSchema,
  isStocktakeError,
  itemInputSchema,
  locationInputSchema,
  movementInputSchema,
  openCountInputSchema,
  postCountInputSchema,
  reportInputSchema,
  voidEntryInputSchema,
  type RecordResult,
  type Stocktake,
} from 'stocktake';
import * as z from 'zod';
import { bearerToken, type Authenticate, type Principal, type Role } from './auth.js';
import { createEventTokens, type EventTokens } from './event-tokens.js';
import { buildOpenApi } from './openapi.js';
import { registerCountingRoutes } from './counting-routes.js';
import { fromError, fromPostResult, fromZod, problem, problemResponse, type Problem } from './problem.js';
import { actingAs } from './roles.js';
import { cors, defaultLimits, jsonBodies, responseHeaders, StreamSlots, urlLength, type CorsOptions, type ServiceLimits } from './security.js';
import {
  balancesQuerySchema,
  countsQuerySchema,
  locationsQuerySchema,
  metricsQuerySchema,
  movementsQuerySchema,
  onHandQuerySchema,
} from './schemas.js';

/** Options of {@link createApp}. */
export interface CreateAppOptions {
  /**
   * The engine, on whatever storage the caller opened, created with
   * `policies: { authorize: authorizeByRole }` so count commands follow the caller's roles.
   */
  readonly st: Stocktake;
  /**
   * Who is calling. There is no default: {@link jwtAuthenticate} for bearer tokens (what `main.ts`
   * configures), {@link gatewayAuthenticate} only behind a gateway that sets the identity headers,
   * or the ERP's own.
   */
  readonly authenticate: Authenticate;
  /** Issues the short-lived tokens that open `/events` from a browser; one with a random key when omitted. */
  readonly eventTokens?: EventTokens;
  /** Body, URL and event stream limits, over {@link defaultLimits}. */
  readonly limits?: Partial<ServiceLimits>;
  /** Origins allowed to call the API from a browser; none when omitted. */
  readonly cors?: CorsOptions;
  /** The built scanner app (`examples/scanner-app/dist`), served at `/scanner/` when given. */
  readonly scannerAppDir?: string;
  /** Milliseconds between keep-alive comments on `/events` (default 15 000). */
  readonly heartbeatMs?: number;
}

type Env = { Variables: { actor: string; principal: Principal } };

/** A problem to answer with, thrown from a handler. */
class ProblemError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail);
  }
}

const PUBLIC = [/^\/$/, /^\/openapi\.json$/, /^\/health$/, /^\/scanner(\/.*)?$/];
const isPublic = (path: string): boolean => PUBLIC.some((pattern) => pattern.test(path));

/** Who may read stock figures and count results: a counter on a blind count must not see the book. */
const STAFF: readonly Role[] = ['supervisor', 'approver'];
/** Who defines the catalog and posts movements (map your ERP's stock clerks here). */
const SUPERVISORS: readonly Role[] = ['supervisor'];

/**
 * Lets a request through when its principal holds one of `roles`, else 403. Count commands are
 * also checked by the engine's `authorize` hook (roles and segregation of duties).
 */
function allow(roles: readonly Role[]): MiddlewareHandler<Env> {
  return async (c, next) => {
    const principal = c.get('principal');
    if (principal.roles.some((role) => roles.includes(role))) return next();
    throw new ProblemError(problem(403, 'not_authorized', 'not_allowed', `${principal.actor} needs the role ${roles.join(' or ')}`, { details: { roles } }));
  };
}

async function readJson(c: Context): Promise<Record<string, unknown>> {
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
function claim(body: Record<string, unknown>, field: string, actor: string, prefix: ReadonlyArray<string | number> = []): Record<string, unknown> {
  const given = body[field];
  if (given === undefined) return { ...body, [field]: actor };
  if (given !== actor) {
    throw new ProblemError(
      problem(403, 'not_authorized', 'not_allowed', `"${field}" must be the authenticated actor (${actor})`, { path: [...prefix, field] }),
    );
  }
  return body;
}

function validate<S extends z.ZodType>(schema: S, value: unknown, prefix: ReadonlyArray<string | number> = []): z.input<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new ProblemError(fromZod(parsed.error, prefix));
  return value as z.input<S>;
}

function query<S extends z.ZodType>(c: Context, schema: S): z.output<S> {
  const parsed = schema.safeParse(c.req.query());
  if (!parsed.success) throw new ProblemError(fromZod(parsed.error, ['query']));
  return parsed.data;
}

function recordStatus(result: RecordResult): { status: number; body: unknown } {
  if (result.result === 'exists_with_different_payload') {
    return {
      status: 409,
      body: problem(409, 'exists_with_different_payload', 'conflict', `Entry ${result.entryId} exists with a different payload`, {
        path: ['entryId'],
      }),
    };
  }
  return { status: result.result === 'created' ? 201 : 200, body: result };
}

/**
 * Creates the service.
 *
 * @param options - the engine, the authentication hook and the scanner app's directory
 * @returns the Hono app (serve it with `@hono/node-server`)
 * @example
 * ```ts
 * const st = createStocktake({ storage });
 * serve({ fetch: createApp({ st }).fetch, port: 8080 });
 * ```
 */
export function createApp(options: CreateAppOptions): Hono<Env> {
  const { st, authenticate } = options;
  const heartbeatMs = options.heartbeatMs ?? 15_000;
  const limits: ServiceLimits = { ...defaultLimits, ...options.limits };
  const eventTokens = options.eventTokens ?? createEventTokens();
  const streams = new StreamSlots(limits);
  const app = new Hono<Env>();
  const openapi = buildOpenApi();

  app.onError((error) => {
    if (error instanceof ProblemError) return problemResponse(error.problem);
    const body = fromError(error);
    if (!isStocktakeError(error)) console.error('erp-service: unhandled error', error);
    return problemResponse(body);
  });
  app.notFound((c) => problemResponse(problem(404, 'route_not_found', 'not_found', `No route ${c.req.method} ${c.req.path}`)));

  app.use('*', responseHeaders(isPublic));
  app.use('*', urlLength(limits.maxUrlLength));
  app.use('*', cors(() => app.routes, options.cors));
  app.use('*', async (c, next) => {
    if (isPublic(c.req.path)) return next();
    // EventSource cannot send headers: /events also takes a short-lived event token in the query.
    const eventToken = c.req.path === '/events' ? c.req.query('access_token') : undefined;
    const principal = eventToken === undefined ? await authenticate(c.req.raw) : await eventTokens.verify(eventToken);
    if (principal === undefined) {
      const invalid = eventToken !== undefined || bearerToken(c.req.raw) !== undefined;
      return problemResponse(problem(401, 'unauthenticated', 'unauthenticated', invalid ? 'The token is invalid or expired' : 'Authenticate with a bearer token'), {
        'www-authenticate': `Bearer realm="stocktake"${invalid ? ', error="invalid_token"' : ''}`,
      });
    }
    c.set('principal', principal);
    c.set('actor', principal.actor);
    return actingAs(principal, next);
  });
  app.use('*', jsonBodies(limits.maxBodyBytes));

  app.get('/health', (c) => c.json({ ok: true }));
  app.get('/openapi.json', (c) => c.json(openapi));

  // Catalog.
  app.put('/items/:sku', allow(SUPERVISORS), async (c) => {
    const sku = c.req.param('sku');
    const body = claim(await readJson(c), 'actor', c.get('actor'));
    if (body['sku'] !== undefined && body['sku'] !== sku) {
      throw new ProblemError(problem(400, 'invalid_input', 'invalid_input', 'The body names another sku than the path', { path: ['sku'] }));
    }
    const input = validate(itemInputSchema, { ...body, sku });
    return c.json(await st.catalog.defineItem(input));
  });
  app.get('/items', async (c) => c.json(await st.catalog.listItems()));
  app.get('/items/:sku', async (c) => {
    const item = await st.catalog.getItem(c.req.param('sku'));
    if (item === undefined) throw new ProblemError(problem(404, 'item_not_found', 'not_found', `No item ${c.req.param('sku')}`));
    return c.json(item);
  });
  app.put('/locations/:id{.+}', allow(SUPERVISORS), async (c) => {
    const id = c.req.param('id');
    const body = claim(await readJson(c), 'actor', c.get('actor'));
    if (body['id'] !== undefined && body['id'] !== id) {
      throw new ProblemError(problem(400, 'invalid_input', 'invalid_input', 'The body names another location than the path', { path: ['id'] }));
    }
    return c.json(await st.catalog.defineLocation(validate(locationInputSchema, { ...body, id })));
  });
  app.get('/locations', async (c) => c.json(await st.catalog.listLocations(query(c, locationsQuerySchema).subtree)));
  app.get('/locations/:id{.+}', async (c) => {
    const location = await st.catalog.getLocation(c.req.param('id'));
    if (location === undefined) throw new ProblemError(problem(404, 'location_not_found', 'not_found', `No location ${c.req.param('id')}`));
    return c.json(location);
  });

  // Ledger.
  app.post('/movements', allow(SUPERVISORS), async (c) => {
    let body = claim(await readJson(c), 'actor', c.get('actor'));
    const key = c.req.header('idempotency-key');
    if (key !== undefined) {
      if (body['id'] !== undefined && body['id'] !== key) {
        throw new ProblemError(
          problem(400, 'invalid_input', 'invalid_input', 'The body "id" differs from the Idempotency-Key header', { path: ['id'] }),
        );
      }
      body = { ...body, id: key };
    }
    const result = await st.ledger.post(validate(movementInputSchema, body));
    if (result.result === 'created') return c.json(result, 201, { location: `/movements/${encodeURIComponent(result.id)}` });
    if (result.result === 'exists') return c.json(result, 200, { 'idempotent-replayed': 'true' });
    return problemResponse(fromPostResult(result));
  });
  app.get('/movements', allow(STAFF), async (c) => {
    const q = query(c, movementsQuerySchema);
    return c.json(await st.ledger.movements(q));
  });
  app.get('/movements/:id', allow(STAFF), async (c) => {
    const movement = await st.ledger.get(c.req.param('id'));
    if (movement === undefined) throw new ProblemError(problem(404, 'movement_not_found', 'not_found', `No movement ${c.req.param('id')}`));
    return c.json(movement);
  });
  app.get('/balances', allow(STAFF), async (c) => {
    const { asOf, ...filter } = query(c, balancesQuerySchema);
    return c.json(await st.ledger.balances({ ...filter, ...(asOf === undefined ? {} : { asOf }) }));
  });
  app.get('/on-hand', allow(STAFF), async (c) => {
    const { asOf, sku, location, lot, serial } = query(c, onHandQuerySchema);
    const key = { sku, location, ...(lot === undefined ? {} : { lot }), ...(serial === undefined ? {} : { serial }) };
    const qty = await st.ledger.onHand(key, asOf === undefined ? {} : { asOf });
    return c.json({ ...key, ...(asOf === undefined ? {} : { asOf }), qty });
  });

  // Counts.
  app.post('/counts', async (c) => {
    const input = validate(openCountInputSchema, claim(await readJson(c), 'actor', c.get('actor')));
    return c.json(await st.counts.open(input), 201);
  });
  app.get('/counts', async (c) => {
    const { state } = query(c, countsQuerySchema);
    return c.json(await st.counts.list(state === undefined ? {} : { states: state }));
  });
  app.get('/counts/:id', async (c) => c.json(await st.counts.get(c.req.param('id'))));
  app.get('/counts/:id/tasks/:taskId/sheet', async (c) => c.json(await st.counts.sheet(c.req.param('id'), c.req.param('taskId'))));
  app.get('/counts/:id/entries', allow(STAFF), async (c) => c.json(await st.counts.entries(c.req.param('id'))));
  registerCountingRoutes(app, st, {
    readJson,
    claim,
    validate,
    query,
    allow,
    staff: STAFF,
    fail: (body) => {
      throw new ProblemError(body);
    },
  });
  app.post('/counts/:id/voids', async (c) => {
    const input = validate(voidEntryInputSchema, claim(await readJson(c), 'actor', c.get('actor')));
    const outcome = recordStatus(await st.counts.voidEntry(c.req.param('id'), input));
    return outcome.status === 409 ? problemResponse(outcome.body as Problem) : c.json(outcome.body, outcome.status as 200);
  });
  app.post('/counts/:id/locations/:location/complete', async (c) => {
    const input = validate(completeLocationInputSchema, claim(await readJson(c), 'actor', c.get('actor')));
    return c.json(await st.counts.completeLocation(c.req.param('id'), c.req.param('location'), input));
  });
  app.post('/counts/:id/locations/:location/exclude', async (c) => {
    const input = validate(excludeLocationInputSchema, claim(await readJson(c), 'actor', c.get('actor')));
    return c.json(await st.counts.excludeLocation(c.req.param('id'), c.req.param('location'), input));
  });
  app.get('/counts/:id/review', allow(STAFF), async (c) => c.json(await st.counts.review(c.req.param('id'), { actor: c.get('actor') })));
  app.post('/counts/:id/approve', async (c) => {
    const input = validate(approveInputSchema, claim(await readJson(c), 'actor', c.get('actor')));
    return c.json(await st.counts.approve(c.req.param('id'), input));
  });
  app.post('/counts/:id/post', async (c) => {
    const input = validate(postCountInputSchema, claim(await readJson(c), 'actor', c.get('actor')));
    const result = await st.counts.post(c.req.param('id'), input);
    return c.json(result, result.created ? 201 : 200);
  });

  app.get('/counts/:id/report', allow(STAFF), async (c) => {
    const { format, locale } = query(c, reportInputSchema);
    const text = await st.counts.report(c.req.param('id'), { format, locale });
    const type = { json: 'application/json', csv: 'text/csv; charset=utf-8', markdown: 'text/markdown; charset=utf-8', html: 'text/html; charset=utf-8' }[format];
    return c.body(text, 200, { 'content-type': type });
  });

  app.get('/metrics', allow(STAFF), async (c) => {
    const { from, to, by, depth, subtree } = query(c, metricsQuerySchema);
    const groupBy =
      by === 'location' ? { by, ...(depth === undefined ? {} : { depth }), ...(subtree === undefined ? {} : { subtree }) } : { by };
    return c.json(await st.metrics.compute({ from, to, groupBy }));
  });

  // Live updates for a supervisor screen.
  app.post('/events/tokens', allow(STAFF), async (c) => c.json(await eventTokens.issue(c.get('principal')), 201));
  app.get('/events', allow(STAFF), (c) => {
    const actor = c.get('actor');
    const slot = streams.open(actor);
    if (slot !== 'opened') return StreamSlots.refusal(slot, limits);
    return streamSSE(c, async (stream) => {
      let id = 0;
      let chain = Promise.resolve();
      const write = (event: string, data: unknown): void => {
        chain = chain.then(() => stream.writeSSE({ event, id: String(++id), data: JSON.stringify(data) })).catch(() => undefined);
      };
      const unsubscribe = [
        st.on('movement.posted', (event) => write('movement.posted', { movement: event.movement })),
        st.on('count.variance', (event) => write('count.variance', { sessionId: event.sessionId, line: event.line })),
      ];
      const heartbeat = setInterval(() => {
        chain = chain.then(() => stream.write(': keep-alive\n\n')).then(() => undefined).catch(() => undefined);
      }, heartbeatMs);
      const closed = new Promise<void>((resolve) => stream.onAbort(resolve));
      write('ready', {});
      await closed;
      clearInterval(heartbeat);
      for (const off of unsubscribe) off();
      streams.close(actor);
    });
  });

  if (options.scannerAppDir !== undefined) {
    const root = options.scannerAppDir;
    app.get('/', (c) => c.redirect('/scanner/'));
    app.get('/scanner', (c) => c.redirect('/scanner/'));
    app.use('/scanner/*', serveStatic({ root, rewriteRequestPath: (path) => path.replace(/^\/scanner/, '') }));
  }
  return app;
}
