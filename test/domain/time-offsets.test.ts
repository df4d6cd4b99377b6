import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatInstant, fromLocal, toLocal } from '../../src/domain/time.js';

/** What Intl says, asked directly: the reference for the offsets cached per hour. */
function intl(instant: Date, timeZone: string) {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' })
      .formatToParts(instant)
      .filter((p) => p.type !== 'literal')
      .map((p) => [p.type, Number(p.value)]),
  );
  return { ...parts, ms: instant.getUTCMilliseconds() };
}

const ZONES = ['Asia/Shanghai', 'Europe/Berlin', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'America/St_Johns', 'UTC'];

describe('local time with offsets cached per hour', () => {
  it('reads every instant as Intl does, across DST changes and odd offsets', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ZONES),
        fc.integer({ min: Date.UTC(1980, 0, 1), max: Date.UTC(2040, 0, 1) }),
        (zone, ms) => {
          const instant = new Date(ms);
          expect(toLocal(instant, zone)).toEqual(intl(instant, zone));
        },
      ),
      { numRuns: 800 },
    );
  });

  it('reads the minutes around a DST change exactly', () => {
    const change = Date.UTC(2026, 2, 29, 1, 0, 0); // Europe/Berlin: 02:00 CET → 03:00 CEST
    for (let m = -90; m <= 90; m++) {
      const instant = new Date(change + m * 60_000 - 1);
      expect(toLocal(instant, 'Europe/Berlin')).toEqual(intl(instant, 'Europe/Berlin'));
    }
    expect(formatInstant(new Date(change), 'Europe/Berlin')).toBe('2026-03-29T03:00:00+02:00');
    expect(fromLocal({ year: 2026, month: 3, day: 29, hour: 2, minute: 30, second: 0, ms: 0 }, 'Europe/Berlin').toISOString()).toBe('2026-03-29T01:30:00.000Z');
  });
});
