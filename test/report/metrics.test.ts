import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, initDb, json } from '../helpers/cli.js';
import { buildOctober } from './fixture.js';

/** Every metric of SPEC §7 for October 2026 of the fixture, computed by hand (see fixture.ts). */
const OCTOBER: Record<string, number | null> = {
  demands_received: 5, // D1 D2 D3 D5 D9; D4 was cancelled
  response_on_time: 2, // D1 (1 h), D9 (1 h)
  response_late: 2, // D2 never answered, past due; D3 answered after 3 h of 2
  response_on_time_rate: 50.0, // D5 (answered on 1 Nov, due 1 Nov) is pending and left out
  resolve_on_time: 2, // D1, D3 (first resolve before the end of the next day)
  resolve_late: 2, // D2 past due, D9 resolved after 10 days
  resolve_on_time_rate: 50.0,
  closure_rate: 60.0, // D1 D3 D9 closed at as_of; D2 D5 open
  demands_resolved: 4, // D1, D3 (twice, counted once), D9, and September's D6
  median_response_hours: 1.0, // 1, 3, 1
  median_resolution_hours: 25.0, // 25, 16, 240
  open_overdue: 6, // D2, September's D7 and D8 (reopened in September), last October's three complaints
  paused: 0, // the fixture pauses nothing (pausing: test/calendar/tiers-and-pause.test.ts)
  reopened: 1, // D3's unsatisfied rating; D9's was final
  ratings: 4, // D1 satisfied, D3 basic (its last), D9 unsatisfied, D6 satisfied
  ratings_satisfied: 2,
  ratings_basic: 1,
  ratings_unsatisfied: 1,
  satisfaction_rate: 75.0,
  return_visits_due: 0, // every demand resolved in October was rated by its end (D1, D3, D9, D6)
  return_visit_rate: 100.0, // D1, D3, D9: the cohort resolved by as_of, all rated
  complaints: 1, // D2 (D4 cancelled)
  complaints_last_year: 3,
  complaints_yoy_change: -66.7,
  disputes_resolved: 2, // D3 mediated, D6 not mediated
  disputes_mediated: 1,
  mediation_success_rate: 50.0,
  points_earned: 12, // 10 + 10 + 5 − 10 (reversed) − 3 (September's, reversed in October)
  points_redeemed: 5, // 5 + 5 − 5 (reversed); November's not counted
  points_participants: 2, // 张三 10, 李四 5; 王五 −3
  volunteer_activities: 3,
  volunteer_teams_active: 2,
  meetings_held: 1, // 1 November 00:00 in Shanghai is not October
  topics_raised: 2,
  topics_decided: 2,
  topics_evaluated: 2,
  topics_resolved: 1,
  care_residents: 1, // 张三; 李四 was tagged in November
  care_services: 2, // D1 (张三), D5 (category care); no care service recorded
  care_visits: 0,
  fees_billed: 0,
  fees_collected: 0,
  fee_collection_rate: null, // nothing billed: no rate
  households_in_arrears: 0,
};

let env: Record<string, string | undefined>;

beforeAll(async () => {
  const made = await initDb();
  env = made.env;
  await buildOctober(made.db, env);
});

const totals = (rows: { metric: string; breakdown: string | null; value: number | null }[]) =>
  Object.fromEntries(rows.filter((r) => !r.breakdown).map((r) => [r.metric, r.value]));

describe('report --month 2026-10 on the hand-computed fixture', () => {
  it('gives every metric of SPEC §7 exactly', async () => {
    const report = json(await cli(['report', '--month', '2026-10', '--json'], env));
    expect(report).toMatchObject({
      month: '2026-10',
      community: 'lsgw',
      as_of: '2026-10-31T23:59:59.999+08:00',
      partial: false,
    });
    expect(totals(report.rows)).toEqual(OCTOBER);
  });

  it('breaks the cohort down by channel, category, kind and tier, zeros included', async () => {
    const report = json(await cli(['report', '--month', '2026-10', '--json'], env));
    const b = Object.fromEntries(report.rows.filter((r: any) => r.breakdown).map((r: any) => [r.breakdown, r.value]));
    expect(b).toMatchObject({
      'channel=phone': 2,
      'channel=online': 2,
      'channel=walk_in': 1,
      'channel=grid': 0,
      'category=repair': 1,
      'category=noise': 1,
      'category=neighbour': 1,
      'category=care': 1,
      'category=environment': 1,
      'category=parking': 0,
      'kind=request': 2,
      'kind=complaint': 1,
      'kind=dispute': 1,
      'kind=suggestion': 1,
      'tier=immediate': 2,
      'tier=timed': 3,
      'tier=major': 0,
    });
    // …and care_visits by its seven services, all zero here.
    expect(Object.keys(b)).toHaveLength(7 + 12 + 4 + 3 + 7);
  });

  it('reads the same when rerun later, and --format json equals --json', async () => {
    const later = json(
      await cli(['report', '--month', '2026-10', '--format', 'json'], {
        ...env,
        HONGWU_NOW: '2027-03-01T09:00:00+08:00',
      }),
    );
    const now = json(await cli(['report', '--month', '2026-10', '--json'], env));
    expect(later).toEqual(now);
  });

  it('writes the same rows as RFC 4180 CSV, read back with a CSV parser', async () => {
    const r = await cli(['report', '--month', '2026-10', '--csv'], env);
    expect(r.code).toBe(0);
    const records = parse(r.stdout, { columns: true }) as Record<string, string>[];
    expect(Object.keys(records[0]!)).toEqual([
      'month',
      'community',
      'metric',
      'breakdown',
      'value',
      'unit',
      'label',
      'numerator',
      'denominator',
      'partial',
    ]);
    const report = json(await cli(['report', '--month', '2026-10', '--json'], env));
    expect(records).toHaveLength(report.rows.length);
    records.forEach((rec, i) => {
      const row = report.rows[i];
      expect(rec).toEqual({
        month: '2026-10',
        community: 'lsgw',
        metric: row.metric,
        breakdown: row.breakdown ?? '',
        value: row.value === null ? '' : String(row.value),
        unit: row.unit,
        label: row.label,
        numerator: row.numerator === null ? '' : String(row.numerator),
        denominator: row.denominator === null ? '' : String(row.denominator),
        partial: 'false',
      });
    });
    expect(records.find((x) => x.metric === 'complaints_yoy_change')).toMatchObject({
      value: '-66.7',
      unit: 'percent',
      label: '投诉量同比变化',
    });
    expect(records.find((x) => x.breakdown === 'channel=phone')!.label).toBe('受理诉求数 · 电话');
    expect(r.stdout.startsWith('\uFEFF')).toBe(false);
    expect(r.stdout).toContain('\r\n');
  });

  it('labels in English with --lang en, codes unchanged', async () => {
    const r = await cli(['report', '--month', '2026-10', '--format', 'csv', '--lang', 'en', '--bom'], env);
    expect(r.stdout.startsWith('\uFEFF')).toBe(true);
    const records = parse(r.stdout, { columns: true, bom: true }) as Record<string, string>[];
    expect(records.find((x) => x.metric === 'satisfaction_rate')).toMatchObject({
      value: '75',
      label: 'Satisfaction rate',
    });
  });

  it('shows the clerk a table with the title and the figures', async () => {
    const r = await cli(['report', '--month', '2026-10'], env);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout.split('\n')[0]).toBe('蓝色港湾 2026-10 月度报表 · 截至 2026-10-31 23:59');
    expect(r.stdout).toMatch(/响应及时率\s*│ 50\.0%/);
    expect(r.stdout).toMatch(/投诉量同比变化\s*│ -66\.7%/);
    expect(r.stdout).toMatch(/办结时长中位数\s*│ 25\.0 小时/);
    expect(r.stdout).toMatch(/渠道：电话\s*│ 2 /);
  });

  it('files a Markdown document with every section', async () => {
    const r = await cli(['report', '--month', '2026-10', '--format', 'md'], env);
    expect(r.code).toBe(0);
    const md = r.stdout;
    expect(md.split('\n')[0]).toBe('# 蓝色港湾 2026-10 月度报表 · 截至 2026-10-31 23:59');
    for (const heading of [
      '## 一、主要指标',
      '## 二、诉求办理',
      '## 三、分类统计',
      '### 按渠道',
      '### 按类别',
      '### 按分级',
      '## 四、超期未办结诉求',
      '## 五、志愿积分与志愿服务',
      '### 本月积分前十名',
      '### 爱心超市兑换',
      '### 库存不足',
      '## 六、红色议事厅',
      '### 议题进展（五步法）',
      '## 七、特殊群体服务',
      '## 八、近 12 个月趋势',
    ]) {
      expect(md).toContain(heading);
    }
    expect(md).toContain('| 指标 | 本月 | 2026 年累计 |');
    expect(md).toContain('| 满意率 | 75.0% | ');
    expect(md).toContain('| 投诉量同比变化 | 同比下降 66.7% | ');
    // The overdue list, phones masked (the asterisks escaped: Markdown shows them as typed).
    expect(md).toContain('202609-0002');
    expect(md).toContain('137\\*\\*\\*\\*1111');
    expect(md).not.toContain('13700001111');
    expect(md).toMatch(/\| 张三 \| 10 \|/);
    expect(md).toMatch(/\| 毛巾 \| 1 \| 5 \|/);
    expect(md).toMatch(/\| 毛巾 \| 3 \|/); // stock running low
    expect(md).toContain('十月议事会');
    expect(md).toMatch(/\| T\d+ 加装电梯 \| 效果大家评 \| 业主出资三成 \|/);
    expect(md).toContain('```mermaid\nxychart-beta');
    expect(md).toContain(
      'x-axis ["2025-11", "2025-12", "2026-01", "2026-02", "2026-03", "2026-04", "2026-05", "2026-06", ' +
        '"2026-07", "2026-08", "2026-09", "2026-10"]',
    );
    expect(md).toContain('bar [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 5]');
    // Satisfaction only where there were ratings: September's one rating was unsatisfied (a true
    // 0 %); the months before, without ratings, are not drawn as 0.
    expect(md).toContain('x-axis ["2026-09", "2026-10"]\n  y-axis "%" 0 --> 100\n  line [0, 75]');
  });

  it('says so in every empty section of a quiet month', async () => {
    const md = (await cli(['report', '--month', '2025-06', '--format', 'md'], env)).stdout;
    for (const line of [
      '统计截止时没有超期未办结的诉求。',
      '本月没有积分发放记录。',
      '本月没有兑换记录。',
      '本月没有召开议事会。',
    ]) {
      expect(md).toContain(line);
    }
  });

  it('counts the running month as of now and marks it partial', async () => {
    const report = json(await cli(['report', '--month', 'this', '--json'], env));
    expect(report).toMatchObject({ month: '2026-11', partial: true, as_of: '2026-11-26T10:00:00+08:00' });
    expect(totals(report.rows).demands_received).toBe(1);
    const table = (await cli(['report', '--month', '2026-11'], env)).stdout;
    expect(table.split('\n')[0]).toContain('（本月未完，数据不全）');
  });

  it('defaults to last month', async () => {
    expect(json(await cli(['report', '--json'], env)).month).toBe('2026-10');
  });
});
