import { describe, expect, it } from 'vitest';
import { cli, initDb, json } from '../helpers/cli.js';
import { rows } from '../helpers/rows.js';

/**
 * The triggers that forget the report's kept months (migration 0021), on both engines (PostgreSQL has
 * its own PL/pgSQL version): rows kept for September and October 2026, of the community and of the
 * roll-up, then writes dated in October (or, for a cancellation, of an October demand): October's
 * rows go, September's stay; a report serves a kept row as it is; a settings change forgets all.
 */
const NOW = '2026-12-10T10:00:00+08:00';
/** The instants the local months end (Asia/Shanghai), as `report` stores them. */
const ENDS = { '2026-09': '2026-09-30T16:00:00.000Z', '2026-10': '2026-10-31T16:00:00.000Z' };

/** Nothing kept but a chart point of September and of October, for the community and the roll-up. */
async function keepBoth(db: string, figures: string): Promise<void> {
  await rows(db, 'DELETE FROM report_months');
  for (const scope of [0, 1]) {
    for (const [month, ends] of Object.entries(ENDS)) {
      await rows(db, 'INSERT INTO report_months (community_id, month, part, ends_at, figures) VALUES (?, ?, ?, ?, ?)', [
        scope,
        month,
        'trend',
        ends,
        figures,
      ]);
    }
  }
}

const keptNow = async (db: string) =>
  (
    await rows<{ community_id: number; month: string }>(
      db,
      'SELECT community_id, month FROM report_months ORDER BY community_id, month',
    )
  ).map((r) => `${Number(r.community_id)} ${r.month}`);

describe('the triggers that forget kept report months', () => {
  it('forget from the write’s date on, for the community and the roll-up, on either engine', async () => {
    const { db, env } = await initDb({ HONGWU_NOW: NOW });
    const must = async (...args: string[]) => {
      const r = await cli(args, env);
      expect({ args, code: r.code, error: r.stderr.includes('hongwu:') }).toEqual({ args, code: 0, error: false });
      return r;
    };
    await must('team', 'add', '志愿队', '--kind', 'volunteer');
    await must('resident', 'add', '张三', '--phone', '13900000001', '--at', '2026-01-01');
    const number = json(
      await must('intake', '漏水', '--channel', 'phone', '--category', 'repair', '--at', '2026-10-05', '--json'),
    ).number as string;

    // A kept chart point is what the Markdown shows for its month (it is not computed again).
    await keepBoth(db, JSON.stringify({ received: 7, ratings: 0, satisfied: 0 }));
    const md = (await must('report', '--month', '2026-10', '--format', 'md')).stdout;
    expect(md).toContain('| 2026-09 | 7 | — |');
    expect(md).toContain('| 2026-10 | 7 | — |');

    const writes: string[][] = [
      ['intake', '噪音', '--channel', 'phone', '--category', 'noise', '--at', '2026-10-20'],
      ['assign', number, '--to', '志愿队', '--at', '2026-10-21'],
      ['points', 'earn', '张三', '5', '--reason', 'patrol', '--at', '2026-10-22'],
      ['resident', 'tag', '张三', 'elderly', '--at', '2026-10-23'],
      ['care', '张三', '--at', '2026-10-24'],
      ['meeting', 'new', '议事会', '--at', '2026-10-25'],
      ['cancel', number, '--reason', '录错了'],
    ];
    for (const args of writes) {
      await keepBoth(db, '{}');
      await must(...args);
      expect({ args, kept: await keptNow(db) }).toEqual({ args, kept: ['0 2026-09', '1 2026-09'] });
    }
    // Live work, dated now, forgets nothing.
    await keepBoth(db, '{}');
    await must('intake', '路灯', '--channel', 'phone', '--category', 'repair');
    expect(await keptNow(db)).toEqual(['0 2026-09', '0 2026-10', '1 2026-09', '1 2026-10']);
    // The time zone moves every month's bounds.
    await rows(db, 'UPDATE settings SET value = ? WHERE key = ?', ['Asia/Shanghai', 'timezone']);
    expect(await keptNow(db)).toEqual([]);
  });
});
