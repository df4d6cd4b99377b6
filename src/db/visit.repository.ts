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
  const { rows } = await sql<VisitRow>`
    SELECT at, outcome, rating, final, note, operator FROM (
      SELECT e.at, 'reached' AS outcome, e.rating, 0 AS final, e.note, e.operator, e.id AS seq, 0 AS source
        FROM demand_events e WHERE e.demand_id = ${demandId} AND e.type = 'rate'
      UNION ALL
      SELECT v.at, v.outcome, NULL, v.final, v.note, v.operator, v.id, 1 FROM demand_visits v WHERE v.demand_id = ${demandId}
    ) ORDER BY at, source, seq`.execute(db);
  return rows;
}
