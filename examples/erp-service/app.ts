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
import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import { isStocktakeError, itemInputSchema, locationInputSchema, movementInputSchema, type FeedEvent, type Stocktake } from 'stocktake';
import { bearerToken, type Authenticate } from './auth.js';
import { countRoutes } from './count-routes.js';
import { countingRoutes } from './counting-routes.js';
import { createEventTokens, type EventTokens } from './event-tokens.js';
import { allow, claim, LOCATION_ID, locationParam, ProblemError, publicView, query, readJson, reply, STAFF, SUPERVISORS, validate, type Env } from './http.js';
import { buildOpenApi } from './openapi.js';
import { fromError, fromPostResult, problem, problemResponse } from './problem.js';
import { actingAs } from './roles.js';
import { cors, defaultLimits, jsonBodies, responseHeaders, StreamSlots, urlLength, type CorsOptions, type ServiceLimits } from './security.js';
import { balancesQuerySchema, locationsQuerySchema, metricsPeriod, metricsQuerySchema, movementsQuerySchema, onHandQuerySchema } from './schemas.js';

export type { Env } from './http.js';

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

const PUBLIC = [/^\/$/, /^\/openapi\.json$/, /^\/health$/, /^\/scanner(\/.*)?$/];
const isPublic = (path: string): boolean => PUBLIC.some((pattern) => pattern.test(path));

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

  app.get('/health', (c) => reply(c, { ok: true }));
  app.get('/openapi.json', (c) => reply(c, openapi));

  // Catalog.
  app.put('/items/:sku', allow(SUPERVISORS), async (c) => {
    const sku = c.req.param('sku');
    const body = claim(await readJson(c), 'actor', c.get('actor'));
    if (body['sku'] !== undefined && body['sku'] !== sku) {
      throw new ProblemError(problem(400, 'invalid_input', 'invalid_input', 'The body names another sku than the path', { path: ['sku'] }));
    }
    const input = validate(itemInputSchema, { ...body, sku });
    return reply(c, await st.catalog.defineItem(input));
  });
  app.get('/items', async (c) => reply(c, await st.catalog.listItems()));
  app.get('/items/:sku', async (c) => {
    const item = await st.catalog.getItem(c.req.param('sku'));
    if (item === undefined) throw new ProblemError(problem(404, 'item_not_found', 'not_found', `No item ${c.req.param('sku')}`));
    return reply(c, item);
  });
  app.put(`/locations/${LOCATION_ID}`, allow(SUPERVISORS), async (c) => {
    const id = locationParam(c);
    const body = claim(await readJson(c), 'actor', c.get('actor'));
    if (body['id'] !== undefined && body['id'] !== id) {
      throw new ProblemError(problem(400, 'invalid_input', 'invalid_input', 'The body names another location than the path', { path: ['id'] }));
    }
    return reply(c, await st.catalog.defineLocation(validate(locationInputSchema, { ...body, id })));
  });
  app.get('/locations', async (c) => reply(c, await st.catalog.listLocations(query(c, locationsQuerySchema).subtree)));
  app.get(`/locations/${LOCATION_ID}`, async (c) => {
    const location = await st.catalog.getLocation(locationParam(c));
    if (location === undefined) throw new ProblemError(problem(404, 'location_not_found', 'not_found', `No location ${locationParam(c)}`));
    return reply(c, location);
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
    } else if (body['id'] === undefined) {
      throw new ProblemError(
        problem(400, 'invalid_input', 'invalid_input', 'A movement needs an id: send it in the Idempotency-Key header (or as "id" in the body)', {
          path: ['headers', 'Idempotency-Key'],
        }),
      );
    }
    const result = await st.ledger.post(validate(movementInputSchema, body));
    if (result.result === 'created') return reply(c, result, { status: 201, headers: { location: `/movements/${encodeURIComponent(result.id)}` } });
    if (result.result === 'exists') return reply(c, result, { headers: { 'idempotent-replayed': 'true' } });
    return problemResponse(fromPostResult(result));
  });
  app.get('/movements', allow(STAFF), async (c) => {
    const q = query(c, movementsQuerySchema);
    return reply(c, await st.ledger.movements(q));
  });
  app.get('/movements/:id', allow(STAFF), async (c) => {
    const movement = await st.ledger.get(c.req.param('id'));
    if (movement === undefined) throw new ProblemError(problem(404, 'movement_not_found', 'not_found', `No movement ${c.req.param('id')}`));
    return reply(c, movement);
  });
  app.get('/balances', allow(STAFF), async (c) => {
    const { asOf, ...filter } = query(c, balancesQuerySchema);
    return reply(c, await st.ledger.balances({ ...filter, ...(asOf === undefined ? {} : { asOf }) }));
  });
  app.get('/on-hand', allow(STAFF), async (c) => {
    const { asOf, sku, location, lot, serial } = query(c, onHandQuerySchema);
    const key = { sku, location, ...(lot === undefined ? {} : { lot }), ...(serial === undefined ? {} : { serial }) };
    const qty = await st.ledger.onHand(key, asOf === undefined ? {} : { asOf });
    return reply(c, { ...key, ...(asOf === undefined ? {} : { asOf }), qty });
  });

  countRoutes(app, st);
  countingRoutes(app, st);

  app.get('/metrics', allow(STAFF), async (c) => {
    const { by, depth, subtree, ...period } = query(c, metricsQuerySchema);
    const { from, to } = metricsPeriod(period, new Date());
    const groupBy =
      by === 'location' ? { by, ...(depth === undefined ? {} : { depth }), ...(subtree === undefined ? {} : { subtree }) } : { by };
    return reply(c, await st.metrics.compute({ from, to, groupBy }));
  });

  // Live updates for a supervisor screen.
  app.post('/events/tokens', allow(STAFF), async (c) => reply(c, await eventTokens.issue(c.get('principal')), { status: 201 }));
  app.get('/events', allow(STAFF), async (c) => {
    const actor = c.get('actor');
    // A reconnecting EventSource sends the id of the last event it got; a page that reopens the
    // stream itself may pass it in the query. Without one, the stream starts at the feed's end.
    const resume = resumeCursor(c.req.header('last-event-id'), c.req.query('lastEventId'));
    if (resume.after !== undefined) {
      try {
        await st.events.read({ after: resume.after, limit: 1 });
      } catch (error) {
        if (isStocktakeError(error) && error.code === 'invalid_cursor') {
          return problemResponse(problem(400, 'invalid_cursor', 'invalid_input', `${resume.source} is not an event id of this service's feed: reconnect without it`, { path: [resume.source] }));
        }
        throw error;
      }
    }
    const after = resume.after ?? (await st.events.latest());
    const slot = streams.open(actor);
    if (slot !== 'opened') return StreamSlots.refusal(slot, limits);
    return streamSSE(c, async (stream) => {
      const stop = new AbortController();
      stream.onAbort(() => stop.abort());
      let chain = Promise.resolve();
      const send = (write: () => Promise<unknown>): Promise<void> => (chain = chain.then(write).then(() => undefined).catch(() => stop.abort()));
      const heartbeat = setInterval(() => void send(() => stream.write(': keep-alive\n\n')), heartbeatMs);
      try {
        // The ready event carries the cursor the stream starts from, so a reconnect before any
        // event still resumes there.
        await send(() => stream.writeSSE({ event: 'ready', ...(after === undefined ? {} : { id: after }), data: '{}' }));
        for await (const feedEvent of st.events.follow({ ...(after === undefined ? {} : { after }), signal: stop.signal })) {
          const data = supervisorView(feedEvent);
          if (data !== undefined) await send(() => stream.writeSSE({ event: feedEvent.type, id: feedEvent.cursor, data: JSON.stringify(publicView(data)) }));
        }
      } finally {
        clearInterval(heartbeat);
        streams.close(actor);
      }
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

/** Where a reconnecting stream resumes: the `Last-Event-ID` header, else the `lastEventId` query. */
function resumeCursor(header: string | undefined, queried: string | undefined): { after: string; source: string } | { after?: undefined } {
  if (header !== undefined && header !== '') return { after: header, source: 'Last-Event-ID' };
  if (queried !== undefined && queried !== '') return { after: queried, source: 'lastEventId' };
  return {};
}

/** What a supervisor screen is sent of a feed event; `undefined` for the types it does not show. */
function supervisorView(feedEvent: FeedEvent): unknown {
  switch (feedEvent.type) {
    case 'movement.posted':
      return { movement: feedEvent.event.movement };
    case 'count.variance':
      return { sessionId: feedEvent.event.sessionId, line: feedEvent.event.line };
    default:
      return undefined;
  }
}
