import { defineConfig } from 'vitest/config';

/**
 * The tests `npm run mutate` runs against each mutant: those that drive the code in this process
 * (a spawned binary runs dist/, which Stryker does not mutate), with the property tests on a fixed
 * seed so that a run's score can be repeated.
 */
export default defineConfig({
  test: {
    include: [
      'test/domain/**/*.test.ts',
      'test/unit/**/*.test.ts',
      'test/calendar/**/*.test.ts',
      'test/report/**/*.test.ts',
      'test/points/**/*.test.ts',
      'test/meetings/**/*.test.ts',
      'test/cli/demand-loop.test.ts',
      'test/safety/doctor.test.ts',
    ],
    exclude: ['test/points/concurrency.test.ts', 'test/points/scenario.test.ts', 'test/meetings/meeting-e2e.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    env: { PROPERTY_SEED: '20261207', PROPERTY_RUNS: '10' },
  },
});
