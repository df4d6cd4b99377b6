import { bi, inLang } from '../../domain/errors.js';
import * as codes from '../../domain/codes.js';
import { teamPoints } from '../../services/points.service.js';
import { addTeam, findTeam, teamList, type TeamSummary } from '../../services/team.service.js';
import { runCommand } from '../../services/session.js';
import { withScope, type Cli } from '../context.js';
import { WORDS } from '../i18n.js';
import { printJson, printListing } from '../render/listing.js';
import { renderCard } from '../../platform/table.js';
import { activityRecord, memberRecord, renderTeamPoints } from '../views/points.view.js';
import { teamKind } from '../../domain/codes.js';
import { argument, asked, codeOption, command, type GivenOf, type ValuesOf } from '../declare.js';

const teamRecord = (team: TeamSummary) => ({
  id: team.id,
  name: team.name,
  kind: team.kind,
  open_demands: team.openDemands,
});

async function add(cli: Cli, _: unknown, given: GivenOf<typeof teamAdd>): Promise<void> {
  await withScope(cli, async (scope) => {
    const o = await given.ask([
      {
        key: 'kind',
        type: 'code',
        list: codes.teamKind,
        message: inLang(bi('队伍类型', 'Team kind'), cli.lang),
      },
    ]);
    const team = await runCommand(scope, (tx) => addTeam(tx, scope, o));
    if (cli.json) return printJson(cli, teamRecord({ ...team, openDemands: 0 }));
    cli.io.stdout(
      inLang(
        bi(
          `已添加队伍「${team.name}」（${codes.label(codes.teamKind, team.kind, 'zh')}，#${team.id}）\n`,
          `Added team "${team.name}" (${codes.label(codes.teamKind, team.kind, 'en')}, #${team.id})\n`,
        ),
        cli.lang,
      ),
    );
  });
}

async function list(cli: Cli): Promise<void> {
  await withScope(cli, async (scope) => {
    const L = cli.lang;
    printListing(cli, {
      rows: await teamList(scope),
      record: teamRecord,
      fields: ['id', 'name', 'kind', 'open_demands'],
      columns: {
        name: { header: 'team' },
        kind: { header: 'teamKind', codes: codes.teamKind },
      },
      header: [inLang(WORDS.id, L), inLang(WORDS.team, L), inLang(WORDS.teamKind, L), inLang(WORDS.openDemands, L)],
      cells: (x) => [x.id, x.name, codes.label(codes.teamKind, x.kind, L), x.openDemands],
      empty: inLang(
        bi(
          '还没有队伍：hongwu team add <名称> --kind volunteer',
          'No teams yet: hongwu team add <name> --kind volunteer',
        ),
        L,
      ),
    });
  });
}

async function show(cli: Cli, { team: ref }: ValuesOf<typeof teamShow>): Promise<void> {
  await withScope(cli, async (scope) => {
    const team = await findTeam(scope, ref);
    const volunteering = await teamPoints(scope, team.id);
    if (cli.json) {
      return printJson(cli, {
        ...teamRecord(team),
        activities: volunteering.activities.map((a) => activityRecord(a, scope.timeZone)),
        members: volunteering.members.map(memberRecord),
      });
    }
    const L = cli.lang;
    cli.io.stdout(
      renderCard(cli, [
        [inLang(WORDS.id, L), team.id],
        [inLang(WORDS.team, L), team.name],
        [inLang(WORDS.teamKind, L), codes.label(codes.teamKind, team.kind, L)],
        [inLang(WORDS.openDemands, L), team.openDemands],
      ]) + renderTeamPoints(cli, volunteering, scope.timeZone),
    );
  });
}

const teamAdd = command({
  path: 'team add',
  args: [argument('<name>', (r) => r.text())],
  help: '添加队伍 add a team',
  options: [asked(codeOption('--kind <kind>', '类型 kind', teamKind))],
  example: 'team add 党员先锋队 --kind party_vanguard',
});
export const addCommand = teamAdd.runs(add);

export const listCommand = command({
  path: 'team list',
  help: '列出队伍 list teams',
  example: 'team list',
  rows: true,
}).runs(list);

const teamShow = command({
  path: 'team show',
  args: [argument('<team>', (r) => r.asTyped())],
  help: '查看队伍 show a team',
  example: 'team show 党员先锋队',
});
export const showCommand = teamShow.runs(show);
