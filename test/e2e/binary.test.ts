import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { VALUED_GLOBALS } from '../../src/cli/main.js';
import { buildProgram } from '../../src/cli/program.js';
import { SCHEMA_VERSION } from '../../src/db/migrator.js';
import { BIN, ROOT, baseEnv, spawnCli, tempDbPath, tempDir } from '../helpers/cli.js';
import { budget, timed } from '../helpers/timing.js';

/** The built binary, as cron or a script runs it: no TTY, stdin closed. */
describe('the hongwu binary', () => {
  it('refuses a missing database with exit 3 and does not create it', () => {
    const db = tempDbPath();
    const r = spawnCli(['list'], baseEnv(db));
    expect(r.code).toBe(3);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`hongwu: 找不到数据库 ${db}\n  新建请运行 \`hongwu init\`；或用 --db / HONGWU_DB 指向正确的文件\n`);
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
    expect(throughFile).toEqual({ code: 3, stdout: '', stderr: `hongwu: 无法打开 ${path.join(file, 'h.db')}（ENOTDIR）\n  请确认路径和所在文件夹存在且属于您\n` });
    // Node's own recursive mkdir retries forever under /proc: hongwu makes each folder itself.
    // A retry loop would take far longer than a command that fails at once, here and now.
    const baseline = timed(() => spawnCli(['init', '--db', path.join(file, 'h.db')], baseEnv('unused'))).ms;
    const proc = timed(() => spawnCli(['init', '--db', '/proc/no-such-folder/h.db'], baseEnv('unused')));
    expect(proc.value.code).toBe(3);
    expect(proc.value.stderr).toBe('hongwu: 无法在 /proc/no-such-folder 建立数据库（ENOENT）\n  请检查 --db / HONGWU_DB 的路径：所在文件夹须能建立且属于您\n');
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
    expect(unknownFlag).toEqual({ code: 2, stdout: '', stderr: 'hongwu: 不认识的选项 --frobnicate\n  用法见 `hongwu list --help`\n' });
    expect(spawnCli(['list', '--frobnicate', '--lang', 'en'], env).stderr).toBe("hongwu: unknown option '--frobnicate'\n  see `hongwu list --help`\n");
    expect(spawnCli(['--db', 'x.db', 'list', '--frobnicate'], env).stderr).toBe('hongwu: 不认识的选项 --frobnicate\n  用法见 `hongwu list --help`\n');
    // A text that starts with - goes after --; options written after it are text too, and said so.
    expect(spawnCli(['intake', '--', '-3栋漏水', '--channel', 'phone', '--category', 'repair'], env)).toEqual({
      code: 2,
      stdout: '',
      stderr: 'hongwu: 参数太多：-- 之后的都算作内容，选项请写在它之前：hongwu intake --channel phone --category repair -- -3栋漏水\n  用法见 `hongwu intake --help`\n',
    });
    // A one-dash slip for a flag is no text: the plain message.
    expect(spawnCli(['list', '-json'], env).stderr.split('\n')[0]).toBe('hongwu: 不认识的选项 -json');
    // Written without --, such a text is taken for an option: the error shows where it goes.
    expect(spawnCli(['intake', '-3栋 漏水', '--channel', 'phone', '--category', 'repair', '--lang', 'en'], env).stderr).toBe(
      'hongwu: unknown option -3栋 漏水; a text that starts with - goes after --: hongwu intake --channel phone --category repair --lang en -- "-3栋 漏水"\n  see `hongwu intake --help`\n',
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
    expect(r.stderr).toBe(`hongwu: ${db} 的结构版本为 99，比本程序（${SCHEMA_VERSION}）新\n  请升级 hongwu 后再打开；该文件未被改动\n`);
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
      const r = spawnCli(['intake', '夜间噪音', '--channel', 'phone', '--category', 'noise', '--tier', 'immediate', '--json'], env);
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

describe('in a pipeline', () => {
  /** A database of 3,000 open demands: a listing far larger than a pipe's 64 kB buffer. */
  function bigListing(): Record<string, string | undefined> {
    const db = tempDbPath();
    const env = baseEnv(db);
    spawnCli(['init'], env);
    spawnCli(['intake', '第一件', '--channel', 'phone', '--category', 'other'], env);
    const raw = new Database(db);
    raw.exec(`WITH RECURSIVE n(i) AS (SELECT 2 UNION ALL SELECT i + 1 FROM n WHERE i < 3000)
      INSERT INTO demands (community_id, number, number_month, number_seq, summary, channel, category, kind, tier, status,
        received_at, response_due_at, resolve_due_at)
      SELECT 1, printf('202611-%04d', i), '202611', i, '批量事项', 'phone', 'other', 'request', 'timed', 'open',
        '2026-11-20T02:00:00.000Z', '2026-11-21T02:00:00.000Z', '2026-11-27T02:00:00.000Z' FROM n`);
    raw.close();
    return env;
  }
  const bash = async (script: string, env: Record<string, string | undefined>) =>
    (await import('node:child_process')).execFileSync('bash', ['-c', `set -o pipefail; ${script}`], {
      env: { PATH: process.env.PATH, ...env } as NodeJS.ProcessEnv,
      encoding: 'utf8',
      maxBuffer: 64 * 2 ** 20,
    });

  it('stops quietly when the reader closes early (hongwu list | head -1)', async () => {
    // The output outgrows the pipe buffer after head has gone.
    const out = await bash(`"${process.execPath}" "${BIN}" list --csv | head -c 10; echo " rc=\${PIPESTATUS[0]}"`, bigListing());
    expect(out).toMatch(/ rc=0\n$/);
  });

  it('writes the whole output to a reader that is slower than the program', async () => {
    const env = bigListing();
    const direct = spawnCli(['list', '--csv'], env).stdout;
    expect(direct.split('\n')).toHaveLength(3002);
    const slow = await bash(`"${process.execPath}" "${BIN}" list --csv | (sleep 0.5; cat)`, env);
    expect(slow).toBe(direct);
    // A pipe left non-blocking by the program upstream (writes then fail with EAGAIN when it is full).
    const python = `import fcntl, os, subprocess, sys, time
r, w = os.pipe()
fcntl.fcntl(w, fcntl.F_SETFL, fcntl.fcntl(w, fcntl.F_GETFL) | os.O_NONBLOCK)
child = subprocess.Popen(sys.argv[1:], stdout=w)
os.close(w)
time.sleep(0.5)
with os.fdopen(r, 'rb') as f:
    sys.stdout.buffer.write(f.read())
sys.exit(child.wait())`;
    const nonBlocking = spawnSync('python3', ['-c', python, process.execPath, BIN, 'list', '--csv'], {
      env: { PATH: process.env.PATH, ...env } as NodeJS.ProcessEnv,
      encoding: 'utf8',
      maxBuffer: 64 * 2 ** 20,
    });
    expect([nonBlocking.status, nonBlocking.stderr]).toEqual([0, '']);
    expect(nonBlocking.stdout).toBe(direct);
  });
});

describe('with a reader that is gone', () => {
  /** Runs hongwu with stdout or stderr a pipe whose reading end is already closed. */
  const closedPipe = (stream: 'stdout' | 'stderr', args: string[], env: Record<string, string | undefined>) => {
    const python = `import os, subprocess, sys
r, w = os.pipe()
os.close(r)
sys.exit(subprocess.call(sys.argv[2:], **{sys.argv[1]: w}))`;
    return spawnSync('python3', ['-c', python, stream, process.execPath, BIN, ...args], {
      env: { PATH: process.env.PATH, ...env } as NodeJS.ProcessEnv,
      encoding: 'utf8',
    });
  };

  it('keeps the exit code of the command', () => {
    const env = baseEnv(tempDbPath());
    spawnCli(['init'], env);
    expect(closedPipe('stderr', ['show', '209901-9999'], env).status).toBe(1);
    expect(closedPipe('stderr', ['list'], baseEnv(tempDbPath())).status).toBe(3);
  });

  it('still commits and closes the database: nothing is left beside the file', () => {
    const db = tempDbPath();
    const env = baseEnv(db);
    spawnCli(['init'], env);
    const r = closedPipe('stdout', ['intake', '漏水', '--channel', 'phone', '--category', 'utilities'], env);
    expect(r.status).toBe(0);
    expect(fs.existsSync(`${db}-wal`)).toBe(false);
    expect(fs.existsSync(`${db}-shm`)).toBe(false);
    const raw = new Database(db, { readonly: true });
    expect(raw.prepare('SELECT count(*) FROM demands').pluck().get()).toBe(1);
    raw.close();
  });
});

describe('the compiled-code caches beside the bundle', () => {
  /** bin/ and dist/hongwu.cjs copied to a folder of their own, so that the caches there are this test's. */
  function installCopy(): { bin: string; dist: string } {
    const dir = tempDir('hongwu-cache-');
    fs.mkdirSync(path.join(dir, 'dist'));
    fs.cpSync(path.join(ROOT, 'bin'), path.join(dir, 'bin'), { recursive: true });
    fs.copyFileSync(path.join(ROOT, 'dist', 'hongwu.cjs'), path.join(dir, 'dist', 'hongwu.cjs'));
    fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
    return { bin: path.join(dir, 'bin', 'hongwu'), dist: path.join(dir, 'dist') };
  }
  const run = (bin: string, args: string[], env: Record<string, string | undefined>) =>
    spawnSync(process.execPath, [bin, ...args], { env: { PATH: process.env.PATH, ...env } as NodeJS.ProcessEnv, encoding: 'utf8' });
  const caches = (dist: string) => fs.readdirSync(dist).filter((f) => f.endsWith('.v8cache')).sort();

  it('keeps one per command, written by its first successful run; a damaged one is only compiled around', () => {
    const { bin, dist } = installCopy();
    const env = baseEnv(tempDbPath());
    expect(run(bin, ['init'], env).status).toBe(0);
    expect(run(bin, ['--db', env.HONGWU_DB!, 'list', '--json'], env).stdout).toBe('[]\n');
    // A mistyped command fails and leaves no cache behind; help leaves none either.
    expect(run(bin, ['lsit'], env).status).toBe(2);
    expect(run(bin, ['show', '--help'], env).status).toBe(0);
    // A group's sub-commands have caches of their own.
    expect(run(bin, ['points', 'item', 'list', '--json'], env).stdout).toBe('[]\n');
    expect(caches(dist)).toEqual(['hongwu.cjs.init.v8cache', 'hongwu.cjs.list.v8cache', 'hongwu.cjs.points-item.v8cache']);
    // A cache that fits is read, not written again.
    const list = path.join(dist, 'hongwu.cjs.list.v8cache');
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
    const set = (name: string) => JSON.parse(`[${new RegExp(`const ${name} = new Set\\(\\[([^\\]]*)\\]\\)`).exec(text)![1]}]`) as string[];
    expect(new Set(set('VALUED'))).toEqual(VALUED_GLOBALS);
    const program = buildProgram({ stdout: () => {}, stderr: () => {}, env: {}, cwd: '/', stdinIsTTY: false, stdoutIsTTY: false, stderrIsTTY: false }, '0');
    expect(set('GROUPS').sort()).toEqual(program.commands.filter((c) => c.commands.length > 0).map((c) => c.name()).sort());
  });

  it('are neither read nor written with HONGWU_NO_COMPILE_CACHE=1', () => {
    const { bin, dist } = installCopy();
    const env = baseEnv(tempDbPath(), { HONGWU_NO_COMPILE_CACHE: '1' });
    expect(run(bin, ['init'], env).status).toBe(0);
    expect(caches(dist)).toEqual([]);
  });
});
