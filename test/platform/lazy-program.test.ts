import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import type { Io } from '../../src/platform/io.js';
import { loadCommands } from '../../src/cli/commands/index.js';
import { buildProgram, programFor } from '../../src/cli/program.js';

const io: Io = {
  stdout: () => undefined,
  stderr: () => undefined,
  env: {},
  cwd: '.',
  stdinIsTTY: false,
  stdoutIsTTY: false,
  stderrIsTTY: false,
};
await loadCommands();
const full = buildProgram(io, 'test');
const ALL = full.commands.map((c) => c.name());
const names = async (argv: string[]) => (await programFor(io, 'test', argv)).commands.map((c) => c.name());

/** Every command below the program, with the path that names it (`points item add`). */
function everyCommand(command: Command, path: string[] = []): [string[], Command][] {
  return command.commands.flatMap((c) => [
    [[...path, c.name()], c] as [string[], Command],
    ...everyCommand(c, [...path, c.name()]),
  ]);
}

describe('building only the command named on the command line', () => {
  it('builds the one command named, after any global options and their values', async () => {
    expect(await names(['list'])).toEqual(['list']);
    expect(await names(['--db', 'list', '--lang', 'en', 'show', '202611-0001'])).toEqual(['show']);
    expect(await names(['--db=x.db', '--json', '--no-color', 'points', 'item', 'list'])).toEqual(['points']);
    expect(await names(['--version'])).toEqual([]);
  });

  it('builds every command for help, a name that is no command, or an option it does not know', async () => {
    for (const argv of [
      [],
      ['--help'],
      ['-h', 'list'],
      ['lsit'],
      ['--bogus', 'list'],
      ['--', 'list'],
      ['help', 'list'],
    ]) {
      expect(await names(argv)).toEqual(ALL);
    }
  });

  it('gives each command exactly the help, options and arguments of the whole program', async () => {
    const commands = everyCommand(full);
    expect(commands.length).toBeGreaterThan(40);
    for (const [path, command] of commands) {
      let built: Command | undefined = await programFor(io, 'test', ['--lang', 'en', ...path, '--help']);
      for (const name of path) built = built?.commands.find((c) => c.name() === name);
      expect(built?.helpInformation(), path.join(' ')).toBe(command.helpInformation());
    }
  });
});
