import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { formatInstant, fromLocal, toLocal, useOffsetReader } from '../../src/domain/time.js';
import { localTimeOffsets } from '../../src/platform/zone-offsets.js';

/** What Intl says, asked directly: the reference for the offsets cached per hour. */
function intl(instant: Date, timeZone: string) {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    })
      .formatToParts(instant)
      .filter((p) => p.type !== 'literal')
      .map((p) => [p.type, Number(p.value)]),
  );
  return { ...parts, ms: instant.getUTCMilliseconds() };
}

// Offsets are read through V8's local time (TZ set for the moment); a name ICU knows only
// case-insensitively ('asia/shanghai') reads as UTC there and goes to Intl, as do stretches of UTC
// before a zone has shown an offset (Europe/London in winter, Africa/Abidjan). All must agree with Intl.
const ZONES = [
  'Asia/Shanghai',
  'Europe/Berlin',
  'America/New_York',
  'Australia/Lord_Howe',
  'Asia/Kathmandu',
  'America/St_Johns',
  'UTC',
  'Asia/Kolkata',
  'Africa/Casablanca',
  'America/Sao_Paulo',
  'Pacific/Chatham',
  'Europe/London',
  'Africa/Abidjan',
  'asia/shanghai',
];

describe('local time with offsets cached per hour', () => {
  beforeAll(() => useOffsetReader(localTimeOffsets));

  it("answers from V8's local time where it can (else this file would test Intl against itself)", () => {
    expect(localTimeOffsets(Date.UTC(2026, 10, 26), 'Asia/Shanghai')).toBe(8 * 3600_000);
    expect(localTimeOffsets(Date.UTC(2026, 6, 1), 'Europe/Berlin')).toBe(2 * 3600_000);
  });

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
    expect(
      fromLocal(
        { year: 2026, month: 3, day: 29, hour: 2, minute: 30, second: 0, ms: 0 },
        'Europe/Berlin',
      ).toISOString(),
    ).toBe('2026-03-29T01:30:00.000Z');
  });

  it('reads instants before 1970 as Intl does, offsets in seconds included', () => {
    for (const iso of ['1900-01-01T00:00:00Z', '1927-12-31T15:54:17Z', '1969-12-31T23:59:59.999Z']) {
      expect(toLocal(new Date(iso), 'Asia/Shanghai')).toEqual(intl(new Date(iso), 'Asia/Shanghai'));
    }
  });

  it("leaves the machine's own time zone as it was", () => {
    const saved = process.env.TZ;
    process.env.TZ = 'America/Denver';
    try {
      const probe = new Date(Date.UTC(2031, 4, 17, 12));
      const before = probe.getHours();
      expect(formatInstant(probe, 'Asia/Tokyo')).toBe('2031-05-17T21:00:00+09:00');
      expect(process.env.TZ).toBe('America/Denver');
      expect(probe.getHours()).toBe(before);
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
  });
});
