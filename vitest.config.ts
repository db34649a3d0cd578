import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = (path: string) => fileURLToPath(new URL(`./src/${path}`, import.meta.url));

export default defineConfig({
  // Examples import the package by name, as users do; tests run them against the sources.
  resolve: {
    alias: [
      { find: /^stocktake$/, replacement: src('index.ts') },
      { find: /^stocktake\/scanner$/, replacement: src('scanner/index.ts') },
      { find: /^stocktake\/postgres$/, replacement: src('storage/postgres/index.ts') },
      { find: /^stocktake\/testing$/, replacement: src('testing/index.ts') },
      { find: /^stocktake\/testing\/arbitraries$/, replacement: src('testing/arbitraries.ts') },
      { find: /^stocktake\/testing\/conformance$/, replacement: src('testing/conformance/index.ts') },
    ],
  },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
