import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { bi, DatabaseError } from '../domain/errors.js';
import type { Migration } from './migrations.js';

/**
 * The SQL of backup and doctor about the file itself: SQLite's own checks and structures, run on
 * the raw better-sqlite3 handle (pragmas, no kysely typing to gain). hongwu's invariants, which
 * hold on a server too, are in invariants.repository.ts.
 */
type Raw = BetterSqlite3.Database;

/** The suffixes of SQLite's side files; a stale one next to a replaced file would corrupt it. */
const SIDE_FILES = ['-wal', '-shm', '-journal'];

/** `20261126T020000Z`: a sortable stamp for file names. */
export function fileStamp(now: Date): string {
  return now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
}

/**
 * A consistent copy of the open database at `target`, through SQLite's online backup. All pages
 * go in one step, i.e. from one read snapshot: in WAL mode writers in other processes go on, and
 * the copy is never restarted by them. The copy is written to a temporary file in the target's
 * folder (readable by the owner only from its first byte), checked, flushed to disk and renamed
 * over the target, so that the target is either the old file or the whole new copy.
 */
export async function copyDatabase(raw: Raw, target: string): Promise<{ bytes: number }> {
  const dir = path.dirname(target);
  const temp = path.join(dir, `.${path.basename(target)}.${process.pid}-${crypto.randomBytes(4).toString('hex')}.tmp`);
  try {
    fs.closeSync(fs.openSync(temp, 'wx', 0o600));
    await raw.backup(temp, { progress: () => 0x7fffffff });
    settleCopy(temp);
    fsyncPath(temp, 'r+');
    for (const suffix of SIDE_FILES) fs.rmSync(target + suffix, { force: true });
    fs.renameSync(temp, target);
    syncFolder(dir);
    return { bytes: fs.statSync(target).size };
  } catch (e) {
    throw targetFull(e, target) ?? e;
  } finally {
    for (const file of [temp, ...SIDE_FILES.map((s) => temp + s)]) fs.rmSync(file, { force: true });
  }
}

/** The disk of the copy, not the database's, ran out of room: said so, about the target. */
function targetFull(e: unknown, target: string): DatabaseError | undefined {
  const code = (e as { code?: unknown }).code;
  if (code !== 'ENOSPC' && code !== 'EDQUOT' && code !== 'SQLITE_FULL') return undefined;
  return new DatabaseError(
    bi(
      `磁盘已满：备份目标 ${target} 所在的磁盘没有空间（数据库未受影响）`,
      `the disk is full: there is no room for the backup at ${target} (the database is untouched)`,
    ),
    bi('请腾出空间或换一块磁盘；未留下半份备份', 'free some space or use another disk; no partial copy was left'),
  );
}

/**
 * The copy is a file on its own: its journal switched to DELETE (a copy in WAL mode would need
 * its -wal and -shm beside it to be opened, which read-only media cannot hold), then checked.
 */
function settleCopy(file: string): void {
  const copy = new BetterSqlite3(file, { fileMustExist: true });
  try {
    copy.pragma('journal_mode = DELETE');
    const result = copy.pragma('quick_check', { simple: true });
    if (result !== 'ok') {
      throw new DatabaseError(
        bi(
          `备份副本未通过 SQLite quick_check：${String(result)}`,
          `the copy failed SQLite's quick_check: ${String(result)}`,
        ),
        bi('请运行 `hongwu doctor` 检查数据库', 'run `hongwu doctor` on the database'),
      );
    }
  } finally {
    copy.close();
  }
}

function fsyncPath(file: string, flags: 'r' | 'r+'): void {
  const fd = fs.openSync(file, flags);
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** Makes the rename durable where the platform allows it (not on Windows: best effort). */
function syncFolder(dir: string): void {
  try {
    fsyncPath(dir, 'r');
  } catch {
    // A folder cannot be opened for fsync on Windows; the rename itself is still atomic.
  }
}

export function userVersion(raw: Raw): number {
  return raw.pragma('user_version', { simple: true }) as number;
}

export function journalMode(raw: Raw): string {
  return String(raw.pragma('journal_mode', { simple: true }));
}

/** `PRAGMA integrity_check`: `['ok']` when sound, otherwise SQLite's findings (at most `max`). */
export function integrityProblems(raw: Raw, max = 20): string[] {
  const rows = raw.pragma(`integrity_check(${max})`) as { integrity_check: string }[];
  return rows.map((r) => r.integrity_check).filter((line) => line !== 'ok');
}

export interface ForeignKeyViolation {
  table: string;
  rowid: number | null;
  parent: string;
}

export function foreignKeyViolations(raw: Raw): ForeignKeyViolation[] {
  return raw.pragma('foreign_key_check') as ForeignKeyViolation[];
}

export interface SchemaObject {
  type: string;
  name: string;
  sql: string | null;
}

/** Tables, indexes, triggers and views, without SQLite's own. */
export function schemaObjects(raw: Raw): SchemaObject[] {
  return raw
    .prepare("SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name")
    .all() as SchemaObject[];
}

/** The schema that the migrations build, by running them on an empty in-memory database. */
export async function expectedSchema(migrations: readonly Migration[]): Promise<SchemaObject[]> {
  const memory = new BetterSqlite3(':memory:');
  const db = new Kysely<unknown>({ dialect: new SqliteDialect({ database: memory }) });
  try {
    for (const m of migrations) await m.up(db);
    return schemaObjects(memory);
  } finally {
    await db.destroy();
  }
}

/** The triggers that keep a table append-only (`ledger_no_update`, `audit_log_no_delete`, …). */
export function appendOnlyTriggers(objects: readonly SchemaObject[]): string[] {
  return objects.filter((o) => o.type === 'trigger' && /^(ledger|audit_log)_no_/.test(o.name)).map((o) => o.name);
}
