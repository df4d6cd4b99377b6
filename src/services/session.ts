import { listCommunities } from '../db/community.repository.js';
import { enableWal, openStore, removeDatabase, type Db, type Store, type Tx } from '../db/connection.js';
import { migrateToLatest, type MigrationResult } from '../db/migrator.js';
import type { Community } from '../db/schema.js';
import { readSettings } from '../db/settings.repository.js';
import { DEFAULT_TIMED_RESOLVE_DAYS } from '../domain/deadlines.js';
import { bi, NotAllowedError, UsageError } from '../domain/errors.js';
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
  const store = openStore(options.path, { create: options.create });
  try {
    const migration = await migrateToLatest(store, { now: clock });
    enableWal(store);
    const settings = await readSettings(store.db);
    const timeZone = settings.get('timezone') ?? DEFAULT_TIME_ZONE;
    let now = clock;
    if (options.nowOverride) {
      const parsed = parseLocalInput(options.nowOverride, timeZone, clock, 'start');
      const outOfRange = parsed ? undefined : dateRangeProblem(options.nowOverride);
      if (outOfRange) throw new UsageError(bi(`HONGWU_NOW：${outOfRange.zh}`, `HONGWU_NOW: ${outOfRange.en}`), bi('例如 2026-11-26T09:30:00+08:00', 'e.g. 2026-11-26T09:30:00+08:00'));
      if (!parsed) {
        throw new UsageError(
          bi(`HONGWU_NOW 不是日期时间：${options.nowOverride}`, `HONGWU_NOW is not a datetime: ${options.nowOverride}`),
          bi('请用 ISO-8601，如 2026-11-26T09:30:00+08:00', 'use ISO-8601, e.g. 2026-11-26T09:30:00+08:00'),
        );
      }
      now = parsed;
    }
    const days = Number(settings.get('timed_resolve_days') ?? DEFAULT_TIMED_RESOLVE_DAYS);
    return { store, db: store.db, now, liveClock: !options.nowOverride, timeZone, timedResolveDays: days, operator: options.operator, migration };
  } catch (e) {
    await store.close();
    // A file this session made (init, demo) and could not make a database of is not left behind.
    if (store.created) removeDatabase(options.path);
    throw e;
  }
}

/**
 * The community a command acts on: the one named (code or name), else the only one. With several
 * and none chosen, the clerk is told which there are (exit 2).
 */
export async function chooseCommunity(session: Session, requested: string | undefined): Promise<Community> {
  const all = await listCommunities(session.db);
  const describe = (c: Community) => (c.code === c.name ? c.name : `${c.name} (${c.code})`);
  if (all.length === 0) {
    throw new NotAllowedError(bi('数据库里还没有社区', 'this database has no community yet'), bi('请运行 hongwu init --community <名称>', 'run `hongwu init --community <name>`'));
  }
  if (requested === undefined) {
    if (all.length === 1) return all[0]!;
    const names = all.map(describe).join(', ');
    throw new UsageError(
      bi(`数据库里有 ${all.length} 个社区：${names}`, `this database holds ${all.length} communities: ${names}`),
      bi('请用 --community <代码|名称> 或环境变量 HONGWU_COMMUNITY 指定', 'choose one with --community <code|name> or env HONGWU_COMMUNITY'),
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
    bi('可用 hongwu community list 查看', 'list them with `hongwu community list`'),
  );
}

/**
 * Runs the work as one IMMEDIATE transaction: all of a command's writes land, or none. "Now" is
 * read once the write lock is held: read before, while another clerk's event on the same demand
 * committed, it could fall before that event and the command fail as if backdated (`--at`).
 */
export function inTransaction<T>(session: Session, work: (tx: Tx) => Promise<T>): Promise<T> {
  return session.db.transaction().execute((tx) => {
    if (session.liveClock) session.now = new Date();
    return work(tx);
  });
}
