import { loadCalendar } from '../db/calendar.repository.js';
import { lowStock } from '../db/report.repository.js';
import {
  dueSoon,
  noResponse,
  overdue,
  tasksOverdue,
  topicsWaiting,
  visitsDue,
  type DayWindow,
  type DemandDue,
  type Section,
} from '../db/today.repository.js';
import { careTags, label, residentTag, status as statusCodes } from '../domain/codes.js';
import { dueAfter, localDate } from '../domain/durations.js';
import { bi, type Bilingual } from '../domain/errors.js';
import { step, type Step } from '../domain/next-step.js';
import { nextStepCommand, stepLabels } from '../domain/five-step.js';
import { endOfLocalDay } from '../domain/time.js';
import { LOW_STOCK, type TodayRow, type TodaySection } from '../domain/today.js';
import { careDue } from './care.service.js';
import type { Scope } from './session.js';

export interface Today {
  /** Due soon means by the end of this: the end of the `days`-th working day after today. */
  horizon: Date;
  sections: TodaySection[];
}

/** The command that takes a demand still to be handled a step further. */
function handle(d: DemandDue): Step {
  return d.status === 'open'
    ? step('assign', [d.number], { to: bi('<队伍或志愿者>', '<team or volunteer>') })
    : step('resolve', [d.number], { note: bi('<办理情况>', '<what was done>') });
}

function demandRows(s: Section<DemandDue>): { count: number; rows: TodayRow[] } {
  return {
    count: s.count,
    rows: s.rows.map((d) => ({
      ref: d.number,
      summary: d.summary,
      at: d.due_at,
      detail: bi(
        [label(statusCodes, d.status, 'zh'), d.who, d.topic_id ? `T${d.topic_id}` : null].filter(Boolean).join(' · '),
        [label(statusCodes, d.status, 'en'), d.who, d.topic_id ? `T${d.topic_id}` : null].filter(Boolean).join(' · '),
      ),
      command: handle(d),
    })),
  };
}

/**
 * 今日待办: everything the desk should do today, section by section (SPEC §10), each section's
 * first `limit` rows and its count. `days`: how many working days ahead "due soon" looks.
 */
export async function today(scope: Scope, input: { days: number; limit: number }): Promise<Today> {
  const tz = scope.timeZone;
  // The end of the `days`-th working day after today, on the file's calendar (调休 included).
  const horizon = dueAfter(
    scope.now,
    { n: input.days, unit: 'wd' },
    tz,
    await loadCalendar(scope.db, localDate(scope.now, tz)),
  );
  const todayStart = new Date(endOfLocalDay(scope.now, tz, -1).getTime() + 1);
  const w: DayWindow = {
    communityId: scope.community.id,
    now: scope.now.toISOString(),
    horizon: horizon.toISOString(),
    todayStart: todayStart.toISOString(),
    limit: input.limit,
  };
  const db = scope.db;
  const visits = await visitsDue(db, w);
  const care = await careDue(scope, endOfLocalDay(scope.now, tz), input.limit);
  const topics = await topicsWaiting(db, w);
  const stock = await lowStock(db, [scope.community.id], LOW_STOCK);
  const tagLabels = (tags: string, lang: 'zh' | 'en') =>
    tags
      .split(',')
      .filter((t) => (careTags as readonly string[]).includes(t))
      .map((t) => label(residentTag, t, lang))
      .join(lang === 'zh' ? '、' : ', ');
  return {
    horizon,
    sections: [
      { section: 'overdue', ...demandRows(await overdue(db, w)) },
      { section: 'due_soon', ...demandRows(await dueSoon(db, w)) },
      { section: 'no_response', ...demandRows(await noResponse(db, w)) },
      {
        section: 'return_visits',
        count: visits.count,
        rows: visits.rows.map((v) => ({
          ref: v.number,
          summary: v.summary,
          at: v.resolved_at,
          detail: bi(
            [v.resident, v.attempts ? `已回访未果 ${v.attempts} 次` : null].filter(Boolean).join(' · '),
            [v.resident, v.attempts ? `${v.attempts} missed visit${v.attempts === 1 ? '' : 's'}` : null]
              .filter(Boolean)
              .join(' · '),
          ),
          command: step('rate', [v.number, bi('满意|基本满意|不满意', 'satisfied|basic|unsatisfied')]),
        })),
      },
      {
        section: 'care_visits',
        count: care.count,
        rows: care.rows.map((c) => ({
          ref: c.name,
          summary: c.address ?? '',
          at: c.due_at,
          detail: bi(
            `${tagLabels(c.tags, 'zh')}${c.last_at ? '' : ' · 尚未走访'}`,
            `${tagLabels(c.tags, 'en')}${c.last_at ? '' : ' · never visited'}`,
          ),
          command: step('care', [String(c.resident_id)], { service: 'visit' }),
        })),
      },
      { section: 'meeting_tasks', ...demandRows(await tasksOverdue(db, w)) },
      {
        section: 'topics',
        count: topics.count,
        rows: topics.rows.map((tp) => ({
          ref: `T${tp.id}`,
          summary: tp.title,
          at: tp.raised_at,
          detail: bi(label(stepLabels, tp.step, 'zh'), label(stepLabels, tp.step, 'en')),
          command: nextStepCommand(tp.step, `T${tp.id}`),
        })),
      },
      {
        section: 'low_stock',
        count: stock.length,
        rows: stock.slice(0, input.limit).map((i) => ({
          ref: i.name,
          summary: '',
          at: null,
          detail: bi(`库存 ${i.stock}`, `${i.stock} in stock`),
          command: step('points item restock', [i.name, bi('<数量>', '<n>')]),
        })),
      },
    ],
  };
}
