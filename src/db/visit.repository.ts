import { sql } from 'kysely';
import type { Db, Tx } from './connection.js';
import type { DemandVisitsTable } from './schema.js';
import type { Insertable } from 'kysely';

/** One return visit (回访): `reached` is a rating (`rate`), the others are `demand_visits` rows. */
export interface VisitRow {
  at: string;
  outcome: 'reached' | 'unreachable' | 'declined';
  /** The rating a reached visit recorded. */
  rating: string | null;
  final: number;
  note: string | null;
  operator: string;
}

export async function insertVisit(tx: Tx, v: Insertable<DemandVisitsTable>): Promise<void> {
  await tx.insertInto('demand_visits').values(v).execute();
}

/** A demand's return visits, oldest first: its ratings and the visits that reached none. */
export async function visitsOf(db: Db | Tx, demandId: number): Promise<VisitRow[]> {
  return (await visitsOfDemands(db, [demandId])).get(demandId) ?? [];
}

/**
 * The return visits of several demands (a page of `list --json`) in one query, by demand, each
 * oldest first. The ids go in as one JSON parameter: a page of any size stays one statement. The
 * CROSS JOINs walk the page's ids through each table's demand index, so the cost follows the page,
 * not every rating in the file.
 */
export async function visitsOfDemands(db: Db | Tx, demandIds: readonly number[]): Promise<Map<number, VisitRow[]>> {
  const byDemand = new Map<number, VisitRow[]>();
  if (demandIds.length === 0) return byDemand;
  const { rows } = await sql<VisitRow & { demand_id: number }>`
    WITH wanted(id) AS (SELECT value FROM json_each(${JSON.stringify(demandIds)}))
    SELECT demand_id, at, outcome, rating, final, note, operator FROM (
      SELECT e.demand_id, e.at, 'reached' AS outcome, e.rating, 0 AS final, e.note, e.operator, e.id AS seq, 0 AS source
        FROM wanted w CROSS JOIN demand_events e INDEXED BY demand_events_by_demand ON e.demand_id = w.id WHERE e.type
    = 'rate'
      UNION ALL
      SELECT v.demand_id, v.at, v.outcome, NULL, v.final, v.note, v.operator, v.id, 1
        FROM wanted w CROSS JOIN demand_visits v ON v.demand_id = w.id
    ) ORDER BY demand_id, at, source, seq`.execute(db);
  for (const { demand_id, ...visit } of rows) {
    const visits = byDemand.get(demand_id);
    if (visits) visits.push(visit);
    else byDemand.set(demand_id, [visit]);
  }
  return byDemand;
}
