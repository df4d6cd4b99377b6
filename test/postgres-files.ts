/**
 * Which test files run on PostgreSQL too (SPEC §14), in the `postgres` project of
 * test/vitest.config.ts, and why each other file does not. Every test file is in exactly one of
 * these lists (test/docs/postgres-files.test.ts checks it): a new file says where it belongs.
 */

/** The files that run on both engines: every command, JSON field, CSV column, figure and exit code. */
export const POSTGRES_FILES = [
  'test/pg/*.test.ts',
  'test/calendar/calendar-commands.test.ts',
  'test/calendar/tiers-and-pause.test.ts',
  'test/calendar/working-days.test.ts',
  'test/cli/community-by-number.test.ts',
  'test/cli/demand-loop.test.ts',
  'test/cli/find-by-part.test.ts',
  'test/cli/find.test.ts',
  'test/cli/help-labels.test.ts',
  'test/cli/month-and-words.test.ts',
  'test/cli/typed-input.test.ts',
  'test/copy/*.test.ts',
  'test/desk/care.test.ts',
  'test/desk/demand-json-visits.test.ts',
  'test/desk/today.test.ts',
  'test/desk/visits.test.ts',
  'test/e2e/find-prompt.test.ts',
  'test/e2e/prompt.test.ts',
  'test/exports/analyst-views.test.ts',
  'test/exports/listings.test.ts',
  'test/exports/report-csv.test.ts',
  'test/exports/report-md.test.ts',
  'test/fees/fees.cli.test.ts',
  'test/fees/import-houses.test.ts',
  'test/fees/ledger.property.test.ts',
  'test/fees/one-transaction.test.ts',
  'test/fees/seed-rate.test.ts',
  'test/meetings/backdated.test.ts',
  'test/meetings/meeting-e2e.test.ts',
  'test/meetings/meeting.test.ts',
  'test/points/concurrency.test.ts',
  'test/points/ledger-repository.test.ts',
  'test/points/ledger.property.test.ts',
  'test/points/points.cli.test.ts',
  'test/points/scenario.test.ts',
  'test/report/boundaries.test.ts',
  'test/report/edges.test.ts',
  'test/report/metrics.test.ts',
  'test/report/property.test.ts',
  'test/report/published.test.ts',
  'test/report/kept-triggers.test.ts',
  'test/report/ytd.test.ts',
  'test/safety/contract-edges.test.ts',
  'test/safety/hardening-clock.test.ts',
  'test/safety/hardening-input.test.ts',
  'test/safety/hardening-values.test.ts',
  'test/safety/privacy.test.ts',
  'test/services/field-errors.test.ts',
  'test/services/one-transaction.test.ts',
];

/** Files about SQLite files themselves, or built on what only a file has: SQLite only, each with its reason. */
export const SQLITE_ONLY: Readonly<Record<string, string>> = {
  'test/bench/find-plans.test.ts': "SQLite's query plans (EXPLAIN QUERY PLAN) for find's indexes",
  'test/bench/plans.test.ts': "SQLite's query plans for the report's and listings' indexes",
  'test/bench/sql-log.test.ts': "HONGWU_SQL_LOG's script of a file's statements (on a server it logs times only)",
  'test/cli/shell-words.test.ts': "a backup's hint, pasted into a shell (a server is backed up with pg_dump or copy)",
  'test/cli/find-files.test.ts': "find on 21,000 demands from the demo's bulk loader, and on an older file",
  'test/demo/*.test.ts': '`demo` makes a file (its bulk loader)',
  'test/docs/readme.test.ts': "the README's walk-through, on a file",
  'test/e2e/binary.test.ts': "the binary with files: the default path, a missing, newer or another program's file",
  'test/e2e/concurrency.test.ts': "a file's locking and busy timeout (a server's: test/pg/concurrency.test.ts)",
  'test/exports/streamed.test.ts': "exports of the demo's file",
  'test/fees/append-only.test.ts': "the file's triggers against REPLACE and the sqlite3 shell (test/pg/rules.test.ts)",
  'test/fees/demo-fees.test.ts': "the fees of the demo's file",
  'test/platform/code-cache.test.ts': "the binary's V8 compile cache, the same whatever the database",
  'test/platform/direct-writer.test.ts': 'the output writer in a pipeline, and the WAL files a command leaves',
  'test/points/append-only.test.ts':
    "the file's triggers against REPLACE and the sqlite3 shell (test/pg/rules.test.ts)",
  'test/report/kept-months.test.ts':
    "the months a report keeps, which only a file's report writes (a server reads them)",
  'test/report/kept-property.test.ts': "reports against a copy with nothing kept: only a file's report keeps months",
  'test/report/as-of-deadline.test.ts': "a file of schema 4 upgraded by SQLite's migrations",
  'test/safety/backup.test.ts': '`backup` copies a file (a server is backed up with pg_dump)',
  'test/safety/crash.test.ts': "SIGKILLs against a file's journal, then the sqlite3 shell's integrity check",
  'test/safety/file-edges.test.ts': 'a failed init or migration leaves the file and its folder as they were',
  'test/safety/fuzz.test.ts': 'random command lines against missing, garbage and read-only files',
  'test/safety/hardening-disk.test.ts': 'a full disk under the file and its backups',
  'test/safety/hardening-files.test.ts': "the file's mode, links and folders",
  'test/safety/hardening-leftovers.test.ts': 'read-only media and files left beside the database',
  'test/safety/hardening-privacy.test.ts': "the SQL log of a file, the audit log's triggers in the sqlite3 shell",
  'test/safety/many-participants.test.ts':
    '8,000 names looked up one query each: a round trip each on a server, past the 20 s a spawned command gets',
  'test/safety/doctor.test.ts':
    "doctor's checks of a file: integrity, WAL, mode, leftovers (on a server: test/pg/doctor.test.ts)",
  'test/safety/migration.test.ts': "older files upgraded by SQLite's migrations, with the copy taken first",
  'test/unit/connection.test.ts': "a file's connection: WAL and the busy timeout",
};

/** Files that exercise the database but do not run on PostgreSQL yet, with what they wait for. */
export const NOT_YET: Readonly<Record<string, string>> = {
  'test/import/*.test.ts': 'ported by the owner of `import`',
};

/** Files that use no database at all (pure rules, rendering, the program's shape): nothing to run twice. */
export const NO_DATABASE = [
  'test/cli/commands.test.ts',
  'test/cli/next-steps.test.ts',
  'test/docs/line-length.test.ts',
  'test/docs/postgres-files.test.ts',
  'test/domain/*.test.ts',
  'test/meetings/five-step.test.ts',
  'test/platform/lazy-program.test.ts',
  'test/platform/table.test.ts',
  'test/platform/zone-offsets.test.ts',
  'test/points/ledger.test.ts',
  'test/readers/readers.test.ts',
  'test/unit/deadlines.test.ts',
  'test/unit/demand-state.test.ts',
  'test/unit/report-format.test.ts',
  'test/unit/time.test.ts',
];
