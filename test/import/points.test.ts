import { describe, expect, it } from 'vitest';
import { contents } from '../helpers/rows.js';
import { errorsOf, importFixture } from './helpers.js';

/** A community with the roster's residents and the love supermarket's 洗衣液. */
function withResidents() {
  const f = importFixture();
  f.must('import', 'residents', f.fixture('居民花名册-wps.csv'), '--yes');
  f.must('points', 'item', 'add', '洗衣液', '--cost', '10');
  return f;
}

interface Entry {
  entry: number;
  resident: string;
  delta: number;
  reason: string | null;
  item: string | null;
  at: string;
  operator: string;
  reverses: number | null;
}

describe('import points', () => {
  it(
    'reads a WPS ledger through the ledger rules: reasons from ' + "the clerk's words, a redemption of an item on file",
    async () => {
      const f = withResidents();
      const sheet = f.fixture('积分台账-wps.csv');
      expect(f.run('import', 'points', sheet, '--yes')).toEqual({
        code: 0,
        stdout: '已导入幸福里积分流水 4 条；已有 0 条跳过\n',
        stderr: '',
      });
      const entries: Entry[] = f.json('points', 'ledger');
      const byTime = entries.sort((a, b) => a.at.localeCompare(b.at));
      expect(byTime.map((e) => [e.resident, e.delta, e.reason, e.item, e.at, e.operator])).toEqual([
        ['张三', 30, 'patrol', null, '2025-10-05T00:00:00+08:00', 'import:积分台账-wps.csv'],
        ['李四', 20, 'cleanup', null, '2025-10-06T09:00:00+08:00', 'import:积分台账-wps.csv'],
        ['张三', -10, null, '洗衣液', '2025-10-10T10:00:00+08:00', 'import:积分台账-wps.csv'],
        ['王五', 15, 'other', null, '2025-10-12T00:00:00+08:00', 'import:积分台账-wps.csv'],
      ]);
      expect(f.json('points', 'balance', '张三')).toEqual({ resident: '张三', balance: 20 });
      // The clerk's words that name no reason stay in the note (the resident's address after it).
      expect(f.must('points', 'ledger', '王五', '--csv').stdout).toContain(',帮忙搬运物资,');
      const before = await contents(f.db);
      expect(f.run('import', 'points', sheet, '--yes').stdout).toBe('4 行均已在幸福里，无需导入\n');
      const exported = f.write('ledger.csv', f.must('points', 'ledger', '--csv').stdout);
      expect(f.run('import', 'points', exported, '--yes').stdout).toBe('4 行均已在幸福里，无需导入\n');
      expect(await contents(f.db)).toBe(before);
    },
  );

  it(
    'refuses a balance below zero at any moment in the ' + "sheet's order, and whatever else breaks a rule (exit 2)",
    () => {
      const f = withResidents();
      const sheet = f.write(
        'p.csv',
        [
          'entry,resident,delta,reason,item,at,reverses',
          '1,张三,10,patrol,,2025-10-01,',
          '2,张三,-20,,洗衣液,2025-10-02,',
          '3,张三,-10,,肥皂,2025-10-03,',
          '4,李四,10,巡逻,,2025-10-04,',
          '5,李四,-10,,,2025-10-05,4',
          '6,李四,-10,,,2025-10-06,4',
          '7,无名氏,10,patrol,,2025-10-07,',
          '8,赵六,0,patrol,,2025-10-08,',
          '9,赵六,200000,patrol,,2025-10-08,',
        ].join('\n'),
      );
      const r = f.run('import', 'points', sheet, '--yes');
      expect(r.code).toBe(2);
      expect(errorsOf(f.dir, sheet).map((e) => [e.行号, e.列, e.问题])).toEqual([
        [
          '3',
          'delta',
          '张三 只有 10 积分；1 × 洗衣液 需要 20；未兑换；可用 hongwu points balance 和 hongwu points item list 查看',
        ],
        ['4', 'item', '爱心超市没有物品“肥皂”：请先用 hongwu points item add 登记'],
        ['7', 'reverses', '流水 #4 已被流水 #5 冲正；可用 hongwu points ledger 查看'],
        ['8', 'resident', '没有居民“无名氏”：请先导入居民（hongwu import residents）'],
        ['9', 'delta', '获得的积分应为正数'],
        ['10', 'delta', '积分须为 1 到 100000 的整数（收到 200000）；未作任何记录'],
      ]);
      expect(f.json('points', 'ledger')).toEqual([]);
    },
  );

  it(
    'sums balances in time order with the entries on file, as doctor does: a redemption dated before the points ' +
      'were earned is refused',
    () => {
      const f = withResidents();
      f.must('points', 'earn', '张三', '10', '--reason', 'patrol', '--at', '2025-10-10');
      const sheet = f.write('early.csv', '居民,积分,物品,时间\n张三,-10,洗衣液,2025-10-05 08:00\n');
      expect(f.run('import', 'points', sheet, '--yes').code).toBe(2);
      expect(errorsOf(f.dir, sheet)).toEqual([
        {
          行号: '2',
          列: '时间',
          内容: '2025-10-05 08:00',
          问题: '按时间先后，该居民的积分余额在 2025-10-05 08:00:00 会低于零（-10）',
        },
      ]);
      f.write('early.csv', '居民,积分,物品,时间\n张三,-10,洗衣液,2025-10-11 08:00\n');
      expect(f.run('import', 'points', sheet, '--yes').stdout).toBe('已导入幸福里积分流水 1 条；已有 0 条跳过\n');
      expect(f.must('doctor').code).toBe(0);
    },
  );

  it("writes a reversal of the sheet's own earlier row, each key checked as its row goes in", async () => {
    const f = withResidents();
    f.must('points', 'earn', '张三', '5', '--reason', 'patrol', '--at', '2025-10-01');
    const sheet = f.write(
      'reversed.csv',
      ['流水号,居民,积分,事由,时间,冲正的流水', '1,张三,30,巡逻,2025-10-05,', '2,张三,-30,,2025-10-06,1'].join('\n'),
    );
    expect(f.run('import', 'points', sheet, '--yes').stdout).toBe('已导入幸福里积分流水 2 条；已有 0 条跳过\n');
    const entries: Entry[] = f.json('points', 'ledger', '张三');
    const earned = entries.find((e) => e.delta === 30)!;
    expect(entries.find((e) => e.delta === -30)).toMatchObject({ reverses: earned.entry });
    expect(f.json('points', 'balance', '张三')).toEqual({ resident: '张三', balance: 5 });
    expect(f.must('doctor').code).toBe(0);
  });
});
