import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { CompiledQuery, Kysely, SqliteDialect, type Driver, type Transaction } from 'kysely';
import { bi, DatabaseError } from '../domain/errors.js';
import { makeFolders } from './folders.js';
import type { Opening } from './opening.repository.js';
import type { Database } from './schema.js';
import { sqlLogHooks } from './sql-log.js';
import { BUSY_TIMEOUT_MS, busyError } from './busy.js';

export { BUSY_TIMEOUT_MS, busyError };

export type Db = Kysely<Database>;
export type Tx = Transaction<Database>;

export interface Store {
  /** A file (SQLite), or a database on a PostgreSQL server (SPEC §14, src/db/pg). */
  engine: 'sqlite' | 'postgres';
  db: Db;
  /**
   * The better-sqlite3 handle, for pragmas, backups and prepared bulk statements. On PostgreSQL
   * there is none: reading it refuses the command (exit 2) as one that works on a file only.
   */
  raw: BetterSqlite3.Database;
  /** The file, or the server's URL, as messages name it. */
  path: string;
  /** Opened read-only: the file or its folder cannot be written (a CD, a USB stick locked, chattr +i). */
  readOnly: boolean;
  close(): Promise<void>;
  /**
   * A server's schema version as its connection read it on opening (null: no hongwu schema there
   * yet), without another round trip; a file's is `PRAGMA user_version` (`schemaVersion`).
   */
  serverVersion?: () => Promise<number | null>;
  /**
   * A server's opening reads (settings, communities: opening.repository.ts), made by its
   * connection's first statement with the version, while that connection has sent nothing since
   * (they are what a query would read then); else, and on a file, undefined.
   */
  opening?: () => Opening | undefined;
}

/**
 * Every hongwu transaction writes, so it starts with BEGIN IMMEDIATE: it takes the write lock (or
 * waits the busy timeout for it) before reading, so two terminals never read the same "next"
 * number or balance and then collide on the upgrade to a write lock.
 * SQLite rolls a transaction back itself on some errors (SQLITE_FULL: the disk is full): the
 * rollback that follows is then skipped, or its "no transaction is active" would hide the cause.
 */
class ImmediateSqliteDialect extends SqliteDialect {
  constructor(private readonly raw: BetterSqlite3.Database) {
    super({ database: raw });
  }

  override createDriver(): Driver {
    const driver = super.createDriver();
    const rollback = driver.rollbackTransaction.bind(driver);
    driver.beginTransaction = async (connection) => {
      await connection.executeQuery(CompiledQuery.raw('begin immediate'));
    };
    driver.rollbackTransaction = async (connection) => {
      if (this.raw.inTransaction) await rollback(connection);
    };
    return driver;
  }
}

/**
 * Opens (or, with `create`, creates) a hongwu file with a busy timeout, foreign keys and full
 * sync; `enableWal` switches it to WAL once its schema version is known to be ours.
 * A missing file is never created silently: a clerk in the wrong folder must not think the data
 * were lost. A new file and its folder are readable by the owner only. With `inspect` (doctor,
 * backup) the file is taken as found: its journal mode is read, not switched.
 * A file that cannot be written, or whose folder cannot (read-only media), is opened read-only
 * (see `openReadOnly`): the read commands work, a write fails with SQLITE_READONLY (exit 3).
 */
export function openStore(file: string, options: { create: boolean; inspect?: boolean; shownAs?: string }): Store {
  // Messages name the file the clerk gave, not the temporary file that becomes it.
  const shown = options.shownAs ?? file;
  const exists = fs.existsSync(file);
  if (!exists && !options.create) {
    throw new DatabaseError(
      bi(`找不到数据库 ${file}`, `no hongwu database at ${file}`),
      bi(
        '新建请运行 `hongwu init`；或用 --db / HONGWU_DB 指向正确的文件',
        'run `hongwu init` to create one, or point --db / HONGWU_DB at the right file',
      ),
    );
  }
  // SQLite takes an empty file for an empty database, which the migrations would then fill: only
  // `init` and `demo` make a database of it.
  if (exists && !options.create && fs.statSync(file).size === 0) {
    throw new DatabaseError(
      bi(`${file} 是空文件，不是 hongwu 数据库`, `${file} is an empty file, not a hongwu database`),
      bi(
        '请用 --db / HONGWU_DB 指向正确的文件，或对它运行 `hongwu init`；该文件未被改动',
        'point --db / HONGWU_DB at the right file, or run `hongwu init` on it; the file was not changed',
      ),
    );
  }
  if (!exists) {
    try {
      makeFolders(path.dirname(path.resolve(file)), 0o700);
    } catch (e) {
      throw folderError(e, shown);
    }
    try {
      fs.closeSync(fs.openSync(file, 'wx', 0o600));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw wrapOpenError(e, shown);
    }
  }
  const readOnly = !options.create && !(writable(file) && writable(path.dirname(path.resolve(file))));
  const sqlLog = sqlLogHooks();
  // Side files that SQLite makes on opening a file in WAL mode, and that a failed open would leave.
  const sideFiles = ['-wal', '-shm'].map((suffix) => file + suffix).filter((side) => !fs.existsSync(side));
  let raw: BetterSqlite3.Database | undefined;
  try {
    // `timeout` is SQLite's busy timeout (no PRAGMA busy_timeout needed).
    raw = readOnly
      ? openReadOnly(file, sqlLog.verbose)
      : new BetterSqlite3(file, { fileMustExist: true, timeout: BUSY_TIMEOUT_MS, verbose: sqlLog.verbose });
    raw.pragma('foreign_keys = ON');
    // The first read of the file: a file that is no database fails here.
    raw.pragma('journal_mode', { simple: true });
    if (!options.inspect && !readOnly) raw.pragma('synchronous = FULL');
  } catch (e) {
    if (raw?.open) raw.close();
    for (const side of sideFiles) fs.rmSync(side, { force: true });
    throw wrapOpenError(e, shown);
  }
  const handle = raw;
  const db = new Kysely<Database>({ dialect: new ImmediateSqliteDialect(handle), log: sqlLog.log });
  return {
    engine: 'sqlite',
    db,
    raw: handle,
    path: file,
    readOnly,
    // kysely closes the handle only if it ever ran a query: close it here too (doctor uses raw only).
    close: async () => {
      await db.destroy();
      if (handle.open) handle.close();
    },
  };
}

/** As root, only a read-only mount (EROFS) or an immutable file (EPERM) says no. */
function writable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * A read-only file in rollback-journal mode is opened read-only as it is. One in WAL mode cannot
 * be (SQLite needs its -shm file beside it, and may not make one there): its bytes are read into
 * memory with the header saying "rollback journal", which they are once the WAL is folded in. A
 * WAL still holding changes cannot be read that way: refused, rather than show old data.
 */
function openReadOnly(file: string, verbose: ((sql: unknown) => void) | undefined): BetterSqlite3.Database {
  const header = Buffer.alloc(20);
  const fd = fs.openSync(file, 'r');
  try {
    fs.readSync(fd, header, 0, 20, 0);
  } finally {
    fs.closeSync(fd);
  }
  const wal = header[18] === 2 && header[19] === 2;
  if (!wal) return new BetterSqlite3(file, { readonly: true, fileMustExist: true, timeout: BUSY_TIMEOUT_MS, verbose });
  if (fs.existsSync(`${file}-wal`) && fs.statSync(`${file}-wal`).size > 0) {
    throw new DatabaseError(
      bi(
        `${file} 只读，且最近的改动还在 ${file}-wal 中，无法读取`,
        `${file} is read-only and its latest changes are still in ${file}-wal`,
      ),
      bi(
        '请在可写的位置打开它一次（或用 `hongwu backup` 做的备份，它不需要 WAL）',
        'open it once where it can be written (or use a copy made by `hongwu backup`, which needs no WAL)',
      ),
    );
  }
  const bytes = fs.readFileSync(file);
  bytes[18] = 1;
  bytes[19] = 1;
  return new BetterSqlite3(bytes, { readonly: true, verbose });
}

/** Removes a database file and SQLite's side files beside it (a temporary file of this process). */
export function removeDatabase(file: string): void {
  for (const suffix of ['', '-wal', '-shm', '-journal']) fs.rmSync(`${file}${suffix}`, { force: true });
}

/**
 * WAL lets clerks read while another terminal writes. Switched on only after the version check,
 * so that a file this program refuses (a newer schema) is left exactly as it was.
 */
export function enableWal(store: Store): void {
  if (store.readOnly || store.engine !== 'sqlite') return;
  if (store.raw.pragma('journal_mode', { simple: true }) !== 'wal') store.raw.pragma('journal_mode = WAL');
}

function wrapOpenError(e: unknown, file: string): Error {
  const code = (e as { code?: string }).code ?? '';
  if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') {
    return new DatabaseError(
      bi(`${file} 不是 hongwu 数据库，或已损坏`, `${file} is not a hongwu database or is damaged`),
      bi('请检查路径；可对副本运行 `hongwu doctor`', 'check the path; run `hongwu doctor` on a copy'),
    );
  }
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return busyError(file);
  }
  if (
    ['SQLITE_CANTOPEN', 'EACCES', 'EPERM', 'ENOENT', 'EISDIR', 'ENOTDIR', 'EROFS', 'ENAMETOOLONG', 'ELOOP'].includes(
      code,
    )
  ) {
    return new DatabaseError(
      bi(`无法打开 ${file}（${code}）`, `cannot open ${file} (${code})`),
      bi('请确认路径和所在文件夹存在且属于您', 'check that the path and its folder exist and are yours'),
    );
  }
  return e instanceof Error ? e : new Error(String(e));
}

/** The folder of a new file could not be made: a path through a file, or where one may not write. */
function folderError(e: unknown, file: string): DatabaseError {
  const code = (e as { code?: string }).code ?? 'error';
  return new DatabaseError(
    bi(
      `无法在 ${path.dirname(path.resolve(file))} 建立数据库（${code}）`,
      `cannot create a database in ${path.dirname(path.resolve(file))} (${code})`,
    ),
    bi(
      '请检查 --db / HONGWU_DB 的路径：所在文件夹须能建立且属于您',
      'check the --db / HONGWU_DB path: its folder must be one you can create and write to',
    ),
  );
}
