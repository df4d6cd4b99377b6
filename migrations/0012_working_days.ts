import { type Kysely, sql } from 'kysely';

/**
 * Working days on China's official calendar (SPEC §9) and per-community settings.
 *
 * `calendar_days` holds only the exceptions to "Monday–Friday work, Saturday and Sunday rest": the
 * official holidays and the make-up working days (调休) the State Council publishes, and a
 * community street's own changes (`source` local). A file carries its own calendar, so a deadline
 * counted today is counted the same on any machine. The official days of 2004–2026 come from
 * 0012_calendar_days.json beside this file, generated once from the `chinese-days` package by
 * bin/calendar-data.mjs; later years are loaded with `hongwu calendar import`.
 *
 * `community_settings` holds what one community sets for itself (its tiers' durations, …), where
 * `settings` holds the file's own (the time zone).
 * Frozen in time: never import application code here.
 */
const statements = [
  `CREATE TABLE calendar_days (
     date TEXT PRIMARY KEY CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
     type TEXT NOT NULL CHECK (type IN ('holiday', 'workday')),
     name TEXT,
     source TEXT NOT NULL CHECK (source IN ('official', 'local'))
   ) WITHOUT ROWID`,
  `CREATE TABLE community_settings (
     community_id INTEGER NOT NULL REFERENCES communities(id),
     key TEXT NOT NULL,
     value TEXT NOT NULL,
     PRIMARY KEY (community_id, key)
   ) WITHOUT ROWID`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
  // Loaded only when a file is migrated: the bundle would otherwise build this object at every start.
  const { default: days } = await import('./0012_calendar_days.json');
  const rows = Object.entries(days as Record<string, string[]>).map(([date, [type, name]]) => ({
    date,
    type,
    name,
    source: 'official',
  }));
  for (let i = 0; i < rows.length; i += 200)
    await db
      .insertInto('calendar_days')
      .values(rows.slice(i, i + 200))
      .execute();
}
