import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { allCommands } from '../../src/cli/commands/index.js';
import * as codes from '../../src/domain/codes.js';
import { entryType, itemKind } from '../../src/domain/ledger.js';
import { METRICS } from '../../src/domain/metrics.js';
import { TODAY_SECTIONS } from '../../src/domain/today.js';
import { cli, initDb, json, spawnCli, tempDir } from '../helpers/cli.js';
import { libreOfficeAvailable, openInCalc } from '../helpers/libreoffice.js';

const COMMANDS = await allCommands();

/**
 * SPEC §13 for listings: `--out`, `--bom` and `--labels` on every command that prints rows, and
 * `list --community all`. Every CSV is read back with csv-parse, as a spreadsheet would read it.
 */
let env: Record<string, string | undefined>;
const BOM = '\uFEFF';

/**
 * Every command that writes CSV, walked from the declarations (a new one is checked without being
 * listed here); the flags a command needs to have rows to show, by its path.
 */
const NEEDS: Record<string, string[]> = {
  list: ['--status', 'all'],
  report: ['--month', '2026-11'],
  calendar: ['--year', '2026'],
};
const CSV_COMMANDS = COMMANDS.filter((d) => d.rows).map((d) => [...d.path.split(' '), ...(NEEDS[d.path] ?? [])]);

/** Every code a CSV for people must not show: the enumerations, ledger and fee entry types, days, sections, units. */
const CODES = new Set([
  ...Object.values(codes).flatMap((list) =>
    typeof list === 'object' && 'labels' in list ? Object.keys(list.labels) : [],
  ),
  ...entryType.codes,
  ...itemKind.codes,
  ...Object.keys(TODAY_SECTIONS),
  ...Object.keys(METRICS),
  'payment',
  'waiver',
  'holiday',
  'workday',
  'official',
  'local',
  'count',
  'percent',
  'hours',
  'fen',
  'true',
  'false',
]);

const ok = async (args: string[], extra: Record<string, string> = {}) => {
  const r = await cli(args, { ...env, ...extra });
  if (r.code !== 0) throw new Error(`${args.join(' ')} failed: ${r.stderr}`);
  return r;
};
const rowsOf = (text: string) => parse(text, { bom: true }) as string[][];

beforeAll(async () => {
  ({ env } = await initDb());
  await ok([
    'resident',
    'add',
    '张三',
    '--phone',
    '13812345678',
    '--address',
    '3-2-501',
    '--tag',
    '独居老人',
    '--tag',
    'volunteer',
  ]);
  await ok([
    'intake',
    '*爆裂* 水管',
    '--channel',
    '电话',
    '--category',
    'repair',
    '--resident',
    '张三',
    '--at',
    '2026-11-20 14:30',
  ]);
  await ok([
    'intake',
    '=1+1 楼道堆物',
    '--channel',
    'grid',
    '--category',
    'environment',
    '--kind',
    'complaint',
    '--at',
    '2026-11-21 09:05',
  ]);
  await ok(['assign', '202611-0001', '--to', '蓝色港湾物业服务企业', '--at', '2026-11-20 15:00']);
  await ok(['team', 'add', '蓝色港湾志愿队', '--kind', 'volunteer']);
  await ok(['points', 'earn', '张三', '10', '--reason', 'patrol', '--at', '2026-11-22 08:00']);
  await ok(['points', 'item', 'add', '大米', '--cost', '5', '--stock', '3']);
  await ok(['points', 'redeem', '张三', '大米', '--at', '2026-11-23 10:00']);
  await ok(['meeting', 'new', '十一月议事会', '--at', '2026-11-24 19:30', '--attendees', '12']);
  await ok(['fee', 'rule', 'set', '--per-m2', '1.50', '--from', '2026-01-01']);
  await ok(['house', 'add', '3-2-501', '--area', '89.5', '--owner', '张三']);
  await ok(['house', 'add', '3-2-502', '--area', '100']);
  await ok(['fee', 'bill', '--period', '2026-10']);
  await ok(['fee', 'bill', '--period', '2026-11']);
  await ok(['fee', 'pay', '3-2-501', '134.25', '--method', '微信', '--at', '2026-11-20 10:00']);
  await ok(['fee', 'waive', '3', '--reason', '低保户', '--at', '2026-11-21 10:00']);
  await ok(['community', 'add', '思唐花园', '--code', 'stgy']);
  await ok(['intake', '路灯不亮', '--channel', 'phone', '--category', 'repair', '--at', '2026-11-25 20:00'], {
    HONGWU_COMMUNITY: 'stgy',
  });
  env = { ...env, HONGWU_COMMUNITY: 'lsgw' };
});

describe('--out, --bom and --labels on every command that writes CSV (SPEC §13)', () => {
  it('walks the declarations: every command marked as printing rows, documents and fee listings among them', () => {
    const paths = CSV_COMMANDS.map((a) => a.filter((w) => !w.startsWith('-') && !/^(\d|all$)/.test(w)).join(' '));
    expect(paths).toEqual(COMMANDS.filter((d) => d.rows).map((d) => d.path));
    expect(paths).toEqual(
      expect.arrayContaining(['list', 'today', 'report', 'calendar', 'house list', 'fee ledger', 'fee arrears']),
    );
  });

  it.each(CSV_COMMANDS)('%s %s: --out writes the same CSV atomically, --bom prefixes the BOM', async (...args) => {
    const plain = await ok([...args, '--csv']);
    expect(rowsOf(plain.stdout).length, 'the fixture gives it rows').toBeGreaterThan(1);
    const dir = tempDir();
    const file = path.join(dir, '导出.csv');
    const r = await ok([...args, '--out', file, '--bom']);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`已写入 ${file}\n`);
    const written = fs.readFileSync(file, 'utf8');
    expect(written).toBe(BOM + plain.stdout);
    expect(rowsOf(written)).toEqual(rowsOf(plain.stdout));
    // Nothing else is left in the folder: the temporary file was renamed over the target.
    expect(fs.readdirSync(dir)).toEqual(['导出.csv']);
  });

  it.each(CSV_COMMANDS)(
    '%s %s --labels: Chinese headers, labels for codes, local times; without it codes',
    async (...args) => {
      const machine = rowsOf((await ok([...args, '--csv'])).stdout);
      for (const header of machine[0]!) expect(header, 'a machine header is a code').toMatch(/^[a-z][a-z0-9_]*$/);
      const dir = tempDir();
      const file = path.join(dir, '给人看.csv');
      await ok([...args, '--labels', '--bom', '--out', file]);
      const text = fs.readFileSync(file, 'utf8');
      expect(text.startsWith(BOM)).toBe(true);
      const people = rowsOf(text);
      expect(people.length).toBe(machine.length);
      expect(people[0]!.length).toBe(machine[0]!.length);
      for (const header of people[0]!) expect(header, `header ${header}`).toMatch(/^(ID|[^\x00-\x7f].*)$/);
      for (const [r, row] of people.slice(1).entries()) {
        for (const [c, cell] of row.entries()) {
          const where = `${machine[0]![c]} of row ${r + 1}`;
          expect(cell, where).not.toMatch(/^\d{4}-\d\d-\d\dT/);
          if (machine[r + 1]![c] !== '') expect(cell, where).not.toBe('');
          for (const code of machine[r + 1]![c]!.split(';'))
            expect(CODES.has(code) && cell.split(';').includes(code), `${where}: ${code}`).toBe(false);
        }
      }
      // The same in English: headers are words, not codes.
      const english = rowsOf((await ok([...args, '--labels', '--lang', 'en'])).stdout);
      for (const header of english[0]!) expect(header, `header ${header}`).toMatch(/^[A-Z]/);
    },
  );

  it('list --labels: labels for codes, local times, 是/否; without it part one’s machine format', async () => {
    const machine = rowsOf((await ok(['list', '--status', 'all', '--csv'])).stdout);
    expect(machine[0]!.slice(0, 9)).toEqual([
      'number',
      'community',
      'summary',
      'channel',
      'category',
      'kind',
      'tier',
      'status',
      'received_at',
    ]);
    expect(machine[1]!.slice(0, 9)).toEqual([
      '202611-0001',
      'lsgw',
      '*爆裂* 水管',
      'phone',
      'repair',
      'request',
      'timed',
      'assigned',
      '2026-11-20T14:30:00+08:00',
    ]);
    const people = rowsOf((await ok(['list', '--status', 'all', '--labels'])).stdout);
    const record = Object.fromEntries(people[0]!.map((h, i) => [h, people[1]![i]]));
    expect(record).toMatchObject({
      编号: '202611-0001',
      社区: '蓝色港湾',
      事项: '*爆裂* 水管',
      渠道: '电话',
      类别: '设施维修',
      性质: '求助/诉求',
      分级: '限时结',
      状态: '处理中',
      受理时间: '2026-11-20 14:30:00',
      首次响应: '2026-11-20 15:00:00',
      是否超期: '否',
      电话: '138****5678',
    });
    // The formula guard holds in the CSV for people too.
    expect(people[2]![people[0]!.indexOf('事项')]).toBe("'=1+1 楼道堆物");
    const english = rowsOf((await ok(['list', '--status', 'all', '--labels', '--lang', 'en'])).stdout);
    expect(english[0]!.slice(0, 4)).toEqual(['Number', 'Community', 'Summary', 'Channel']);
    expect(english[1]![3]).toBe('Phone');
  });

  it('points ledger and resident list --labels: entry types, reasons, tags', async () => {
    const ledger = rowsOf((await ok(['points', 'ledger', '--labels'])).stdout);
    expect(ledger[0]).toEqual([
      '流水号',
      '类型',
      '居民',
      '积分',
      '事由',
      '物品',
      '数量',
      '活动',
      '时间',
      '经办人',
      '冲正的流水',
      '说明',
      '住址',
    ]);
    expect(ledger.slice(1).map((r) => [r[1], r[4], r[8]])).toEqual([
      ['获得', '巡逻', '2026-11-22 08:00:00'],
      ['兑换', '', '2026-11-23 10:00:00'],
    ]);
    const residents = rowsOf((await ok(['resident', 'list', '--labels'])).stdout);
    expect(residents[1]![residents[0]!.indexOf('标签')]).toBe('独居老人;志愿者');
  });

  it('fees, houses, the calendar, today and the report --labels: yuan, labels, the community by name', async () => {
    const table = async (args: string[]) => {
      const [header, ...rows] = rowsOf((await ok([...args, '--labels'])).stdout);
      return rows.map((row) => Object.fromEntries(header!.map((h, i) => [h, row[i]])));
    };
    expect(await table(['house', 'list'])).toEqual([
      {
        ID: '1',
        房号: '3-2-501',
        '面积（㎡）': '89.5',
        业主: '张三',
        业主电话: '138****5678',
        '欠费（元）': '0',
        '预交（元）': '0',
      },
      { ID: '2', 房号: '3-2-502', '面积（㎡）': '100', 业主: '', 业主电话: '', '欠费（元）': '300', '预交（元）': '0' },
    ]);
    expect(await table(['fee', 'arrears'])).toEqual([
      { 房号: '3-2-502', 业主: '', 业主电话: '', 账期: '2026-10;2026-11', 欠费月数: '2', '欠费（元）': '300' },
    ]);
    const ledger = await table(['fee', 'ledger']);
    expect(ledger.map((e) => [e['类型'], e['金额（元）'], e['缴费方式'], e['时间'], e['说明']])).toEqual([
      ['缴费', '134.25', '微信', '2026-11-20 10:00:00', ''],
      ['减免', '134.25', '', '2026-11-21 10:00:00', '低保户'],
    ]);
    expect((await table(['calendar', '--year', '2026']))[0]).toEqual({
      日期: '2026-01-01',
      安排: '放假',
      名称: '元旦',
      来源: '官方',
    });
    const today = await table(['today']);
    const sections = Object.values(TODAY_SECTIONS).map((s) => s.zh as string);
    expect(today.length).toBeGreaterThan(0);
    for (const row of today) expect(sections).toContain(row['分类']);
    expect(today.find((r) => r['对象'] === '202611-0002')).toMatchObject({
      分类: '超时未响应',
      时间: '2026-11-22 09:05:00',
    });
    const report = await table(['report', '--month', '2026-11']);
    expect(report[0]).toEqual({
      月份: '2026-11',
      社区: '蓝色港湾',
      指标: '受理诉求数',
      分组: '',
      数值: '2',
      单位: '个',
      名称: '受理诉求数',
      分子: '',
      分母: '',
      本月未完: '是',
    });
    expect(report.find((r) => r['指标'] === '物业费实收金额')).toMatchObject({ 数值: '134.25', 单位: '元' });
    expect(report.find((r) => r['分组'] === '渠道：电话')).toMatchObject({ 指标: '受理诉求数', 数值: '1' });
  });

  it('today: --out writes any format atomically; --bom and --labels only with its CSV (exit 2)', async () => {
    const file = path.join(tempDir(), '今日.md');
    const r = await ok(['today', '--format', 'md', '--out', file]);
    expect(r.stdout).toBe('');
    expect(fs.readFileSync(file, 'utf8')).toMatch(/^# 今日待办 · 蓝色港湾/);
    expect(await cli(['today', '--format', 'md', '--bom'], env)).toEqual({
      code: 2,
      stdout: '',
      stderr: 'hongwu: --bom 只用于 CSV，不能与 --format md 同用\n  请去掉 --bom 或改用 --format csv\n',
    });
    expect(await cli(['report', '--month', '2026-11', '--format', 'json', '--labels', '--lang', 'en'], env)).toEqual({
      code: 2,
      stdout: '',
      stderr: 'hongwu: --labels is for CSV, not with --format json\n  drop --labels or use --format csv\n',
    });
  });

  it('--json --out writes the JSON; --bom or --labels with --json is refused (exit 2)', async () => {
    const file = path.join(tempDir(), 'list.json');
    const r = await ok(['list', '--json', '--out', file]);
    expect(r.stdout).toBe('');
    expect(JSON.parse(fs.readFileSync(file, 'utf8')).map((d: { number: string }) => d.number)).toEqual([
      '202611-0001',
      '202611-0002',
    ]);
    expect(await cli(['list', '--json', '--bom'], env)).toEqual({
      code: 2,
      stdout: '',
      stderr: 'hongwu: --bom 只用于 CSV，不能与 --json 同用\n  请去掉 --json 或 --bom\n',
    });
    expect((await cli(['points', 'ledger', '--json', '--labels', '--lang', 'en'], env)).stderr).toBe(
      'hongwu: --labels is for CSV, not with --json\n  drop --json or --labels\n',
    );
  });

  it('--out - is stdout; an existing folder is not replaced (exit 2)', async () => {
    expect((await ok(['team', 'list', '--out', '-'])).stdout).toBe((await ok(['team', 'list', '--csv'])).stdout);
    const dir = tempDir();
    const r = await cli(['list', '--out', dir], env);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(fs.statSync(dir).isDirectory()).toBe(true);
  });

  it('--out to a folder that does not exist fails with exit 2 and writes nothing', async () => {
    const file = path.join(tempDir(), 'missing', 'x.csv');
    const r = await cli(['list', '--out', file], env);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`无法写入 ${file}`);
  });

  it('the real binary: `points ledger --bom > 积分流水.csv` opens as UTF-8 (the README example)', () => {
    const r = spawnCli(['points', 'ledger', '--csv', '--bom'], env);
    expect(r.code).toBe(0);
    expect(r.stdout.startsWith(BOM)).toBe(true);
    expect(rowsOf(r.stdout)[1]![2]).toBe('张三');
  });

  it('LibreOffice Calc reads the --labels CSVs: Chinese headers, times as dates, yuan as numbers (skipped without ' +
    'soffice)', {
    timeout: 180_000,
  }, () => {
    if (!libreOfficeAvailable()) {
      console.log(
        'soffice (LibreOffice) is not installed: the spreadsheet check is skipped; the CSVs were checked with ' +
          'csv-parse',
      );
      return;
    }
    const dir = tempDir();
    const list = path.join(dir, 'list.csv');
    expect(spawnCli(['list', '--status', 'all', '--labels', '--bom', '--out', list], env).code).toBe(0);
    const demands = openInCalc(list);
    expect(demands[0]!.slice(0, 3).map((c) => c.text)).toEqual(['编号', '社区', '事项']);
    const first = demands[1]![demands[0]!.findIndex((c) => c.text === '受理时间')]!;
    expect(first).toEqual({ type: 'date', value: '2026-11-20T14:30:00', text: '2026-11-20 14:30:00' });
    expect(demands[1]![2]).toMatchObject({ type: 'string', text: '*爆裂* 水管' });

    const ledger = path.join(dir, 'ledger.csv');
    expect(spawnCli(['fee', 'ledger', '--labels', '--bom', '--out', ledger], env).code).toBe(0);
    const fees = openInCalc(ledger);
    const column = (header: string) => fees[0]!.findIndex((c) => c.text === header);
    const payment = fees.find((row) => row[column('类型')]?.text === '缴费')!;
    expect(payment[column('金额（元）')]).toMatchObject({ type: 'float', value: '134.25' });
    expect(payment[column('时间')]).toMatchObject({ type: 'date', value: '2026-11-20T10:00:00' });
    expect(payment[column('缴费方式')]!.text).toBe('微信');

    const report = path.join(dir, 'report.csv');
    expect(spawnCli(['report', '--month', '2026-11', '--labels', '--bom', '--out', report], env).code).toBe(0);
    const [header, ...rows] = openInCalc(report);
    const at = (name: string) => header!.findIndex((c) => c.text === name);
    const collected = rows.find((row) => row[at('指标')]?.text === '物业费实收金额')!;
    expect(collected[at('数值')]).toMatchObject({ type: 'float', value: '134.25' });
    expect(collected[at('单位')]!.text).toBe('元');
  });
});

describe('list --community all (SPEC §13)', () => {
  it('lists every community’s demands with a community column in the table, CSV and JSON', async () => {
    const table = await ok(['list', '--community', 'all']);
    expect(table.stdout.split('\n')[1]).toMatch(/│ 编号\s+│ 社区\s+│ 状态/);
    expect(table.stdout).toMatch(/202611-0003 │ 思唐花园/);
    expect(table.stdout).toMatch(/202611-0001 │ 蓝色港湾/);
    const csv = rowsOf((await ok(['list', '--community', 'all', '--csv'])).stdout);
    expect(csv.slice(1).map((r) => [r[0], r[1]])).toEqual([
      ['202611-0001', 'lsgw'],
      ['202611-0002', 'lsgw'],
      ['202611-0003', 'stgy'],
    ]);
    // For people, each community by its name.
    const people = rowsOf((await ok(['list', '--community', 'all', '--labels'])).stdout);
    expect(people.slice(1).map((r) => r[1])).toEqual(['蓝色港湾', '蓝色港湾', '思唐花园']);
    const all = json(await cli(['list', '--community', 'all', '--json'], env));
    expect(all.map((d: { community: string }) => d.community)).toEqual(['lsgw', 'lsgw', 'stgy']);
    // One community still lists its own only, without the column.
    const one = await ok(['list']);
    expect(one.stdout).not.toMatch(/思唐花园|│ 社区/);
  });

  it('--resident with --community all is refused: a resident is found in one community', async () => {
    expect(await cli(['list', '--community', 'all', '--resident', '张三'], env)).toEqual({
      code: 2,
      stdout: '',
      stderr: 'hongwu: --resident 只能在一个社区里查找居民\n  请用 --community <代码|名称> 指定居民所在社区\n',
    });
  });
});
