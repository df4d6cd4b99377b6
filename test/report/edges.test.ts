import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { percent, change, hours } from '../../src/domain/metrics.js';
import { reportPeriod } from '../../src/services/report.service.js';
import { cli, initDb, json, spawnCli, tempDir } from '../helpers/cli.js';
import { ok } from './fixture.js';

const totals = (report: any) =>
  Object.fromEntries(report.rows.filter((r: any) => !r.breakdown).map((r: any) => [r.metric, r.value]));

describe('rates and rounding', () => {
  it('rounds half-up to one decimal in exact arithmetic, null over nothing', () => {
    expect(percent(1, 3)).toBe(33.3);
    expect(percent(2, 3)).toBe(66.7);
    expect(percent(1, 8)).toBe(12.5);
    expect(percent(1, 16)).toBe(6.3); // 6.25 → 6.3, not 6.2 as floating point would give
    expect(percent(1, 2000)).toBe(0.1); // 0.05 → 0.1
    expect(percent(0, 5)).toBe(0);
    expect(percent(3, 0)).toBeNull();
    expect(change(1, 3)).toBe(-66.7);
    expect(change(5, 2)).toBe(150);
    expect(change(3, 0)).toBeNull();
    expect(change(0, 0)).toBeNull();
    expect(hours(null)).toBeNull();
    expect(hours(5_400_000)).toBe(1.5);
    expect(hours(180_000)).toBe(0.1); // 0.05 h → 0.1
    expect(hours(179_999)).toBe(0);
  });
});

describe('the month of a report', () => {
  const now = new Date('2027-01-05T09:00:00+08:00');
  it('takes last month across the year end, as of its last millisecond in the zone', () => {
    const p = reportPeriod(undefined, now, 'Asia/Shanghai');
    expect(p).toMatchObject({ month: '2026-12', partial: false });
    expect(p.start.toISOString()).toBe('2026-11-30T16:00:00.000Z');
    expect(p.asOf.toISOString()).toBe('2026-12-31T15:59:59.999Z');
  });
  it('marks this month partial, as of now', () => {
    expect(reportPeriod('this', now, 'Asia/Shanghai')).toMatchObject({ month: '2027-01', partial: true, asOf: now });
    expect(reportPeriod('2027-01', now, 'Asia/Shanghai').partial).toBe(true);
  });
  it('refuses a month to come and anything that is no month', () => {
    expect(() => reportPeriod('2027-02', now, 'Asia/Shanghai')).toThrow('has not begun');
    expect(() => reportPeriod('2026-13', now, 'Asia/Shanghai')).toThrow('not a month');
  });
});

describe('month edges with the machine in UTC (the real binary)', () => {
  it('puts 07:00 on the 1st in Shanghai in that month, and handles December → January', async () => {
    const { env } = await initDb({ HONGWU_NOW: '2027-02-10T09:00:00+08:00' });
    // 07:00 on 1 January in Shanghai is 23:00 on 31 December in UTC.
    await ok(
      [
        'intake',
        '元旦',
        '--channel',
        'phone',
        '--category',
        'repair',
        '--kind',
        'complaint',
        '--at',
        '2027-01-01 07:00',
      ],
      env,
    );
    await ok(['intake', '跨年夜', '--channel', 'phone', '--category', 'repair', '--at', '2026-12-31 23:59'], env);
    await ok(
      ['intake', '一月底', '--channel', 'phone', '--category', 'repair', '--at', '2027-01-31T23:59:59+08:00'],
      env,
    );
    const utc = { ...env, TZ: 'UTC' };
    const january = spawnCli(['report', '--month', 'last', '--json'], utc);
    expect(january.code).toBe(0);
    expect(january.stderr).toBe('');
    const jan = JSON.parse(january.stdout);
    expect(jan).toMatchObject({ month: '2027-01', as_of: '2027-01-31T23:59:59.999+08:00', partial: false });
    expect(totals(jan)).toMatchObject({
      demands_received: 2,
      complaints: 1,
      complaints_last_year: 0,
      complaints_yoy_change: null,
    });
    const december = JSON.parse(spawnCli(['report', '--month', '2026-12', '--json'], utc).stdout);
    expect(totals(december).demands_received).toBe(1);
    // The same figures with the machine in Shanghai.
    expect(
      JSON.parse(spawnCli(['report', '--month', '2027-01', '--json'], { ...env, TZ: 'Asia/Shanghai' }).stdout),
    ).toEqual(jan);
    // A zero last year gives an empty CSV cell, never NaN or Infinity.
    const csv = parse(spawnCli(['report', '--month', '2027-01', '--format', 'csv'], utc).stdout, {
      columns: true,
    }) as Record<string, string>[];
    expect(csv.find((r) => r.metric === 'complaints_yoy_change')!.value).toBe('');
    expect(csv.every((r) => !/NaN|Infinity/.test(r.value!))).toBe(true);
  });

  it('compares a month with the same month a year earlier', async () => {
    const { env } = await initDb({ HONGWU_NOW: '2027-02-10T09:00:00+08:00' });
    for (const at of ['2026-01-03', '2026-01-31 23:00', '2027-01-10']) {
      await ok(['intake', '投诉', '--channel', 'phone', '--category', 'noise', '--kind', 'complaint', '--at', at], env);
    }
    await ok(
      [
        'intake',
        '不算',
        '--channel',
        'phone',
        '--category',
        'noise',
        '--kind',
        'complaint',
        '--at',
        '2026-02-01 00:00',
      ],
      env,
    );
    expect(totals(json(await cli(['report', '--month', '2027-01', '--json'], env)))).toMatchObject({
      complaints: 1,
      complaints_last_year: 2,
      complaints_yoy_change: -50,
    });
  });
});

describe('report --community all', () => {
  it('counts as overdue at the month’s end a demand reopened then, whatever happened to it since', async () => {
    const { env: base } = await initDb();
    const env = { ...base, HONGWU_NOW: '2026-11-26T10:00:00+08:00' };
    const run = async (...args: string[]) => expect((await cli(args, env)).code).toBe(0);
    const story = async (summary: string, ...steps: [string, string, ...string[]][]) => {
      const intake = json(
        await cli(
          ['intake', summary, '--channel', 'phone', '--category', 'repair', '--at', '2026-10-05 09:00', '--json'],
          env,
        ),
      );
      for (const [action, at, ...rest] of steps) await run(action, intake.number, ...rest, '--at', at);
    };
    const reopened: [string, string, ...string[]][] = [
      ['resolve', '2026-10-06 09:00', '--note', 'n'],
      ['rate', '2026-10-07 09:00', 'unsatisfied'],
    ];
    // Reopened in October and resolved again, then closed, in November: open and overdue on Oct 31.
    await story(
      '甲',
      ...reopened,
      ['resolve', '2026-11-05 09:00', '--note', 'n'],
      ['rate', '2026-11-06 09:00', 'satisfied'],
    );
    // Reopened in October and still open.
    await story('乙', ...reopened);
    // Reopened in October and resolved again before its end: not open on Oct 31.
    await story('丙', ...reopened, ['resolve', '2026-10-20 09:00', '--note', 'n']);
    // Resolved in October and closed: never open on Oct 31.
    await story('丁', ['resolve', '2026-10-06 09:00', '--note', 'n'], ['rate', '2026-10-07 09:00', 'satisfied']);
    const october = totals(json(await cli(['report', '--month', '2026-10', '--json'], env)));
    expect(october.open_overdue).toBe(2);
    const november = totals(json(await cli(['report', '--month', 'this', '--json'], env)));
    expect(november.open_overdue).toBe(1);
  });

  it('rolls every community of the file up, and one community stays its own', async () => {
    const { env } = await initDb();
    await ok(['community', 'add', '红枫', '--code', 'hf'], env);
    await ok(['intake', 'a', '--channel', 'phone', '--category', 'repair', '--at', '2026-10-02'], {
      ...env,
      HONGWU_COMMUNITY: 'lsgw',
    });
    await ok(['intake', 'b', '--channel', 'online', '--category', 'repair', '--at', '2026-10-03'], {
      ...env,
      HONGWU_COMMUNITY: 'hf',
    });
    await ok(['intake', 'c', '--channel', 'online', '--category', 'repair', '--at', '2026-10-04'], {
      ...env,
      HONGWU_COMMUNITY: 'hf',
    });
    const all = json(await cli(['--community', 'all', 'report', '--json'], env));
    expect(all.community).toBe('all');
    expect(totals(all).demands_received).toBe(3);
    const csv = (await cli(['--community', 'all', 'report', '--csv'], env)).stdout;
    expect(csv.split('\r\n')[1]).toBe('2026-10,all,demands_received,,3,count,受理诉求数,,,false');
    expect(totals(json(await cli(['--community', 'hf', 'report', '--json'], env))).demands_received).toBe(2);
    const md = (await cli(['--community', 'all', 'report', '--format', 'md'], env)).stdout;
    expect(md.split('\n')[0]).toBe('# 全部社区（蓝色港湾、红枫） 2026-10 月度报表 · 截至 2026-10-31 23:59');
  });

  it('asks which community when the file holds several and none is named', async () => {
    const { env } = await initDb();
    await ok(['community', 'add', '红枫', '--code', 'hf'], env);
    const r = await cli(['report'], env);
    expect(r).toMatchObject({ code: 2, stdout: '' });
    expect(r.stderr).toContain('数据库里有 2 个社区');
  });
});

describe('report --out', () => {
  it('writes the .md and the .csv into a folder, atomically, saying so on stderr only', async () => {
    const { env } = await initDb();
    await ok(['intake', 'a', '--channel', 'phone', '--category', 'repair', '--at', '2026-10-02'], env);
    const dir = path.join(tempDir(), 'reports') + '/';
    const r = spawnCli(['report', '--out', dir, '--bom'], env);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    const md = path.join(dir, 'hongwu-lsgw-2026-10.md');
    const csv = path.join(dir, 'hongwu-lsgw-2026-10.csv');
    expect(r.stderr).toBe(`已写入 ${md}\n已写入 ${csv}\n`);
    expect(fs.readdirSync(dir).sort()).toEqual(['hongwu-lsgw-2026-10.csv', 'hongwu-lsgw-2026-10.md']);
    expect(fs.readFileSync(csv, 'utf8').startsWith('\uFEFFmonth,community,metric')).toBe(true);
    expect(fs.readFileSync(md, 'utf8')).toContain('## 一、主要指标');
    // Rerun: the files are replaced, never appended to, and no temporary file stays.
    expect(spawnCli(['report', '--out', dir, '--bom'], env).code).toBe(0);
    expect(fs.readdirSync(dir)).toHaveLength(2);
  });

  it('takes the format from the flag or the file name', async () => {
    const { env } = await initDb();
    const dir = tempDir();
    expect((await cli(['report', '--out', path.join(dir, 'r.json')], env)).code).toBe(0);
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'r.json'), 'utf8')).month).toBe('2026-10');
    expect((await cli(['report', '--out', path.join(dir, 'r.txt'), '--format', 'csv'], env)).code).toBe(0);
    expect(fs.readFileSync(path.join(dir, 'r.txt'), 'utf8').startsWith('month,')).toBe(true);
    const unknown = await cli(['report', '--out', path.join(dir, 'r.xlsx')], env);
    expect(unknown).toMatchObject({ code: 2, stdout: '' });
    expect(unknown.stderr).toContain('无法从文件名判断格式');
    const formatDir = await cli(['report', '--out', dir, '--format', 'md'], env);
    expect(formatDir.code).toBe(2);
    expect(formatDir.stderr).toContain('是文件夹');
    const missing = await cli(['report', '--out', path.join(dir, 'no', 'such', 'r.md')], env);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('无法写入');
    expect(fs.readdirSync(dir).sort()).toEqual(['r.json', 'r.txt']);
  });

  it('prints what it wrote as one JSON value on stdout with --json and --out (SPEC §2)', async () => {
    const { env } = await initDb();
    const dir = tempDir();
    const file = await cli(['report', '--json', '--out', path.join(dir, 'r.json')], env);
    expect(file.code).toBe(0);
    expect(JSON.parse(file.stdout)).toEqual({
      month: '2026-10',
      community: 'lsgw',
      written: [path.join(dir, 'r.json')],
    });
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'r.json'), 'utf8')).month).toBe('2026-10');
    // The file's name says its format; --json is about stdout.
    const md = await cli(['report', '--json', '--out', path.join(dir, '10月.md')], env);
    expect(JSON.parse(md.stdout).written).toEqual([path.join(dir, '10月.md')]);
    expect(fs.readFileSync(path.join(dir, '10月.md'), 'utf8')).toMatch(/^# /);
    const csv = await cli(['report', '--json', '--format', 'csv', '--out', path.join(dir, 'y.txt')], env);
    expect(JSON.parse(csv.stdout).written).toEqual([path.join(dir, 'y.txt')]);
    expect(fs.readFileSync(path.join(dir, 'y.txt'), 'utf8').startsWith('month,community,metric')).toBe(true);
    // Without --out the two would disagree about stdout.
    expect((await cli(['report', '--json', '--format', 'csv'], env)).code).toBe(2);
    const folder = path.join(dir, 'monthly') + path.sep;
    const both = await cli(['report', '--json', '--out', folder, '--bom'], env);
    expect(both.code).toBe(0);
    expect(JSON.parse(both.stdout).written).toEqual([
      path.join(dir, 'monthly', 'hongwu-lsgw-2026-10.md'),
      path.join(dir, 'monthly', 'hongwu-lsgw-2026-10.csv'),
    ]);
    expect(both.stderr).toContain('已写入');
    expect((await cli(['report', '--csv', '--out', folder], env)).code).toBe(2);
    // Without --json stdout stays empty: cron mails only stderr.
    expect((await cli(['report', '--out', folder], env)).stdout).toBe('');
  });
});

describe('report refuses bad input with one line and the right exit code', () => {
  it.each([
    [['report', '--month', '2026-13'], 2, '--month：“2026-13”不是月份'],
    [['report', '--month', '2027-01'], 2, '--month 2027-01 还没开始'],
    [['report', '--format', 'xls'], 2, '--format'],
    [['report', '--json', '--format', 'csv'], 2, '--json 与 --format csv 矛盾'],
    [['--community', 'nowhere', 'report'], 1, '没有社区“nowhere”'],
  ])('%j exits %i', async (args, code, message) => {
    const { env } = await initDb();
    const r = await cli(args as string[], env);
    expect(r.code).toBe(code);
    expect(r.stdout).toBe('');
    expect(r.stderr.split('\n')[0]).toContain(message);
  });

  it('never creates a database: a missing file is exit 3', async () => {
    const r = await cli(['report'], {
      HONGWU_DB: path.join(tempDir(), 'none.db'),
      HONGWU_NOW: '2026-11-26T10:00:00+08:00',
    });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('hongwu init');
  });
});
