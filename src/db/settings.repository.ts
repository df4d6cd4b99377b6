import type { Db, Tx } from './connection.js';

export async function readSettings(db: Db | Tx): Promise<Map<string, string>> {
  const rows = await db.selectFrom('settings').select(['key', 'value']).execute();
  return new Map(rows.map((r) => [r.key, r.value]));
}

export async function writeSetting(tx: Tx, key: string, value: string): Promise<void> {
  await tx
    .insertInto('settings')
    .values({ key, value })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
    .execute();
}

/** What one community set for itself (its tiers' durations, …). */
export async function readCommunitySettings(db: Db | Tx, communityId: number): Promise<Map<string, string>> {
  const rows = await db.selectFrom('community_settings').select(['key', 'value']).where('community_id', '=', communityId).execute();
  return new Map(rows.map((r) => [r.key, r.value]));
}

export async function writeCommunitySetting(tx: Tx, communityId: number, key: string, value: string): Promise<void> {
  await tx
    .insertInto('community_settings')
    .values({ community_id: communityId, key, value })
    .onConflict((oc) => oc.columns(['community_id', 'key']).doUpdateSet({ value }))
    .execute();
}
