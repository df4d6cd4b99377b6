import fs from 'node:fs';
import path from 'node:path';
import { calendarYear, findCalendarDay, knownYears, putCalendarDay } from '../db/calendar.repository.js';
import type { CalendarDay } from '../db/schema.js';
import { readCalendarCsv, readIcs, type FileDay } from '../domain/calendar-file.js';
import { bi, UsageError } from '../domain/errors.js';
import type { DayType } from '../domain/working-days.js';
import type { Tx } from '../db/connection.js';
import type { Session } from './session.js';

/** A year's listed days (holidays and make-up working days), and whether its official calendar is on file. */
export interface CalendarYear {
  year: number;
  known: boolean;
  days: CalendarDay[];
}

export async function calendarOfYear(session: Session, year: number): Promise<CalendarYear> {
  const known = await knownYears(session.db);
  return { year, known: known.includes(year), days: await calendarYear(session.db, year) };
}

/**
 * A local change (`calendar set`): the day becomes a working day or a day off for this file. Only
 * deadlines counted from now on see it: those on file were stored when they were computed.
 */
/** The calendar is the file's, not a community's: its use cases need no scope. */
export async function setCalendarDay(
  tx: Tx,
  input: { date: string; type: DayType; name?: string },
): Promise<{ day: CalendarDay; before: CalendarDay | null }> {
  const before = (await findCalendarDay(tx, input.date)) ?? null;
  const day: CalendarDay = {
    date: input.date,
    type: input.type,
    name: input.name?.trim() || before?.name || null,
    source: 'local',
  };
  await putCalendarDay(tx, day);
  return { day, before };
}

export interface ImportResult {
  file: string;
  years: number[];
  added: number;
  changed: number;
  unchanged: number;
  /** Days the file lists differently from a local change, which is kept. */
  keptLocal: string[];
}

/**
 * `calendar import <file.ics|file.csv>`: the official days of a year published later (the State
 * Council's notice for the next year comes out in November). A local change stays over the file's.
 */
export async function importCalendar(tx: Tx, { file }: { file: string }): Promise<ImportResult> {
  const days = readCalendarFile(file);
  if (days.length === 0) {
    throw new UsageError(
      bi(`${file} 里没有节假日或调休日`, `${file} lists no holidays or make-up working days`),
      bi(
        '请检查文件是否为节假日日历（.ics）或 日期,类型,名称 的 CSV',
        'check that it is a holiday calendar (.ics) or a date,type,name CSV',
      ),
    );
  }
  const result: ImportResult = {
    file,
    years: [...new Set(days.map((d) => Number(d.date.slice(0, 4))))].sort(),
    added: 0,
    changed: 0,
    unchanged: 0,
    keptLocal: [],
  };
  for (const day of days) {
    const before = await findCalendarDay(tx, day.date);
    if (before?.source === 'local') {
      if (before.type !== day.type) result.keptLocal.push(day.date);
      continue;
    }
    if (before && before.type === day.type && before.name === day.name) {
      result.unchanged++;
      continue;
    }
    await putCalendarDay(tx, { ...day, source: 'official' });
    if (before) result.changed++;
    else result.added++;
  }
  return result;
}

function readCalendarFile(file: string): FileDay[] {
  const ext = path.extname(file).toLowerCase();
  if (ext !== '.ics' && ext !== '.csv') {
    throw new UsageError(
      bi(`不认识的文件类型：${file}`, `unknown kind of file: ${file}`),
      bi('请给 .ics 日历文件，或 日期,类型,名称 的 .csv 文件', 'give an .ics calendar, or a .csv of date,type,name'),
    );
  }
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    throw new UsageError(bi(`读不到文件 ${file}`, `cannot read ${file}`), bi('请检查路径', 'check the path'));
  }
  return ext === '.ics' ? readIcs(text) : readCalendarCsv(text);
}
