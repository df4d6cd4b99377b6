import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { POSTGRES_FILES } from './postgres-files.js';
import { SERIAL_FILES } from './serial-files.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

const missing = SERIAL_FILES.filter((file) => !fs.existsSync(path.join(ROOT, file)));
if (missing.length > 0) throw new Error(`test/serial-files.ts names files that do not exist: ${missing.join(', ')}`);

/** POSTGRES_FILES as the files they name (each entry is a path or `<folder>/*.test.ts`). */
function expand(entries: readonly string[]): string[] {
  return entries.flatMap((entry) => {
    if (!entry.endsWith('/*.test.ts')) return [entry];
    const folder = entry.slice(0, -'/*.test.ts'.length);
    return fs
      .readdirSync(path.join(ROOT, folder))
      .filter((name) => name.endsWith('.test.ts'))
      .map((name) => `${folder}/${name}`);
  });
}

const common = {
  testTimeout: 30_000,
  hookTimeout: 30_000,
  pool: 'forks' as const,
};
// Two files at a time on two cores; the files in test/serial-files.ts (many processes at once,
// terminals, time budgets) one at a time, after the others: side by side they would starve each
// other past SQLite's busy timeout.
const twoAtATime = { ...common, fileParallelism: true, maxWorkers: 2 };
const oneAtATime = { ...common, fileParallelism: false, maxWorkers: 1 };

// Every temp folder of a run goes under one folder the run removes at the end (before the
// PostgreSQL server's own set-up, so that the server's folder is under it too).
const TEMP_ROOT = 'test/helpers/temp-root.ts';

const postgresFiles = expand(POSTGRES_FILES);
const postgres = {
  // Every command's statements make round trips to the server: a file's set-up takes longer.
  testTimeout: 60_000,
  hookTimeout: 60_000,
  env: { HONGWU_TEST_ENGINE: 'postgres' },
  globalSetup: [TEMP_ROOT, 'test/helpers/pg-global-setup.ts'],
  setupFiles: ['test/helpers/pg-test-file.ts'],
};

export default defineConfig({
  test: {
    ...common,
    // Both engines (SPEC §14): the whole suite on SQLite, then the files that hold on PostgreSQL
    // against a server the run starts itself. One engine alone: `npm run test:sqlite` / `test:pg`.
    projects: [
      {
        test: {
          ...twoAtATime,
          name: 'sqlite',
          include: ['test/**/*.test.ts'],
          exclude: ['test/pg/**', ...SERIAL_FILES],
          globalSetup: [TEMP_ROOT],
          sequence: { groupOrder: 0 },
        },
      },
      {
        test: {
          ...oneAtATime,
          name: 'sqlite-serial',
          include: SERIAL_FILES.filter((file) => !file.startsWith('test/pg/')),
          globalSetup: [TEMP_ROOT],
          sequence: { groupOrder: 1 },
        },
      },
      {
        test: {
          ...twoAtATime,
          ...postgres,
          name: 'postgres',
          include: postgresFiles.filter((file) => !SERIAL_FILES.includes(file)),
          sequence: { groupOrder: 2 },
        },
      },
      {
        test: {
          ...oneAtATime,
          ...postgres,
          name: 'postgres-serial',
          include: postgresFiles.filter((file) => SERIAL_FILES.includes(file)),
          sequence: { groupOrder: 3 },
        },
      },
    ],
  },
});
