import { describe, expect, it } from 'vitest';
import { baseEnv, cli, initDb, json, spawnCli } from '../helpers/cli.js';
import { createPgDatabase } from '../helpers/pg-databases.js';

/** What is particular to a database on a PostgreSQL server (SPEC §14); the rest of the contract is the suite's. */
describe('hongwu on PostgreSQL', () => {
  it('init makes the schema in an empty database, and the built binary runs the loop on it', async () => {
    const url = createPgDatabase(`hongwu_empty_${process.pid}`, 'template1');
    const env = baseEnv(url);
    const init = spawnCli(['init', '--community', '蓝色港湾', '--code', 'lsgw'], env);
    expect(init.stderr).toContain('时区 Asia/Shanghai');
    expect(init.code).toBe(0);
    expect(init.stdout).toContain(`已创建社区「蓝色港湾」（代码 lsgw），数据库：${url}\n`);
    const intake = json(spawnCli(['intake', '路灯不亮', '--channel', 'phone', '--category', 'repair', '--json'], env));
    expect(intake).toMatchObject({ number: '202611-0001', status: 'open' });
    expect(json(spawnCli(['show', '202611-0001', '--json'], env))).toMatchObject({
      number: '202611-0001',
      summary: '路灯不亮',
    });
  });

  it('refuses a password in the URL before connecting (exit 2)', async () => {
    const r = await cli(['list'], baseEnv('postgres://clerk:secret@127.0.0.1:1/hongwu'));
    expect(r).toEqual({
      code: 2,
      stdout: '',
      stderr: 'hongwu: 数据库地址里不能写密码\n  请把密码放在环境变量 PGPASSWORD 或 ~/.pgpass 中\n',
    });
  });

  it('a server that cannot be reached is "database unavailable" (exit 3)', async () => {
    const r = await cli(['list', '--lang', 'en'], baseEnv('postgres://clerk@127.0.0.1:1/hongwu'));
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/^hongwu: cannot connect to postgres:\/\/clerk@127\.0\.0\.1:1\/hongwu: .*ECONNREFUSED/);
  });

  it('a database without hongwu in it is refused by every command but init (exit 3)', async () => {
    const url = createPgDatabase(`hongwu_none_${process.pid}`, 'template1');
    const r = await cli(['list'], baseEnv(url));
    expect(r).toEqual({
      code: 3,
      stdout: '',
      stderr: `hongwu: ${url} 里没有 hongwu 数据库\n  新建请运行 \`hongwu init\`；或用 --db / HONGWU_DB 指向正确的数据库\n`,
    });
  });

  it('backup is for a file: a server is backed up with pg_dump (exit 2)', async () => {
    const { env } = await initDb();
    const r = await cli(['backup', '/tmp/x.db', '--lang', 'en'], env);
    expect(r).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'hongwu: hongwu backup works on a database file, not on a PostgreSQL server\n' +
        '  back a server up with pg_dump, or copy it into a file: hongwu copy <server URL> <file>\n',
    });
  });
});
