import { listCommunities } from '../db/community.repository.js';
import {
  activityCounts,
  careVisitsByService,
  cohortBreakdowns,
  cohortCounts,
  complaintsReceived,
  eventCounts,
  recordsBegin,
  itemsRedeemed,
  countOpenOverdue,
  countPaused,
  listOpenOverdue,
  lowStock,
  meetingsHeld,
  monthlyTrend,
  topEarners,
  topicsByStep,
  type MeetingLine,
  type OverdueDemand,
  type ReportWindow,
  type TopicLine,
} from '../db/report.repository.js';
import { feeCounts } from '../db/fee-report.repository.js';
import { inSnapshot } from '../db/snapshot.js';
import type { Community } from '../db/schema.js';
import { bi, fieldError, NotAllowedError, usageAbout, zhWord } from '../domain/errors.js';
import { FIRST_COMMUNITY } from './session.js';
import {
  BREAKDOWNS,
  DIMENSIONS,
  metricRatios,
  metricValues,
  percent,
  type BreakdownCounts,
  type MetricValues,
  type Ratios,
  type Value,
} from '../domain/metrics.js';
import { halfWidth } from '../domain/half-width.js';
import { addMonths, dateRangeProblem, monthOf, monthRange, readMonth } from '../domain/time.js';
import { chooseCommunity, isEveryCommunity, type Session } from './session.js';

/** The month a report describes, and the instant it is taken as of (SPEC §7). */
export interface ReportPeriod {
  month: string;
  /** The running month: as of now, not of the month's end. */
  partial: boolean;
  start: Date;
  end: Date;
  asOf: Date;
}

/**
 * `--month YYYY-MM|this|last` (default last). A finished month is taken as of its last
 * millisecond in the database's zone, so rerunning it later gives the same figures; the running
 * month is taken as of now and marked partial. A month still to come is refused.
 */
export function reportPeriod(choice: string | undefined, now: Date, timeZone: string): ReportPeriod {
  const current = monthOf(now, timeZone);
  const text = halfWidth(choice ?? 'last')
    .trim()
    .toLowerCase();
  const month =
    text === 'this' ? current : text === 'last' ? addMonths(current, -1) : readMonth(text, Number(current.slice(0, 4)));
  const outOfRange = month === undefined ? dateRangeProblem(text) : undefined;
  if (outOfRange) {
    throw usageAbout('month', (name) => ({
      text: bi(`${name.zh}：${outOfRange.zh}`, `${name.noun}: ${outOfRange.en}`),
      hint: bi('例如 2026-10', 'e.g. 2026-10'),
    }));
  }
  if (month === undefined) {
    throw usageAbout('month', (name) => ({
      text: bi(`${name.zh}：“${choice}”不是月份`, `${name.noun}: "${choice}" is not a month`),
      hint: bi(
        '请用 YYYY-MM（如 2026-10）、2026年10月、10月（今年）、this 或 last',
        'use YYYY-MM (e.g. 2026-10), 2026年10月, 10月 (this year), this or last',
      ),
    }));
  }
  if (month > current) {
    throw fieldError(
      'month',
      bi(`${month} 还没开始（现在是 ${current}）`, `${month} has not begun yet (it is ${current} now)`),
      (name) =>
        bi(
          `请统计过去的月份，或用${zhWord(name.zh).trimEnd()} this 统计本月`,
          `report a past month, or this month with ${name.noun} this`,
        ),
    );
  }
  const { start, end } = monthRange(month, timeZone);
  const partial = month === current;
  return { month, partial, start, end, asOf: partial ? now : new Date(end.getTime() - 1) };
}

/** Whom a report covers: one community, or `all` of the file rolled up. */
export interface ReportTarget {
  code: string;
  name: string;
  communities: Community[];
}

export async function reportTarget(session: Session, ref: string | undefined): Promise<ReportTarget> {
  if (isEveryCommunity(ref)) {
    const communities = await listCommunities(session.db);
    if (communities.length === 0) {
      throw new NotAllowedError(bi('数据库里还没有社区', 'this database has no community yet'), FIRST_COMMUNITY);
    }
    return { code: 'all', name: communities.map((c) => c.name).join('、'), communities };
  }
  const community = await chooseCommunity(session, ref);
  return { code: community.code, name: community.name, communities: [community] };
}

export interface Figures {
  values: MetricValues;
  breakdowns: BreakdownCounts;
  /** Each rate's two counts (the CSV's `numerator,denominator`). */
  ratios: Ratios;
}

export interface MonthlyReport extends Figures {
  target: ReportTarget;
  period: ReportPeriod;
}

export interface TrendPoint {
  month: string;
  received: number;
  satisfactionRate: Value;
}

/** What the Markdown document shows beside the figures. */
export interface ReportDetail {
  yearToDate: Figures;
  /**
   * When the records begin, if after the start of last year's year to date: that comparison would
   * set a whole year against a few months, so the year to date's complaints change is left empty.
   */
  recordsSince: string | null;
  /**
   * The month the records begin (of the community that began last, in a roll-up); null for none.
   * The charts leave the months before it off: no data, not zero demands.
   */
  recordsMonth: string | null;
  /** The figure `open_overdue` of the month; `overdue` lists at most OVERDUE_LISTED of them. */
  overdue: OverdueDemand[];
  trend: TrendPoint[];
  topEarners: { name: string; points: number }[];
  itemsRedeemed: { name: string; qty: number; points: number }[];
  lowStock: { name: string; stock: number }[];
  meetings: MeetingLine[];
  topics: TopicLine[];
}

export interface DetailedReport extends MonthlyReport {
  detail: ReportDetail;
}

export const OVERDUE_LISTED = 50;
export const LOW_STOCK_AT = 5;
const TOP_EARNERS = 10;
const TREND_MONTHS = 12;

const iso = (d: Date) => d.toISOString();

function windowOf(target: ReportTarget, start: Date, end: Date, asOf: Date): ReportWindow {
  const everyCommunity = target.code === 'all';
  return {
    communityIds: target.communities.map((c) => c.id),
    everyCommunity,
    start: iso(start),
    end: iso(end),
    asOf: iso(asOf),
  };
}

/** The demands open and overdue, and those paused, at a window's `asOf`: the same for every window ending then. */
interface OpenWork {
  open_overdue: number;
  paused: number;
}

async function openWorkAt(session: Session, w: ReportWindow): Promise<OpenWork> {
  return { open_overdue: await countOpenOverdue(session.db, w), paused: await countPaused(session.db, w) };
}

/** Every metric of a window, with last year's complaints over the same window a year earlier. */
async function figures(session: Session, w: ReportWindow, lastYear: ReportWindow, open: OpenWork): Promise<Figures> {
  const db = session.db;
  const cohort = await cohortCounts(db, w);
  const events = await eventCounts(db, w);
  const activity = await activityCounts(db, w);
  const fees = await feeCounts(db, w, reportYear(w, session.timeZone));
  const complaintsLastYear = await complaintsReceived(db, lastYear);
  const breakdowns = Object.fromEntries(DIMENSIONS.map((d) => [d, {}])) as BreakdownCounts;
  for (const row of await cohortBreakdowns(db, w)) {
    if (row.dimension in BREAKDOWNS) breakdowns[row.dimension as keyof BreakdownCounts][row.code] = row.n;
  }
  for (const row of await careVisitsByService(db, w)) breakdowns.service[row.code] = row.n;
  const counts = {
    ...cohort,
    ...events,
    ...activity,
    ...fees,
    ...open,
    complaints_last_year: complaintsLastYear,
  };
  return { values: metricValues(counts), breakdowns, ratios: metricRatios(counts) };
}

/** The calendar year of a window's start, as instants (the fee collection rate's cohort). */
function reportYear(w: ReportWindow, timeZone: string): { start: string; end: string } {
  const year = Number(monthOf(new Date(w.start), timeZone).slice(0, 4));
  return {
    start: iso(monthRange(`${year}-01`, timeZone).start),
    end: iso(monthRange(`${year + 1}-01`, timeZone).start),
  };
}

function yearEarlier(target: ReportTarget, start: Date, end: Date, timeZone: string): ReportWindow {
  const from = monthRange(addMonths(monthOf(start, timeZone), -12), timeZone).start;
  const to = monthRange(addMonths(monthOf(new Date(end.getTime() - 1), timeZone), -12), timeZone).end;
  return windowOf(target, from, to, new Date(to.getTime() - 1));
}

/** The report of one month: every metric of SPEC §7, read from one snapshot of the file. */
export function monthlyReport(session: Session, target: ReportTarget, period: ReportPeriod): Promise<MonthlyReport> {
  return inSnapshot(session.store, async () => {
    const open = await openWorkAt(session, windowOf(target, period.start, period.end, period.asOf));
    return { target, period, ...(await monthFigures(session, target, period, open)) };
  });
}

function monthFigures(session: Session, target: ReportTarget, period: ReportPeriod, open: OpenWork): Promise<Figures> {
  const w = windowOf(target, period.start, period.end, period.asOf);
  return figures(session, w, yearEarlier(target, period.start, period.end, session.timeZone), open);
}

/** The month's report with what the Markdown document adds: year to date, lists and the trend. */
export function reportWithDetail(
  session: Session,
  target: ReportTarget,
  period: ReportPeriod,
): Promise<DetailedReport> {
  const tz = session.timeZone;
  return inSnapshot(session.store, async () => {
    const db = session.db;
    const w = windowOf(target, period.start, period.end, period.asOf);
    // The year to date ends when the month does: its open work is the month's, counted once.
    const open = await openWorkAt(session, w);
    const month = await monthFigures(session, target, period, open);
    const yearStart = monthRange(`${period.month.slice(0, 4)}-01`, tz).start;
    const lastYear = yearEarlier(target, yearStart, period.end, tz);
    const yearToDate = await figures(session, { ...w, start: iso(yearStart) }, lastYear, open);
    const first = await recordsBegin(db, w.communityIds);
    const recordsSince = first !== null && first > lastYear.start ? first : null;
    // Last year's year to date is incomplete: neither its count nor the change would be true.
    if (recordsSince) {
      yearToDate.values.complaints_last_year = null;
      yearToDate.values.complaints_yoy_change = null;
      yearToDate.ratios.complaints_yoy_change = null;
    }
    const months = Array.from({ length: TREND_MONTHS }, (_, i) => addMonths(period.month, i - TREND_MONTHS + 1)).map(
      (m) => {
        const { start, end } = monthRange(m, tz);
        const asOf = new Date(Math.min(end.getTime() - 1, period.asOf.getTime()));
        return { month: m, start: iso(start), end: iso(end), asOf: iso(asOf) };
      },
    );
    const trend = (await monthlyTrend(db, w, months)).map((t) => ({
      month: t.month,
      received: t.received,
      satisfactionRate: percent(t.satisfied, t.ratings),
    }));
    const detail: ReportDetail = {
      yearToDate,
      recordsSince,
      recordsMonth: first === null ? null : monthOf(new Date(first), tz),
      overdue: await listOpenOverdue(db, w, OVERDUE_LISTED),
      trend,
      topEarners: await topEarners(db, w, TOP_EARNERS),
      itemsRedeemed: await itemsRedeemed(db, w),
      lowStock: await lowStock(db, w.communityIds, LOW_STOCK_AT),
      meetings: await meetingsHeld(db, w),
      topics: await topicsByStep(db, w),
    };
    return { target, period, ...month, detail };
  });
}
