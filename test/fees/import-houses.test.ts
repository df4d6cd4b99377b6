import fs from 'node:fs';
import path from 'node:path';
import writeXlsxFile from 'write-excel-file/node';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/cli.js';
import { errorsOf, FIXTURES } from '../import/helpers.js';
import { feeFixture } from './fixture.js';

/** `import houses`, an import like the others (SPEC §11, §15): header variants, rows checked first, all or nothing. */
describe('import houses', () => {
  it('reads header variants and any address form, from UTF-8 with a BOM', async () => {
    const f = await feeFixture();
    const file = path.join(tempDir(), 'houses.csv');
    fs.writeFileSync(
      file,
      '\uFEFF地址,建筑面积,业主姓名\r\n7栋1单元101室,88.88,张三\r\n７－１－１０２,90,\r\n3-2-501,89.5,\r\n',
    );
    const r = await f.run('import', 'houses', file, '--yes', '--json');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      kind: 'houses',
      community: '幸福里',
      rows: 3,
      added: 2,
      would_add: 2,
      present: 1,
      written: true,
      dry_run: false,
    });
    const house = JSON.parse((await f.must('house', 'show', '7-1-101', '--json')).stdout);
    expect(house).toMatchObject({ address: '7-1-101', area_m2: 88.88, owner: '张三', owner_phone: '138****5678' });
    // The same sheet again changes nothing.
    expect(await f.run('import', 'houses', file, '--yes')).toEqual({
      code: 0,
      stdout: '3 行均已在幸福里，无需导入\n',
      stderr: '',
    });
  });

  it('writes nothing when any row is wrong: each problem on stderr and in <file>.errors.csv (exit 2)', async () => {
    const f = await feeFixture();
    const dir = tempDir();
    const file = path.join(dir, 'houses.csv');
    fs.writeFileSync(
      file,
      'address,area,owner\n8-1-101,80,\n幸福里,80,\n8-1-102,-3,\n8-1-101,81,\n3-2-501,70,\n8-1-103,60,王麻子\n',
    );
    const r = await f.run('import', 'houses', file, '--yes');
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      [
        '第 3 行 address“幸福里”：不是房号，应如 3-2-501 或 3栋2单元501室',
        '第 4 行 area“-3”：不是面积（平方米，大于零，最多两位小数）',
        '第 5 行 address“8-1-101”：与第 2 行是同一房屋 8-1-101',
        '第 6 行 area“70”：3-2-501 已登记，面积为 89.5㎡',
        '第 7 行 owner“王麻子”：没有居民“王麻子”：请先导入居民（hongwu import residents）',
        `全部问题已写入 ${file}.errors.csv`,
        'hongwu: 5 处问题，未导入任何记录',
        '  改正表格后重新导入（已导入的行会跳过）',
        '',
      ].join('\n'),
    );
    expect(errorsOf(dir, 'houses.csv').map((e) => [e.行号, e.列, e.内容])).toEqual([
      ['3', 'address', '幸福里'],
      // The errors file guards a leading minus as every CSV of hongwu does (no formula in WPS).
      ['4', 'area', "'-3"],
      ['5', 'address', '8-1-101'],
      ['6', 'area', '70'],
      ['7', 'owner', '王麻子'],
    ]);
    expect(JSON.parse((await f.must('house', 'list', '--json')).stdout)).toHaveLength(3);
    const noArea = path.join(tempDir(), 'bad.csv');
    fs.writeFileSync(noArea, '房号,业主\n8-1-101,\n');
    expect((await f.run('import', 'houses', noArea)).stderr).toBe(
      'hongwu: bad.csv 缺少“面积”列\n  表头可写：area/面积/建筑面积/面积㎡/面积m2/房屋面积\n',
    );
    // Fixed, the sheet imports, and the errors file of the failed try is removed, saying so.
    fs.writeFileSync(file, 'address,area,owner\n8-1-101,80,\n8-1-103,60,张三\n');
    expect(await f.run('import', 'houses', file, '--yes')).toEqual({
      code: 0,
      stdout: '已导入幸福里房屋 2 条；已有 0 条跳过\n',
      stderr: `表格已无问题，已删除上次的 ${file}.errors.csv\n`,
    });
    expect(fs.existsSync(`${file}.errors.csv`)).toBe(false);
  });

  it('checks only with --dry-run, and needs --yes to write without a terminal', async () => {
    const f = await feeFixture();
    const file = path.join(tempDir(), 'houses.csv');
    fs.writeFileSync(file, '房号,面积\n9-1-101,70\n');
    expect(await f.run('import', 'houses', file, '--dry-run')).toEqual({
      code: 0,
      stdout: '检查通过（未写入）：将新增房屋 1 条，已有 0 条\n',
      stderr: '',
    });
    expect(await f.run('import', 'houses', file, '--lang', 'en')).toEqual({
      code: 2,
      stdout: '',
      stderr:
        '1 rows check out: 1 new houses, 0 already present\n' +
        'hongwu: an import writes to the database and needs consent\n' +
        '  add --yes (or check first with --dry-run)\n',
    });
    expect(JSON.parse((await f.must('house', 'list', '--json')).stdout)).toHaveLength(3);
  });

  it('reads a GB18030 sheet with a title row, and an .xlsx with areas as numbers', async () => {
    const f = await feeFixture();
    const dir = tempDir();
    // 房屋台账-wps.csv: a title row, then 房号,面积（㎡）,业主 and one house, saved by WPS as GB18030.
    const csv = path.join(dir, '房屋台账-wps.csv');
    fs.copyFileSync(path.join(FIXTURES, '房屋台账-wps.csv'), csv);
    expect((await f.run('import', 'houses', csv, '--yes')).stdout).toBe('已导入幸福里房屋 1 条；已有 0 条跳过\n');
    const xlsx = path.join(dir, '房屋.xlsx');
    const bytes = await writeXlsxFile([
      {
        sheet: '房屋',
        data: [
          [{ value: '房屋地址' }, { value: '建筑面积' }, { value: '业主电话' }],
          [{ value: '6-1-301' }, { value: 120.25, type: Number }, { value: '13812345678' }],
        ],
      },
    ]).toBuffer();
    fs.writeFileSync(xlsx, bytes);
    expect((await f.run('import', 'houses', xlsx, '--sheet', '房屋', '--yes')).stdout).toBe(
      '已导入幸福里房屋 1 条；已有 0 条跳过\n',
    );
    expect(JSON.parse((await f.must('house', 'show', '5-1-201', '--json')).stdout)).toMatchObject({
      area_m2: 75.5,
      owner: '欧阳娜娜',
    });
    expect(JSON.parse((await f.must('house', 'show', '6-1-301', '--json')).stdout)).toMatchObject({
      area_m2: 120.25,
      owner: '张三',
    });
  });
});
