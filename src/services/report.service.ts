import { storeCommunities } from '../db/opening.repository.js';
import {
  activityCounts,
  careVisitsByService,
  cohortCounts,
  complaintsReceived,
  eventCounts,
  recordsBegin,
  itemsRedeemed,
  countPaused,
  openOverdue,
  overdueLines,
  lowStock,
  meetingsHeld,
  monthlyTrend,
  topEarners,
  topicsByStep,
  type MeetingLine,
  type OverdueDemand,
  type OverdueFirst,
  type ReportWindow,
  type TopicLine,
} from '../db/report.repository.js';
import { feeCounts } from '../db/fee-report.repository.js';
import { keepMonths, keptMonths, type KeptMonth, type MonthPart } from '../db/report-months.repository.js';
import { inSnapshot } from '../db/snapshot.js';
import type { Community } from '../db/schema.js';
import { bi, fieldError, NotAllowedError, usageAbout, zhWord } from '../domain/errors.js';
import { FIRST_COMMUNITY } from './session.js';
import {
  metricRatios,
  metricValues,
  percent,
  type BreakdownCounts,
  type MetricCounts,
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
    const communities = await storeCommunities(session.store);
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

/** What computing a report needs of a session (`doctor` has no session, only the file). */
export type ReportReader = Pick<Session, 'store' | 'db' | 'timeZone'>;

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

/** The counts of a window, from which every metric follows (what is kept of a finished month). */
interface Counted {
  counts: MetricCounts;
  breakdowns: BreakdownCounts;
}

/** Every count of a window, with last year's complaints over the same window a year earlier. */
async function counted(r: ReportReader, w: ReportWindow, lastYear: ReportWindow, open: OpenWork): Promise<Counted> {
  const db = r.db;
  const cohort = await cohortCounts(db, w);
  const events = await eventCounts(db, w);
  const activity = await activityCounts(db, w);
  const fees = await feeCounts(db, w, reportYear(w, r.timeZone));
  const complaintsLastYear = await complaintsReceived(db, lastYear);
  const breakdowns: BreakdownCounts = { ...cohort.breakdowns, service: {} };
  for (const row of await careVisitsByService(db, w)) breakdowns.service[row.code] = row.n;
  const counts = {
    ...cohort.counts,
    ...events,
    ...activity,
    ...fees,
    ...open,
    complaints_last_year: complaintsLastYear,
  };
  return { counts, breakdowns };
}

function figuresOf(c: Counted): Figures {
  return { values: metricValues(c.counts), breakdowns: c.breakdowns, ratios: metricRatios(c.counts) };
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

/**
 * The figures of finished months kept from earlier reports (migration 0021), and those computed now
 * to keep. A month is kept once it has ended: the running month is as of now and changes by itself.
 */
interface Memo {
  /** The community, or 0 for the roll-up of every community. */
  scope: number;
  kept: Map<string, string>;
  fresh: KeptMonth[];
}

const memoKey = (month: string, part: MonthPart) => `${month} ${part}`;

async function memoOf(r: ReportReader, target: ReportTarget, from: string, to: string): Promise<Memo> {
  const scope = target.code === 'all' ? 0 : target.communities[0]!.id;
  const rows = await keptMonths(r.db, scope, from, to);
  return { scope, kept: new Map(rows.map((k) => [memoKey(k.month, k.part), k.figures])), fresh: [] };
}

/** A part of a month: as kept, else computed now (and kept, when the month has ended). */
async function remembered<T>(
  memo: Memo,
  at: { month: string; end: Date; finished: boolean },
  part: MonthPart,
  compute: () => Promise<T>,
): Promise<T> {
  // A month kept while the clock (HONGWU_NOW) stood later is running again now: counted as of now.
  const kept = at.finished ? memo.kept.get(memoKey(at.month, part)) : undefined;
  if (kept !== undefined) return JSON.parse(kept) as T;
  const value = await compute();
  if (at.finished) {
    const row = {
      community_id: memo.scope,
      month: at.month,
      part,
      ends_at: iso(at.end),
      figures: JSON.stringify(value),
    };
    memo.fresh.push(row);
  }
  return value;
}

/** The report's month as a memo's key: kept once it has ended. */
const monthAt = (period: ReportPeriod) => ({ month: period.month, end: period.end, finished: !period.partial });

/**
 * The month's counts, and the year to date's: the open work at their common `asOf` is counted once,
 * if at all, in the same pass as the overdue list's first demands.
 */
function monthParts(r: ReportReader, target: ReportTarget, period: ReportPeriod) {
  const w = windowOf(target, period.start, period.end, period.asOf);
  let overdue: ReturnType<typeof openOverdue> | undefined;
  const overdueAt = () => (overdue ??= openOverdue(r.db, w, OVERDUE_LISTED));
  let open: Promise<OpenWork> | undefined;
  const openWork = () =>
    (open ??= (async () => ({ open_overdue: (await overdueAt()).count, paused: await countPaused(r.db, w) }))());
  return {
    window: w,
    month: async () => counted(r, w, yearEarlier(target, period.start, period.end, r.timeZone), await openWork()),
    yearToDate: async () => {
      const yearStart = monthRange(`${period.month.slice(0, 4)}-01`, r.timeZone).start;
      const lastYear = yearEarlier(target, yearStart, period.end, r.timeZone);
      return counted(r, { ...w, start: iso(yearStart) }, lastYear, await openWork());
    },
    overdue: async (): Promise<OverdueFirst[]> => (await overdueAt()).first,
  };
}

/** The report of one month: every metric of SPEC §7, read from one snapshot of the file. */
export function monthlyReport(session: Session, target: ReportTarget, period: ReportPeriod): Promise<MonthlyReport> {
  return inSnapshot(
    session.store,
    async () => {
      const memo = await memoOf(session, target, period.month, period.month);
      const parts = monthParts(session, target, period);
      const month = await remembered(memo, monthAt(period), 'month', parts.month);
      await keepMonths(session.store, memo.fresh);
      return { target, period, ...figuresOf(month) };
    },
    true,
  );
}

/** A point of the 12-month chart: demands received and the last ratings of the month, as of its end. */
interface TrendCounts {
  received: number;
  ratings: number;
  satisfied: number;
}

/** The month's report with what the Markdown document adds: year to date, lists and the trend. */
export function reportWithDetail(
  session: Session,
  target: ReportTarget,
  period: ReportPeriod,
): Promise<DetailedReport> {
  const tz = session.timeZone;
  return inSnapshot(
    session.store,
    async () => {
      const db = session.db;
      const chart = Array.from({ length: TREND_MONTHS }, (_, i) => addMonths(period.month, i - TREND_MONTHS + 1));
      const memo = await memoOf(session, target, chart[0]!, period.month);
      const parts = monthParts(session, target, period);
      const w = parts.window;
      const month = await remembered(memo, monthAt(period), 'month', parts.month);
      const yearToDate = figuresOf(await remembered(memo, monthAt(period), 'year_to_date', parts.yearToDate));
      const yearStart = monthRange(`${period.month.slice(0, 4)}-01`, tz).start;
      const lastYear = yearEarlier(target, yearStart, period.end, tz);
      const first = await recordsBegin(db, w.communityIds);
      const recordsSince = first !== null && first > lastYear.start ? first : null;
      // Last year's year to date is incomplete: neither its count nor the change would be true.
      if (recordsSince) {
        yearToDate.values.complaints_last_year = null;
        yearToDate.values.complaints_yoy_change = null;
        yearToDate.ratios.complaints_yoy_change = null;
      }
      const trend = (await trendOf(session, memo, target, period, chart)).map((t) => ({
        month: t.month,
        received: t.received,
        satisfactionRate: percent(t.satisfied, t.ratings),
      }));
      const firsts = await remembered(memo, monthAt(period), 'overdue', parts.overdue);
      const detail: ReportDetail = {
        yearToDate,
        recordsSince,
        recordsMonth: first === null ? null : monthOf(new Date(first), tz),
        overdue: await overdueLines(db, firsts, w.asOf),
        trend,
        topEarners: await topEarners(db, w, TOP_EARNERS),
        itemsRedeemed: await itemsRedeemed(db, w),
        lowStock: await lowStock(db, w.communityIds, LOW_STOCK_AT),
        meetings: await meetingsHeld(db, w),
        topics: await topicsByStep(db, w),
      };
      await keepMonths(session.store, memo.fresh);
      return { target, period, ...figuresOf(month), detail };
    },
    true,
  );
}

/** The chart's months as windows, each as of its end (the running one as of the report's `asOf`). */
function chartWindows(months: readonly string[], period: ReportPeriod, timeZone: string) {
  return months.map((m) => {
    const { start, end } = monthRange(m, timeZone);
    const asOf = new Date(Math.min(end.getTime() - 1, period.asOf.getTime()));
    return { month: m, start, end, asOf, finished: m < period.month || !period.partial };
  });
}

/** The 12-month chart: the kept points of finished months, the others counted in one statement. */
async function trendOf(
  r: ReportReader,
  memo: Memo,
  target: ReportTarget,
  period: ReportPeriod,
  months: readonly string[],
): Promise<({ month: string } & TrendCounts)[]> {
  const windows = chartWindows(months, period, r.timeZone);
  const missing = windows.filter((m) => !m.finished || !memo.kept.has(memoKey(m.month, 'trend')));
  const counted =
    missing.length === 0
      ? []
      : await monthlyTrend(
          r.db,
          windowOf(target, period.start, period.end, period.asOf),
          missing.map((m) => ({ month: m.month, start: iso(m.start), end: iso(m.end), asOf: iso(m.asOf) })),
        );
  const byMonth = new Map(counted.map(({ month, ...point }) => [month, point]));
  const points: ({ month: string } & TrendCounts)[] = [];
  for (const m of windows) {
    points.push({ month: m.month, ...(await remembered(memo, m, 'trend', async () => byMonth.get(m.month)!)) });
  }
  return points;
}

/**
 * A kept row computed again from the file, as `report` would compute it now (for `doctor`): equal
 * to the kept figures unless a write went past the triggers of migration 0021.
 */
export async function recountKept(r: ReportReader, target: ReportTarget, row: KeptMonth): Promise<unknown> {
  const { start, end } = monthRange(row.month, r.timeZone);
  const period: ReportPeriod = { month: row.month, partial: false, start, end, asOf: new Date(end.getTime() - 1) };
  const parts = monthParts(r, target, period);
  if (row.part === 'month') return parts.month();
  if (row.part === 'year_to_date') return parts.yearToDate();
  if (row.part === 'overdue') return parts.overdue();
  const [point] = await monthlyTrend(r.db, parts.window, [
    { month: row.month, start: iso(start), end: iso(end), asOf: iso(period.asOf) },
  ]);
  const { month: _, ...counts } = point!;
  return counts;
}
