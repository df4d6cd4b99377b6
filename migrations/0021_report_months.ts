import { type Kysely, sql } from 'kysely';

/**
 * The report's figures of finished months, kept (issue #21): at a million demands a month's year to
 * date, its 12-month chart and the roll-up of every community read hundreds of thousands of rows, and
 * a finished month reads the same every time (SPEC §7: as of its end). `report` stores what it
 * computed for a month that has ended (`part`: the month's counts, the year to date's, the chart's
 * point, the overdue list's first demands) per community, or for every community (`community_id` 0,
 * `report --community all`), with the instant the month ends (`ends_at`, UTC, exclusive).
 *
 * A figure as of a month's end reads only what is dated before that end (events, entries, tags,
 * bills: their own instant; a demand's cohort fields: its intake). So every write that a figure
 * reads deletes, by these triggers, the kept rows of its community (and of the roll-up) whose month
 * ends after the instant the write is dated (for an update, the earlier of the old and new dates):
 * every writer (the desk's commands, the bulk path, import, copy, a hand-typed UPDATE) keeps the
 * rows right without knowing about them. A demand's status, assignee and pause flag are not
 * watched: they are derived from its events, which are (the report reads its status only to find
 * candidates whose events it then reads). A change of the settings (the time zone moves every
 * month's bounds) or of the communities (the roll-up's set) deletes the roll-up, or everything.
 * The guard `WHEN t < (SELECT max(ends_at) …)` makes a write dated after every kept month (all of
 * the desk's live work) cost one index probe. `doctor` recomputes the rows and reports a difference.
 * PostgreSQL has its own version with the same rules (migrations/pg/0021_report_months.ts).
 * Frozen in time: never import application code here.
 */
const table = [
  `CREATE TABLE report_months (
     community_id INTEGER NOT NULL,
     month TEXT NOT NULL,
     part TEXT NOT NULL CHECK (part IN ('month', 'year_to_date', 'trend', 'overdue')),
     ends_at TEXT NOT NULL,
     figures TEXT NOT NULL,
     PRIMARY KEY (community_id, month, part)
   ) WITHOUT ROWID`,
  'CREATE INDEX report_months_by_end ON report_months (ends_at)',
];

/** Deletes the kept rows of community `c` and of the roll-up whose month ends after instant `t`. */
const forget = (c: string, t: string) =>
  `DELETE FROM report_months WHERE community_id IN (0, ${c}) AND ends_at > ${t};`;

/** A trigger that forgets when `t` (an instant; '' for every month) is before the latest month kept. */
function trigger(name: string, on: string, t: string, body: string, when = ''): string {
  return `CREATE TRIGGER report_months_${name} AFTER ${on}
    WHEN ${t} < (SELECT max(ends_at) FROM report_months)${when ? ` AND (${when})` : ''}
    BEGIN ${body} END`;
}

/** The earlier of two instants, either of which may be null. */
const earlier = (a: string, b: string) => `min(coalesce(${a}, '9'), coalesce(${b}, '9'))`;

/** A changed column's earlier value, else '9' (after every instant). */
const changed = (column: string) =>
  `CASE WHEN OLD.${column} IS NOT NEW.${column} THEN ${earlier(`OLD.${column}`, `NEW.${column}`)} ELSE '9' END`;

/** A table whose rows carry their community and one instant: inserts, deletes and updates forget from it. */
function dated(name: string, at: string): string[] {
  return [
    trigger(`${name}_insert`, `INSERT ON ${name}`, `NEW.${at}`, forget('NEW.community_id', `NEW.${at}`)),
    trigger(`${name}_delete`, `DELETE ON ${name}`, `OLD.${at}`, forget('OLD.community_id', `OLD.${at}`)),
    trigger(
      `${name}_update`,
      `UPDATE ON ${name}`,
      earlier(`OLD.${at}`, `NEW.${at}`),
      forget('OLD.community_id', earlier(`OLD.${at}`, `NEW.${at}`)) +
        forget('NEW.community_id', earlier(`OLD.${at}`, `NEW.${at}`)),
    ),
  ];
}

/** The same for a table reaching its community through a parent row (`parent` is a subquery with `{id}`). */
function datedThrough(name: string, at: string, parent: (row: 'OLD' | 'NEW') => string): string[] {
  return [
    trigger(`${name}_insert`, `INSERT ON ${name}`, `NEW.${at}`, forget(parent('NEW'), `NEW.${at}`)),
    trigger(`${name}_delete`, `DELETE ON ${name}`, `OLD.${at}`, forget(parent('OLD'), `OLD.${at}`)),
    trigger(
      `${name}_update`,
      `UPDATE ON ${name}`,
      earlier(`OLD.${at}`, `NEW.${at}`),
      forget(parent('OLD'), earlier(`OLD.${at}`, `NEW.${at}`)) +
        forget(parent('NEW'), earlier(`OLD.${at}`, `NEW.${at}`)),
    ),
  ];
}

const demandOf = (row: string) => `(SELECT community_id FROM demands WHERE id = ${row}.demand_id)`;

/** What the cohort of a demand's month reads of it (whom, what, when received, deadlines, cancellation). */
const COHORT = [
  'community_id',
  'received_at',
  'cancelled_at',
  'kind',
  'channel',
  'category',
  'tier',
  'resident_id',
  'response_due_at',
  'resolve_due_at',
];
/** Instants the report compares with a month's end (first response, resolutions, last rating). */
const MOMENTS = ['responded_at', 'first_resolved_at', 'resolved_at', 'rated_at'];

const triggers = [
  ...dated('demands', 'received_at').slice(0, 2),
  trigger(
    'demands_cohort',
    'UPDATE ON demands',
    earlier('OLD.received_at', 'NEW.received_at'),
    forget('OLD.community_id', earlier('OLD.received_at', 'NEW.received_at')) +
      forget('NEW.community_id', earlier('OLD.received_at', 'NEW.received_at')),
    COHORT.map((c) => `OLD.${c} IS NOT NEW.${c}`).join(' OR '),
  ),
  trigger(
    'demands_moments',
    'UPDATE ON demands',
    `min(${MOMENTS.map(changed).join(', ')})`,
    forget('NEW.community_id', `min(${MOMENTS.map(changed).join(', ')})`),
  ),
  ...datedThrough('demand_events', 'at', demandOf),
  ...datedThrough('demand_visits', 'at', demandOf),
  ...datedThrough(
    'resident_tags',
    'tagged_at',
    (row) => `(SELECT community_id FROM residents WHERE id = ${row}.resident_id)`,
  ),
  trigger(
    'residents_move',
    'UPDATE OF community_id ON residents',
    "''",
    forget('OLD.community_id', "''") + forget('NEW.community_id', "''"),
    'OLD.community_id IS NOT NEW.community_id',
  ),
  trigger('residents_delete', 'DELETE ON residents', "''", forget('OLD.community_id', "''")),
  // The ledgers are append-only (their own triggers refuse updates and deletes).
  ...dated('ledger', 'at').slice(0, 1),
  ...dated('activities', 'at'),
  ...dated('meetings', 'at'),
  ...dated('topics', 'raised_at'),
  ...datedThrough('topic_events', 'at', (row) => `(SELECT community_id FROM topics WHERE id = ${row}.topic_id)`),
  ...dated('care_services', 'at'),
  ...dated('fee_bills', 'issued_at'),
  ...dated('fee_payments', 'at'),
  ...datedThrough('fee_allocations', 'at', (row) => `(SELECT community_id FROM fee_bills WHERE id = ${row}.bill_id)`),
  ...dated('fee_waivers', 'at'),
  trigger('communities_insert', 'INSERT ON communities', "''", forget('NEW.id', "''")),
  trigger('communities_delete', 'DELETE ON communities', "''", forget('OLD.id', "''")),
  ...['INSERT', 'UPDATE', 'DELETE'].map((op) =>
    trigger(`settings_${op.toLowerCase()}`, `${op} ON settings`, "''", 'DELETE FROM report_months;'),
  ),
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of [...table, ...triggers]) await sql.raw(statement).execute(db);
}
