import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // One file at a time: several files spawn many processes (concurrency, crash, fuzz); run side
    // by side on two cores they starve each other past SQLite's busy timeout.
    fileParallelism: false,
  },
});
