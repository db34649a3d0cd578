import { defineConfig } from 'tsup';

export default defineConfig({
  entry: {
    index: 'src/index.ts',
    'scanner/index': 'src/scanner/index.ts',
    'postgres/index': 'src/storage/postgres/index.ts',
    'testing/index': 'src/testing/index.ts',
  },
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  splitting: true,
  treeshake: true,
  target: 'node20',
  // vitest is only needed by the conformance suite and is provided by the caller's test run.
  external: ['vitest', 'pg', '@electric-sql/pglite'],
});
