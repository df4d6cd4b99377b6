import { Command, Help } from 'commander';
import { GROUPS, loadCommands, loadedCommands } from './commands/index.js';
import { GLOBAL_FLAGS, sharedOptions, type Declaration } from './declare.js';
import type { Io } from '../platform/io.js';
import { commandNamed, lazyProgram } from '../platform/lazy-program.js';
import { displayWidth, wrapText } from '../platform/table.js';

/** The program for one command line: only the command it names (see platform/lazy-program.ts). */
export async function programFor(io: Io, version: string, argv: readonly string[]): Promise<Command> {
  await loadCommands(commandNamed(globalsOnly(), argv));
  return lazyProgram((only) => buildProgram(io, version, only), argv);
}

/** A program of the global flags alone: enough to find the command a command line names. */
function globalsOnly(): Command {
  const program = new Command('hongwu').version('', '-V, --version');
  for (const flag of GLOBAL_FLAGS) program.option(flag.flags, flag.help);
  return program;
}

/**
 * The program, built from the commands' declarations and the global flags (`declare.ts`): those
 * loaded (`loadCommands` in `commands/index.ts`), so that start-up pays for one command's module,
 * not for all of them. With `argv`, only the command it names is added (see `programFor`).
 */
export function buildProgram(io: Io, version: string, argv?: readonly string[]): Command {
  const program = new Command('hongwu');
  program
    .description('红物 hongwu — 红色物业社区治理：诉求受理、分派、办结、评价，志愿积分，红色议事厅，月度报表')
    .version(version, '-V, --version');
  for (const flag of GLOBAL_FLAGS) program.option(flag.flags, flag.help);
  program
    .exitOverride()
    // Help asked for goes to stdout; help shown for a missing sub-command goes to stderr. Errors
    // are printed by main.ts, in the clerk's language, so commander's own are silenced.
    .configureOutput({
      writeOut: (s) => io.stdout(s),
      writeErr: (s) => io.stderr(s),
      outputError: () => undefined,
    })
    // Help wraps its descriptions to the terminal by columns, a Chinese character taking two and
    // Chinese text breaking between characters (commander counts characters and breaks at spaces).
    // When the terminal leaves a description fewer than 40 columns beside its term, it goes on the
    // lines below, indented (commander would leave it unwrapped, for the terminal to cut mid-word).
    .configureHelp({
      displayWidth,
      boxWrap: (text, width) => (width < 40 ? text : wrapText(text, width)),
      formatItem(this: Help, term, termWidth, description, helper) {
        const width = this.helpWidth ?? 80;
        if (!description || width - termWidth - 4 >= 40)
          return Help.prototype.formatItem.call(this, term, termWidth, description, helper);
        return `  ${term}\n${wrapText(description, Math.max(20, width - 6)).replace(/^/gm, '      ')}`;
      },
    })
    .showSuggestionAfterError(true);

  const named = argv && commandNamed(program, argv);
  for (const declaration of loadedCommands()) {
    const words = declaration.path.split(' ');
    if (named === undefined || named === words[0]) addCommand(program, declaration, words, io);
  }
  return program;
}

/** One declared command, under its group (made the first time one of its commands is added). */
function addCommand(program: Command, declaration: Declaration, words: string[], io: Io): void {
  let parent = program;
  for (let i = 0; i < words.length - 1; i++) {
    const name = words[i]!;
    parent =
      parent.commands.find((c) => c.name() === name) ??
      parent.command(name).description(GROUPS[words.slice(0, i + 1).join(' ')] ?? '');
  }
  const args = (declaration.args ?? []).map((a) => a.name).join(' ');
  const command = parent.command(args ? `${words.at(-1)} ${args}` : words.at(-1)!).description(declaration.help);
  for (const o of [...(declaration.options ?? []), ...sharedOptions(declaration)]) {
    if (o.repeatable) command.option(o.flags, o.help, collect);
    else command.option(o.flags, o.help);
  }
  command.addHelpText('after', `\n${declaration.exampleHelp ?? `例 Example:\n  hongwu ${declaration.example}`}`);
  // The readers (zod) and the handler's module are loaded only when the command runs (act.ts).
  command.action(async (...args: unknown[]) => (await import('./act.js')).act(declaration, io, args));
}

const collect = (value: string, previous: string[] = []) => [...previous, value];
