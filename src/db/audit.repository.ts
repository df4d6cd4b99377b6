import type { Tx } from './connection.js';

/** Records who looked at or changed something that is not a demand (e.g. a full phone number). */
export async function appendAudit(
  tx: Tx,
  entry: { at: string; operator: string; action: string; subject: string; note?: string | null },
): Promise<void> {
  await tx.insertInto('audit_log').values({ ...entry, note: entry.note ?? null }).execute();
}
