import { beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { feeFixture, feeSnapshot } from './fixture.js';

/** The fee loop as the clerk sees it: exact stdout, stderr and exit code (SPEC §15). */
describe('property fees at the desk', () => {
  let f: Awaited<ReturnType<typeof feeFixture>>;

  beforeEach(async () => {
    f = await feeFixture();
  });

  it('bills a month once, at the rule in force, however often it is run', async () => {
    const first = await f.run('fee', 'bill', '--period', '2026-11');
    expect(first).toEqual({ code: 0, stdout: '2026-11 开账 3 户，合计 374.25 元（按标准 #1）\n', stderr: '' });
    const again = await f.run('fee', 'bill', '--period', '2026-11');
    expect(again).toEqual({
      code: 0,
      stdout: '2026-11 开账 0 户，合计 0.00 元（按标准 #1）；3 户已开过，未重复\n',
      stderr: '',
    });
    // A quarter that holds a month already billed leaves those houses as they were.
    const quarter = await f.run('fee', 'bill', '--period', '2026-Q4', '--json');
    expect(JSON.parse(quarter.stdout)).toMatchObject({ period: '2026-Q4', bills: [], skipped: 3 });
    expect(await feeSnapshot(f.db)).toMatchObject({ bills: 3, billed: 37425 });
  });

  it('keeps older bills at the rule they were made with', async () => {
    await f.must('fee', 'bill', '--period', '2026-10');
    await f.must('fee', 'rule', 'set', '--per-m2', '2', '--from', '2026-11-01');
    const nov = JSON.parse((await f.must('fee', 'bill', '--period', '2026-11', '--json')).stdout);
    expect(nov.bills.map((b: { house: string; amount_fen: number }) => [b.house, b.amount_fen])).toEqual([
      ['3-1-101', 12000],
      ['3-2-501', 17900],
      ['3-2-502', 20000],
    ]);
    const house = JSON.parse((await f.must('house', 'show', '3-2-501', '--json')).stdout);
    expect(
      house.bills.map((b: { period: string; amount_fen: number; rule: number }) => [b.period, b.amount_fen, b.rule]),
    ).toEqual([
      ['2026-10', 13425, 1],
      ['2026-11', 17900, 2],
    ]);
  });

  it('takes a payment onto the oldest bill first, with a receipt number', async () => {
    await f.must('fee', 'bill', '--period', '2026-10');
    await f.must('fee', 'bill', '--period', '2026-11');
    const r = await f.run('fee', 'pay', '3栋2单元501', '１５０．５', '--method', '微信');
    expect(r).toEqual({
      code: 0,
      stdout: '已收 3-2-501 物业费 150.50 元（微信），收据 SK-202611-0001，缴 2026-10、2026-11；尚欠 118.00 元\n',
      stderr: '',
    });
    const json = JSON.parse((await f.must('fee', 'pay', '3-2-501', '118', '--json')).stdout);
    expect(json).toMatchObject({
      receipt: 'SK-202611-0002',
      amount_fen: 11800,
      method: 'cash',
      periods: ['2026-11'],
      advance_fen: 0,
      owed_fen: 0,
    });
  });

  it('refuses bad amounts, unknown houses and future periods with exit 2 and one clear line', async () => {
    await f.must('fee', 'bill', '--period', '2026-11');
    expect(await f.run('fee', 'pay', '3-2-501', '-5')).toEqual({
      code: 2,
      stdout: '',
      stderr: 'hongwu: <amount>：金额须大于零（-5）\n  更正已收款项请用 hongwu fee reverse\n',
    });
    expect((await f.run('fee', 'pay', '3-2-501', '0')).code).toBe(2);
    expect(await f.run('fee', 'pay', '3-2-501', '12.345')).toEqual({
      code: 2,
      stdout: '',
      stderr: 'hongwu: <amount>：“12.345”超过两位小数（最小到分）\n  请写到分，如 120.55\n',
    });
    expect(await f.run('fee', 'pay', '3-2-509', '10')).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'hongwu: 没有房屋 3-2-509；是不是 3-2-501, 3-2-502, 3-1-101？\n  房屋先用 hongwu house add 登记；全部房屋见 hongwu house list\n',
    });
    expect(await f.run('fee', 'bill', '--period', '2027')).toEqual({
      code: 2,
      stdout: '',
      stderr: 'hongwu: --period 2027 还没开始（现在是 2026-11）\n  只能为已开始的账期开账\n',
    });
    expect((await f.run('fee', 'bill', '--period', '2026-13', '--lang', 'en')).stderr).toBe(
      'hongwu: --period: "2026-13" is not a billing period\n  write a year 2026, a quarter 2026-Q4 or a month ' +
        '2026-11\n',
    );
    expect(await feeSnapshot(f.db)).toMatchObject({ paid: 0 });
  });

  it(
    'refuses paying a fully paid house (exit 1), naming ' + 'the arrears list; more than owed needs --advance',
    async () => {
      await f.must('fee', 'bill', '--period', '2026-11');
      expect(await f.run('fee', 'pay', '3-2-501', '200')).toEqual({
        code: 1,
        stdout: '',
        stderr: 'hongwu: 房屋 3-2-501 只欠 134.25 元，收 200.00 元多了\n  请收 134.25 元；多收的作预交请加 --advance\n',
      });
      await f.must('fee', 'pay', '3-2-501', '134.25');
      expect(await f.run('fee', 'pay', '3-2-501', '10')).toEqual({
        code: 1,
        stdout: '',
        stderr: 'hongwu: 房屋 3-2-501 已缴清，无需缴费\n  欠费名单见 hongwu fee arrears；预交请加 --advance\n',
      });
      expect((await f.run('fee', 'pay', '3-2-501', '10', '--lang', 'en')).stderr).toBe(
        'hongwu: house 3-2-501 is fully paid: nothing is owed\n  see the arrears list: `hongwu fee arrears`; to ' +
          'pay ahead add --advance\n',
      );
      // Paid ahead: the advance goes onto the next bill when it is made.
      const ahead = JSON.parse((await f.must('fee', 'pay', '3-2-501', '200', '--advance', '--json')).stdout);
      expect(ahead).toMatchObject({ advance_fen: 20000, periods: [] });
      const houses = JSON.parse((await f.must('house', 'list', '--json')).stdout);
      expect(houses.find((h: { address: string }) => h.address === '3-2-501')).toMatchObject({
        address: '3-2-501',
        owed_fen: 0,
        credit_fen: 20000,
      });
    },
  );

  it('waives a bill and reverses a payment, and the arrears list follows, owners masked', async () => {
    await f.must('fee', 'bill', '--period', '2026-10');
    await f.must('fee', 'bill', '--period', '2026-11');
    await f.must('fee', 'pay', '3-2-501', '268.50');
    await f.must('fee', 'pay', '3-2-502', '150');
    const waived = await f.run('fee', 'waive', '1', '--reason', '低保户');
    expect(waived).toEqual({ code: 0, stdout: '已减免账单 #1（3-1-101 2026-10）90.00 元：低保户\n', stderr: '' });
    expect((await f.run('fee', 'waive', '#1', '--reason', '再减')).code).toBe(1);
    const reversed = await f.run('fee', 'reverse', 'SK-202611-0001', '--reason', '收款录错房号');
    expect(reversed).toEqual({
      code: 0,
      stdout: '已冲正缴费 #1：3-2-501 -268.50 元，记录 #3；尚欠 268.50 元\n',
      stderr: '',
    });
    expect((await f.run('fee', 'reverse', '1', '--reason', '再冲')).stderr).toBe(
      'hongwu: SK-202611-0001 已于 #3 冲正\n  可用 hongwu fee ledger 查看\n',
    );

    const arrears = await f.run('fee', 'arrears');
    expect(arrears.code).toBe(0);
    expect(arrears.stdout).toBe(
      [
        '┌─────────┬───────┬─────────────┬─────────────────┬──────────┬────────────┐',
        '│ 房号    │ 业主  │ 电话        │ 欠费账期        │ 欠费月数 │ 欠费（元） │',
        '├─────────┼───────┼─────────────┼─────────────────┼──────────┼────────────┤',
        '│ 3-2-501 │ 张*   │ 138****5678 │ 2026-10 2026-11 │ 2        │ 268.50     │',
        '│ 3-1-101 │       │             │ 2026-11         │ 1        │ 90.00      │',
        '│ 3-2-502 │ 欧*** │ 139****1111 │ 2026-11         │ 1        │ 150.00     │',
        '└─────────┴───────┴─────────────┴─────────────────┴──────────┴────────────┘',
        '',
      ].join('\n'),
    );
    expect(arrears.stderr).toBe('欠费 3 户，合计 508.50 元（截至 2026-11-26 10:00）\n');
    const json = JSON.parse((await f.must('fee', 'arrears', '--json')).stdout);
    expect(json).toEqual([
      {
        house: '3-2-501',
        owner: '张*',
        owner_phone: '138****5678',
        periods: ['2026-10', '2026-11'],
        months: 2,
        amount_fen: 26850,
      },
      { house: '3-1-101', owner: null, owner_phone: null, periods: ['2026-11'], months: 1, amount_fen: 9000 },
      {
        house: '3-2-502',
        owner: '欧***',
        owner_phone: '139****1111',
        periods: ['2026-11'],
        months: 1,
        amount_fen: 15000,
      },
    ]);
    expect(JSON.parse((await f.must('fee', 'arrears', '--months', '2', '--json')).stdout)).toHaveLength(1);

    const csv = parse((await f.must('fee', 'ledger', '--month', '2026-11', '--csv')).stdout, {
      columns: true,
    }) as Record<string, string>[];
    expect(csv.map((r) => [r.type, r.receipt, r.house, r.amount_fen, r.reverses])).toEqual([
      ['payment', 'SK-202611-0001', '3-2-501', '26850', ''],
      ['payment', 'SK-202611-0002', '3-2-502', '15000', ''],
      ['reversal', '', '3-2-501', '-26850', '1'],
      // At the same instant, waivers come after payments.
      ['waiver', '', '3-1-101', '9000', ''],
    ]);
    expect(await feeSnapshot(f.db)).toEqual({ bills: 6, billed: 74850, paid: 15000, allocated: 15000, waived: 9000 });
  });

  it('reports the fee figures beside the others', async () => {
    await f.must('fee', 'bill', '--period', '2026-11');
    await f.must('fee', 'pay', '3-2-501', '134.25');
    await f.must('fee', 'pay', '3-2-502', '100');
    const report = JSON.parse((await f.must('report', '--month', 'this', '--json')).stdout);
    const value = (metric: string) => report.rows.find((r: { metric: string }) => r.metric === metric);
    expect(value('fees_billed')).toMatchObject({ value: 37425, unit: 'fen', label: '物业费开账金额' });
    expect(value('fees_collected')).toMatchObject({ value: 23425, unit: 'fen' });
    // 234.25 / 374.25 = 62.59 %
    expect(value('fee_collection_rate')).toMatchObject({ value: 62.6, unit: 'percent' });
    expect(value('households_in_arrears')).toMatchObject({ value: 2, unit: 'count' });
    const md = (await f.must('report', '--month', 'this', '--format', 'md')).stdout;
    expect(md).toMatch(/## 一、主要指标[\s\S]*\| 物业费收缴率 \| 62\.6% \|[\s\S]*## 二、/);
    expect(md).toContain('| 物业费实收金额 | 234.25 元 |');
  });
});
