/**
 * The service's edge: limits on what a request may be, the headers private answers carry, and
 * CORS. Every refusal is problem+json like the rest of the API.
 */
import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { problem, problemResponse } from './problem.js';

/** Limits of one service; see {@link defaultLimits}. */
export interface ServiceLimits {
  /** The largest request body, in bytes; larger answers 413. */
  readonly maxBodyBytes: number;
  /** The longest path and query, in characters; longer answers 414. */
  readonly maxUrlLength: number;
  /** Event streams open at once over the whole service; beyond it 503 with `Retry-After`. */
  readonly maxEventStreams: number;
  /** Event streams one actor may hold open at once; beyond it 429. */
  readonly maxEventStreamsPerActor: number;
}

/**
 * The defaults: 1 MiB bodies (a full batch of 1 000 handheld entries is about 250 KiB), 4 096
 * characters of URL, 100 event streams, 5 per actor.
 */
export const defaultLimits: ServiceLimits = { maxBodyBytes: 1_048_576, maxUrlLength: 4096, maxEventStreams: 100, maxEventStreamsPerActor: 5 };

/** Cross-origin access for browser apps served from other origins. Off unless configured. */
export interface CorsOptions {
  /** Origins allowed to call the API, exactly as browsers send them, e.g. `https://erp.example`. */
  readonly origins: readonly string[];
  /** How long a browser may cache a preflight answer, in seconds; 600 by default. */
  readonly maxAgeSeconds?: number;
}

/** Request headers a cross-origin caller may send. */
const ALLOWED_HEADERS = ['authorization', 'content-type', 'idempotency-key', 'last-event-id'];
/** Response headers a cross-origin caller may read. */
const EXPOSED_HEADERS = ['location', 'idempotent-replayed', 'retry-after'];

/**
 * `X-Content-Type-Options: nosniff` on every answer, and `Cache-Control: no-store` on everything
 * but the public paths: stock figures and count documents must not stay in a shared cache or a
 * browser's back-forward history.
 *
 * @param isPublic - tells the public paths
 * @returns the middleware
 */
export function responseHeaders(isPublic: (path: string) => boolean): MiddlewareHandler {
  return async (c, next) => {
    await next();
    c.res.headers.set('x-content-type-options', 'nosniff');
    if (!isPublic(c.req.path)) c.res.headers.set('cache-control', 'no-store');
  };
}

/**
 * Refuses a path and query longer than `max` characters with 414. (Node itself answers 431 once
 * the request line and headers pass its 16 KiB header limit.)
 *
 * @param max - the longest accepted path and query
 * @returns the middleware
 */
export function urlLength(max: number): MiddlewareHandler {
  return async (c, next) => {
    const url = new URL(c.req.url);
    const length = url.pathname.length + url.search.length;
    if (length > max) return problemResponse(problem(414, 'url_too_long', 'limit', `The URL is ${length} characters long; the limit is ${max}`, { details: { limit: max } }));
    return next();
  };
}

/**
 * Every POST and PUT is a JSON route: `Content-Type` must be `application/json` (charset UTF-8
 * if given), else 415, so an HTML form on another site can never send a command (it cannot set
 * that type without a CORS preflight); a body over `maxBytes` is refused with 413 whether it says
 * its length or streams it.
 *
 * @param maxBytes - the largest accepted body
 * @returns the middleware
 */
export function jsonBodies(maxBytes: number): MiddlewareHandler {
  const limit = bodyLimit({
    maxSize: maxBytes,
    onError: () => problemResponse(problem(413, 'body_too_large', 'limit', `The request body is larger than ${maxBytes} bytes`, { details: { limit: maxBytes } })),
  });
  return async (c, next) => {
    if (c.req.method !== 'POST' && c.req.method !== 'PUT' && c.req.method !== 'PATCH') return next();
    // No body at all (e.g. POST /events/tokens): nothing to type-check; a route that needs one answers 400.
    if (c.req.header('content-length') === '0' && c.req.header('transfer-encoding') === undefined) return next();
    const type = c.req.header('content-type') ?? '';
    const [media, ...parameters] = type.split(';').map((part) => part.trim().toLowerCase());
    const charset = parameters.find((parameter) => parameter.startsWith('charset='));
    if (media !== 'application/json' || (charset !== undefined && charset !== 'charset=utf-8')) {
      return problemResponse(
        problem(415, 'unsupported_media_type', 'limit', `Send the body as application/json (got ${type === '' ? 'no Content-Type' : type})`),
        { accept: 'application/json' },
      );
    }
    return limit(c, next);
  };
}

/**
 * Answers preflights and marks cross-origin answers. Without `options` (the default) no origin is
 * allowed: a preflight gets 204 with `Allow` and no `Access-Control-*` headers, so the browser
 * refuses the cross-origin call. With `options`, a listed origin gets the methods of the path,
 * the headers it asked for among those the API reads, and `Vary: Origin`. An unknown path
 * answers 404 to OPTIONS as to any method.
 *
 * @param routes - the app's routes (`() => app.routes`), to learn the methods of each path
 * @param options - the allowed origins, or `undefined` for none
 * @returns the middleware
 */
export function cors(routes: () => readonly Route[], options: CorsOptions | undefined): MiddlewareHandler {
  const allowed = new Set(options?.origins ?? []);
  return async (c, next) => {
    const origin = c.req.header('origin');
    const allowedOrigin = origin !== undefined && allowed.has(origin) ? origin : undefined;
    if (c.req.method === 'OPTIONS') {
      const methods = methodsOf(routes(), c.req.path);
      if (methods.length === 0) return problemResponse(problem(404, 'route_not_found', 'not_found', `No route ${c.req.path}`));
      const headers: Record<string, string> = { allow: [...methods, 'OPTIONS'].join(', '), vary: 'Origin' };
      if (allowedOrigin !== undefined && c.req.header('access-control-request-method') !== undefined) {
        const asked = (c.req.header('access-control-request-headers') ?? '').split(',').map((name) => name.trim().toLowerCase());
        Object.assign(headers, {
          'access-control-allow-origin': allowedOrigin,
          'access-control-allow-methods': methods.join(', '),
          'access-control-allow-headers': ALLOWED_HEADERS.filter((name) => asked.includes(name)).join(', '),
          'access-control-max-age': String(options?.maxAgeSeconds ?? 600),
        });
      }
      return new Response(null, { status: 204, headers });
    }
    await next();
    if (allowed.size === 0) return;
    c.res.headers.append('vary', 'Origin');
    if (allowedOrigin !== undefined) {
      c.res.headers.set('access-control-allow-origin', allowedOrigin);
      c.res.headers.set('access-control-expose-headers', EXPOSED_HEADERS.join(', '));
    }
  };
}

/** A route as Hono lists it in `app.routes`. */
interface Route {
  readonly method: string;
  readonly path: string;
}

/** The methods the routes serve at a path (middleware registrations, method `ALL`, are not routes). */
function methodsOf(routes: readonly Route[], path: string): string[] {
  const served = new Set(routes.filter((route) => route.method !== 'ALL' && routePattern(route.path).test(path)).map((route) => route.method));
  return METHOD_ORDER.filter((method) => served.has(method));
}

const METHOD_ORDER = ['GET', 'PUT', 'POST', 'PATCH', 'DELETE'];
const patterns = new Map<string, RegExp>();

/** A Hono route path (`/counts/:id`, `/locations/:id{.+}`, `/scanner/*`) as a regular expression. */
function routePattern(path: string): RegExp {
  let pattern = patterns.get(path);
  if (pattern === undefined) {
    const source = path
      .split('/')
      .map((segment) => {
        const parameter = /^:\w+(?:\{(.+)\})?$/.exec(segment);
        if (parameter) return parameter[1] === undefined ? '[^/]+' : `(?:${parameter[1]})`;
        return segment === '*' ? '.*' : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      })
      .join('/');
    pattern = new RegExp(`^${source}$`);
    patterns.set(path, pattern);
  }
  return pattern;
}

/** Counts open event streams, over the service and per actor. */
export class StreamSlots {
  private total = 0;
  private readonly byActor = new Map<string, number>();

  constructor(private readonly limits: Pick<ServiceLimits, 'maxEventStreams' | 'maxEventStreamsPerActor'>) {}

  /**
   * Takes a slot for `actor`, or answers why not: `service` when the service is full, `actor`
   * when this actor holds its share.
   */
  open(actor: string): 'opened' | 'service' | 'actor' {
    if (this.total >= this.limits.maxEventStreams) return 'service';
    const held = this.byActor.get(actor) ?? 0;
    if (held >= this.limits.maxEventStreamsPerActor) return 'actor';
    this.total += 1;
    this.byActor.set(actor, held + 1);
    return 'opened';
  }

  /** Gives back a slot taken with {@link StreamSlots.open}. */
  close(actor: string): void {
    this.total -= 1;
    const held = (this.byActor.get(actor) ?? 1) - 1;
    if (held === 0) this.byActor.delete(actor);
    else this.byActor.set(actor, held);
  }

  /** The refusal of a stream that found no slot. */
  static refusal(why: 'service' | 'actor', limits: ServiceLimits): Response {
    return why === 'service'
      ? problemResponse(problem(503, 'too_many_streams', 'limit', `The service holds ${limits.maxEventStreams} event streams, its limit; retry later`, { details: { limit: limits.maxEventStreams, scope: 'service' } }), { 'retry-after': '5' })
      : problemResponse(problem(429, 'too_many_streams', 'limit', `You hold ${limits.maxEventStreamsPerActor} event streams, the limit per user; close one first`, { details: { limit: limits.maxEventStreamsPerActor, scope: 'actor' } }));
  }
}
