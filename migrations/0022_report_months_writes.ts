import type { Kysely } from 'kysely';

/**
 * What a server needs so that `report` keeps its months there too (issue #21): PostgreSQL's version,
 * migrations/pg/0022_report_months_writes.ts, notes every watched write on one row that a report
 * changes before it keeps. A file needs nothing: a report keeps in its own read transaction, which
 * SQLite refuses to turn into a write one if anyone committed since it began (SQLITE_BUSY_SNAPSHOT,
 * src/db/report-months.repository.ts). This step only keeps the schema versions of both engines equal.
 * Frozen in time: never import application code here.
 */
export async function up(_db: Kysely<any>): Promise<void> {}
