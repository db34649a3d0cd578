/**
 * Tests of the reference integrations: `npm run test:examples`.
 * - erp-service: the HTTP service over an in-memory PGlite, driven with fetch;
 * - event-relay: the feed relayed to the local NATS JetStream (with STOCKTAKE_PG_URL);
 * - scanner-app-e2e: the built scanner app in headless Chromium against the service.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const repo = fileURLToPath(new URL('..', import.meta.url));
const src = (path: string): string => fileURLToPath(new URL(`../src/${path}`, import.meta.url));

/** The package's subpaths, mapped to the sources as tsconfig `paths` does. */
export const stocktakeAlias = [
  { find: /^stocktake$/, replacement: src('index.ts') },
  { find: /^stocktake\/scanner$/, replacement: src('scanner/index.ts') },
  { find: /^stocktake\/postgres$/, replacement: src('storage/postgres/index.ts') },
  { find: /^stocktake\/testing$/, replacement: src('testing/index.ts') },
];

export default defineConfig({
  root: repo,
  resolve: { alias: stocktakeAlias },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'erp-service',
          include: ['examples/erp-service/test/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'event-relay',
          include: ['examples/event-relay/test/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'scanner-app-e2e',
          include: ['examples/scanner-app/e2e/**/*.test.ts'],
          testTimeout: 180_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
