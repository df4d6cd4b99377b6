import { type Kysely, sql } from 'kysely';

/**
 * The audit log says who saw which resident's full phone number and who changed what: it is
 * evidence, so, like the points ledger (0002, 0009), it is append-only in the database itself.
 * UPDATE and DELETE are refused, and so is an insert that would take an entry's place (`REPLACE
 * INTO` deletes the row in its way without firing delete triggers). `NEW.id` is -1 before the
 * insert when SQLite is to choose the id.
 * Frozen in time: never import application code here.
 */
const statements = [
  `CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
   BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END`,
  `CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
   BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END`,
  `CREATE TRIGGER audit_log_no_replace BEFORE INSERT ON audit_log
   WHEN NEW.id <> -1 AND EXISTS (SELECT 1 FROM audit_log WHERE id = NEW.id)
   BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
