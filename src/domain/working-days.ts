/**
 * Working days on China's official calendar (SPEC §9): Monday–Friday are working days and Saturday
 * and Sunday are not, except the days the calendar lists — official holidays (节假日) and make-up
 * working days (调休, a Saturday or Sunday worked), and a street's own changes. Dates are local
 * `YYYY-MM-DD` strings in the database's time zone; the arithmetic here is on dates only, so it
 * never depends on a zone or the machine's clock.
 */
export type DayType = 'holiday' | 'workday';

/** The listed days of a stretch of dates, and the years whose official calendar is known. */
export interface WorkCalendar {
  days: ReadonlyMap<string, DayType>;
  knownYears: ReadonlySet<number>;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

/** True for a real `YYYY-MM-DD` date (2026-02-30 is not one). */
export function isIsoDate(text: string): boolean {
  if (!DATE.test(text)) return false;
  const date = toDate(text);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}

function toDate(date: string): Date {
  return new Date(`${date}T00:00:00Z`);
}

/** The date `days` after (or before) `date`. */
export function shiftDate(date: string, days: number): string {
  return new Date(toDate(date).getTime() + days * DAY_MS).toISOString().slice(0, 10);
}

/** True when the calendar lists the day as a working day, or it is a Monday–Friday it does not list. */
export function isWorkingDay(calendar: WorkCalendar, date: string): boolean {
  const listed = calendar.days.get(date);
  if (listed) return listed === 'workday';
  const weekday = toDate(date).getUTCDay();
  return weekday !== 0 && weekday !== 6;
}

/** The N-th working day after `date` (the day itself never counts); `date` itself for N = 0. */
export function addWorkingDays(calendar: WorkCalendar, date: string, n: number): string {
  let day = date;
  for (let left = n; left > 0; ) {
    day = shiftDate(day, 1);
    if (isWorkingDay(calendar, day)) left--;
  }
  return day;
}

/** The first working day after `date` (the desk's "next working day"). */
export function nextWorkingDay(calendar: WorkCalendar, date: string): string {
  return addWorkingDays(calendar, date, 1);
}

/** How many working days lie after `from` up to and including `to` (0 when `to` is not later). */
export function workingDaysBetween(calendar: WorkCalendar, from: string, to: string): number {
  let count = 0;
  for (let day = shiftDate(from, 1); day <= to; day = shiftDate(day, 1)) if (isWorkingDay(calendar, day)) count++;
  return count;
}

/** The years from `from` to `to` (dates) whose official calendar the file does not hold. */
export function unknownYears(calendar: WorkCalendar, from: string, to: string): number[] {
  const years: number[] = [];
  for (let y = Number(from.slice(0, 4)); y <= Number(to.slice(0, 4)); y++)
    if (!calendar.knownYears.has(y)) years.push(y);
  return years;
}
