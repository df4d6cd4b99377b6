import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { BIN, baseEnv, spawnCli, tempDbPath } from '../helpers/cli.js';

// The direct writer (src/platform/io.ts) as the clerk's shell meets it: through the real binary.

describe('in a pipeline', () => {
  /** A database of 3,000 open demands: a listing far larger than a pipe's 64 kB buffer. */
  function bigListing(): Record<string, string | undefined> {
    const db = tempDbPath();
    const env = baseEnv(db);
    spawnCli(['init'], env);
    spawnCli(['intake', '第一件', '--channel', 'phone', '--category', 'other'], env);
    const raw = new Database(db);
    raw.exec(`WITH RECURSIVE n(i) AS (SELECT 2 UNION ALL SELECT i + 1 FROM n WHERE i < 3000)
      INSERT INTO demands (community_id, number, number_month, number_seq, summary, channel, category, kind, tier,
      status,
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
    const out = await bash(
      `"${process.execPath}" "${BIN}" list --csv | head -c 10; echo " rc=\${PIPESTATUS[0]}"`,
      bigListing(),
    );
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
