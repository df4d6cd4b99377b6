import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maskPhone } from '../../src/domain/phone.js';

describe('masking a phone number', () => {
  it('shows a mobile as SPEC §3 writes it, and no more than half of a shorter number', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskPhone('08565221234')).toBe('085****1234');
    expect(maskPhone('52211234')).toBe('****1234');
    expect(maskPhone('5221234')).toBe('*****34');
    expect(maskPhone('12345')).toBe('***45');
    expect(maskPhone('110')).toBe('***');
    expect(maskPhone('')).toBeNull();
    expect(maskPhone(null)).toBeNull();
  });

  it('never shows more than half of a number shorter than a mobile, nor its length beyond it', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{1,10}$/), (digits) => {
        const masked = maskPhone(digits)!;
        expect(masked).toHaveLength(digits.length);
        expect(masked.replace(/\*/g, '').length * 2).toBeLessThanOrEqual(digits.length);
        expect(digits.endsWith(masked.replace(/\*/g, ''))).toBe(true);
      }),
    );
  });
});
