import fs from 'node:fs';
import { bi, DatabaseError, type Bilingual } from '../domain/errors.js';
import type { Store } from './connection.js';
import type { Migration } from './migrations.js';
import { SCHEMA_VERSION } from './schema-version.js';

export { SCHEMA_VERSION };

export function schemaVersion(store: Store): number {
  return store.raw.pragma('user_version', { simple: true }) as number;
}

export interface MigrationResult {
  from: number;
  to: number;
  /** Where the copy taken before changing an existing database was written. */
  backupPath?: string;
}

/**
 * Brings the file to SCHEMA_VERSION. All pending migrations run in one IMMEDIATE transaction
 * (kysely's Migrator does not wrap SQLite migrations), so a failure leaves the file as it was.
 * The version lives in `PRAGMA user_version`, visible to the sqlite3 shell. A file newer than
 * this program is refused untouched. An existing database is first copied beside itself.
 * A PostgreSQL database is brought to the same version by its own migrations (src/db/pg/migrator.ts).
 */
export async function migrateToLatest(
  store: Store,
  options: { now: Date; migrations?: readonly Migration[] },
): Promise<MigrationResult> {
  const latest = options.migrations?.length ?? SCHEMA_VERSION;
  if (store.engine === 'postgres') {
    // Loaded only for a server: a file's commands never load PostgreSQL's migrations.
    const { migratePg } = await import('./pg/migrator.js');
    return migratePg(store, latest);
  }
  const from = checkVersion(store, latest);
  if (from === latest) return { from, to: from };
  // The migrations' modules are loaded only when one runs (see schema-version.ts).
  const migrations = options.migrations ?? (await import('./migrations.js')).MIGRATIONS;
  if (from === 0 && hasTables(store)) {
    throw new DatabaseError(
      bi(
        `${store.path} 是其他程序的 SQLite 文件，不是 hongwu 数据库`,
        `${store.path} is an SQLite file of another program, not a hongwu database`,
      ),
      bi('请用 --db 换一个路径；该文件未被改动', 'choose another path with --db; the file was not changed'),
    );
  }
  let backupPath: string | undefined;
  if (from > 0) {
    // Loaded only here: the copying code (and node:crypto) would otherwise cost every command's start.
    const { copyDatabase, fileStamp } = await import('./maintenance.repository.js');
    backupPath = `${store.path}.v${from}-${fileStamp(options.now)}.bak`;
    await copyDatabase(store.raw, backupPath);
  }
  try {
    await store.db.transaction().execute(async (trx) => {
      const current = checkVersion(store, migrations.length);
      for (const m of migrations.slice(current)) await m.up(trx);
      store.raw.pragma(`user_version = ${migrations.length}`);
    });
  } catch (e) {
    // Rolled back (or never begun, when the file was busy): the file is as it was, and the copy
    // taken before would only be one more big file per try.
    if (backupPath) fs.rmSync(backupPath, { force: true });
    const code = String((e as { code?: unknown }).code ?? '');
    if (e instanceof DatabaseError || code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) throw e;
    // A file this program cannot bring up to date is a database problem (exit 3), not the request's.
    const message = e instanceof Error ? e.message : String(e);
    throw new DatabaseError(
      bi(
        `无法把 ${store.path} 从第 ${from} 版升级到第 ${migrations.length} 版：${message}`,
        `cannot upgrade ${store.path} from schema ${from} to ${migrations.length}: ${message}`,
      ),
      bi(
        '文件未被改动；请运行 hongwu doctor 并报告此问题',
        'the file was not changed; run `hongwu doctor` and report this',
      ),
    );
  }
  return { from, to: migrations.length, backupPath };
}

function hasTables(store: Store): boolean {
  return store.raw.prepare("SELECT 1 FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' LIMIT 1").get() !== undefined;
}

/**
 * A database (a file or a server) whose schema is newer than this program: refused with exit 3 on
 * either engine; `hint` says what to do, and that it was left as it was.
 */
export function newerSchemaError(
  where: string,
  version: number,
  hint: Bilingual,
  latest: number = SCHEMA_VERSION,
): DatabaseError {
  return new DatabaseError(
    bi(
      `${where} 的结构版本为 ${version}，比本程序（${latest}）新`,
      `${where} has schema version ${version}, newer than this hongwu (${latest})`,
    ),
    hint,
  );
}

/** The file's schema version; a file newer than this program is refused (exit 3). */
export function checkVersion(store: Store, latest: number = SCHEMA_VERSION): number {
  const version = schemaVersion(store);
  if (version > latest) {
    throw newerSchemaError(
      store.path,
      version,
      bi('请升级 hongwu 后再打开；该文件未被改动', 'upgrade hongwu to open it; the file was not changed'),
      latest,
    );
  }
  return version;
}
