import { endOfDate, localDate } from './durations.js';
import { addWorkingDays, workingDaysBetween, type WorkCalendar } from './working-days.js';

/**
 * The resolve deadline after a pause (SPEC §9), moved later by the paused span in the deadline's own
 * unit: a working-day deadline by the working days the pause took (those after the day it began, up
 * to and including the day it ended: a pause within one day takes none), any other by the wall time.
 */
export function resumedDeadline(
  due: Date,
  unit: 'wd' | null,
  span: { pausedAt: Date; resumedAt: Date },
  timeZone: string,
  calendar: WorkCalendar,
): Date {
  if (unit === 'wd') {
    const n = workingDaysBetween(calendar, localDate(span.pausedAt, timeZone), localDate(span.resumedAt, timeZone));
    return endOfDate(addWorkingDays(calendar, localDate(due, timeZone), n), timeZone);
  }
  return new Date(due.getTime() + span.resumedAt.getTime() - span.pausedAt.getTime());
}
