import * as codes from './codes.js';
import type { Labels, Lang } from './codes.js';

/**
 * The metric catalogue of the monthly report (SPEC §7): one definition of each metric's code,
 * unit and labels, shared by every format (table, Markdown, CSV, JSON), and the pure arithmetic
 * that turns counts into rates.
 */
/** `fen`: money, an integer number of fen (1/100 yuan), shown to people as yuan with two decimals. */
export type Unit = 'count' | 'percent' | 'hours' | 'points' | 'fen';

/** Whether people see the metric with its sign (a change: +22.2%, -58.0%). */
export const isSigned = (metric: MetricCode): boolean => 'signed' in METRICS[metric];

export const METRICS = {
  demands_received: { unit: 'count', zh: '受理诉求数', en: 'Demands received' },
  response_on_time: { unit: 'count', zh: '按时响应', en: 'Responded on time' },
  response_late: { unit: 'count', zh: '超时响应', en: 'Responded late' },
  response_on_time_rate: { unit: 'percent', zh: '响应及时率', en: 'Response on-time rate' },
  resolve_on_time: { unit: 'count', zh: '按时办结', en: 'Resolved on time' },
  resolve_late: { unit: 'count', zh: '超时办结', en: 'Resolved late' },
  resolve_on_time_rate: { unit: 'percent', zh: '办结及时率', en: 'Resolve on-time rate' },
  closure_rate: { unit: 'percent', zh: '办结率', en: 'Closure rate' },
  demands_resolved: { unit: 'count', zh: '本月办结诉求数', en: 'Demands resolved in the month' },
  median_response_hours: { unit: 'hours', zh: '响应时长中位数', en: 'Median response time' },
  median_resolution_hours: { unit: 'hours', zh: '办结时长中位数', en: 'Median resolution time' },
  open_overdue: { unit: 'count', zh: '超期未办结', en: 'Open and overdue' },
  paused: { unit: 'count', zh: '挂起中', en: 'Paused' },
  reopened: { unit: 'count', zh: '不满意重办', en: 'Reopened after an unsatisfied rating' },
  ratings: { unit: 'count', zh: '评价数', en: 'Ratings' },
  ratings_satisfied: { unit: 'count', zh: '满意', en: 'Satisfied' },
  ratings_basic: { unit: 'count', zh: '基本满意', en: 'Basically satisfied' },
  ratings_unsatisfied: { unit: 'count', zh: '不满意', en: 'Unsatisfied' },
  satisfaction_rate: { unit: 'percent', zh: '满意率', en: 'Satisfaction rate' },
  return_visits_due: { unit: 'count', zh: '待回访', en: 'Return visits due' },
  return_visit_rate: { unit: 'percent', zh: '回访率', en: 'Return visit rate' },
  complaints: { unit: 'count', zh: '投诉量', en: 'Complaints' },
  complaints_last_year: { unit: 'count', zh: '去年同期投诉量', en: 'Complaints a year earlier' },
  complaints_yoy_change: {
    unit: 'percent',
    signed: true,
    zh: '投诉量同比变化',
    en: 'Complaints, year-over-year change',
  },
  disputes_resolved: { unit: 'count', zh: '矛盾纠纷办结数', en: 'Disputes resolved' },
  disputes_mediated: { unit: 'count', zh: '调解成功数', en: 'Disputes mediated' },
  mediation_success_rate: { unit: 'percent', zh: '调解成功率', en: 'Mediation success rate' },
  points_earned: { unit: 'points', zh: '发放积分', en: 'Points earned' },
  points_redeemed: { unit: 'points', zh: '兑换积分', en: 'Points redeemed' },
  points_participants: { unit: 'count', zh: '获得积分居民数', en: 'Residents earning points' },
  volunteer_activities: { unit: 'count', zh: '志愿活动次数', en: 'Volunteer activities' },
  volunteer_teams_active: { unit: 'count', zh: '开展活动的队伍数', en: 'Teams with activities' },
  meetings_held: { unit: 'count', zh: '议事会次数', en: 'Meetings held' },
  topics_raised: { unit: 'count', zh: '提出议题', en: 'Topics raised' },
  topics_decided: { unit: 'count', zh: '形成决议', en: 'Topics decided' },
  topics_evaluated: { unit: 'count', zh: '完成评议', en: 'Topics evaluated' },
  topics_resolved: { unit: 'count', zh: '协商解决议题', en: 'Topics resolved by consultation' },
  care_residents: { unit: 'count', zh: '特殊群体服务档案', en: 'Special-group residents on file' },
  care_services: { unit: 'count', zh: '特殊群体服务', en: 'Special-group services' },
  fees_billed: { unit: 'fen', zh: '物业费开账金额', en: 'Property fees billed' },
  fees_collected: { unit: 'fen', zh: '物业费实收金额', en: 'Property fees collected' },
  fee_collection_rate: { unit: 'percent', zh: '物业费收缴率', en: 'Fee collection rate' },
  households_in_arrears: { unit: 'count', zh: '欠费户数', en: 'Households in arrears' },
  care_visits: { unit: 'count', zh: '关爱服务记录', en: 'Care services recorded' },
} as const satisfies Record<
  string,
  { unit: Unit; zh: string; en: string /** A change: shown with its sign to people (+22.2%). */; signed?: boolean }
>;

export type MetricCode = keyof typeof METRICS;
/** The metrics in percent: each is a ratio of two counts (`metricRatios`). */
export type RateCode = { [M in MetricCode]: (typeof METRICS)[M]['unit'] extends 'percent' ? M : never }[MetricCode];
export const METRIC_CODES = Object.keys(METRICS) as MetricCode[];

/** The dimensions a metric is broken down by. */
export const BREAKDOWNS = {
  channel: { list: codes.channel, zh: '渠道', en: 'Channel' },
  category: { list: codes.category, zh: '类别', en: 'Category' },
  kind: { list: codes.kind, zh: '性质', en: 'Kind' },
  tier: { list: codes.tier, zh: '分级', en: 'Tier' },
  service: { list: codes.careService, zh: '服务', en: 'Service' },
} as const satisfies Record<string, { list: { labels: Labels; codes: string[] }; zh: string; en: string }>;

export type Dimension = keyof typeof BREAKDOWNS;
export const DIMENSIONS = Object.keys(BREAKDOWNS) as Dimension[];

/** Which metrics are broken down, by which dimensions, in report order. */
export const BROKEN_DOWN: Partial<Record<MetricCode, readonly Dimension[]>> = {
  demands_received: ['channel', 'category', 'kind', 'tier'],
  care_visits: ['service'],
};

/** A number, or null where the metric has no value (a rate over nothing, a median of nothing). */
export type Value = number | null;

export type MetricValues = Record<MetricCode, Value>;
export type BreakdownCounts = Record<Dimension, Record<string, number>>;

/** One row of the report, as in the CSV and JSON contract. */
export interface ReportRow {
  metric: MetricCode;
  /** Empty for the total, else `dimension=code` (`channel=phone`). */
  breakdown: string;
  value: Value;
  unit: Unit;
  label: string;
  /** A rate's two counts (value = numerator / denominator × 100); null for any other metric. */
  numerator: number | null;
  denominator: number | null;
}

/** The two counts a rate divides. */
export interface Ratio {
  numerator: number;
  denominator: number;
}

/** A rate's counts; null where the rate is not reported (a year to date whose last year is incomplete). */
export type Ratios = Record<RateCode, Ratio | null>;

/**
 * `numerator / denominator × 100`, rounded half away from zero to one decimal, in exact integer
 * arithmetic (58.25 → 58.3, −58.25 → −58.3); null when the denominator is zero.
 */
export function percent(numerator: number, denominator: number): Value {
  if (denominator === 0) return null;
  const sign = Math.sign(numerator) * Math.sign(denominator);
  const n = Math.abs(numerator);
  const d = Math.abs(denominator);
  const tenths = Math.floor((2000 * n + d) / (2 * d));
  return (sign * tenths) / 10 || 0;
}

/** The change from `before` to `now` in percent of `before`; null when `before` is zero. */
export function change(now: number, before: number): Value {
  return percent(now - before, before);
}

const MS_PER_TENTH_HOUR = 360_000;

/** Milliseconds (possibly a half, from a median of two) as hours, half-up to one decimal. */
export function hours(ms: number | null): Value {
  if (ms === null) return null;
  return Math.floor(ms / MS_PER_TENTH_HOUR + 0.5) / 10;
}

/** The counts a report is computed from (filled by SQL); the rates come from them. */
export interface MetricCounts {
  demands_received: number;
  response_on_time: number;
  response_late: number;
  resolve_on_time: number;
  resolve_late: number;
  closed_at_as_of: number;
  demands_resolved: number;
  median_response_ms: number | null;
  median_resolution_ms: number | null;
  open_overdue: number;
  paused: number;
  reopened: number;
  ratings_satisfied: number;
  ratings_basic: number;
  ratings_unsatisfied: number;
  complaints: number;
  complaints_last_year: number;
  disputes_resolved: number;
  disputes_mediated: number;
  points_earned: number;
  points_redeemed: number;
  points_participants: number;
  volunteer_activities: number;
  volunteer_teams_active: number;
  meetings_held: number;
  topics_raised: number;
  topics_decided: number;
  topics_evaluated: number;
  topics_resolved: number;
  care_residents: number;
  /** Cohort demands of special-group residents or of category `care`. */
  care_demands: number;
  return_visits_due: number;
  /** Cohort demands resolved by `as_of`, and of them those with a rating or a visit by then. */
  return_visits_resolved: number;
  return_visits_made: number;
  care_visits: number;
  /** Bills issued in the window (fen). */
  fees_billed: number;
  /** Payments in the window, net of reversals in it (fen). */
  fees_collected: number;
  /** Of the bills whose period ends in the report's year: paid by `as_of`, and billed less waived by `as_of` (fen). */
  fee_year_paid: number;
  fee_year_due: number;
  households_in_arrears: number;
}

const ratio = (numerator: number, denominator: number): Ratio => ({ numerator, denominator });

/**
 * Every rate of SPEC §7 as the two counts it divides: one definition, for its value and for the
 * CSV's `numerator,denominator` (SPEC §13). A metric in percent missing here is a type error.
 */
export function metricRatios(c: MetricCounts): Ratios {
  return {
    response_on_time_rate: ratio(c.response_on_time, c.response_on_time + c.response_late),
    resolve_on_time_rate: ratio(c.resolve_on_time, c.resolve_on_time + c.resolve_late),
    closure_rate: ratio(c.closed_at_as_of, c.demands_received),
    satisfaction_rate: ratio(
      c.ratings_satisfied + c.ratings_basic,
      c.ratings_satisfied + c.ratings_basic + c.ratings_unsatisfied,
    ),
    // A change is a ratio too: the difference over last year's count.
    complaints_yoy_change: ratio(c.complaints - c.complaints_last_year, c.complaints_last_year),
    mediation_success_rate: ratio(c.disputes_mediated, c.disputes_resolved),
    fee_collection_rate: ratio(c.fee_year_paid, c.fee_year_due),
    return_visit_rate: ratio(c.return_visits_made, c.return_visits_resolved),
  };
}

/** A rate from its counts: null when there are none. */
export const rateOf = (r: Ratio | null): Value => (r === null ? null : percent(r.numerator, r.denominator));

/** Every metric of SPEC §7 from its counts. */
export function metricValues(c: MetricCounts): MetricValues {
  const ratings = c.ratings_satisfied + c.ratings_basic + c.ratings_unsatisfied;
  const r = metricRatios(c);
  return {
    demands_received: c.demands_received,
    response_on_time: c.response_on_time,
    response_late: c.response_late,
    response_on_time_rate: rateOf(r.response_on_time_rate),
    resolve_on_time: c.resolve_on_time,
    resolve_late: c.resolve_late,
    resolve_on_time_rate: rateOf(r.resolve_on_time_rate),
    closure_rate: rateOf(r.closure_rate),
    demands_resolved: c.demands_resolved,
    median_response_hours: hours(c.median_response_ms),
    median_resolution_hours: hours(c.median_resolution_ms),
    open_overdue: c.open_overdue,
    paused: c.paused,
    reopened: c.reopened,
    ratings,
    ratings_satisfied: c.ratings_satisfied,
    ratings_basic: c.ratings_basic,
    ratings_unsatisfied: c.ratings_unsatisfied,
    satisfaction_rate: rateOf(r.satisfaction_rate),
    return_visits_due: c.return_visits_due,
    return_visit_rate: rateOf(r.return_visit_rate),
    complaints: c.complaints,
    complaints_last_year: c.complaints_last_year,
    complaints_yoy_change: rateOf(r.complaints_yoy_change),
    disputes_resolved: c.disputes_resolved,
    disputes_mediated: c.disputes_mediated,
    mediation_success_rate: rateOf(r.mediation_success_rate),
    points_earned: c.points_earned,
    points_redeemed: c.points_redeemed,
    points_participants: c.points_participants,
    volunteer_activities: c.volunteer_activities,
    volunteer_teams_active: c.volunteer_teams_active,
    meetings_held: c.meetings_held,
    topics_raised: c.topics_raised,
    topics_decided: c.topics_decided,
    topics_evaluated: c.topics_evaluated,
    topics_resolved: c.topics_resolved,
    care_residents: c.care_residents,
    // SPEC §10: the demands of the archives plus the care services recorded in the month.
    care_services: c.care_demands + c.care_visits,
    care_visits: c.care_visits,
    fees_billed: c.fees_billed,
    fees_collected: c.fees_collected,
    fee_collection_rate: rateOf(r.fee_collection_rate),
    households_in_arrears: c.households_in_arrears,
  };
}

export function metricLabel(metric: MetricCode, lang: Lang): string {
  return METRICS[metric][lang];
}

export function breakdownLabel(metric: MetricCode, dimension: Dimension, code: string, lang: Lang): string {
  return `${metricLabel(metric, lang)} · ${codes.label(BREAKDOWNS[dimension].list, code, lang)}`;
}

/** `channel=phone` → `渠道：电话` (`Channel: Phone`), for tables. */
export function breakdownName(breakdown: string, lang: Lang): string {
  const [dimension, code] = breakdown.split('=') as [Dimension, string];
  const b = BREAKDOWNS[dimension];
  return `${b[lang]}${lang === 'zh' ? '：' : ': '}${codes.label(b.list, code, lang)}`;
}

/**
 * The rows of the report in their fixed order: every metric, with its breakdowns (`BROKEN_DOWN`:
 * every code, zeros included, so the CSV has the same shape each month).
 */
export function reportRows(values: MetricValues, breakdowns: BreakdownCounts, ratios: Ratios, lang: Lang): ReportRow[] {
  const rows: ReportRow[] = [];
  for (const metric of METRIC_CODES) {
    const unit = METRICS[metric].unit;
    const parts = metric in ratios ? ratios[metric as RateCode] : null;
    rows.push({
      metric,
      breakdown: '',
      value: values[metric],
      unit,
      label: metricLabel(metric, lang),
      numerator: parts?.numerator ?? null,
      denominator: parts?.denominator ?? null,
    });
    for (const dimension of BROKEN_DOWN[metric] ?? []) {
      for (const code of BREAKDOWNS[dimension].list.codes) {
        rows.push({
          metric,
          breakdown: `${dimension}=${code}`,
          value: breakdowns[dimension][code] ?? 0,
          unit,
          label: breakdownLabel(metric, dimension, code, lang),
          numerator: null,
          denominator: null,
        });
      }
    }
  }
  return rows;
}
