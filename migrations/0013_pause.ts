import { type Kysely, sql } from 'kysely';

/**
 * Pausing the clock (挂起, SPEC §9) and the unit of a stored deadline.
 *
 * - `demands.paused_at`: when the current pause began; NULL when the demand is not paused.
 * - `demands.resolve_due_unit`: `wd` when the resolve deadline was counted in working days (a
 *   resume then moves it by the working days the pause took), else NULL (hours, days, a date
 *   typed with --due, the immediate tier's same-day rule: a resume moves it by the wall time).
 *   Demands taken in before this version had no working-day tiers: NULL is right for them all.
 * - `demand_events.type` takes `pause` (its note the reason) and `resume` (its `due_at` the moved
 *   resolve deadline, so the report reads it as of any instant like the deadline `assign --due`
 *   sets). SQLite cannot change a CHECK constraint in place: the table is rebuilt with the same
 *   columns, rows and ids, and its indexes are made again from their own stored definitions.
 * Frozen in time: never import application code here.
 */
const inList = (values: string[]) => values.map((v) => `'${v}'`).join(',');

const EVENT_TYPES = inList(['intake', 'assign', 'resolve', 'rate', 'cancel', 'pause', 'resume']);
const STATUSES = inList(['open', 'assigned', 'resolved', 'closed', 'cancelled']);
const OUTCOMES = inList(['resolved', 'mediated', 'not_mediated', 'referred', 'unresolvable']);
const RATINGS = inList(['satisfied', 'basic', 'unsatisfied']);

const statements = [
  `ALTER TABLE demands ADD COLUMN paused_at TEXT`,
  `ALTER TABLE demands ADD COLUMN resolve_due_unit TEXT CHECK (resolve_due_unit IN ('wd'))`,
  // `list --status paused`: just the paused demands, by community.
  `CREATE INDEX demands_paused ON demands (community_id, received_at) WHERE paused_at IS NOT NULL`,
  `CREATE TABLE demand_events_new (
     id INTEGER PRIMARY KEY,
     demand_id INTEGER NOT NULL REFERENCES demands(id),
     type TEXT NOT NULL CHECK (type IN (${EVENT_TYPES})),
     at TEXT NOT NULL,
     recorded_at TEXT NOT NULL,
     operator TEXT NOT NULL,
     note TEXT,
     status_after TEXT NOT NULL CHECK (status_after IN (${STATUSES})),
     team_id INTEGER REFERENCES teams(id),
     resident_id INTEGER REFERENCES residents(id),
     outcome TEXT CHECK (outcome IN (${OUTCOMES})),
     rating TEXT CHECK (rating IN (${RATINGS})),
     due_at TEXT
   )`,
  `INSERT INTO demand_events_new (id, demand_id, type, at, recorded_at, operator, note, status_after, team_id,
    resident_id, outcome, rating, due_at)
   SELECT id, demand_id, type, at, recorded_at, operator, note, status_after, team_id, resident_id, outcome, rating,
    due_at FROM demand_events`,
];

export async function up(db: Kysely<any>): Promise<void> {
  const { rows: indexes } = await sql<{ sql: string }>`
    SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'demand_events' AND sql IS NOT NULL ORDER BY
    name`.execute(db);
  for (const statement of statements) await sql.raw(statement).execute(db);
  await sql`DROP TABLE demand_events`.execute(db);
  await sql`ALTER TABLE demand_events_new RENAME TO demand_events`.execute(db);
  for (const index of indexes) await sql.raw(index.sql).execute(db);
}
