import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, initDb, json, spawnCli, tempDir } from '../helpers/cli.js';

/**
 * SPEC §13 for listings: `--out`, `--bom` and `--labels` on every command that prints rows, and
 * `list --community all`. Every CSV is read back with csv-parse, as a spreadsheet would read it.
 */
let env: Record<string, string | undefined>;
const BOM = '\uFEFF';

/** Every command that prints rows (the declarations marked `rows`, the report aside: its own test). */
const ROWS_COMMANDS = [
  ['list', '--status', 'all'],
  ['points', 'ledger'],
  ['points', 'balance'],
  ['points', 'item', 'list'],
  ['resident', 'list'],
  ['team', 'list'],
  ['community', 'list'],
  ['meeting', 'list'],
];

const ok = async (args: string[], extra: Record<string, string> = {}) => {
  const r = await cli(args, { ...env, ...extra });
  if (r.code !== 0) throw new Error(`${args.join(' ')} failed: ${r.stderr}`);
  return r;
};
const rowsOf = (text: string) => parse(text, { bom: true }) as string[][];

beforeAll(async () => {
  ({ env } = await initDb());
  await ok(['resident', 'add', '张三', '--phone', '13812345678', '--address', '3-2-501', '--tag', '独居老人', '--tag', 'volunteer']);
  await ok(['intake', '*爆裂* 水管', '--channel', '电话', '--category', 'repair', '--resident', '张三', '--at', '2026-11-20 14:30']);
  await ok(['intake', '=1+1 楼道堆物', '--channel', 'grid', '--category', 'environment', '--kind', 'complaint', '--at', '2026-11-21 09:05']);
  await ok(['assign', '202611-0001', '--to', '蓝色港湾物业服务企业', '--at', '2026-11-20 15:00']);
  await ok(['team', 'add', '蓝色港湾志愿队', '--kind', 'volunteer']);
  await ok(['points', 'earn', '张三', '10', '--reason', 'patrol', '--at', '2026-11-22 08:00']);
  await ok(['points', 'item', 'add', '大米', '--cost', '5', '--stock', '3']);
  await ok(['points', 'redeem', '张三', '大米', '--at', '2026-11-23 10:00']);
  await ok(['meeting', 'new', '十一月议事会', '--at', '2026-11-24 19:30', '--attendees', '12']);
  await ok(['community', 'add', '思唐花园', '--code', 'stgy']);
  await ok(['intake', '路灯不亮', '--channel', 'phone', '--category', 'repair', '--at', '2026-11-25 20:00'], { HONGWU_COMMUNITY: 'stgy' });
  env = { ...env, HONGWU_COMMUNITY: 'lsgw' };
});

describe('--out, --bom and --labels on every listing (SPEC §13)', () => {
  it.each(ROWS_COMMANDS)('%s %s: --out writes the same CSV atomically, --bom prefixes the BOM', async (...args) => {
    const plain = await ok([...args, '--csv']);
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

  it.each(ROWS_COMMANDS)('%s %s --labels: Chinese headers, no code and no ISO time left', async (...args) => {
    const machine = rowsOf((await ok([...args, '--csv'])).stdout);
    const people = rowsOf((await ok([...args, '--labels'])).stdout);
    expect(people.length).toBe(machine.length);
    for (const header of people[0]!) expect(header, `header ${header}`).toMatch(/^(ID|[^\x00-\x7f].*)$/);
    for (const row of people.slice(1)) for (const cell of row) expect(cell).not.toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it('list --labels: labels for codes, local times, 是/否; without it part one’s machine format', async () => {
    const machine = rowsOf((await ok(['list', '--status', 'all', '--csv'])).stdout);
    expect(machine[0]!.slice(0, 9)).toEqual(['number', 'community', 'summary', 'channel', 'category', 'kind', 'tier', 'status', 'received_at']);
    expect(machine[1]!.slice(0, 9)).toEqual(['202611-0001', 'lsgw', '*爆裂* 水管', 'phone', 'repair', 'request', 'timed', 'assigned', '2026-11-20T14:30:00+08:00']);
    const people = rowsOf((await ok(['list', '--status', 'all', '--labels'])).stdout);
    const record = Object.fromEntries(people[0]!.map((h, i) => [h, people[1]![i]]));
    expect(record).toMatchObject({
      编号: '202611-0001',
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
    expect(ledger[0]).toEqual(['流水号', '类型', '居民', '积分', '事由', '物品', '数量', '活动', '时间', '经办人', '冲正的流水', '说明']);
    expect(ledger.slice(1).map((r) => [r[1], r[4], r[8]])).toEqual([
      ['获得', '巡逻', '2026-11-22 08:00:00'],
      ['兑换', '', '2026-11-23 10:00:00'],
    ]);
    const residents = rowsOf((await ok(['resident', 'list', '--labels'])).stdout);
    expect(residents[1]![residents[0]!.indexOf('标签')]).toBe('独居老人;志愿者');
  });

  it('--json --out writes the JSON; --bom or --labels with --json is refused (exit 2)', async () => {
    const file = path.join(tempDir(), 'list.json');
    const r = await ok(['list', '--json', '--out', file]);
    expect(r.stdout).toBe('');
    expect(JSON.parse(fs.readFileSync(file, 'utf8')).map((d: { number: string }) => d.number)).toEqual(['202611-0001', '202611-0002']);
    expect(await cli(['list', '--json', '--bom'], env)).toEqual({ code: 2, stdout: '', stderr: 'hongwu: --bom 只用于 CSV，不能与 --json 同用\n  请去掉 --json 或 --bom\n' });
    expect((await cli(['points', 'ledger', '--json', '--labels', '--lang', 'en'], env)).stderr).toBe('hongwu: --labels is for CSV, not with --json\n  drop --json or --labels\n');
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

  it('LibreOffice reads the --labels CSV with Chinese headers and times as dates (skipped if soffice is absent)', () => {
    const soffice = spawnSync('soffice', ['--version'], { encoding: 'utf8' });
    if (soffice.error || soffice.status !== 0) {
      console.log('soffice (LibreOffice) is not installed: the xlsx conversion check is skipped; the CSV was checked with csv-parse');
      return;
    }
    const dir = tempDir();
    const file = path.join(dir, 'list.csv');
    expect(spawnCli(['list', '--status', 'all', '--labels', '--bom', '--out', file], env).code).toBe(0);
    const xlsx = spawnSync('soffice', ['--headless', '--convert-to', 'xlsx', '--outdir', dir, file], { encoding: 'utf8', timeout: 120_000 });
    expect(xlsx.status).toBe(0);
    expect(fs.existsSync(path.join(dir, 'list.xlsx'))).toBe(true);
    // Back to CSV from the xlsx: the header is Chinese and the time cell reads as a date.
    const back = path.join(dir, 'back');
    const csv = spawnSync('soffice', ['--headless', '--convert-to', 'csv:Text - txt - csv (StarCalc):44,34,76', '--outdir', back, path.join(dir, 'list.xlsx')], { encoding: 'utf8', timeout: 120_000 });
    expect(csv.status).toBe(0);
    const rows = rowsOf(fs.readFileSync(path.join(back, 'list.csv'), 'utf8'));
    expect(rows[0]![0]).toBe('编号');
    expect(rows[1]![rows[0]!.indexOf('受理时间')]).toMatch(/2026/);
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
