import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { BIN, ROOT } from './cli.js';

export const DOWN = '\u001b[B';
export const ENTER = '\r';

/** Runs the real binary in a pseudo-terminal and types the steps (test/helpers/terminal.py). */
export function inTerminal(
  args: string[],
  env: Record<string, string | undefined>,
  steps: { expect: string; send: string }[],
  options: { columns?: number } = {},
) {
  const spec = {
    argv: [process.execPath, BIN, ...args],
    env: { PATH: process.env.PATH, TERM: 'xterm-256color', COLUMNS: '100', LINES: '40', ...env },
    steps,
    columns: options.columns,
  };
  const r = spawnSync('python3', [path.join(ROOT, 'test', 'helpers', 'terminal.py'), JSON.stringify(spec)], {
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (r.status !== 0) throw new Error(`pty driver failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as { code: number; output: string; timeout: number | null };
}
