/**
 * Serves the app on Node with timeouts that cap slow clients: a client that trickles its headers
 * or its body holds a connection for seconds, not minutes.
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { serve } from '@hono/node-server';

/** How long a client may take to send a request; see {@link defaultTimeouts}. */
export interface ServerTimeouts {
  /** Until the request's headers are complete, in ms; then Node answers 408 and closes. */
  readonly headersTimeoutMs: number;
  /** Until the whole request, body included, is received, in ms; then 408 and closed. */
  readonly requestTimeoutMs: number;
  /** How long an idle keep-alive connection stays open, in ms. */
  readonly keepAliveTimeoutMs: number;
  /** How often Node checks the two request timeouts, in ms (they fire up to this late). */
  readonly checkIntervalMs: number;
}

/**
 * The defaults: 10 s for the headers, 30 s for a whole request (a full batch of entries takes
 * well under a second on a slow mobile link), 5 s idle keep-alive, checked every second. An
 * open event stream is not a request being received, so neither limit closes it.
 */
export const defaultTimeouts: ServerTimeouts = { headersTimeoutMs: 10_000, requestTimeoutMs: 30_000, keepAliveTimeoutMs: 5_000, checkIntervalMs: 1_000 };

/** Options of {@link listen}. */
export interface ListenOptions {
  readonly port: number;
  readonly hostname: string;
  readonly timeouts?: Partial<ServerTimeouts>;
}

/**
 * Starts the HTTP server.
 *
 * @param fetch - the app's fetch handler
 * @param options - where to listen, and the timeouts
 * @returns the listening server and the port it got
 */
export async function listen(fetch: (request: Request) => Response | Promise<Response>, options: ListenOptions): Promise<{ server: Server; port: number }> {
  const timeouts = { ...defaultTimeouts, ...options.timeouts };
  const server = await new Promise<Server>((resolve) => {
    const started = serve(
      {
        fetch,
        port: options.port,
        hostname: options.hostname,
        serverOptions: {
          headersTimeout: timeouts.headersTimeoutMs,
          requestTimeout: timeouts.requestTimeoutMs,
          keepAliveTimeout: timeouts.keepAliveTimeoutMs,
          connectionsCheckingInterval: timeouts.checkIntervalMs,
        },
      },
      () => resolve(started as Server),
    );
  });
  return { server, port: (server.address() as AddressInfo).port };
}

/** What {@link readyLine} reports. */
export interface ReadyInfo {
  /** The base URL the service answers on. */
  readonly url: string;
  /** Where the data lives, e.g. `PGlite in …/data/`. */
  readonly storage: string;
  /** How callers authenticate, e.g. `JWT (HS256 secret)`. */
  readonly authentication: string;
  /** Whether the scanner app is served at `/scanner/`. */
  readonly scannerApp: boolean;
}

/**
 * The one line the service logs when it is ready to take requests: where it listens, on what
 * storage, how callers authenticate and where the OpenAPI document (and the scanner app) are.
 *
 * @param info - what to report
 * @returns the line, e.g. `erp-service ready on http://127.0.0.1:8080 (PGlite in data/; auth: JWT; OpenAPI: /openapi.json)`
 */
export function readyLine(info: ReadyInfo): string {
  const parts = [info.storage, `auth: ${info.authentication}`, `OpenAPI: ${info.url}/openapi.json`];
  if (info.scannerApp) parts.push(`scanner app: ${info.url}/scanner/`);
  return `erp-service ready on ${info.url} (${parts.join('; ')})`;
}
