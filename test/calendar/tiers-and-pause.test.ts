import { describe, expect, it } from 'vitest';
import { cli, initDb, json, spawnCli } from '../helpers/cli.js';

const SEPT_30 = '2026-09-30T10:00:00+08:00';
const PROPERTY = '蓝色港湾物业服务企业';

/** A database whose one community resolves timed demands in 5 working days. */
async function workingDayDb(now = SEPT_30) {
  const { db, env } = await initDb({ HONGWU_NOW: now });
  const set = await cli(['community', 'set', 'lsgw', '--timed-resolve', '5wd', '--major-respond', '1wd'], env);
  expect(set.code).toBe(0);
  return { db, env };
}

describe('tier durations per community (SPEC §9)', () => {
  it('community set/show: 5wd, 1wd, the defaults kept, and max_points stored', async () => {
    const { env } = await workingDayDb();
    const r = await cli(['community', 'set', 'lsgw', '--max-points', '500'], env);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('新时限只用于此后受理的诉求；已有诉求的期限不变。\n');
    const shown = json(await cli(['community', 'show', 'lsgw', '--json'], env));
    expect(shown.tiers).toEqual({
      immediate_respond: '2h',
      immediate_resolve: null,
      timed_respond: '24h',
      timed_resolve: '5wd',
      major_respond: '1wd',
    });
    expect(shown.own).toEqual(['timed_resolve', 'major_respond']);
    expect(shown.max_points).toBe(500);
    const table = await cli(['community', 'show', '蓝色港湾'], env);
    expect(table.stdout).toContain('  限时结 办结：5wd\n');
    expect(table.stdout).toContain('  限时结 响应：24h（默认）\n');
  });

  it('refuses a duration it cannot read, and a set with nothing to set (exit 2)', async () => {
    const { env } = await initDb();
    const bad = await cli(['community', 'set', 'lsgw', '--timed-resolve', '5 days', '--lang', 'en'], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(
      '--timed-resolve: "5 days" is not a duration: write 2h (hours), 7d (calendar days) or 5wd (working days)',
    );
    const none = await cli(['community', 'set', 'lsgw'], env);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/^hongwu: 没有要修改的设置/);
  });

  it(
    'a timed demand taken 2026-09-30 10:00 with 5wd is due ' + '2026-10-13 23:59:59.999+08:00 (through the binary)',
    async () => {
      const { env } = await workingDayDb();
      const r = spawnCli(['intake', '电梯异响', '--channel', 'phone', '--category', 'repair', '--json'], env);
      expect(r.code).toBe(0);
      expect(r.stderr).toBe('');
      const d = JSON.parse(r.stdout);
      expect(d.resolve_due_at).toBe('2026-10-13T23:59:59.999+08:00');
      expect(d.response_due_at).toBe('2026-10-01T10:00:00+08:00');
      expect(d.paused).toBe(false);
      // Part one's default stays for a community that set nothing.
      const other = await initDb({ HONGWU_NOW: SEPT_30 });
      const plain = json(
        await cli(['intake', '电梯异响', '--channel', 'phone', '--category', 'repair', '--json'], other.env),
      );
      expect(plain.resolve_due_at).toBe('2026-10-07T10:00:00+08:00');
    },
  );

  it('intake says on stderr when working days were counted in a year the calendar does not know', async () => {
    const { env } = await workingDayDb('2026-12-29T10:00:00+08:00');
    const r = await cli(['intake', '路灯不亮', '--channel', 'phone', '--category', 'repair', '--json'], env);
    expect(json(r).resolve_due_at).toBe('2027-01-05T23:59:59.999+08:00');
    expect(r.stderr).toBe(
      '注意：日历里还没有 2027 年的节假日，期限只按周末计算；导入后：hongwu calendar import <文件>\n',
    );
  });

  it('a later calendar change never moves a stored deadline: a past month reads byte for byte the same', async () => {
    const { env } = await workingDayDb();
    await cli(['intake', '电梯异响', '--channel', 'phone', '--category', 'repair', '--at', '2026-09-30 10:00'], env);
    await cli(
      ['intake', '楼道堆物', '--channel', 'walk_in', '--category', 'environment', '--at', '2026-09-30 11:00'],
      env,
    );
    const later = { ...env, HONGWU_NOW: '2026-11-05T10:00:00+08:00' };
    const before = await cli(['report', '--month', '2026-09', '--format', 'csv'], later);
    const listed = await cli(['list', '--status', 'all', '--json'], later);
    const set = await cli(['calendar', 'set', '2026-10-08', 'holiday', '--name', '社区停水'], later);
    expect(set.code).toBe(0);
    const after = await cli(['report', '--month', '2026-09', '--format', 'csv'], later);
    expect(after.stdout).toBe(before.stdout);
    expect((await cli(['list', '--status', 'all', '--json'], later)).stdout).toBe(listed.stdout);
    // A new intake counts with it: 8 Oct is now a day off.
    const next = json(
      await cli(
        ['intake', '路灯', '--channel', 'phone', '--category', 'repair', '--at', '2026-09-30 12:00', '--json'],
        later,
      ),
    );
    expect(next.resolve_due_at).toBe('2026-10-14T23:59:59.999+08:00');
  });
});

describe('pausing the clock (SPEC §9)', () => {
  async function pausedDemand() {
    const { env } = await workingDayDb();
    await cli(['intake', '电梯异响', '--channel', 'phone', '--category', 'repair'], env);
    const later = { ...env, HONGWU_NOW: '2026-10-20T10:00:00+08:00' };
    const r = await cli(['pause', '202609-0001', '--reason', '等待配件', '--at', '2026-10-09 09:00'], later);
    expect(r.code).toBe(0);
    return later;
  }

  it('a paused demand keeps its status, shows paused and 挂起中, and is not overdue', async () => {
    const env = await pausedDemand();
    const d = json(await cli(['show', '202609-0001', '--json'], env));
    expect(d).toMatchObject({
      status: 'open',
      paused: true,
      overdue: false,
      resolve_due_at: '2026-10-13T23:59:59.999+08:00',
    });
    expect(d.events.map((e: { type: string; note: string | null }) => [e.type, e.note])).toEqual([
      ['intake', null],
      ['pause', '等待配件'],
    ]);
    expect(json(await cli(['list', '--status', 'overdue', '--json'], env))).toEqual([]);
    const paused = await cli(['list', '--status', '挂起'], env);
    expect(paused.stdout).toContain('待分派 · 挂起中');
    const report = json(
      await cli(['report', '--month', '2026-10', '--json'], { ...env, HONGWU_NOW: '2026-11-02T10:00:00+08:00' }),
    );
    const totals = Object.fromEntries(
      report.rows.filter((r: any) => !r.breakdown).map((r: any) => [r.metric, r.value]),
    );
    expect([totals.paused, totals.open_overdue]).toEqual([1, 0]);
    // As of September's end it was not paused yet.
    const september = json(await cli(['report', '--month', '2026-09', '--json'], env));
    expect(september.rows.find((r: any) => r.metric === 'paused' && !r.breakdown).value).toBe(0);
  });

  it('resume moves a wd deadline by the working days paused, shown in the history', async () => {
    const env = await pausedDemand();
    // Paused Fri 9 Oct, resumed Wed 14 Oct: Sat 10 (调休), Mon 12, Tue 13, Wed 14 are 4 working days.
    const r = await cli(['resume', '202609-0001', '--at', '2026-10-14 09:00'], env);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^已恢复 202609-0001，办结期限顺延至 2026-10-19 23:59\n/);
    const d = json(await cli(['show', '202609-0001', '--json'], env));
    expect(d).toMatchObject({ paused: false, resolve_due_at: '2026-10-19T23:59:59.999+08:00' });
    expect(d.events.at(-1)).toMatchObject({ type: 'resume', due_at: '2026-10-19T23:59:59.999+08:00' });
    expect((await cli(['show', '202609-0001'], env)).stdout).toContain('办结期限 2026-10-13 23:59 → 2026-10-19 23:59');
  });

  it('a deadline in wall time moves by the wall time paused', async () => {
    const { env } = await initDb({ HONGWU_NOW: SEPT_30 });
    await cli(['intake', '电梯异响', '--channel', 'phone', '--category', 'repair'], env);
    const later = { ...env, HONGWU_NOW: '2026-10-20T10:00:00+08:00' };
    await cli(['pause', '202609-0001', '--reason', '等待居民', '--at', '2026-10-01 10:00'], later);
    const d = json(await cli(['resume', '202609-0001', '--at', '2026-10-03 16:30', '--json'], later));
    expect(d.resolve_due_at).toBe('2026-10-09T16:30:00+08:00');
  });

  it(
    'resolve of a paused demand resumes its clock at the ' + 'same instant, then resolves, saying so on stderr',
    async () => {
      const env = await pausedDemand();
      // Paused Fri 9 Oct, resolved Wed 14 Oct: the deadline moves as resume moves it (4 working days).
      const r = spawnCli(['resolve', '202609-0001', '--note', '配件到了，已修好', '--at', '2026-10-14 09:00'], env);
      expect(r.code).toBe(0);
      expect(r.stdout.split('\n')[0]).toBe('已办结 202609-0001');
      expect(r.stderr.split('\n')[0]).toBe('202609-0001 原为挂起，已同时恢复计时（办结期限顺延至 2026-10-19 23:59）');
      const d = json(spawnCli(['show', '202609-0001', '--json'], env));
      expect(d).toMatchObject({
        status: 'resolved',
        paused: false,
        resolved_at: '2026-10-14T09:00:00+08:00',
        resolve_due_at: '2026-10-19T23:59:59.999+08:00',
        overdue: false,
      });
      expect(d.events.map((e: { type: string; at: string }) => [e.type, e.at]).slice(-3)).toEqual([
        ['pause', '2026-10-09T09:00:00+08:00'],
        ['resume', '2026-10-14T09:00:00+08:00'],
        ['resolve', '2026-10-14T09:00:00+08:00'],
      ]);
      expect(d.events.at(-2)).toMatchObject({ due_at: '2026-10-19T23:59:59.999+08:00' });
      expect(spawnCli(['doctor'], env).stdout).toContain('状态与办理记录一致');
    },
  );

  it('cancel of a paused demand resumes it too (English, JSON); a refused resolve changes nothing', async () => {
    const env = await pausedDemand();
    const empty = spawnCli(['resolve', '202609-0001', '--note', ' ', '--at', '2026-10-14 09:00'], env);
    expect(empty.code).toBe(2);
    expect(json(spawnCli(['show', '202609-0001', '--json'], env))).toMatchObject({
      paused: true,
      resolve_due_at: '2026-10-13T23:59:59.999+08:00',
    });
    const r = spawnCli(
      ['cancel', '202609-0001', '--reason', '重复登记', '--at', '2026-10-14 09:00', '--lang', 'en', '--json'],
      env,
    );
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(
      '202609-0001 was paused: its clock was resumed at the same time (resolve by 2026-10-19 23:59)\n',
    );
    expect(json(r)).toMatchObject({
      status: 'cancelled',
      paused: false,
      resolve_due_at: '2026-10-19T23:59:59.999+08:00',
    });
    const events = json(spawnCli(['show', '202609-0001', '--json'], env)).events.map((e: { type: string }) => e.type);
    expect(events).toEqual(['intake', 'pause', 'resume', 'cancel']);
  });

  it('wrong states exit 1 naming the next step', async () => {
    const env = await pausedDemand();
    const again = await cli(['pause', '202609-0001', '--reason', 'x'], env);
    expect([again.code, again.stderr]).toEqual([
      1,
      'hongwu: 诉求 202609-0001 已挂起\n  202609-0001 的下一步：恢复（hongwu resume 202609-0001）\n',
    ]);
    await cli(['resume', '202609-0001'], env);
    const notPaused = await cli(['resume', '202609-0001'], env);
    expect(notPaused.code).toBe(1);
    expect(notPaused.stderr).toMatch(/^hongwu: 诉求 202609-0001 没有挂起，无需恢复\n/);
    await cli(['resolve', '202609-0001', '--note', '已修好'], env);
    const closed = await cli(['pause', '202609-0001', '--reason', 'x', '--lang', 'en'], env);
    expect([closed.code, closed.stderr]).toEqual([
      1,
      'hongwu: demand 202609-0001 is resolved; only an open or assigned demand can be paused\n  next step for ' +
        '202609-0001: rate it (hongwu rate)\n',
    ]);
  });

  it('pause without --reason and no TTY fails at once (exit 2), changing nothing', async () => {
    const { env } = await initDb();
    await cli(['intake', '电梯异响', '--channel', 'phone', '--category', 'repair'], env);
    await cli(['assign', '202611-0001', '--to', PROPERTY], env);
    const r = await cli(['pause', '202611-0001'], env);
    expect(r.code).toBe(2);
    expect(json(await cli(['show', '202611-0001', '--json'], env)).paused).toBe(false);
  });
});
