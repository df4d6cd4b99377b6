import { type Kysely, sql } from 'kysely';

/**
 * `resident show` lists who has seen a resident's full phone number (the audit log's entries for
 * that resident, newest first): this index finds them without reading the whole log.
 * Frozen in time: never import application code here.
 */
const statements = [`CREATE INDEX audit_log_by_subject ON audit_log (subject, action, id)`];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
