import { describe, expect, it } from 'vitest';
import { cli, initDb, json, spawnCli } from '../helpers/cli.js';

type ReportJson = { rows: { metric: string; breakdown: string | null; value: number | null }[] };
const metricsOf = (report: ReportJson) =>
  Object.fromEntries(report.rows.filter((r) => r.breakdown === null).map((r) => [r.metric, r.value]));

async function archive() {
  const { db, env } = await initDb();
  const at = (now: string) => ({ ...env, HONGWU_NOW: now });
  await cli(
    ['resident', 'add', '王秀英', '--phone', '13800000001', '--tag', 'elderly_alone', '--at', '2026-10-01'],
    env,
  );
  await cli(['resident', 'add', '张三', '--phone', '13800000002', '--tag', 'volunteer', '--at', '2026-10-01'], env);
  await cli(['team', 'add', '志愿服务队', '--kind', 'volunteer'], env);
  return { db, env, at };
}

describe("hongwu care: a service in a special-group resident's archive", () => {
  it('records a delivery and credits the visiting volunteer in the same transaction', async () => {
    const { env } = await archive();
    const r = spawnCli(
      [
        'care',
        '王秀英',
        '--service',
        '送水送物',
        '--by',
        '张三',
        '--points',
        '5',
        '--note',
        '两桶水',
        '--at',
        '2026-11-20 15:00',
      ],
      env,
    );
    expect(r).toEqual({
      code: 0,
      stderr: '',
      stdout: '已登记关爱服务 #1：王秀英 · 送水送物 · 2026-11-20 15:00，张三，记 5 积分（流水 #1）\n',
    });
    const entries = json(await cli(['points', 'ledger', '张三', '--json'], env));
    expect(entries).toMatchObject([
      { entry: 1, resident: '张三', delta: 5, reason: 'service', at: '2026-11-20T15:00:00+08:00' },
    ]);
    const shown = json(await cli(['resident', 'show', '王秀英', '--json'], env));
    expect(shown.care_recent).toEqual([
      {
        id: 1,
        resident: '王秀英',
        service: 'delivery',
        note: '两桶水',
        by: '张三',
        points: 5,
        entry: 1,
        at: '2026-11-20T15:00:00+08:00',
        operator: 'tester',
      },
    ]);
    expect((await cli(['resident', 'show', '王秀英'], env)).stdout).toContain(
      '│ 2026-11-20 15:00 │ 送水送物 │ 张三   │ 两桶水 │',
    );
  });

  it('takes a visit by default, from a team; points need a resident volunteer (exit 2, nothing recorded)', async () => {
    const { env } = await archive();
    expect((await cli(['care', '王秀英', '--by', '志愿服务队', '--json'], env)).stdout).toContain('"service": "visit"');
    const refused = await cli(['care', '王秀英', '--by', '志愿服务队', '--points', '5'], env);
    expect(refused).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'hongwu: --points 要记给上门服务的志愿者：请用 --by <居民>\n  队伍的活动积分请用 hongwu points activity\n',
    });
    expect(json(await cli(['resident', 'show', '王秀英', '--json'], env)).care_recent).toHaveLength(1);
    expect((await cli(['care', '王秀英', '--service', 'massage'], env)).code).toBe(2);
    expect((await cli(['care', '王大妈'], env)).code).toBe(1);
  });

  it('warns when the resident is in no special group, and keeps the service', async () => {
    const { env } = await archive();
    const r = await cli(['care', '张三', '--service', 'errand'], env);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(
      '注意：张三 不在特殊群体档案中；需要定期走访请先 hongwu resident tag 2 <elderly_alone|elderly|disabled|left_behind_child>\n',
    );
  });

  it("makes a visit due again after the group's interval (独居老人 7 days)", async () => {
    const { env, at } = await archive();
    await cli(['care', '王秀英'], at('2026-11-20T10:00:00+08:00'));
    const dueOn = async (now: string) =>
      json(await cli(['today', '--json'], at(now))).sections.find(
        (s: { section: string }) => s.section === 'care_visits',
      );
    expect((await dueOn('2026-11-26T10:00:00+08:00')).count).toBe(0);
    expect((await dueOn('2026-11-27T10:00:00+08:00')).rows).toEqual([
      {
        ref: '王秀英',
        summary: '',
        at: '2026-11-27T10:00:00+08:00',
        detail: '独居老人',
        command: 'hongwu care 1 --service visit',
      },
    ]);
  });

  it("takes a community's own intervals from community set --care-interval", async () => {
    const { env, at } = await archive();
    const set = spawnCli(
      ['community', 'set', '蓝色港湾', '--care-interval', '独居老人=3d', '--care-interval', 'elderly=14d', '--json'],
      env,
    );
    expect(set.code).toBe(0);
    expect(JSON.parse(set.stdout).care_intervals).toEqual({
      elderly_alone: '3d',
      elderly: '14d',
      disabled: '30d',
      left_behind_child: '30d',
    });
    await cli(['care', '王秀英'], at('2026-11-20T10:00:00+08:00'));
    const due = json(await cli(['today', '--json'], at('2026-11-23T10:00:00+08:00'))).sections[4];
    expect(due.rows.map((r: { ref: string; at: string }) => [r.ref, r.at])).toEqual([
      ['王秀英', '2026-11-23T10:00:00+08:00'],
    ]);
    const bad = await cli(['community', 'set', '蓝色港湾', '--care-interval', 'elderly_alone=3'], env);
    expect(bad).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'hongwu: “elderly_alone=3”不是特殊群体的走访间隔\n  写成 <群体>=<天数>d，如 elderly_alone=7d；群体：' +
        'elderly_alone|elderly|disabled|left_behind_child\n',
    });
  });

  it('counts care services in the report: care_visits by service, and in care_services', async () => {
    const { env, at } = await archive();
    await cli(['intake', '助浴', '--channel', 'phone', '--category', 'care'], at('2026-11-05T09:00:00+08:00'));
    await cli(['care', '王秀英', '--service', 'health'], at('2026-11-06T09:00:00+08:00'));
    await cli(['care', '王秀英', '--service', 'health'], at('2026-11-13T09:00:00+08:00'));
    await cli(['care', '王秀英', '--service', 'delivery'], at('2026-11-20T09:00:00+08:00'));
    await cli(['care', '王秀英'], at('2026-12-01T09:00:00+08:00'));
    const report = json(await cli(['report', '--month', '2026-11', '--json'], at('2026-12-02T09:00:00+08:00')));
    expect(metricsOf(report)).toMatchObject({ care_visits: 3, care_services: 4, care_residents: 1 });
    const byService = report.rows.filter(
      (r: { metric: string; breakdown: string | null }) => r.metric === 'care_visits' && r.breakdown,
    );
    expect(byService.map((r: { breakdown: string; value: number }) => [r.breakdown, r.value])).toEqual([
      ['service=visit', 0],
      ['service=home_repair', 0],
      ['service=errand', 0],
      ['service=health', 2],
      ['service=delivery', 1],
      ['service=escort', 0],
      ['service=other', 0],
    ]);
    const md = (await cli(['report', '--month', '2026-11', '--format', 'md'], at('2026-12-02T09:00:00+08:00'))).stdout;
    expect(md).toContain('### 关爱走访（按服务）\n\n| 服务 | 本月 | 2026 年累计 |\n');
    expect(md).toContain('| 健康关怀 | 2 | 2 |');
    expect(md).toContain('### 回访\n\n| 指标 | 本月 | 2026 年累计 |\n');
  });
});

describe('late entry of the archive (SPEC §10)', () => {
  it('counts 王秀英 in last month once her tag is dated last month, her registration moving back with it', async () => {
    const { env } = await initDb();
    // Registered today (26 November) as 独居老人; her demand was taken on a paper slip in October.
    await cli(['resident', 'add', '王秀英', '--phone', '13800000001', '--tag', '独居老人'], env);
    expect(
      (
        await cli(
          [
            'intake',
            '助餐',
            '--channel',
            'collection_point',
            '--category',
            'other',
            '--resident',
            '王秀英',
            '--at',
            '2026-10-15',
          ],
          env,
        )
      ).code,
    ).toBe(0);
    const before = metricsOf(json(await cli(['report', '--month', '2026-10', '--json'], env)));
    expect(before).toMatchObject({ care_residents: 0, care_services: 0 });
    const tagged = spawnCli(['resident', 'tag', '王秀英', '独居老人', '--at', '2026-10-01'], env);
    expect(tagged).toEqual({
      code: 0,
      stderr: '',
      stdout: '王秀英（#1）的独居老人标签已改为自 --at 起（登记自 2026-10-01 00:00）\n',
    });
    expect(metricsOf(json(await cli(['report', '--month', '2026-10', '--json'], env)))).toMatchObject({
      care_residents: 1,
      care_services: 1,
    });
    expect(json(await cli(['resident', 'show', '王秀英', '--json'], env)).created_at).toBe('2026-10-01T00:00:00+08:00');
  });

  it('tags a resident with a new tag dated before the registration', async () => {
    const { env } = await initDb();
    await cli(['resident', 'add', '李奶奶'], env);
    expect((await cli(['resident', 'tag', '李奶奶', 'disabled', '--at', '2026-09-01'], env)).stdout).toBe(
      '李奶奶（#1）已标记为残疾人\n',
    );
    expect(json(await cli(['resident', 'show', '李奶奶', '--json'], env)).created_at).toBe('2026-09-01T00:00:00+08:00');
    expect(metricsOf(json(await cli(['report', '--month', '2026-09', '--json'], env))).care_residents).toBe(1);
  });
});
