import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from '../../src/cli/main.js';
import { baseEnv, tempDir } from '../helpers/cli.js';

describe('hongwu demo on a terminal', () => {
  it('draws its progress on stderr, month by month, and ends the line', async () => {
    const dir = tempDir('hongwu-demo-tty-');
    let stdout = '';
    let stderr = '';
    const code = await run(['demo', '--db', path.join(dir, 'demo.db'), '--lang', 'en'], {
      stdout: (t) => (stdout += t),
      stderr: (t) => (stderr += t),
      env: baseEnv(path.join(dir, 'working.db')),
      cwd: dir,
      stdinIsTTY: true,
      stdoutIsTTY: true,
      stderrIsTTY: true,
    });
    expect(code).toBe(0);
    const lines = stderr.split('\r').filter(Boolean);
    expect(lines[0]).toMatch(/^Generating demo data 2025-10 \(1\/13 months, \d+ demands\)$/);
    expect(lines[12]).toMatch(/^Generating demo data 2026-10 \(13\/13 months, \d+ demands\)\n/);
    expect(stdout).not.toContain('Generating');
    expect(stdout).toContain('Demo database written: demo.db'.replace('demo.db', path.join(dir, 'demo.db')));
  });
});
