import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { readerOf, typedValues } from '../../src/cli/act.js';
import { allCommands } from '../../src/cli/commands/index.js';
import { GLOBAL_FLAGS, sharedOptions } from '../../src/cli/declare.js';
import * as readers from '../../src/cli/options.js';
import type { Io } from '../../src/platform/io.js';
import { buildProgram } from '../../src/cli/program.js';

const COMMANDS = await allCommands();

/**
 * As sqlite-utils' test_commands_have_help: every command declares its help and one example, and
 * the example is a command line the real parser accepts and the command's readers read (the
 * handlers are swapped for a recorder, so no database is touched).
 */
const io: Io = {
  stdout: () => undefined,
  stderr: () => undefined,
  env: {},
  cwd: '.',
  stdinIsTTY: false,
  stdoutIsTTY: false,
  stderrIsTTY: false,
};

/** The words of an example as a POSIX shell splits them: double quotes, and `\` + newline continuing the line. */
function words(line: string): string[] {
  const out: string[] = [];
  let word: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (c === '\\' && line[i + 1] === '\n') i++;
    else if (c === '"') {
      const end = line.indexOf('"', i + 1);
      word = (word ?? '') + line.slice(i + 1, end);
      i = end;
    } else if (/\s/.test(c)) {
      if (word !== undefined) out.push(word);
      word = undefined;
    } else word = (word ?? '') + c;
  }
  if (word !== undefined) out.push(word);
  return out;
}

/** The program with every command's action replaced by one that records what it was given. */
function recordingProgram(seen: { path: string; args: unknown[]; options: Record<string, unknown> }[]): Command {
  const program = buildProgram(io, 'test');
  // A declared command may also be a group (`calendar` and `calendar set`): every declared path records.
  const declared = new Set(COMMANDS.map((c) => c.path));
  const leaves = (c: Command, path: string[]): void => {
    for (const sub of c.commands) {
      const at = [...path, sub.name()];
      if (declared.has(at.join(' ')))
        sub.action(
          (...args: unknown[]) =>
            void seen.push({ path: at.join(' '), args: args.slice(0, -2), options: (args.at(-1) as Command).opts() }),
        );
      if (sub.commands.length) leaves(sub, at);
    }
  };
  leaves(program, []);
  return program;
}

describe('every command', () => {
  it('is declared once, with help and an example', () => {
    expect(COMMANDS.length).toBeGreaterThan(35);
    expect(new Set(COMMANDS.map((c) => c.path)).size).toBe(COMMANDS.length);
    for (const c of COMMANDS) {
      expect(c.help.trim(), c.path).not.toBe('');
      expect(c.example.startsWith(`${c.path} `) || c.example === c.path, c.path).toBe(true);
    }
  });

  it('shows its example in its help', () => {
    for (const c of COMMANDS) {
      let out = '';
      const program = buildProgram({ ...io, stdout: (s) => void (out += s) }, 'test');
      let command: Command | undefined = program;
      for (const name of c.path.split(' ')) command = command?.commands.find((s) => s.name() === name);
      command!.outputHelp();
      expect(out, c.path).toContain(c.exampleHelp ?? `例 Example:\n  hongwu ${c.example}`);
    }
  });

  it('has an example that the real parser reads as that command, without touching a database', async () => {
    for (const c of COMMANDS) {
      const seen: { path: string; args: unknown[]; options: Record<string, unknown> }[] = [];
      const argv = words(c.example);
      await recordingProgram(seen).parseAsync(argv, { from: 'user' });
      expect(
        seen.map((s) => s.path),
        c.example,
      ).toEqual([c.path]);
      // Each flag of the example reached the command as an option.
      const flags = argv
        .filter((w) => w.startsWith('--'))
        .map((w) => w.slice(2).replace(/-([a-z])/g, (_, l: string) => l.toUpperCase()));
      const globals = ['db', 'community', 'lang', 'json', 'csv', 'color', 'operator'];
      for (const flag of flags.filter((f) => !globals.includes(f)))
        expect(seen[0]!.options, `${c.example}: --${flag}`).toHaveProperty(flag);
    }
  });

  it('has an example its readers read, as act() reads it before the handler', async () => {
    let refused = 0;
    for (const c of COMMANDS) {
      const seen: { path: string; args: unknown[]; options: Record<string, unknown> }[] = [];
      await recordingProgram(seen).parseAsync(words(c.example), { from: 'user' });
      const typed = typedValues(c, seen[0]!.args, seen[0]!.options);
      // Read as the command line is (an asked value may be missing), then as after the prompts.
      const read = readerOf(c);
      expect(() => read(typed, false), c.example).not.toThrow();
      const values = read(typed, true) as Record<string, unknown>;
      for (const a of c.args ?? []) {
        if (typed[a.key] !== undefined) expect(values[a.key], `${c.example}: <${a.key}>`).toBeDefined();
      }
      // A value the readers refuse is one line naming its flag (exit 2), before the handler runs.
      for (const o of (c.options ?? []).filter((o) => o.flags.includes('<'))) {
        const wrong = { ...typed, [o.key]: o.repeatable ? [''] : '\u200b' };
        const problem = (() => {
          try {
            read(wrong, true);
          } catch (e) {
            return (e as Error).message;
          }
        })();
        if (problem !== undefined) expect(problem, `${c.path} ${o.flags}`).toContain(o.flags.split(' ')[0]);
        if (problem !== undefined) refused++;
      }
    }
    // Most flags with a value have a reader that refuses an invisible one (text, codes, numbers, months).
    expect(refused).toBeGreaterThan(50);
  });

  it('gives every argument and option a reader: none is handed over unread', () => {
    const globals = new Set(GLOBAL_FLAGS.map((f) => f.flags.split(' ')[0]));
    for (const c of COMMANDS) {
      const specs = [...(c.args ?? []), ...(c.options ?? []), ...sharedOptions(c)];
      for (const s of specs) {
        // A reader is a zod schema, made from the shared readers of options.ts.
        expect(readers.z.safeParse(s.read(readers), undefined), `${c.path} ${s.key}`).toHaveProperty('success');
      }
      // Every flag the command line takes (as the help lists it) and every argument is read by one.
      const program = buildProgram(io, 'test');
      let command: Command | undefined = program;
      for (const name of c.path.split(' ')) command = command?.commands.find((s) => s.name() === name);
      const keys = new Set(specs.map((s) => s.key));
      for (const o of command!.options.filter((o) => !globals.has(o.long!)))
        expect(keys.has(o.attributeName()), `${c.path} ${o.long}`).toBe(true);
      expect(command!.registeredArguments.length, c.path).toBe((c.args ?? []).length);
    }
  });

  it('splits an example as the shell would', () => {
    expect(words('intake "3栋 门口" --channel 电话 \\\n    --resident 张三')).toEqual([
      'intake',
      '3栋 门口',
      '--channel',
      '电话',
      '--resident',
      '张三',
    ]);
  });
});
