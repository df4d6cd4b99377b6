import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { baseEnv, cli, json, spawnCli, tempDir } from '../helpers/cli.js';
import { SCHEMA_VERSION } from '../../src/db/migrator.js';

/** The demo of November 2026: thirteen whole months, 2025-10 to 2026-10, before the clock's month. */
const HORIZON = '2026-10-31T16:00:00.000Z'; // 2026-11-01 00:00 in Asia/Shanghai

function open(file: string) {
  return new Database(file, { readonly: true, fileMustExist: true });
}

function digest(file: string): string {
  const db = open(file);
  try {
    const hash = crypto.createHash('sha256');
    for (const table of ['demands', 'demand_events', 'ledger', 'topics', 'topic_events', 'votes']) {
      for (const row of db.prepare(`SELECT * FROM ${table} ORDER BY id`).raw().iterate())
        hash.update(JSON.stringify(row));
    }
    return hash.digest('hex');
  } finally {
    db.close();
  }
}

describe('hongwu demo', () => {
  let dir: string;
  let file: string;
  let env: Record<string, string | undefined>;
  let first: Awaited<ReturnType<typeof cli>>;

  beforeAll(async () => {
    dir = tempDir('hongwu-demo-');
    file = path.join(dir, 'demo.db');
    env = baseEnv(path.join(dir, 'working.db'));
    first = await cli(['demo', '--db', file], env);
  });

  it('says what it generated and how to explore it, without progress when not on a terminal', () => {
    expect(first.code).toBe(0);
    expect(first.stdout).toContain(`演示数据库已生成：${file}`);
    expect(first.stdout).toContain('蓝色港湾、思唐花园、乌江明珠，2025-10 至 2026-10');
    expect(first.stderr).toContain(
      `HONGWU_DB=` +
        `${path.relative(process.cwd(), file).startsWith('..') ? file : path.relative(process.cwd(), file)}` +
        ` hongwu list --community 蓝色港湾`,
    );
    expect(first.stderr).not.toContain('\r');
    expect(fs.existsSync(path.join(dir, 'working.db'))).toBe(false);
  });

  it(
    'suggests `npx hongwu` when it was run through npx (the ' + 'Quick start), where plain hongwu is not on the PATH',
    async () => {
      const r = await cli(['demo', '--db', path.join(dir, 'npx.db')], { ...env, npm_lifecycle_event: 'npx' });
      expect(r.code).toBe(0);
      expect(r.stderr).toMatch(/HONGWU_DB=\S+ npx hongwu list --community 蓝色港湾/);
    },
  );

  it('writes a sound file through the normal init path', () => {
    const db = open(file);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(db.pragma('foreign_key_check')).toEqual([]);
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(db.prepare("SELECT value FROM settings WHERE key = 'timezone'").pluck().get()).toBe('Asia/Shanghai');
    const teams = db.prepare('SELECT kind, count(*) AS n FROM teams GROUP BY kind').all() as {
      kind: string;
      n: number;
    }[];
    expect(Object.fromEntries(teams.map((t) => [t.kind, t.n]))).toMatchObject({
      party_org: 3,
      owners_committee: 3,
      property: 3,
      party_vanguard: 3,
      volunteer: 6,
    });
    db.close();
  });

  it('covers every channel, category, kind and tier, and has last month full', () => {
    const db = open(file);
    const distinct = (column: string) => db.prepare(`SELECT count(DISTINCT ${column}) FROM demands`).pluck().get();
    expect([distinct('channel'), distinct('category'), distinct('kind'), distinct('tier')]).toEqual([7, 12, 4, 3]);
    const lastMonth = db
      .prepare("SELECT count(*) FROM demands WHERE number_month = '202610' AND community_id = 1")
      .pluck()
      .get() as number;
    expect(lastMonth).toBeGreaterThan(50);
    expect(db.prepare(`SELECT count(*) FROM demand_events WHERE at >= ?`).pluck().get(HORIZON)).toBe(0);
    db.close();
  });

  it('keeps every demand consistent with its history', () => {
    const db = open(file);
    const bad = (sql: string) => db.prepare(sql).all();
    // status is the last event's; the intake comes first, at the received time
    expect(
      bad(
        `SELECT d.number FROM demands d WHERE d.status <> (SELECT status_after FROM demand_events e WHERE ` +
          `e.demand_id = d.id ORDER BY at DESC, id DESC LIMIT 1)`,
      ),
    ).toEqual([]);
    expect(
      bad(
        `SELECT d.number FROM demands d WHERE (SELECT type || at FROM demand_events e WHERE e.demand_id = d.id ` +
          `ORDER BY at, id LIMIT 1) <> 'intake' || d.received_at`,
      ),
    ).toEqual([]);
    expect(
      bad(
        `SELECT e.id FROM demand_events e JOIN demand_events f ON f.demand_id = e.demand_id AND f.id > e.id ` +
          `AND f.at < e.at`,
      ),
    ).toEqual([]);
    // the response and resolution columns match the events
    expect(
      bad(
        `SELECT number FROM demands d WHERE d.responded_at IS NOT (SELECT min(at) FROM demand_events e WHERE ` +
          `e.demand_id = d.id AND type IN ('assign','resolve'))`,
      ),
    ).toEqual([]);
    expect(
      bad(
        `SELECT number FROM demands d WHERE d.first_resolved_at IS NOT (SELECT min(at) FROM demand_events e ` +
          `WHERE e.demand_id = d.id AND type = 'resolve')`,
      ),
    ).toEqual([]);
    expect(
      bad(
        `SELECT number FROM demands WHERE (status IN ('resolved','closed')) <> (resolved_at IS NOT NULL) AND ` +
          `cancelled_at IS NULL`,
      ),
    ).toEqual([]);
    expect(
      bad(
        `SELECT number FROM demands d WHERE d.rating IS NOT (SELECT rating FROM demand_events e WHERE ` +
          `e.demand_id = d.id AND type = 'rate' ORDER BY at DESC, id DESC LIMIT 1)`,
      ),
    ).toEqual([]);
    expect(
      bad(`SELECT number FROM demands WHERE response_due_at <= received_at OR resolve_due_at <= received_at`),
    ).toEqual([]);
    // the intake records the resolve deadline it fixed (the report reads deadlines as of a month's end)
    expect(
      bad(
        `SELECT d.number FROM demands d JOIN demand_events e ON e.demand_id = d.id AND e.type = 'intake' WHERE ` +
          `e.due_at IS NOT d.resolve_due_at`,
      ),
    ).toEqual([]);
    db.close();
  });

  it('tells realistic stories: mostly on time, some overdue, some reopened, some cancelled', () => {
    const db = open(file);
    const one = (sql: string) => db.prepare(sql).pluck().get() as number;
    const onTime = one(`SELECT avg(responded_at <= response_due_at) FROM demands WHERE responded_at IS NOT NULL`);
    expect(onTime).toBeGreaterThan(0.85);
    expect(onTime).toBeLessThan(1);
    expect(
      one(`SELECT count(*) FROM demands WHERE status IN ('open','assigned') AND resolve_due_at < '${HORIZON}'`),
    ).toBeGreaterThan(5);
    expect(
      one(`SELECT count(*) FROM demand_events WHERE type = 'rate' AND status_after IN ('open','assigned')`),
    ).toBeGreaterThan(5);
    expect(one(`SELECT count(*) FROM demands WHERE status = 'cancelled'`)).toBeGreaterThan(5);
    expect(one(`SELECT count(*) FROM demands WHERE outcome = 'mediated'`)).toBeGreaterThan(5);
    db.close();
  });

  it('has residents in the special groups, points within every balance, and meetings through all five steps', () => {
    const db = open(file);
    const one = (sql: string) => db.prepare(sql).pluck().get() as number;
    expect(one(`SELECT count(DISTINCT tag) FROM resident_tags`)).toBe(8);
    expect(
      one(`SELECT count(*) FROM (SELECT resident_id FROM ledger GROUP BY resident_id HAVING sum(delta) < 0)`),
    ).toBe(0);
    expect(one(`SELECT count(*) FROM ledger WHERE type = 'redeem'`)).toBeGreaterThan(50);
    expect(
      one(`SELECT count(*) FROM ledger l JOIN ledger r ON r.reverses = l.id AND r.delta = -l.delta`),
    ).toBeGreaterThan(0);
    expect(one(`SELECT count(*) FROM items WHERE stock < 0`)).toBe(0);
    expect(one(`SELECT count(DISTINCT step) FROM topic_events`)).toBe(5);
    expect(one(`SELECT count(*) FROM votes WHERE passed = 0 AND votes_for < votes_against`)).toBeGreaterThan(0);
    expect(one(`SELECT count(*) FROM votes WHERE passed = 1 AND votes_for <= votes_against`)).toBe(0);
    expect(
      one(`SELECT count(*) FROM topic_tasks t JOIN demands d ON d.id = t.demand_id WHERE d.channel <> 'meeting'`),
    ).toBe(0);
    expect(one(`SELECT count(*) FROM topic_tasks`)).toBeGreaterThan(20);
    // a topic is evaluated only when every task demand was resolved or closed
    expect(
      one(`SELECT count(*) FROM topics t JOIN topic_tasks k ON k.topic_id = t.id JOIN demands d ON d.id = k.demand_id
                WHERE t.step = 'evaluated' AND (d.first_resolved_at IS NULL OR d.first_resolved_at > t.evaluated_at)`),
    ).toBe(0);
    expect(one(`SELECT count(*) FROM topics WHERE demand_id IS NOT NULL`)).toBeGreaterThan(0);
    db.close();
  });

  it('can be explored with the ordinary commands', async () => {
    const exploreEnv = { ...env, HONGWU_DB: file, HONGWU_COMMUNITY: 'lsgw' };
    const overdue = json<{ number: string; overdue: boolean }[]>(
      await cli(['list', '--status', 'overdue', '--json'], exploreEnv),
    );
    expect(overdue.length).toBeGreaterThan(0);
    expect(overdue.every((d) => d.overdue)).toBe(true);
    const shown = json(await cli(['show', overdue[0]!.number, '--json'], exploreEnv));
    expect(shown.events[0].type).toBe('intake');
    // A year of history is more than a table shows: it shows the latest, and says so.
    const closed = await cli(['list', '--status', 'closed'], exploreEnv);
    expect(closed.stderr).toBe('只显示最近 200 条；用 --limit、--csv 或 --json 查看更早的。\n');
    const all = json<{ number: string }[]>(await cli(['list', '--status', 'closed', '--json'], exploreEnv)).map(
      (d) => d.number,
    );
    const numbers = closed.stdout
      .split('\n')
      .filter((l) => /^│ \d{6}-\d{4} /.test(l))
      .map((l) => l.slice(2, 13));
    expect(numbers).toEqual(all.slice(-200));
    const queue = await cli(['list', '--status', 'all', '--lang', 'en'], exploreEnv);
    expect(queue.stderr).toBe('Showing the latest 200; use --limit, --csv or --json for earlier ones.\n');
  });

  it('refuses to overwrite a file without --yes, and replaces it with --yes', async () => {
    const before = digest(file);
    const refused = await cli(['demo', '--db', file], env);
    expect(refused).toEqual({
      code: 1,
      stdout: '',
      stderr: `hongwu: ${file} 已存在\n  加 --yes 覆盖它，或用 --db 换一个文件\n`,
    });
    expect(digest(file)).toBe(before);
    const replaced = await cli(['demo', '--db', file, '--yes'], { ...env, HONGWU_NOW: '2026-11-03T08:00:00+08:00' });
    expect(replaced.code).toBe(0);
    // Same seed, same month: the same database, whatever the day.
    expect(digest(file)).toBe(before);
    expect(fs.readdirSync(dir).filter((f) => f.includes('.tmp'))).toEqual([]);
  });

  it('never writes to the working database', async () => {
    const working = path.join(dir, 'working.db');
    const r = await cli(['demo', '--db', working], env);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      `hongwu: ${working} 是您的工作数据库，演示数据从不写入那里\n  不加 --db 则写入 ./hongwu-demo.db，或换一个文件名\n`,
    );
    expect(fs.existsSync(working)).toBe(false);
  });

  it('prints one JSON value with --json', async () => {
    const r = await cli(['demo', '--db', path.join(dir, 'j.db'), '--json'], env);
    const value = json(r);
    expect(value.first_month).toBe('2025-10');
    expect(value.last_month).toBe('2026-10');
    expect(value.counts.demands).toBeGreaterThan(3000);
  });
});

describe('hongwu demo, the real binary', () => {
  it('writes ./hongwu-demo.db in the current folder, ignoring HONGWU_DB', () => {
    const dir = tempDir('hongwu-demo-bin-');
    const env = baseEnv(path.join(dir, 'real', 'hongwu.db'));
    const r = spawnCli(['demo', '--lang', 'en'], env, { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Demo database written: ${path.join(fs.realpathSync(dir), 'hongwu-demo.db')}`);
    expect(r.stderr).toContain('HONGWU_DB=hongwu-demo.db hongwu list --community 蓝色港湾');
    expect(fs.existsSync(path.join(dir, 'hongwu-demo.db'))).toBe(true);
    expect(fs.existsSync(path.join(dir, 'real'))).toBe(false);
    // Last month's report, rolled up over the demo's communities.
    expect(r.stdout).toContain('All communities');
    expect(r.stdout).toContain('Demands received');
    const again = spawnCli(['demo'], env, { cwd: dir });
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('已存在');
  });
});
