import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, initDb, spawnCli } from '../helpers/cli.js';
import { deskMorning } from './fixture.js';

/** `hongwu today` through the built binary (no TTY: no colour), one row of every kind. */
describe('hongwu today on a Thursday morning', () => {
  let env: Record<string, string | undefined>;
  beforeAll(async () => {
    ({ env } = await deskMorning());
  });

  it('lists every section in order, each row with the command that does it, within 80 columns', () => {
    const r = spawnCli(['today'], env);
    expect(r).toEqual({
      code: 0,
      stderr: '',
      stdout: [
        '今日待办 · 蓝色港湾 · 2026-11-26 10:00（到期统计至 2026-11-27 23:59）',
        '',
        '■ 超期未办结（1）',
        '  202611-0001  路灯不亮               11-24 23:59 处理中 · 物业公司',
        '    → hongwu resolve 202611-0001 --note <办理情况>',
        '■ 下个工作日内到期（1）',
        '  202611-0002  楼道堆放杂物           11-27 10:00 处理中 · 物业公司',
        '    → hongwu resolve 202611-0002 --note <办理情况>',
        '■ 超时未响应（1）',
        '  202611-0003  邻居装修噪音           11-26 09:00 待分派',
        '    → hongwu assign 202611-0003 --to <队伍或志愿者>',
        '■ 待回访（1）',
        '  202611-0004  水管漏水               11-24 16:00 王秀英 · 已回访未果 1 次',
        '    → hongwu rate 202611-0004 满意|基本满意|不满意',
        '■ 关爱走访到期（1）',
        '  王秀英       3-2-501                11-08 09:00 独居老人 · 尚未走访',
        '    → hongwu care 1 --service visit',
        '■ 议事任务超期（1）',
        '  202611-0005  联系电梯维保单位       11-25 23:59 处理中 · 物业公司 · T1',
        '    → hongwu resolve 202611-0005 --note <办理情况>',
        '■ 议题待推进（1）',
        '  T2           增设充电桩             11-10 19:50 居民提问题',
        '    → hongwu meeting propose T2 <方案> --by <队伍>',
        '■ 爱心超市库存不足（1）',
        '  大米                                            库存 2',
        '    → hongwu points item restock 大米 <数量>',
        '',
      ].join('\n'),
    });
    const width = (line: string) =>
      [...line].reduce((n, c) => n + (/[\u1100-\uffff]/.test(c) && c !== '·' && c !== '→' && c !== '■' ? 2 : 1), 0);
    for (const line of r.stdout.split('\n')) expect(width(line), line).toBeLessThanOrEqual(80);
  });

  it('speaks English with --lang en', () => {
    const r = spawnCli(['today', '--lang', 'en'], env);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      '■ Return visits due (1)\n  202611-0004  水管漏水               11-24 16:00 王秀英 · 1 missed visit\n    → ' +
        'hongwu rate 202611-0004 satisfied|basic|unsatisfied\n',
    );
    expect(r.stdout).toContain('    → hongwu assign 202611-0003 --to <team or volunteer>\n');
  });

  it('gives scripts JSON: every section with its count and rows', () => {
    const r = spawnCli(['today', '--json'], env);
    expect(r.code).toBe(0);
    const page = JSON.parse(r.stdout);
    expect(page).toMatchObject({
      community: 'lsgw',
      as_of: '2026-11-26T10:00:00+08:00',
      due_by: '2026-11-27T23:59:59.999+08:00',
    });
    expect(page.sections.map((s: { section: string; count: number }) => [s.section, s.count])).toEqual([
      ['overdue', 1],
      ['due_soon', 1],
      ['no_response', 1],
      ['return_visits', 1],
      ['care_visits', 1],
      ['meeting_tasks', 1],
      ['topics', 1],
      ['low_stock', 1],
    ]);
    expect(page.sections[4].rows).toEqual([
      {
        ref: '王秀英',
        summary: '3-2-501',
        at: '2026-11-08T09:00:00+08:00',
        detail: '独居老人 · 尚未走访',
        command: 'hongwu care 1 --service visit',
      },
    ]);
  });

  it('gives scripts CSV: one row per thing to do, read back by a CSV parser', () => {
    const r = spawnCli(['today', '--format', 'csv'], env);
    expect(r.code).toBe(0);
    const rows = parse(r.stdout, { columns: true }) as Record<string, string>[];
    expect(rows.map((x) => [x.section, x.ref, x.command])).toEqual([
      ['overdue', '202611-0001', 'hongwu resolve 202611-0001 --note <办理情况>'],
      ['due_soon', '202611-0002', 'hongwu resolve 202611-0002 --note <办理情况>'],
      ['no_response', '202611-0003', 'hongwu assign 202611-0003 --to <队伍或志愿者>'],
      ['return_visits', '202611-0004', 'hongwu rate 202611-0004 满意|基本满意|不满意'],
      ['care_visits', '王秀英', 'hongwu care 1 --service visit'],
      ['meeting_tasks', '202611-0005', 'hongwu resolve 202611-0005 --note <办理情况>'],
      ['topics', 'T2', 'hongwu meeting propose T2 <方案> --by <队伍>'],
      ['low_stock', '大米', 'hongwu points item restock 大米 <数量>'],
    ]);
    expect(rows[0]).toMatchObject({
      summary: '路灯不亮',
      at: '2026-11-24T23:59:59.999+08:00',
      detail: '处理中 · 物业公司',
    });
  });

  it('prints a Markdown page for the morning meeting', () => {
    const r = spawnCli(['today', '--format', 'md'], env);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('# 今日待办 · 蓝色港湾 · 2026-11-26 10:00（到期统计至 2026-11-27 23:59）\n');
    expect(r.stdout).toContain(
      '## 待回访（1）\n\n| 对象 | 事项 | 办结于 | 情况 | 命令 |\n| --- | --- | --- | --- | --- |\n| 202611-0004 | 水管漏水 | 11-24 ' +
        '16:00 | 王秀英 · 已回访未果 1 次 | `hongwu rate 202611-0004 满意\\|基本满意\\|不满意` |\n',
    );
    expect(r.stdout).toContain('## 爱心超市库存不足（1）\n\n| 对象 | 事项 | 情况 | 命令 |\n');
  });

  it('looks further ahead with --days, over the weekend', () => {
    // Thursday + 2 working days: Friday and Monday; the demand of Tuesday 10:00 falls in.
    const page = JSON.parse(spawnCli(['today', '--json', '--days', '2'], env).stdout);
    expect(page.due_by).toBe('2026-11-30T23:59:59.999+08:00');
    expect(page.sections[1].rows.map((x: { ref: string }) => x.ref)).toEqual(['202611-0002']);
    const later = JSON.parse(spawnCli(['today', '--json', '--days', '4'], { ...env }).stdout);
    // Now Wednesday 12-02 ends the window: the unanswered demand is due then, so it is listed as due soon, once.
    expect(later.sections[1].rows.map((x: { ref: string }) => x.ref)).toEqual(['202611-0002', '202611-0003']);
    expect(later.sections[2].count).toBe(0);
  });

  it('leaves a paused demand out: its clock is stopped (SPEC §9)', async () => {
    const paused = { ...env };
    expect((await cli(['pause', '202611-0001', '--reason', '等配件'], paused)).code).toBe(0);
    const page = JSON.parse(spawnCli(['today', '--json'], paused).stdout);
    expect(page.sections[0].count).toBe(0);
    expect((await cli(['resume', '202611-0001'], paused)).code).toBe(0);
  });

  it('refuses --format and --json that disagree, and a bad --days (exit 2)', () => {
    expect(spawnCli(['today', '--json', '--format', 'md'], env)).toEqual({
      code: 2,
      stdout: '',
      stderr: 'hongwu: --json 与 --format md 矛盾\n  请只给其中一个\n',
    });
    expect(spawnCli(['today', '--days', '0'], env).code).toBe(2);
  });
});

describe('hongwu today --format md with markup in a summary', () => {
  it('prints the summary as typed (SPEC §13): no emphasis, no HTML, no split table', async () => {
    const { env } = await initDb();
    const taken = await cli(
      ['intake', '*爆裂*<b>急</b>|管道', '--channel', 'phone', '--category', 'repair', '--at', '2026-11-20 09:00'],
      env,
    );
    expect(taken.code).toBe(0);
    const r = spawnCli(['today', '--format', 'md'], env);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('| 202611-0001 | \\*爆裂\\*\\<b\\>急\\</b\\>\\|管道 |');
    expect(r.stdout).not.toContain('<b>');
  });
});

describe('hongwu today with nothing to do', () => {
  it('says so in one line per section, and exits 0', async () => {
    const { env } = await initDb();
    const r = await cli(['today', '--lang', 'en'], env);
    expect(r).toEqual({
      code: 0,
      stderr: '',
      stdout: [
        'Today at the desk · 蓝色港湾 · 2026-11-26 10:00 (due soon: by 2026-11-27 23:59)',
        '',
        '■ Overdue: No overdue demands',
        '■ Due by the next working day: Nothing falls due by the next working day',
        '■ No response past the deadline: Every demand has had its response',
        '■ Return visits due: No return visits due',
        '■ Care visits due: No care visits due',
        '■ Meeting tasks past due: No meeting task is past due',
        '■ Topics waiting for their next step: No topic is waiting',
        '■ Items low in stock: No item is at 3 or fewer',
        '',
      ].join('\n'),
    });
  });

  it("lists a section's first rows and says how many more there are", async () => {
    const { env } = await initDb();
    for (let i = 1; i <= 3; i++)
      await cli(['points', 'item', 'add', `物品${i}`, '--cost', '5', '--stock', String(i)], env);
    const r = await cli(['today', '--limit', '2'], env);
    expect(r.stdout).toContain('■ 爱心超市库存不足（3）\n  物品1 ');
    expect(r.stdout).toContain('  …… 另有 1 条未列出（--limit 可列出更多）\n');
  });
});

describe('care visits of a resident in several special groups', () => {
  it('fall due by the shortest interval, the groups named in the order of the intervals', async () => {
    const { env } = await initDb();
    const add = (...args: string[]) => cli(['resident', 'add', ...args, '--at', '2026-10-01'], env);
    expect((await add('王秀英', '--tag', 'disabled', '--tag', 'elderly', '--tag', 'elderly_alone')).code).toBe(0);
    expect((await add('李梅', '--tag', 'left_behind_child')).code).toBe(0);
    for (const tag of ['elderly', 'disabled'])
      expect((await cli(['resident', 'tag', '李梅', tag, '--at', '2026-09-01'], env)).code).toBe(0);
    const care = JSON.parse((await cli(['today', '--json'], env)).stdout).sections.find(
      (s: { section: string }) => s.section === 'care_visits',
    );
    // 独居老人 every 7 days (not 30: the shortest interval, compared as a number), from 10-01.
    expect(care.rows.map((r: { ref: string; at: string; detail: string }) => [r.ref, r.at, r.detail])).toEqual([
      ['李梅', '2026-10-01T00:00:00+08:00', '老年人、残疾人、留守儿童 · 尚未走访'],
      ['王秀英', '2026-10-08T00:00:00+08:00', '独居老人、老年人、残疾人 · 尚未走访'],
    ]);
  });
});
