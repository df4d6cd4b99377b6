import { sql } from 'kysely';
import type { Db, Store } from './connection.js';

/**
 * The report's figures of finished months, kept in `report_months` (migration 0021, whose triggers
 * delete a row when anything it was computed from is written). `community_id` 0 is the roll-up of
 * every community (`report --community all`).
 */
export type MonthPart = 'month' | 'year_to_date' | 'trend' | 'overdue';

export interface KeptMonth {
  community_id: number;
  month: string;
  part: MonthPart;
  /** When the month ends (UTC, exclusive): a write dated before it deletes the row. */
  ends_at: string;
  /** What was computed, as JSON. */
  figures: string;
}

/** The kept rows of one community (or the roll-up) for the months `from`…`to` (YYYY-MM). */
export async function keptMonths(db: Db, communityId: number, from: string, to: string): Promise<KeptMonth[]> {
  const { rows } = await sql<KeptMonth>`SELECT community_id, month, part, ends_at, figures FROM report_months
    WHERE community_id = ${communityId} AND month >= ${from} AND month <= ${to}`.execute(db);
  return rows;
}

/** Every kept row, for `doctor` to recompute. */
export async function everyKeptMonth(db: Db): Promise<KeptMonth[]> {
  const { rows } = await sql<KeptMonth>`SELECT community_id, month, part, ends_at, figures FROM report_months
    ORDER BY community_id, month, part`.execute(db);
  return rows;
}

/**
 * Keeps rows computed in the read transaction that is still open (SQLite): the write joins that
 * transaction, so the rows are those of the snapshot they were computed from. If anyone committed a
 * write since the snapshot began, or holds the write lock, SQLite refuses at once (SQLITE_BUSY,
 * without waiting: a read transaction that cannot become a write one never waits); a file opened
 * read-only refuses too. Then nothing is kept and the report is as it was: false.
 */
export function keepMonths(store: Store, rows: readonly KeptMonth[]): boolean {
  if (store.engine !== 'sqlite' || store.readOnly || rows.length === 0) return false;
  try {
    const insert = store.raw.prepare(
      `INSERT OR REPLACE INTO report_months (community_id, month, part, ends_at, figures)
       VALUES (@community_id, @month, @part, @ends_at, @figures)`,
    );
    for (const row of rows) insert.run(row);
    return true;
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_READONLY')))
      return false;
    throw e;
  }
}

/** Deletes a kept row if it still holds these figures (`doctor`, for a row a recount disagrees with). */
export async function forgetKeptMonth(db: Db, row: KeptMonth): Promise<void> {
  await sql`DELETE FROM report_months WHERE community_id = ${row.community_id} AND month = ${row.month}
    AND part = ${row.part} AND figures = ${row.figures}`.execute(db);
}
