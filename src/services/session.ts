import fs from 'node:fs';
import path from 'node:path';
import { communityOfNumber } from '../db/demand.repository.js';
import { isServerUrl } from '../db/engine.js';
import { enableWal, openStore, removeDatabase, type Db, type Store, type Tx } from '../db/connection.js';
import { checkVersion, migrateToLatest, SCHEMA_VERSION, type MigrationResult } from '../db/migrator.js';
import { storeCommunities, storeSettings } from '../db/opening.repository.js';
import type { Community } from '../db/schema.js';
import { DEFAULT_TIMED_RESOLVE_DAYS } from '../domain/deadlines.js';
import { bi, DatabaseError, NotAllowedError, UsageError, type Bilingual } from '../domain/errors.js';
import { step, type Said } from '../domain/next-step.js';
import { halfWidth } from '../domain/half-width.js';
import { chooseOne, closest } from '../domain/reference.js';
import { dateRangeProblem, parseLocalInput } from '../domain/time.js';

export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

/** An open database with its settings, the clock and who is acting. */
export interface Session {
  store: Store;
  db: Db;
  /** The machine's clock, read again when a transaction has the write lock; or HONGWU_NOW. */
  now: Date;
  /** `now` is the machine's clock (no HONGWU_NOW). */
  liveClock: boolean;
  timeZone: string;
  timedResolveDays: number;
  operator: string;
  migration: MigrationResult;
  /** Tells the clerk something on the side (stderr), such as which team a part of a name took. */
  notify: (message: Bilingual) => void;
}

/** A session acting on one community. */
export interface Scope extends Session {
  community: Community;
}

export interface SessionOptions {
  path: string;
  create: boolean;
  operator: string;
  /** `HONGWU_NOW`: replaces the clock (a time without offset is in the database's zone). */
  nowOverride?: string;
}

export async function openSession(options: SessionOptions): Promise<Session> {
  const clock = new Date();
  // A malformed HONGWU_NOW is refused before any file is made (its zone is read from the file).
  if (options.nowOverride) readNow(options.nowOverride, DEFAULT_TIME_ZONE, clock);
  const server = isServerUrl(options.path);
  if (options.create && !server && !fs.existsSync(options.path)) await createDatabase(options.path, clock);
  // A server's driver is loaded only for a server: a file's start-up does not grow (SPEC §14).
  const store = server
    ? await (await import('../db/pg/store.js')).openPgStore(options.path, options)
    : openStore(options.path, options);
  try {
    const migration = store.readOnly ? readOnlyVersion(store) : await migrateToLatest(store, { now: clock });
    enableWal(store);
    const settings = await storeSettings(store);
    const timeZone = settings.get('timezone') ?? DEFAULT_TIME_ZONE;
    const now = options.nowOverride ? readNow(options.nowOverride, timeZone, clock) : clock;
    const days = Number(settings.get('timed_resolve_days') ?? DEFAULT_TIMED_RESOLVE_DAYS);
    return {
      store,
      db: store.db,
      now,
      liveClock: !options.nowOverride,
      timeZone,
      timedResolveDays: days,
      operator: options.operator,
      migration,
      notify: () => undefined,
    };
  } catch (e) {
    await store.close();
    throw e;
  }
}

/** `--community all`: every community of the file (the report's roll-up, `list`). */
export const isEveryCommunity = (ref: string | undefined): boolean => ref?.trim().toLowerCase() === 'all';

/**
 * A new database appears whole or not at all: its schema is made in a temporary file beside it,
 * which is then linked into place. Another `init` that linked its own first wins, and this one
 * uses that file; a failure removes only the temporary file, never one another process opened.
 */
async function createDatabase(file: string, now: Date): Promise<void> {
  const temp = path.join(path.dirname(path.resolve(file)), `.${path.basename(file)}.${process.pid}.tmp`);
  // (Its folder may not be one yet, or a file: then there is nothing to clear.)
  const clear = () => fs.statSync(path.dirname(temp), { throwIfNoEntry: false })?.isDirectory() && removeDatabase(temp);
  clear();
  try {
    const store = openStore(temp, { create: true, shownAs: file });
    try {
      await migrateToLatest(store, { now });
    } finally {
      await store.close();
    }
    placeNewFile(temp, file);
  } finally {
    clear();
  }
}

/** `link` fails if the name is taken; a filesystem without links (FAT) gets an exclusive copy. */
function placeNewFile(temp: string, file: string): void {
  try {
    fs.linkSync(temp, file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP') throw e;
    try {
      fs.copyFileSync(temp, file, fs.constants.COPYFILE_EXCL);
    } catch (copying) {
      if ((copying as NodeJS.ErrnoException).code !== 'EEXIST') throw copying;
    }
  }
}

/** A read-only file is read as it is, if this program knows its schema; it cannot be upgraded. */
function readOnlyVersion(store: Store): MigrationResult {
  const version = checkVersion(store);
  if (version < SCHEMA_VERSION) {
    throw new DatabaseError(
      bi(
        `${store.path} 是只读的旧版数据库（第 ${version} 版），无法升级到第 ${SCHEMA_VERSION} 版`,
        `${store.path} is read-only and of an older schema (${version}); it cannot be upgraded to ${SCHEMA_VERSION}`,
      ),
      bi('请把它复制到可写的文件夹后再打开', 'copy it to a folder that can be written, and open the copy'),
    );
  }
  return { from: version, to: version };
}

/** `HONGWU_NOW` as an instant in the zone, or exit 2 saying what is wrong. */
function readNow(text: string, timeZone: string, clock: Date): Date {
  const parsed = parseLocalInput(text, timeZone, clock, 'start');
  if (parsed) return parsed;
  const outOfRange = dateRangeProblem(text);
  if (outOfRange)
    throw new UsageError(
      bi(`HONGWU_NOW：${outOfRange.zh}`, `HONGWU_NOW: ${outOfRange.en}`),
      bi('例如 2026-11-26T09:30:00+08:00', 'e.g. 2026-11-26T09:30:00+08:00'),
    );
  throw new UsageError(
    bi(`HONGWU_NOW 不是日期时间：${text}`, `HONGWU_NOW is not a datetime: ${text}`),
    bi('请用 ISO-8601，如 2026-11-26T09:30:00+08:00', 'use ISO-8601, e.g. 2026-11-26T09:30:00+08:00'),
  );
}

/** What to do in a file without a community: make the first. */
export const FIRST_COMMUNITY: Said = (s) => {
  const init = step('init', [], { community: bi('<名称>', '<name>') });
  return bi(`请运行 ${s.zh(init)}`, `run \`${s.en(init)}\``);
};

/** How the community may be found when none is named (SPEC §12). */
export interface CommunityHints {
  /** The demand the command acts on: its number names its community. */
  demandNumber?: string;
  /** Asks the clerk which (on a terminal). */
  ask?: (all: Community[]) => Promise<Community>;
}

/**
 * The community a command acts on: the one named (code or name), else the only one, else the one
 * the demand number belongs to, else the one the clerk picks on a terminal. With several and
 * none chosen otherwise, the clerk is told which there are (exit 2).
 */
export async function chooseCommunity(
  session: Session,
  requested: string | undefined,
  hints: CommunityHints = {},
): Promise<Community> {
  const all = await storeCommunities(session.store);
  const describe = (c: Community) => (c.code === c.name ? c.name : `${c.name} (${c.code})`);
  if (all.length === 0) {
    throw new NotAllowedError(bi('数据库里还没有社区', 'this database has no community yet'), FIRST_COMMUNITY);
  }
  if (requested === undefined) {
    if (all.length === 1) return all[0]!;
    const owner =
      hints.demandNumber === undefined
        ? undefined
        : await communityOfNumber(session.db, halfWidth(hints.demandNumber).trim());
    const implied = owner && all.find((c) => c.code === owner.code);
    if (implied) return implied;
    if (hints.ask) return hints.ask(all);
    const names = all.map(describe).join(', ');
    throw new UsageError(
      bi(`数据库里有 ${all.length} 个社区：${names}`, `this database holds ${all.length} communities: ${names}`),
      (s) =>
        bi(
          `请用 ${s.flag('community')} <代码|名称> 或环境变量 HONGWU_COMMUNITY 指定`,
          `choose one with ${s.flag('community')} <code|name> or env HONGWU_COMMUNITY`,
        ),
    );
  }
  const text = requested.trim();
  const matches = all.filter((c) => c.code === text || c.name === text || String(c.id) === text);
  return chooseOne(
    matches,
    text,
    bi('社区', 'community'),
    describe,
    () => closest(all, text, (c) => c.name),
    (s) => bi(`可用 ${s.zh(step('community list'))} 查看`, `list them with \`${s.en(step('community list'))}\``),
  );
}

/**
 * The one place a transaction is opened for a command: one IMMEDIATE transaction, so all of its
 * writes land or none. Use cases take the `tx` and never open their own, so a caller (an import,
 * a copy) can run thousands of them in one. "Now" is read here, after BEGIN IMMEDIATE took the
 * write lock, so a command that waited for another terminal dates its events after that one's.
 */
export function runCommand<T>(session: Session, work: (tx: Tx) => Promise<T>): Promise<T> {
  return session.db.transaction().execute((tx) => {
    if (session.liveClock) session.now = new Date();
    return work(tx);
  });
}
