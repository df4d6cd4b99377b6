import { type Kysely, sql } from 'kysely';

/**
 * The monthly report's events of one community at a million demands (issue #21). `demand_events`
 * holds no `community_id`, so the resolutions and ratings of a window were read by type and time
 * from every community of the file and each one's demand looked up to keep a twenty-second of them:
 * the year to date of the Markdown report read ~160,000 events for ~8,500. A demand shows when it
 * was last resolved (`resolved_at`, set by each resolution, emptied by a reopening) and last rated
 * (`rated_at`): a demand with a resolution in a window was last resolved after the window began or is
 * open again, one with a rating in it was last rated after the window began. These two partial
 * indexes hold the demands by community and those instants, so the report starts from a community's
 * demands and reads only their events. Frozen in time: never import application code here.
 */
const statements = [
  'CREATE INDEX demands_by_resolved ON demands (community_id, resolved_at) WHERE resolved_at IS NOT NULL',
  'CREATE INDEX demands_by_rated ON demands (community_id, rated_at) WHERE rated_at IS NOT NULL',
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
