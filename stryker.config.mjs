/**
 * Mutation testing (`npm run mutate`, see docs/testing.md): the pure rules (the working-day
 * calendar among them), the report's metric SQL and the points ledger. Add the fee rules here as
 * they land. Slow: run it before closing an issue that touches these files, not in CI.
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'test/vitest.mutate.config.ts' },
  mutate: ['src/domain/**/*.ts', 'src/db/report.repository.ts', 'src/db/ledger.repository.ts'],
  coverageAnalysis: 'perTest',
  // Static mutants (module-level constants) need every test re-run for each: too slow to be worth it.
  ignoreStatic: true,
  // The machine is shared: one test process at a time.
  concurrency: 1,
  timeoutMS: 60_000,
  reporters: ['clear-text', 'progress-append-only', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
};
