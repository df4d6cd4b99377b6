import { type Kysely, sql } from 'kysely';

/**
 * The report's open work at a million demands (issue #21): `open_overdue` and the overdue list start
 * from every demand open now, and read of each its intake, first resolution, deadline and
 * cancellation; through `demands_by_status_due` each was a seek into the table's wide rows (a
 * cold `report --community all` spent seconds there reading pages from disk). This partial index
 * holds only the open demands, with every column that statement reads: it grows with the open
 * work, not with history. The year to date compares its complaints with last year's: the complaints
 * received in ten months of every community were counted by reading each demand received then for
 * its kind and cancellation (130 ms at a million); the second index holds the complaints alone, with
 * those columns. Plain SQL both engines read alike. Frozen in time: never import application code
 * here.
 */
const statements = [
  `CREATE INDEX demands_open_work ON demands (community_id, status, received_at, first_resolved_at, resolve_due_at,
    cancelled_at) WHERE status IN ('open', 'assigned')`,
  `CREATE INDEX demands_complaints ON demands (community_id, received_at, cancelled_at) WHERE kind = 'complaint'`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
