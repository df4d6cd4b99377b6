import fs from 'node:fs';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { openStore, type Store } from '../db/connection.js';
import { isServerUrl } from '../db/engine.js';
import * as inv from '../db/invariants.repository.js';
import * as m from '../db/maintenance.repository.js';
import { MIGRATIONS } from '../db/migrations.js';
import { SCHEMA_VERSION } from '../db/migrator.js';
import { knownYears } from '../db/calendar.repository.js';
import { listCommunities } from '../db/community.repository.js';
import { everyKeptMonth, forgetKeptMonth } from '../db/report-months.repository.js';
import { inSnapshot } from '../db/snapshot.js';
import { readSettings } from '../db/settings.repository.js';
import { bi, type Bilingual } from '../domain/errors.js';
import { step, type Said, type Spelling } from '../domain/next-step.js';
import { parseLocalInput, toLocal } from '../domain/time.js';
import { recountKept } from './report.service.js';
import { DEFAULT_TIME_ZONE } from './session.js';
import { shellWord } from '../domain/shell.js';

/**
 * `hongwu doctor`: what SQLite says about the file, and whether hongwu's own invariants hold.
 * Each check is ok, warn (healthy, but something to do) or fail (the file needs care).
 */
export type CheckStatus = 'ok' | 'warn' | 'fail';

export type CheckName =
  | 'integrity'
  | 'foreign_keys'
  | 'schema'
  | 'journal'
  | 'permissions'
  | 'demands'
  | 'ledger'
  | 'calendar'
  | 'append_only'
  | 'fees'
  | 'report_months'
  | 'leftovers';

export interface Check {
  check: CheckName;
  status: CheckStatus;
  detail: Bilingual;
  /** What to do, for warn and fail. */
  hint?: Bilingual | Said;
}

export interface DoctorReport {
  db: string;
  schemaVersion: number;
  programSchemaVersion: number;
  healthy: boolean;
  checks: Check[];
}

/** Past this size the WAL is worth a look: something keeps a read open and blocks checkpoints. */
const LARGE_WAL_BYTES = 64 * 1024 * 1024;

const ok = (check: CheckName, detail: Bilingual): Check => ({ check, status: 'ok', detail });
const warn = (check: CheckName, detail: Bilingual, hint: Bilingual | Said): Check => ({
  check,
  status: 'warn',
  detail,
  hint,
});
const fail = (check: CheckName, detail: Bilingual, hint: Bilingual | Said): Check => ({
  check,
  status: 'fail',
  detail,
  hint,
});

const RESTORE = bi(
  '请从最近一次完好的备份恢复（见 README“数据安全”），或把此文件另存一份后求助',
  'restore the latest good backup (see README, Data safety), or keep this file aside and ask for help',
);

/**
 * Opens the file as found (no migration, no journal switch) and runs every check. `nowOverride`
 * (HONGWU_NOW) replaces the clock, which says what year the calendar must know.
 */
export async function runDoctor(target: string, nowOverride?: string): Promise<DoctorReport> {
  const server = isServerUrl(target);
  // A server's driver is loaded only for a server (SPEC §14); a database without hongwu in it is refused (exit 3).
  const store = server
    ? await (await import('../db/pg/store.js')).openPgStore(target, { create: false })
    : openStore(target, { create: false, inspect: true });
  try {
    const version = server ? await serverVersion(store) : m.userVersion(store.raw);
    const checks: Check[] = [];
    const guard = async (name: CheckName, run: () => Check | Promise<Check>) => {
      try {
        checks.push(await run());
      } catch (e) {
        const message = e instanceof Error ? e.message : String(e);
        checks.push(fail(name, bi(`检查本身出错：${message}`, `the check itself failed: ${message}`), RESTORE));
      }
    };
    // The checks of a file itself (its pages, journal, permissions, the files beside it) say on a
    // server that they are SQLite's.
    const ofFile = (name: keyof typeof NOT_ON_A_SERVER, run: () => Check | Promise<Check>) =>
      guard(name, server ? () => ok(name, NOT_ON_A_SERVER[name]) : run);
    const has = (table: string) => inv.hasTable(store, table);
    await ofFile('integrity', () => integrity(store));
    await guard('foreign_keys', () => (server ? serverForeignKeys(store) : foreignKeys(store)));
    await guard('schema', () => (server ? serverSchema(version) : schema(store, version)));
    await ofFile('journal', () => journal(store));
    await ofFile('permissions', () => permissions(store.path));
    if (await has('demands')) await guard('demands', () => demands(store));
    if (await has('ledger')) await guard('ledger', () => ledger(store));
    if (await has('calendar_days')) await guard('calendar', () => calendar(store, nowOverride));
    if ((await has('ledger')) && version <= SCHEMA_VERSION)
      await guard('append_only', async () =>
        appendOnly(store, await (server ? serverTriggersOff : triggersMissing)(store, version)),
      );
    if (await has('fee_payments')) await guard('fees', () => fees(store));
    if (await has('report_months')) await guard('report_months', () => keptMonths(store));
    await ofFile('leftovers', () => leftovers(store.path));
    return {
      db: store.path,
      schemaVersion: version,
      programSchemaVersion: SCHEMA_VERSION,
      healthy: checks.every((c) => c.status !== 'fail'),
      checks,
    };
  } finally {
    await store.close();
  }
}

/** What a server says in place of the checks of a file itself. */
const NOT_ON_A_SERVER = {
  integrity: bi(
    'integrity_check 是 SQLite 文件的检查；服务器的数据页由 PostgreSQL 自行校验（可用 pg_amcheck）',
    "integrity_check is SQLite's, for a file; PostgreSQL looks after its own pages (see pg_amcheck)",
  ),
  journal: bi(
    'WAL 日志模式是 SQLite 文件的设置，不适用于服务器',
    "the WAL journal is an SQLite file's, not a server's",
  ),
  permissions: bi(
    '文件权限只针对文件；服务器上谁能读取由其角色和 pg_hba.conf 决定',
    "file permissions are a file's; on a server its roles and pg_hba.conf say who may read",
  ),
  leftovers: bi(
    '临时文件只会留在数据库文件旁；服务器没有',
    'temporary files are left beside a file only; a server has none',
  ),
} satisfies Partial<Record<CheckName, Bilingual>>;

/** A server's schema version (SQLite keeps it in `PRAGMA user_version`). */
async function serverVersion(store: Store): Promise<number> {
  return (await store.serverVersion?.()) ?? 0;
}

/**
 * PostgreSQL checks every reference as it is written, and cannot be told not to but by its
 * superuser; a constraint added `NOT VALID` was never checked against the rows it found.
 */
async function serverForeignKeys(store: Store): Promise<Check> {
  const unchecked = await inv.unvalidatedConstraints(store.db);
  if (unchecked.length === 0)
    return ok(
      'foreign_keys',
      bi(
        '服务器在每次写入时检查引用和约束，全部有效',
        'the server checks references and constraints on every write: all valid',
      ),
    );
  const list = unchecked.slice(0, 5).join(', ');
  return fail(
    'foreign_keys',
    bi(
      `以下约束未对已有的行生效（NOT VALID）：${list}`,
      `these constraints were never checked against the rows (NOT VALID): ${list}`,
    ),
    bi(
      '请让数据库管理员运行 ALTER TABLE … VALIDATE CONSTRAINT',
      'ask the database administrator to run ALTER TABLE … VALIDATE CONSTRAINT',
    ),
  );
}

/** A schema newer than this program: a failure, `keep` saying what to do (it was left unchanged). */
function newerSchema(version: number, keep: Bilingual): Check {
  return fail(
    'schema',
    bi(
      `结构版本 ${version}，比本程序（${SCHEMA_VERSION}）新`,
      `schema version ${version} is newer than this hongwu (${SCHEMA_VERSION})`,
    ),
    keep,
  );
}

/** An older schema: a warning naming the migrations the next command runs, `upgrade` saying how. */
function pendingMigrations(version: number, upgrade: Bilingual): Check {
  const pending = MIGRATIONS.slice(version).map((x) => x.name);
  return warn(
    'schema',
    bi(
      `结构版本 ${version}/${SCHEMA_VERSION}，待执行迁移：${pending.join(', ')}`,
      `schema version ${version} of ${SCHEMA_VERSION}; pending migrations: ${pending.join(', ')}`,
    ),
    upgrade,
  );
}

/** A server's schema version against this program's. */
function serverSchema(version: number): Check {
  if (version > SCHEMA_VERSION) {
    return newerSchema(
      version,
      bi('请升级 hongwu 后再使用此数据库；它未被改动', 'upgrade hongwu to use this database; it was not changed'),
    );
  }
  if (version < SCHEMA_VERSION)
    return pendingMigrations(
      version,
      bi('下一条 hongwu 命令会在一个事务里升级它', 'the next hongwu command upgrades it in one transaction'),
    );
  return ok('schema', bi(`结构版本 ${version}（最新）`, `schema version ${version} (latest)`));
}

function integrity(store: Store): Check {
  const problems = m.integrityProblems(store.raw);
  if (problems.length === 0) return ok('integrity', bi('SQLite integrity_check：正常', 'SQLite integrity_check: ok'));
  // SQLite's findings come several to a row, one per line, under a "*** in database main ***"
  // heading: each is put on the one line an error message has.
  const findings = problems
    .flatMap((p) => p.split('\n'))
    .map((line) => line.trim())
    .filter((line) => line && !/^\*\*\* .* \*\*\*$/.test(line));
  const found = findings.slice(0, 3).join('; ') + (findings.length > 3 ? ' …' : '');
  const count = findings.length || problems.length;
  return fail(
    'integrity',
    bi(
      `SQLite integrity_check 发现 ${count} 处损坏：${found}`,
      `SQLite integrity_check found ${count} problem(s): ${found}`,
    ),
    RESTORE,
  );
}

function foreignKeys(store: Store): Check {
  const violations = m.foreignKeyViolations(store.raw);
  if (violations.length === 0)
    return ok('foreign_keys', bi('所有引用都指向存在的记录', 'every reference points at an existing row'));
  const sample = violations
    .slice(0, 3)
    .map((v) => `${v.table} row ${v.rowid} → missing ${v.parent}`)
    .join('; ');
  return fail(
    'foreign_keys',
    bi(
      `${violations.length} 行引用了不存在的记录：${sample}`,
      `${violations.length} row(s) refer to rows that do not exist: ${sample}`,
    ),
    RESTORE,
  );
}

async function schema(store: Store, version: number): Promise<Check> {
  if (version > SCHEMA_VERSION) {
    return newerSchema(
      version,
      bi('请升级 hongwu 后再使用此文件；文件未被改动', 'upgrade hongwu to use this file; it was not changed'),
    );
  }
  if (version === 0) {
    return fail('schema', bi('结构版本 0：不是 hongwu 数据库', 'schema version 0: not a hongwu database'), (s) =>
      bi(
        `请检查 ${s.flag('db')} / HONGWU_DB；空文件可用 \`${s.zh(step('init'))}\` 建库`,
        `check ${s.flag('db')} / HONGWU_DB; \`${s.en(step('init'))}\` creates a database in an empty file`,
      ),
    );
  }
  const expected = await m.expectedSchema(MIGRATIONS.slice(0, version));
  const actual = new Map(m.schemaObjects(store.raw).map((o) => [`${o.type} ${o.name}`, o.sql]));
  const changed = expected.filter((o) => actual.get(`${o.type} ${o.name}`) !== o.sql).map((o) => `${o.type} ${o.name}`);
  if (changed.length > 0) {
    const list = changed.slice(0, 5).join(', ');
    return fail(
      'schema',
      bi(
        `结构版本 ${version}，但以下对象与 hongwu 的迁移不符：${list}`,
        `schema version ${version}, but these differ from hongwu's migrations: ${list}`,
      ),
      RESTORE,
    );
  }
  const known = new Set(expected.map((o) => `${o.type} ${o.name}`));
  const extra = [...actual.keys()].filter((k) => !known.has(k));
  if (version < SCHEMA_VERSION)
    return pendingMigrations(
      version,
      bi(
        '下一条 hongwu 命令会先在旁边备份此文件，再在一个事务里升级',
        'the next hongwu command upgrades it in one transaction, after copying the file beside itself',
      ),
    );
  if (extra.length > 0) {
    const list = extra.slice(0, 5).join(', ');
    return warn(
      'schema',
      bi(
        `结构版本 ${version}（最新），另有非 hongwu 创建的对象：${list}`,
        `schema version ${version} (latest), with objects hongwu did not create: ${list}`,
      ),
      bi(
        '若是有意添加（如索引）则无妨；hongwu 不使用它们',
        'fine if you added them on purpose (e.g. an index); hongwu ignores them',
      ),
    );
  }
  return ok('schema', bi(`结构版本 ${version}（最新）`, `schema version ${version} (latest)`));
}

function journal(store: Store): Check {
  // Read-only media: the file is read as it is, and no command will switch its journal there.
  if (store.readOnly)
    return ok('journal', bi('只读打开，未检查日志模式', 'opened read-only: the journal mode is not checked'));
  const mode = m.journalMode(store.raw);
  if (mode !== 'wal') {
    return warn(
      'journal',
      bi(`日志模式 ${mode}，不是 WAL`, `journal mode ${mode}, not WAL`),
      bi('下一条 hongwu 命令会改回 WAL', 'the next hongwu command switches it back to WAL'),
    );
  }
  const walBytes = sizeOf(`${store.path}-wal`);
  const size = formatBytes(walBytes);
  const detail = bi(`WAL 日志模式，${size} 待写回`, `journal mode WAL, ${size} not yet checkpointed`);
  if (walBytes > LARGE_WAL_BYTES) {
    return warn(
      'journal',
      detail,
      bi(
        '请关闭长时间打开的读取程序（如 sqlite3 命令行）；关闭后 WAL 会写回',
        'close long-running readers (e.g. an open sqlite3 shell); the WAL is folded in when they end',
      ),
    );
  }
  return ok('journal', detail);
}

/**
 * Residents' phone numbers are in the file and its backups: group and others must not be able to
 * read them. (SQLite gives the -wal and -shm files the mode of the database file.)
 */
function permissions(file: string): Check {
  if (process.platform === 'win32') {
    return ok(
      'permissions',
      bi(
        'Windows 上不检查：请用文件夹的访问权限保护它',
        'not checked on Windows: protect the folder with its access rights',
      ),
    );
  }
  const dir = path.dirname(path.resolve(file));
  const readable = [file, ...backupsBeside(file)].filter((f) => othersCanRead(f));
  const dirOpen = othersCanRead(dir);
  if (readable.length === 0 && !dirOpen)
    return ok('permissions', bi('只有文件主人能读取文件及其文件夹', 'only the owner can read the file and its folder'));
  const what = [...readable, ...(dirOpen ? [`${dir}/`] : [])].join(', ');
  const fix = [
    ...(readable.length ? [`chmod 600 ${readable.map(shellWord).join(' ')}`] : []),
    ...(dirOpen ? [`chmod 700 ${shellWord(dir)}`] : []),
  ].join(' && ');
  return warn(
    'permissions',
    bi(
      `其他用户可以读取 ${what}（内有居民电话）`,
      `other users can read ${what} (residents' phone numbers are inside)`,
    ),
    bi(`请运行：${fix}`, `run: ${fix}`),
  );
}

async function demands(store: Store): Promise<Check> {
  const headless = await inv.demandsWithoutIntake(store.db);
  const adrift = await inv.demandsOffTheirHistory(store);
  const first = headless
    .slice(0, 3)
    .map((d) => d.number)
    .join(', ');
  const drift = adrift
    .slice(0, 3)
    .map((d) => `${d.number} ${d.status}≠${d.status_after}`)
    .join(', ');
  const problems = [
    ...(headless.length
      ? [
          bi(
            `${headless.length} 条诉求不是以唯一一次受理开始：${first}`,
            `${headless.length} demand(s) without exactly one intake first: ${first}`,
          ),
        ]
      : []),
    ...(adrift.length
      ? [
          bi(
            `${adrift.length} 条诉求的状态与最后一次办理记录不符：${drift}`,
            `${adrift.length} demand(s) whose status is not their last event's: ${drift}`,
          ),
        ]
      : []),
  ];
  if (problems.length === 0)
    return ok(
      'demands',
      bi('每条诉求都以受理开始，状态与办理记录一致', 'every demand starts with its intake and matches its history'),
    );
  return fail('demands', joined(problems), RESTORE);
}

async function ledger(store: Store): Promise<Check> {
  const negative = await inv.negativeRunningBalances(store.db, inv.POINTS_LEDGER);
  const reversals = await inv.badReversals(store.db);
  const stock = await inv.negativeStock(store.db);
  const below = negative
    .slice(0, 3)
    .map((n) => `#${n.account} @${n.entry}`)
    .join(', ');
  const unpaired = reversals
    .slice(0, 3)
    .map((r) => `${r.entry}→${r.reverses}`)
    .join(', ');
  const items = stock
    .slice(0, 3)
    .map((s) => s.name)
    .join(', ');
  const problems = [
    ...(negative.length
      ? [
          bi(
            `${negative.length} 位居民的积分余额曾低于零（居民 @ 流水）：${below}`,
            `${negative.length} resident(s) whose balance goes below zero (resident @ entry): ${below}`,
          ),
        ]
      : []),
    ...(reversals.length
      ? [
          bi(
            `${reversals.length} 笔冲正与原流水不对应：${unpaired}`,
            `${reversals.length} reversal(s) not undoing their entry: ${unpaired}`,
          ),
        ]
      : []),
    ...(stock.length
      ? [bi(`${stock.length} 件物品库存为负：${items}`, `${stock.length} item(s) with negative stock: ${items}`)]
      : []),
  ];
  if (problems.length === 0) {
    return ok(
      'ledger',
      bi(
        '余额从未低于零，冲正与原流水对应，库存不为负',
        'balances never below zero, reversals match their entries, stock not negative',
      ),
    );
  }
  return fail('ledger', joined(problems), RESTORE);
}

/** A file's triggers refusing rewrites of the ledger and audit log that its version's migrations make and it lacks. */
async function triggersMissing(store: Store, version: number): Promise<string[]> {
  const present = new Set(m.appendOnlyTriggers(m.schemaObjects(store.raw)));
  return m
    .appendOnlyTriggers(await m.expectedSchema(MIGRATIONS.slice(0, version)))
    .filter((name) => !present.has(name));
}

/**
 * The same on a server: each of its refusals of UPDATE, DELETE and TRUNCATE must be there and
 * enabled; one switched off (`ALTER TABLE … DISABLE TRIGGER`) is named `<name>:disabled`.
 */
async function serverTriggersOff(store: Store): Promise<string[]> {
  const found = new Map((await inv.serverAppendOnlyTriggers(store.db)).map((t) => [t.name, t.enabled]));
  return ['ledger', 'audit_log']
    .flatMap((table) => ['update', 'delete', 'truncate'].map((what) => `${table}_no_${what}`))
    .filter((name) => found.get(name) !== true)
    .map((name) => (found.has(name) ? `${name}:disabled` : name));
}

/**
 * The points ledger and the audit log are evidence: the triggers that refuse rewriting them are
 * in place (`absent` names those that are not), and no entry below the last one is missing (a row
 * deleted while they were off).
 */
async function appendOnly(store: Store, absent: string[]): Promise<Check> {
  const gaps = [];
  for (const table of ['ledger', 'audit_log'] as const) {
    const missing = await inv.missingEntries(store.db, table);
    if (missing > 0) gaps.push({ table, missing });
  }
  const list = gaps.map((g) => `${g.table} ${g.missing}`).join(', ');
  const problems = [
    ...(absent.length
      ? [bi(`缺少防改写触发器：${absent.join(', ')}`, `triggers refusing rewrites are missing: ${absent.join(', ')}`)]
      : []),
    ...(gaps.length ? [bi(`有记录被删除（表 缺少条数）：${list}`, `entries were deleted (table count): ${list}`)] : []),
  ];
  if (problems.length === 0) {
    return ok(
      'append_only',
      bi(
        '积分流水和审计日志只增不改，没有缺失的记录',
        'the points ledger and the audit log are append-only, with no entry missing',
      ),
    );
  }
  return fail('append_only', joined(problems), RESTORE);
}

/**
 * The report's figures of finished months, kept (migration 0021), computed again from the file:
 * they differ only if a write went past the triggers that delete them. Such rows are deleted (they
 * are computed again by the next report that needs them) where the file can be written.
 */
async function keptMonths(store: Store): Promise<Check> {
  const timeZone = (await readSettings(store.db)).get('timezone') ?? DEFAULT_TIME_ZONE;
  const reader = { store, db: store.db, timeZone };
  let count = 0;
  const stale = await inSnapshot(store, async () => {
    const communities = await listCommunities(store.db);
    const differing = [];
    for (const row of await everyKeptMonth(store.db)) {
      count++;
      const of = communities.filter((c) => row.community_id === 0 || c.id === row.community_id);
      const target = { code: row.community_id === 0 ? 'all' : (of[0]?.code ?? ''), name: '', communities: of };
      const now = of.length === 0 ? undefined : JSON.stringify(await recountKept(reader, target, row));
      if (now === undefined || !isDeepStrictEqual(JSON.parse(now), JSON.parse(row.figures))) differing.push(row);
    }
    return differing;
  });
  if (count === 0) return ok('report_months', bi('尚未保存往月报表数字', 'no figures of past months kept yet'));
  if (stale.length === 0)
    return ok(
      'report_months',
      bi(`保存的 ${count} 项往月报表数字与重新统计一致`, `the ${count} kept figure(s) of past months equal a recount`),
    );
  const list = stale
    .slice(0, 3)
    .map((r) => `${r.community_id === 0 ? 'all' : r.community_id}/${r.month}/${r.part}`)
    .join(', ');
  const forgotten = !store.readOnly;
  for (const row of forgotten ? stale : []) await forgetKeptMonth(store.db, row);
  return warn(
    'report_months',
    bi(
      `${stale.length} 项保存的往月报表数字与重新统计不符（社区/月份/部分）：${list}${forgotten ? '；已删除，下次统计时重算' : ''}`,
      `${stale.length} kept figure(s) of past months differ from a recount (community/month/part): ${list}` +
        (forgotten ? '; deleted, the next report computes them again' : ''),
    ),
    forgotten
      ? bi(
          '有程序绕过了触发器写入数据：请报告此问题',
          'something wrote to the file past its triggers: please report this',
        )
      : (sp: Spelling) =>
          bi(
            `请把文件复制到可写的文件夹后，在那里运行 \`${sp.zh(step('doctor'))}\``,
            `copy the file to a folder that can be written and run \`${sp.en(step('doctor'))}\` there`,
          ),
  );
}

/**
 * Temporary files that killed hongwu processes left beside the database (an init's new file, a
 * backup's copy, a report, a demo: `.name.PID.tmp`, `.name.PID-xxxxxxxx.tmp`, `name.PID.tmp`, and
 * SQLite's side files of them). Copies of the data, readable by the owner only, but taking room
 * and easy to mistake for a backup: those of processes that ended are removed. A live process's
 * files are its own.
 */
function leftovers(file: string): Check {
  const dir = path.dirname(path.resolve(file));
  const stale = fs
    .readdirSync(dir)
    .filter((name) => {
      const pid = TEMP_FILE.exec(name)?.[1];
      return pid !== undefined && !running(Number(pid));
    })
    .sort();
  if (stale.length === 0) return ok('leftovers', bi('没有残留的临时文件', 'no leftover temporary files'));
  const kept = stale.filter((name) => {
    try {
      fs.rmSync(path.join(dir, name), { force: true });
      return false;
    } catch {
      return true;
    }
  });
  const list = (names: string[]) => names.slice(0, 10).join(', ') + (names.length > 10 ? ' …' : '');
  if (kept.length === 0) {
    return warn(
      'leftovers',
      bi(
        `已删除 ${stale.length} 个已结束的 hongwu 进程留下的临时文件：${list(stale)}`,
        `removed ${stale.length} temporary file(s) left by hongwu processes that ended: ${list(stale)}`,
      ),
      bi('其中是数据的副本；无需再做什么', 'they held copies of the data; nothing else to do'),
    );
  }
  const rm = `rm ${kept.map((name) => shellWord(path.join(dir, name))).join(' ')}`;
  return warn(
    'leftovers',
    bi(
      `${kept.length} 个已结束的 hongwu 进程留下的临时文件无法删除：${list(kept)}`,
      `${kept.length} temporary file(s) left by hongwu processes that ended could not be removed: ${list(kept)}`,
    ),
    bi(
      `它们是数据的副本，请在可写时删除：${rm}`,
      `they are copies of the data; remove them where the folder can be written: ${rm}`,
    ),
  );
}

/** `.hongwu.db.4242.tmp`, `.b.db.4242-0a1b2c3d.tmp`, `hongwu-demo.db.4242.tmp-wal`: the PID. */
const TEMP_FILE = /^.+\.(\d+)(?:-[0-9a-f]{8})?\.tmp(?:-wal|-shm|-journal)?$/;

/** Whether a process of that id runs (one of another user's counts: its files are not ours to judge). */
function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function fees(store: Store): Promise<Check> {
  const { overpaid, overAllocated, badReversals } = await inv.feeLedgerProblems(store.db);
  const first = (ids: number[]) =>
    ids
      .slice(0, 3)
      .map((id) => `#${id}`)
      .join(', ');
  const problems = [
    ...(overpaid.length
      ? [
          bi(
            `${overpaid.length} 张账单的实收加减免超过应收或小于零：${first(overpaid)}`,
            `${overpaid.length} bill(s) paid and waived beyond their amount, or below zero: ${first(overpaid)}`,
          ),
        ]
      : []),
    ...(overAllocated.length
      ? [
          bi(
            `${overAllocated.length} 笔缴费分到账单的金额超过缴费本身：${first(overAllocated)}`,
            `${overAllocated.length} payment(s) allocated beyond their amount: ${first(overAllocated)}`,
          ),
        ]
      : []),
    ...(badReversals.length
      ? [
          bi(
            `${badReversals.length} 笔冲正与原缴费不对应：${first(badReversals)}`,
            `${badReversals.length} reversal(s) not undoing their payment: ${first(badReversals)}`,
          ),
        ]
      : []),
  ];
  if (problems.length === 0) {
    return ok(
      'fees',
      bi(
        '物业费：账单未超收，缴费未超分，冲正与原缴费对应',
        'fees: no bill paid beyond its amount, no payment over-allocated, reversals match their payments',
      ),
    );
  }
  return fail('fees', joined(problems), RESTORE);
}

const joined = (parts: Bilingual[]): Bilingual =>
  bi(parts.map((p) => p.zh).join('；'), parts.map((p) => p.en).join('; '));

function backupsBeside(file: string): string[] {
  const dir = path.dirname(path.resolve(file));
  const prefix = `${path.basename(file)}.`;
  try {
    return fs
      .readdirSync(dir)
      .filter((name) => name.startsWith(prefix) && name.endsWith('.bak'))
      .map((name) => path.join(dir, name));
  } catch {
    return [];
  }
}

function othersCanRead(file: string): boolean {
  try {
    return (fs.statSync(file).mode & 0o044) !== 0;
  } catch {
    return false;
  }
}

function sizeOf(file: string): number {
  try {
    return fs.statSync(file).size;
  } catch {
    return 0;
  }
}

function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

/**
 * Working days are counted on the official calendar of each year (SPEC §9): warn when the file does
 * not hold this year's, or, from December on, next year's (deadlines then run into it).
 */
async function calendar(store: Store, nowOverride: string | undefined): Promise<Check> {
  const timeZone = (await readSettings(store.db)).get('timezone') ?? DEFAULT_TIME_ZONE;
  const clock = new Date();
  const now = (nowOverride && parseLocalInput(nowOverride, timeZone, clock, 'start')) || clock;
  const local = toLocal(now, timeZone);
  const wanted = local.month === 12 ? [local.year, local.year + 1] : [local.year];
  const known = await knownYears(store.db);
  const missing = wanted.filter((y) => !known.includes(y));
  const range = known.length ? `${known[0]}–${known[known.length - 1]}` : '';
  if (missing.length === 0)
    return ok(
      'calendar',
      bi(
        `日历含 ${range} 年的官方节假日与调休`,
        `the calendar holds the official holidays and make-up days of ${range}`,
      ),
    );
  const years = missing.join('、');
  return warn(
    'calendar',
    bi(
      `日历里还没有 ${years} 年的官方节假日：这些年的工作日只按周末计算`,
      `the calendar does not know ${missing.join(', ')}: working days there are counted on weekends only`,
    ),
    (s) => {
      const load = step('calendar import', [bi('<文件.ics|文件.csv>', '<file.ics|file.csv>')]);
      return bi(
        `国务院通知发布后（通常在 11 月）：${s.zh(load)}（见 docs/calendar.md）`,
        `when the State Council publishes it (usually in November): ${s.en(load)} (see docs/calendar.md)`,
      );
    },
  );
}
