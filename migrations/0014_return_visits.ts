import { type Kysely, sql } from 'kysely';

/**
 * 回访: return visits that did not reach a rating (SPEC §10). A visit that reached the resident is
 * the `rate` event; one that did not (未接通 unreachable, 拒绝评价 declined) is a row here, and a
 * `final` one closes the demand unrated. Kept beside `demand_events` rather than in it: that table's
 * CHECK on its types would mean rebuilding millions of rows.
 * The partial index finds the demands waiting for a visit (status `resolved`) in order of their
 * resolve, for `today`. Frozen in time: never import application code here.
 */
const statements = [
  `CREATE TABLE demand_visits (
     id INTEGER PRIMARY KEY,
     demand_id INTEGER NOT NULL REFERENCES demands(id),
     outcome TEXT NOT NULL CHECK (outcome IN ('unreachable', 'declined')),
     final INTEGER NOT NULL DEFAULT 0 CHECK (final IN (0, 1)),
     at TEXT NOT NULL,
     recorded_at TEXT NOT NULL,
     operator TEXT NOT NULL,
     note TEXT
   )`,
  `CREATE INDEX demand_visits_by_demand ON demand_visits (demand_id, at)`,
  `CREATE INDEX demand_visits_by_at ON demand_visits (at, demand_id)`,
  `CREATE INDEX demands_awaiting_visit ON demands (community_id, resolved_at) WHERE status = 'resolved'`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
