import type { Db, Tx } from './connection.js';

/** Records who looked at or changed something that is not a demand (e.g. a full phone number). */
export async function appendAudit(
  tx: Tx,
  entry: { at: string; operator: string; action: string; subject: string; note?: string | null },
): Promise<void> {
  await tx
    .insertInto('audit_log')
    .values({ ...entry, note: entry.note ?? null })
    .execute();
}

/** How often an action was taken on a subject, and the latest `limit` times (newest first). */
export async function auditOf(
  db: Db | Tx,
  subject: string,
  action: string,
  limit: number,
): Promise<{ count: number; recent: { at: string; operator: string }[] }> {
  const where = db.selectFrom('audit_log').where('subject', '=', subject).where('action', '=', action);
  const { count } = await where.select((eb) => eb.fn.countAll<number>().as('count')).executeTakeFirstOrThrow();
  const recent = await where.select(['at', 'operator']).orderBy('id', 'desc').limit(limit).execute();
  return { count, recent };
}
