import { sql, type Insertable, type Selectable } from 'kysely';
import type { Db, Tx } from './connection.js';
import type { ActivitiesTable } from './schema.js';

/** One volunteer activity of a team (志愿服务活动); its participants' points are ledger entries. */
export type Activity = Selectable<ActivitiesTable>;

export interface ActivityWithParticipants extends Activity {
  /** Participants whose points stand (their entry not reversed). */
  participants: number;
}

export function insertActivity(tx: Tx, activity: Insertable<ActivitiesTable>): Promise<Activity> {
  return tx.insertInto('activities').values(activity).returningAll().executeTakeFirstOrThrow();
}

/** A team's activities, newest first. */
export function activitiesOfTeam(db: Db | Tx, teamId: number): Promise<ActivityWithParticipants[]> {
  return db
    .selectFrom('activities as a')
    .selectAll('a')
    .select(
      sql<number>`(SELECT count(*) FROM ledger l WHERE l.activity_id = a.id AND l.type = 'earn'
        AND NOT EXISTS (SELECT 1 FROM ledger x WHERE x.reverses = l.id))`.as('participants'),
    )
    .where('a.team_id', '=', teamId)
    .orderBy('a.at', 'desc')
    .orderBy('a.id', 'desc')
    .execute();
}
