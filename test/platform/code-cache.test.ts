import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { VALUED_GLOBALS } from '../../src/cli/main.js';
import { loadCommands } from '../../src/cli/commands/index.js';
import { buildProgram } from '../../src/cli/program.js';

await loadCommands();
import { BIN, baseEnv, tempDbPath, tempDir } from '../helpers/cli.js';
import { installCopy } from '../helpers/install.js';

// V8's compiled-code caches, kept by bin/hongwu (which runs before the bundle, so it stays in bin/).

describe('the compiled-code caches beside the bundle', () => {
  const run = (bin: string, args: string[], env: Record<string, string | undefined>) =>
    spawnSync(process.execPath, [bin, ...args], {
      env: { PATH: process.env.PATH, ...env } as NodeJS.ProcessEnv,
      encoding: 'utf8',
    });
  const caches = (dist: string) =>
    fs
      .readdirSync(dist)
      .filter((f) => f.endsWith('.v8cache'))
      .sort();

  it('keeps one per command, written by its first successful run; a damaged one is only compiled around', () => {
    const { bin, dist } = installCopy();
    const env = baseEnv(tempDbPath());
    expect(run(bin, ['init'], env).status).toBe(0);
    expect(run(bin, ['--db', env.HONGWU_DB!, 'list', '--json'], env).stdout).toBe('[]\n');
    // A mistyped command fails and leaves no cache behind; help and the version have one each.
    expect(run(bin, ['lsit'], env).status).toBe(2);
    expect(run(bin, ['show', '--help'], env).status).toBe(0);
    expect(run(bin, ['--version'], env).status).toBe(0);
    // A group's sub-commands have caches of their own.
    expect(run(bin, ['points', 'item', 'list', '--json'], env).stdout).toBe('[]\n');
    // The desk's commands and the version run dist/desk.cjs, the others and help dist/hongwu.cjs.
    expect(caches(dist)).toEqual([
      'desk.cjs.list.v8cache',
      'desk.cjs.points-item.v8cache',
      'desk.cjs.version.v8cache',
      'hongwu.cjs.help.v8cache',
      'hongwu.cjs.init.v8cache',
    ]);
    // A cache that fits is read, not written again.
    const list = path.join(dist, 'desk.cjs.list.v8cache');
    const written = fs.statSync(list).mtimeMs;
    expect(run(bin, ['--json', 'list'], env).stdout).toBe('[]\n');
    expect(fs.statSync(list).mtimeMs).toBe(written);
    // Garbage after a valid header: V8 refuses it, the command runs, the cache is written anew.
    const header = fs.readFileSync(list).toString('latin1').split('\n')[0];
    fs.writeFileSync(list, `${header}\nnot compiled code`);
    const again = run(bin, ['list', '--json'], env);
    expect([again.status, again.stdout, again.stderr]).toEqual([0, '[]\n', '']);
    expect(fs.statSync(list).size).toBeGreaterThan(100_000);
  });

  it('name the command as the program reads it: the same global flags, the same groups', () => {
    const text = fs.readFileSync(BIN, 'utf8');
    const set = (name: string) =>
      JSON.parse(`[${new RegExp(`const ${name} = new Set\\(\\[([^\\]]*)\\]\\)`).exec(text)![1]}]`) as string[];
    expect(new Set(set('VALUED'))).toEqual(VALUED_GLOBALS);
    const program = buildProgram(
      {
        stdout: () => {},
        stderr: () => {},
        env: {},
        cwd: '/',
        stdinIsTTY: false,
        stdoutIsTTY: false,
        stderrIsTTY: false,
      },
      '0',
    );
    expect(set('GROUPS').sort()).toEqual(
      program.commands
        .filter((c) => c.commands.length > 0)
        .map((c) => c.name())
        .sort(),
    );
    // Every flag the program reads before its command, the version's short one included.
    expect(set('FLAGS').sort()).toEqual(
      program.options.flatMap((o) => (o.short ? [o.short, o.long] : [o.long])).sort(),
    );
  });

  it('come from the desk bundle only for a command line that loads none but its commands', () => {
    const { bin, dist } = installCopy();
    const env = baseEnv(tempDbPath());
    expect(run(bin, ['init'], env).status).toBe(0);
    for (const args of [
      ['--lang=en', 'points', 'item', 'list', '--json'],
      ['--json', '--version'],
    ])
      expect(run(bin, args, env).status).toBe(0);
    expect(caches(dist)).toEqual([
      'desk.cjs.points-item.v8cache',
      'desk.cjs.version.v8cache',
      'hongwu.cjs.init.v8cache',
    ]);
    // A flag the launcher does not know, a flag's value that looks like one, a name that is no command:
    // the whole program reads them, as it always did.
    const lines: [string[], number][] = [
      [['--bogus', 'list'], 2],
      [['--db', '--version'], 2],
      [['-V=x'], 0],
      [['--lang', 'en', 'lsit'], 2],
      [['受理'], 2],
    ];
    for (const [args, status] of lines) {
      const r = run(bin, args, env);
      const misled = /desk\.cjs|unexpected error|意外错误/;
      expect([r.status, r.stderr]).toEqual([status, expect.not.stringMatching(misled)]);
    }
  });

  it('keep one of their own for runs under V8 flags, which V8 would refuse the plain one for', () => {
    const { bin, dist } = installCopy();
    const env = baseEnv(tempDbPath());
    expect(run(bin, ['init'], env).status).toBe(0);
    const plain = path.join(dist, 'hongwu.cjs.init.v8cache');
    const written = fs.statSync(plain).mtimeMs;
    const flagged = { ...env, NODE_OPTIONS: '--max-old-space-size=200' };
    for (const e of [flagged, env, flagged]) expect(run(bin, ['--version'], e).status).toBe(0);
    expect(caches(dist).filter((f) => f.startsWith('desk.cjs.version.'))).toEqual([
      expect.stringMatching(/^desk\.cjs\.version\.[0-9a-f]+\.v8cache$/),
      'desk.cjs.version.v8cache',
    ]);
    // Each is written once: a flagged run no longer rewrites the plain cache, nor the other way round.
    const versions = caches(dist)
      .filter((f) => f.startsWith('desk.cjs.version'))
      .map((f) => fs.statSync(path.join(dist, f)).mtimeMs);
    for (const e of [env, flagged]) expect(run(bin, ['--version'], e).status).toBe(0);
    expect(
      caches(dist)
        .filter((f) => f.startsWith('desk.cjs.version'))
        .map((f) => fs.statSync(path.join(dist, f)).mtimeMs),
    ).toEqual(versions);
    expect(fs.statSync(plain).mtimeMs).toBe(written);
  });

  it("go to the user's cache folder when the install folder cannot be written, and are read from there", () => {
    const { bin, dist } = installCopy();
    // Root may write anywhere, a folder's mode notwithstanding: as root, hongwu runs as `nobody`,
    // for whom the copy (root's, 0755) is the read-only install a package manager leaves.
    const asRoot = process.getuid?.() === 0;
    const user = asRoot ? { uid: 65534, gid: 65534 } : {};
    for (const folder of [path.dirname(dist), dist, path.dirname(bin)]) fs.chmodSync(folder, 0o755);
    if (!asRoot) fs.chmodSync(dist, 0o555);
    const home = tempDir('hongwu-cache-home-');
    fs.chmodSync(home, 0o777);
    const runAs = (args: string[], env: Record<string, string | undefined>) =>
      spawnSync(process.execPath, [bin, ...args], {
        env: { PATH: process.env.PATH, ...env } as NodeJS.ProcessEnv,
        encoding: 'utf8',
        ...user,
      });
    const ok = (args: string[], env: Record<string, string | undefined>) => {
      const r = runAs(args, env);
      expect([r.status, r.stderr]).toEqual([0, '']);
      return r.stdout;
    };
    const xdg = path.join(home, 'xdg');
    const env = baseEnv(path.join(home, 'hongwu.db'), { HOME: home, XDG_CACHE_HOME: xdg });
    expect(runAs(['init'], env).status).toBe(0);
    expect(ok(['list', '--json'], env)).toBe('[]\n');
    ok(['--version'], env);
    expect(caches(dist)).toEqual([]);
    const cacheDir = path.join(xdg, 'hongwu');
    expect(caches(cacheDir)).toEqual(['desk.cjs.list.v8cache', 'desk.cjs.version.v8cache', 'hongwu.cjs.init.v8cache']);
    // The next run reads the cache there instead of writing it again.
    const list = path.join(cacheDir, 'desk.cjs.list.v8cache');
    const written = fs.statSync(list).mtimeMs;
    expect(ok(['list', '--json'], env)).toBe('[]\n');
    expect(fs.statSync(list).mtimeMs).toBe(written);
    // Without XDG_CACHE_HOME: ~/.cache/hongwu.
    ok(['list', '--json'], { ...env, XDG_CACHE_HOME: undefined });
    expect(caches(path.join(home, '.cache', 'hongwu'))).toEqual(['desk.cjs.list.v8cache']);
    expect(caches(dist)).toEqual([]);
  });

  it('are neither read nor written with HONGWU_NO_COMPILE_CACHE=1', () => {
    const { bin, dist } = installCopy();
    const env = baseEnv(tempDbPath(), { HONGWU_NO_COMPILE_CACHE: '1' });
    expect(run(bin, ['init'], env).status).toBe(0);
    expect(caches(dist)).toEqual([]);
  });
});
