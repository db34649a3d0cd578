/** Starts the service on a free loopback port over an in-memory PGlite, for the tests. */
import type { Server } from 'node:http';
import { PGlite } from '@electric-sql/pglite';
import { SignJWT } from 'jose';
import { createStocktake, type Stocktake, type StorageAdapter } from 'stocktake';
import { createPgliteStorage, migrate } from 'stocktake/postgres';
import { createApp, type CreateAppOptions } from '../app.js';
import { gatewayAuthenticate, jwtAuthenticate, type Authenticate, type Role } from '../auth.js';
import { authorizeByRole } from '../roles.js';
import { listen, type ServerTimeouts } from '../server.js';

/** The sample staff and their roles: li and zhao supervise, zhao approves, the others count. */
export const PEOPLE: Readonly<Record<string, readonly Role[]>> = {
  li: ['supervisor', 'counter'],
  zhao: ['supervisor', 'approver'],
  ana: ['counter'],
  wang: ['counter'],
  chen: ['counter'],
};

/** The HMAC secret the tests' identity provider signs tokens with. */
export const TEST_SECRET = 'erp-service-tests-secret-0123456789abcdef';

/** Signs a token as the tests' identity provider would. */
export async function signToken(actor: string, roles: readonly string[], options: { secret?: string; expiresIn?: string; audience?: string } = {}): Promise<string> {
  const jwt = new SignJWT({ roles: [...roles] }).setProtectedHeader({ alg: 'HS256' }).setSubject(actor).setIssuedAt().setExpirationTime(options.expiresIn ?? '5m');
  if (options.audience !== undefined) jwt.setAudience(options.audience);
  return jwt.sign(new TextEncoder().encode(options.secret ?? TEST_SECRET));
}

/** Options of {@link startService}. */
export interface StartOptions extends Omit<CreateAppOptions, 'st' | 'authenticate'> {
  /** A storage to use instead of a fresh in-memory PGlite. */
  readonly storage?: StorageAdapter;
  /** `jwt` (the default, as `main.ts`): bearer tokens signed with {@link TEST_SECRET}; `gateway`: trusted X-Actor and X-Roles headers. */
  readonly auth?: 'jwt' | 'gateway';
  /** An authenticate hook of the test's own, instead of `auth`. */
  readonly authenticate?: Authenticate;
  /** Server timeouts, over the defaults. */
  readonly timeouts?: Partial<ServerTimeouts>;
}

/** What {@link RunningService.call} sends besides the method and path. */
export interface CallOptions {
  /** Sent as JSON (a string is sent as it is). */
  readonly body?: unknown;
  /** Who calls: `li` by default; `null` for nobody. */
  readonly actor?: string | null;
  /** Their roles; from {@link PEOPLE} by default. */
  readonly roles?: readonly Role[];
  readonly headers?: Record<string, string>;
}

/** A running service. */
export interface RunningService {
  readonly url: string;
  readonly port: number;
  readonly st: Stocktake;
  /** Sends a request as `actor` (bearer token or gateway headers, as the service authenticates). */
  call(method: string, path: string, options?: CallOptions): Promise<Response>;
  close(): Promise<void>;
}

/**
 * Starts the service on 127.0.0.1 and a free port.
 *
 * @param options - app options, the authentication, and a storage to use instead of a fresh in-memory PGlite
 */
export async function startService(options: StartOptions = {}): Promise<RunningService> {
  const { storage: given, auth = 'jwt', authenticate, timeouts, ...appOptions } = options;
  const db = given === undefined ? await PGlite.create() : undefined;
  const storage = given ?? createPgliteStorage(db!);
  if (given === undefined) await migrate(storage);
  const st = createStocktake({ storage, policies: { authorize: authorizeByRole }, onListenerError: () => undefined });
  const hook = authenticate ?? (auth === 'jwt' ? jwtAuthenticate({ secret: TEST_SECRET }) : gatewayAuthenticate());
  const app = createApp({ st, authenticate: hook, ...appOptions });
  const { server, port } = await listen(app.fetch, { port: 0, hostname: '127.0.0.1', ...(timeouts === undefined ? {} : { timeouts }) });
  const url = `http://127.0.0.1:${port}`;
  const identity = async (actor: string | null, roles: readonly Role[] | undefined): Promise<Record<string, string>> => {
    if (actor === null) return {};
    const granted = roles ?? PEOPLE[actor] ?? [];
    return auth === 'jwt' ? { authorization: `Bearer ${await signToken(actor, granted)}` } : { 'x-actor': actor, 'x-roles': granted.join(',') };
  };
  return {
    url,
    port,
    st,
    async call(method, path, { body, actor = 'li', roles, headers = {} } = {}) {
      return fetch(url + path, {
        method,
        headers: {
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...(await identity(actor, roles)),
          ...headers,
        },
        ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
      });
    },
    async close() {
      await closeServer(server);
      await db?.close();
    },
  };
}

async function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

/** The sample catalog: a widget sold by the case, lot-tracked milk, three bins. */
export async function seedCatalog(service: RunningService): Promise<void> {
  const items = [
    { sku: 'WIDGET', name: 'Widget', baseUom: 'ea', gtin: '09506000134352', packs: [{ uom: 'case', factor: '12', gtin: '19506000134359' }], unitCost: '2.50' },
    { sku: 'MILK', name: 'Milk 1 l', baseUom: 'ea', gtin: '09506000134376', tracking: 'lot', unitCost: '1.20' },
  ];
  for (const item of items) {
    const response = await service.call('PUT', `/items/${item.sku}`, { body: item });
    if (response.status !== 200) throw new Error(`seeding ${item.sku}: ${response.status} ${await response.text()}`);
  }
  for (const id of ['WH1/A/01', 'WH1/A/02', 'WH1/B/01']) {
    const response = await service.call('PUT', `/locations/${id}`, { body: { kind: 'bin' } });
    if (response.status !== 200) throw new Error(`seeding ${id}: ${response.status} ${await response.text()}`);
  }
}
