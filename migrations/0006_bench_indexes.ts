import { type Kysely, sql } from 'kysely';

/**
 * The monthly report on a big file (SPEC §8). `open_overdue` walks every rating that reopened a
 * demand up to the month's end, in every community, through `demand_events_reopening` (named by
 * the report's `INDEXED BY`). That index held only `at`, so each of its entries also read the
 * event's row for `demand_id`: 20,000 random reads on a file of a million demands. The index is
 * rebuilt under the same name with the columns the report reads, so it answers on its own.
 * Frozen in time: never import application code here.
 */
const statements = [
  `DROP INDEX demand_events_reopening`,
  `CREATE INDEX demand_events_reopening ON demand_events (at, demand_id, type, status_after)
   WHERE type = 'rate' AND status_after IN ('open', 'assigned')`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
