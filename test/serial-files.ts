/**
 * Test files that run one at a time, after the others (test/vitest.config.ts): they start many
 * processes at once (concurrency, crash, fuzz), drive a terminal, fill a disk or time something,
 * and a neighbour on the same two cores would starve them past a busy timeout or a time budget.
 * Every other file runs two at a time. Paths, not patterns: the config checks each one exists.
 */
export const SERIAL_FILES = [
  'test/copy/interrupted.test.ts',
  'test/e2e/binary.test.ts',
  'test/e2e/concurrency.test.ts',
  'test/e2e/find-prompt.test.ts',
  'test/e2e/prompt.test.ts',
  'test/import/concurrency.test.ts',
  'test/import/large.test.ts',
  'test/import/terminal.test.ts',
  'test/pg/concurrency.test.ts',
  'test/platform/printed.test.ts',
  'test/points/concurrency.test.ts',
  'test/safety/backup.test.ts',
  'test/safety/crash.test.ts',
  'test/safety/fuzz.test.ts',
  'test/safety/hardening-clock.test.ts',
  'test/safety/hardening-disk.test.ts',
  'test/safety/hardening-files.test.ts',
  'test/services/one-transaction.test.ts',
];
