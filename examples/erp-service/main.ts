/**
 * Starts the ERP service: `npx tsx examples/erp-service/main.ts` (PORT, default 8080).
 * Authentication, limits and CORS come from the environment (`config.ts`, the README); without
 * an authentication setting it refuses to start. Serves the built scanner app at /scanner/ when
 * `examples/scanner-app/dist` exists.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createStocktake } from 'stocktake';
import { createApp } from './app.js';
import { configFromEnv } from './config.js';
import { authorizeByRole } from './roles.js';
import { listen, readyLine } from './server.js';
import { openStorage } from './storage.js';

const config = configFromEnv(process.env);
const opened = await openStorage();
const st = createStocktake({ storage: opened.storage, policies: { authorize: authorizeByRole } });
const scannerAppDir = fileURLToPath(new URL('../scanner-app/dist/', import.meta.url));
const app = createApp({
  st,
  authenticate: config.authenticate,
  eventTokens: config.eventTokens,
  limits: config.limits,
  ...(config.cors === undefined ? {} : { cors: config.cors }),
  ...(existsSync(scannerAppDir) ? { scannerAppDir } : {}),
});
const hostname = process.env['HOST'] ?? '127.0.0.1';
const { server, port } = await listen(app.fetch, { port: Number(process.env['PORT'] ?? 8080), hostname, timeouts: config.timeouts });
console.log(readyLine({ url: `http://${hostname}:${port}`, storage: opened.description, authentication: config.authentication, scannerApp: existsSync(scannerAppDir) }));

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    server.close();
    void opened.close().then(() => process.exit(0));
  });
}
