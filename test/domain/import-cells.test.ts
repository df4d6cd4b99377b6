import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CellProblem, cellTime } from '../../src/domain/import-cells.js';
import { parseLocalInput } from '../../src/domain/time.js';

const TZ = 'Asia/Shanghai';
const NOW = new Date('2099-12-31T00:00:00Z');

/** What the clerk's way of reading a time gives: an instant, or a problem. */
const clerks = (text: string) => parseLocalInput(text, TZ, NOW, 'start')?.getTime() ?? 'problem';
const read = (text: string) => {
  try {
    return cellTime(text, TZ, NOW)!.getTime();
  } catch (e) {
    if (e instanceof CellProblem) return 'problem';
    throw e;
  }
};

/** hongwu's own exports' times (`2026-11-20T14:30:00.123+08:00`) are read on a short path: the same instants. */
describe('cellTime of an export', () => {
  it('reads the edges of months, days, years and offsets as the clerk’s way does', () => {
    for (const text of [
      '2024-02-29T10:00:00+08:00',
      '2026-02-29T10:00:00+08:00',
      '2000-02-29T00:00:00+08:00',
      '2100-02-29T00:00:00+08:00',
      '2026-04-31T00:00:00+08:00',
      '2026-12-31T23:59:59.999+08:00',
      '2026-11-20T24:00:00+08:00',
      '2026-11-20T23:60:00+08:00',
      '2026-11-20T23:00:60+08:00',
      '2026-11-20T14:30:00.5+08:00',
      '2026-11-20T14:30:00.12-05:30',
      '2026-11-20T14:30:00+14:00',
      '2026-11-20T14:30:00+14:01',
      '2026-11-20T14:30:00+08:60',
      '2026-00-20T14:30:00+08:00',
      '2026-13-20T14:30:00+08:00',
      '2026-11-00T14:30:00+08:00',
      '1999-12-31T23:59:59+08:00',
      '2000-01-01T00:00:00+08:00',
      '2099-12-31T23:59:59+08:00',
    ])
      expect(read(text), text).toBe(clerks(text));
  });

  it('gives the instant the clerk’s way gives, for any time written as an export writes it', () => {
    const two = (n: number) => String(n).padStart(2, '0');
    fc.assert(
      fc.property(
        fc.record({
          year: fc.integer({ min: 1998, max: 2101 }),
          month: fc.integer({ min: 0, max: 13 }),
          day: fc.integer({ min: 0, max: 32 }),
          hour: fc.integer({ min: 0, max: 24 }),
          minute: fc.integer({ min: 0, max: 60 }),
          second: fc.integer({ min: 0, max: 60 }),
          ms: fc.option(fc.integer({ min: 0, max: 999 }).map((n) => String(n).slice(0, 1 + (n % 3)))),
          sign: fc.constantFrom('+', '-'),
          offset: fc.integer({ min: 0, max: 15 * 60 }),
        }),
        (t) => {
          const text =
            `${t.year}-${two(t.month)}-${two(t.day)}T${two(t.hour)}:${two(t.minute)}:${two(t.second)}` +
            `${t.ms === null ? '' : `.${t.ms}`}${t.sign}${two(Math.floor(t.offset / 60))}:${two(t.offset % 60)}`;
          expect(read(text), text).toBe(clerks(text));
        },
      ),
      { numRuns: 3000 },
    );
  });
});
