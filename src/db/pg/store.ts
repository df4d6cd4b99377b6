import net from 'node:net';
import os from 'node:os';
import pg from 'pg';
import {
  CompiledQuery,
  Kysely,
  PostgresDialect,
  PostgresQueryCompiler,
  type DatabaseConnection,
  type Driver,
  type PostgresDialectConfig,
  type QueryResult,
  type QueryCompiler,
  type RootOperationNode,
  type QueryId,
} from 'kysely';
import { bi, DatabaseError, UsageError } from '../../domain/errors.js';
import { BUSY_TIMEOUT_MS, type Store } from '../connection.js';
import type { Opening } from '../opening.repository.js';
import type { Community, Database } from '../schema.js';
import { serverSqlLog, type ServerSqlLog } from '../sql-log.js';
import { forPostgres } from './portable.js';

/**
 * The one advisory lock every hongwu transaction on a server takes first (SPEC §14). SQLite's
 * BEGIN IMMEDIATE makes each transaction hold the file's write lock from its start, so two desks
 * never read the same "next" number, balance or stock and then both write; this lock does the same
 * on PostgreSQL. Advisory locks belong to one database, so two hongwu databases on one server do
 * not wait for each other. ('hong' in ASCII.)
 */
export const WRITE_LOCK = 0x686f6e67;

/** PostgreSQL's types that hongwu reads back, as SQLite gives them (see `typeParser`). */
const INT8 = 20;
const NUMERIC = 1700;
const BOOL = 16;

/**
 * Values as better-sqlite3 returns them, so that every figure and JSON field prints the same on
 * both engines: counts and sums (int8, numeric) as JS numbers rather than strings, and a
 * comparison's result as 1/0 (SQLite has no booleans; the schema keeps its flags as integers).
 */
function typeParser(oid: number, format?: string): (value: string) => unknown {
  if (oid === INT8 || oid === NUMERIC) return Number;
  if (oid === BOOL) return (value) => (value === 't' ? 1 : 0);
  return pg.types.getTypeParser(oid, format as 'text');
}

/** `pg`'s `types` option that reads values as SQLite gives them (for any client of a hongwu database). */
export const SQLITE_LIKE_TYPES = { getTypeParser: typeParser as typeof pg.types.getTypeParser };

/**
 * Puts hongwu's own schema, which holds the SQLite functions its SQL calls (strftime, group_concat,
 * sum of comparisons, …: migrations/pg/0019_baseline.ts), last on a connection's search_path,
 * keeping whatever the server set before it, so that tables are still made and found where the
 * database's administrator put them. (For any client of a hongwu database, as `SQLITE_LIKE_TYPES`.)
 */
export const WITH_HONGWU_FUNCTIONS =
  "SELECT set_config('search_path', current_setting('search_path') || ', hongwu', false)";

/** SQLite's SQL as PostgreSQL reads it (see `forPostgres`). */
class PortableCompiler extends PostgresQueryCompiler {
  override compileQuery(node: RootOperationNode, queryId: QueryId): CompiledQuery {
    const compiled = super.compileQuery(node, queryId);
    return { ...compiled, sql: forPostgres(compiled.sql) };
  }
}

/**
 * Every transaction begins by taking the database's write lock (waiting the busy timeout at most),
 * sent with its BEGIN as one query of two statements: one round trip; queries are compiled through
 * `forPostgres`. (hongwu never asks for an isolation level: a transaction is always a plain BEGIN.)
 */
class LockingPostgresDialect extends PostgresDialect {
  constructor(
    config: PostgresDialectConfig,
    private readonly acquiring: () => void,
  ) {
    super(config);
  }

  override createQueryCompiler(): QueryCompiler {
    return new PortableCompiler();
  }

  override createDriver(): Driver {
    const driver = super.createDriver();
    const acquire = driver.acquireConnection.bind(driver);
    driver.acquireConnection = () => {
      this.acquiring();
      return acquire();
    };
    driver.beginTransaction = async (connection) => {
      try {
        await connection.executeQuery(CompiledQuery.raw(`BEGIN; SELECT pg_advisory_xact_lock(${WRITE_LOCK})`));
      } catch (e) {
        // kysely rolls back only a transaction whose beginning succeeded: a lock that timed out
        // would leave the connection in an aborted one.
        await connection.executeQuery(CompiledQuery.raw('ROLLBACK')).catch(() => undefined);
        throw e;
      }
    };
    return driver;
  }
}

/**
 * Opens a hongwu database on a PostgreSQL server. One connection (as one SQLite handle): a
 * command's statements run one after another, and a read transaction (the report's snapshot) holds
 * for every statement the command sends. A password belongs in PGPASSWORD or ~/.pgpass (read by
 * `pg` itself): one in the URL would be shown in messages and in the shell's history, and is
 * refused. Without `create`, a database that holds no hongwu schema is refused (exit 3): only
 * `init` makes one.
 */
export async function openPgStore(url: string, options: { create: boolean }): Promise<Store> {
  const shown = shownUrl(url);
  pg.defaults.user ||= systemUser();
  const log = serverSqlLog();
  // HONGWU_SQL_LOG times the connection's start from the making of its socket: what `pg` loads and
  // builds before that is the client's own work, not a wait on the server.
  let connecting = 0;
  const timedSocket = () => {
    connecting = performance.now();
    return new net.Socket();
  };
  const pool = new pg.Pool({
    connectionString: url,
    max: 1,
    application_name: 'hongwu',
    connectionTimeoutMillis: BUSY_TIMEOUT_MS,
    // The lock every transaction takes first, and any row lock after it, wait as SQLite's busy timeout.
    lock_timeout: BUSY_TIMEOUT_MS,
    types: SQLITE_LIKE_TYPES,
    ...(log && { stream: timedSocket }),
  });
  // An idle connection the server drops (a restart) must not crash the process: the next query fails.
  pool.on('error', () => undefined);
  // The schema version and the opening reads, made by the connection's first statement (see
  // `firstStatement`). The opening reads stand for queries only while the connection has sent
  // nothing else: they are dropped when it is next asked for (a query, a transaction).
  let version: number | null | undefined;
  let opening: Opening | undefined;
  const dialect = new LockingPostgresDialect(
    {
      pool,
      onCreateConnection: async (connection) => {
        log?.connected(performance.now() - connecting);
        ({ version, opening } = await firstStatement(connection, log));
      },
    },
    () => {
      opening = undefined;
    },
  );
  const db = new Kysely<Database>({ dialect, log: log?.query });
  const serverVersion = async () => {
    // Connecting runs the first statement, which reads the version.
    if (version === undefined) await db.connection().execute(async () => undefined);
    return version ?? null;
  };
  const store: Store = {
    engine: 'postgres',
    db,
    get raw(): never {
      throw new UsageError(
        bi(
          `这项操作目前只适用于 SQLite 文件，不适用于 PostgreSQL 服务器 ${shown}`,
          `this works on an SQLite file only, not yet on a PostgreSQL server (${shown})`,
        ),
        bi('请对数据库文件运行；服务器请用 pg_dump 备份', 'run it on a database file; back a server up with pg_dump'),
      );
    },
    path: shown,
    readOnly: false,
    close: () => db.destroy(),
    serverVersion,
    opening: () => opening,
  };
  try {
    if (!options.create && (await serverVersion()) === null) {
      throw new DatabaseError(
        bi(`${shown} 里没有 hongwu 数据库`, `no hongwu database in ${shown}`),
        bi(
          '新建请运行 `hongwu init`；或用 --db / HONGWU_DB 指向正确的数据库',
          'run `hongwu init` to create one, or point --db / HONGWU_DB at the right database',
        ),
      );
    }
  } catch (e) {
    await db.destroy();
    throw serverError(e, shown);
  }
  return store;
}

/** The table the PostgreSQL schema version lives in (SQLite keeps it in `PRAGMA user_version`). */
export const VERSION_TABLE = 'hongwu_schema_version';

const UNDEFINED_TABLE = '42P01';

/**
 * What every command reads as it opens (src/db/opening.repository.ts), as columns of the first
 * statement: the settings, and the communities in the order `listCommunities` gives them (each row
 * as JSON, whose numbers and texts read back as the columns do).
 */
const OPENING_READS =
  '(SELECT json_agg(s) FROM (SELECT key, value FROM settings) s) AS settings, ' +
  '(SELECT json_agg(c ORDER BY c.id) FROM communities c) AS communities';

interface FirstRow {
  version: number;
  settings: { key: string; value: string }[] | null;
  communities: Community[] | null;
}

/**
 * A connection's first statement puts hongwu's functions on its search path and reads the schema
 * version and the opening reads in the same round trip, sparing every command the queries that
 * would ask for them. A database without hongwu's tables fails it untouched (42P01): the functions
 * are then put on the path alone, and the version is null.
 */
async function firstStatement(
  connection: DatabaseConnection,
  log: ServerSqlLog | undefined,
): Promise<{ version: number | null; opening?: Opening }> {
  try {
    const { rows } = await logged<FirstRow>(
      connection,
      CompiledQuery.raw(`${WITH_HONGWU_FUNCTIONS}, version, ${OPENING_READS} FROM ${VERSION_TABLE}`),
      log,
    );
    const row = rows[0];
    if (!row) return { version: null };
    const settings = new Map((row.settings ?? []).map((s) => [s.key, s.value]));
    return { version: row.version, opening: { settings, communities: row.communities ?? [] } };
  } catch (e) {
    if ((e as { code?: unknown }).code !== UNDEFINED_TABLE) throw e;
    await logged(connection, CompiledQuery.raw(WITH_HONGWU_FUNCTIONS), log);
    return { version: null };
  }
}

/** A statement run before kysely logs the connection's own (HONGWU_SQL_LOG shows every round trip). */
async function logged<R>(
  connection: DatabaseConnection,
  query: CompiledQuery,
  log: ServerSqlLog | undefined,
): Promise<QueryResult<R>> {
  if (!log) return connection.executeQuery<R>(query);
  const start = performance.now();
  try {
    const result = await connection.executeQuery<R>(query);
    log.query({ level: 'query', query, queryDurationMillis: performance.now() - start });
    return result;
  } catch (error) {
    log.query({ level: 'error', error, query, queryDurationMillis: performance.now() - start });
    throw error;
  }
}

/**
 * The user a URL without one connects as: PGUSER, else USER (`pg` reads both), else, where neither
 * is set (some cron setups), the system's name for the process's user, as libpq does. (No name at
 * all, a uid without a passwd entry, leaves it to the server to refuse the connection.)
 */
function systemUser(): string | undefined {
  try {
    return os.userInfo().username;
  } catch {
    return undefined;
  }
}

/**
 * A URL with a password is refused before anything connects (SPEC §14: never on the command line).
 * A user without a host (`postgres://clerk@/hongwu?host=/var/run/postgresql`), which WHATWG's URL
 * rejects, is read as `pg` and libpq read it: the host is then the `host=` parameter or the default.
 */
export function shownUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url.replace(/^(postgres(?:ql)?:\/\/[^/@]*@)\//i, '$1localhost/'));
  } catch {
    throw new UsageError(
      bi(`数据库地址无法识别：${url}`, `not a database URL: ${url}`),
      bi('形如 postgres://用户@主机:5432/数据库', 'write it as postgres://user@host:5432/dbname'),
    );
  }
  if (parsed.password || parsed.searchParams.has('password')) {
    throw new UsageError(
      bi('数据库地址里不能写密码', 'the database URL may not hold a password'),
      bi('请把密码放在环境变量 PGPASSWORD 或 ~/.pgpass 中', 'put the password in env PGPASSWORD or in ~/.pgpass'),
    );
  }
  return url;
}

/** A server that cannot be reached, or refuses us, is "database unavailable" (exit 3). */
export function serverError(e: unknown, shown: string): unknown {
  if (e instanceof DatabaseError || e instanceof UsageError) return e;
  const code = String((e as { code?: unknown }).code ?? '');
  const message = e instanceof Error ? e.message : String(e);
  const unreachable = [
    'ECONNREFUSED',
    'ENOTFOUND',
    'EAI_AGAIN',
    'ETIMEDOUT',
    'ECONNRESET',
    'EHOSTUNREACH',
    'ENOENT',
  ].includes(code);
  // 28xxx: authentication; 3D000: no such database; 57P03: the server is starting or stopping.
  if (unreachable || code.startsWith('28') || code === '3D000' || code === '57P03' || /timeout/i.test(message)) {
    return new DatabaseError(
      bi(`无法连接数据库 ${shown}：${message}`, `cannot connect to ${shown}: ${message}`),
      bi(
        '请确认服务器在运行、数据库已建立，密码在 PGPASSWORD 或 ~/.pgpass 中',
        'check that the server runs and the database exists, with the password in PGPASSWORD or ~/.pgpass',
      ),
    );
  }
  return e;
}
