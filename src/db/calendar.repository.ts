import { sql } from 'kysely';
import type { WorkCalendar } from '../domain/working-days.js';
import type { Db, Tx } from './connection.js';
import type { CalendarDay } from './schema.js';

/**
 * The calendar for counting working days from `from` (a local date) on: every listed day from
 * then (a few hundred rows at most: the table holds only holidays and make-up days) and the years
 * whose official calendar the file holds.
 */
export async function loadCalendar(db: Db | Tx, from: string): Promise<WorkCalendar> {
  const rows = await db.selectFrom('calendar_days').select(['date', 'type']).where('date', '>=', from).execute();
  return { days: new Map(rows.map((r) => [r.date, r.type])), knownYears: new Set(await knownYears(db)) };
}

/** The years with official days in the file, in order. */
export async function knownYears(db: Db | Tx): Promise<number[]> {
  const rows = await db
    .selectFrom('calendar_days')
    .select(sql<string>`substr(date, 1, 4)`.as('year'))
    .where('source', '=', 'official')
    .groupBy(sql`substr(date, 1, 4)`)
    .orderBy('year')
    .execute();
  return rows.map((r) => Number(r.year));
}

/** The listed days of a year, in order. */
export function calendarYear(db: Db | Tx, year: number): Promise<CalendarDay[]> {
  return db
    .selectFrom('calendar_days')
    .selectAll()
    .where('date', '>=', `${year}-01-01`)
    .where('date', '<=', `${year}-12-31`)
    .orderBy('date')
    .execute();
}

export async function findCalendarDay(db: Db | Tx, date: string): Promise<CalendarDay | undefined> {
  return db.selectFrom('calendar_days').selectAll().where('date', '=', date).executeTakeFirst();
}

/** Lists a day (or changes its listing). */
export async function putCalendarDay(tx: Tx, day: CalendarDay): Promise<void> {
  await tx
    .insertInto('calendar_days')
    .values(day)
    .onConflict((oc) => oc.column('date').doUpdateSet({ type: day.type, name: day.name, source: day.source }))
    .execute();
}

/** Takes a day off the list: it is again what its weekday makes it. */
export async function removeCalendarDay(tx: Tx, date: string): Promise<void> {
  await tx.deleteFrom('calendar_days').where('date', '=', date).execute();
}
