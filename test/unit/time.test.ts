import { describe, expect, it } from 'vitest';
import {
  addMonths,
  formatInstant,
  fromLocal,
  isMonth,
  monthOf,
  monthRange,
  offsetMinutes,
  parseLocalInput,
} from '../../src/domain/time.js';

const SH = 'Asia/Shanghai';
const now = new Date('2026-11-26T02:00:00Z'); // 10:00 in Shanghai

describe('time zone arithmetic (never the machine TZ)', () => {
  it('formats with the zone offset, milliseconds only when set', () => {
    expect(formatInstant(new Date('2026-11-26T02:00:00Z'), SH)).toBe('2026-11-26T10:00:00+08:00');
    expect(formatInstant(new Date('2026-11-26T15:59:59.999Z'), SH)).toBe('2026-11-26T23:59:59.999+08:00');
    expect(formatInstant(new Date('2026-07-01T12:00:00Z'), 'America/New_York')).toBe('2026-07-01T08:00:00-04:00');
  });

  it('puts 07:00 on the 1st in Shanghai into that month, though it is the previous day in UTC', () => {
    const at = new Date('2026-10-31T23:00:00Z');
    expect(monthOf(at, SH)).toBe('2026-11');
    expect(monthOf(at, 'UTC')).toBe('2026-10');
  });

  it('gives half-open month ranges, across the year end', () => {
    expect(monthRange('2026-12', SH)).toEqual({
      start: new Date('2026-11-30T16:00:00Z'),
      end: new Date('2026-12-31T16:00:00Z'),
    });
    expect(monthRange('2027-01', SH).start).toEqual(new Date('2026-12-31T16:00:00Z'));
    expect(addMonths('2026-12', 1)).toBe('2027-01');
    expect(addMonths('2026-01', -1)).toBe('2025-12');
    expect(addMonths('2026-11', -12)).toBe('2025-11');
  });

  it('handles a zone with daylight saving time', () => {
    const tz = 'America/New_York';
    expect(offsetMinutes(new Date('2026-01-15T12:00:00Z'), tz)).toBe(-300);
    expect(offsetMinutes(new Date('2026-07-15T12:00:00Z'), tz)).toBe(-240);
    const local = { year: 2026, month: 3, day: 8, hour: 12, minute: 0, second: 0, ms: 0 };
    expect(fromLocal(local, tz)).toEqual(new Date('2026-03-08T16:00:00Z'));
  });

  it('checks months', () => {
    expect(isMonth('2026-11')).toBe(true);
    expect(isMonth('2026-13')).toBe(false);
    expect(isMonth('2026-1')).toBe(false);
  });
});

describe('reading a clerk’s date or time', () => {
  const parse = (text: string, mode: 'start' | 'end' = 'start') => parseLocalInput(text, SH, now, mode)?.toISOString();

  it('reads a date alone as the start (--at) or the end (--due) of that day', () => {
    expect(parse('2026-11-20')).toBe('2026-11-19T16:00:00.000Z');
    expect(parse('2026-11-20', 'end')).toBe('2026-11-20T15:59:59.999Z');
    expect(parse('2026/11/20')).toBe('2026-11-19T16:00:00.000Z');
  });

  it('reads local times in the database zone and honours explicit offsets', () => {
    expect(parse('2026-11-20 14:30')).toBe('2026-11-20T06:30:00.000Z');
    expect(parse('2026-11-20T14:30:15')).toBe('2026-11-20T06:30:15.000Z');
    expect(parse('2026-11-20T14:30:00Z')).toBe('2026-11-20T14:30:00.000Z');
    expect(parse('2026-11-20T14:30:00-05:00')).toBe('2026-11-20T19:30:00.000Z');
    expect(parse('2026-11-20T14:30:00.5+08:00')).toBe('2026-11-20T06:30:00.500Z');
  });

  it('reads HH:MM alone as today in the database zone', () => {
    expect(parse('08:15')).toBe('2026-11-26T00:15:00.000Z');
  });

  it('rejects what is no date', () => {
    for (const bad of ['', 'tomorrow', '2026-02-30', '2026-13-01', '2026-11-20 25:00', '2026-11-20T10:61', '12345']) {
      expect(parse(bad), bad).toBeUndefined();
    }
  });
});
