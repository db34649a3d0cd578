/** Starts the service on a free loopback port over an in-memory PGlite, for the tests. */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import { PGlite } from '@electric-sql/pglite';
import { createStocktake, type Stocktake, type StorageAdapter } from 'stocktake';
import { createPgliteStorage, migrate } from 'stocktake/postgres';
import { createApp, type CreateAppOptions } from '../app.js';

/** A running service. */
export interface RunningService {
  readonly url: string;
  readonly st: Stocktake;
  /** Sends a request; `body` is sent as JSON; the actor defaults to `li`. */
  call(method: string, path: string, options?: { body?: unknown; actor?: string | null; headers?: Record<string, string> }): Promise<Response>;
  close(): Promise<void>;
}

/**
 * Starts the service on 127.0.0.1 and a free port.
 *
 * @param options - app options, and a storage to use instead of a fresh in-memory PGlite
 */
export async function startService(options: Omit<CreateAppOptions, 'st'> & { storage?: StorageAdapter } = {}): Promise<RunningService> {
  const { storage: given, ...appOptions } = options;
  const db = given === undefined ? await PGlite.create() : undefined;
  const storage = given ?? createPgliteStorage(db!);
  if (given === undefined) await migrate(storage);
  const st = createStocktake({ storage, onListenerError: () => undefined });
  const app = createApp({ st, ...appOptions });
  const server = await new Promise<Server>((resolve) => {
    const started = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(started as Server));
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    st,
    call(method, path, { body, actor = 'li', headers = {} } = {}) {
      return fetch(url + path, {
        method,
        headers: {
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...(actor === null ? {} : { 'x-actor': actor }),
          ...headers,
        },
        ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
      });
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await db?.close();
    },
  };
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
