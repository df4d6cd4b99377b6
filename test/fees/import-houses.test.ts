import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/cli.js';
import { feeFixture } from './fixture.js';

/** `import houses`: header variants, every row checked first, all or nothing. */
describe('import houses', () => {
  it('reads header variants and any address form, from UTF-8 with a BOM', async () => {
    const f = await feeFixture();
    const file = path.join(tempDir(), 'houses.csv');
    fs.writeFileSync(
      file,
      '\uFEFF地址,建筑面积,业主姓名\r\n7栋1单元101室,88.88,张三\r\n７－１－１０２,90,\r\n3-2-501,89.5,\r\n',
    );
    const r = await f.run('import', 'houses', file, '--json');
    expect(r).toEqual({ code: 0, stdout: '{\n  "added": 2,\n  "present": 1,\n  "dry_run": false\n}\n', stderr: '' });
    const house = JSON.parse((await f.must('house', 'show', '7-1-101', '--json')).stdout);
    expect(house).toMatchObject({ address: '7-1-101', area_m2: 88.88, owner: '张三', owner_phone: '138****5678' });
  });

  it('writes nothing when any row is wrong, and says which rows and why (exit 2)', async () => {
    const f = await feeFixture();
    const file = path.join(tempDir(), 'houses.csv');
    fs.writeFileSync(
      file,
      'address,area,owner\n8-1-101,80,\n幸福里,80,\n8-1-102,-3,\n8-1-101,81,\n3-2-501,70,\n8-1-103,60,王麻子\n',
    );
    const r = await f.run('import', 'houses', file);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      [
        '第 3 行 address“幸福里”：不是房号，应如 3-2-501 或 3栋2单元501室',
        '第 4 行 area“-3”：不是面积（平方米，大于零，最多两位小数）',
        '第 5 行 address“8-1-101”：与第 2 行是同一房屋 8-1-101',
        '第 6 行 area“70”：3-2-501 已登记，面积为 89.5㎡',
        '第 7 行 owner“王麻子”：没有居民“王麻子”',
        'hongwu: 5 行有问题，未导入任何房屋',
        '  改正后重新导入（已导入的行会跳过）',
        '',
      ].join('\n'),
    );
    expect(JSON.parse((await f.must('house', 'list', '--json')).stdout)).toHaveLength(3);
    const noArea = path.join(tempDir(), 'bad.csv');
    fs.writeFileSync(noArea, '房号,业主\n8-1-101,\n');
    expect((await f.run('import', 'houses', noArea)).stderr).toBe(
      'hongwu: bad.csv 缺少“面积”列\n  第一行写列名：房号、面积、业主（可选）\n',
    );
  });
});
