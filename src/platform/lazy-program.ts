import type { Command } from 'commander';

/**
 * The program for one command line, built lazily: only the command it names. Building all ~40
 * with their options cost more than the command itself. For help, for a name that is no command
 * (`hongwu lsit`, to suggest `list`) and whenever unsure, every command is built.
 * `build(argv)` adds only the command `commandNamed` finds in `argv`; `build()` adds them all.
 * test/platform/lazy-program.test.ts holds it to the whole program, help for help.
 */
export function lazyProgram(build: (argv?: readonly string[]) => Command, argv: readonly string[]): Command {
  const program = build(argv);
  const named = commandNamed(program, argv);
  const built =
    typeof named !== 'string' || program.commands.some((c) => c.name() === named || c.aliases().includes(named));
  return built ? program : build();
}

/**
 * The command a command line names (the first argument that is no global option or its value);
 * null for none at all (`--version`); undefined for every command (help, or unsure). `program`
 * needs only its global options.
 */
export function commandNamed(program: Command, argv: readonly string[]): string | null | undefined {
  let version = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('-')) return arg;
    const option = program.options.find((o) => o.long === arg.split('=')[0] || o.short === arg);
    if (!option) return undefined;
    if (option.long === '--version') version = true;
    else if ((option.required || option.optional) && !arg.includes('=')) i++;
  }
  return version ? null : undefined;
}
