import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { openStore } from '../../src/db/connection.js';
import { MIGRATIONS } from '../../src/db/migrations.js';
import { migrateToLatest } from '../../src/db/migrator.js';
import { BIN, type Result } from '../helpers/cli.js';

/** The bytes of a file, as a digest: "left unchanged" means this is the same before and after. */
export function sha(file: string): string {
  return crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

/** Runs SQL on the file directly, as the sqlite3 shell would, and closes it (folding the WAL in). */
export function withRaw<T>(file: string, work: (db: BetterSqlite3.Database) => T): T {
  const db = new BetterSqlite3(file, { fileMustExist: true });
  try {
    return work(db);
  } finally {
    db.close();
  }
}

/**
 * A database written by an older hongwu: only the first `version` migrations, with a community,
 * a team and a resident, as that version would have left it.
 */
export async function olderDatabase(file: string, version: number): Promise<void> {
  const store = openStore(file, { create: true });
  try {
    await migrateToLatest(store, { now: new Date(), migrations: MIGRATIONS.slice(0, version) });
    store.raw.exec(`
      INSERT INTO settings (key, value) VALUES ('timezone', 'Asia/Shanghai');
      INSERT INTO communities (id, code, name, created_at) VALUES (1, 'lsgw', '蓝色港湾', '2026-01-05T01:00:00.000Z');
      INSERT INTO teams (community_id, name, kind, created_at) VALUES (1, '蓝色港湾物业服务企业', 'property',
      '2026-01-05T01:00:00.000Z');
      INSERT INTO residents (community_id, name, phone, created_at) VALUES (1, '张三', '13812345678',
      '2026-01-05T01:00:00.000Z');
    `);
  } finally {
    await store.close();
  }
}

/** The built binary, asynchronously, in a given folder (so relative paths stay in a temp dir). */
export function spawnIn(
  cwd: string,
  args: string[],
  env: Record<string, string | undefined>,
  timeoutMs = 20_000,
): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd,
      env: { PATH: process.env.PATH, ...env } as NodeJS.ProcessEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.stdout.setEncoding('utf8').on('data', (d) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? (signal ? -1 : -2), stdout, stderr });
    });
  });
}

/** The files in a folder, for "nothing else was written". */
export function listing(dir: string): string[] {
  return fs.readdirSync(dir).sort();
}

export const modeOf = (file: string) => fs.statSync(file).mode & 0o777;

export { path };
