import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { spawnSync } from 'node:child_process';
import { baseEnv, BIN, spawnCli, tempDir, tempDbPath, type Result } from '../helpers/cli.js';

export const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));

/** A fresh database with one community (幸福里), and the binary run on it from a folder of sheets. */
export function importFixture(extra: Record<string, string> = {}) {
  const db = tempDbPath();
  const dir = tempDir('hongwu-import-');
  const env = baseEnv(db, extra);
  const run = (...args: string[]): Result => spawnCli(args, env, { cwd: dir });
  /** The binary on a sheet that takes a while (spawnCli gives up after 20 s). */
  const runLong = (...args: string[]): Result => {
    const r = spawnSync(process.execPath, [BIN, ...args], {
      env: { PATH: process.env.PATH, ...env } as NodeJS.ProcessEnv,
      cwd: dir,
      encoding: 'utf8',
      timeout: 280_000,
    });
    return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
  };
  const must = (...args: string[]): Result => {
    const r = run(...args);
    if (r.code !== 0) throw new Error(`hongwu ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
    return r;
  };
  must('init', '--community', '幸福里');
  /** Copies a committed fixture (its bytes as a clerk's WPS saved them) into the folder. */
  const fixture = (name: string): string => {
    fs.copyFileSync(path.join(FIXTURES, name), path.join(dir, name));
    return name;
  };
  const write = (name: string, content: string | Buffer): string => {
    fs.writeFileSync(path.join(dir, name), content);
    return name;
  };
  const json = (...args: string[]) => JSON.parse(must(...args, '--json').stdout);
  return { db, dir, env, run, runLong, must, fixture, write, json };
}

/** `<file>.errors.csv` parsed back: its rows as objects by header (the BOM checked and dropped). */
export function errorsOf(dir: string, file: string): Record<string, string>[] {
  const text = fs.readFileSync(path.join(dir, `${file}.errors.csv`), 'utf8');
  if (!text.startsWith('\uFEFF')) throw new Error('the errors file has no BOM');
  return parse(text.slice(1), { columns: true });
}
