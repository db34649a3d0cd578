// Mutation testing of the count engine, the ledger and their guards: `npm run mutation`.
// Incremental: a rerun tests only mutants whose code or tests changed since the last run.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutation.config.ts', related: false },
  plugins: ['@stryker-mutator/vitest-runner'],
  // The decisions of counting and posting: the review, its line statuses and open locations, the
  // commands, the movement guards, and the ledger's preparation (and its whole-number path), history
  // checks and batches.
  mutate: [
    'src/count/review.ts',
    'src/count/line-status.ts',
    'src/count/open-locations.ts',
    'src/count/guards.ts',
    'src/count/counts.ts',
    'src/count/commands/*.ts',
    'src/ledger/post-batch.ts',
    'src/ledger/prepare.ts',
    'src/ledger/apply-whole.ts',
    'src/ledger/history.ts',
  ],
  coverageAnalysis: 'perTest',
  incremental: true,
  incrementalFile: 'mutation/stryker-incremental.json',
  reporters: ['json', 'clear-text', 'progress'],
  jsonReporter: { fileName: 'mutation/report.json' },
  concurrency: 2,
  timeoutMS: 30000,
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
};
