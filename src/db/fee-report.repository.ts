import { sql } from 'kysely';
import type { Db } from './connection.js';
import type { ReportWindow } from './report.repository.js';

/** The report's fee figures (SPEC §15), in fen, as of the window's `asOf`. */
export interface FeeCounts {
  fees_billed: number;
  fees_collected: number;
  fee_year_paid: number;
  fee_year_due: number;
  households_in_arrears: number;
}

/**
 * `year` is the report's calendar year as the half-open instants [start, end): a bill belongs to
 * it when its period's last day does, i.e. its (exclusive) period end lies in (start, end].
 * Everything is read as of `asOf`: bills issued, payments, allocations and waivers after it do not count.
 */
export async function feeCounts(db: Db, w: ReportWindow, year: { start: string; end: string }): Promise<FeeCounts> {
  const ids = sql.join(w.communityIds);
  const { rows } = await sql<FeeCounts>`
    WITH year_bills AS MATERIALIZED (
      SELECT b.id, b.amount FROM fee_bills b
       WHERE b.community_id IN (${ids}) AND b.issued_at <= ${w.asOf}
         AND b.period_end > ${year.start} AND b.period_end <= ${year.end}
    ), open_bills AS MATERIALIZED (
      SELECT b.house_id, b.amount
               - coalesce((SELECT sum(a.amount) FROM fee_allocations a WHERE a.bill_id = b.id AND a.at <= ${w.asOf}), 0)
               - coalesce((SELECT sum(x.amount) FROM fee_waivers x WHERE x.bill_id = b.id AND x.at <= ${w.asOf}), 0)
    AS outstanding
        FROM fee_bills b
       WHERE b.community_id IN (${ids}) AND b.issued_at <= ${w.asOf} AND b.period_start <= ${w.asOf}
    )
    SELECT
      coalesce((SELECT sum(amount) FROM fee_bills WHERE community_id IN (${ids}) AND issued_at >= ${w.start} AND
    issued_at <= ${w.asOf}), 0) AS fees_billed,
      coalesce((SELECT sum(amount) FROM fee_payments WHERE community_id IN (${ids}) AND at >= ${w.start} AND at <=
    ${w.asOf}), 0) AS fees_collected,
      coalesce((SELECT sum(a.amount) FROM fee_allocations a JOIN year_bills y ON y.id = a.bill_id WHERE a.at <=
    ${w.asOf}), 0) AS fee_year_paid,
      coalesce((SELECT sum(amount) FROM year_bills), 0)
        - coalesce((SELECT sum(x.amount) FROM fee_waivers x JOIN year_bills y ON y.id = x.bill_id WHERE x.at <=
    ${w.asOf}), 0) AS fee_year_due,
      (SELECT count(DISTINCT house_id) FROM open_bills WHERE outstanding > 0) AS households_in_arrears
  `.execute(db);
  return rows[0]!;
}
