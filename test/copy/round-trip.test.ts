import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { SCHEMA_VERSION } from '../../src/db/migrator.js';
import { baseEnv, cli, json, spawnCli, tempDir } from '../helpers/cli.js';
import { onPostgres } from '../helpers/pg-databases.js';
import { inTerminal } from '../helpers/terminal.js';
import { buildDemo, monthsBetween, newMiddle } from './helpers.js';

const sha = (file: string) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');

/**
 * `hongwu copy` (SPEC §14): the demo database copied file → middle → file, where the middle is a
 * server on the PostgreSQL run (a file otherwise), and everything a clerk or the street office
 * reads is the same on all three.
 */
describe('hongwu copy: a round trip of the demo database', () => {
  let demo: ReturnType<typeof buildDemo>;
  let middle: string;
  let back: string;
  let codes: string[];

  beforeAll(() => {
    demo = buildDemo();
    const before = sha(demo.file);
    middle = newMiddle();
    back = path.join(tempDir('hongwu-copy-'), 'back.db');
    const there = spawnCli(['copy', demo.file, middle], baseEnv(demo.file));
    expect(there.stderr).toMatch(/^用时 \d+\.\d 秒。检查副本：hongwu doctor --db /);
    expect(there.code).toBe(0);
    expect(there.stdout).toMatch(
      new RegExp(`^已复制 \\d+ 行（30 张表，结构版本 ${SCHEMA_VERSION}）：${demo.file} → ${middle}\\n$`),
    );
    const home = spawnCli(['copy', middle, back, '--json'], baseEnv(demo.file));
    expect(home.code).toBe(0);
    const summary = JSON.parse(home.stdout);
    expect(summary).toMatchObject({ from: middle, to: back, schema_version: SCHEMA_VERSION });
    expect(summary.tables.demands).toBeGreaterThan(1000);
    expect(summary.rows).toBe(Object.values(summary.tables as Record<string, number>).reduce((a, b) => a + b, 0));
    // The source is only read.
    expect(sha(demo.file)).toBe(before);
    codes = json<{ code: string }[]>(spawnCli(['community', 'list', '--json'], baseEnv(demo.file))).map((c) => c.code);
    expect(codes).toHaveLength(3);
  }, 240_000);

  const all = () => [demo.file, middle, back];
  const read = async (db: string, args: string[]) => {
    const r = await cli([...args, '--json'], baseEnv(db));
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    return JSON.parse(r.stdout);
  };
  const same = async (args: string[]) => {
    const [source, ...copies] = await Promise.all(all().map((db) => read(db, args)));
    for (const copy of copies) expect(copy).toEqual(source);
    return source;
  };

  it('the report is the same for every month and every community, and rolled up', async () => {
    const months = monthsBetween(demo.firstMonth, demo.lastMonth);
    expect(months.length).toBeGreaterThanOrEqual(12);
    for (const month of months) {
      for (const community of [...codes, 'all']) {
        const report = await same(['report', '--month', month, '--community', community, '--format', 'json']);
        expect(report).toBeTruthy();
      }
    }
  }, 600_000);

  it('every demand with its fields, the points ledger, residents and meetings are the same', async () => {
    for (const community of codes) {
      const demands = await same(['list', '--status', 'all', '--community', community]);
      expect(demands.length).toBeGreaterThan(100);
      expect((await same(['points', 'ledger', '--community', community])).length).toBeGreaterThan(100);
      expect((await same(['resident', 'list', '--community', community])).length).toBeGreaterThan(100);
      expect((await same(['meeting', 'list', '--community', community])).length).toBeGreaterThan(5);
      expect((await same(['fee', 'arrears', '--community', community])).length).toBeGreaterThan(0);
    }
    expect(await same(['community', 'list'])).toHaveLength(3);
    const last = (await same(['list', '--status', 'all', '--community', codes[0]!])).at(-1);
    expect(await same(['show', last.number])).toMatchObject({ number: last.number });
  }, 300_000);

  it('doctor passes on all three', async () => {
    for (const db of all()) expect((await read(db, ['doctor'])).healthy).toBe(true);
  });

  it('the next intake on a copy gets the number the source would give', async () => {
    const alike = path.join(tempDir('hongwu-copy-'), 'alike.db');
    fs.copyFileSync(demo.file, alike);
    const intake = ['intake', '路灯不亮', '--channel', 'phone', '--category', 'repair', '--community', codes[0]!];
    const numbers = await Promise.all(
      [alike, middle, back].map(async (db) => (await read(db, intake)).number as string),
    );
    expect(numbers[0]).toMatch(/^202611-\d{4}$/);
    expect(numbers).toEqual([numbers[0], numbers[0], numbers[0]]);
  });

  it('shows its progress on a terminal (stderr), and nothing of it otherwise', () => {
    const target = onPostgres() ? newMiddle() : path.join(tempDir('hongwu-copy-'), 'seen.db');
    const r = inTerminal(['copy', demo.file, target, '--lang', 'en'], baseEnv(demo.file), []);
    expect(r.code).toBe(0);
    expect(r.output).toMatch(/Copying demands \(\d+\/\d+ rows\)/);
    expect(r.output).toMatch(/Copied \d+ rows \(30 tables/);
  }, 120_000);
});
