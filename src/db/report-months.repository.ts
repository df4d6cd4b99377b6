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
 * Keeps rows computed in the read transaction that is still open, as of the snapshot they were
 * computed from: nothing is kept (false) if anyone committed a write since the snapshot began, or
 * holds one not yet committed, and the report is as it was. Neither case waits.
 * - SQLite: the write joins that transaction, which SQLite refuses at once to turn into a write one
 *   then (SQLITE_BUSY, without waiting); a file opened read-only refuses too.
 * - PostgreSQL (the snapshot opened with `writes`, see src/db/snapshot.ts): every write the triggers
 *   watch changes one row (migration pg/0022) before it deletes kept rows; changing it here fails at
 *   once if a write changed it since the snapshot (could not serialize) or holds it (NOWAIT). Then a
 *   later write waits for this transaction and deletes what it kept. A savepoint undoes the attempt.
 */
export async function keepMonths(store: Store, rows: readonly KeptMonth[]): Promise<boolean> {
  if (store.readOnly || rows.length === 0) return false;
  return store.engine === 'sqlite' ? keepInFile(store, rows) : keepOnServer(store.db, rows);
}

function keepInFile(store: Store, rows: readonly KeptMonth[]): boolean {
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

/** PostgreSQL's refusals that mean "not now": could not serialize, lock taken, read-only, a role that may only read. */
const NOT_NOW = new Set(['40001', '55P03', '25006', '42501']);

async function keepOnServer(db: Db, rows: readonly KeptMonth[]): Promise<boolean> {
  await sql`SAVEPOINT keep_months`.execute(db);
  try {
    await sql`SELECT n FROM hongwu.report_months_writes FOR UPDATE NOWAIT`.execute(db);
    await sql`UPDATE hongwu.report_months_writes SET n = n + 1`.execute(db);
    const values = sql.join(
      rows.map((r) => sql`(${r.community_id}, ${r.month}, ${r.part}, ${r.ends_at}, ${r.figures})`),
    );
    await sql`INSERT INTO report_months (community_id, month, part, ends_at, figures) VALUES ${values}
      ON CONFLICT (community_id, month, part)
      DO UPDATE SET ends_at = excluded.ends_at, figures = excluded.figures`.execute(db);
    await sql`RELEASE SAVEPOINT keep_months`.execute(db);
    return true;
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    if (typeof code !== 'string' || !NOT_NOW.has(code)) throw e;
    await sql`ROLLBACK TO SAVEPOINT keep_months`.execute(db);
    return false;
  }
}

/** Deletes a kept row if it still holds these figures (`doctor`, for a row a recount disagrees with). */
export async function forgetKeptMonth(db: Db, row: KeptMonth): Promise<void> {
  await sql`DELETE FROM report_months WHERE community_id = ${row.community_id} AND month = ${row.month}
    AND part = ${row.part} AND figures = ${row.figures}`.execute(db);
}
