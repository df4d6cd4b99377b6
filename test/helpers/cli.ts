import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { run } from '../../src/cli/main.js';
import type { Io } from '../../src/platform/io.js';
import { onPostgres, tempPgDatabase } from './pg-databases.js';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const BIN = path.join(ROOT, 'bin', 'hongwu');

export interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

/** A fresh folder with a database path in it (the file itself is not created). */
export function tempDir(prefix = 'hongwu-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/**
 * Where a test's database goes: a file path in a fresh folder (the file itself is not created), or
 * in the PostgreSQL run a fresh database on the test server (migrated, with no community yet).
 */
export function tempDbPath(): string {
  return onPostgres() ? tempPgDatabase() : path.join(tempDir(), 'hongwu.db');
}

/** The environment every test runs with: a fixed clock and operator, nothing from the machine. */
export function baseEnv(
  db: string,
  extra: Record<string, string | undefined> = {},
): Record<string, string | undefined> {
  return {
    HOME: os.tmpdir(),
    HONGWU_DB: db,
    HONGWU_OPERATOR: 'tester',
    HONGWU_NOW: '2026-11-26T10:00:00+08:00',
    ...extra,
  };
}

/** Runs hongwu in this process (no TTY), capturing what the clerk would see. */
export async function cli(args: string[], env: Record<string, string | undefined>): Promise<Result> {
  let stdout = '';
  let stderr = '';
  const io: Io = {
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
    env,
    cwd: process.cwd(),
    stdinIsTTY: false,
    stdoutIsTTY: false,
    stderrIsTTY: false,
  };
  const code = await run(args, io);
  return { code, stdout, stderr };
}

/** Runs the built binary as a separate process with stdin closed. */
export function spawnCli(
  args: string[],
  env: Record<string, string | undefined>,
  options: { cwd?: string } = {},
): Result {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    env: { PATH: process.env.PATH, ...env } as NodeJS.ProcessEnv,
    cwd: options.cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
    encoding: 'utf8',
    timeout: 20_000,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** The same, asynchronously: for several processes at once. */
export function spawnCliAsync(args: string[], env: Record<string, string | undefined>): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: { PATH: process.env.PATH, ...env } as NodeJS.ProcessEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

/** A database with one community (蓝色港湾, code lsgw) and its three parties. */
export async function initDb(
  extraEnv: Record<string, string | undefined> = {},
): Promise<{ db: string; env: Record<string, string | undefined> }> {
  const db = tempDbPath();
  const env = baseEnv(db, extraEnv);
  const r = await cli(['init', '--community', '蓝色港湾', '--code', 'lsgw'], env);
  if (r.code !== 0) throw new Error(`init failed: ${r.stderr}`);
  return { db, env };
}

/** Parses the one JSON value a `--json` command printed, failing loudly if there is more. */
export function json<T = any>(r: Result): T {
  if (r.code !== 0) throw new Error(`command failed (${r.code}): ${r.stderr}`);
  return JSON.parse(r.stdout) as T;
}
