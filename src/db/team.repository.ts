import type { TeamKind } from '../domain/codes.js';
import type { Db, Tx } from './connection.js';
import type { Team } from './schema.js';

export function listTeams(db: Db | Tx, communityId: number): Promise<Team[]> {
  return db.selectFrom('teams').selectAll().where('community_id', '=', communityId).orderBy('id').execute();
}

export function findTeamById(db: Db | Tx, id: number): Promise<Team | undefined> {
  return db.selectFrom('teams').selectAll().where('id', '=', id).executeTakeFirst();
}

export function insertTeam(
  tx: Tx,
  t: { community_id: number; name: string; kind: TeamKind; created_at: string },
): Promise<Team> {
  return tx.insertInto('teams').values(t).returningAll().executeTakeFirstOrThrow();
}

/** How many open or assigned demands each team of the community holds. */
export async function countOpenByTeam(db: Db, communityId: number): Promise<Map<number, number>> {
  const rows = await db
    .selectFrom('demands')
    .select(['assignee_team_id as team', (eb) => eb.fn.countAll<number>().as('n')])
    .where('community_id', '=', communityId)
    .where('status', '=', 'assigned')
    .where('assignee_team_id', 'is not', null)
    .groupBy('assignee_team_id')
    .execute();
  return new Map(rows.map((r) => [r.team!, Number(r.n)]));
}
