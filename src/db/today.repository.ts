import { sql, type RawBuilder } from 'kysely';
import type { Db } from './connection.js';

/**
 * The reads of `today` (今日待办, SPEC §10): each section is a count and its first rows, read
 * through the indexes by community and status, so that a file of a million demands answers as
 * fast as a small one. A demand is listed once, in the first section that holds it; meeting tasks
 * past due have a section of their own. A paused demand (挂起, SPEC §9) has its clock stopped: it is
 * in none of the sections of deadlines.
 */
export interface DemandDue {
  number: string;
  summary: string;
  status: string;
  due_at: string;
  who: string | null;
  /** The 红色议事厅 topic a meeting task carries out. */
  topic_id: number | null;
}

export interface Section<T> {
  rows: T[];
  count: number;
}

export interface DayWindow {
  communityId: number;
  now: string;
  /** The end of the next working day(s): the horizon of `due soon`. */
  horizon: string;
  /** The start of today: a demand resolved before it is due for a return visit. */
  todayStart: string;
  limit: number;
}

const isTask = sql`EXISTS (SELECT 1 FROM topic_tasks tt WHERE tt.demand_id = d.id)`;

/**
 * A section's first rows, with `joins` for their names, and its count without them: the count reads
 * the index alone, where a join would fetch every row it counts (109 ms instead of 7 ms for the
 * 6,260 demands awaiting a return visit in one community of the 1M bench file). `where` names only
 * the table of `from`.
 */
async function section<T>(
  db: Db,
  parts: {
    select: RawBuilder<unknown>;
    from: RawBuilder<unknown>;
    joins?: RawBuilder<unknown>;
    where: RawBuilder<unknown>;
  },
  order: RawBuilder<unknown>,
  limit: number,
): Promise<Section<T>> {
  const { select, from, joins = sql``, where } = parts;
  const { rows } =
    await sql<T>`SELECT ${select} FROM ${from} ${joins} WHERE ${where} ORDER BY ${order} LIMIT ${limit}`.execute(db);
  const { rows: counted } = await sql<{ n: number }>`SELECT count(*) AS n FROM ${from} WHERE ${where}`.execute(db);
  return { rows, count: counted[0]!.n };
}

/** A section of demands due by `due`: who has each one, and the topic a meeting task carries out. */
const demandParts = (due: string, where: RawBuilder<unknown>) => ({
  select: sql`d.number, d.summary, d.status, ${sql.ref(due)} AS due_at,
  coalesce(t.name, ar.name) AS who, (SELECT tt.topic_id FROM topic_tasks tt WHERE tt.demand_id = d.id) AS topic_id`,
  from: sql`demands d`,
  joins: sql`LEFT JOIN teams t ON t.id = d.assignee_team_id LEFT JOIN residents ar ON ar.id = d.assignee_resident_id`,
  where,
});

/** 超期未办结: not resolved, past the resolve deadline (meeting tasks aside). */
export function overdue(db: Db, w: DayWindow): Promise<Section<DemandDue>> {
  const where = sql`d.community_id = ${w.communityId} AND d.status IN ('open', 'assigned')
    AND d.resolve_due_at < ${w.now} AND d.paused_at IS NULL AND NOT ${isTask}`;
  return section(db, demandParts('d.resolve_due_at', where), sql`d.resolve_due_at, d.id`, w.limit);
}

/** 即将到期: not resolved, due by the end of the next working day. */
export function dueSoon(db: Db, w: DayWindow): Promise<Section<DemandDue>> {
  const where = sql`d.community_id = ${w.communityId} AND d.status IN ('open', 'assigned')
    AND d.resolve_due_at >= ${w.now} AND d.resolve_due_at <= ${w.horizon} AND d.paused_at IS NULL`;
  return section(db, demandParts('d.resolve_due_at', where), sql`d.resolve_due_at, d.id`, w.limit);
}

/** 超时未响应: never assigned nor resolved, past the response deadline, not overdue nor due soon already. */
export function noResponse(db: Db, w: DayWindow): Promise<Section<DemandDue>> {
  const where = sql`d.community_id = ${w.communityId} AND d.status = 'open'
    AND d.responded_at IS NULL AND d.response_due_at < ${w.now} AND d.resolve_due_at > ${w.horizon} AND d.paused_at IS
    NULL`;
  return section(db, demandParts('d.response_due_at', where), sql`d.response_due_at, d.id`, w.limit);
}

/** A resolved demand waiting for its return visit, with the visits that reached no one so far. */
export interface VisitDue {
  number: string;
  summary: string;
  resolved_at: string;
  resident: string | null;
  attempts: number;
}

/** 待回访: resolved before today, neither rated nor closed unrated; longest waiting first. */
export function visitsDue(db: Db, w: DayWindow): Promise<Section<VisitDue>> {
  const select = sql`d.number, d.summary, d.resolved_at, r.name AS resident,
    (SELECT count(*) FROM demand_visits v WHERE v.demand_id = d.id) AS attempts`;
  const from = sql`demands d INDEXED BY demands_awaiting_visit`;
  const joins = sql`LEFT JOIN residents r ON r.id = d.resident_id`;
  const where = sql`d.community_id = ${w.communityId} AND d.status = 'resolved' AND d.resolved_at < ${w.todayStart}`;
  return section(db, { select, from, joins, where }, sql`d.resolved_at, d.id`, w.limit);
}

/** 会议任务超期: meeting tasks not resolved, past their deadline. */
export function tasksOverdue(db: Db, w: DayWindow): Promise<Section<DemandDue>> {
  const where = sql`d.community_id = ${w.communityId} AND d.status IN ('open', 'assigned')
    AND d.resolve_due_at < ${w.now} AND d.paused_at IS NULL AND ${isTask}`;
  return section(db, demandParts('d.resolve_due_at', where), sql`d.resolve_due_at, d.id`, w.limit);
}

export interface TopicWaiting {
  id: number;
  title: string;
  step: 'raised' | 'proposed' | 'decided' | 'implementing';
  raised_at: string;
}

/**
 * 议题待推进: topics whose next step is the desk's to take — every step before the evaluation, and
 * an implementing topic once no task of it is left open (then it waits to be evaluated).
 */
export function topicsWaiting(db: Db, w: DayWindow): Promise<Section<TopicWaiting>> {
  const where = sql`tp.community_id = ${w.communityId} AND (tp.step IN ('raised', 'proposed', 'decided')
    OR (tp.step = 'implementing' AND NOT EXISTS (SELECT 1 FROM topic_tasks tt JOIN demands d ON d.id = tt.demand_id
      WHERE tt.topic_id = tp.id AND d.status IN ('open', 'assigned'))))`;
  const select = sql`tp.id, tp.title, tp.step, tp.raised_at`;
  return section(db, { select, from: sql`topics tp`, where }, sql`tp.raised_at, tp.id`, w.limit);
}
