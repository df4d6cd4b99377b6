import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { SCHEMA_VERSION } from '../../src/db/migrator.js';
import { baseEnv, cli, initDb, json, tempDbPath, tempDir } from '../helpers/cli.js';
import { ENTER, inTerminal } from '../helpers/terminal.js';
import { SETUP } from './driver/actions.js';
import { buildDriver } from './driver/build.js';
import { listing, modeOf, olderDatabase, path, sha, spawnIn, withRaw } from './helpers.js';

const count = (file: string) =>
  withRaw(file, (raw) => (raw.prepare('SELECT count(*) AS n FROM demands').get() as { n: number }).n);

async function withDemands() {
  const { db, env } = await initDb();
  await cli(['resident', 'add', '张三', '--phone', '13812345678'], env);
  await cli(['intake', '路灯不亮', '--channel', 'phone', '--category', 'repair', '--resident', '张三'], env);
  return { db, env, dir: path.dirname(db) };
}

describe('hongwu backup', () => {
  it('writes a copy readable by the owner only, which opens and passes doctor', async () => {
    const { db, env } = await withDemands();
    const target = path.join(tempDir(), 'copy.db');
    const r = await cli(['backup', target], env);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^已备份到 ${target}（\\d+ KB）\\n$`));
    expect(r.stderr).toBe(`检查备份：HONGWU_DB=${target} hongwu doctor；恢复：先停用 hongwu，再把备份复制为 ${db}\n`);
    expect(modeOf(target)).toBe(0o600);
    expect(listing(path.dirname(target))).toEqual(['copy.db']);
    expect(count(target)).toBe(1);
    const doctor = json(await cli(['doctor', '--json'], baseEnv(target)));
    expect(doctor.healthy).toBe(true);
    const show = json(await cli(['show', '202611-0001', '--json'], baseEnv(target)));
    expect(show.summary).toBe('路灯不亮');
  });

  it('refuses to replace an existing file without --yes (exit 1), and replaces it with --yes', async () => {
    const { env } = await withDemands();
    const target = path.join(tempDir(), 'copy.db');
    fs.writeFileSync(target, 'an older backup');
    const refused = await cli(['backup', target], env);
    expect(refused).toEqual({
      code: 1,
      stdout: '',
      stderr: `hongwu: ${target} 已存在，未被替换\n  要替换请加 --yes，或换一个文件名\n`,
    });
    expect(fs.readFileSync(target, 'utf8')).toBe('an older backup');
    // A stale WAL beside the old file must not be applied to the new copy.
    fs.writeFileSync(`${target}-wal`, Buffer.alloc(8192, 7));
    const replaced = json(await cli(['backup', target, '--yes', '--json'], env));
    expect(replaced).toMatchObject({ target, schema_version: SCHEMA_VERSION, replaced: true });
    expect(replaced.bytes).toBe(fs.statSync(target).size);
    expect(fs.existsSync(`${target}-wal`)).toBe(false);
    expect(count(target)).toBe(1);
  });

  it('asks on a terminal before replacing a file', async () => {
    const { env } = await withDemands();
    const target = path.join(tempDir(), 'copy.db');
    fs.writeFileSync(target, 'an older backup');
    const kept = inTerminal(['backup', target], env, [{ expect: '要替换吗', send: `n${ENTER}` }]);
    expect(kept.timeout).toBeNull();
    expect(kept.code).toBe(1);
    expect(kept.output).toContain('已存在，未被替换');
    expect(fs.readFileSync(target, 'utf8')).toBe('an older backup');
    const replaced = inTerminal(['backup', target], env, [{ expect: '要替换吗', send: `y${ENTER}` }]);
    expect(replaced.code).toBe(0);
    expect(replaced.output).toContain(`已备份到 ${target}`);
    expect(count(target)).toBe(1);
  });

  it('writes hongwu-<time>.db into a folder', async () => {
    const { env } = await withDemands();
    const folder = tempDir();
    const r = json(await cli(['backup', folder, '--json'], env));
    expect(path.dirname(r.target)).toBe(folder);
    expect(path.basename(r.target)).toMatch(/^hongwu-\d{8}T\d{6}Z\.db$/);
    expect(count(r.target)).toBe(1);
  });

  it('says what is wrong with the target: a missing folder or the database itself (exit 2)', async () => {
    const { db, env } = await withDemands();
    const nowhere = path.join(tempDir(), 'no', 'such', 'copy.db');
    expect(await cli(['backup', nowhere], env)).toEqual({
      code: 2,
      stdout: '',
      stderr: `hongwu: 文件夹 ${path.dirname(nowhere)} 不存在\n  请先建好它，或换个地方存备份\n`,
    });
    // A name ending in / is a folder: a missing one is refused, not written as a file of that name.
    const folder = path.join(tempDir(), 'usb');
    expect(await cli(['backup', `${folder}/`], env)).toEqual({
      code: 2,
      stdout: '',
      stderr: `hongwu: 文件夹 ${folder} 不存在\n  请先建好它，或换个地方存备份\n`,
    });
    expect(fs.existsSync(folder)).toBe(false);
    for (const itself of [db, `${db}-wal`, path.join(path.dirname(db), '.', 'hongwu.db')]) {
      const r = await cli(['--lang', 'en', 'backup', itself, '--yes'], env);
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(
        `hongwu: ${itself} is the database itself\n  write the backup to another file, ideally on another disk\n`,
      );
    }
    expect((await cli(['backup', ''], env)).code).toBe(2);
    expect((await cli(['backup'], env)).stderr).toBe(
      'hongwu: 缺少参数 <file>（文件）\n  用法见 `hongwu backup --help`\n',
    );
  });

  it('needs a database (exit 3) and never writes a half copy', async () => {
    const missing = tempDbPath();
    const folder = tempDir();
    const r = await cli(['backup', path.join(folder, 'copy.db')], baseEnv(missing));
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('找不到数据库');
    expect(listing(folder)).toEqual([]);
  });

  it('copies an older file as it is, without upgrading it', async () => {
    const db = tempDbPath();
    await olderDatabase(db, 1);
    const before = sha(db);
    const target = path.join(tempDir(), 'old.db');
    const r = json(await cli(['backup', target, '--json'], baseEnv(db)));
    expect(r.schema_version).toBe(1);
    expect(withRaw(target, (raw) => raw.pragma('user_version', { simple: true }))).toBe(1);
    expect(sha(db)).toBe(before);
    expect(listing(path.dirname(db))).toEqual(['hongwu.db']);
  });
});

describe('backup under concurrent writes', () => {
  let driver: string;
  beforeAll(async () => {
    driver = await buildDriver('backup');
  });

  it('gives, while three desks keep writing, copies that pass doctor and hold a consistent prefix', async () => {
    const copies: { file: string; before: number; after: number }[] = [];
    const { db, env } = await initDb();
    for (const args of SETUP) expect((await cli(args, env)).code).toBe(0);
    // Enough rows that a copy is more than a few pages.
    withRaw(db, (raw) => {
      const insert = raw.prepare(
        `INSERT INTO demands (community_id, number, number_month, number_seq, summary, channel, category, kind, tier,
          status,
           received_at, response_due_at, resolve_due_at) VALUES (1, ?, '202610', ?, ?, 'phone', 'repair', 'request',
          'timed', 'open',
           '2026-10-01T00:00:00.000Z', '2026-10-02T00:00:00.000Z', '2026-10-08T00:00:00.000Z')`,
      );
      const event = raw.prepare(
        `INSERT INTO demand_events (demand_id, type, at, recorded_at, operator, status_after)
         VALUES (?, 'intake', '2026-10-01T00:00:00.000Z', '2026-10-01T00:00:00.000Z', 'seed', 'open')`,
      );
      raw.transaction(() => {
        for (let i = 1; i <= 20_000; i++)
          event.run(
            insert.run(`202610-${String(i).padStart(5, '0')}`, i, `旧诉求 ${i} ${'x'.repeat(80)}`).lastInsertRowid,
          );
      })();
    });
    const writers = ['a', 'b', 'c'].map((desk) =>
      spawn(process.execPath, [driver], {
        env: { PATH: process.env.PATH, ...env, DRIVER_TAG: desk } as NodeJS.ProcessEnv,
        stdio: ['ignore', 'ignore', 'inherit'],
      }),
    );
    const ended = writers.map((w) => new Promise((resolve) => w.on('close', resolve)));
    try {
      for (let waited = 0; count(db) <= 20_000; waited += 50) {
        if (waited > 20_000) throw new Error('the writers never started writing');
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const folder = tempDir();
      for (let i = 0; i < 3; i++) {
        const file = path.join(folder, `copy-${i}.db`);
        const before = count(db);
        const r = await spawnIn(folder, ['backup', file], env);
        expect(r.stderr).not.toContain('hongwu:');
        expect(r.code).toBe(0);
        copies.push({ file, before, after: count(db) });
      }
    } finally {
      for (const w of writers) w.kill('SIGKILL');
      await Promise.all(ended);
    }
    // The desks went on writing while the copies were taken.
    expect(copies.some((c) => c.after > c.before)).toBe(true);

    for (const copy of copies) {
      const doctor = json(await cli(['doctor', '--json'], baseEnv(copy.file)));
      expect(doctor.checks.filter((c: { status: string }) => c.status === 'fail')).toEqual([]);
      withRaw(copy.file, (raw) => {
        const n = (
          raw.prepare("SELECT count(*) AS n FROM demands WHERE number_month = '202611'").get() as { n: number }
        ).n;
        // A prefix of the committed intakes: numbers 1..n without a gap, each with its intake.
        const seqs = raw
          .prepare("SELECT number_seq AS s FROM demands WHERE number_month = '202611' ORDER BY number_seq")
          .all() as { s: number }[];
        expect(seqs.map((s) => s.s)).toEqual(Array.from({ length: n }, (_, i) => i + 1));
        expect(20_000 + n).toBeGreaterThanOrEqual(copy.before);
        expect(20_000 + n).toBeLessThanOrEqual(copy.after);
      });
    }
  }, 60_000);
});
