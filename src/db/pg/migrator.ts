import { sql, type Transaction } from 'kysely';
import { bi, DatabaseError } from '../../domain/errors.js';
import type { Store } from '../connection.js';
import { newerSchemaError, type MigrationResult } from '../migrator.js';
import type { Database } from '../schema.js';
import { PG_MIGRATIONS, type PgMigration } from './migrations.js';
import { VERSION_TABLE } from './store.js';

/**
 * Brings a PostgreSQL database to the program's schema version, in one transaction that holds the
 * database's write lock: two `init`s at once migrate it once, and a failure leaves it as it was.
 * The version lives in a one-row table (SQLite keeps it in `PRAGMA user_version`). A database whose
 * schema is newer than this program, or one that holds another program's tables, is refused
 * untouched (exit 3). No copy is taken before an upgrade: a server is backed up with its own tools.
 */
export async function migratePg(
  store: Store,
  latest: number,
  migrations: readonly PgMigration[] = PG_MIGRATIONS,
): Promise<MigrationResult> {
  // Every command comes here first: one already at this version is told so without the write lock,
  // so that reads do not queue behind other desks' writes (nor time out waiting for them).
  // (Read as the connection opened: a version only ever grows, so one that was the latest still is.)
  if ((await store.serverVersion?.()) === latest) return { from: latest, to: latest };
  let from = 0;
  try {
    await store.db.transaction().execute(async (trx) => {
      from = await upgradePgIn(trx, store.path, latest, migrations);
    });
  } catch (e) {
    if (e instanceof DatabaseError) throw e;
    const message = e instanceof Error ? e.message : String(e);
    throw new DatabaseError(
      bi(
        `无法把 ${store.path} 升级到第 ${latest} 版：${message}`,
        `cannot upgrade ${store.path} to schema ${latest}: ${message}`,
      ),
      bi('数据库未被改动；请报告此问题', 'the database was not changed; report this'),
    );
  }
  return { from, to: latest };
}

/**
 * The work of `migratePg` inside a transaction of the caller's that holds the write lock (a copy
 * makes the schema and writes the rows in one): the version table made in an empty database, then
 * the migrations up to `latest`. Returns the version the database had.
 */
export async function upgradePgIn(
  trx: Transaction<Database>,
  path: string,
  latest: number,
  migrations: readonly PgMigration[] = PG_MIGRATIONS,
): Promise<number> {
  const { rows } = await sql<{ found: string | null }>`SELECT to_regclass(${VERSION_TABLE}) AS found`.execute(trx);
  if (rows[0]?.found == null) {
    const { rows: others } = await sql`SELECT 1 FROM pg_tables WHERE schemaname = current_schema() LIMIT 1`.execute(
      trx,
    );
    if (others.length > 0) {
      throw new DatabaseError(
        bi(
          `${path} 里有其他程序的表，不是 hongwu 数据库`,
          `${path} holds another program's tables, not a hongwu database`,
        ),
        bi('请用 --db 换一个数据库；该数据库未被改动', 'choose another database with --db; it was not changed'),
      );
    }
    await sql.raw(`CREATE TABLE ${VERSION_TABLE} (version integer NOT NULL)`).execute(trx);
    await sql.raw(`INSERT INTO ${VERSION_TABLE} VALUES (0)`).execute(trx);
  }
  const { rows: current } = await sql<{ version: number }>`SELECT version FROM ${sql.table(VERSION_TABLE)}`.execute(
    trx,
  );
  const from = current[0]?.version ?? 0;
  if (from > latest) {
    throw newerSchemaError(
      path,
      from,
      bi('请升级 hongwu 后再打开；该数据库未被改动', 'upgrade hongwu to open it; the database was not changed'),
      latest,
    );
  }
  const pending = migrations.filter((m) => m.version > from && m.version <= latest);
  // A database made before the baseline's version cannot exist: PostgreSQL starts there.
  if (from > 0 && pending.length > 0 && pending[0]!.name.endsWith('_baseline'))
    throw new Error(`no PostgreSQL migration from schema ${from}`);
  try {
    for (const m of pending) await m.up(trx);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    throw new DatabaseError(
      bi(
        `无法把 ${path} 从第 ${from} 版升级到第 ${latest} 版：${message}`,
        `cannot upgrade ${path} from schema ${from} to ${latest}: ${message}`,
      ),
      bi('数据库未被改动；请报告此问题', 'the database was not changed; report this'),
    );
  }
  if (pending.length > 0) await sql`UPDATE ${sql.table(VERSION_TABLE)} SET version = ${latest}`.execute(trx);
  return from;
}
