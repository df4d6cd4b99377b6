import { type Kysely, sql } from 'kysely';

/**
 * Indexes for the monthly report (SPEC §7, §8): demands not yet first resolved at a month's end
 * (open_overdue), the ratings that reopened a demand, and topics by the month they were raised.
 * Frozen in time: never import application code here.
 */
const statements = [
  `CREATE INDEX demands_by_first_resolved ON demands (community_id, first_resolved_at, resolve_due_at, ` +
    `received_at, cancelled_at)`,
  `CREATE INDEX demand_events_reopening ON demand_events (at)
   WHERE type = 'rate' AND status_after IN ('open', 'assigned')`,
  `CREATE INDEX topics_by_raised ON topics (community_id, raised_at)`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
