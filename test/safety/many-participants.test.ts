import { describe, expect, it } from 'vitest';
import { initDb, json, spawnCli } from '../helpers/cli.js';
import { rows } from '../helpers/rows.js';

/**
 * Issue 14, item 11: an error about a hostile list of participants stays one line. Issue 22: the
 * names are looked up a thousand a query and the entries written a thousand a statement, so that
 * thousands of participants take seconds on a server too (a query each took > 20 s for 8,000).
 */
const count = async (db: string, table: string) =>
  (await rows<{ n: number }>(db, `SELECT count(*) AS n FROM ${table}`))[0]!.n;

const activity = (participants: string[]) => [
  'points',
  'activity',
  '巡逻',
  '--team',
  '平安志愿队',
  '--reason',
  'patrol',
  '--points',
  '5',
  '--participants',
  participants.join(','),
];

describe('8,000 participants', () => {
  it('names the first 10 of 8,000 unknown participants and counts the rest', async () => {
    const { db, env } = await initDb();
    spawnCli(['team', 'add', '平安志愿队', '--kind', 'volunteer'], env);
    const names = Array.from({ length: 8000 }, (_, i) => `无名${i}`);
    const r = spawnCli(activity(names), env);
    expect(r.code).toBe(1);
    const [line, hint] = r.stderr.split('\n');
    expect(line).toBe(
      `hongwu: 8000 名参与者中有 8000 名无法确认：${names
        .slice(0, 10)
        .map((n) => `${n}（查无此人）`)
        .join('；')}；另有 7990 名未列出`,
    );
    expect(hint).toBe('  未作任何记录；请用编号或电话指定居民，新居民先用 hongwu resident add 登记');
    expect(r.stderr.length).toBeLessThan(1000);
    expect(await count(db, 'ledger')).toBe(0);
  });

  it('credits 2,500 participants named by name, phone (as typed) or id, each once', async () => {
    const { db, env } = await initDb();
    spawnCli(['team', 'add', '平安志愿队', '--kind', 'volunteer'], env);
    // 2,500 residents written straight into the database: `resident add` one by one would take minutes.
    await rows(
      db,
      `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2500)
       INSERT INTO residents (id, community_id, name, phone, created_at)
       SELECT i, 1, '居民' || i, '139' || (10000000 + i), '2026-11-01T00:00:00.000Z' FROM n`,
    );
    // By name, a mobile number typed with a country code and spaces, and `#id` (SPEC §12).
    const names = Array.from({ length: 2500 }, (_, k) => {
      const i = k + 1;
      if (i % 3 === 1) return `居民${i}`;
      const digits = String(10000000 + i);
      if (i % 3 === 2) return `+86 139 ${digits.slice(0, 4)} ${digits.slice(4)}`;
      return `#${i}`;
    });
    const out = json(spawnCli([...activity(names), '--json'], env));
    expect(out.entries).toHaveLength(2500);
    const credited = await rows<{ resident_id: number; delta: number }>(
      db,
      'SELECT resident_id, delta FROM ledger ORDER BY resident_id',
    );
    expect(credited.map((e) => e.resident_id)).toEqual(Array.from({ length: 2500 }, (_, k) => k + 1));
    expect(credited.every((e) => e.delta === 5)).toBe(true);
    const ids = await rows<{ id: number }>(db, 'SELECT id FROM ledger ORDER BY id');
    expect(ids.map((e) => e.id)).toEqual(Array.from({ length: 2500 }, (_, k) => k + 1));
  });

  it('refuses a participant listed twice among thousands, by another of their names, writing nothing', async () => {
    const { db, env } = await initDb();
    spawnCli(['team', 'add', '平安志愿队', '--kind', 'volunteer'], env);
    await rows(
      db,
      `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1500)
       INSERT INTO residents (id, community_id, name, phone, created_at)
       SELECT i, 1, '居民' || i, NULL, '2026-11-01T00:00:00.000Z' FROM n`,
    );
    const names = [...Array.from({ length: 1500 }, (_, k) => `居民${k + 1}`), '#1234'];
    const r = spawnCli([...activity(names), '--lang', 'en'], env);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('居民1234 (#1234) is listed twice');
    expect(r.stderr).toContain('(居民1234, #1234)');
    expect(await count(db, 'ledger')).toBe(0);
  });
});
