import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { bi, DatabaseError } from '../domain/errors.js';
import type { Migration } from './migrations.js';

/**
 * The SQL of backup and doctor: SQLite's own checks and hongwu's invariants, run on the raw
 * better-sqlite3 handle (pragmas, window functions, no kysely typing to gain).
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

export function hasTable(raw: Raw, name: string): boolean {
  return raw.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !== undefined;
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

/**
 * Entries missing from an append-only table: ids are given in order and never reused while a
 * later one exists, so a gap below the last id is a row someone deleted.
 */
export function missingEntries(raw: Raw, table: 'ledger' | 'audit_log'): number {
  const row = raw.prepare(`SELECT count(*) AS n, coalesce(max(id), 0) AS top FROM ${table}`).get() as {
    n: number;
    top: number;
  };
  return row.top - row.n;
}

/**
 * An append-only ledger whose balances must never go below zero: its table and the columns of the
 * account, the signed amount and when the entry happened. Points now; a second ledger (fees) can be
 * checked the same way.
 */
export interface RunningLedger {
  table: string;
  account: string;
  amount: string;
  at: string;
}

export const POINTS_LEDGER: RunningLedger = { table: 'ledger', account: 'resident_id', amount: 'delta', at: 'at' };

/**
 * Accounts whose running balance goes below zero at some moment, summed in TIME order (when each
 * entry happened, then entry id): a backdated entry counts from its moment, not from when it was
 * recorded. For each account the first entry at which it dips, and the lowest balance reached.
 */
export function negativeRunningBalances(
  raw: Raw,
  l: RunningLedger,
): { account: number; entry: number; balance: number }[] {
  return raw
    .prepare(
      `SELECT account, entry, lowest AS balance FROM (
         SELECT account, id AS entry, min(balance) OVER (PARTITION BY account) AS lowest,
           row_number() OVER (PARTITION BY account ORDER BY at, id) AS k
         FROM (
           SELECT id, ${l.account} AS account, ${l.at} AS at,
             sum(${l.amount}) OVER (PARTITION BY ${l.account} ORDER BY ${l.at}, id) AS balance
           FROM ${l.table}
         ) WHERE balance < 0
       ) WHERE k = 1 ORDER BY account`,
    )
    .all() as { account: number; entry: number; balance: number }[];
}

/** Reversals that do not undo an entry of the same resident with the opposite delta. */
export function badReversals(raw: Raw): { entry: number; reverses: number }[] {
  return raw
    .prepare(
      `SELECT r.id AS entry, r.reverses AS reverses FROM ledger r
       LEFT JOIN ledger o ON o.id = r.reverses
       WHERE r.reverses IS NOT NULL
         AND (o.id IS NULL OR o.resident_id <> r.resident_id OR o.delta <> -r.delta)
       ORDER BY r.id`,
    )
    .all() as { entry: number; reverses: number }[];
}

export function negativeStock(raw: Raw): { item: number; name: string; stock: number }[] {
  return raw.prepare('SELECT id AS item, name, stock FROM items WHERE stock < 0 ORDER BY id').all() as {
    item: number;
    name: string;
    stock: number;
  }[];
}

/** Demands whose history does not start with exactly one intake. */
export function demandsWithoutIntake(raw: Raw): { number: string }[] {
  return raw
    .prepare(
      `SELECT d.number FROM demands d
       WHERE (SELECT count(*) FROM demand_events e WHERE e.demand_id = d.id AND e.type = 'intake') <> 1
          OR (SELECT e.type FROM demand_events e WHERE e.demand_id = d.id ORDER BY e.id LIMIT 1) IS NOT 'intake'
       ORDER BY d.id`,
    )
    .all() as { number: string }[];
}

/**
 * Demands whose status is not the one their latest event left them in; a resolved demand closed
 * unrated by a final return visit (回访, which is no demand event) is where it should be.
 */
export function demandsOffTheirHistory(raw: Raw): { number: string; status: string; status_after: string }[] {
  // A file not yet upgraded (doctor never upgrades) may have no return visits table.
  const visits =
    raw.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'demand_visits'").get() !== undefined;
  const closedByVisit = `AND NOT (d.status = 'closed' AND e.status_after = 'resolved'
           AND EXISTS (SELECT 1 FROM demand_visits v WHERE v.demand_id = d.id AND v.final = 1))`;
  return raw
    .prepare(
      `SELECT d.number, d.status, e.status_after FROM demands d
       JOIN demand_events e ON e.id = (SELECT max(id) FROM demand_events WHERE demand_id = d.id)
       WHERE e.status_after <> d.status ${visits ? closedByVisit : ''}
       ORDER BY d.id`,
    )
    .all() as { number: string; status: string; status_after: string }[];
}

/**
 * The fee ledger's invariants (migration 0017), checked whatever program wrote the file: no bill
 * paid and waived beyond its amount or paid below zero, no payment allocated beyond itself, and
 * every reversal the exact opposite of a payment of the same house.
 */
export function feeLedgerProblems(raw: Raw): { overpaid: number[]; overAllocated: number[]; badReversals: number[] } {
  const ids = (sql: string) => (raw.prepare(sql).all() as { id: number }[]).map((r) => r.id);
  return {
    overpaid: ids(`SELECT b.id FROM fee_bills b
      LEFT JOIN (SELECT bill_id, sum(amount) AS paid FROM fee_allocations GROUP BY bill_id) a ON a.bill_id = b.id
      LEFT JOIN (SELECT bill_id, sum(amount) AS waived FROM fee_waivers GROUP BY bill_id) w ON w.bill_id = b.id
      WHERE coalesce(a.paid, 0) < 0 OR coalesce(a.paid, 0) + coalesce(w.waived, 0) > b.amount ORDER BY b.id`),
    overAllocated: ids(`SELECT p.id FROM fee_payments p JOIN fee_allocations a ON a.payment_id = p.id
      WHERE p.type = 'payment' GROUP BY p.id HAVING sum(a.amount) > p.amount OR sum(a.amount) < 0 ORDER BY p.id`),
    badReversals: ids(`SELECT r.id FROM fee_payments r LEFT JOIN fee_payments o ON o.id = r.reverses
      WHERE r.type = 'reversal' AND (o.id IS NULL OR o.type <> 'payment' OR o.house_id <> r.house_id OR o.amount <>
      -r.amount) ORDER BY r.id`),
  };
}
