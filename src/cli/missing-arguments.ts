import type { Command } from 'commander';
import { listItems } from '../db/item.repository.js';
import { listMeetings } from '../db/meeting.repository.js';
import { searchResidents } from '../db/resident.repository.js';
import { listTeams } from '../db/team.repository.js';
import * as codes from '../domain/codes.js';
import { makeCli, withScope, type Cli, type GlobalFlags } from './context.js';
import type { Io } from './io.js';
import { say } from './i18n.js';
import { askMissing, type Ask } from './prompts.js';
import type { Scope } from '../services/session.js';

/**
 * SPEC §2 (Prompts): on a terminal, a command line missing a required argument (`hongwu points
 * earn`) asks for it as for a missing flag — residents, teams, items and meetings by search, the
 * rest as text — and the answers complete the command line. Undefined when it may not ask (no
 * terminal): the caller reports the missing argument (exit 2). Loaded only when it is needed.
 */
export async function askForArguments(io: Io, command: Command, label: (name: string) => string | undefined): Promise<string[] | undefined> {
  const missing = command.registeredArguments.slice(command.args.length).filter((a) => a.required);
  if (missing.length === 0) return undefined;
  const cli = await makeCli(command.optsWithGlobals<GlobalFlags>(), io);
  if (!cli.interactive) return undefined;
  const values: Record<string, unknown> = {};
  const ask = (scope: Scope | undefined) => askMissing(cli, values, missing.map((a) => askFor(cli, scope, a.name(), label(a.name()))));
  // A search needs the file: opened once for all the questions (a command without one, as backup, asks text only).
  if (missing.some((a) => SEARCHED.has(a.name()))) await withScope(cli, ask);
  else await ask(undefined);
  return missing.map((a) => String(values[a.name()]));
}

const SEARCHED = new Set(['resident', 'team', 'item', 'meeting', 'meeting|topic']);

function askFor(cli: Cli, scope: Scope | undefined, name: string, label: string | undefined): Ask {
  const L = cli.lang;
  const message = L === 'zh' ? (label ?? name) : name;
  const base = { key: name, positional: true, message };
  if (!scope || !SEARCHED.has(name)) return { ...base, type: 'text' };
  const community = scope.community.id;
  const matching = <T>(rows: T[], text: (row: T) => string, term: string) => rows.filter((r) => text(r).includes(term)).slice(0, 20);
  switch (name) {
    case 'resident':
      return { ...base, type: 'search', source: async (term) => (await searchResidents(scope.db, community, term, 20)).map((r) => ({ name: `${r.name}  #${r.id}`, value: `#${r.id}` })) };
    case 'team':
      return {
        ...base,
        type: 'search',
        source: async (term) => matching(await listTeams(scope.db, community), (t) => t.name, term).map((t) => ({ name: `${t.name}  ${codes.label(codes.teamKind, t.kind, L)}`, value: `#${t.id}` })),
      };
    case 'item':
      return {
        ...base,
        type: 'search',
        source: async (term) =>
          matching(await listItems(scope.db, community), (i) => i.name, term).map((i) => ({ name: `${i.name}  ${say(L, `${i.cost} 分`, `${i.cost} points`)}`, value: `#${i.id}` })),
      };
    default:
      return {
        ...base,
        type: 'search',
        source: async (term) => matching(await listMeetings(scope.db, community), (m) => `M${m.id} ${m.title}`, term).map((m) => ({ name: `M${m.id} ${m.title}`, value: `M${m.id}` })),
      };
  }
}
