import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { baseEnv, cli, initDb, spawnCli, tempDir } from '../helpers/cli.js';
import { withRaw } from './helpers.js';

/**
 * Issue 14, item 2: a full disk. Each test mounts its own 2 MiB tmpfs (the tests run as root, as
 * the attack did); a filesystem of that size fills after some thirty 60 KB addresses.
 */
const mounts: string[] = [];
function smallDisk(): string {
  const dir = tempDir('hongwu-full-');
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=2m,mode=0700', 'tmpfs', dir]);
  mounts.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of mounts) execFileSync('umount', [dir]);
});

/** Fills what room is left on the disk with one file, but `leave` bytes. */
function fill(dir: string, leave = 0): void {
  const fd = fs.openSync(path.join(dir, 'filler'), 'w');
  try {
    for (;;) fs.writeSync(fd, Buffer.alloc(64 * 1024));
  } catch (e) {
    expect((e as NodeJS.ErrnoException).code).toBe('ENOSPC');
    fs.ftruncateSync(fd, Math.max(0, fs.fstatSync(fd).size - leave));
  } finally {
    fs.closeSync(fd);
  }
}

const FULL =
  'hongwu: 磁盘已满：数据库无法写入，本次未写入任何内容（SQLITE_FULL）\n  请在数据库所在的磁盘上腾出空间后重试\n';
const count = (db: string, table: string) =>
  withRaw(db, (raw) => (raw.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n);

describe('a full disk (item 2)', () => {
  it('resident add with a 60 KB address: exit 3 "磁盘已满", nothing written, the file healthy', () => {
    const db = path.join(smallDisk(), 'hongwu.db');
    const env = baseEnv(db);
    expect(spawnCli(['init', '--community', '蓝色港湾'], env).code).toBe(0);
    const address = 'a'.repeat(60_000);
    let added = 0;
    let failed: ReturnType<typeof spawnCli> | undefined;
    while (!failed && added < 100) {
      const r = spawnCli(['resident', 'add', `居民${added}`, '--address', address], env);
      if (r.code === 0) added++;
      else failed = r;
    }
    expect(failed).toEqual({ code: 3, stdout: '', stderr: FULL });
    expect(added).toBeGreaterThan(10);
    expect(count(db, 'residents')).toBe(added);
    expect(spawnCli(['resident', 'add', '张三', '--address', address, '--lang', 'en'], env)).toEqual({
      code: 3,
      stdout: '',
      stderr:
        'hongwu: the disk is full: the database cannot be written; nothing was written (SQLITE_FULL)\n  free ' +
        "some space on the database's disk and try again\n",
    });
    // Reading still works, and doctor finds the file sound.
    expect(spawnCli(['resident', 'list'], env).code).toBe(0);
    expect(spawnCli(['doctor'], env).code).toBe(0);
  });

  it('points activity with 20 participants: all entries or none', async () => {
    const dir = smallDisk();
    const db = path.join(dir, 'hongwu.db');
    const env = baseEnv(db);
    // The set-up in this process (the disk is not full yet); what fills it is the binary's.
    expect((await cli(['init', '--community', '蓝色港湾'], env)).code).toBe(0);
    const names = Array.from({ length: 20 }, (_, i) => `居民${i}`);
    for (const name of names) expect((await cli(['resident', 'add', name], env)).code).toBe(0);
    expect((await cli(['team', 'add', '平安志愿队', '--kind', 'volunteer'], env)).code).toBe(0);
    // Room to open the file and record a few activities, then none.
    fill(dir, 300 * 1024);
    let done = 0;
    let failed: ReturnType<typeof spawnCli> | undefined;
    const note = 'n'.repeat(3000);
    while (!failed && done < 200) {
      const r = spawnCli(
        [
          'points',
          'activity',
          `巡逻${done}${note}`,
          '--team',
          '平安志愿队',
          '--reason',
          'patrol',
          '--points',
          '5',
          '--participants',
          names.join(','),
        ],
        env,
      );
      if (r.code === 0) done++;
      else failed = r;
    }
    expect(failed).toEqual({ code: 3, stdout: '', stderr: FULL });
    expect(done).toBeGreaterThan(0);
    expect(count(db, 'activities')).toBe(done);
    expect(count(db, 'ledger')).toBe(done * 20);
    // With no room left at all, even opening the file for writing finds the disk full.
    fill(dir);
    expect(spawnCli(['points', 'earn', '居民1', '5', '--reason', 'patrol'], env)).toMatchObject({
      code: 3,
      stderr: expect.stringMatching(/^hongwu: 磁盘已满：/),
    });
    expect(count(db, 'ledger')).toBe(done * 20);
  });

  it('backup onto a full disk says the target is full and leaves no partial copy', async () => {
    const { env } = await initDb();
    const address = 'a'.repeat(60_000);
    // A database of some 3 MB, more than the 2 MiB target holds.
    for (let i = 0; i < 45; i++)
      expect((await cli(['resident', 'add', `居民${i}`, '--address', address], env)).code).toBe(0);
    const target = smallDisk();
    const r = spawnCli(['backup', path.join(target, 'b.db')], env);
    expect(r).toEqual({
      code: 3,
      stdout: '',
      stderr: `hongwu: 磁盘已满：备份目标 ${path.join(target, 'b.db')} 所在的磁盘没有空间（数据库未受影响）\n  请腾出空间或换一块磁盘；未留下半份备份\n`,
    });
    expect(fs.readdirSync(target)).toEqual([]);
  });

  it('report --out onto a full disk says the disk is full', async () => {
    const { env } = await initDb();
    const dir = smallDisk();
    fill(dir);
    const file = path.join(dir, 'r.md');
    expect(spawnCli(['report', '--month', 'this', '--out', file], env)).toEqual({
      code: 3,
      stdout: '',
      stderr: `hongwu: 磁盘已满，无法写入 ${file}（ENOSPC）\n  请腾出空间或换一个位置；未写入任何文件\n`,
    });
    expect(fs.readdirSync(dir)).toEqual(['filler']);
  });
});
