import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { baseEnv, cli, initDb, spawnCli, tempDbPath } from '../helpers/cli.js';

/** SPEC §2: a failed command leaves the file as it was; only init and demo create a database. */
describe('files left as they were', () => {
  it('a failed init leaves no database behind', async () => {
    const db = tempDbPath();
    const r = await cli(['init', '--community', 't', '--timezone', 'Mars/Olympus'], baseEnv(db));
    expect(r).toEqual({
      code: 2,
      stdout: '',
      stderr: 'hongwu: 不认识的时区“Mars/Olympus”\n  请用 IANA 名称，如 Asia/Shanghai\n',
    });
    expect(fs.readdirSync(path.dirname(db))).toEqual([]);
  });

  it('an init that fails while opening (a bad HONGWU_NOW) leaves no file either', async () => {
    const db = tempDbPath();
    expect((await cli(['init', '--community', '甲'], baseEnv(db, { HONGWU_NOW: 'garbage' }))).code).toBe(2);
    expect(fs.readdirSync(path.dirname(db))).toEqual([]);
    expect((await cli(['init', '--community', '甲', '--timed-days', '366'], baseEnv(db))).stderr.split('\n')[0]).toBe(
      'hongwu: --timed-days：须为 1 到 365 的整数（收到“366”）',
    );
  });

  it('an empty file is no database: exit 3, and it stays empty', async () => {
    const db = tempDbPath();
    fs.writeFileSync(db, '');
    const r = spawnCli(['list', '--json'], baseEnv(db));
    expect(r).toEqual({
      code: 3,
      stdout: '',
      stderr: `hongwu: ${db} 是空文件，不是 hongwu 数据库\n  请用 --db / HONGWU_DB 指向正确的文件，或对它运行 \`hongwu init\`；该文件未被改动\n`,
    });
    expect(fs.statSync(db).size).toBe(0);
    expect(fs.readdirSync(path.dirname(db))).toEqual(['hongwu.db']);
    // init may make it one.
    expect((await cli(['init', '--community', '甲'], baseEnv(db))).code).toBe(0);
  });

  it('a migration that fails is a database problem (exit 3), and the file is unchanged', async () => {
    const { db, env } = await initDb();
    const raw = new Database(db);
    raw.exec(
      'DROP INDEX demands_by_status_received; CREATE TABLE demands_by_status_received (x); PRAGMA user_version = 7;',
    );
    raw.close();
    const before = fs.readFileSync(db);
    const r = spawnCli(['list'], env);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(
      /^hongwu: 无法把 .* 从第 7 版升级到第 \d+ 版：.*already a table named demands_by_status_received\n/,
    );
    expect(r.stderr).toMatch(/\n {2}文件未被改动；请运行 hongwu doctor 并报告此问题\n$/);
    expect(r.stderr.split('\n')).toHaveLength(3);
    expect(fs.readFileSync(db).equals(before)).toBe(true);
    // Nothing left beside it either: no copy per failed try.
    expect(fs.readdirSync(path.dirname(db)).filter((f) => f.endsWith('.bak'))).toEqual([]);
  });
});
