import { type Kysely, sql } from 'kysely';

/**
 * The monthly report's `open_overdue` on a big file read cold (cron on the 1st, after a reboot).
 * Its third part — demands resolved by the month's end yet open at it — walked every rating that
 * ever reopened a demand, in every community (`demand_events` holds no `community_id`), and read
 * each one's demand from the table: ~19,000 random reads on a million demands, a second from a
 * cold disk. Those demands are exactly the ones ever reopened, and a demand shows it itself: open
 * or assigned after a first resolution, or resolved again later than the first time (a reopening
 * empties `resolved_at`; each resolution sets it). This partial index holds just them, by
 * community; the report reads it instead of the index on ratings, which nothing else reads.
 * Frozen in time: never import application code here.
 */
const statements = [
  `CREATE INDEX demands_reopened ON demands (community_id, first_resolved_at)
   WHERE first_resolved_at IS NOT NULL AND (status IN ('open', 'assigned') OR resolved_at > first_resolved_at)`,
  `DROP INDEX demand_events_reopening`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
