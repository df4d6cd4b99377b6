import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, baseEnv, initDb, tempDir } from '../helpers/cli.js';

const INTAKE = ['intake', '路灯不亮', '--channel', 'phone', '--category', 'repair', '--json'];

/**
 * bin/hongwu's compiled-code caches (test/platform/code-cache.test.ts) on a server: a command there
 * runs the bundle's driver side, which a cache made on a file does not hold, so each engine has its
 * own; and the driver's bundle (dist/pg.cjs), loaded on a server only, has its caches too.
 */
describe('the compiled-code caches of a command on a server and on a file', () => {
  it('a server URL (HONGWU_DB, --db or --db=) keeps its own cache; a file the plain one', async () => {
    const dir = tempDir('hongwu-cache-');
    fs.mkdirSync(path.join(dir, 'dist'));
    fs.cpSync(path.join(ROOT, 'bin'), path.join(dir, 'bin'), { recursive: true });
    for (const bundle of ['hongwu.cjs', 'desk.cjs', 'pg.cjs'])
      fs.copyFileSync(path.join(ROOT, 'dist', bundle), path.join(dir, 'dist', bundle));
    fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
    const run = (args: string[], env: Record<string, string | undefined>) => {
      const r = spawnSync(process.execPath, [path.join(dir, 'bin', 'hongwu'), ...args], {
        env: { PATH: process.env.PATH, ...env } as NodeJS.ProcessEnv,
        encoding: 'utf8',
      });
      return r.status;
    };
    const caches = () =>
      fs
        .readdirSync(path.join(dir, 'dist'))
        .filter((f) => f.endsWith('.v8cache'))
        .sort();
    const server = (await initDb()).env;
    expect(run(INTAKE, server)).toBe(0);
    expect(caches()).toEqual(['desk.cjs.intake.pg.v8cache', 'pg.cjs.intake.pg.v8cache']);
    const file = path.join(tempDir(), 'hongwu.db');
    expect(run(['init', '--community', '蓝色港湾', '--code', 'lsgw'], baseEnv(file))).toBe(0);
    expect(run(INTAKE, baseEnv(file))).toBe(0);
    expect(run(['--db', server.HONGWU_DB!, 'list', '--json'], baseEnv(file))).toBe(0);
    expect(run([`--db=${server.HONGWU_DB}`, 'show', '202611-0001', '--json'], baseEnv(file))).toBe(0);
    expect(run(['--db', file, 'show', '202611-0001', '--json'], server)).toBe(0);
    expect(caches()).toEqual([
      'desk.cjs.intake.pg.v8cache',
      'desk.cjs.intake.v8cache',
      'desk.cjs.list.pg.v8cache',
      'desk.cjs.show.pg.v8cache',
      'desk.cjs.show.v8cache',
      'hongwu.cjs.init.v8cache',
      'pg.cjs.intake.pg.v8cache',
      'pg.cjs.list.pg.v8cache',
      'pg.cjs.show.pg.v8cache',
    ]);
    // A cache that fits is read, not written again; the program runs as well with none (turned off).
    const cache = path.join(dir, 'dist', 'pg.cjs.intake.pg.v8cache');
    const written = fs.statSync(cache).mtimeMs;
    expect(run(INTAKE, server)).toBe(0);
    expect(fs.statSync(cache).mtimeMs).toBe(written);
    expect(run(INTAKE, { ...server, HONGWU_NO_COMPILE_CACHE: '1' })).toBe(0);
  });
});
