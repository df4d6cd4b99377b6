import type { Db, Tx } from './connection.js';
import type { ZoneOffset } from '../domain/time.js';

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
  const rows = await db
    .selectFrom('community_settings')
    .select(['key', 'value'])
    .where('community_id', '=', communityId)
    .execute();
  return new Map(rows.map((r) => [r.key, r.value]));
}

export async function writeCommunitySetting(tx: Tx, communityId: number, key: string, value: string): Promise<void> {
  await tx
    .insertInto('community_settings')
    .values({ community_id: communityId, key, value })
    .onConflict((oc) => oc.columns(['community_id', 'key']).doUpdateSet({ value }))
    .execute();
}

/** The ceiling of points, costs, stock and quantities per entry unless a community sets its own (SPEC §12). */
export const DEFAULT_MAX_POINTS = 100_000;

/**
 * The largest points, cost, stock or quantity one entry may carry in a community: its
 * `max_points` setting (`community set --max-points`), else 100,000. Every check reads it here.
 */
export async function maxPoints(db: Db | Tx, communityId: number): Promise<number> {
  const setting = (await readCommunitySettings(db, communityId)).get('max_points');
  const value = Number(setting);
  return setting !== undefined && Number.isSafeInteger(value) && value >= 1 ? value : DEFAULT_MAX_POINTS;
}

/** The database zone's offset periods, replaced whole (the zone is set once, at init; migration 0018). */
export async function writeZoneOffsets(tx: Tx, periods: readonly ZoneOffset[]): Promise<void> {
  await tx.deleteFrom('zone_offsets').execute();
  await tx
    .insertInto('zone_offsets')
    .values([...periods])
    .execute();
}
