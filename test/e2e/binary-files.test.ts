import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { baseEnv, spawnCli, tempDbPath, tempDir } from '../helpers/cli.js';
import { budget, timed } from '../helpers/timing.js';

/** The built binary with database files (SQLite only: a server's are in binary.test.ts). */
describe('the hongwu binary with files', () => {
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
});
