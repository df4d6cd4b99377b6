import { beforeAll, describe, expect, it } from 'vitest';
import { cli, initDb } from '../helpers/cli.js';
import { mermaidBlocks, parseXyChart } from '../helpers/mermaid.js';

/**
 * SPEC §13 for the Markdown report: free text as typed, charts with gaps and a readable axis, the
 * year-over-year change in words, what counts as satisfied, the roll-up's topics by community.
 * Every Mermaid block goes through Mermaid's own parser.
 */
let env: Record<string, string | undefined>;

const ok = async (args: string[], extra: Record<string, string> = {}) => {
  const r = await cli(args, { ...env, ...extra });
  if (r.code !== 0) throw new Error(`${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout;
};

beforeAll(async () => {
  ({ env } = await initDb());
  const intake = (summary: string, at: string, kind = 'request') =>
    ok(['intake', summary, '--channel', 'phone', '--category', 'repair', '--kind', kind, '--at', at]);
  // Last November: nine complaints; this November: eight (−11.1 %).
  for (let i = 1; i <= 9; i++) await intake(`去年投诉 ${i}`, `2025-11-0${i} 10:00`, 'complaint');
  for (let i = 1; i <= 8; i++) await intake(`投诉 ${i}`, `2026-11-0${i} 10:00`, 'complaint');
  // Ratings in August and November only: September and October have none.
  await intake('八月诉求', '2026-08-03 09:00');
  await ok(['resolve', '202608-0001', '--note', '已修', '--at', '2026-08-04 09:00']);
  await ok(['rate', '202608-0001', 'satisfied', '--at', '2026-08-05 09:00']);
  for (let i = 1; i <= 8; i++) {
    await ok(['resolve', `202611-000${i}`, '--note', '已处理', '--at', `2026-11-${10 + i} 09:00`]);
    await ok([
      'rate',
      `202611-000${i}`,
      i === 8 ? 'unsatisfied' : i % 2 ? 'satisfied' : 'basic',
      '--at',
      `2026-11-2${i % 5} 09:00`,
    ]);
  }
  // Free text that Markdown would read as markup, left open past its deadline.
  await ok([
    'intake',
    '*爆裂* 水管 <b>急</b> [链接](http://x) a|b',
    '--channel',
    'phone',
    '--category',
    'repair',
    '--due',
    '2026-11-20',
    '--at',
    '2026-11-19 08:00',
  ]);
  await ok(['meeting', 'new', '十一月议事会', '--at', '2026-11-24 19:30']);
  await ok(['meeting', 'raise', '十一月议事会', '**停车** 难']);
  await ok(['community', 'add', '思唐花园', '--code', 'stgy']);
  await ok(['meeting', 'new', '思唐议事会', '--at', '2026-11-25 19:30'], { HONGWU_COMMUNITY: 'stgy' });
  await ok(['meeting', 'raise', '思唐议事会', '电梯加装'], { HONGWU_COMMUNITY: 'stgy' });
  // A community that began in October 2026, with no rating yet.
  await ok(['community', 'add', '乌江明珠', '--code', 'wjmz']);
  await ok(['intake', '路灯', '--channel', 'phone', '--category', 'repair', '--at', '2026-10-15 09:00'], {
    HONGWU_COMMUNITY: 'wjmz',
  });
});

const report = (extra: string[] = [], community = 'lsgw') =>
  ok(['report', '--month', '2026-11', '--format', 'md', ...extra], {
    HONGWU_COMMUNITY: community,
    HONGWU_NOW: '2026-12-02T09:00:00+08:00',
  });

describe('the Markdown report (SPEC §13)', () => {
  it('prints free text as typed: no emphasis, no HTML, no link, no broken table', async () => {
    const md = await report();
    expect(md).toContain('\\*爆裂\\* 水管 \\<b\\>急\\</b\\> \\[链接\\](http://x) a\\|b');
    expect(md).toContain('\\*\\*停车\\*\\* 难');
    expect(md).not.toMatch(/<b>|(^|[^\\])\*爆裂/);
  });

  it('says the year-over-year change in words, and what counts as satisfied', async () => {
    const md = await report();
    expect(md).toMatch(/\| 投诉量同比变化 \| 同比下降 11\.1% \|/);
    expect(md).toContain('满意率 =（满意 + 基本满意）÷ 评价数');
    const en = await report(['--lang', 'en']);
    expect(en).toMatch(/\| Complaints, year-over-year change \| down 11\.1% year on year \|/);
  });

  it('charts only the months with data, never 0, on an axis from just below the lowest rate', async () => {
    const md = await report();
    const blocks = mermaidBlocks(md);
    expect(blocks).toHaveLength(2);
    const [received, satisfaction] = await Promise.all(blocks.map(parseXyChart));
    const band = (c: typeof received) => (c!.setXAxisBand![0] as { text: string }[]).map((x) => x.text);
    const series = (data: unknown[] | undefined) => (data![1] as { value: number }[]).map((p) => p.value);
    // Demands from the first month with one (the records begin in 2025-11, before the 12 months).
    expect(band(received)).toEqual([
      '2025-12',
      '2026-01',
      '2026-02',
      '2026-03',
      '2026-04',
      '2026-05',
      '2026-06',
      '2026-07',
      '2026-08',
      '2026-09',
      '2026-10',
      '2026-11',
    ]);
    expect(series(received!.setBarData)).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 9]);
    // Satisfaction: August (100 %) and November (7 of 8: 87.5 %) only; the axis starts at 85.
    expect(band(satisfaction)).toEqual(['2026-08', '2026-11']);
    expect(series(satisfaction!.setLineData)).toEqual([100, 87.5]);
    expect(satisfaction!.setYAxisRangeData).toEqual([85, 100]);
    expect(md).toContain('| 2026-09 | 0 | — |');
  });

  it('starts the demands chart when the records begin: the months before are no data, not 0', async () => {
    const blocks = mermaidBlocks(await report([], 'wjmz'));
    expect(blocks).toHaveLength(1);
    const chart = await parseXyChart(blocks[0]!);
    expect((chart.setXAxisBand![0] as { text: string }[]).map((x) => x.text)).toEqual(['2026-10', '2026-11']);
    expect((chart.setBarData![1] as { value: number }[]).map((p) => p.value)).toEqual([1, 0]);
  });

  it('has no chart of a series with no data at all, and every block parses', async () => {
    const md = await ok(['report', '--month', '2026-11', '--format', 'md'], {
      HONGWU_COMMUNITY: 'stgy',
      HONGWU_NOW: '2026-12-02T09:00:00+08:00',
    });
    expect(mermaidBlocks(md)).toEqual([]);
    const all = await report([], 'all');
    for (const block of mermaidBlocks(all)) await parseXyChart(block);
  });

  it('Mermaid’s parser refuses what a gap drawn as an empty value would be (so none is written)', async () => {
    await expect(parseXyChart('xychart-beta\n  x-axis ["a", "b", "c"]\n  line [1, , 3]')).rejects.toThrow(
      /Parse error/,
    );
  });

  it('the street roll-up’s topic table says whose each topic is', async () => {
    const all = await report([], 'all');
    const topics = all.slice(all.indexOf('| 议题 |'));
    expect(topics.split('\n')[0]).toBe('| 议题 | 社区 | 步骤 | 决议 | 落实任务 | 评议 |');
    expect(topics).toMatch(/\| T\d+ \\\*\\\*停车\\\*\\\* 难 \| lsgw \|/);
    expect(topics).toMatch(/\| T\d+ 电梯加装 \| stgy \|/);
    expect((await report()).includes('| 议题 | 社区 |')).toBe(false);
  });
});
