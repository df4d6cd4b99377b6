import { describe, expect, it } from 'vitest';
import { cli, initDb, json, spawnCli } from '../helpers/cli.js';

type ReportJson = { rows: { metric: string; breakdown: string | null; value: number | null }[] };
const metricsOf = (report: ReportJson) =>
  Object.fromEntries(report.rows.filter((r) => r.breakdown === null).map((r) => [r.metric, r.value]));

/** Three demands of October, resolved; their return visits (回访) go three ways. */
async function octoberResolved() {
  const { db, env } = await initDb();
  const at = (now: string) => ({ ...env, HONGWU_NOW: now });
  for (const summary of ['楼道灯坏了', '水管漏水', '垃圾未清运']) {
    await cli(['intake', summary, '--channel', 'phone', '--category', 'repair'], at('2026-10-10T09:00:00+08:00'));
  }
  for (const n of ['202610-0001', '202610-0002', '202610-0003']) {
    await cli(['resolve', n, '--note', '已处理'], at('2026-10-12T09:00:00+08:00'));
  }
  return { db, env, at };
}

describe('hongwu visit: a return visit that reached no rating', () => {
  it('records an unreachable resident; the demand stays resolved and due for a visit', async () => {
    const { env, at } = await octoberResolved();
    const r = spawnCli(
      ['visit', '202610-0001', 'unreachable', '--note', '上午打了两次', '--at', '2026-10-13 10:00'],
      at('2026-10-14T09:00:00+08:00'),
    );
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe('202610-0001 回访未接通，已记录（第 1 次）');
    expect(r.stdout).toContain('回访      2026-10-13 10:00 未接通 · 上午打了两次\n');
    expect(r.stderr).toBe(
      '仍待回访：联系上后 hongwu rate 202610-0001 满意|基本满意|不满意；不再回访用 hongwu visit 202610-0001 unreachable --final\n',
    );
    const shown = json(await cli(['show', '202610-0001', '--json'], env));
    expect(shown).toMatchObject({ status: 'resolved', rating: null });
    expect(shown.visits).toEqual([
      {
        at: '2026-10-13T10:00:00+08:00',
        outcome: 'unreachable',
        note: '上午打了两次',
        operator: 'tester',
        final: false,
      },
    ]);
  });

  it('closes a demand unrated with --final (status closed, rating null); it can then not be rated', async () => {
    const { env, at } = await octoberResolved();
    const closed = json(
      spawnCli(['visit', '202610-0002', '拒绝评价', '--final', '--json'], at('2026-10-15T09:00:00+08:00')),
    );
    expect(closed).toMatchObject({ number: '202610-0002', status: 'closed', rating: null });
    expect(closed.visits).toEqual([
      { at: '2026-10-15T09:00:00+08:00', outcome: 'declined', note: null, operator: 'tester', final: true },
    ]);
    const rate = spawnCli(['rate', '202610-0002', 'satisfied'], env);
    expect(rate.code).toBe(1);
    expect(rate.stderr.split('\n')[0]).toBe('hongwu: 诉求 202610-0002 当前已评价，不能评价');
    // doctor: a demand closed by a final visit is where its history leaves it
    expect(spawnCli(['doctor'], env).stdout).toContain('状态与办理记录一致');
  });

  it('lists a rating as the visit that reached the resident', async () => {
    const { env, at } = await octoberResolved();
    await cli(['visit', '202610-0003', 'unreachable'], at('2026-10-13T09:00:00+08:00'));
    await cli(['rate', '202610-0003', 'satisfied', '--comment', '很满意'], at('2026-10-14T09:00:00+08:00'));
    const visits = json(await cli(['show', '202610-0003', '--json'], env)).visits;
    expect(visits.map((v: { outcome: string; note: string | null }) => [v.outcome, v.note])).toEqual([
      ['unreachable', null],
      ['reached', '很满意'],
    ]);
  });

  it(
    'refuses a visit to a demand not resolved (exit 1), an ' + 'unknown outcome (exit 2) and a time before the resolve',
    async () => {
      const { env, at } = await octoberResolved();
      await cli(['intake', '新诉求', '--channel', 'phone', '--category', 'repair'], env);
      const open = await cli(['visit', '202611-0001', 'unreachable'], env);
      expect(open).toEqual({
        code: 1,
        stdout: '',
        stderr:
          'hongwu: 诉求 202611-0001 当前待分派，不能回访\n  202611-0001 的下一步：分派（hongwu assign）、当场办结（hongwu resolve）' +
          '或撤销（hongwu cancel）\n',
      });
      const bad = await cli(['visit', '202610-0001', 'busy'], env);
      expect(bad.code).toBe(2);
      expect(bad.stderr.split('\n')[0]).toContain('busy');
      const early = await cli(
        ['visit', '202610-0001', 'unreachable', '--at', '2026-10-11'],
        at('2026-10-14T09:00:00+08:00'),
      );
      expect(early.code).toBe(2);
      expect(early.stderr.split('\n')[0]).toBe(
        'hongwu: --at 2026-10-11 00:00:00 早于该诉求的最近一次办理（2026-10-12 09:00:00）',
      );
      expect(json(await cli(['show', '202610-0001', '--json'], env)).visits).toEqual([]);
    },
  );

  it('counts return visits in the report; unreachable and declined never count as ratings', async () => {
    const { env, at } = await octoberResolved();
    await cli(['visit', '202610-0001', 'unreachable'], at('2026-10-13T09:00:00+08:00'));
    await cli(['visit', '202610-0002', 'declined', '--final'], at('2026-10-13T09:00:00+08:00'));
    await cli(['rate', '202610-0003', 'unsatisfied', '--final'], at('2026-10-13T09:00:00+08:00'));
    // A visit after the month's end does not change October.
    await cli(['rate', '202610-0001', 'satisfied'], at('2026-11-02T09:00:00+08:00'));
    const october = metricsOf(json(await cli(['report', '--month', '2026-10', '--json'], env)));
    expect(october).toMatchObject({
      return_visits_due: 1,
      return_visit_rate: 100,
      ratings: 1,
      ratings_unsatisfied: 1,
      satisfaction_rate: 0,
    });
    await cli(['intake', '又一件', '--channel', 'phone', '--category', 'repair'], at('2026-10-20T09:00:00+08:00'));
    await cli(['resolve', '202610-0004', '--note', '已处理'], at('2026-10-21T09:00:00+08:00'));
    expect(metricsOf(json(await cli(['report', '--month', '2026-10', '--json'], env)))).toMatchObject({
      return_visits_due: 2,
      return_visit_rate: 75,
    });
  });
});
