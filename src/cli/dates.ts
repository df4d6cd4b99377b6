import { bi, UsageError } from '../domain/errors.js';
import { dateRangeProblem, monthOf, parseLocalInput, readMonth, typedDate } from '../domain/time.js';
import type { Session } from '../services/session.js';

/**
 * A `--at` (`start`: a date alone is 00:00) or `--due` (`end`: a date alone is 23:59:59.999) in
 * the database's time zone.
 */
export function instantOption(
  value: string | undefined,
  flag: string,
  session: Session,
  dateOnly: 'start' | 'end',
): Date | undefined {
  if (value === undefined) return undefined;
  const typed = typedDate(value);
  const parsed = parseLocalInput(typed, session.timeZone, session.now, dateOnly);
  const outOfRange = parsed ? undefined : dateRangeProblem(typed);
  if (outOfRange)
    throw new UsageError(
      bi(`${flag}：${outOfRange.zh}`, `${flag}: ${outOfRange.en}`),
      bi('例如 2026-11-26', 'e.g. 2026-11-26'),
    );
  if (!parsed) {
    throw new UsageError(
      bi(`${flag}：“${value}”不是日期或时间`, `${flag}: "${value}" is not a date or time`),
      bi(
        `可写 2026-11-26、"2026-11-26 14:30" 或 2026-11-26T14:30:00+08:00（按 ${session.timeZone} 时间）`,
        `use e.g. 2026-11-26, "2026-11-26 14:30" or 2026-11-26T14:30:00+08:00 (times are ${session.timeZone})`,
      ),
    );
  }
  return parsed;
}

/** `--at`: when it happened (a date alone is 00:00). */
export const atOption = (value: string | undefined, session: Session) => instantOption(value, '--at', session, 'start');

/** `--due`: the resolve deadline (a date alone is the end of that day). */
export const dueOption = (value: string | undefined, session: Session) => instantOption(value, '--due', session, 'end');

/** `--month` as read by `month()` (`2026年11月`, `11月` of this year) as `YYYY-MM`. */
export function monthOption(value: string | undefined, session: Session): string | undefined {
  return value === undefined ? undefined : readMonth(value, Number(monthOf(session.now, session.timeZone).slice(0, 4)));
}
