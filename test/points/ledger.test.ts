import { describe, expect, it } from 'vitest';
import { inCliTerms } from '../../src/cli/fields.js';
import { CLI_SPELLING } from '../../src/cli/spelling.js';
import { HongwuError, NotAllowedError, UsageError } from '../../src/domain/errors.js';
import {
  checkRedemption,
  redemptionCost,
  reversalDelta,
  splitParticipants,
  stockAfter,
} from '../../src/domain/ledger.js';

const rice = { name: '大米', cost: 30, stock: 2 };

describe('redemption rules', () => {
  it('takes cost × quantity', () => {
    expect(checkRedemption({ name: '张三', balance: 60 }, rice, 2)).toBe(-60);
    expect(checkRedemption({ name: '张三', balance: 1000 }, { ...rice, stock: null }, 10)).toBe(-300);
  });

  it('refuses more than the balance, naming balance and cost', () => {
    const refuse = () => checkRedemption({ name: '张三', balance: 59 }, rice, 2);
    expect(refuse).toThrow(NotAllowedError);
    expect(refuse).toThrow('张三 has 59 points; 2 × 大米 costs 60');
  });

  it('refuses more than the stock before looking at the balance', () => {
    expect(() => checkRedemption({ name: '张三', balance: 0 }, rice, 3)).toThrow('only 2 of 大米 left; 3 asked');
    expect(() => checkRedemption({ name: '张三', balance: 100 }, { ...rice, stock: 0 }, 1)).toThrow(
      '大米 is out of stock',
    );
  });

  it('refuses a total that does not fit an integer', () => {
    expect(() => redemptionCost({ name: 'x', cost: 2 ** 40, stock: null }, 2 ** 20)).toThrow(UsageError);
  });

  it('leaves an unlimited stock unlimited', () => {
    expect(stockAfter(null, -5)).toBeNull();
    expect(stockAfter(3, -1)).toBe(2);
  });
});

describe('reversal rules', () => {
  const earn = { id: 7, type: 'earn' as const, delta: 10, reverses: null, reversedBy: null };

  it('is the opposite entry', () => {
    expect(reversalDelta(earn, { name: '张三', balance: 10 })).toBe(-10);
    expect(reversalDelta({ ...earn, type: 'redeem', delta: -30 }, { name: '张三', balance: 0 })).toBe(30);
  });

  it('never reverses a reversal, nor an entry twice', () => {
    expect(() =>
      reversalDelta({ ...earn, id: 9, type: 'reversal', delta: -10, reverses: 7 }, { name: '张三', balance: 0 }),
    ).toThrow('entry #9 is itself the reversal of entry #7; a reversal cannot be reversed');
    expect(() => reversalDelta({ ...earn, reversedBy: 9 }, { name: '张三', balance: 10 })).toThrow(
      'entry #7 was already reversed by entry #9',
    );
  });

  it('does not take back points already spent', () => {
    expect(() => reversalDelta(earn, { name: '张三', balance: 4 })).toThrow(
      'reversing entry 7 takes 10 points but 张三 has 4 left',
    );
  });
});

describe('participants', () => {
  it('splits on ASCII and Chinese commas and 、, keeping spaces inside names', () => {
    expect(splitParticipants('张三,李四，王五、 Li Lei ,, #12')).toEqual(['张三', '李四', '王五', 'Li Lei', '#12']);
  });
});

/** What the clerk reads of a refusal, in both languages: the message and the hint, commands as typed. */
function refusal(work: () => unknown): { text: unknown; hint?: unknown } {
  try {
    work();
  } catch (e) {
    if (e instanceof HongwuError) return e.spelledBy(CLI_SPELLING);
    throw e;
  }
  throw new Error('not refused');
}

describe('refusals in both languages', () => {
  it('says what is wrong and what to do, in Chinese and in English', () => {
    const tooLarge = () => redemptionCost({ name: 'x', cost: 2 ** 40, stock: null }, 2 ** 20);
    expect(refusal(tooLarge)).toEqual({
      text: {
        zh: `兑换数量 ${2 ** 20} × ${2 ** 40} 积分太大`,
        en: `the quantity ${2 ** 20} × ${2 ** 40} points is too large`,
      },
      hint: { zh: '请给小一些的兑换数量', en: 'give a smaller quantity' },
    });
    // The clerk reads the field as its flag (src/cli/fields.ts).
    const asTyped = () => {
      try {
        tooLarge();
      } catch (e) {
        throw inCliTerms(e);
      }
    };
    expect(refusal(asTyped)).toEqual({
      text: { zh: `--qty ${2 ** 20} × ${2 ** 40} 积分太大`, en: `--qty ${2 ** 20} × ${2 ** 40} points is too large` },
      hint: { zh: '请给小一些的 --qty', en: 'give a smaller --qty' },
    });
    expect(refusal(() => checkRedemption({ name: '张三', balance: 0 }, rice, 3))).toEqual({
      text: { zh: '大米 只剩 2 件，要兑换 3 件', en: 'only 2 of 大米 left; 3 asked' },
      hint: {
        zh: '补货：hongwu points item restock 大米 <数量>，或少兑换一些（--qty）',
        en: 'restock it with `hongwu points item restock 大米 <n>` or redeem fewer (--qty)',
      },
    });
    expect(refusal(() => checkRedemption({ name: '张三', balance: 100 }, { ...rice, stock: 0 }, 1))).toEqual({
      text: { zh: '大米 已无库存', en: '大米 is out of stock' },
      hint: {
        zh: '补货：hongwu points item restock 大米 <数量>',
        en: 'restock it with `hongwu points item restock 大米 <n>`',
      },
    });
    const earn = { id: 7, type: 'earn' as const, delta: 10, reverses: null, reversedBy: null };
    expect(
      refusal(() =>
        reversalDelta({ ...earn, id: 9, type: 'reversal', delta: -10, reverses: 7 }, { name: '张三', balance: 0 }),
      ),
    ).toEqual({
      text: {
        zh: '流水 #9 本身是对流水 #7 的冲正，冲正不能再冲正',
        en: 'entry #9 is itself the reversal of entry #7; a reversal cannot be reversed',
      },
      hint: {
        zh: '请改用 hongwu points earn 重新记分（或重新兑换）',
        en: 'record the points again with `hongwu points earn` (or redeem again) instead',
      },
    });
    expect(refusal(() => reversalDelta({ ...earn, reversedBy: 9 }, { name: '张三', balance: 10 }))).toEqual({
      text: { zh: '流水 #7 已被流水 #9 冲正', en: 'entry #7 was already reversed by entry #9' },
      hint: { zh: '可用 hongwu points ledger 查看', en: 'see `hongwu points ledger`' },
    });
    expect(refusal(() => reversalDelta(earn, { name: '张三', balance: 4 }))).toEqual({
      text: {
        zh: '冲正记录 7 要扣 10 积分，但 张三 只剩 4',
        en: 'reversing entry 7 takes 10 points but 张三 has 4 left',
      },
      hint: {
        zh: '这些积分已被兑换：请先冲正那些兑换',
        en: 'the points were already redeemed: reverse those redemptions first',
      },
    });
  });
});
