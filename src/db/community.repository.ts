import type { Db, Tx } from './connection.js';
import type { Community } from './schema.js';

export function listCommunities(db: Db | Tx): Promise<Community[]> {
  return db.selectFrom('communities').selectAll().orderBy('id').execute();
}

export async function insertCommunity(
  tx: Tx,
  c: { code: string; name: string; street: string | null; created_at: string },
): Promise<Community> {
  return tx.insertInto('communities').values(c).returningAll().executeTakeFirstOrThrow();
}
