import type { Tx } from '../db/connection.js';
import type { Team } from '../db/schema.js';
import { countOpenByTeam, insertTeam, listTeams } from '../db/team.repository.js';
import type { TeamKind } from '../domain/codes.js';
import { bi, NotAllowedError, UsageError } from '../domain/errors.js';
import { step } from '../domain/next-step.js';
import { resolveTeam } from './references.js';
import type { Scope } from './session.js';
import { checkName, isBlank } from '../domain/text.js';

export interface TeamSummary extends Team {
  openDemands: number;
}

export async function addTeam(tx: Tx, scope: Scope, input: { name: string; kind: TeamKind }): Promise<Team> {
  const name = input.name.trim();
  if (isBlank(name)) throw new UsageError(bi('队伍名称不能为空', 'a team needs a name'));
  checkName(name, bi('队伍名称', 'the team name'));
  const existing = await listTeams(tx, scope.community.id);
  if (existing.some((t) => t.name === name)) {
    throw new NotAllowedError(
      bi(
        `${scope.community.name}已有名为“${name}”的队伍`,
        `a team named "${name}" already exists in ${scope.community.name}`,
      ),
      (s) => bi(`可用 ${s.zh(step('team list'))} 查看`, `see \`${s.en(step('team list'))}\``),
    );
  }
  return insertTeam(tx, {
    community_id: scope.community.id,
    name,
    kind: input.kind,
    created_at: scope.now.toISOString(),
  });
}

export async function teamList(scope: Scope): Promise<TeamSummary[]> {
  const [teams, open] = await Promise.all([
    listTeams(scope.db, scope.community.id),
    countOpenByTeam(scope.db, scope.community.id),
  ]);
  return teams.map((t) => ({ ...t, openDemands: open.get(t.id) ?? 0 }));
}

export async function findTeam(scope: Scope, ref: string): Promise<TeamSummary> {
  const team = await resolveTeam(scope.db, scope.community.id, ref, scope.notify);
  const open = await countOpenByTeam(scope.db, scope.community.id);
  return { ...team, openDemands: open.get(team.id) ?? 0 };
}
