import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../src/db/migrations.js';
import { SCHEMA_VERSION } from '../../src/db/migrator.js';
import { baseEnv, cli, initDb, json, tempDbPath } from '../helpers/cli.js';
import { listing, olderDatabase, sha, withRaw } from './helpers.js';

/** A database with a resident, two demands and, through raw SQL, a small points ledger. */
async function populated() {
  const { db, env } = await initDb();
  await cli(['resident', 'add', '张三', '--phone', '13812345678'], env);
  await cli(['intake', '路灯不亮', '--channel', 'phone', '--category', 'repair', '--resident', '张三'], env);
  await cli(['intake', '楼道堆物', '--channel', 'walk_in', '--category', 'fire_safety'], env);
  await cli(['assign', '202611-0002', '--to', '蓝色港湾物业服务企业'], env);
  withRaw(db, (raw) =>
    raw.exec(`
      INSERT INTO items (id, community_id, name, cost, stock, created_at) VALUES (1, 1, '洗衣液', 10, 5,
      '2026-11-01T00:00:00.000Z');
      INSERT INTO ledger (id, community_id, resident_id, type, delta, reason, at, recorded_at, operator)
        VALUES (1, 1, 1, 'earn', 30, 'patrol', '2026-11-02T00:00:00.000Z', '2026-11-02T00:00:00.000Z', 'tester');
      INSERT INTO ledger (id, community_id, resident_id, type, delta, item_id, qty, at, recorded_at, operator)
        VALUES (2, 1, 1, 'redeem', -10, 1, 1, '2026-11-03T00:00:00.000Z', '2026-11-03T00:00:00.000Z', 'tester');
      INSERT INTO ledger (id, community_id, resident_id, type, delta, reason, reverses, at, recorded_at, operator)
        VALUES (3, 1, 1, 'reversal', 10, NULL, 2, '2026-11-04T00:00:00.000Z', '2026-11-04T00:00:00.000Z', 'tester');
    `),
  );
  return { db, env };
}

const statusOf = (report: { checks: { check: string; status: string }[] }, check: string) =>
  report.checks.find((c) => c.check === check)?.status;

describe('hongwu doctor', () => {
  it('reports every check of a healthy database and exits 0', async () => {
    const { db, env } = await populated();
    const r = await cli(['doctor'], env);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(
      [
        `数据库 ${db}`,
        '✓ 正常   数据完整  SQLite integrity_check：正常',
        '✓ 正常   外键引用  所有引用都指向存在的记录',
        `✓ 正常   结构版本  结构版本 ${SCHEMA_VERSION}（最新）`,
        '✓ 正常   日志模式  WAL 日志模式，0 B 待写回',
        '✓ 正常   文件权限  只有文件主人能读取文件及其文件夹',
        '✓ 正常   诉求记录  每条诉求都以受理开始，状态与办理记录一致',
        '✓ 正常   积分台账  余额从未低于零，冲正与原流水对应，库存不为负',
        '✓ 正常   工作日历  日历含 2004–2026 年的官方节假日与调休',
        '✓ 正常   只增不改  积分流水和审计日志只增不改，没有缺失的记录',
        '✓ 正常   收费台账  物业费：账单未超收，缴费未超分，冲正与原缴费对应',
        '✓ 正常   往月报表  尚未保存往月报表数字',
        '✓ 正常   临时文件  没有残留的临时文件',
        '结论：健康',
        '',
      ].join('\n'),
    );
    const report = json(await cli(['doctor', '--json'], env));
    expect(report).toMatchObject({
      db,
      healthy: true,
      schema_version: SCHEMA_VERSION,
      program_schema_version: SCHEMA_VERSION,
    });
    expect(report.checks[0]).toEqual({
      check: 'integrity',
      status: 'ok',
      detail: 'SQLite integrity_check: ok',
      hint: null,
    });
    expect(report.checks.map((c: { check: string }) => c.check)).toEqual([
      'integrity',
      'foreign_keys',
      'schema',
      'journal',
      'permissions',
      'demands',
      'ledger',
      'calendar',
      'append_only',
      'fees',
      'report_months',
      'leftovers',
    ]);
    expect(report.checks.every((c: { status: string; hint: unknown }) => c.status === 'ok' && c.hint === null)).toBe(
      true,
    );
  });

  it('finds the demo database, built by the bulk path, healthy', async () => {
    const db = path.join(path.dirname(tempDbPath()), 'hongwu-demo.db');
    expect((await cli(['demo', '--db', db], baseEnv(tempDbPath()))).code).toBe(0);
    const report = json(await cli(['doctor', '--json'], baseEnv(db)));
    expect(report.checks.filter((c: { status: string }) => c.status !== 'ok')).toEqual([]);
  });

  it('speaks English with --lang en', async () => {
    const { env } = await initDb();
    const r = await cli(['--lang', 'en', 'doctor'], env);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('✓ ok   Integrity      SQLite integrity_check: ok');
    expect(r.stdout).toMatch(/\nHealthy\n$/);
  });

  it('warns, with the chmod to run, when others can read the file or its folder; still exit 0', async () => {
    const { db, env } = await initDb();
    fs.chmodSync(db, 0o644);
    fs.chmodSync(path.dirname(db), 0o755);
    const r = await cli(['doctor'], env);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`! 注意   文件权限  其他用户可以读取 ${db}, ${path.dirname(db)}/（内有居民电话）`);
    expect(r.stdout).toContain(`→ 请运行：chmod 600 ${db} && chmod 700 ${path.dirname(db)}`);
    expect(r.stdout).toContain('结论：健康（1 项提醒）');
    fs.chmodSync(db, 0o600);
    fs.chmodSync(path.dirname(db), 0o700);
    const bak = `${db}.v1-20261101T000000Z.bak`;
    fs.writeFileSync(bak, 'old copy', { mode: 0o640 });
    const r2 = await cli(['--lang', 'en', 'doctor'], env);
    expect(r2.stdout).toContain(
      `! warn Permissions    other users can read ${bak} (residents' phone numbers are inside)`,
    );
    expect(r2.stdout).toContain(`→ run: chmod 600 ${bak}\n`);
  });

  it('reports pending migrations of an older file without upgrading it', async () => {
    const db = tempDbPath();
    await olderDatabase(db, 1);
    const before = sha(db);
    const files = listing(path.dirname(db));
    const report = json(await cli(['doctor', '--json'], baseEnv(db)));
    expect(report.healthy).toBe(true);
    expect(report.schema_version).toBe(1);
    expect(report.checks.find((c: { check: string }) => c.check === 'schema')).toEqual({
      check: 'schema',
      status: 'warn',
      detail: `schema version 1 of ${SCHEMA_VERSION}; pending migrations: ${MIGRATIONS.slice(1)
        .map((m) => m.name)
        .join(', ')}`,
      hint: 'the next hongwu command upgrades it in one transaction, after copying the file beside itself',
    });
    expect(statusOf(report, 'ledger')).toBeUndefined();
    expect(sha(db)).toBe(before);
    expect(listing(path.dirname(db))).toEqual(files);
  });

  it('fails with exit 3 on a file newer than this hongwu, and leaves it unchanged', async () => {
    const { db, env } = await initDb();
    withRaw(db, (raw) => raw.pragma('user_version = 99'));
    const before = sha(db);
    const r = await cli(['doctor'], env);
    expect(r.code).toBe(3);
    expect(r.stdout).toContain(`✗ 故障   结构版本  结构版本 99，比本程序（${SCHEMA_VERSION}）新`);
    expect(r.stdout).toContain('→ 请升级 hongwu 后再使用此文件；文件未被改动');
    expect(r.stderr).toBe(
      `hongwu: 体检发现 1 项故障（${db}）：结构版本：结构版本 99，比本程序（${SCHEMA_VERSION}）新\n  请升级 hongwu 后再使用此文件；文件未被改动\n`,
    );
    const english = await cli(['--lang', 'en', 'doctor'], env);
    expect(english.stderr).toBe(
      `hongwu: doctor found 1 problem(s) in ${db}: schema: schema version 99 is newer than this hongwu (` +
        `${SCHEMA_VERSION})\n  upgrade hongwu to use this file; it was not changed\n`,
    );
    expect(sha(db)).toBe(before);
  });

  it('finds a ledger whose balance dips below zero and a reversal of the wrong amount', async () => {
    const { db, env } = await populated();
    withRaw(db, (raw) =>
      raw.exec(`
        DROP TRIGGER ledger_balance_not_negative;
        INSERT INTO ledger (id, community_id, resident_id, type, delta, item_id, qty, at, recorded_at, operator)
          VALUES (4, 1, 1, 'redeem', -50, 1, 5, '2026-11-05T00:00:00.000Z', '2026-11-05T00:00:00.000Z', 'tester');
        INSERT INTO ledger (id, community_id, resident_id, type, delta, reason, reverses, at, recorded_at, operator)
          VALUES (5, 1, 1, 'reversal', 60, NULL, 4, '2026-11-06T00:00:00.000Z', '2026-11-06T00:00:00.000Z', 'tester');
      `),
    );
    const r = await cli(['doctor', '--json'], env);
    expect(r.code).toBe(3);
    const report = JSON.parse(r.stdout);
    expect(report.healthy).toBe(false);
    const ledger = report.checks.find((c: { check: string }) => c.check === 'ledger');
    expect(ledger.status).toBe('fail');
    expect(ledger.detail).toBe(
      '1 resident(s) whose balance goes below zero (resident @ entry): #1 @4; 1 reversal(s) not undoing their ' +
        'entry: 5→4',
    );
    expect(statusOf(report, 'schema')).toBe('fail'); // the trigger that guards balances is gone
    expect(r.stderr).toMatch(
      /^hongwu: 体检发现 2 项故障（.*）：结构版本：.*trigger ledger_balance_not_negative；另有积分台账\n  请从最近一次完好的备份恢复/,
    );
  });

  it(
    'sums balances in time order: a backdated redemption ' + 'the total allows, dipping below zero in between',
    async () => {
      const { db, env } = await populated();
      // With the guarding trigger in place: each insert keeps the total at or above zero, so only
      // the order in time (30, 20, 30, then 10 on the 4th at noon, −20 on the 5th, 0 on the 20th) shows it.
      withRaw(db, (raw) =>
        raw.exec(`
        INSERT INTO ledger (id, community_id, resident_id, type, delta, item_id, qty, at, recorded_at, operator)
          VALUES (4, 1, 1, 'redeem', -30, 1, 3, '2026-11-05T00:00:00.000Z', '2026-11-05T00:00:00.000Z', 'tester');
        INSERT INTO ledger (id, community_id, resident_id, type, delta, reason, at, recorded_at, operator)
          VALUES (5, 1, 1, 'earn', 20, 'patrol', '2026-11-20T00:00:00.000Z', '2026-11-20T00:00:00.000Z', 'tester');
        INSERT INTO ledger (id, community_id, resident_id, type, delta, item_id, qty, at, recorded_at, operator)
          VALUES (6, 1, 1, 'redeem', -20, 1, 2, '2026-11-04T12:00:00.000Z', '2026-11-21T00:00:00.000Z', 'tester');
      `),
      );
      const r = await cli(['doctor', '--json'], env);
      expect(r.code).toBe(3);
      const report = JSON.parse(r.stdout);
      expect(report.checks.filter((c: { status: string }) => c.status !== 'ok')).toEqual([
        {
          check: 'ledger',
          status: 'fail',
          detail: '1 resident(s) whose balance goes below zero (resident @ entry): #1 @4',
          hint: expect.stringContaining('restore the latest good backup'),
        },
      ]);
      const text = await cli(['doctor'], env);
      expect(text.stdout).toContain('✗');
      expect(text.stdout).toContain('1 位居民的积分余额曾低于零（居民 @ 流水）：#1 @4');
    },
  );

  it('finds a half-written demand and a dangling event', async () => {
    const { db, env } = await populated();
    withRaw(db, (raw) =>
      raw.exec(`
        PRAGMA foreign_keys = OFF;
        DELETE FROM demand_events WHERE demand_id = 1;
        INSERT INTO demand_events (demand_id, type, at, recorded_at, operator, status_after)
          VALUES (99, 'intake', '2026-11-26T02:00:00.000Z', '2026-11-26T02:00:00.000Z', 'tester', 'open');
      `),
    );
    const report = JSON.parse((await cli(['doctor', '--json'], env)).stdout);
    expect(statusOf(report, 'demands')).toBe('fail');
    expect(report.checks.find((c: { check: string }) => c.check === 'demands').detail).toBe(
      '1 demand(s) without exactly one intake first: 202611-0001',
    );
    expect(statusOf(report, 'foreign_keys')).toBe('fail');
    expect(report.checks.find((c: { check: string }) => c.check === 'foreign_keys').detail).toMatch(
      /^1 row\(s\) refer to rows that do not exist: demand_events row \d+ → missing demands$/,
    );
  });

  it("fails on a damaged page, naming SQLite's findings", async () => {
    const { db, env } = await populated();
    const { root, pageSize } = withRaw(db, (raw) => ({
      root: (
        raw.prepare("SELECT rootpage FROM sqlite_master WHERE name = 'demands_by_received'").get() as {
          rootpage: number;
        }
      ).rootpage,
      pageSize: raw.pragma('page_size', { simple: true }) as number,
    }));
    const fd = fs.openSync(db, 'r+');
    fs.writeSync(fd, Buffer.alloc(64, 0xee), 0, 64, (root - 1) * pageSize);
    fs.closeSync(fd);
    const r = await cli(['doctor', '--json'], env);
    expect(r.code).toBe(3);
    const report = JSON.parse(r.stdout);
    expect(statusOf(report, 'integrity')).toBe('fail');
    expect(r.stderr).toMatch(/^hongwu: 体检发现 \d 项故障（.*）：数据完整：/);
    // SQLite's findings, several lines under a heading, become one line (SPEC §2: one or two lines).
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(2);
    const detail = report.checks.find((c: { check: string }) => c.check === 'integrity').detail as string;
    expect(detail).not.toMatch(/\n|\*\*\*/);
  });

  it('warns about objects hongwu did not create, and fails when one of its own was changed', async () => {
    const { db, env } = await initDb();
    withRaw(db, (raw) => raw.exec('CREATE INDEX my_index ON demands (summary)'));
    const extra = json(await cli(['doctor', '--json'], env));
    expect(extra.healthy).toBe(true);
    expect(extra.checks.find((c: { check: string }) => c.check === 'schema').detail).toBe(
      `schema version ${SCHEMA_VERSION} (latest), with objects hongwu did not create: index my_index`,
    );
    withRaw(db, (raw) => raw.exec('DROP TRIGGER ledger_no_delete'));
    const changed = await cli(['doctor', '--json'], env);
    expect(changed.code).toBe(3);
    expect(JSON.parse(changed.stdout).checks.find((c: { check: string }) => c.check === 'schema').detail).toBe(
      `schema version ${SCHEMA_VERSION}, but these differ from hongwu's migrations: trigger ledger_no_delete`,
    );
  });

  it('warns when the file is no longer in WAL mode, without switching it', async () => {
    const { db, env } = await initDb();
    withRaw(db, (raw) => raw.pragma('journal_mode = DELETE'));
    const report = json(await cli(['doctor', '--json'], env));
    expect(report.checks.find((c: { check: string }) => c.check === 'journal')).toMatchObject({
      status: 'warn',
      detail: 'journal mode delete, not WAL',
    });
    expect(withRaw(db, (raw) => raw.pragma('journal_mode', { simple: true }))).toBe('delete');
  });

  it('exits 3 with what to do when there is no database or it is not SQLite', async () => {
    const missing = tempDbPath();
    const r = await cli(['doctor'], baseEnv(missing));
    expect(r).toEqual({
      code: 3,
      stdout: '',
      stderr: `hongwu: 找不到数据库 ${missing}\n  新建请运行 \`hongwu init\`；或用 --db / HONGWU_DB 指向正确的文件\n`,
    });
    fs.writeFileSync(missing, '这不是数据库'.repeat(1000));
    const garbage = await cli(['--lang', 'en', 'doctor'], baseEnv(missing));
    expect(garbage.code).toBe(3);
    expect(garbage.stderr).toBe(
      `hongwu: ${missing} is not a hongwu database or is damaged\n  check the path; run \`hongwu doctor\` on a copy\n`,
    );
  });
});
