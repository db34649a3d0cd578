import { defineConfig } from 'tsup';

export default defineConfig({
  entry: {
    index: 'src/index.ts',
    'scanner/index': 'src/scanner/index.ts',
    'postgres/index': 'src/storage/postgres/index.ts',
    'testing/index': 'src/testing/index.ts',
    'testing/arbitraries/index': 'src/testing/arbitraries.ts',
    'testing/conformance/index': 'src/testing/conformance/index.ts',
  },
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  splitting: true,
  treeshake: true,
  target: 'node20',
  // Optional peers stay imports of the caller's copies: fast-check (arbitraries, conformance),
  // vitest (passed in by the caller's test run), pg and PGlite (typed structurally, never imported).
  external: ['fast-check', 'vitest', 'pg', '@electric-sql/pglite'],
});
