import { type Kysely, sql } from 'kysely';

/**
 * The original resolve deadline on the intake event (SPEC §4, §7). From this version on, intake
 * records the resolve deadline it fixed in its event's `due_at`, as `assign --due` records the one
 * it sets; the deadline of a demand as of an instant T is then the `due_at` of its latest event up
 * to T that carries one, and the monthly report no longer changes when a deadline is moved after
 * the month's end.
 *
 * Backfill rule for files made before: a demand with no `assign` event carrying a `due_at` never
 * had its deadline moved, so `demands.resolve_due_at` is its original deadline and is copied onto
 * its intake event. A demand whose deadline was moved kept only the latest deadline in
 * `demands.resolve_due_at`; the original was never stored, so its intake event stays NULL, and
 * the report falls back to `demands.resolve_due_at` for an instant before the first move (the
 * figures such a file gave before this version).
 *
 * The index holds just the events that set a deadline, with the deadline itself: the report looks
 * up one demand's deadline as of an instant with one seek into it, never reading the events table
 * (with a million demands, a report of every community looks up some fifteen thousand).
 * Frozen in time: never import application code here.
 */
const statements = [
  `UPDATE demand_events SET due_at = (SELECT d.resolve_due_at FROM demands d WHERE d.id = demand_events.demand_id)
   WHERE type = 'intake' AND due_at IS NULL
     AND NOT EXISTS (SELECT 1 FROM demand_events moved
       WHERE moved.demand_id = demand_events.demand_id AND moved.type = 'assign' AND moved.due_at IS NOT NULL)`,
  `CREATE INDEX demand_events_deadlines ON demand_events (demand_id, at, id, due_at) WHERE due_at IS NOT NULL`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
