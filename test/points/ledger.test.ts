import { describe, expect, it } from 'vitest';
import { NotAllowedError, UsageError } from '../../src/domain/errors.js';
import { checkRedemption, redemptionCost, reversalDelta, splitParticipants, stockAfter } from '../../src/domain/ledger.js';

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
    expect(() => checkRedemption({ name: '张三', balance: 100 }, { ...rice, stock: 0 }, 1)).toThrow('大米 is out of stock');
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
    expect(() => reversalDelta({ ...earn, id: 9, type: 'reversal', delta: -10, reverses: 7 }, { name: '张三', balance: 0 })).toThrow(
      'entry #9 is itself the reversal of entry #7; a reversal cannot be reversed',
    );
    expect(() => reversalDelta({ ...earn, reversedBy: 9 }, { name: '张三', balance: 10 })).toThrow('entry #7 was already reversed by entry #9');
  });

  it('does not take back points already spent', () => {
    expect(() => reversalDelta(earn, { name: '张三', balance: 4 })).toThrow('reversing entry 7 takes 10 points but 张三 has 4 left');
  });
});

describe('participants', () => {
  it('splits on ASCII and Chinese commas and 、, keeping spaces inside names', () => {
    expect(splitParticipants('张三,李四，王五、 Li Lei ,, #12')).toEqual(['张三', '李四', '王五', 'Li Lei', '#12']);
  });
});
