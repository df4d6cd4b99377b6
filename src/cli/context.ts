import os from 'node:os';
import path from 'node:path';
import type { Lang } from '../domain/codes.js';
import { bi, inLang, UsageError } from '../domain/errors.js';
import { isServerUrl } from '../db/engine.js';
import type { Community } from '../db/schema.js';
import { chooseCommunity, openSession, type Scope, type Session } from '../services/session.js';
import type { Io } from '../platform/io.js';

/** The global flags, as commander hands them over. */
export interface GlobalFlags {
  db?: string;
  community?: string;
  lang?: string;
  json?: boolean;
  csv?: boolean;
  color?: boolean;
  operator?: string;
}

/** The styles of the human output: chalk's on a terminal, the text unchanged otherwise. */
export type Style = (text: string) => string;
export interface Paint {
  bold: Style;
  dim: Style;
  green: Style;
  red: Style;
  yellow: Style;
}

const unchanged: Style = (text) => text;
export const PLAIN: Paint = { bold: unchanged, dim: unchanged, green: unchanged, red: unchanged, yellow: unchanged };

/** What every command knows about how it was called. */
export interface Cli {
  io: Io;
  lang: Lang;
  json: boolean;
  csv: boolean;
  /** Prompts are allowed: stdin and stderr (where prompts are drawn) are terminals (asked on use). */
  readonly interactive: boolean;
  color: Paint;
  /** How wide a table may be: the terminal's columns; no limit for a pipe or a file (asked on use). */
  readonly width: number | undefined;
  dbPath: string;
  /** `--db` exactly as given, if it was (`demo` must not fall back to HONGWU_DB or the default). */
  dbFlag?: string;
  communityRef?: string;
  /** `--community` exactly as given, if it was (`init` names its first community by it). */
  communityFlag?: string;
  operator: string;
  /** Where and how rows go (SPEC §13): `--out <file>`, `--bom`, `--labels` (see `exportFlags`). */
  rowsOut: RowsOut;
}

/** The export flags of a listing: a file instead of stdout, a BOM, a CSV for people. */
export interface RowsOut {
  file?: string;
  bom: boolean;
  labels: boolean;
  /** CSV was asked by `--out`, `--bom` or `--labels` alone, not by `--csv`: a document's `--format` may override it. */
  csvImplied?: boolean;
}

/**
 * A listing's export flags, read from its options. `--out`, `--bom` and `--labels` each ask for a
 * CSV (a clerk typing `list --out 诉求.csv` means one; `--out -` is stdout); with `--json`, `--out` writes the JSON and
 * the CSV-only flags are refused rather than ignored.
 */
export function exportFlags(cli: Cli, options: { out?: unknown; bom?: unknown; labels?: unknown }): void {
  const file = typeof options.out === 'string' ? options.out : undefined;
  if (file !== undefined && file.trim() === '') {
    throw new UsageError(
      bi('--out 需要一个文件名', '--out needs a file name'),
      bi('例如 --out 诉求.csv', 'e.g. --out demands.csv'),
    );
  }
  // `--out -` is stdout, as for the report.
  const target = file === undefined || file === '-' ? undefined : path.resolve(cli.io.cwd, file);
  cli.rowsOut = { file: target, bom: options.bom === true, labels: options.labels === true };
  const csvOnly = csvOnlyFlags(cli.rowsOut);
  if (cli.json && csvOnly.length > 0) {
    const flags = csvOnly.join(' ');
    throw new UsageError(
      bi(`${flags} 只用于 CSV，不能与 --json 同用`, `${flags} is for CSV, not with --json`),
      bi(`请去掉 --json 或 ${flags}`, `drop --json or ${flags}`),
    );
  }
  if (!cli.json && !cli.csv && (file !== undefined || csvOnly.length > 0)) {
    cli.csv = true;
    cli.rowsOut.csvImplied = true;
  }
}

/** The export flags given that only a CSV can honour. */
export const csvOnlyFlags = (rowsOut: RowsOut): string[] =>
  [rowsOut.bom && '--bom', rowsOut.labels && '--labels'].filter((f): f is string => !!f);

/** `--csv` on a command that prints no rows: refused before anything is done (exit 2). */
export function csvRefused(): UsageError {
  return new UsageError(
    bi('--csv 只用于列表和报表', '--csv is for listings and the report'),
    bi('这条命令可用 --json', 'this command has --json'),
  );
}

export function defaultDbPath(env: Io['env']): string {
  const dataHome = env.XDG_DATA_HOME || path.join(env.HOME || os.homedir(), '.local', 'share');
  return path.join(dataHome, 'hongwu', 'hongwu.db');
}

/** Chalk is loaded only when there is colour to show: a pipe, cron or NO_COLOR never pay for it. */
export async function makeCli(flags: GlobalFlags, io: Io): Promise<Cli> {
  const langText = (flags.lang ?? io.env.HONGWU_LANG ?? 'zh').toLowerCase();
  const lang: Lang | undefined = langText.startsWith('zh') ? 'zh' : langText.startsWith('en') ? 'en' : undefined;
  if (!lang)
    throw new UsageError(
      bi(`不支持的语言“${langText}”`, `unknown language "${langText}"`),
      bi('请用 --lang zh 或 --lang en', 'use --lang zh or --lang en'),
    );
  if (flags.json && flags.csv) {
    throw new UsageError(
      bi('--json 和 --csv 不能同时使用', '--json and --csv cannot be used together'),
      bi('请选一种输出格式', 'choose one output format'),
    );
  }
  // An empty value names nothing: `--db ''` would be the current folder, `--community ''` no community.
  if (flags.db !== undefined && flags.db.trim() === '') {
    throw new UsageError(
      bi('--db 是空路径', '--db is an empty path'),
      bi(
        '请给数据库文件的路径，如 --db ~/hongwu.db；或去掉 --db',
        'give the database file, e.g. --db ~/hongwu.db, or leave --db out',
      ),
    );
  }
  if (flags.community !== undefined && flags.community.trim() === '') {
    throw new UsageError(
      bi('--community 为空', '--community is empty'),
      bi(
        '请给社区的代码或名称（见 hongwu community list），或去掉 --community',
        'give a community code or name (see `hongwu community list`), or leave --community out',
      ),
    );
  }
  const colorOn = flags.color !== false && io.stdoutIsTTY && io.env.NO_COLOR === undefined && io.env.TERM !== 'dumb';
  return {
    io,
    lang,
    json: !!flags.json,
    csv: !!flags.csv,
    get interactive() {
      return io.stdinIsTTY && io.stderrIsTTY;
    },
    get width() {
      return io.stdoutColumns || undefined;
    },
    color: colorOn ? new (await import('chalk')).Chalk({ level: 1 }) : PLAIN,
    // An empty HONGWU_DB (`HONGWU_DB= hongwu …`) is no path: the default applies.
    dbPath: databaseTarget(io.cwd, flags.db ?? (io.env.HONGWU_DB || defaultDbPath(io.env))),
    dbFlag: flags.db,
    communityRef: flags.community ?? (io.env.HONGWU_COMMUNITY || undefined),
    communityFlag: flags.community,
    operator: flags.operator?.trim() || io.env.HONGWU_OPERATOR?.trim() || safeUserName(),
    rowsOut: { bom: false, labels: false },
  };
}

/** A file is taken from the current folder; a server's URL (`postgres://…`) as it is. */
const databaseTarget = (cwd: string, target: string) => (isServerUrl(target) ? target : path.resolve(cwd, target));

function safeUserName(): string {
  try {
    return os.userInfo().username;
  } catch {
    return 'unknown';
  }
}

/**
 * Opens the database for one command and always closes it. (A new file is made whole before any
 * command runs on it: see `openSession`.)
 */
export async function withSession<T>(
  cli: Cli,
  options: { create: boolean },
  work: (s: Session) => Promise<T>,
): Promise<T> {
  const session = await openSession({
    path: cli.dbPath,
    create: options.create,
    operator: cli.operator,
    nowOverride: cli.io.env.HONGWU_NOW,
  });
  session.notify = (message) => cli.io.stderr(`${inLang(message, cli.lang)}\n`);
  try {
    const m = session.migration;
    if (m.backupPath) {
      cli.io.stderr(
        inLang(
          bi(
            `数据库已从第 ${m.from} 版升级到第 ${m.to} 版；升级前的备份：${m.backupPath}\n`,
            `database upgraded from schema ${m.from} to ${m.to}; the copy taken before: ${m.backupPath}\n`,
          ),
          cli.lang,
        ),
      );
    }
    return await work(session);
  } finally {
    await session.store.close();
  }
}

/**
 * Opens the database and picks the community the command acts on: a demand number given names
 * its own (SPEC §12); with several and none chosen, a terminal asks which.
 */
export function withScope<T>(cli: Cli, work: (s: Scope) => Promise<T>, demandNumber?: string): Promise<T> {
  return withSession(cli, { create: false }, async (session) => {
    const ask =
      cli.communityRef === undefined && cli.interactive
        ? async (all: Community[]) => (await import('./prompts.js')).askCommunity(cli, all)
        : undefined;
    const community = await chooseCommunity(session, cli.communityRef, { demandNumber, ask });
    return work({ ...session, community });
  });
}
