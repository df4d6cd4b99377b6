import type { Labels } from '../domain/codes.js';
import type { Cli } from './context.js';

/**
 * How a command is declared: everything the command line, the help and the argv pre-scans need to
 * know about it, in one object in the module of its handler (`commands/*.command.ts`). The module is
 * loaded only when its command runs, or for help: the list (`commands/index.ts`) names the command
 * by its path and the loader of its module, so that start-up loads one command's module only.
 */
export interface Declaration {
  /** The words that name it: `intake`, `points item add`. */
  path: string;
  /** Its arguments, as commander reads them: `<number> [rating]`. */
  args?: string;
  /** One line of help: Chinese, then English. */
  help: string;
  options?: readonly OptionSpec[];
  /** One command line that uses it, without `hongwu ` (a `\` at a line's end continues it). */
  example: string;
  /** What the help shows instead of the example, where it says more (a cron line). */
  exampleHelp?: string;
  /** It prints rows: `--csv` is allowed (elsewhere it is refused before anything is done). */
  rows?: true;
  /** Its handler: called with the arguments, then the options. */
  run: Handler;
}

/** A command's handler: the arguments differ by command (commander hands over strings, then the options). */
export type Handler = (cli: Cli, ...args: never[]) => Promise<void>;

/** A flag of a command (`--to <team|resident>`) and its help. */
export interface OptionSpec {
  flags: string;
  help: string;
  /** May be given again: its values are collected in a list (`--tag a --tag b`). */
  repeatable?: true;
}

export const option = (flags: string, help: string): OptionSpec => ({ flags, help });

/** A flag that may be repeated, its values collected in order. */
export const repeatable = (flags: string, help: string): OptionSpec => ({ flags, help, repeatable: true });

/** A list of codes as the help shows them, each with its Chinese label: `walk_in 窗口来访、phone 电话`. */
export const codesText = (list: { labels: Labels; codes: readonly string[] }): string =>
  list.codes.map((c) => `${c} ${list.labels[c]!.zh}`).join('、');

/**
 * A flag that takes a code: its help lists each code with its Chinese label (SPEC §12), generated
 * from domain/codes.ts so that the two never differ; either, or a unique part of a label, may be typed.
 */
export const codeOption = (
  flags: string,
  help: string,
  list: { labels: Labels; codes: readonly string[] },
  fallback?: string,
): OptionSpec => option(flags, `${help}：${codesText(list)}${fallback ? `（默认 default ${fallback}）` : ''}`);

/** `--at`: when it happened, for records typed in later (a date alone is 00:00; see dates.ts). */
export const at = (help = '实际时间 when it happened'): OptionSpec => option('--at <t>', help);

/** `--due`: a resolve deadline (a date alone is the end of that day; see dates.ts). */
export const due = (help = '办结期限 resolve by'): OptionSpec => option('--due <date>', help);

/** `--month`: a calendar month, `YYYY-MM`. */
export const month = (help = '月份 month', value = 'YYYY-MM'): OptionSpec => option(`--month <${value}>`, help);

/** A record named by name, phone or id (`--resident`, `--to`, `--by`). */
export const reference = (flag: string, value: string, help: string): OptionSpec =>
  option(`--${flag} <${value}>`, help);

/** `--bom`: a UTF-8 BOM before the CSV, so that Excel or WPS on Chinese Windows reads it as UTF-8. */
export const bom = (): OptionSpec =>
  option('--bom', 'CSV 加 UTF-8 BOM（Excel/WPS 双击打开不乱码） UTF-8 BOM for Excel/WPS');

/**
 * The flags of every command that prints rows (SPEC §13), declared once: the program adds them to
 * each `rows` command, except a flag the command declares itself (the report's `--out <file|dir>`).
 * Any of them asks for CSV unless `--json` is given.
 */
export const EXPORT_OPTIONS: readonly OptionSpec[] = [
  option('--out <file>', '写入文件（原子写入，不会写出半个文件） write to a file (atomic)'),
  bom(),
  option(
    '--labels',
    'CSV 给人看：中文表头、中文名称、本地时间 CSV for people: Chinese headers and labels, local times',
  ),
];

/** `--out <file>` → `--out`: a flag's name, to tell whether a command declares it itself. */
export const flagOf = (spec: OptionSpec): string => spec.flags.split(/[ ,]/)[0]!;

/** `--yes`: replace an existing file. */
export const yes = (): OptionSpec => option('--yes', '覆盖已有文件 replace an existing file');

/** A flag with a value: `--<name> <value>` (`--lang <zh|en>`). */
export interface GlobalFlag extends OptionSpec {
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
