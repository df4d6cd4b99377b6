import { type Kysely, sql } from 'kysely';

/**
 * The points ledger is append-only in the database itself (SPEC §5, migration 0002 refuses UPDATE
 * and DELETE). SQLite's `REPLACE INTO` / `INSERT OR REPLACE` got past that: it deletes the row in
 * the way of a new one without firing delete triggers (unless `recursive_triggers` is on, which
 * another program's connection need not set), so an entry could be rewritten with the same number,
 * or a reversal swapped for another. This trigger refuses any insert that would take the place of
 * an entry: the same id, or a second reversal of the same entry. (Before the insert, `NEW.id` is -1
 * when SQLite is to choose the id: that is no entry's place to take.)
 * Frozen in time: never import application code here.
 */
const statements = [
  `CREATE TRIGGER ledger_no_replace BEFORE INSERT ON ledger
   WHEN (NEW.id <> -1 AND EXISTS (SELECT 1 FROM ledger WHERE id = NEW.id))
     OR (NEW.reverses IS NOT NULL AND EXISTS (SELECT 1 FROM ledger WHERE reverses = NEW.reverses))
   BEGIN SELECT RAISE(ABORT, 'the points ledger is append-only: use points reverse'); END`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
