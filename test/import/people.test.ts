import fs from 'node:fs';
import path from 'node:path';
import writeXlsxFile from 'write-excel-file/node';
import { describe, expect, it } from 'vitest';
import { contents } from '../helpers/rows.js';
import { errorsOf, importFixture } from './helpers.js';

/** `import residents` and `import teams` (SPEC §11), through the binary. */
describe('import residents', () => {
  it('reads a WPS roster saved as GB18030, its title row above the header, blank trailing rows skipped', () => {
    const f = importFixture();
    const sheet = f.fixture('居民花名册-wps.csv');
    expect(f.run('import', 'residents', sheet, '--dry-run')).toEqual({
      code: 0,
      stdout: '检查通过（未写入）：将新增居民 4 条，已有 0 条\n',
      stderr: '',
    });
    expect(f.json('resident', 'list')).toEqual([]);
    expect(f.run('import', 'residents', sheet, '--yes')).toEqual({
      code: 0,
      stdout: '已导入幸福里居民 4 条；已有 0 条跳过\n',
      stderr: '',
    });
    const residents = f.json('resident', 'list');
    expect(
      residents.map((r: { name: string; phone: string; address: string; tags: string[] }) => [
        r.name,
        r.phone,
        r.address,
        r.tags,
      ]),
    ).toEqual([
      ['张三', '138****5678', '3栋2单元501室', ['party_member']],
      ['李四', null, '4-1-101', ['elderly_alone', 'building_leader']],
      ['王五', '139****1111', '5-1-202', []],
      ['赵六', '137****2222', null, ['elderly', 'disabled']],
    ]);
    // The full-width phone was read as digits: the resident is found by it.
    expect(f.json('resident', 'show', '13900001111').name).toBe('王五');
  });

  it('is a no-op the second time: the same sheet changes nothing', async () => {
    const f = importFixture();
    const sheet = f.fixture('居民花名册-wps.csv');
    f.must('import', 'residents', sheet, '--yes');
    const before = await contents(f.db);
    expect(f.run('import', 'residents', sheet, '--yes')).toEqual({
      code: 0,
      stdout: '4 行均已在幸福里，无需导入\n',
      stderr: '',
    });
    expect(f.json('import', 'residents', sheet, '--yes')).toEqual({
      kind: 'residents',
      community: '幸福里',
      rows: 4,
      added: 0,
      would_add: 0,
      present: 4,
      written: false,
      dry_run: false,
    });
    expect(f.json('resident', 'list')).toHaveLength(4);
    expect(await contents(f.db)).toBe(before);
  });

  it('needs --yes without a terminal, after showing the plan (exit 2, nothing written)', () => {
    const f = importFixture();
    const sheet = f.fixture('居民花名册-wps.csv');
    expect(f.run('import', 'residents', sheet)).toEqual({
      code: 2,
      stdout: '',
      stderr:
        '4 行检查通过：新增居民 4 条，已有 0 条\nhongwu: 导入要写入数据库，需要确认\n  请加 --yes（或先用 --dry-run 只检查）\n',
    });
    expect(f.json('resident', 'list')).toEqual([]);
  });

  it('writes nothing when a row is wrong: every problem by row and column in <file>.errors.csv (BOM), exit 2', () => {
    const f = importFixture();
    f.must('resident', 'add', '钱七', '--phone', '13600003333');
    const sheet = f.write(
      'roster.csv',
      '姓名,电话,标签\n孙八,1.38123E+10,\n,13500004444,\n周九,13600003333,\n吴十,12,党员\n郑一,,会计\n=A1,,\n',
    );
    const r = f.run('import', 'residents', sheet, '--yes');
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('hongwu: 6 处问题，未导入任何记录\n  改正表格后重新导入（已导入的行会跳过）\n');
    expect(r.stderr).toContain(`全部问题已写入 ${path.join(f.dir, 'roster.csv.errors.csv')}\n`);
    expect(r.stderr).toContain(
      '第 2 行 电话“1.38123E+10”：电话号码被表格存成了数字（如 1.38123E+10），后几位已丢失：请把该列设为“文本”后重新填写号码\n',
    );
    expect(errorsOf(f.dir, sheet)).toEqual([
      {
        行号: '2',
        列: '电话',
        内容: '1.38123E+10',
        问题: '电话号码被表格存成了数字（如 1.38123E+10），后几位已丢失：请把该列设为“文本”后重新填写号码',
      },
      { 行号: '3', 列: '姓名', 内容: '', 问题: '姓名为空' },
      { 行号: '4', 列: '电话', 内容: '13600003333', 问题: '已登记给 钱七' },
      { 行号: '5', 列: '电话', 内容: '12', 问题: '不是电话号码（5 到 15 位数字，如 13812345678）' },
      { 行号: '6', 列: '标签', 内容: '会计', 问题: expect.stringMatching(/^不是可选值；可填：党员（party_member）、/) },
      // The errors file guards the formula as every CSV of hongwu does.
      { 行号: '7', 列: '姓名', 内容: "'=A1", 问题: '是公式，不是值：请在表格中复制该列并“粘贴为数值”后再导出' },
    ]);
    expect(f.json('resident', 'list')).toHaveLength(1);
    // Fixed, the sheet imports, and the errors file of the failed try is gone.
    f.write('roster.csv', '姓名,电话,标签\n孙八,13812300000,\n');
    expect(f.run('import', 'residents', sheet, '--yes')).toEqual({
      code: 0,
      stdout: '已导入幸福里居民 1 条；已有 0 条跳过\n',
      stderr: `表格已无问题，已删除上次的 ${path.join(f.dir, 'roster.csv.errors.csv')}\n`,
    });
    expect(fs.existsSync(path.join(f.dir, 'roster.csv.errors.csv'))).toBe(false);
  });

  it('reads an .xlsx: numbers stored as numbers, a sheet chosen with --sheet, dates as dates', async () => {
    const f = importFixture();
    const registered = { value: new Date(Date.UTC(2025, 2, 1, 9, 30)), type: Date, format: 'yyyy-mm-dd hh:mm' };
    const bytes = await writeXlsxFile([
      { sheet: '说明', data: [[{ value: '说明' }]] },
      {
        sheet: '花名册',
        data: [
          [{ value: '居民姓名' }, { value: '手机号码' }, { value: '登记日期' }, { value: '标签' }],
          [{ value: '陈二' }, { value: 13912345678, type: Number }, registered, { value: '独居老人' }],
        ],
      },
    ]).toBuffer();
    const sheet = f.write('花名册.xlsx', bytes);
    expect(f.run('import', 'residents', sheet, '--sheet', '花名册', '--yes').stdout).toBe(
      '已导入幸福里居民 1 条；已有 0 条跳过\n',
    );
    expect(f.json('resident', 'show', '13912345678')).toMatchObject({
      name: '陈二',
      phone: '13912345678',
      tags: ['elderly_alone'],
      created_at: '2025-03-01T09:30:00+08:00',
    });
    expect(f.run('import', 'residents', sheet, '--sheet', '名册', '--yes')).toEqual({
      code: 2,
      stdout: '',
      stderr: 'hongwu: 没有名为“名册”的工作表\n  工作表有：说明、花名册（用 --sheet 选择）\n',
    });
  });

  it('names the columns a sheet lacks, and the headers that would do', () => {
    const f = importFixture();
    const sheet = f.write('x.csv', '电话,地址\n13812345678,3-2-501\n');
    expect(f.run('import', 'residents', sheet, '--yes')).toEqual({
      code: 2,
      stdout: '',
      stderr: 'hongwu: x.csv 缺少“姓名”列\n  表头可写：name/姓名/居民/居民姓名/名称/resident\n',
    });
  });

  it('round-trips resident list --csv and --labels into an empty file (the masked phones stay behind)', () => {
    const a = importFixture();
    a.must('import', 'residents', a.fixture('居民花名册-wps.csv'), '--yes');
    const b = importFixture();
    for (const flags of [['--csv'], ['--csv', '--labels', '--bom']]) {
      const sheet = b.write(`export${flags.length}.csv`, a.must('resident', 'list', ...flags).stdout);
      b.must('import', 'residents', sheet, '--yes');
    }
    // An export masks phones (SPEC §3): a masked number is no number, and is not imported.
    const strip = (rs: { id: number; phone: string | null }[]) => rs.map(({ id: _id, phone: _phone, ...r }) => r);
    expect(strip(b.json('resident', 'list'))).toEqual(strip(a.json('resident', 'list')));
  });
});

describe('import teams', () => {
  it('adds the new teams of a GB18030 sheet; one already on file with the same kind is present', () => {
    const f = importFixture();
    const sheet = f.fixture('队伍-wps.csv');
    expect(f.run('import', 'teams', sheet, '--yes')).toEqual({
      code: 0,
      stdout: '已导入幸福里队伍 2 条；已有 1 条跳过\n',
      stderr: '',
    });
    expect(
      f
        .json('team', 'list')
        .map((t: { name: string; kind: string }) => `${t.name}:${t.kind}`)
        .slice(3),
    ).toEqual(['党员先锋队:party_vanguard', '巾帼志愿服务队:volunteer']);
    expect(f.run('import', 'teams', sheet, '--yes').stdout).toBe('3 行均已在幸福里，无需导入\n');
    const exported = f.write('teams.csv', f.must('team', 'list', '--csv').stdout);
    expect(f.run('import', 'teams', exported, '--yes').stdout).toBe('5 行均已在幸福里，无需导入\n');
  });

  it('refuses a team on file under another kind, or an unknown kind', () => {
    const f = importFixture();
    const sheet = f.write('t.csv', 'name,kind\n幸福里物业服务企业,volunteer\n新队,球队\n');
    const r = f.run('import', 'teams', sheet, '--yes', '--lang', 'en');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('row 2 kind "volunteer": a team of this name is on file as property\n');
    expect(errorsOf(f.dir, sheet)).toEqual([
      { 行号: '2', 列: 'kind', 内容: 'volunteer', 问题: '同名队伍已有，类型为物业服务企业' },
      {
        行号: '3',
        列: 'kind',
        内容: '球队',
        问题: expect.stringMatching(/^不是可选值；可填：社区党组织（party_org）、/),
      },
    ]);
  });
});
