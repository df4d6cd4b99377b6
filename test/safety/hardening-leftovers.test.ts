import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { initDb, json, spawnCli, tempDir } from '../helpers/cli.js';
import { listing, withRaw } from './helpers.js';

/** Issue 14, items 9 and 10: what killed or refused commands leave behind, and read-only media. */

/** A process id that was in use and is no more, as a killed command's. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

describe('leftover temporary files (item 9)', () => {
  it('doctor removes those of ended processes beside the database and says so; a live one is kept', async () => {
    const { db, env } = await initDb();
    const dir = path.dirname(db);
    const dead = deadPid();
    const stale = [
      `.hongwu.db.${dead}.tmp`, // an init's new file
      `.hongwu.db.${dead}.tmp-journal`,
      `.hongwu-2026-11-26.db.${dead}-0a1b2c3d.tmp`, // a backup's copy
      `.hongwu-lsgw-2026-11.md.${dead}.tmp`, // a report
      `hongwu-demo.db.${dead}.tmp`, // a demo
      `hongwu-demo.db.${dead}.tmp-wal`,
    ];
    const live = `.hongwu.db.${process.pid}.tmp`;
    for (const name of [...stale, live, 'notes.tmp']) fs.writeFileSync(path.join(dir, name), 'copy of the data');
    const r = spawnCli(['doctor', '--json', '--lang', 'en'], env);
    expect(r.code).toBe(0);
    const check = JSON.parse(r.stdout).checks.find((c: { check: string }) => c.check === 'leftovers');
    expect(check).toEqual({
      check: 'leftovers',
      status: 'warn',
      detail:
        `removed ${stale.length} temporary file(s) left by hongwu processes that ended: ` +
        `${[...stale].sort().join(', ')}`,
      hint: 'they held copies of the data; nothing else to do',
    });
    expect(listing(dir)).toEqual([live, 'hongwu.db', 'notes.tmp'].sort());
    const again = spawnCli(['doctor'], env);
    expect(again.stdout).toContain('✓ 正常   临时文件  没有残留的临时文件');
  });

  it('opening a damaged file leaves no -wal or -shm beside it', async () => {
    const { db, env } = await initDb();
    expect(spawnCli(['intake', '路灯不亮', '--channel', 'phone', '--category', 'repair'], env).code).toBe(0);
    // Keep the 100-byte header (it says WAL), damage the rest of the first page: the schema.
    const bytes = fs.readFileSync(db);
    bytes.fill(0xee, 100, 4096);
    fs.writeFileSync(db, bytes);
    for (const args of [['list'], ['intake', 'x', '--channel', 'phone', '--category', 'repair'], ['doctor']]) {
      const r = spawnCli(args, env);
      expect({ args, code: r.code }).toEqual({ args, code: 3 });
      expect(listing(path.dirname(db))).toEqual(['hongwu.db']);
    }
  });
});

/**
 * Read-only media: a tmpfs remounted read-only, as a CD or a locked USB stick (the tests run as
 * root, which file modes do not stop), and a file made immutable with chattr.
 */
const mounts: string[] = [];
afterAll(() => {
  for (const dir of mounts) execFileSync('umount', [dir]);
});

/** A backup of a database with some data, on media that are then made read-only. */
async function backupOnReadOnlyMedia(): Promise<{ copy: string; env: Record<string, string | undefined> }> {
  const { env } = await initDb();
  for (const args of [
    ['resident', 'add', '张三', '--phone', '13812345678'],
    ['team', 'add', '平安志愿队', '--kind', 'volunteer'],
    ['intake', '路灯不亮', '--channel', 'phone', '--category', 'repair', '--resident', '张三'],
    ['points', 'earn', '张三', '5', '--reason', 'patrol'],
  ]) {
    expect(spawnCli(args, env).code).toBe(0);
  }
  const stick = tempDir('hongwu-stick-');
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=8m,mode=0700', 'tmpfs', stick]);
  mounts.push(stick);
  const copy = path.join(stick, 'hongwu.db');
  expect(spawnCli(['backup', copy], env).code).toBe(0);
  execFileSync('mount', ['-o', 'remount,ro', stick]);
  return { copy, env: { ...env, HONGWU_DB: copy } };
}

describe('read-only media (item 10)', () => {
  it('a backup needs no WAL: on read-only media every read command works, and a write says why not', async () => {
    const { copy, env } = await backupOnReadOnlyMedia();
    expect(withRaw(copy, (raw) => raw.pragma('journal_mode', { simple: true }))).toBe('delete');
    for (const args of [
      ['list', '--status', 'all'],
      ['show', '202611-0001'],
      ['report', '--month', 'this'],
      ['doctor'],
      ['resident', 'list'],
      ['points', 'balance'],
      ['team', 'list'],
      ['community', 'list'],
    ]) {
      const r = spawnCli(args, env);
      expect({ args, code: r.code, error: r.stderr.includes('hongwu:') }).toEqual({ args, code: 0, error: false });
    }
    expect(json(spawnCli(['doctor', '--json'], env)).healthy).toBe(true);
    const write = spawnCli(['intake', '漏水', '--channel', 'phone', '--category', 'repair'], env);
    expect(write.code).toBe(3);
    expect(write.stderr).toMatch(/^hongwu: 数据库无法写入（SQLITE_READONLY/);
    expect(listing(path.dirname(copy))).toEqual(['hongwu.db']);
  });

  it('a database in WAL mode, read-only by chattr +i, is read without -wal or -shm', async () => {
    const { db, env } = await initDb();
    expect(spawnCli(['intake', '路灯不亮', '--channel', 'phone', '--category', 'repair'], env).code).toBe(0);
    execFileSync('chattr', ['+i', db]);
    try {
      expect(json(spawnCli(['list', '--json'], env))).toHaveLength(1);
      expect(spawnCli(['doctor'], env).code).toBe(0);
      expect(spawnCli(['backup', path.join(tempDir('hongwu-ro-backup-'), 'b.db')], env).code).toBe(0);
      expect(spawnCli(['intake', '漏水', '--channel', 'phone', '--category', 'repair'], env).code).toBe(3);
      expect(listing(path.dirname(db))).toEqual(['hongwu.db']);
    } finally {
      execFileSync('chattr', ['-i', db]);
    }
  });
});
