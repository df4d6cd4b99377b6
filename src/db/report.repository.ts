import { sql, type RawBuilder } from 'kysely';
import { careTags } from '../domain/codes.js';
import type { MetricCounts } from '../domain/metrics.js';
import type { Db } from './connection.js';

/**
 * The aggregation SQL of the monthly report (SPEC §7). Everything is counted here, in a few
 * statements over half-open ISO ranges on indexed columns; JavaScript only sees totals.
 *
 * A window is `[start, end)` for when a demand was received, and `[start, asOf]` for events:
 * `asOf` is the end of the month (23:59:59.999 local) or, for the running month, now. Instants
 * are UTC ISO strings of one length, so string comparison is time comparison. Events are read
 * through `CROSS JOIN`, which fixes SQLite's join order: the month's events first (by type and
 * time), then their demands, never every demand of a community and then its events.
 */
export interface ReportWindow {
  communityIds: readonly number[];
  /**
   * The window covers every community of the file: its events are then read by type and time.
   * Otherwise from its communities' demands last resolved or rated since the window began, which
   * `demand_events` (no `community_id`) cannot tell (migration 0020).
   */
  everyCommunity: boolean;
  start: string;
  end: string;
  asOf: string;
}

const CARE_TAGS = sql.join(careTags.map((t) => sql.lit(t)));
const ids = (w: Pick<ReportWindow, 'communityIds'>) => sql.join(w.communityIds);

/** The status of demand `d` as of `asOf`: that of its latest event by then. */
const statusAt = (asOf: string) => sql`(SELECT e.status_after FROM demand_events e
  WHERE e.demand_id = d.id AND e.at <= ${asOf} ORDER BY e.at DESC, e.id DESC LIMIT 1)`;

/**
 * The resolve deadline of demand `d` as of `asOf`: the `due_at` of its latest event by then that
 * carries one (intake fixes it, `assign --due` moves it), so a deadline moved after the month's end
 * does not change the month. A file migrated from before intake recorded it may have no such
 * event for a demand whose deadline was moved (migration 0005): then the current deadline.
 * One seek into the covering index of deadline-setting events; the events table is not read.
 */
const resolveDueAt = (
  asOf: string,
) => sql`coalesce((SELECT e.due_at FROM demand_events e INDEXED BY demand_events_deadlines
  WHERE e.demand_id = d.id AND e.due_at IS NOT NULL AND e.at <= ${asOf} ORDER BY e.at DESC, e.id DESC LIMIT 1),
  d.resolve_due_at)`;

/** The cohort: demands received in the window, cancelled ones left out whenever cancelled. */
const cohortWhere = (w: ReportWindow) => sql`d.community_id IN (${ids(w)})
  AND d.received_at >= ${w.start} AND d.received_at < ${w.end} AND d.cancelled_at IS NULL`;

/**
 * The median of `ms` over the cohort's rows where `where` holds, computed in SQL: the middle one or two
 * values in order (LIMIT/OFFSET by their count), a sort without the window functions that cost twice
 * as much over the year to date's 80,000 demands (issue #21). None: NULL.
 */
const median = (ms: RawBuilder<unknown>, where: RawBuilder<unknown>) => {
  const n = sql`(SELECT count(*) FROM cohort WHERE ${where})`;
  return sql`(SELECT avg(ms) FROM (SELECT ${ms} AS ms FROM cohort WHERE ${where} ORDER BY ms
    LIMIT 2 - ${n} % 2 OFFSET (${n} - 1) / 2) m)`;
};

const elapsedMs = (from: string, to: string) => sql.raw(`round((julianday(${to}) - julianday(${from})) * 86400000)`);

export type CohortCounts = Pick<
  MetricCounts,
  | 'demands_received'
  | 'response_on_time'
  | 'response_late'
  | 'resolve_on_time'
  | 'resolve_late'
  | 'closed_at_as_of'
  | 'complaints'
  | 'care_demands'
  | 'return_visits_resolved'
  | 'return_visits_made'
  | 'median_response_ms'
  | 'median_resolution_ms'
>;

/**
 * Whether demand `d`, resolved by `asOf`, had a return visit by then (回访, SPEC §10): a rating or a
 * visit that reached none. `rated_at` is its last rating: one by `asOf` decides without a seek (the
 * most of a finished month's cohort), none at all leaves only the visits; a demand last rated after
 * `asOf` is looked up for an earlier rating. CASE, not OR: SQLite evaluates both sides of an OR.
 */
// INDEXED BY: without statistics SQLite may take (type, at) for this seek and read every rating
// of the file for each demand of the cohort (minutes at a million demands).
const visitedBy = (asOf: string) => {
  const visit = sql`EXISTS (SELECT 1 FROM demand_visits v WHERE v.demand_id = d.id AND v.at <= ${asOf})`;
  return sql`CASE WHEN d.rated_at IS NULL THEN ${visit} WHEN d.rated_at <= ${asOf} THEN TRUE
    ELSE EXISTS (SELECT 1 FROM demand_events e INDEXED BY demand_events_by_demand
      WHERE e.demand_id = d.id AND e.type = 'rate' AND e.at <= ${asOf}) OR ${visit} END`;
};

/**
 * Whether demand `d` (not cancelled) was resolved or closed at `asOf`, as `statusAt` says, from its own
 * columns where they decide it and with the seek for the few they do not (issue #21: one seek per demand
 * of the year to date):
 * - not first resolved by `asOf`: no (only a resolution makes a demand resolved);
 * - resolved or closed now and last resolved by `asOf`: yes (after its last resolution came only
 *   ratings that did not reopen it, a reopening empties `resolved_at`, and return visits);
 * - else (open again now, or resolved again after `asOf`): its status then.
 */
const closedAt = (asOf: string) => sql`CASE
  WHEN d.first_resolved_at IS NULL OR d.first_resolved_at > ${asOf} THEN FALSE
  WHEN d.status IN ('resolved', 'closed') AND d.resolved_at <= ${asOf} THEN TRUE
  ELSE ${statusAt(asOf)} IN ('resolved', 'closed') END`;

/** The cohort's dimensions (BREAKDOWNS of domain/metrics.ts), each as the column of `demands` it counts. */
const DIMENSIONS = ['channel', 'category', 'kind', 'tier'] as const;

/** The cohort size by each of DIMENSIONS: `{ channel: { phone: 3, … }, … }`. */
export type CohortBreakdowns = Record<(typeof DIMENSIONS)[number], Record<string, number>>;

/**
 * The cohort size by every combination of DIMENSIONS met, as one text `channel category kind tier=n,…`
 * (codes are plain words): one grouping in the statement that reads the cohort, which so reads each
 * demand once, where one grouping per dimension took four times as long; summed by dimension here.
 */
const BY_DIMENSIONS = sql`(SELECT group_concat(${sql.raw(DIMENSIONS.join(" || ' ' || "))} || '=' || n, ',') FROM
  (SELECT ${sql.raw(DIMENSIONS.join(', '))}, count(*) AS n FROM cohort GROUP BY ${sql.raw(DIMENSIONS.join(', '))}) g)`;

/** `BY_DIMENSIONS`' text as the cohort size by each dimension, codes in order. */
function byDimension(text: string | null): CohortBreakdowns {
  const sums = DIMENSIONS.map(() => new Map<string, number>());
  for (const group of text ? text.split(',') : []) {
    const [codes, n] = group.split('=');
    codes!.split(' ').forEach((code, i) => sums[i]!.set(code, (sums[i]!.get(code) ?? 0) + Number(n)));
  }
  const inOrder = (m: Map<string, number>) => Object.fromEntries([...m].sort(([a], [b]) => (a < b ? -1 : 1)));
  return Object.fromEntries(DIMENSIONS.map((d, i) => [d, inOrder(sums[i]!)])) as CohortBreakdowns;
}

/**
 * Deadlines, status at `asOf`, medians, return visits and care demands over the cohort, and its
 * size by channel, category, kind and tier.
 */
export async function cohortCounts(
  db: Db,
  w: ReportWindow,
): Promise<{ counts: CohortCounts; breakdowns: CohortBreakdowns }> {
  const { rows } = await sql<CohortCounts & { by_dimensions: string | null }>`
    WITH cohort AS MATERIALIZED (
      SELECT d.kind, d.channel, d.category, d.tier, d.received_at, d.response_due_at,
        ${resolveDueAt(w.asOf)} AS resolve_due_at,
        CASE WHEN d.responded_at <= ${w.asOf} THEN d.responded_at END AS responded,
        CASE WHEN d.first_resolved_at <= ${w.asOf} THEN d.first_resolved_at END AS resolved,
        ${closedAt(w.asOf)} AS closed,
        d.category = 'care' OR EXISTS (SELECT 1 FROM resident_tags t WHERE t.resident_id = d.resident_id
          AND t.tag IN (${CARE_TAGS}) AND t.tagged_at <= ${w.asOf}) AS care,
        CASE WHEN d.first_resolved_at <= ${w.asOf} THEN ${visitedBy(w.asOf)} END AS visited
      FROM demands d WHERE ${cohortWhere(w)}
    )
    SELECT count(*) AS demands_received,
      coalesce(sum(responded <= response_due_at), 0) AS response_on_time,
      coalesce(sum(CASE WHEN responded IS NULL THEN response_due_at < ${w.asOf} ELSE responded > response_due_at END),
    0) AS response_late,
      coalesce(sum(resolved <= resolve_due_at), 0) AS resolve_on_time,
      coalesce(sum(CASE WHEN resolved IS NULL THEN resolve_due_at < ${w.asOf} ELSE resolved > resolve_due_at END), 0)
    AS resolve_late,
      coalesce(sum(closed), 0) AS closed_at_as_of,
      coalesce(sum(kind = 'complaint'), 0) AS complaints,
      coalesce(sum(care), 0) AS care_demands,
      coalesce(sum(resolved IS NOT NULL), 0) AS return_visits_resolved,
      coalesce(sum(visited), 0) AS return_visits_made,
      ${median(elapsedMs('received_at', 'responded'), sql`responded IS NOT NULL`)} AS median_response_ms,
      ${median(elapsedMs('received_at', 'resolved'), sql`resolved IS NOT NULL`)} AS median_resolution_ms,
      ${BY_DIMENSIONS} AS by_dimensions
    FROM cohort`.execute(db);
  const { by_dimensions, ...counts } = rows[0]!;
  return { counts, breakdowns: byDimension(by_dimensions) };
}

/**
 * How many demands received in `[start, end)` (not cancelled) are complaints: from the index of
 * complaints alone (migration 0023), where every demand received then was read for its kind.
 */
export async function complaintsReceived(db: Db, w: ReportWindow): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    SELECT count(*) AS n FROM demands d INDEXED BY demands_complaints
    WHERE ${cohortWhere(w)} AND d.kind = 'complaint'`.execute(db);
  return rows[0]!.n;
}

/**
 * Since when the records of all these communities run: the latest of their first intakes (for a
 * roll-up, the year before is complete only once every community was recording), null for none.
 * One index seek per community (`demands_by_received`), not a scan of their demands.
 */
export async function recordsBegin(db: Db, communityIds: readonly number[]): Promise<string | null> {
  const { rows } = await sql<{ since: string | null }>`
    SELECT max(first) AS since FROM (
      SELECT (SELECT min(d.received_at) FROM demands d WHERE d.community_id = c.id) AS first
        FROM communities c WHERE c.id IN (${sql.join(communityIds)})
    ) WHERE first IS NOT NULL`.execute(db);
  return rows[0]!.since;
}

export type EventCounts = Pick<
  MetricCounts,
  | 'demands_resolved'
  | 'disputes_resolved'
  | 'disputes_mediated'
  | 'reopened'
  | 'ratings_satisfied'
  | 'ratings_basic'
  | 'ratings_unsatisfied'
  | 'return_visits_due'
>;

/**
 * The demands of the window's communities that may have a resolution (`resolve`) or a rating
 * (`rate`) in `[start, asOf]`: last resolved since `start`, or open again after a resolution (a
 * reopening empties `resolved_at`); last rated since `start`. Each with its kind (and, for a
 * resolution, what `resolvedAtAsOf` reads).
 */
const RESOLVED_COLUMNS = sql`d.id, d.kind, d.status, d.resolved_at, d.rated_at`;

const candidates = (w: ReportWindow, type: 'resolve' | 'rate') =>
  type === 'rate'
    ? sql`SELECT d.id, d.kind FROM demands d INDEXED BY demands_by_rated
        WHERE d.community_id IN (${ids(w)}) AND d.rated_at >= ${w.start} AND d.cancelled_at IS NULL`
    : sql`SELECT ${RESOLVED_COLUMNS} FROM demands d INDEXED BY demands_by_resolved
        WHERE d.community_id IN (${ids(w)}) AND d.resolved_at >= ${w.start} AND d.cancelled_at IS NULL
      UNION ALL SELECT ${RESOLVED_COLUMNS} FROM demands d INDEXED BY demands_by_status_due
        WHERE d.community_id IN (${ids(w)}) AND d.status IN ('open', 'assigned') AND d.resolved_at IS NULL
          AND d.first_resolved_at <= ${w.asOf}`;

/** The events of one type in `[start, asOf]` of the window's demands (not cancelled), the latest of each demand first
 * (`rn`). */
const windowEvents = (w: ReportWindow, type: 'resolve' | 'rate') => {
  const latest = sql`row_number() OVER (PARTITION BY e.demand_id ORDER BY e.at DESC, e.id DESC) AS rn`;
  // A resolution's demand: what `resolvedAtAsOf` reads.
  const demand = type === 'resolve' ? sql`d.kind, d.status, d.resolved_at, d.rated_at` : sql`d.kind`;
  return w.everyCommunity
    ? sql`SELECT e.demand_id, ${demand}, e.outcome, e.rating, e.status_after, ${latest}
      FROM demand_events e CROSS JOIN demands d ON d.id = e.demand_id
      WHERE e.type = ${type} AND e.at >= ${w.start} AND e.at <= ${w.asOf}
        AND d.community_id IN (${ids(w)}) AND d.cancelled_at IS NULL`
    : sql`SELECT e.demand_id, ${demand}, e.outcome, e.rating, e.status_after, ${latest}
      FROM (${candidates(w, type)}) d CROSS JOIN demand_events e INDEXED BY demand_events_by_demand ON e.demand_id =
      d.id
      WHERE e.type = ${type} AND e.at >= ${w.start} AND e.at <= ${w.asOf}`;
};

/**
 * Whether resolved demand `r` (a row of `windowEvents`' resolutions) was still resolved at `asOf`, as its
 * status then says, from its own columns where they decide it (issue #21: one seek per resolution of the
 * year to date): resolved now and last resolved by `asOf`, yes (no rating since, which would have closed
 * or reopened it); closed now by a rating after its last resolution and by `asOf`, no (closed then);
 * otherwise its status then.
 */
const resolvedAtAsOf = (asOf: string) => sql`CASE
  WHEN r.status = 'resolved' AND r.resolved_at <= ${asOf} THEN TRUE
  WHEN r.status = 'closed' AND r.rated_at > r.resolved_at AND r.rated_at <= ${asOf} THEN FALSE
  ELSE (SELECT e.status_after FROM demand_events e WHERE e.demand_id = r.demand_id AND e.at <= ${asOf}
    ORDER BY e.at DESC, e.id DESC LIMIT 1) = 'resolved' END`;

/** Resolve and rate events in `[start, asOf]`, of demands of any month (not cancelled). */
export async function eventCounts(db: Db, w: ReportWindow): Promise<EventCounts> {
  const { rows } = await sql<EventCounts>`
    WITH resolves AS MATERIALIZED (${windowEvents(w, 'resolve')}), rates AS MATERIALIZED (${windowEvents(w, 'rate')})
    SELECT (SELECT count(*) FROM resolves WHERE rn = 1) AS demands_resolved,
      (SELECT count(*) FROM resolves WHERE rn = 1 AND kind = 'dispute') AS disputes_resolved,
      (SELECT count(*) FROM resolves WHERE rn = 1 AND kind = 'dispute' AND outcome = 'mediated') AS disputes_mediated,
      (SELECT count(*) FROM rates WHERE rating = 'unsatisfied' AND status_after IN ('open', 'assigned')) AS reopened,
      (SELECT count(*) FROM rates WHERE rn = 1 AND rating = 'satisfied') AS ratings_satisfied,
      (SELECT count(*) FROM rates WHERE rn = 1 AND rating = 'basic') AS ratings_basic,
      (SELECT count(*) FROM rates WHERE rn = 1 AND rating = 'unsatisfied') AS ratings_unsatisfied,
      (SELECT count(*) FROM resolves r WHERE rn = 1 AND ${resolvedAtAsOf(w.asOf)}
        AND NOT EXISTS (SELECT 1 FROM demand_visits v WHERE v.demand_id = r.demand_id AND v.final = 1 AND v.at <=
    ${w.asOf})) AS return_visits_due`.execute(db);
  return rows[0]!;
}

export interface OverdueDemand {
  number: string;
  community_code: string;
  summary: string;
  category: string;
  received_at: string;
  /** The resolve deadline as of the report's `asOf`, not as it may have been moved since. */
  resolve_due_at: string;
  assignee_name: string | null;
  phone: string | null;
}

/**
 * Demands of any month not resolved at `asOf`, with their resolve deadline as of `asOf`. A demand
 * open at `asOf` (and not cancelled) is either open now, or was resolved again after `asOf` (events
 * follow each other in time, and each resolution sets `resolved_at`): so three disjoint sets, each
 * read from an index that grows with the open work or with the time since `asOf`, never with all
 * history (issue #21: the reopened demands of every year were read one by one):
 * - open now (`demands_open_work`, which holds every column read here: migration 0023): open at
 *   `asOf` too if not yet first resolved then, else if its status then says so;
 * - first resolved after `asOf`;
 * - first resolved by `asOf` and last resolved after it: its status at `asOf` decides.
 * The indexes are named: without ANALYZE statistics the planner would walk every demand of the
 * community by received_at.
 */
const openAtAsOf = (w: ReportWindow) => {
  const live = sql`d.community_id IN (${ids(w)}) AND d.received_at <= ${w.asOf} AND d.cancelled_at IS NULL`;
  const due = resolveDueAt(w.asOf);
  const openAt = sql`${statusAt(w.asOf)} IN ('open', 'assigned')`;
  return sql`SELECT d.id, ${due} AS resolve_due_at FROM demands d INDEXED BY demands_open_work
      WHERE ${live} AND d.status IN ('open', 'assigned')
        AND (d.first_resolved_at IS NULL OR d.first_resolved_at > ${w.asOf} OR ${openAt})
    UNION ALL SELECT d.id, ${due} FROM demands d INDEXED BY demands_by_first_resolved
      WHERE ${live} AND d.first_resolved_at > ${w.asOf} AND d.status NOT IN ('open', 'assigned')
    UNION ALL SELECT d.id, ${due} FROM demands d INDEXED BY demands_by_resolved
      WHERE ${live} AND d.resolved_at > ${w.asOf} AND d.first_resolved_at <= ${w.asOf}
        AND d.status NOT IN ('open', 'assigned') AND ${openAt}`;
};

/**
 * The demands of the window's communities paused at `asOf` (SPEC §9): their latest pause or resume
 * by then was a pause. Such a demand is paused still (`demands_paused`), or was resumed after `asOf`
 * (resolving or cancelling a paused demand resumes it first): both grow with the open work and the
 * time since `asOf`, where every pause of all history was read before (issue #21).
 */
const pausedAtAsOf = (w: ReportWindow) => sql`SELECT p.id FROM (
    SELECT d.id FROM demands d INDEXED BY demands_paused
      WHERE d.paused_at IS NOT NULL AND d.community_id IN (${ids(w)}) AND d.received_at <= ${w.asOf}
    UNION SELECT e.demand_id FROM demand_events e INDEXED BY demand_events_by_type CROSS JOIN demands d ON d.id =
      e.demand_id
      WHERE e.type = 'resume' AND e.at > ${w.asOf} AND d.community_id IN (${ids(w)})
  ) p WHERE (SELECT e.type FROM demand_events e WHERE e.demand_id = p.id AND e.type IN ('pause', 'resume')
    AND e.at <= ${w.asOf} ORDER BY e.at DESC, e.id DESC LIMIT 1) = 'pause'`;

/** The demands of the window's communities paused at `asOf` (report metric `paused`). */
export async function countPaused(db: Db, w: ReportWindow): Promise<number> {
  const { rows } = await sql<{ n: number }>`SELECT count(*) AS n FROM (${pausedAtAsOf(w)}) x`.execute(db);
  return rows[0]!.n;
}

/** A demand of the overdue list: its id and its resolve deadline as of the report's `asOf`. */
export interface OverdueFirst {
  id: number;
  resolve_due_at: string;
}

/**
 * How many demands are open and overdue at `asOf` (`open_overdue`), and the most overdue of them,
 * most overdue first (the overdue list): one pass over them, counted before the list is cut.
 */
export async function openOverdue(
  db: Db,
  w: ReportWindow,
  limit: number,
): Promise<{ count: number; first: OverdueFirst[] }> {
  // MATERIALIZED: each demand's deadline at `asOf` is sought once (SQLite evaluated it twice when the
  // subquery was flattened into the filter), and the paused ones are read once as a set.
  const { rows } = await sql<OverdueFirst & { n: number }>`
    WITH open_at AS MATERIALIZED (${openAtAsOf(w)})
    SELECT id, resolve_due_at, count(*) OVER () AS n FROM open_at
    WHERE resolve_due_at < ${w.asOf} AND id NOT IN (${pausedAtAsOf(w)})
    ORDER BY resolve_due_at, id LIMIT ${limit}`.execute(db);
  return { count: rows[0]?.n ?? 0, first: rows.map(({ id, resolve_due_at }) => ({ id, resolve_due_at })) };
}

/**
 * What the overdue list shows of those demands: the deadline and the assignee as of `asOf` (that
 * of the latest assignment by then), not as they may have changed since.
 */
export async function overdueLines(db: Db, firsts: readonly OverdueFirst[], asOf: string): Promise<OverdueDemand[]> {
  if (firsts.length === 0) return [];
  const listed = sql.join(firsts.map((f) => sql`(CAST(${f.id} AS INTEGER), ${f.resolve_due_at})`));
  const { rows } = await sql<OverdueDemand>`
    WITH firsts(id, resolve_due_at) AS (VALUES ${listed})
    SELECT d.number, c.code AS community_code, d.summary, d.category, d.received_at, x.resolve_due_at,
      coalesce(t.name, ar.name) AS assignee_name, d.phone
    FROM firsts x JOIN demands d ON d.id = x.id
      JOIN communities c ON c.id = d.community_id
      LEFT JOIN demand_events a ON a.id = (SELECT e.id FROM demand_events e WHERE e.demand_id = d.id
        AND e.type = 'assign' AND e.at <= ${asOf} ORDER BY e.at DESC, e.id DESC LIMIT 1)
      LEFT JOIN teams t ON t.id = a.team_id
      LEFT JOIN residents ar ON ar.id = a.resident_id
    ORDER BY x.resolve_due_at, d.id`.execute(db);
  return rows;
}

/** Ledger entries of the window, each with the kind it counts as (a reversal as what it reverses). */
const ledgerEntries = (w: ReportWindow) => sql`
  SELECT l.resident_id, l.delta, coalesce(l.qty, r.qty) AS qty, coalesce(l.item_id, r.item_id) AS item_id,
    CASE WHEN l.type <> 'reversal' THEN l.type WHEN r.type <> 'reversal' THEN r.type
      ELSE (SELECT rr.type FROM ledger rr WHERE rr.id = r.reverses) END AS kind
  FROM ledger l LEFT JOIN ledger r ON r.id = l.reverses
  WHERE l.community_id IN (${ids(w)}) AND l.at >= ${w.start} AND l.at <= ${w.asOf}`;

/** The counts of points, volunteers, meetings and care archives, one query over their tables. */
export type ActivityCounts = Pick<
  MetricCounts,
  | 'points_earned'
  | 'points_redeemed'
  | 'points_participants'
  | 'volunteer_activities'
  | 'volunteer_teams_active'
  | 'meetings_held'
  | 'topics_raised'
  | 'topics_decided'
  | 'topics_evaluated'
  | 'topics_resolved'
  | 'care_residents'
  | 'care_visits'
>;

/** Points (net of reversals, counted when recorded), activities, meetings, care archives and services. */
export async function activityCounts(db: Db, w: ReportWindow): Promise<ActivityCounts> {
  const inWindow = (column: string) => sql`${sql.ref(column)} >= ${w.start} AND ${sql.ref(column)} <= ${w.asOf}`;
  const topicsAt = (step: string, extra = sql``) => sql`(SELECT count(DISTINCT te.topic_id)
    FROM topic_events te JOIN topics t ON t.id = te.topic_id
    WHERE te.step = ${step} AND ${inWindow('te.at')} AND t.community_id IN (${ids(w)}) ${extra})`;
  const { rows } = await sql<ActivityCounts>`
    WITH entries AS MATERIALIZED (${ledgerEntries(w)})
    SELECT coalesce((SELECT sum(delta) FROM entries WHERE kind = 'earn'), 0) AS points_earned,
      coalesce(-(SELECT sum(delta) FROM entries WHERE kind = 'redeem'), 0) AS points_redeemed,
      (SELECT count(*) FROM (SELECT resident_id FROM entries WHERE kind = 'earn'
        GROUP BY resident_id HAVING sum(delta) > 0)) AS points_participants,
      (SELECT count(*) FROM activities a WHERE a.community_id IN (${ids(w)}) AND ${inWindow('a.at')}) AS
    volunteer_activities,
      (SELECT count(DISTINCT a.team_id) FROM activities a WHERE a.community_id IN (${ids(w)}) AND ${inWindow('a.at')})
    AS volunteer_teams_active,
      (SELECT count(*) FROM meetings m WHERE m.community_id IN (${ids(w)}) AND ${inWindow('m.at')}) AS meetings_held,
      (SELECT count(*) FROM topics t WHERE t.community_id IN (${ids(w)}) AND ${inWindow('t.raised_at')}) AS
    topics_raised,
      ${topicsAt('decided')} AS topics_decided,
      ${topicsAt('evaluated')} AS topics_evaluated,
      ${topicsAt('evaluated', sql`AND t.evaluation IN ('satisfied', 'basic')`)} AS topics_resolved,
      (SELECT count(DISTINCT rt.resident_id) FROM resident_tags rt JOIN residents r ON r.id = rt.resident_id
        WHERE rt.tag IN (${CARE_TAGS}) AND rt.tagged_at <= ${w.asOf} AND r.community_id IN (${ids(w)})) AS
    care_residents,
      (SELECT count(*) FROM care_services c WHERE c.community_id IN (${ids(w)}) AND ${inWindow('c.at')}) AS care_visits
    `.execute(db);
  return rows[0]!;
}

/** The care services of the window by kind (`care_visits`' breakdown). */
export async function careVisitsByService(db: Db, w: ReportWindow): Promise<{ code: string; n: number }[]> {
  const { rows } = await sql<{ code: string; n: number }>`
    SELECT c.service AS code, count(*) AS n FROM care_services c
    WHERE c.community_id IN (${ids(w)}) AND c.at >= ${w.start} AND c.at <= ${w.asOf} GROUP BY c.service`.execute(db);
  return rows;
}

/** Residents by the points they earned in the window (net of reversals), most first. */
export async function topEarners(db: Db, w: ReportWindow, limit: number): Promise<{ name: string; points: number }[]> {
  const { rows } = await sql<{ name: string; points: number }>`
    WITH entries AS MATERIALIZED (${ledgerEntries(w)})
    SELECT r.name, sum(e.delta) AS points FROM entries e JOIN residents r ON r.id = e.resident_id
    WHERE e.kind = 'earn' GROUP BY e.resident_id, r.name HAVING sum(e.delta) > 0
    ORDER BY points DESC, r.name LIMIT ${limit}`.execute(db);
  return rows;
}

/** Items redeemed in the window, net of reversals. */
export async function itemsRedeemed(db: Db, w: ReportWindow): Promise<{ name: string; qty: number; points: number }[]> {
  const { rows } = await sql<{ name: string; qty: number; points: number }>`
    WITH entries AS MATERIALIZED (${ledgerEntries(w)})
    SELECT i.name, sum(CASE WHEN e.delta < 0 THEN coalesce(e.qty, 0) ELSE -coalesce(e.qty, 0) END) AS qty,
      -sum(e.delta) AS points
    FROM entries e JOIN items i ON i.id = e.item_id WHERE e.kind = 'redeem'
    GROUP BY i.id HAVING sum(e.delta) <> 0 ORDER BY points DESC, i.name`.execute(db);
  return rows;
}

/** Goods whose current stock is at or below the threshold (stock is not kept per month). */
export async function lowStock(
  db: Db,
  communityIds: readonly number[],
  threshold: number,
): Promise<{ name: string; stock: number }[]> {
  const { rows } = await sql<{ name: string; stock: number }>`
    SELECT name, stock FROM items WHERE community_id IN (${sql.join(communityIds)})
      AND stock IS NOT NULL AND stock <= ${threshold} ORDER BY stock, name`.execute(db);
  return rows;
}

export interface MeetingLine {
  title: string;
  at: string;
  attendees: number | null;
}

export async function meetingsHeld(db: Db, w: ReportWindow): Promise<MeetingLine[]> {
  const { rows } = await sql<MeetingLine>`
    SELECT title, at, attendees FROM meetings WHERE community_id IN (${ids(w)})
      AND at >= ${w.start} AND at <= ${w.asOf} ORDER BY at, id`.execute(db);
  return rows;
}

export interface TopicLine {
  id: number;
  /** The topic's community (the street roll-up's table shows it). */
  community_code: string;
  title: string;
  step: string;
  evaluation: string | null;
  resolution: string | null;
  tasks: string | null;
}

/**
 * Topics raised by `asOf` with their step at `asOf`: those still open, and those that moved in
 * the window; with the passed proposal and the task demands (`number:status`, comma-separated).
 */
export async function topicsByStep(db: Db, w: ReportWindow): Promise<TopicLine[]> {
  const { rows } = await sql<TopicLine>`
    WITH topic AS (
      SELECT t.id, (SELECT c.code FROM communities c WHERE c.id = t.community_id) AS community_code, t.title,
    t.evaluation, coalesce((SELECT te.step FROM topic_events te
        WHERE te.topic_id = t.id AND te.at <= ${w.asOf} ORDER BY te.at DESC, te.id DESC LIMIT 1), 'raised') AS step,
        t.raised_at >= ${w.start} OR EXISTS (SELECT 1 FROM topic_events te WHERE te.topic_id = t.id
          AND te.at >= ${w.start} AND te.at <= ${w.asOf}) AS moved
      FROM topics t WHERE t.community_id IN (${ids(w)}) AND t.raised_at <= ${w.asOf}
    )
    SELECT topic.id, topic.community_code, topic.title, topic.step, CASE WHEN topic.step = 'evaluated' THEN
    topic.evaluation END AS evaluation,
      (SELECT p.text FROM proposals p JOIN votes v ON v.proposal_id = p.id
        WHERE p.topic_id = topic.id AND v.passed = 1 AND v.at <= ${w.asOf} ORDER BY v.at DESC LIMIT 1) AS resolution,
      (SELECT group_concat(d.number || ':' || ${statusAt(w.asOf)}, ',' ORDER BY tt.demand_id) FROM topic_tasks tt
        JOIN demands d ON d.id = tt.demand_id WHERE tt.topic_id = topic.id AND d.received_at <= ${w.asOf}) AS tasks
    FROM topic WHERE topic.moved OR topic.step <> 'evaluated'
    ORDER BY topic.id`.execute(db);
  return rows;
}

export interface MonthWindow {
  month: string;
  start: string;
  end: string;
  asOf: string;
}

/**
 * Demands received and the last rating of each demand rated, month by month. The ratings are read
 * as `eventCounts` reads them: by type and time for every community, else from the demands rated
 * since the first month began.
 */
export async function monthlyTrend(
  db: Db,
  w: Pick<ReportWindow, 'communityIds' | 'everyCommunity'>,
  months: readonly MonthWindow[],
): Promise<{ month: string; received: number; ratings: number; satisfied: number }[]> {
  const values = sql.join(months.map((m) => sql`(${m.month}, ${m.start}, ${m.end}, ${m.asOf})`));
  const inCommunities = sql`d.community_id IN (${ids(w)}) AND d.cancelled_at IS NULL`;
  const ratings = w.everyCommunity
    ? sql`months m CROSS JOIN demand_events e ON e.type = 'rate' AND e.at >= m.start AND e.at <= m.as_of
        CROSS JOIN demands d ON d.id = e.demand_id WHERE ${inCommunities}`
    : sql`demands d INDEXED BY demands_by_rated
        CROSS JOIN demand_events e INDEXED BY demand_events_by_demand ON e.demand_id = d.id
          AND e.type = 'rate' AND e.at >= ${months[0]!.start} AND e.at <= ${months.at(-1)!.asOf}
        CROSS JOIN months m ON e.at >= m.start AND e.at <= m.as_of
      WHERE ${inCommunities} AND d.rated_at >= ${months[0]!.start}`;
  const { rows } = await sql<{ month: string; received: number; ratings: number; satisfied: number }>`
    WITH months(month, start, end_, as_of) AS (VALUES ${values}),
    rated AS MATERIALIZED (
      SELECT m.month, e.rating, row_number() OVER (PARTITION BY m.month, e.demand_id ORDER BY e.at DESC, e.id DESC) AS
    rn
      FROM ${ratings}
    )
    SELECT m.month,
      (SELECT count(*) FROM demands d WHERE ${inCommunities} AND d.received_at >= m.start AND d.received_at < m.end_)
    AS received,
      (SELECT count(*) FROM rated r WHERE r.month = m.month AND r.rn = 1) AS ratings,
      (SELECT count(*) FROM rated r WHERE r.month = m.month AND r.rn = 1 AND r.rating IN ('satisfied', 'basic')) AS
    satisfied
    FROM months m ORDER BY m.month`.execute(db);
  return rows;
}
