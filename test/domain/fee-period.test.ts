import { describe, expect, it } from 'vitest';
import { allocate, overlaps, parseFeePeriod } from '../../src/domain/fee-period.js';

describe('billing periods', () => {
  it.each([
    ['2026', { code: '2026', first: '2026-01', last: '2026-12', months: 12 }],
    ['2026-Q4', { code: '2026-Q4', first: '2026-10', last: '2026-12', months: 3 }],
    ['2026q1', { code: '2026-Q1', first: '2026-01', last: '2026-03', months: 3 }],
    ['2026-11', { code: '2026-11', first: '2026-11', last: '2026-11', months: 1 }],
    ['２０２６－１１', { code: '2026-11', first: '2026-11', last: '2026-11', months: 1 }],
    ['2026年3月', { code: '2026-03', first: '2026-03', last: '2026-03', months: 1 }],
  ])('%s', (text, period) => {
    expect(parseFeePeriod(text)).toEqual(period);
  });

  it.each(['2026-13', '2026-Q5', '26', 'next year'])('%s is refused (exit 2)', (text) => {
    expect(() => parseFeePeriod(text)).toThrow(/not a billing period/);
  });

  it('knows overlapping periods', () => {
    expect(overlaps(parseFeePeriod('2026'), parseFeePeriod('2026-11'))).toBe(true);
    expect(overlaps(parseFeePeriod('2026-Q3'), parseFeePeriod('2026-10'))).toBe(false);
  });

  it('spreads a payment oldest bill first, the rest in advance', () => {
    const bills = [
      { id: 1, outstanding: 100 },
      { id: 2, outstanding: 0 },
      { id: 3, outstanding: 50 },
    ];
    expect(allocate(120, bills)).toEqual({
      allocations: [
        { bill: bills[0], amount: 100 },
        { bill: bills[2], amount: 20 },
      ],
      left: 0,
    });
    expect(allocate(200, bills).left).toBe(50);
  });
});
