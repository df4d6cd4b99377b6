import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { baseEnv, json, spawnCli } from '../helpers/cli.js';
import { psql, tempPgDatabase } from '../helpers/pg-databases.js';

const INIT = ['init', '--community', '蓝色港湾', '--code', 'lsgw'];

/** Addresses and environments libpq accepts, through the built binary (SPEC §14: as `psql` connects). */
describe('the server a URL names, as libpq reads it', () => {
  it('a URL without a user, run where USER is not set (cron), connects as the system user', () => {
    const url = new URL(tempPgDatabase());
    // The test server knows its superuser only: the system user (root in CI) is made a role on it.
    const me = os.userInfo().username;
    const made = psql(
      url.href,
      `DO $$ BEGIN CREATE ROLE "${me}" SUPERUSER LOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$`,
    );
    expect(made.stderr).toBe('');
    url.username = '';
    // No USER, LOGNAME or PGUSER: baseEnv gives HOME and hongwu's own variables only.
    const env = baseEnv(url.href);
    expect(Object.keys(env).filter((k) => ['USER', 'LOGNAME', 'PGUSER'].includes(k))).toEqual([]);
    const init = spawnCli(INIT, env);
    expect(init.stderr).not.toContain('意外错误');
    expect(init.code).toBe(0);
    expect(json(spawnCli(['community', 'list', '--json'], env))).toMatchObject([{ code: 'lsgw' }]);
  });

  it('PGUSER still comes before the system user: one the server does not know is refused (exit 3)', () => {
    const url = new URL(tempPgDatabase());
    url.username = '';
    const r = spawnCli(['list', '--lang', 'en'], { ...baseEnv(url.href), PGUSER: 'hongwu_nobody' });
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/^hongwu: cannot connect to .*role "hongwu_nobody" does not exist/);
  });

  it('a user and no host (postgres://clerk@/db?host=…) reaches the host= parameter', () => {
    const url = new URL(tempPgDatabase());
    const address = `postgres://${url.username}@${url.pathname}?host=${url.hostname}&port=${url.port}`;
    const env = baseEnv(address);
    const init = spawnCli([...INIT, '--lang', 'en'], env);
    expect(init.stderr).toContain('Time zone Asia/Shanghai');
    expect(init.code).toBe(0);
    expect(init.stdout).toContain(`Created community "蓝色港湾" (code lsgw) in ${address}\n`);
    expect(spawnCli(['community', 'list'], env).code).toBe(0);
  });

  it('a password is still refused in that form (exit 2)', () => {
    const r = spawnCli(['list'], baseEnv('postgres://clerk:secret@/hongwu?host=/var/run/postgresql'));
    expect(r).toEqual({
      code: 2,
      stdout: '',
      stderr: 'hongwu: 数据库地址里不能写密码\n  请把密码放在环境变量 PGPASSWORD 或 ~/.pgpass 中\n',
    });
  });
});
