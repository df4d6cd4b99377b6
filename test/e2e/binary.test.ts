import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { SCHEMA_VERSION } from '../../src/db/migrator.js';
import { baseEnv, spawnCli, tempDbPath, tempDir } from '../helpers/cli.js';
import { budget, timed } from '../helpers/timing.js';

/** The built binary, as cron or a script runs it: no TTY, stdin closed. */
describe('the hongwu binary', () => {
  it('refuses a missing database with exit 3 and does not create it', () => {
    const db = tempDbPath();
    const r = spawnCli(['list'], baseEnv(db));
    expect(r.code).toBe(3);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      `hongwu: 找不到数据库 ${db}\n  新建请运行 \`hongwu init\`；或用 --db / HONGWU_DB 指向正确的文件\n`,
    );
    expect(fs.existsSync(db)).toBe(false);
  });

  it('uses $XDG_DATA_HOME/hongwu/hongwu.db by default and creates it readable by the owner only', () => {
    const home = tempDir();
    const env = { ...baseEnv('unused'), HONGWU_DB: undefined, XDG_DATA_HOME: path.join(home, 'data') };
    expect(spawnCli(['init', '--community', '桂花园'], env).code).toBe(0);
    const file = path.join(home, 'data', 'hongwu', 'hongwu.db');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(spawnCli(['list', '--json'], env).stdout).toBe('[]\n');
  });

  it('refuses a database path whose folder cannot be made with exit 3 at once, without hanging', () => {
    const file = path.join(tempDir(), 'plain-file');
    fs.writeFileSync(file, 'x');
    const throughFile = spawnCli(['init', '--db', path.join(file, 'h.db')], baseEnv('unused'));
    expect(throughFile).toEqual({
      code: 3,
      stdout: '',
      stderr: `hongwu: 无法打开 ${path.join(file, 'h.db')}（ENOTDIR）\n  请确认路径和所在文件夹存在且属于您\n`,
    });
    // Node's own recursive mkdir retries forever under /proc: hongwu makes each folder itself.
    // A retry loop would take far longer than a command that fails at once, here and now.
    const baseline = timed(() => spawnCli(['init', '--db', path.join(file, 'h.db')], baseEnv('unused'))).ms;
    const proc = timed(() => spawnCli(['init', '--db', '/proc/no-such-folder/h.db'], baseEnv('unused')));
    expect(proc.value.code).toBe(3);
    expect(proc.value.stderr).toBe(
      'hongwu: 无法在 /proc/no-such-folder 建立数据库（ENOENT）\n  请检查 --db / HONGWU_DB 的路径：所在文件夹须能建立且属于您\n',
    );
    expect(proc.ms).toBeLessThan(budget(baseline, 5, 5_000));
    const db = tempDbPath();
    spawnCli(['init'], baseEnv(db));
    const report = timed(() => spawnCli(['report', '--out', '/proc/no-such-folder/'], baseEnv(db)));
    expect(report.value.code).toBe(2);
    expect(report.value.stderr.split('\n')[0]).toBe('hongwu: 无法创建文件夹 /proc/no-such-folder（ENOENT）');
    expect(report.ms).toBeLessThan(budget(baseline, 5, 5_000));
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

  it('refuses a database newer than the program with exit 3 and leaves it unchanged', () => {
    const db = tempDbPath();
    const env = baseEnv(db);
    spawnCli(['init'], env);
    const raw = new Database(db);
    raw.pragma('user_version = 99');
    // A rollback-journal file: even its journal mode must not be switched before the refusal.
    raw.pragma('journal_mode = DELETE');
    raw.close();
    const before = fs.readFileSync(db);
    const r = spawnCli(['intake', 'x', '--channel', 'phone', '--category', 'other'], env);
    expect(r.code).toBe(3);
    expect(r.stderr).toBe(
      `hongwu: ${db} 的结构版本为 99，比本程序（${SCHEMA_VERSION}）新\n  请升级 hongwu 后再打开；该文件未被改动\n`,
    );
    expect(fs.readFileSync(db).equals(before)).toBe(true);
  });

  it('refuses a file that is not a hongwu database with exit 3', () => {
    const dir = tempDir();
    const text = path.join(dir, 'notes.db');
    fs.writeFileSync(text, 'this is not sqlite'.repeat(100));
    expect(spawnCli(['list'], baseEnv(text)).code).toBe(3);
    const other = path.join(dir, 'other.db');
    const raw = new Database(other);
    raw.exec('CREATE TABLE x (a)');
    raw.close();
    const r = spawnCli(['init'], baseEnv(other));
    expect(r.code).toBe(3);
    expect(r.stderr.split('\n')[0]).toBe(`hongwu: ${other} 是其他程序的 SQLite 文件，不是 hongwu 数据库`);
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
