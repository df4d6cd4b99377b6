import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isoString } from '../../src/domain/iso.js';

describe('isoString', () => {
  it('is what Date.toISOString says, for every instant', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.integer({ min: -8.64e15, max: 8.64e15 }),
          fc.integer({ min: 0, max: Date.UTC(2100, 0, 1) }),
          fc.double({ min: 0, max: 4e12, noNaN: true }),
        ),
        (ms) => {
          expect(isoString(ms)).toBe(new Date(ms).toISOString());
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('formats the edges of a day and of the four-digit years', () => {
    for (const ms of [
      0,
      1,
      86_399_999,
      86_400_000,
      Date.UTC(2026, 9, 31, 16),
      253_402_300_799_999,
      253_402_300_800_000,
    ]) {
      expect(isoString(ms)).toBe(new Date(ms).toISOString());
    }
  });
});
