import { CommanderError, type Command, type Option } from 'commander';
import { bi, ExitCode, HongwuError, inLang, type Bilingual } from '../domain/errors.js';
import { busyError } from '../db/busy.js';
import { DatabaseError } from '../domain/errors.js';
import { halfWidth } from '../domain/half-width.js';
import { useOffsetReader, usePeriodsReader } from '../domain/time.js';
import { localTimeOffsets, localTimePeriods } from '../platform/zone-offsets.js';
import { checkArguments } from './argv-checks.js';
import { globalValue, VALUED_GLOBALS } from './declare.js';
import { inCliTerms } from './fields.js';
import { processIo, type Io } from '../platform/io.js';
import { CLI_SPELLING } from './spelling.js';
import { programFor } from './program.js';

declare const HONGWU_VERSION: string | undefined;
const VERSION = typeof HONGWU_VERSION === 'string' ? HONGWU_VERSION : '0.0.0-dev';

/**
 * Runs one hongwu command line and returns its exit code. Errors become one or two lines on
 * stderr (a stack trace only with HONGWU_DEBUG=1); this is the only place that decides exit codes.
 */
export async function run(typed: readonly string[], io: Io, asked = false): Promise<number> {
  useOffsetReader(localTimeOffsets);
  usePeriodsReader(localTimePeriods);
  const program = await programFor(io, VERSION, typed);
  const argv = typedFlags(typed, program);
  try {
    checkArguments(argv, commandOf(argv, program));
    await program.parseAsync([...argv], { from: 'user' });
    return ExitCode.ok;
  } catch (e) {
    // A required argument left out at a terminal is asked for, then the command runs with it.
    if (!asked && e instanceof CommanderError && e.code === 'commander.missingArgument') {
      try {
        const { askForArguments } = await import('./missing-arguments.js');
        const answers = await askForArguments(io, commandOf(argv, program), (name) => ARGUMENT_NAMES[name]);
        // After `--`: an answer is an argument even if it starts with a dash (`-3栋漏水`).
        if (answers) return run([...argv, ...(argv.includes('--') ? [] : ['--']), ...answers], io, true);
      } catch (asking) {
        return report(asking, io, argv, program);
      }
    }
    return report(e, io, argv, program);
  }
}

/**
 * A flag typed with a Chinese input method's dashes or in full-width (`——channel`, `－－due`,
 * `—at`, `－－ｃｈａｎｎｅｌ`) is the flag: commander would take it for one more argument and say
 * only "too many arguments". Where a flag's value stands (`--note —ok`) the text is left alone.
 */
function typedFlags(args: readonly string[], program: Command): string[] {
  const command = commandOf(args, program);
  const options = [...command.options];
  for (let c = command.parent; c; c = c.parent) options.push(...c.options);
  const takesValue = (arg: string) =>
    !arg.includes('=') && options.some((o) => (o.long === arg || o.short === arg) && (o.required || o.optional));
  const out: string[] = [];
  let operands = false;
  for (const arg of args) out.push((operands ||= arg === '--') ? arg : typed(arg, out.at(-1)));
  return out;

  // The previous word as read (`——note` already `--note`): a flag's value is left as typed.
  function typed(arg: string, previous: string | undefined): string {
    if (previous !== undefined && takesValue(previous)) return arg;
    if (arg.startsWith('--')) return arg;
    // The flag's name is read in half width; a value after = (or ＝) is kept as typed.
    const eq = arg.search(/[=\uff1d]/);
    const m = /^(?:\u2014\u2014|\u2014|--)([a-z][a-z-]*)$/.exec(halfWidth(eq < 0 ? arg : arg.slice(0, eq)));
    if (!m) return arg;
    return eq < 0 ? `--${m[1]}` : `--${m[1]}=${arg.slice(eq + 1)}`;
  }
}

/** The language of error messages: `--lang`, else HONGWU_LANG, else Chinese. */
function errorLang(io: Io, argv: readonly string[]): 'zh' | 'en' {
  const typed = globalValue(argv, 'lang');
  const value = typed === null ? io.env.HONGWU_LANG : typed;
  return value?.toLowerCase().startsWith('en') ? 'en' : 'zh';
}

/**
 * The commands a Chinese word names (`受理` → `hongwu intake`, `兑换` → `hongwu points redeem`, SPEC §12):
 * those under the command whose description, which starts with its Chinese name (受理诉求 take in
 * a demand), holds the word.
 */
function commandByChineseWord(parent: Command, word: string): string | undefined {
  if (!/[^\x00-\x7f]/.test(word)) return undefined;
  const path = (c: Command): string => (c.parent ? `${path(c.parent)} ${c.name()}` : 'hongwu');
  const under = (c: Command): Command[] => c.commands.flatMap((sub) => [sub, ...under(sub)]);
  const meant = under(parent)
    .filter((c) => c.description().includes(word))
    .map(path);
  return meant.length ? meant.slice(0, 3).join(' / ') : undefined;
}

/** Commander's own messages, for the errors a clerk meets. */
function commanderMessage(e: CommanderError, command: Command, argv: readonly string[]): Bilingual {
  // Options written after `--` are words of the text: the usual slip with a text that starts with -.
  const dashes = argv.indexOf('--');
  const flagAfterDashes =
    e.code === 'commander.excessArguments' && dashes >= 0 && argv.slice(dashes + 1).some((a) => a.startsWith('--'));
  if (flagAfterDashes) {
    const meant = optionsBeforeDashes(argv, command);
    return bi(
      `参数太多：-- 之后的都算作内容，选项请写在它之前：${meant}`,
      `too many arguments: everything after -- is text; put the options before it: ${meant}`,
    );
  }
  // A text that starts with - (`-3栋漏水`) read as an option: it goes after --.
  const word = e.code === 'commander.unknownOption' ? /'([^']*)'/.exec(e.message)?.[1] : undefined;
  // (Only a word with Chinese in it: `-json` is a slip for --json, and `-５` a number.)
  if (word && /^-[^-]/.test(word) && /[^\x00-\x7f]/.test(halfWidth(word)) && !argv.includes('--')) {
    // The word itself, not the same text given as an option's value (`--address -3栋`), where it can tell.
    const own = argv.findIndex((a, i) => a === word && !(argv[i - 1]?.startsWith('--') && !argv[i - 1]!.includes('=')));
    const at = own >= 0 ? own : argv.indexOf(word);
    const meant = commandLine([...argv.slice(0, at), ...argv.slice(at + 1), '--', word]);
    return bi(
      `不认识的选项 ${word}；以 - 开头的内容请写在 -- 之后：${meant}`,
      `unknown option ${word}; a text that starts with - goes after --: ${meant}`,
    );
  }
  // Commander names the first argument missing; the clerk is told all of them at once.
  const missing =
    e.code === 'commander.missingArgument'
      ? command.registeredArguments
          .slice(command.args.length)
          .filter((a) => a.required)
          .map((a) => a.name())
      : [];
  const meantCommand =
    e.code === 'commander.unknownCommand'
      ? commandByChineseWord(command, /'([^']*)'/.exec(e.message)?.[1] ?? '')
      : undefined;
  const english = meantCommand
    ? `${e.message.replace(/^error: /, '').split('\n')[0]} (did you mean ${meantCommand}?)`
    : e.message.replace(/^error: /, '').replace(/\n\(Did you mean (.*)\?\)/, ' (did you mean $1?)');
  return bi(
    inChinese(e, english, missing),
    missing.length > 1 ? `missing required arguments ${missing.map((name) => `'${name}'`).join(', ')}` : english,
  );
}

/** Commander's English message (`english`, as shown) in Chinese; `missing`: every argument left out. */
function inChinese(e: CommanderError, english: string, missing: readonly string[]): string {
  const quoted = /'([^']*)'/.exec(english)?.[1] ?? '';
  const suggestion = /did you mean (.*)\?\)/.exec(english)?.[1];
  const also = suggestion ? `（是不是要用 ${suggestion}？）` : '';
  switch (e.code) {
    case 'commander.unknownOption':
      return `不认识的选项 ${quoted}${also}`;
    case 'commander.unknownCommand':
      return `不认识的命令 ${quoted}${also}`;
    case 'commander.missingArgument':
      return `缺少参数 ${(missing.length ? missing : [quoted]).map(argumentWithName).join('、')}`;
    case 'commander.optionMissingArgument':
      return `选项 ${quoted} 需要一个值`;
    case 'commander.excessArguments': {
      const [, expected, got] = /Expected (\d+) arguments? but got (\d+)/.exec(english) ?? [];
      const counts = expected ? `：应为 ${expected} 个，收到 ${got} 个` : '';
      return `参数太多${counts}（含空格的内容请加引号，如 "3栋 门口乱停车"）`;
    }
    default:
      return english;
  }
}

/** A command line as the clerk would type it, quoting what the shell would split. */
function commandLine(argv: readonly string[]): string {
  return ['hongwu', ...argv].map((a) => (a === '' || /[\s"'\\$`|;&<>()]/.test(a) ? JSON.stringify(a) : a)).join(' ');
}

/** The command line with the options written after `--` (and their values) moved before it. */
function optionsBeforeDashes(argv: readonly string[], command: Command): string {
  const dashes = argv.indexOf('--');
  const known: Option[] = [];
  for (let c: Command | null = command; c; c = c.parent) known.push(...c.options);
  const options: string[] = [];
  const text: string[] = [];
  const after = argv.slice(dashes + 1);
  for (let i = 0; i < after.length; i++) {
    const a = after[i]!;
    if (!a.startsWith('--')) {
      text.push(a);
      continue;
    }
    options.push(a);
    const option = known.find((o) => o.long === a);
    if (option && (option.required || option.optional) && i + 1 < after.length) options.push(after[++i]!);
  }
  return commandLine([...argv.slice(0, dashes), ...options, '--', ...text]);
}

/** The arguments of the command lines (`<resident>`), as a clerk calls them. */
/** `<resident>（居民）`: an argument as commander names it, with its Chinese name when it has one. */
const argumentWithName = (name: string) => `<${name}>${ARGUMENT_NAMES[name] ? `（${ARGUMENT_NAMES[name]}）` : ''}`;

const UNEXPECTED_HINT = bi(
  '未作任何改动；加 HONGWU_DEBUG=1 重试可看详情，并请报告此问题',
  'nothing was changed; rerun with HONGWU_DEBUG=1 for details and report it',
);

const ARGUMENT_NAMES: Record<string, string> = {
  number: '诉求编号',
  summary: '诉求内容',
  rating: '评价',
  resident: '居民',
  team: '队伍',
  item: '物品',
  points: '积分',
  entry: '流水号',
  n: '数量',
  name: '名称',
  title: '名称',
  file: '文件',
  tag: '标签',
  meeting: '会议',
  topic: '议题',
  issue: '问题',
  proposal: '方案',
  action: '任务',
  'meeting|topic': '会议或议题',
};

export { VALUED_GLOBALS };

/**
 * The command a command line names, sub-commands included (`points earn`): its words that are no
 * flag nor a global flag's value, as far as they name commands of the program.
 */
function commandOf(argv: readonly string[], program: Command): Command {
  let command = program;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (VALUED_GLOBALS.has(a)) i++;
    else if (!a.startsWith('-')) {
      const sub = command.commands.find((c) => c.name() === a || c.aliases().includes(a));
      if (!sub) break;
      command = sub;
    }
  }
  return command;
}

/** `points earn`, for the help to point at; undefined for the program itself. */
function commandPath(argv: readonly string[], program: Command): string | undefined {
  const names: string[] = [];
  for (let c: Command | null = commandOf(argv, program); c && c !== program; c = c.parent) names.unshift(c.name());
  return names.length ? names.join(' ') : undefined;
}

function report(e: unknown, io: Io, argv: readonly string[], program: Command): number {
  const lang = errorLang(io, argv);
  if (e instanceof CommanderError) {
    if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version') return ExitCode.ok;
    // `hongwu points` without a sub-command: the group's help on stderr, and exit 2.
    if (e.code === 'commander.help') return e.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
    if (e.code === 'commander.executeSubCommandAsync') return ExitCode.usage;
    io.stderr(`hongwu: ${inLang(commanderMessage(e, commandOf(argv, program), argv), lang)}\n`);
    const command = commandPath(argv, program);
    const help = `hongwu ${command ? `${command} ` : ''}--help`;
    io.stderr(`  ${inLang(bi(`用法见 \`${help}\``, `see \`${help}\``), lang)}\n`);
    return ExitCode.usage;
  }
  const error = toHongwuError(inCliTerms(e));
  if (error) {
    const { text, hint } = error.spelledBy(CLI_SPELLING);
    io.stderr(`hongwu: ${inLang(text, lang)}\n`);
    if (hint !== undefined) io.stderr(`  ${inLang(hint, lang)}\n`);
    if (io.env.HONGWU_DEBUG === '1' && e instanceof Error) io.stderr(`${e.stack}\n`);
    return error.exitCode;
  }
  if (isPromptAbort(e)) {
    io.stderr(`hongwu: ${inLang(bi('已取消，未作任何改动', 'cancelled at the prompt; nothing was changed'), lang)}\n`);
    return ExitCode.usage;
  }
  const err = e instanceof Error ? e : new Error(String(e));
  io.stderr(`hongwu: ${inLang(bi('意外错误', 'unexpected error'), lang)}: ${err.message}\n`);
  io.stderr(io.env.HONGWU_DEBUG === '1' ? `${err.stack}\n` : `  ${inLang(UNEXPECTED_HINT, lang)}\n`);
  return ExitCode.notAllowed;
}

/** The engine's own errors that mean the database, not the request, is the problem (exit 3). */
function toHongwuError(e: unknown): HongwuError | undefined {
  if (e instanceof HongwuError) return e;
  const code = (e as { code?: unknown })?.code;
  if (typeof code !== 'string') return undefined;
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return busyError();
  if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB') {
    return new DatabaseError(
      bi('数据库文件已损坏', 'the database file is damaged'),
      bi(
        '请运行 `hongwu doctor`；若检查不通过，请从备份恢复',
        'run `hongwu doctor`; restore from a backup if it fails',
      ),
    );
  }
  // SQLite rolled the transaction back: the file is as it was before the command. (No room for
  // the shared-memory file beside the database is the same full disk, met when opening it.)
  if (code === 'SQLITE_FULL' || code === 'SQLITE_IOERR_SHMSIZE') {
    return new DatabaseError(
      bi(
        `磁盘已满：数据库无法写入，本次未写入任何内容（${code}）`,
        `the disk is full: the database cannot be written; nothing was written (${code})`,
      ),
      bi('请在数据库所在的磁盘上腾出空间后重试', "free some space on the database's disk and try again"),
    );
  }
  // PostgreSQL's (SQLSTATE): the write lock awaited beyond the busy timeout; the server gone or full.
  if (code === '55P03') return busyError();
  if (code.startsWith('08') || code.startsWith('57P') || code.startsWith('53') || code === 'ECONNRESET') {
    return new DatabaseError(
      bi(
        `数据库服务器不可用（${code}）：本次未写入任何内容`,
        `the database server is unavailable (${code}); nothing was written`,
      ),
      bi('请确认服务器在运行、磁盘有空间，然后重试', 'check that the server runs and has disk space, then try again'),
    );
  }
  if (code.startsWith('SQLITE_READONLY') || code.startsWith('SQLITE_CANTOPEN') || code.startsWith('SQLITE_IOERR')) {
    return new DatabaseError(
      bi(`数据库无法写入（${code}）`, `the database cannot be written (${code})`),
      bi('请检查磁盘空间和文件权限', 'check the disk space and the file permissions'),
    );
  }
  return undefined;
}

function isPromptAbort(e: unknown): boolean {
  const name = (e as { name?: unknown })?.name;
  return name === 'ExitPromptError' || name === 'AbortPromptError';
}

/**
 * The bundled program's start: only when run as the binary, not when imported by tests. Once the
 * command is done the process ends at once: its output was written synchronously and the database
 * closed, and letting Node wind down on its own would first wait for V8 to finish optimising code
 * that will never run again (up to 7 ms after a long listing).
 */
if (typeof HONGWU_VERSION === 'string') {
  run(process.argv.slice(2), processIo()).then(
    (code) => process.exit(code),
    (e) => {
      process.stderr.write(`hongwu: ${String(e)}\n`);
      process.exit(ExitCode.notAllowed);
    },
  );
}
