import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCalendar } from '../../src/db/calendar.repository.js';
import { openStore } from '../../src/db/connection.js';
import { migrateToLatest } from '../../src/db/migrator.js';
import { dueAfter, localDate } from '../../src/domain/durations.js';
import { formatInstant } from '../../src/domain/time.js';
import {
  addWorkingDays,
  nextWorkingDay,
  shiftDate,
  workingDaysBetween,
  type WorkCalendar,
} from '../../src/domain/working-days.js';
import { tempDbPath } from '../helpers/cli.js';
import { onPostgres } from '../helpers/pg-databases.js';
import { openTestStore, rows } from '../helpers/rows.js';

const ZONE = 'Asia/Shanghai';
let file: string;
let calendar: WorkCalendar;

beforeAll(async () => {
  file = tempDbPath();
  const store = onPostgres() ? await openTestStore(file) : openStore(file, { create: true });
  await migrateToLatest(store, { now: new Date('2026-11-26T02:00:00Z') });
  calendar = await loadCalendar(store.db, '2004-01-01');
  await store.close();
});

/** The calendar table read back with plain SQL: what a clerk sees in `hongwu calendar`. */
async function tableDays(): Promise<Map<string, string>> {
  const days = await rows<{ date: string; type: string }>(file, 'SELECT date, type FROM calendar_days');
  return new Map(days.map((r) => [r.date, r.type]));
}

describe('the official calendar copied in by migration 0012', () => {
  it('holds 2004–2026, with National Day 2026 and its make-up Saturday', async () => {
    expect([...calendar.knownYears]).toEqual(Array.from({ length: 23 }, (_, i) => 2004 + i));
    const days = await tableDays();
    for (let d = 1; d <= 7; d++) expect(days.get(`2026-10-0${d}`)).toBe('holiday');
    expect(days.get('2026-10-10')).toBe('workday');
    expect(days.get('2026-10-08')).toBeUndefined();
  });

  it('a timed demand taken 2026-09-30 10:00 with 5wd is due 2026-10-13 23:59:59.999+08:00', () => {
    const due = dueAfter(new Date('2026-09-30T10:00:00+08:00'), { n: 5, unit: 'wd' }, ZONE, calendar);
    expect(formatInstant(due, ZONE)).toBe('2026-10-13T23:59:59.999+08:00');
  });

  it('the day of intake never counts, whatever the hour; the next working day skips the holiday', () => {
    const early = dueAfter(new Date('2026-09-29T00:00:00+08:00'), { n: 1, unit: 'wd' }, ZONE, calendar);
    const late = dueAfter(new Date('2026-09-29T23:59:00+08:00'), { n: 1, unit: 'wd' }, ZONE, calendar);
    expect(formatInstant(early, ZONE)).toBe('2026-09-30T23:59:59.999+08:00');
    expect(late).toEqual(early);
    expect(nextWorkingDay(calendar, '2026-09-30')).toBe('2026-10-08');
    expect(nextWorkingDay(calendar, '2026-10-09')).toBe('2026-10-10');
  });

  it('hours are wall time and calendar days keep the hour', () => {
    const start = new Date('2026-09-30T10:00:00+08:00');
    expect(formatInstant(dueAfter(start, { n: 24, unit: 'h' }, ZONE, calendar), ZONE)).toBe(
      '2026-10-01T10:00:00+08:00',
    );
    expect(formatInstant(dueAfter(start, { n: 7, unit: 'd' }, ZONE, calendar), ZONE)).toBe('2026-10-07T10:00:00+08:00');
  });
});

describe('properties', () => {
  const instant = fc.date({
    min: new Date('2004-01-01T00:00:00Z'),
    max: new Date('2026-11-30T00:00:00Z'),
    noInvalidDate: true,
  });

  it('the wd deadline equals a naive day-by-day walk over the calendar table', async () => {
    const days = await tableDays();
    const working = (date: string) => {
      const listed = days.get(date);
      if (listed) return listed === 'workday';
      const weekday = new Date(`${date}T12:00:00Z`).getUTCDay();
      return weekday >= 1 && weekday <= 5;
    };
    fc.assert(
      fc.property(instant, fc.integer({ min: 1, max: 40 }), (at, n) => {
        let date = localDate(at, ZONE);
        for (let seen = 0; seen < n; ) {
          date = new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
          if (working(date)) seen++;
        }
        const due = dueAfter(at, { n, unit: 'wd' }, ZONE, calendar);
        expect(formatInstant(due, ZONE)).toBe(`${date}T23:59:59.999+08:00`);
      }),
      { numRuns: 300 },
    );
  });

  it('pause spans add up: counted in pieces or at once, the working days and the moved deadline agree', () => {
    const date = fc.integer({ min: 0, max: 8000 }).map((i) => shiftDate('2004-01-01', i));
    fc.assert(
      fc.property(
        date,
        fc.integer({ min: 0, max: 60 }),
        fc.integer({ min: 0, max: 60 }),
        fc.integer({ min: 1, max: 20 }),
        (a, x, y, n) => {
          const b = shiftDate(a, x);
          const c = shiftDate(b, y);
          const whole = workingDaysBetween(calendar, a, c);
          expect(workingDaysBetween(calendar, a, b) + workingDaysBetween(calendar, b, c)).toBe(whole);
          const due = addWorkingDays(calendar, a, n);
          const first = workingDaysBetween(calendar, a, b);
          expect(addWorkingDays(calendar, addWorkingDays(calendar, due, first), whole - first)).toBe(
            addWorkingDays(calendar, due, whole),
          );
        },
      ),
      { numRuns: 300 },
    );
  });
});
