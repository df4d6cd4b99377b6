import { type Kysely, sql } from 'kysely';

/**
 * `list --status open` (or any status, or the active ones) on a file with years of closed demands:
 * the rows come oldest first, and the only index in that order was by community and time of intake,
 * so SQLite read every demand of the community to find the few open ones (109 ms of SQL for 39 open
 * among 45,000 on the bench's million). This index gives each status's demands in order of intake;
 * `list` merges the streams of the statuses it shows and stops at the page it prints.
 * Frozen in time: never import application code here.
 */
const statements = [`CREATE INDEX demands_by_status_received ON demands (community_id, status, received_at)`];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
