import fs from 'node:fs';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { SCHEMA_VERSION } from '../../src/db/migrator.js';
import { baseEnv, spawnCli, tempDbPath } from '../helpers/cli.js';
import { onPostgres } from '../helpers/pg-databases.js';
import { contents, rows } from '../helpers/rows.js';
import { budget, timed } from '../helpers/timing.js';

/**
 * The built binary, as cron or a script runs it: no TTY, stdin closed; on a file or on a server
 * (what only a file has, such as the default path: binary-files.test.ts).
 */
describe('the hongwu binary', () => {
  it('refuses a missing database with exit 3 and does not create it', async () => {
    if (onPostgres()) {
      const name = `hongwu_missing_${process.pid}`;
      const url = `${process.env.HONGWU_TEST_PG}/${name}`;
      const r = spawnCli(['list'], baseEnv(url));
      expect(r.code).toBe(3);
      expect(r.stdout).toBe('');
      expect(r.stderr).toBe(
        `hongwu: 无法连接数据库 ${url}：database "${name}" does not exist\n` +
          '  请确认服务器在运行、数据库已建立，密码在 PGPASSWORD 或 ~/.pgpass 中\n',
      );
      const maintenance = `${process.env.HONGWU_TEST_PG}/postgres`;
      expect(await rows(maintenance, 'SELECT datname FROM pg_database WHERE datname = ?', [name])).toEqual([]);
      return;
    }
    const db = tempDbPath();
    const r = spawnCli(['list'], baseEnv(db));
    expect(r.code).toBe(3);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      `hongwu: 找不到数据库 ${db}\n  新建请运行 \`hongwu init\`；或用 --db / HONGWU_DB 指向正确的文件\n`,
    );
    expect(fs.existsSync(db)).toBe(false);
  });

  it('prints exactly one JSON value on stdout with --json; hints go to stderr', () => {
    const db = tempDbPath();
    const env = baseEnv(db);
    expect(spawnCli(['init', '--json'], env).code).toBe(0);
    const r = spawnCli(['intake', '漏水', '--channel', 'phone', '--category', 'utilities', '--json'], env);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).number).toBe('202611-0001');
    expect(r.stderr).toBe('');
    const list = spawnCli(['--json', 'list'], env);
    expect(JSON.parse(list.stdout)).toHaveLength(1);
  });

  it('never waits for input without a terminal: exit 2 at once, naming the missing flags', () => {
    const db = tempDbPath();
    const env = baseEnv(db);
    spawnCli(['init'], env);
    // Waiting for input would last until spawnCli's kill (code -1); at once is as fast as a plain refusal.
    const baseline = timed(() => spawnCli(['assign', '202611-0001', '--to', '蓝色港湾物业服务企业'], env)).ms;
    const { value: r, ms } = timed(() => spawnCli(['assign', '202611-0001'], env));
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('hongwu: 缺少 --to\n  请在命令行中给出（在终端里运行时 hongwu 会逐项询问）\n');
    expect(ms).toBeLessThan(budget(baseline, 5, 5_000));
  });

  it('maps usage errors to exit 2 in one line, without a stack trace', () => {
    const env = baseEnv(tempDbPath());
    const unknownFlag = spawnCli(['list', '--frobnicate'], env);
    expect(unknownFlag).toEqual({
      code: 2,
      stdout: '',
      stderr: 'hongwu: 不认识的选项 --frobnicate\n  用法见 `hongwu list --help`\n',
    });
    expect(spawnCli(['list', '--frobnicate', '--lang', 'en'], env).stderr).toBe(
      "hongwu: unknown option '--frobnicate'\n  see `hongwu list --help`\n",
    );
    expect(spawnCli(['--db', 'x.db', 'list', '--frobnicate'], env).stderr).toBe(
      'hongwu: 不认识的选项 --frobnicate\n  用法见 `hongwu list --help`\n',
    );
    // A text that starts with - goes after --; options written after it are text too, and said so.
    expect(spawnCli(['intake', '--', '-3栋漏水', '--channel', 'phone', '--category', 'repair'], env)).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'hongwu: 参数太多：-- 之后的都算作内容，选项请写在它之前：hongwu intake --channel phone --category repair -- -3栋漏水\n  用法见 ' +
        '`hongwu intake --help`\n',
    });
    // A one-dash slip for a flag is no text: the plain message.
    expect(spawnCli(['list', '-json'], env).stderr.split('\n')[0]).toBe('hongwu: 不认识的选项 -json');
    // Written without --, such a text is taken for an option: the error shows where it goes.
    expect(
      spawnCli(['intake', '-3栋 漏水', '--channel', 'phone', '--category', 'repair', '--lang', 'en'], env).stderr,
    ).toBe(
      'hongwu: unknown option -3栋 漏水; a text that starts with - goes after --: hongwu intake --channel phone ' +
        '--category repair --lang en -- "-3栋 漏水"\n  see `hongwu intake --help`\n',
    );
    const unknownCommand = spawnCli(['lsit'], env);
    expect(unknownCommand.code).toBe(2);
    expect(unknownCommand.stderr).toBe('hongwu: 不认识的命令 lsit（是不是要用 list？）\n  用法见 `hongwu --help`\n');
    const help = spawnCli(['--help'], env);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: hongwu [options] [command]');
    expect(spawnCli(['--version'], env).stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
    const group = spawnCli(['points'], env);
    expect(group.code).toBe(2);
    expect(group.stdout).toBe('');
    expect(group.stderr).toContain('Usage: hongwu points [options] [command]');
  });

  it('refuses a database newer than the program with exit 3 and leaves it unchanged', async () => {
    const db = tempDbPath();
    const env = baseEnv(db);
    spawnCli(['init'], env);
    if (onPostgres()) {
      await rows(db, 'UPDATE hongwu_schema_version SET version = 99');
    } else {
      const raw = new Database(db);
      raw.pragma('user_version = 99');
      // A rollback-journal file: even its journal mode must not be switched before the refusal.
      raw.pragma('journal_mode = DELETE');
      raw.close();
    }
    const before = await contents(db);
    const r = spawnCli(['intake', 'x', '--channel', 'phone', '--category', 'other'], env);
    expect(r.code).toBe(3);
    expect(r.stderr).toBe(
      `hongwu: ${db} 的结构版本为 99，比本程序（${SCHEMA_VERSION}）新\n  请升级 hongwu 后再打开；` +
        `${onPostgres() ? '该数据库' : '该文件'}未被改动\n`,
    );
    expect(await contents(db)).toBe(before);
  });

  it('gives the same deadlines and numbers whatever the machine TZ', () => {
    const results = ['UTC', 'Asia/Shanghai', 'America/Los_Angeles'].map((TZ) => {
      const env = { ...baseEnv(tempDbPath()), TZ, HONGWU_NOW: '2026-10-31T23:30:00Z' };
      spawnCli(['init'], env);
      const r = spawnCli(
        ['intake', '夜间噪音', '--channel', 'phone', '--category', 'noise', '--tier', 'immediate', '--json'],
        env,
      );
      return JSON.parse(r.stdout);
    });
    expect(results[0]).toMatchObject({
      number: '202611-0001',
      received_at: '2026-11-01T07:30:00+08:00',
      resolve_due_at: '2026-11-01T23:59:59.999+08:00',
    });
    expect(results[1]).toEqual(results[0]);
    expect(results[2]).toEqual(results[0]);
  });
});
