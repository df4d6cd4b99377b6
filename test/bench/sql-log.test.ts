import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { initDb, json, spawnCli, tempDir } from '../helpers/cli.js';

describe('HONGWU_SQL_LOG', () => {
  it('writes every statement with its parameters inlined, and the time of each query run through kysely', async () => {
    const { db, env } = await initDb();
    const log = path.join(tempDir('hongwu-sqllog-'), 'sql.log');
    const intake = spawnCli(['intake', '路灯不亮', '--channel', 'phone', '--category', 'repair', '--json'], {
      ...env,
      HONGWU_SQL_LOG: log,
    });
    expect(intake.code).toBe(0);
    expect(json(intake).number).toBe('202611-0001');
    const text = fs.readFileSync(log, 'utf8');
    expect(text).toContain('PRAGMA foreign_keys = ON;\n');
    expect(text).toMatch(/^insert into "demands" \(.*\) values \(.*'路灯不亮'.*\) returning "id";\n-- \d+\.\d{3} ms$/m);
    expect(text).toContain('begin immediate;\n');

    // What was logged runs as it stands: the listing's query of `list` (the one before the last, which
    // reads the page's return visits), replayed, gives the rows `list` printed.
    fs.rmSync(log);
    const list = spawnCli(['list', '--json'], { ...env, HONGWU_SQL_LOG: log });
    const logged = fs
      .readFileSync(log, 'utf8')
      .split(/;\n-- [\d.]+ ms\n/)
      .at(-3)!
      .split(';\n')
      .at(-1)!;
    const replayed = new Database(db, { readonly: true }).prepare(logged).all() as { number: string }[];
    expect(replayed.map((r) => r.number)).toEqual(json(list).map((d: { number: string }) => d.number));
  });

  it('writes nothing without the variable', async () => {
    const { env } = await initDb();
    const dir = tempDir('hongwu-sqllog-');
    expect(spawnCli(['list'], { ...env, HONGWU_SQL_LOG: undefined }, { cwd: dir }).code).toBe(0);
    expect(fs.readdirSync(dir)).toEqual([]);
  });
});
