import { execFileSync } from 'node:child_process';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/db/connection.js';
import { keepMonths } from '../../src/db/report-months.repository.js';
import { cli, initDb, json } from '../helpers/cli.js';
import { afresh } from './afresh.js';

/**
 * The report's figures of finished months, kept (migration 0021): served again while nothing they
 * were computed from changes, and forgotten, from the write's date on, by every write that changes
 * one of them, whoever makes it. The oracle is the same report on a copy of the file with nothing
 * kept (computed from the rows, as the property tests check against a naive recount).
 */
const NOW = '2026-12-10T10:00:00+08:00';

type Env = Record<string, string | undefined>;

function kept(db: string): string[] {
  const raw = new Database(db, { readonly: true });
  try {
    return (
      raw.prepare('SELECT community_id, month, part FROM report_months ORDER BY 1, 2, 3').all() as {
        community_id: number;
        month: string;
        part: string;
      }[]
    ).map((r) => `${r.community_id} ${r.month} ${r.part}`);
  } finally {
    raw.close();
  }
}

function forgetAll(db: string): void {
  const raw = new Database(db);
  raw.exec('DELETE FROM report_months');
  raw.close();
}

const REPORTS = [
  ['report', '--month', '2026-10', '--format', 'md'],
  ['report', '--month', '2026-10', '--json'],
  ['--community', 'all', 'report', '--month', '2026-10', '--format', 'md'],
  ['report', '--month', '2026-09', '--format', 'md'],
];

/** Every report of REPORTS equals the same report computed afresh. */
async function expectAsAfresh(db: string, env: Env): Promise<void> {
  for (const args of REPORTS) {
    const r = await cli(args, env);
    expect(r.code).toBe(0);
    expect({ args, stdout: r.stdout }).toEqual({ args, stdout: (await afresh(db, args, env)).stdout });
  }
}

/** A community with demands, people, points, meetings, care and fees in September and October 2026. */
async function october(): Promise<{ db: string; env: Env }> {
  const { db, env: base } = await initDb({ HONGWU_NOW: NOW });
  const env = { ...base };
  const must = async (...args: string[]) => {
    const r = await cli(args, env);
    if (r.code !== 0) throw new Error(`${args.join(' ')}: ${r.stderr}`);
    return r;
  };
  await must('team', 'add', '志愿队', '--kind', 'volunteer');
  await must('points', 'item', 'add', '大米', '--cost', '5');
  await must('resident', 'add', '张三', '--phone', '13900000001', '--at', '2026-01-01');
  await must('resident', 'add', '李四', '--phone', '13900000002', '--at', '2026-01-01');
  await must('house', 'add', '3-2-501', '--area', '100', '--owner', '张三');
  await must('fee', 'rule', 'set', '--per-m2', '1.50', '--from', '2026-01-01');
  await must('fee', 'bill', '--period', '2026-09');
  const intake = async (at: string, kind = 'request') =>
    json(
      await must(
        'intake',
        '漏水',
        '--channel',
        'phone',
        '--category',
        'repair',
        '--kind',
        kind,
        '--resident',
        '张三',
        '--at',
        at,
        '--json',
      ),
    ).number as string;
  await intake('2026-09-03 09:00');
  const a = await intake('2026-10-05 09:00');
  const b = await intake('2026-10-06 09:00', 'dispute');
  await intake('2026-10-07 09:00', 'complaint');
  await must('assign', a, '--to', '志愿队', '--at', '2026-10-05 10:00');
  await must('resolve', b, '--note', '已调解', '--outcome', 'mediated', '--at', '2026-10-08 10:00');
  await must('points', 'earn', '李四', '20', '--reason', 'patrol', '--at', '2026-10-02');
  await must('meeting', 'new', '十月议事会', '--at', '2026-10-15 19:00');
  for (const args of REPORTS) await must(...args);
  return { db, env };
}

const OCTOBER_PARTS = ['month', 'overdue', 'trend', 'year_to_date'];

describe('the figures of finished months, kept', () => {
  it('are kept for finished months only, served again, and checked by doctor against a recount', async () => {
    const { db, env } = await october();
    const rows = kept(db);
    for (const scope of [0, 1]) {
      for (const part of OCTOBER_PARTS) expect(rows).toContain(`${scope} 2026-10 ${part}`);
    }
    expect(rows).toContain('1 2026-09 year_to_date');
    // The running month changes by itself: its figures are never kept.
    expect((await cli(['report', '--month', 'this', '--format', 'md'], env)).code).toBe(0);
    expect(kept(db).filter((r) => r.includes('2026-12'))).toEqual([]);
    await expectAsAfresh(db, env);

    // A row changed behind the triggers' back is what the report shows (it is served as kept)…
    const raw = new Database(db);
    const row = raw
      .prepare("SELECT figures FROM report_months WHERE community_id = 1 AND month = '2026-10' AND part = 'month'")
      .pluck()
      .get() as string;
    const tampered = JSON.parse(row);
    tampered.counts.demands_received = 99;
    raw
      .prepare("UPDATE report_months SET figures = ? WHERE community_id = 1 AND month = '2026-10' AND part = 'month'")
      .run(JSON.stringify(tampered));
    raw.close();
    const served = json(await cli(['report', '--month', '2026-10', '--json'], env));
    expect(served.rows.find((r: { metric: string }) => r.metric === 'demands_received').value).toBe(99);
    // …until doctor recounts it, says so and deletes it; the next report computes it again.
    const doctor = await cli(['doctor', '--json', '--lang', 'en'], env);
    expect(doctor.code).toBe(0);
    expect(json(doctor).checks.find((c: { check: string }) => c.check === 'report_months')).toEqual({
      check: 'report_months',
      status: 'warn',
      detail:
        '1 kept figure(s) of past months differ from a recount (community/month/part): 1/2026-10/month; deleted, ' +
        'the next report computes them again',
      hint: 'something wrote to the file past its triggers: please report this',
    });
    const again = json(await cli(['report', '--month', '2026-10', '--json'], env));
    expect(again.rows.find((r: { metric: string }) => r.metric === 'demands_received').value).toBe(3);
    const healthy = json(await cli(['doctor', '--json'], env));
    expect(healthy.checks.find((c: { check: string }) => c.check === 'report_months').status).toBe('ok');
  });

  it('are not served for a month that runs again under an earlier clock (HONGWU_NOW)', async () => {
    const { db, env } = await october();
    const earlier = { ...env, HONGWU_NOW: '2026-10-20T10:00:00+08:00' };
    for (const args of [
      ['report', '--month', 'this', '--format', 'md'],
      ['report', '--month', 'this', '--json'],
    ]) {
      const r = await cli(args, earlier);
      expect({ args, stdout: r.stdout }).toEqual({ args, stdout: (await afresh(db, args, earlier)).stdout });
    }
  });

  it('survive the live work of the desk, dated after them', async () => {
    const { db, env } = await october();
    const before = kept(db);
    for (const args of [
      ['intake', '路灯不亮', '--channel', 'phone', '--category', 'repair'],
      ['points', 'earn', '李四', '5', '--reason', 'cleanup'],
      ['care', '张三'],
      ['resident', 'tag', '李四', 'elderly'],
    ]) {
      expect((await cli(args, env)).code).toBe(0);
    }
    expect(kept(db)).toEqual(before);
    await expectAsAfresh(db, env);
  });

  it('are forgotten from the date of any write a figure reads, for the community and the roll-up', async () => {
    const { db, env } = await october();
    const writes: string[][] = [
      ['intake', '噪音', '--channel', 'online', '--category', 'noise', '--at', '2026-10-20 09:00'],
      ['assign', '202610-0003', '--to', '志愿队', '--at', '2026-10-21 09:00'],
      ['resolve', '202610-0001', '--note', '已修好', '--at', '2026-10-22 09:00'],
      ['rate', '202610-0001', 'unsatisfied', '--at', '2026-10-23 09:00'],
      ['pause', '202610-0001', '--reason', '等配件', '--at', '2026-10-24 09:00'],
      ['resume', '202610-0001', '--at', '2026-10-25 09:00'],
      ['resolve', '202610-0001', '--note', '再修', '--at', '2026-10-26 09:00'],
      ['visit', '202610-0001', 'unreachable', '--at', '2026-10-27 09:00'],
      // Cancelled now, in December: October's cohort loses it.
      ['cancel', '202610-0003', '--reason', '录错了'],
      ['points', 'earn', '张三', '10', '--reason', 'patrol', '--at', '2026-10-20'],
      ['points', 'redeem', '张三', '大米', '--at', '2026-10-21'],
      [
        'points',
        'activity',
        '清扫',
        '--team',
        '志愿队',
        '--reason',
        'cleanup',
        '--points',
        '3',
        '--participants',
        '李四',
        '--at',
        '2026-10-22',
      ],
      ['resident', 'tag', '李四', 'disabled', '--at', '2026-10-20'],
      ['care', '李四', '--service', 'health', '--at', '2026-10-21'],
      ['meeting', 'new', '临时议事会', '--at', '2026-10-28 19:00'],
      ['fee', 'pay', '3-2-501', '50', '--at', '2026-10-29'],
    ];
    for (const args of writes) {
      const r = await cli(args, env);
      expect({ args, code: r.code, stderr: r.stderr }).toMatchObject({ args, code: 0 });
      const rows = kept(db);
      expect({ args, october: rows.filter((k) => k.includes('2026-10')) }).toEqual({ args, october: [] });
      // September ended before the write: its figures stay.
      expect({ args, september: rows.includes('1 2026-09 year_to_date') }).toEqual({ args, september: true });
      await expectAsAfresh(db, env);
    }
  });

  it('are forgotten by a hand-typed UPDATE as by hongwu, and entirely by a change of the time zone', async () => {
    const { db, env } = await october();
    const raw = new Database(db);
    raw.exec("UPDATE demands SET kind = 'suggestion' WHERE number = '202610-0001'");
    expect(kept(db).filter((k) => k.includes('2026-10'))).toEqual([]);
    expect(kept(db)).toContain('1 2026-09 month');
    raw.exec("UPDATE settings SET value = 'Asia/Urumqi' WHERE key = 'timezone'");
    raw.close();
    expect(kept(db)).toEqual([]);
  });

  it('are not written where the file cannot be, and the report is the same', async () => {
    const { db, env } = await october();
    forgetAll(db);
    const expected = (await afresh(db, REPORTS[0]!, env)).stdout;
    execFileSync('chattr', ['+i', db]);
    try {
      const r = await cli(REPORTS[0]!, env);
      expect({ code: r.code, stdout: r.stdout, stderr: r.stderr }).toEqual({ code: 0, stdout: expected, stderr: '' });
    } finally {
      execFileSync('chattr', ['-i', db]);
    }
    expect(kept(db)).toEqual([]);
  });

  it('are not written when someone wrote since the report began reading', async () => {
    const { db } = await october();
    forgetAll(db);
    const store = openStore(db, { create: false });
    const row = { community_id: 1, month: '2026-10', part: 'month' as const, ends_at: 'x', figures: '{}' };
    try {
      store.raw.exec('BEGIN DEFERRED');
      store.raw.prepare('SELECT count(*) FROM demands').get();
      const other = new Database(db);
      other.exec("UPDATE demands SET summary = '漏水了' WHERE number = '202610-0001'");
      other.close();
      expect(await keepMonths(store, [row])).toBe(false);
      store.raw.exec('COMMIT');
      store.raw.exec('BEGIN DEFERRED');
      store.raw.prepare('SELECT count(*) FROM demands').get();
      expect(await keepMonths(store, [row])).toBe(true);
      store.raw.exec('COMMIT');
    } finally {
      await store.close();
    }
    expect(kept(db)).toEqual(['1 2026-10 month']);
  });
});
