import fs from 'node:fs';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/db/connection.js';
import { MIGRATIONS, type Migration } from '../../src/db/migrations.js';
import { migrateToLatest, SCHEMA_VERSION } from '../../src/db/migrator.js';
import { baseEnv, cli, initDb, json, spawnCli, tempDbPath, tempDir } from '../helpers/cli.js';
import { listing, modeOf, olderDatabase, path, sha, withRaw } from './helpers.js';

/** A migration that does part of its work and then fails, as a buggy or interrupted one would. */
const halfWay: Migration = {
  name: '0004_half_way',
  async up(db) {
    await sql`CREATE TABLE half_done (id INTEGER PRIMARY KEY)`.execute(db);
    await sql`UPDATE residents SET phone = NULL`.execute(db);
    await sql`INSERT INTO communities (code, name, created_at) VALUES ('x', 'x', 'x')`.execute(db);
    throw new Error('disk said no');
  },
};

const contents = (file: string) =>
  withRaw(file, (raw) => ({
    version: raw.pragma('user_version', { simple: true }),
    schema: raw.prepare('SELECT type, name, sql FROM sqlite_master ORDER BY name').all(),
    communities: raw.prepare('SELECT * FROM communities').all(),
    residents: raw.prepare('SELECT * FROM residents').all(),
  }));

describe('migrations', () => {
  it('a migration failing half-way leaves the original file byte for byte as it was', async () => {
    const db = tempDbPath();
    await olderDatabase(db, 1);
    const bytes = sha(db);
    const before = contents(db);
    const store = openStore(db, { create: false });
    await expect(
      migrateToLatest(store, { now: new Date('2026-11-26T02:00:00Z'), migrations: [...MIGRATIONS, halfWay] }),
    ).rejects.toThrow('disk said no');
    await store.close();
    expect(sha(db)).toBe(bytes);
    expect(contents(db)).toEqual(before);
    // The copy taken before the attempt is removed with it: the file is as it was, and every try
    // would otherwise leave one more copy of a possibly big file.
    expect(listing(path.dirname(db))).toEqual(['hongwu.db']);
    // And the real migrations still apply afterwards.
    const r = await cli(['team', 'list', '--json'], baseEnv(db));
    expect(json(r).map((t: { name: string }) => t.name)).toEqual(['蓝色港湾物业服务企业']);
  });

  it('upgrading an existing file first writes a backup beside it and says where', async () => {
    const db = tempDbPath();
    await olderDatabase(db, 1);
    const before = contents(db);
    const r = await cli(['resident', 'list', '--json'], baseEnv(db));
    expect(r.code).toBe(0);
    const match = new RegExp(
      `^数据库已从第 1 版升级到第 ${SCHEMA_VERSION} 版；升级前的备份：(.+\\.v1-\\d{8}T\\d{6}Z\\.bak)\\n$`,
    ).exec(r.stderr);
    expect(match).not.toBeNull();
    const backup = match![1]!;
    expect(path.dirname(backup)).toBe(path.dirname(db));
    expect(modeOf(backup)).toBe(0o600);
    expect(contents(backup)).toEqual(before);
    expect(withRaw(db, (raw) => raw.pragma('user_version', { simple: true }))).toBe(SCHEMA_VERSION);
    // The next command has nothing to upgrade and says nothing about it.
    expect((await cli(['resident', 'list', '--json'], baseEnv(db))).stderr).toBe('');
    expect(listing(path.dirname(db))).toEqual(['hongwu.db', path.basename(backup)]);
  });

  it('a new database is created without a backup, readable by its owner only', async () => {
    const { db } = await initDb();
    expect(listing(path.dirname(db))).toEqual(['hongwu.db']);
    expect(modeOf(db)).toBe(0o600);
  });

  it('a file newer than this hongwu is refused with exit 3 by every command and left unchanged', async () => {
    const { db, env } = await initDb();
    await cli(['intake', '路灯不亮', '--channel', 'phone', '--category', 'repair'], env);
    withRaw(db, (raw) => raw.pragma(`user_version = ${SCHEMA_VERSION + 1}`));
    const bytes = sha(db);
    const out = path.join(tempDir(), 'copy.db');
    const commands = [
      ['init'],
      ['community', 'list'],
      ['community', 'add', '白云社区'],
      ['team', 'list'],
      ['team', 'add', '巡逻队', '--kind', 'volunteer'],
      ['resident', 'add', '李四'],
      ['resident', 'list'],
      ['resident', 'show', '1'],
      ['intake', 'x', '--channel', 'phone', '--category', 'repair'],
      ['assign', '202611-0001', '--to', '蓝色港湾物业服务企业'],
      ['resolve', '202611-0001', '--note', 'done'],
      ['rate', '202611-0001', 'satisfied'],
      ['cancel', '202611-0001', '--reason', 'x'],
      ['list'],
      ['show', '202611-0001'],
      ['backup', out],
      ['doctor'],
    ];
    for (const args of commands) {
      const r = await cli([...args, '--json'], env);
      expect({ args, code: r.code }).toEqual({ args, code: 3 });
      expect(r.stderr).toMatch(new RegExp(`结构版本(为)? ${SCHEMA_VERSION + 1}，比本程序（${SCHEMA_VERSION}）新`));
    }
    expect(sha(db)).toBe(bytes);
    expect(listing(path.dirname(db))).toEqual(['hongwu.db']);
    expect(fs.existsSync(out)).toBe(false);
    // The real binary: one clear line and a hint, no stack trace.
    const spawned = spawnCli(['--lang', 'en', 'list'], env);
    expect(spawned).toEqual({
      code: 3,
      stdout: '',
      stderr:
        `hongwu: ${db} has schema version ${SCHEMA_VERSION + 1}, newer than this hongwu (${SCHEMA_VERSION}` +
        `)\n  upgrade hongwu to open it; the file was not changed\n`,
    });
    expect(sha(db)).toBe(bytes);
  });
});
