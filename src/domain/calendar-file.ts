import { bi, UsageError } from './errors.js';
import { isIsoDate, shiftDate, type DayType } from './working-days.js';

/** A listed day read from a calendar file. */
export interface FileDay {
  date: string;
  type: DayType;
  name: string | null;
}

/**
 * The days of an iCalendar file as the `chinese-days` project publishes them (holidays.ics): one
 * all-day VEVENT per stretch, DTSTART inclusive and DTEND exclusive, its SUMMARY ending in (休) for
 * days off and (班) for make-up working days — or (Holiday) and (Workday) in the English file.
 * Events of other kinds (no such mark) are not calendar days and are left out.
 */
export function readIcs(text: string): FileDay[] {
  // Long lines are folded: a line starting with a space or a tab continues the one before.
  const lines = text
    .replace(/\r\n[ \t]/g, '')
    .replace(/\n[ \t]/g, '')
    .split(/\r?\n/);
  const days: FileDay[] = [];
  let event: Record<string, string> | undefined;
  for (const line of lines) {
    if (line === 'BEGIN:VEVENT') event = {};
    else if (line === 'END:VEVENT' && event) {
      days.push(...eventDays(event));
      event = undefined;
    } else if (event) {
      const colon = line.indexOf(':');
      if (colon > 0) event[line.slice(0, colon).split(';')[0]!.toUpperCase()] = line.slice(colon + 1);
    }
  }
  return days;
}

const MARKS: Record<string, DayType> = { 休: 'holiday', holiday: 'holiday', 班: 'workday', workday: 'workday' };

function eventDays(event: Record<string, string>): FileDay[] {
  // "国庆节(休)", "国庆节（班）", "National Day(Holiday)" (escaped: the bundle's regular expressions stay ASCII).
  const mark = /^(.*?)\s*[(\uFF08]\s*(\u4F11|\u73ED|holiday|workday)\s*[)\uFF09]\s*$/i.exec(event.SUMMARY ?? '');
  const start = icsDate(event.DTSTART);
  if (!mark || !start) return [];
  const end = icsDate(event.DTEND) ?? shiftDate(start, 1);
  const days: FileDay[] = [];
  for (let date = start; date < end; date = shiftDate(date, 1))
    days.push({ date, type: MARKS[mark[2]!.toLowerCase()]!, name: mark[1]!.trim() || null });
  return days;
}

function icsDate(value: string | undefined): string | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})/.exec(value ?? '');
  const date = m ? `${m[1]}-${m[2]}-${m[3]}` : undefined;
  return date && isIsoDate(date) ? date : undefined;
}

const TYPES: Record<string, DayType> = {
  holiday: 'holiday',
  休: 'holiday',
  节假日: 'holiday',
  放假: 'holiday',
  workday: 'workday',
  班: 'workday',
  工作日: 'workday',
  上班: 'workday',
};

/** A day type as typed: `holiday`/`workday`, or 休/班, 节假日/工作日. */
export function parseDayType(text: string): DayType | undefined {
  return TYPES[text.trim().toLowerCase()];
}

/**
 * The days of a CSV file `date,type,name` (a header line is optional; the name may be left out).
 * A line that cannot be read stops the import with its line number: nothing is half loaded.
 */
export function readCalendarCsv(text: string): FileDay[] {
  const days: FileDay[] = [];
  text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .forEach((line, i) => {
      const [date = '', type = '', ...rest] = line.split(',').map((cell) => cell.trim().replace(/^"(.*)"$/, '$1'));
      if (line.trim() === '' || (i === 0 && date.toLowerCase() === 'date')) return;
      const dayType = parseDayType(type);
      if (!isIsoDate(date) || !dayType) {
        throw new UsageError(
          bi(`第 ${i + 1} 行看不懂：“${line.trim()}”`, `line ${i + 1} cannot be read: "${line.trim()}"`),
          bi(
            '每行写作 日期,类型,名称，如 2027-10-01,holiday,国庆节（类型 holiday 或 workday）',
            'write each line as date,type,name, e.g. 2027-10-01,holiday,National Day (type holiday or workday)',
          ),
        );
      }
      days.push({ date, type: dayType, name: rest.join(',').trim() || null });
    });
  return days;
}
