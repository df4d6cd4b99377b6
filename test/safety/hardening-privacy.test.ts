import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { initDb, json, spawnCli, tempDir } from '../helpers/cli.js';
import { modeOf, withRaw } from './helpers.js';

/** Issue 14, item 7: the SQL log and the audit log. */

describe('HONGWU_SQL_LOG keeps phone numbers private', () => {
  it('is created 0600 and masks phone numbers, the script still running', async () => {
    const { db, env } = await initDb();
    const log = path.join(tempDir('hongwu-sqllog-'), 'sql.log');
    const logged = { ...env, HONGWU_SQL_LOG: log };
    expect(spawnCli(['resident', 'add', '张三', '--phone', '13812345678'], logged).code).toBe(0);
    expect(spawnCli(['resident', 'show', '13812345678'], logged).stdout).toContain('13812345678');
    expect(
      spawnCli(
        ['intake', '路灯不亮', '--channel', 'phone', '--category', 'repair', '--phone', '+86 139 8765 4321'],
        logged,
      ).code,
    ).toBe(0);
    expect(modeOf(log)).toBe(0o600);
    const text = fs.readFileSync(log, 'utf8');
    expect(text).not.toMatch(/13812345678|13987654321/);
    expect(text).toContain("'138****5678'");
    expect(text).toContain("'139****4321'");
    // Masked literals are still SQL: every logged statement of `resident list` runs in SQLite.
    fs.rmSync(log);
    expect(spawnCli(['resident', 'list'], logged).code).toBe(0);
    const selects = fs
      .readFileSync(log, 'utf8')
      .split(';\n')
      .map((s) => s.replace(/^-- .*\n/gm, '').trim())
      .filter((s) => /^select/i.test(s));
    expect(selects.length).toBeGreaterThan(0);
    withRaw(db, (raw) => selects.forEach((s) => raw.prepare(s).all()));
  });
});

describe('the audit log is append-only (migration 0011) and doctor checks both evidence tables', () => {
  it('refuses UPDATE, DELETE and REPLACE from the sqlite3 shell', async () => {
    const { db, env } = await initDb();
    spawnCli(['resident', 'add', '张三', '--phone', '13812345678'], env);
    spawnCli(['resident', 'show', '张三'], env);
    for (const statement of [
      "UPDATE audit_log SET operator = 'nobody'",
      'DELETE FROM audit_log',
      "REPLACE INTO audit_log (id, at, operator, action, subject) VALUES (1, 'x', 'nobody', 'resident.show', " +
        "'resident:1')",
      "INSERT OR REPLACE INTO audit_log (id, at, operator, action, subject) VALUES (1, 'x', 'nobody', " +
        "'resident.show', 'resident:1')",
    ]) {
      expect(() => withRaw(db, (raw) => raw.exec(statement))).toThrow('the audit log is append-only');
    }
    expect(withRaw(db, (raw) => raw.prepare('SELECT operator FROM audit_log').all())).toEqual([{ operator: 'tester' }]);
    expect(json(spawnCli(['doctor', '--json'], env)).healthy).toBe(true);
  });

  it('doctor fails when a trigger was dropped or an entry deleted behind them', async () => {
    const { db, env } = await initDb();
    spawnCli(['resident', 'add', '张三', '--phone', '13812345678'], env);
    for (let i = 0; i < 3; i++) spawnCli(['resident', 'show', '张三'], env);
    spawnCli(['points', 'earn', '张三', '5', '--reason', 'patrol'], env);
    spawnCli(['points', 'earn', '张三', '5', '--reason', 'patrol'], env);
    withRaw(db, (raw) =>
      raw.exec(
        'DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE id = 2; DROP TRIGGER ledger_no_delete; ' +
          'DELETE FROM ledger WHERE id = 1',
      ),
    );
    const doctor = spawnCli(['doctor', '--json', '--lang', 'en'], env);
    expect(doctor.code).toBe(3);
    const check = JSON.parse(doctor.stdout).checks.find((c: { check: string }) => c.check === 'append_only');
    expect(check).toMatchObject({
      status: 'fail',
      detail:
        'triggers refusing rewrites are missing: audit_log_no_delete, ledger_no_delete; entries were deleted ' +
        '(table count): ledger 1, audit_log 1',
    });
    const human = spawnCli(['doctor'], env);
    expect(human.stdout).toContain('只增不改');
  });
});
