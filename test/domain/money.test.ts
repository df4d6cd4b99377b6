import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HongwuError } from '../../src/domain/errors.js';
import { feeFor, formatYuan, parseArea, parseYuan } from '../../src/domain/money.js';

describe('money in fen, by string arithmetic', () => {
  it.each([
    ['12.5', 1250],
    ['12.50', 1250],
    ['１２.５', 1250],
    ['１２．５０', 1250],
    ['0.01', 1],
    ['.5', 50],
    ['120', 12000],
    ['¥120.05', 12005],
    ['120.05元', 12005],
    ['1,200.10', 120010],
    ['0.1', 10],
  ])('%s yuan is %i fen', (text, fen) => {
    expect(parseYuan(text, '<amount>')).toBe(fen);
  });

  it.each([
    ['-5', 'more than zero'],
    ['0', 'more than zero'],
    ['0.00', 'more than zero'],
    ['12.345', 'more than two decimals'],
    ['abc', 'is not an amount'],
    ['', 'is not an amount'],
    ['1e3', 'is not an amount'],
    ['.', 'is not an amount'],
  ])('%s is refused with exit 2 (%s)', (text, says) => {
    try {
      parseYuan(text, '<amount>');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(HongwuError);
      expect((e as HongwuError).exitCode).toBe(2);
      expect((e as HongwuError).message).toContain(says);
    }
  });

  it('prints yuan with two decimals', () => {
    expect(formatYuan(1250)).toBe('12.50');
    expect(formatYuan(5)).toBe('0.05');
    expect(formatYuan(-5)).toBe('-0.05');
    expect(formatYuan(123456789012)).toBe('1234567890.12');
  });

  it('round-trips every amount exactly', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100_000_000_00 }), (fen) => parseYuan(formatYuan(fen), 'x') === fen),
    );
  });

  it('parses areas to hundredths of a square metre', () => {
    expect(parseArea('89.5', '--area')).toBe(8950);
    expect(parseArea('１２０㎡', '--area')).toBe(12000);
    expect(() => parseArea('0', '--area')).toThrow(/not an area/);
    expect(() => parseArea('89.555', '--area')).toThrow(/not an area/);
  });

  it('prices a period exactly, rounding half-up once', () => {
    // 1.50 yuan/m²/month × 89.50 m² × 12 months = 1611.00 yuan
    expect(feeFor(150, 8950, 12, 1)).toBe(161100);
    // 18.00 yuan/m²/year, one month of 89.50 m²: 134.25 yuan
    expect(feeFor(1800, 8950, 1, 12)).toBe(13425);
    // 1.55 × 0.33 m² = 0.5115 yuan → 0.51; 1.55 × 0.35 = 0.5425 → 0.54; half-up at .5 fen
    expect(feeFor(155, 33, 1, 1)).toBe(51);
    expect(feeFor(1, 50, 1, 1)).toBe(1);
  });
});
