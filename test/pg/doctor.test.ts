import { describe, expect, it } from 'vitest';
import { SCHEMA_VERSION } from '../../src/db/migrator.js';
import { baseEnv, cli, initDb, json } from '../helpers/cli.js';
import { createPgDatabase } from '../helpers/pg-databases.js';
import { rows } from '../helpers/rows.js';

/** A server's database with a resident who earned and spent points, and a demand. */
async function withRecords() {
  const { db, env } = await initDb();
  for (const args of [
    ['resident', 'add', '张三', '--phone', '13812345678'],
    ['points', 'earn', '张三', '10', '--reason', 'patrol'],
    ['points', 'item', 'add', '大米', '--cost', '5', '--stock', '3'],
    ['points', 'redeem', '张三', '大米'],
    ['intake', '路灯不亮', '--channel', 'phone', '--category', 'repair'],
  ]) {
    const r = await cli(args, env);
    expect(r.code).toBe(0);
  }
  return { db, env };
}

const doctor = async (env: Record<string, string | undefined>) => cli(['doctor', '--json', '--lang', 'en'], env);
const check = (report: { checks: { check: string }[] }, name: string) => report.checks.find((c) => c.check === name);

/** `hongwu doctor` on a PostgreSQL server (SPEC §14): hongwu's own checks, run by the server. */
describe('hongwu doctor on a server', () => {
  it('runs every check of hongwu’s invariants; those of a file itself say they are SQLite’s', async () => {
    const { db, env } = await withRecords();
    const r = await doctor(env);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report).toMatchObject({ db, healthy: true, schema_version: SCHEMA_VERSION });
    expect(report.checks.map((c: { check: string; status: string }) => [c.check, c.status])).toEqual([
      ['integrity', 'ok'],
      ['foreign_keys', 'ok'],
      ['schema', 'ok'],
      ['journal', 'ok'],
      ['permissions', 'ok'],
      ['demands', 'ok'],
      ['ledger', 'ok'],
      ['calendar', 'ok'],
      ['append_only', 'ok'],
      ['fees', 'ok'],
      ['report_months', 'ok'],
      ['leftovers', 'ok'],
    ]);
    expect(check(report, 'integrity')).toMatchObject({
      detail: "integrity_check is SQLite's, for a file; PostgreSQL looks after its own pages (see pg_amcheck)",
    });
    expect(check(report, 'journal')).toMatchObject({ detail: "the WAL journal is an SQLite file's, not a server's" });
    expect(check(report, 'ledger')).toMatchObject({
      detail: 'balances never below zero, reversals match their entries, stock not negative',
    });
    const human = await cli(['doctor'], env);
    expect(human.code).toBe(0);
    expect(human.stdout).toContain(`数据库 ${db}\n✓ 正常   数据完整  integrity_check 是 SQLite 文件的检查`);
    expect(human.stdout).toMatch(/结论：健康\n$/);
  });

  it('finds a balance below zero, a disabled trigger and a deleted entry written behind hongwu’s back', async () => {
    const { db, env } = await withRecords();
    // The server's superuser can do what no hongwu command does.
    await rows(db, 'ALTER TABLE ledger DISABLE TRIGGER ledger_checks');
    await rows(
      db,
      `INSERT INTO ledger (community_id, resident_id, type, delta, item_id, qty, at, recorded_at, operator)
       SELECT community_id, resident_id, 'redeem', -20, item_id, 1, '2026-11-26T03:00:00.000Z',
         '2026-11-26T03:00:00.000Z', 'mallory' FROM ledger WHERE type = 'redeem'`,
    );
    await rows(db, 'ALTER TABLE ledger DISABLE TRIGGER ledger_no_delete');
    await rows(db, 'DELETE FROM ledger WHERE id = 1');
    const r = await doctor(env);
    expect(r.code).toBe(3);
    const report = JSON.parse(r.stdout);
    expect(report.healthy).toBe(false);
    expect(check(report, 'ledger')).toMatchObject({
      status: 'fail',
      detail: '1 resident(s) whose balance goes below zero (resident @ entry): #1 @2',
    });
    expect(check(report, 'append_only')).toMatchObject({
      status: 'fail',
      detail:
        'triggers refusing rewrites are missing: ledger_no_delete:disabled; entries were deleted (table count): ' +
        'ledger 1',
    });
    expect(r.stderr).toMatch(/^hongwu: doctor found 2 problem\(s\) in postgres:\/\/.*: ledger: /);
  });

  it('finds a demand whose history lost its intake', async () => {
    const { env, db } = await withRecords();
    await rows(db, "DELETE FROM demand_events WHERE type = 'intake'");
    const report = JSON.parse((await doctor(env)).stdout);
    expect(check(report, 'demands')).toMatchObject({
      status: 'fail',
      detail: '1 demand(s) without exactly one intake first: 202611-0001',
    });
  });

  it('a database without hongwu in it is refused (exit 3)', async () => {
    const url = createPgDatabase(`hongwu_doctor_none_${process.pid}`, 'template1');
    const r = await cli(['doctor'], baseEnv(url));
    expect(r).toEqual({
      code: 3,
      stdout: '',
      stderr: `hongwu: ${url} 里没有 hongwu 数据库\n  新建请运行 \`hongwu init\`；或用 --db / HONGWU_DB 指向正确的数据库\n`,
    });
  });

  it('an older server schema is a warning: the next command upgrades it', async () => {
    const { db, env } = await initDb();
    await rows(db, `UPDATE hongwu_schema_version SET version = ${SCHEMA_VERSION - 1}`);
    const report = json(await doctor(env));
    expect(check(report, 'schema')).toMatchObject({
      status: 'warn',
      hint: 'the next hongwu command upgrades it in one transaction',
    });
  });
});
