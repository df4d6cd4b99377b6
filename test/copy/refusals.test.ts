import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { SCHEMA_VERSION } from '../../src/db/migrator.js';
import { baseEnv, cli, initDb, json, spawnCli, tempDbPath, tempDir } from '../helpers/cli.js';
import { onPostgres } from '../helpers/pg-databases.js';
import { rows } from '../helpers/rows.js';
import { newMiddle } from './helpers.js';

/** A small file with a community and a demand, made by the real binary whatever the run's engine. */
function smallFile(): string {
  const file = path.join(tempDir('hongwu-copy-'), 'small.db');
  const env = baseEnv(file);
  expect(spawnCli(['init', '--community', '蓝色港湾', '--code', 'lsgw'], env).code).toBe(0);
  expect(spawnCli(['intake', '路灯不亮', '--channel', 'phone', '--category', 'repair'], env).code).toBe(0);
  return file;
}

const copy = (from: string, to: string, ...more: string[]) => cli(['copy', from, to, ...more], baseEnv(from));

/** What a refused copy must leave: the target as it was (a new file not made). */
describe('hongwu copy: what it refuses, and what it accepts', () => {
  let source: string;
  beforeAll(() => {
    source = smallFile();
  });

  it('copies into a new database, and into one that has hongwu schema but nothing in it', async () => {
    const fresh = newMiddle();
    expect((await copy(source, fresh)).code).toBe(0);
    // On a file run: an empty file; on a server run: a database migrated by hongwu, with no community.
    const empty = onPostgres() ? tempDbPath() : path.join(tempDir('hongwu-copy-'), 'empty.db');
    if (!onPostgres()) fs.writeFileSync(empty, '');
    expect((await copy(source, empty, '--json')).code).toBe(0);
    for (const db of [fresh, empty]) {
      const shown = json(await cli(['show', '202611-0001', '--json'], baseEnv(db)));
      expect(shown).toMatchObject({ number: '202611-0001', summary: '路灯不亮', community: 'lsgw' });
    }
  });

  it('refuses a target that holds data (exit 1), leaving it as it was', async () => {
    const { db } = await initDb();
    const r = await copy(source, db);
    expect(r).toEqual({
      code: 1,
      stdout: '',
      stderr:
        `hongwu: ${db} 里已有数据（communities、teams），复制只写入新的或空的数据库\n` +
        '  请换一个新文件名，或在服务器上新建一个空数据库（createdb）；该数据库未被改动\n',
    });
    const en = await copy(source, db, '--lang', 'en');
    expect(en.stderr).toBe(
      `hongwu: ${db} already holds data (communities, teams); a copy goes into a new or empty database only\n` +
        '  name a new file, or create an empty database on the server (createdb); it was not changed\n',
    );
    expect(await rows(db, 'SELECT count(*) AS n FROM demands')).toEqual([{ n: 0 }]);
  });

  it('a missing source is "database unavailable" (exit 3), and nothing is made', async () => {
    const missing = path.join(tempDir('hongwu-copy-'), 'none.db');
    const target = path.join(tempDir('hongwu-copy-'), 'target.db');
    const r = await copy(missing, target);
    expect(r).toEqual({
      code: 3,
      stdout: '',
      stderr:
        `hongwu: 找不到数据库 ${missing}\n` + '  新建请运行 `hongwu init`；或用 --db / HONGWU_DB 指向正确的文件\n',
    });
    expect(fs.existsSync(target)).toBe(false);
  });

  it('a source newer than this hongwu is refused (exit 3), unread and unchanged', async () => {
    const newer = smallFile();
    const raw = new Database(newer);
    raw.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    raw.close();
    const target = path.join(tempDir('hongwu-copy-'), 'target.db');
    const r = await copy(newer, target, '--lang', 'en');
    expect(r).toEqual({
      code: 3,
      stdout: '',
      stderr:
        `hongwu: ${newer} has schema version ${SCHEMA_VERSION + 1}, newer than this hongwu (${SCHEMA_VERSION})\n` +
        '  upgrade hongwu to open it; the file was not changed\n',
    });
    expect(fs.existsSync(target)).toBe(false);
  });

  it('an empty target newer than this hongwu is refused (exit 3)', async () => {
    const target = onPostgres() ? tempDbPath() : path.join(tempDir('hongwu-copy-'), 'newer.db');
    if (onPostgres()) await rows(target, `UPDATE hongwu_schema_version SET version = ${SCHEMA_VERSION + 1}`);
    else {
      const raw = new Database(target);
      raw.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
      raw.close();
    }
    const r = await copy(source, target, '--lang', 'en');
    expect(r).toEqual({
      code: 3,
      stdout: '',
      stderr:
        `hongwu: ${target} has schema version ${SCHEMA_VERSION + 1}, newer than this hongwu (${SCHEMA_VERSION})\n` +
        '  upgrade hongwu to copy into it; it was not changed\n',
    });
  });

  it("refuses another program's database as the target (exit 3), untouched", async () => {
    const target = onPostgres() ? newMiddle() : path.join(tempDir('hongwu-copy-'), 'other.db');
    if (onPostgres()) await rows(target, 'CREATE TABLE accounts (id integer)');
    else {
      const raw = new Database(target);
      raw.exec('CREATE TABLE accounts (id integer)');
      raw.close();
    }
    const r = await copy(source, target, '--lang', 'en');
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(
      new RegExp(`^hongwu: ${target.replace(/[.?]/g, '\\$&')} (is an SQLite file of|holds) another program`),
    );
    expect(await rows(target, 'SELECT count(*) AS n FROM accounts')).toEqual([{ n: 0 }]);
  });

  it('the same database as source and target is bad usage (exit 2)', async () => {
    const r = await cli(['copy', source, path.relative(process.cwd(), source)], baseEnv(source));
    expect(r).toEqual({
      code: 2,
      stdout: '',
      stderr:
        `hongwu: 复制的来源和目标是同一个数据库：${source}\n` + '  请给出另一个目标：新文件，或服务器上的空数据库\n',
    });
  });

  it('a server that cannot be reached, or a password in its URL, is refused as everywhere', async () => {
    const unreachable = await copy(source, 'postgres://clerk@127.0.0.1:1/hongwu', '--lang', 'en');
    expect(unreachable.code).toBe(3);
    expect(unreachable.stderr).toMatch(
      /^hongwu: cannot connect to postgres:\/\/clerk@127\.0\.0\.1:1\/hongwu: .*ECONNREFUSED/,
    );
    const secret = await copy(source, 'postgres://clerk:secret@127.0.0.1:1/hongwu');
    expect(secret).toEqual({
      code: 2,
      stdout: '',
      stderr: 'hongwu: 数据库地址里不能写密码\n  请把密码放在环境变量 PGPASSWORD 或 ~/.pgpass 中\n',
    });
  });

  it('without both places it says what it needs (exit 2)', async () => {
    const r = await cli(['copy', source], baseEnv(source));
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('to');
  });
});
