/**
 * The test files that run on PostgreSQL too (SPEC §14), in the `postgres` project of
 * test/vitest.config.ts. The list grows as the repositories' SQL is ported; a file about SQLite
 * files themselves (backup, WAL, read-only media, a full disk, the file's schema objects) stays
 * SQLite-only.
 */
export const POSTGRES_FILES = ['test/pg/*.test.ts', 'test/cli/demand-loop.test.ts'];
