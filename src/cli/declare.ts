import type { Labels } from '../domain/codes.js';
import type { Cli } from './context.js';
import type * as Readers from './options.js';
import type { output, ZodMiniType } from './zod.js';
import type { Ask } from './prompts.js';

/**
 * How a command is declared: everything the command line, the help, the argv pre-scans and the
 * reading of its values need to know about it, in one object in the module of its handler
 * (`commands/*.command.ts`), made by `command()`. The module is loaded only when its command runs, or
 * for help: the list (`commands/index.ts`) names the command by its path and the loader of its
 * module, so that start-up loads one command's module only.
 */
export interface Declaration {
  /** The words that name it: `intake`, `points item add`. */
  path: string;
  /** Its arguments, in order, each with its reader. */
  args?: readonly ArgSpec[];
  /** One line of help: Chinese, then English. */
  help: string;
  options?: readonly OptionSpec[];
  /** One command line that uses it, without `hongwu ` (a `\` at a line's end continues it). */
  example: string;
  /** What the help shows instead of the example, where it says more (a cron line). */
  exampleHelp?: string;
  /** It prints rows: `--csv` is allowed (elsewhere it is refused before anything is done). */
  rows?: true;
  /** Its handler: called with what its readers read (see `act.ts`). */
  // biome-ignore lint/suspicious/noExplicitAny: each command's handler takes its own values
  run: (cli: Cli, values: any, given: Given<any>) => Promise<void>;
}

/**
 * A reader: the zod schema of one value, built from the shared readers of `options.ts` the first
 * time the command runs (they are handed over then, so that neither zod nor a schema is loaded at
 * start-up).
 */
export type Read<S extends ZodMiniType = ZodMiniType> = (r: typeof Readers) => S;

/**
 * Whether a value must be there: `optional` (absent is undefined), `required`, `default` (absent is
 * the fallback) or `asked`: the handler asks for it on a terminal when it is missing (`Given.ask`),
 * so the command line may leave it out.
 */
export type Presence = 'optional' | 'required' | 'default' | 'asked';

/** What a flag or an argument is, for the help and the readers. */
interface Valued<K extends string, S extends ZodMiniType, P extends Presence> {
  /** The name its value is handed over under: `--per-m2` → `perM2`, `<number>` → `number`. */
  key: K;
  /** The reader of a value that is there. */
  read: Read<S>;
  presence: P;
  /** The value when it is absent (`presence: 'default'`). */
  fallback?: unknown;
}

/** A flag as the help shows it (`--to <team|resident>`), with its help. */
export interface Flag {
  flags: string;
  help: string;
}

/** A flag of a command, its help and its reader. */
export interface OptionSpec<
  K extends string = string,
  S extends ZodMiniType = ZodMiniType,
  P extends Presence = Presence,
> extends Flag,
    Valued<K, S, P> {
  /** May be given again: its values are collected in a list (`--tag a --tag b`), each read by `read`. */
  repeatable?: true;
}

/** An argument of a command (`<number>`, `[rating]`: optional), with its reader. */
export interface ArgSpec<K extends string = string, S extends ZodMiniType = ZodMiniType, P extends Presence = Presence>
  extends Valued<K, S, P> {
  /** As commander reads it and the help shows it: `<number>`, `[rating]`. */
  name: string;
}

type Camel<S extends string> = S extends `${infer H}-${infer R}` ? `${H}${Capitalize<Camel<R>>}` : S;
/** `--per-m2 <yuan>` → `perM2`: the key of a flag, as `keyOf` makes it. */
type FlagKey<F extends string> = F extends `--${infer N} ${string}`
  ? Camel<N>
  : F extends `--${infer N}`
    ? Camel<N>
    : string;
/** `<number>`, `[rating]` → `number`, `rating`. */
type ArgKey<N extends string> = N extends `<${infer K}>` | `[${infer K}]` ? Camel<K> : string;

/** `--per-m2` → `perM2`: the key commander hands an option's value over under, as use cases name it. */
export const keyOf = (flag: string): string =>
  flag.replace(/^--/, '').replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());

/** `--out <file>` → `--out`: a flag's name. */
export const flagOf = (spec: Flag): string => spec.flags.split(/[ ,]/)[0]!;

/** A flag with a value, optional, read by `read` (`(r) => r.asTyped()`: the text as typed). */
export function option<const F extends string, S extends ZodMiniType>(
  flags: F,
  help: string,
  read: Read<S>,
): OptionSpec<FlagKey<F>, S, 'optional'> {
  return {
    flags,
    help,
    key: keyOf(flagOf({ flags, help })) as FlagKey<F>,
    read,
    presence: 'optional',
  };
}

/** A flag without a value (`--final`): false unless given. */
export const flag = <const F extends string>(flags: F, help: string) =>
  fallback(
    option(flags, help, (r) => r.z.boolean()),
    false,
  );

/** A flag that may be repeated, its values collected in order, each read by `read`. */
export function repeatable<const F extends string, S extends ZodMiniType>(
  flags: F,
  help: string,
  read: Read<S>,
): OptionSpec<FlagKey<F>, S, 'optional'> & { repeatable: true } {
  return { ...option(flags, help, read), repeatable: true };
}

type ArgPresence<N extends string> = N extends `[${string}` ? 'optional' : 'required';

/** An argument, required (`<name>`) or optional (`[name]`), read by `read`. */
export function argument<const N extends string, S extends ZodMiniType>(
  name: N,
  read: Read<S>,
): ArgSpec<ArgKey<N>, S, ArgPresence<N>> {
  const presence = (name.startsWith('[') ? 'optional' : 'required') as ArgPresence<N>;
  return { name, key: keyOf(name.slice(1, -1)) as ArgKey<N>, read, presence };
}

/** The same, handed over under another key than its name (`<building-unit-room>` as `address`). */
export const argumentAs = <const K extends string, S extends ZodMiniType, P extends Presence>(
  key: K,
  spec: ArgSpec<string, S, P>,
): ArgSpec<K, S, P> => ({ ...spec, key });

/** A flag or an argument, its presence now `P`. */
type Now<V, P extends Presence> = Omit<V, 'presence'> & { presence: P };

/** Required: a command line without it is refused (`commander` already refuses a missing `<argument>`). */
export const required = <V extends { presence: Presence }>(spec: V): Now<V, 'required'> => ({
  ...spec,
  presence: 'required',
});

/** Asked for on a terminal when missing (`Given.ask`); required once asked. */
export const asked = <V extends { presence: Presence }>(spec: V): Now<V, 'asked'> => ({
  ...spec,
  presence: 'asked',
});

/** Its value when absent. */
export const fallback = <V extends { presence: Presence }>(spec: V, value: unknown): Now<V, 'default'> => ({
  ...spec,
  presence: 'default',
  fallback: value,
});

type Spec = { key: string; read: Read; presence: Presence };
type ValueOf<X, Answered extends boolean> = X extends {
  read: Read<infer S>;
  presence: infer P;
}
  ?
      | (X extends { repeatable: true } ? output<S>[] : output<S>)
      | (P extends 'optional' ? undefined : P extends 'asked' ? (Answered extends true ? never : undefined) : never)
  : never;

/**
 * What a command's readers read, by key: its arguments and options. An `asked` value may be
 * missing until it is asked (`Answered`: after `Given.ask`).
 */
export type Values<Specs extends readonly Spec[], Answered extends boolean = false> = {
  [X in Specs[number] as X['key']]: ValueOf<X, Answered>;
};

/** What a handler is given beside the values read: what was typed, to ask on a terminal for what is missing. */
export interface Given<V> {
  /** The arguments and options as typed, by key: the prompts fill in what is missing. */
  values: Record<string, unknown>;
  /**
   * Asks on a terminal for what is missing (`askMissing`; without a terminal it fails naming it),
   * then reads every value again, the asked ones now required.
   */
  ask(asks: readonly Ask[], first?: () => Promise<void>): Promise<V>;
  /** Reads every value again, the asked ones now required: after prompts the handler made itself. */
  read(): V;
  /** A prompt's check of an answer for `key`, by the reader of its flag or argument (`answerCheck`). */
  check(key: string & keyof V): (answer: string) => true | string;
}

/** A command declared, waiting for its handler (`runs`), which is checked against what its readers read. */
export interface Declared<A extends readonly ArgSpec[], O extends readonly OptionSpec[]>
  extends Omit<Declaration, 'args' | 'options' | 'run'> {
  args?: A;
  options?: O;
  runs(
    run: (cli: Cli, values: Values<[...A, ...O]>, given: Given<Values<[...A, ...O], true>>) => Promise<void>,
  ): Declaration;
  /** The types of what its readers read, for `ValuesOf` and `GivenOf` (no such field is set). */
  types?: {
    values: Values<[...A, ...O]>;
    answered: Values<[...A, ...O], true>;
  };
}

/** What a declared command's readers read (an asked value may still be missing). */
export type ValuesOf<D extends { types?: { values: unknown } }> = NonNullable<D['types']>['values'];
/** What its handler is given to ask with (`Given.ask`), and what that reads. */
export type GivenOf<D extends { types?: { answered: unknown } }> = Given<NonNullable<D['types']>['answered']>;

/**
 * Declares a command: `command({ path, args, help, options, example }).runs(handler)`. The handler
 * takes its values as `ValuesOf<typeof declared>`, so that the compiler holds it to the readers.
 */
export function command<const A extends readonly ArgSpec[] = [], const O extends readonly OptionSpec[] = []>(
  declared: Omit<Declaration, 'args' | 'options' | 'run'> & {
    args?: A;
    options?: O;
  },
): Declared<A, O> {
  return { ...declared, runs: (run) => ({ ...declared, run }) };
}

/** A list of codes, as domain/codes.ts has them. */
type CodeList<C extends string> = { labels: Labels; codes: C[] };

/** A list of codes as the help shows them, each with its Chinese label: `walk_in 窗口来访、phone 电话`. */
export const codesText = (list: { labels: Labels; codes: readonly string[] }): string =>
  list.codes.map((c) => `${c} ${list.labels[c]!.zh}`).join('、');

type CodeReader<C extends string> = ReturnType<typeof Readers.code<C>>;

/**
 * A flag that takes a code: its help lists each code with its Chinese label (SPEC §12), generated
 * from domain/codes.ts so that the two never differ; either, or a unique part of a label, may be
 * typed (`code` in options.ts). With a fallback, that is its value when the flag is not given.
 */
export function codeOption<const F extends string, C extends string>(
  flags: F,
  help: string,
  list: CodeList<C>,
): OptionSpec<FlagKey<F>, CodeReader<C>, 'optional'>;
export function codeOption<const F extends string, C extends string>(
  flags: F,
  help: string,
  list: CodeList<C>,
  fallback: C,
): OptionSpec<FlagKey<F>, CodeReader<C>, 'default'>;
export function codeOption<const F extends string, C extends string>(
  flags: F,
  help: string,
  list: CodeList<C>,
  value?: C,
): OptionSpec<FlagKey<F>, CodeReader<C>> {
  const spec = option(flags, `${help}：${codesText(list)}${value ? `（默认 default ${value}）` : ''}`, (r) =>
    r.code(list),
  );
  return value === undefined ? spec : fallback(spec, value);
}

/**
 * `--at`: when it happened, for records typed in later (a date alone is 00:00). Its text is kept as
 * typed: the handler reads it in the database's time zone once the scope is open (`atOption`).
 */
export const at = (help = '实际时间 when it happened') => option('--at <t>', help, (r) => r.instant());

/** `--due`: a resolve deadline (a date alone is the end of that day; read by `dueOption` in the scope). */
export const due = (help = '办结期限 resolve by') => option('--due <date>', help, (r) => r.instant());

/** `--month`: a calendar month, `YYYY-MM`, `2026年11月` or `11月` (made `YYYY-MM` by `monthOption`). */
export const month = <const V extends string = 'YYYY-MM'>(help = '月份 month', value?: V) =>
  option(`--month <${value ?? 'YYYY-MM'}>` as `--month <${V}>`, help, (r) => r.month());

/**
 * A record named by name, phone or id (`--resident`, `--to`, `--by`), for the service to look up:
 * read as typed (`asTyped()`) or as a text that must not be blank (`text()`).
 */
export const reference = <const N extends string, const V extends string, S extends ZodMiniType>(
  flag: N,
  value: V,
  help: string,
  read: Read<S>,
) => option(`--${flag} <${value}>` as `--${N} <${V}>`, help, read);

/** `--bom`: a UTF-8 BOM before the CSV, so that Excel or WPS on Chinese Windows reads it as UTF-8. */
export const bom = () => flag('--bom', 'CSV 加 UTF-8 BOM（Excel/WPS 双击打开不乱码） UTF-8 BOM for Excel/WPS');

/** `--labels`: a CSV for people, with Chinese headers, labels and local times. */
export const labels = () =>
  flag('--labels', 'CSV 给人看：中文表头、中文名称、本地时间 CSV for people: Chinese headers and labels, local times');

/**
 * The flags of every command that prints rows (SPEC §13), declared once: the program adds them to
 * each `rows` command, except a flag the command declares itself (the report's `--out <file|dir>`).
 * Any of them asks for CSV unless `--json` is given.
 */
export const EXPORT_OPTIONS: readonly OptionSpec[] = [
  option('--out <file>', '写入文件（原子写入，不会写出半个文件） write to a file (atomic)', (r) => r.asTyped()),
  bom(),
  labels(),
];

/** The export flags a rows command takes from EXPORT_OPTIONS: those it does not declare itself. */
export function sharedOptions(declaration: Declaration): readonly OptionSpec[] {
  if (!declaration.rows) return [];
  const own = new Set((declaration.options ?? []).map(flagOf));
  return EXPORT_OPTIONS.filter((o) => !own.has(flagOf(o)));
}

/** `--yes`: replace an existing file. */
export const yes = () => flag('--yes', '覆盖已有文件 replace an existing file');

/** A global flag: `--<name>`, with a value or not (`--lang <zh|en>`, `--json`). */
export interface GlobalFlag extends Flag {
  name: string;
  valued: boolean;
}

const globalFlag = (name: string, value: string | undefined, help: string): GlobalFlag => ({
  name,
  valued: value !== undefined,
  flags: value === undefined ? `--${name}` : `--${name} <${value}>`,
  help,
});

/** The flags every command takes, declared once (SPEC §2). */
export const GLOBAL_FLAGS: readonly GlobalFlag[] = [
  globalFlag('db', 'path', '数据库文件或 postgres:// 地址 database file or postgres:// URL (env HONGWU_DB)'),
  globalFlag('community', 'code|name', '社区 community (env HONGWU_COMMUNITY)'),
  globalFlag('lang', 'zh|en', '界面语言 display language (env HONGWU_LANG)'),
  globalFlag('json', undefined, '输出 JSON output one JSON value'),
  globalFlag('csv', undefined, '输出 CSV (listings)'),
  globalFlag('no-color', undefined, '不用颜色 no colour (also NO_COLOR)'),
  globalFlag('operator', 'name', '经办人 who is acting (env HONGWU_OPERATOR)'),
];

/** Global flags that take a value: their value is not the command (`--db x.db list`). */
export const VALUED_GLOBALS = new Set(GLOBAL_FLAGS.filter((f) => f.valued).map((f) => `--${f.name}`));

/**
 * A global flag on a command line, read before commander does: its value (`--lang en`,
 * `--lang=en`; undefined if none follows), or null when the flag is not there.
 */
export function globalValue(argv: readonly string[], name: string): string | undefined | null {
  const flag = `--${name}`;
  const i = argv.findIndex((a) => a === flag || a.startsWith(`${flag}=`));
  if (i < 0) return null;
  return argv[i]!.includes('=') ? argv[i]!.split('=')[1] : argv[i + 1];
}
