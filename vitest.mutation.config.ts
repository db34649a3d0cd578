/**
 * The tests mutation testing runs (`npm run mutation`): those that exercise the count engine, the
 * ledger and their guards through the in-memory store. The PostgreSQL suites check the same rules
 * on other adapters and would only make each mutant slower.
 */
import { defineConfig } from 'vitest/config';
import base from './vitest.config.js';

export default defineConfig({
  ...base,
  test: {
    ...base.test,
    include: [
      'test/count/**/*.test.ts',
      'test/ledger/**/*.test.ts',
      'test/property/**/*.test.ts',
      'test/fuzz/count-input.property.test.ts',
      'test/freeze.test.ts',
      'test/canonical.test.ts',
      'test/quantity/**/*.test.ts',
      'test/attribution/scenarios.test.ts',
      'test/storage/memory.conformance.test.ts',
      'test/policy/sampling/count-session.test.ts',
    ],
  },
});
