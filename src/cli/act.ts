import type { Command } from 'commander';
import { csvRefused, exportFlags, makeCli, withSession, type GlobalFlags } from './context.js';
import { flagOf, sharedOptions, type ArgSpec, type Declaration, type Given, type OptionSpec } from './declare.js';
import * as readers from './options.js';
import { askMissing } from './prompts.js';
import type { ZodMiniType } from './zod.js';
import type { Io } from '../platform/io.js';

const { answerCheck, parseOptions, z } = readers;

/**
 * A command's action: the global flags become a Cli; its arguments and options are read by the
 * readers its declaration gives them; then its handler runs with the values read. `--csv` is for
 * rows (`rows` marks the commands that print them); elsewhere it is refused before anything is
 * done, rather than ignored. `--out`, `--bom` and `--labels` become part of the Cli, so that every
 * listing honours them on one path (render/listing.ts).
 *
 * Which error comes first: a value the readers refuse (exit 2) is reported before the database is
 * opened, except by a command that asks for what is missing: it opens its database (exit 3 when it
 * cannot) before it reads, as its questions need the database (see docs/design.md).
 */
export async function act(declaration: Declaration, io: Io, args: readonly unknown[]): Promise<void> {
  const command = args.at(-1) as Command;
  const cli = await makeCli(command.optsWithGlobals<GlobalFlags>(), io);
  if (cli.csv && !declaration.rows) throw csvRefused();
  const options = command.opts();
  // A command that takes the shared --out writes its rows through printListing: the export flags go there.
  if (sharedOptions(declaration).some((o) => flagOf(o) === '--out')) exportFlags(cli, options);
  const typed = typedValues(declaration, args, options);
  const read = readerOf(declaration);
  let values: unknown;
  try {
    values = read(typed, false);
  } catch (e) {
    if (asks(declaration)) await withSession(cli, { create: false }, async () => undefined);
    throw e;
  }
  const given: Given<unknown> = {
    values: typed,
    async ask(questions, first) {
      await askMissing(cli, typed, questions, first);
      return read(typed, true);
    },
    read: () => read(typed, true),
    check(key) {
      const spec = specsOf(declaration).find((s) => s.key === key);
      if (!spec) throw new Error(`${declaration.path} has no value "${key}"`);
      return answerCheck(spec.read(readers), cli.lang);
    },
  };
  await declaration.run(cli, values, given);
}

/** What was typed, by key: the arguments (commander's strings, in order) and the options. */
export function typedValues(
  declaration: Declaration,
  args: readonly unknown[],
  options: Record<string, unknown>,
): Record<string, unknown> {
  const typed: Record<string, unknown> = { ...options };
  (declaration.args ?? []).forEach((a, i) => {
    if (args[i] !== undefined) typed[a.key] = args[i];
  });
  return typed;
}

/** Whether the handler asks for a value the command line may leave out. */
const asks = (declaration: Declaration) => specsOf(declaration).some((s) => s.presence === 'asked');

const specsOf = (declaration: Declaration): readonly (ArgSpec | OptionSpec)[] => [
  ...(declaration.args ?? []),
  ...(declaration.options ?? []),
  ...sharedOptions(declaration),
];

type Reader = (typed: Record<string, unknown>, answered: boolean) => unknown;
const built = new WeakMap<Declaration, Reader>();

/**
 * Reads what was typed by the declaration's readers: every problem at once, each naming its flag or
 * `<argument>` (`parseOptions`). An asked value may be missing, and an empty one is missing (the
 * prompt asks for it); once `answered`, the prompts have filled it. The schema is built the first
 * time the command runs, never at start-up, and once: the answers are read by the same one.
 */
export function readerOf(declaration: Declaration): Reader {
  const known = built.get(declaration);
  if (known) return known;
  const specs = specsOf(declaration);
  const schema = readers.lazySchema(() => {
    const shape: Record<string, ZodMiniType> = {};
    for (const spec of specs) {
      const one = spec.read(readers);
      const value = 'repeatable' in spec && spec.repeatable ? z.array(one) : one;
      shape[spec.key] =
        spec.presence === 'required'
          ? value
          : spec.presence === 'default'
            ? z._default(value, spec.fallback as never)
            : z.optional(value);
    }
    return z.object(shape);
  });
  const positional = (declaration.args ?? []).map((a) => a.key);
  const asked = specs.filter((s) => s.presence === 'asked').map((s) => s.key);
  const reader: Reader = (typed, answered) => {
    const unanswered = asked.filter((k) => typed[k] === undefined || typed[k] === '');
    // The prompts (askMissing) fill every asked value or fail: one left is the handler's slip.
    if (answered && unanswered.length) throw new Error(`${declaration.path}: ${unanswered.join(', ')} not asked`);
    const values = Object.fromEntries(Object.entries(typed).filter(([k]) => !unanswered.includes(k)));
    return parseOptions(schema(), values, positional);
  };
  built.set(declaration, reader);
  return reader;
}
