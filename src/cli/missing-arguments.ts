import type { Command } from 'commander';
import type { Scope } from '../services/session.js';
import { makeCli, withScope, type Cli, type GlobalFlags } from './context.js';
import type { Io } from './io.js';
import { askMissing, type Ask } from './prompts.js';
import { itemChoices, meetingChoices, residentChoices, teamChoices, type Source } from './searches.js';

/**
 * SPEC §2 (Prompts): on a terminal, a command line missing a required argument (`hongwu points
 * earn`) asks for it as for a missing flag — residents, teams, items, meetings and topics by
 * search, the rest as text — and the answers complete the command line. Undefined when it may not
 * ask (no terminal): the caller reports the missing argument (exit 2). Loaded only when needed.
 */
export async function askForArguments(io: Io, command: Command, label: (name: string) => string | undefined): Promise<string[] | undefined> {
  const missing = command.registeredArguments.slice(command.args.length).filter((a) => a.required);
  if (missing.length === 0) return undefined;
  const cli = await makeCli(command.optsWithGlobals<GlobalFlags>(), io);
  if (!cli.interactive) return undefined;
  const values: Record<string, unknown> = {};
  const ask = (scope: Scope | undefined) => askMissing(cli, values, missing.map((a) => askFor(cli, scope, a.name(), label(a.name()))));
  // A search needs the file: opened once for all the questions (`backup <file>` asks text only).
  if (missing.some((a) => a.name() in SEARCHES)) await withScope(cli, ask);
  else await ask(undefined);
  return missing.map((a) => String(values[a.name()]));
}

/** The arguments found by search, by their names in the command lines. */
const SEARCHES: Record<string, (scope: Scope, cli: Cli) => Source> = {
  resident: (scope, cli) => residentChoices(scope, cli.lang),
  team: (scope, cli) => teamChoices(scope, cli.lang),
  item: (scope, cli) => itemChoices(scope, cli.lang),
  meeting: (scope, cli) => meetingChoices(scope, cli.lang),
  'meeting|topic': (scope, cli) => meetingChoices(scope, cli.lang, true),
};

function askFor(cli: Cli, scope: Scope | undefined, name: string, label: string | undefined): Ask {
  const base = { key: name, positional: true, message: cli.lang === 'zh' ? (label ?? name) : name };
  const search = SEARCHES[name];
  return scope && search ? { ...base, type: 'search', source: search(scope, cli) } : { ...base, type: 'text' };
}
