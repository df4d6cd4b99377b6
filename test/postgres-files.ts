/**
 * The test files that run on PostgreSQL too (SPEC §14), in the `postgres` project of
 * test/vitest.config.ts. The list grows as the repositories' SQL is ported; a file about SQLite
 * files themselves (backup, WAL, read-only media, a full disk, the file's schema objects, doctor,
 * the bulk loader) stays SQLite-only.
 */
export const POSTGRES_FILES = [
  'test/pg/*.test.ts',
  'test/copy/*.test.ts',
  'test/cli/community-by-number.test.ts',
  'test/cli/demand-loop.test.ts',
  'test/cli/find-by-part.test.ts',
  'test/cli/month-and-words.test.ts',
  'test/cli/typed-input.test.ts',
  'test/desk/care.test.ts',
  'test/desk/demand-json-visits.test.ts',
  'test/desk/today.test.ts',
  'test/exports/report-csv.test.ts',
  'test/exports/report-md.test.ts',
  'test/fees/fees.cli.test.ts',
  'test/fees/import-houses.test.ts',
  'test/meetings/backdated.test.ts',
  'test/meetings/meeting-e2e.test.ts',
  'test/meetings/meeting.test.ts',
  'test/points/concurrency.test.ts',
  'test/points/scenario.test.ts',
  'test/report/boundaries.test.ts',
  'test/report/edges.test.ts',
  'test/report/property.test.ts',
  'test/report/published.test.ts',
  'test/report/ytd.test.ts',
  'test/services/field-errors.test.ts',
];
