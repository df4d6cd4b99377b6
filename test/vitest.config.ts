import { defineConfig } from 'vitest/config';
import { POSTGRES_FILES } from './postgres-files.js';

const common = {
  testTimeout: 30_000,
  hookTimeout: 30_000,
  pool: 'forks' as const,
  // One file at a time: several files spawn many processes (concurrency, crash, fuzz); run side
  // by side on two cores they starve each other past SQLite's busy timeout.
  fileParallelism: false,
};

// Every temp folder of a run goes under one folder the run removes at the end (before the
// PostgreSQL server's own set-up, so that the server's folder is under it too).
const TEMP_ROOT = 'test/helpers/temp-root.ts';

export default defineConfig({
  test: {
    ...common,
    // Both engines (SPEC §14): the whole suite on SQLite, then the files that hold on PostgreSQL
    // against a server the run starts itself. One engine alone: `npm run test:sqlite` / `test:pg`.
    projects: [
      {
        test: {
          ...common,
          name: 'sqlite',
          include: ['test/**/*.test.ts'],
          exclude: ['test/pg/**'],
          globalSetup: [TEMP_ROOT],
          sequence: { groupOrder: 0 },
        },
      },
      {
        test: {
          ...common,
          name: 'postgres',
          include: POSTGRES_FILES,
          // Every command's statements make round trips to the server: a file's set-up takes longer.
          testTimeout: 60_000,
          hookTimeout: 60_000,
          env: { HONGWU_TEST_ENGINE: 'postgres' },
          globalSetup: [TEMP_ROOT, 'test/helpers/pg-global-setup.ts'],
          setupFiles: ['test/helpers/pg-test-file.ts'],
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
