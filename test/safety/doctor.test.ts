import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
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
      INSERT INTO items (id, community_id, name, cost, stock, created_at) VALUES (1, 1, '洗衣液', 10, 5, '2026-11-01T00:00:00.000Z');
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
        '✓ 正常   数据完整  SQLite integrity_check: ok',
        '✓ 正常   外键引用  every reference points at an existing row',
        '✓ 正常   结构版本  schema version 3 (latest)',
        '✓ 正常   日志模式  journal mode WAL, 0 B not yet checkpointed',
        '✓ 正常   文件权限  only the owner can read the file and its folder',
        '✓ 正常   诉求记录  every demand starts with its intake and matches its history',
        '✓ 正常   积分台账  balances never below zero, reversals match their entries, stock not negative',
        '结论：健康',
        '',
      ].join('\n'),
    );
    const report = json(await cli(['doctor', '--json'], env));
    expect(report).toMatchObject({ db, healthy: true, schema_version: 3, program_schema_version: 3 });
    expect(report.checks.map((c: { check: string }) => c.check)).toEqual([
      'integrity', 'foreign_keys', 'schema', 'journal', 'permissions', 'demands', 'ledger',
    ]);
    expect(report.checks.every((c: { status: string; hint: unknown }) => c.status === 'ok' && c.hint === null)).toBe(true);
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
    expect(r.stdout).toContain(`! 注意   文件权限  other users can read ${db}, ${path.dirname(db)}/ (residents' phone numbers are inside)`);
    expect(r.stdout).toContain(`→ run: chmod 600 ${db} && chmod 700 ${path.dirname(db)}`);
    expect(r.stdout).toContain('结论：健康（1 项提醒）');
    fs.chmodSync(db, 0o600);
    fs.chmodSync(path.dirname(db), 0o700);
    const bak = `${db}.v1-20261101T000000Z.bak`;
    fs.writeFileSync(bak, 'old copy', { mode: 0o640 });
    const r2 = await cli(['--lang', 'en', 'doctor'], env);
    expect(r2.stdout).toContain(`! warn Permissions    other users can read ${bak} (residents' phone numbers are inside)`);
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
      detail: 'schema version 1 of 3; pending migrations: 0002_points, 0003_meetings',
      hint: 'the next hongwu command upgrades it in one transaction, after copying the file beside itself',
    });
    expect(statusOf(report, 'ledger')).toBeUndefined();
    expect(sha(db)).toBe(before);
    expect(listing(path.dirname(db))).toEqual(files);
  });

  it('fails with exit 3 on a file newer than this hongwu, and leaves it unchanged', async () => {
    const { db, env } = await initDb();
    withRaw(db, (raw) => raw.pragma('user_version = 9'));
    const before = sha(db);
    const r = await cli(['doctor'], env);
    expect(r.code).toBe(3);
    expect(r.stdout).toContain('✗ 故障   结构版本  schema version 9 is newer than this hongwu (3)');
    expect(r.stdout).toContain('→ upgrade hongwu to use this file; it was not changed');
    expect(r.stderr).toBe(
      `hongwu: doctor found 1 problem(s) in ${db}: schema: schema version 9 is newer than this hongwu (3)\n  upgrade hongwu to use this file; it was not changed\n`,
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
      "1 resident(s) whose balance goes below zero: #1 at entry 4; 1 reversal(s) not undoing their entry: 5→4",
    );
    expect(statusOf(report, 'schema')).toBe('fail'); // the trigger that guards balances is gone
    expect(r.stderr).toMatch(/^hongwu: doctor found 2 problem\(s\) in .*: schema: .*trigger ledger_balance_not_negative; also ledger\n  restore the latest good backup/);
  });

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

  it('fails on a damaged page, naming SQLite\'s findings', async () => {
    const { db, env } = await populated();
    const { root, pageSize } = withRaw(db, (raw) => ({
      root: (raw.prepare("SELECT rootpage FROM sqlite_master WHERE name = 'demands_by_received'").get() as { rootpage: number }).rootpage,
      pageSize: raw.pragma('page_size', { simple: true }) as number,
    }));
    const fd = fs.openSync(db, 'r+');
    fs.writeSync(fd, Buffer.alloc(64, 0xee), 0, 64, (root - 1) * pageSize);
    fs.closeSync(fd);
    const r = await cli(['doctor', '--json'], env);
    expect(r.code).toBe(3);
    const report = JSON.parse(r.stdout);
    expect(statusOf(report, 'integrity')).toBe('fail');
    expect(r.stderr).toContain('problem(s)');
    expect(r.stderr).toContain('integrity');
  });

  it('warns about objects hongwu did not create, and fails when one of its own was changed', async () => {
    const { db, env } = await initDb();
    withRaw(db, (raw) => raw.exec('CREATE INDEX my_index ON demands (summary)'));
    const extra = json(await cli(['doctor', '--json'], env));
    expect(extra.healthy).toBe(true);
    expect(extra.checks.find((c: { check: string }) => c.check === 'schema').detail).toBe(
      'schema version 3 (latest), with objects hongwu did not create: index my_index',
    );
    withRaw(db, (raw) => raw.exec('DROP TRIGGER ledger_no_delete'));
    const changed = await cli(['doctor', '--json'], env);
    expect(changed.code).toBe(3);
    expect(JSON.parse(changed.stdout).checks.find((c: { check: string }) => c.check === 'schema').detail).toBe(
      "schema version 3, but these differ from hongwu's migrations: trigger ledger_no_delete",
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
      stderr: `hongwu: no hongwu database at ${missing}\n  run \`hongwu init\` to create one, or point --db / HONGWU_DB at the right file\n`,
    });
    fs.writeFileSync(missing, '这不是数据库'.repeat(1000));
    const garbage = await cli(['doctor'], baseEnv(missing));
    expect(garbage.code).toBe(3);
    expect(garbage.stderr).toBe(`hongwu: ${missing} is not a hongwu database or is damaged\n  check the path; run \`hongwu doctor\` on a copy\n`);
  });
});
