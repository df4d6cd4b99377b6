import { describe, expect, it } from 'vitest';
import { initDb, spawnCli } from '../helpers/cli.js';
import { rows } from '../helpers/rows.js';

/**
 * Issue 14, item 11: an error about a hostile list of participants stays one line. (SQLite only:
 * the 8,000 names are looked up one query each, a round trip each on a server, past spawnCli's
 * 20 s on a loaded machine; see test/postgres-files.ts.)
 */
const count = async (db: string, table: string) =>
  (await rows<{ n: number }>(db, `SELECT count(*) AS n FROM ${table}`))[0]!.n;

describe('8,000 participants', () => {
  it('names the first 10 of 8,000 unknown participants and counts the rest', async () => {
    const { db, env } = await initDb();
    spawnCli(['team', 'add', '平安志愿队', '--kind', 'volunteer'], env);
    const names = Array.from({ length: 8000 }, (_, i) => `无名${i}`);
    const r = spawnCli(
      [
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
        names.join(','),
      ],
      env,
    );
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
});
