import { addLocalDays, fromLocal, toLocal } from './time.js';
import { addWorkingDays, type WorkCalendar } from './working-days.js';

/**
 * A tier's time to respond or resolve (SPEC §9): `2h` hours, `7d` calendar days (the same
 * wall-clock time N days later), `5wd` working days (the end of the N-th working day after the
 * day it starts; that day never counts, whatever the hour).
 */
export type DurationUnit = 'h' | 'd' | 'wd';

export interface Duration {
  n: number;
  unit: DurationUnit;
}

const DURATION = /^(\d{1,4})\s*(h|d|wd)$/i;

export function parseDuration(text: string): Duration | undefined {
  const m = DURATION.exec(text.trim());
  if (!m || Number(m[1]) < 1) return undefined;
  return { n: Number(m[1]), unit: m[2]!.toLowerCase() as DurationUnit };
}

export function formatDuration(duration: Duration): string {
  return `${duration.n}${duration.unit}`;
}

/** The local date (`YYYY-MM-DD`) of an instant in the zone. */
export function localDate(instant: Date, timeZone: string): string {
  const l = toLocal(instant, timeZone);
  return `${String(l.year).padStart(4, '0')}-${String(l.month).padStart(2, '0')}-${String(l.day).padStart(2, '0')}`;
}

/** 23:59:59.999 of a local date in the zone. */
export function endOfDate(date: string, timeZone: string): Date {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return fromLocal({ year, month, day, hour: 23, minute: 59, second: 59, ms: 999 }, timeZone);
}

/** The instant a duration after `start` ends; working days need the calendar from `start`'s date on. */
export function dueAfter(start: Date, duration: Duration, timeZone: string, calendar: WorkCalendar): Date {
  switch (duration.unit) {
    case 'h':
      return new Date(start.getTime() + duration.n * 3600_000);
    case 'd':
      return addLocalDays(start, timeZone, duration.n);
    case 'wd':
      return endOfDate(addWorkingDays(calendar, localDate(start, timeZone), duration.n), timeZone);
  }
}
