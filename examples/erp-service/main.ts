/**
 * Starts the ERP service: `npx tsx examples/erp-service/main.ts` (PORT, default 8080).
 * Serves the built scanner app at /scanner/ when `examples/scanner-app/dist` exists.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import { createStocktake } from 'stocktake';
import { createApp } from './app.js';
import { openStorage } from './storage.js';

const opened = await openStorage();
const st = createStocktake({ storage: opened.storage });
const scannerAppDir = fileURLToPath(new URL('../scanner-app/dist/', import.meta.url));
const app = createApp({ st, ...(existsSync(scannerAppDir) ? { scannerAppDir } : {}) });
const port = Number(process.env['PORT'] ?? 8080);
const hostname = process.env['HOST'] ?? '127.0.0.1';

const server = serve({ fetch: app.fetch, port, hostname }, (info) => {
  console.log(`erp-service on http://${hostname}:${info.port} (${opened.description})`);
  console.log(`  OpenAPI: http://${hostname}:${info.port}/openapi.json`);
  if (existsSync(scannerAppDir)) console.log(`  scanner app: http://${hostname}:${info.port}/scanner/`);
});

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    server.close();
    void opened.close().then(() => process.exit(0));
  });
}
