import { bi, inLang } from '../domain/errors.js';
import type { Command } from 'commander';
import { demandByNumber, isDemandNumber } from '../services/demand.service.js';
import { resolveItem, resolveResident, resolveTeam } from '../services/references.js';
import type { Scope } from '../services/session.js';
import { csvRefused, makeCli, withScope, type Cli, type GlobalFlags } from './context.js';
import type { Io } from '../platform/io.js';
import { answerCheck, integer } from './options.js';
import { askMissing, type Ask } from './prompts.js';
import { itemChoices, meetingChoices, residentChoices, teamChoices, type Source } from './searches.js';

/**
 * SPEC §2 (Prompts): on a terminal, a command line missing a required argument (`hongwu points
 * earn`) asks for it as for a missing flag — residents, teams, items, meetings and topics by
 * search, the rest as text — and the answers complete the command line. Undefined when it may not
 * ask (no terminal): the caller reports the missing argument (exit 2). Loaded only when needed.
 */
export async function askForArguments(
  io: Io,
  command: Command,
  label: (name: string) => string | undefined,
): Promise<string[] | undefined> {
  const missing = command.registeredArguments.slice(command.args.length).filter((a) => a.required);
  if (missing.length === 0) return undefined;
  const cli = await makeCli(command.optsWithGlobals<GlobalFlags>(), io);
  if (!cli.interactive) return undefined;
  // No command with a required argument prints rows: --csv is refused before the questions.
  if (cli.csv) throw csvRefused();
  const values: Record<string, unknown> = {};
  const ask = (scope: Scope | undefined) =>
    askMissing(
      cli,
      values,
      missing.map((a) => askFor(cli, scope, a.name(), label(a.name()))),
    );
  // What was given is looked up first (`points redeem 不存在` fails before asking for the item).
  const given = command.registeredArguments
    .slice(0, command.args.length)
    .map((a, i) => [a.name(), String(command.args[i])] as const);
  const lookups = given.filter(([name]) => name in LOOKUPS);
  // A search or a lookup needs the file: opened once for all (`backup <file>` asks text only).
  if (lookups.length || missing.some((a) => a.name() in SEARCHES)) {
    const number = given.find(([name]) => name === 'number')?.[1];
    await withScope(
      cli,
      async (scope) => {
        for (const [name, value] of lookups) await LOOKUPS[name]!(scope, value);
        await ask(scope);
      },
      number,
    );
  } else await ask(undefined);
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

/** Given arguments that name a record: looked up before anything is asked (each throws as its command would). */
const LOOKUPS: Record<string, (scope: Scope, value: string) => Promise<unknown>> = {
  resident: (scope, value) => resolveResident(scope.db, scope.community.id, value),
  team: (scope, value) => resolveTeam(scope.db, scope.community.id, value),
  item: (scope, value) => resolveItem(scope.db, scope.community.id, value),
  number: (scope, value) => demandByNumber(scope, scope.db, value),
};

/** The arguments typed as text that are checked as they are answered. */
const CHECKS: Record<string, (cli: Cli) => (value: string) => true | string> = {
  points: (cli) => answerCheck(integer(1), cli.lang),
  n: (cli) => answerCheck(integer(1), cli.lang),
  number: (cli) => (value) =>
    isDemandNumber(value) || inLang(bi('诉求编号形如 202611-0007', 'demand numbers look like 202611-0007'), cli.lang),
};

function askFor(cli: Cli, scope: Scope | undefined, name: string, label: string | undefined): Ask {
  const base = { key: name, positional: true, message: inLang(bi(label ?? name, name), cli.lang) };
  const search = SEARCHES[name];
  if (scope && search) return { ...base, type: 'search', source: search(scope, cli) };
  return { ...base, type: 'text', validate: CHECKS[name]?.(cli) };
}
