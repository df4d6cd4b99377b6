import { bi, inLang } from '../../domain/errors.js';
import * as codes from '../../domain/codes.js';
import type { Lang } from '../../domain/codes.js';
import {
  BREAKDOWNS,
  BROKEN_DOWN,
  isSigned,
  METRICS,
  metricLabel,
  type Dimension,
  type MetricCode,
  type Value,
} from '../../domain/metrics.js';
import { maskPhone } from '../../domain/phone.js';
import { formatShort } from '../../domain/time.js';
import { LOW_STOCK_AT, OVERDUE_LISTED, type DetailedReport, type ReportDetail } from '../../services/report.service.js';
import { topicId } from '../../services/meeting.service.js';
import { formatValue, reportTitle } from './report.view.js';
import { escapeMarkdown, mdTable } from '../render/markdown.js';

/**
 * The Markdown document a street office files (SPEC §7): headline figures, tables by channel,
 * category, kind and tier, the masked overdue list, points and volunteers, meetings by step, a
 * year-to-date column beside the month, and Mermaid charts of the last 12 months.
 */
type Report = DetailedReport;

const HEADLINE: MetricCode[] = [
  'demands_received',
  'demands_resolved',
  'response_on_time_rate',
  'satisfaction_rate',
  'complaints_yoy_change',
  'mediation_success_rate',
  'fee_collection_rate',
];
const DEMAND_METRICS: MetricCode[] = [
  'demands_received',
  'response_on_time',
  'response_late',
  'response_on_time_rate',
  'resolve_on_time',
  'resolve_late',
  'resolve_on_time_rate',
  'closure_rate',
  'demands_resolved',
  'median_response_hours',
  'median_resolution_hours',
  'open_overdue',
  'paused',
  'reopened',
  'ratings',
  'ratings_satisfied',
  'ratings_basic',
  'ratings_unsatisfied',
  'satisfaction_rate',
  'complaints',
  'complaints_last_year',
  'complaints_yoy_change',
  'disputes_resolved',
  'disputes_mediated',
  'mediation_success_rate',
];
const POINTS_METRICS: MetricCode[] = [
  'points_earned',
  'points_redeemed',
  'points_participants',
  'volunteer_activities',
  'volunteer_teams_active',
];
const MEETING_METRICS: MetricCode[] = [
  'meetings_held',
  'topics_raised',
  'topics_decided',
  'topics_evaluated',
  'topics_resolved',
];
const RETURN_VISIT_METRICS: MetricCode[] = ['return_visits_due', 'return_visit_rate'];
const CARE_METRICS: MetricCode[] = ['care_residents', 'care_services', 'care_visits'];
const FEE_METRICS: MetricCode[] = ['fees_billed', 'fees_collected', 'fee_collection_rate', 'households_in_arrears'];

const STEPS = ['raised', 'proposed', 'decided', 'implementing', 'evaluated'] as const;
const STEP_LABELS: Record<(typeof STEPS)[number], { zh: string; en: string }> = {
  raised: { zh: '居民提问题', en: 'Raised' },
  proposed: { zh: '多方拟方案', en: 'Proposed' },
  decided: { zh: '会议作决议', en: 'Decided' },
  implementing: { zh: '分工抓落实', en: 'Implementing' },
  evaluated: { zh: '效果大家评', en: 'Evaluated' },
};

export function renderReportMarkdown(report: Report, lang: Lang, timeZone: string): string {
  const L = lang;
  const d = report.detail;
  const ytd = d.yearToDate;
  const monthCol = inLang(bi('本月', 'Month'), L);
  const ytdCol = inLang(bi(`${report.period.month.slice(0, 4)} 年累计`, `Year to date`), L);
  const fmt = (v: Value, m: MetricCode) => (isSigned(m) ? yearOnYear(v, L) : formatValue(v, METRICS[m].unit, L));
  const metricTable = (metrics: MetricCode[]) =>
    mdTable(
      [inLang(bi('指标', 'Metric'), L), monthCol, ytdCol],
      metrics.map((m) => [metricLabel(m, L), fmt(report.values[m], m), fmt(ytd.values[m], m)]),
      2,
    );
  const when = (iso: string) => formatShort(new Date(iso), timeZone);
  const none = (zh: string, en: string) => `_${inLang(bi(zh, en), L)}_`;

  const out: string[] = [];
  out.push(`# ${escapeMarkdown(reportTitle(report, L, timeZone))}`);
  out.push(
    inLang(
      bi(
        `> 社区代码 ${report.target.code} · 统计月份 ${report.period.month} · 时间按 ${timeZone} · 本年累计自 ` +
          `${report.period.month.slice(0, 4)}-01 至统计截止时刻。`,
        `> Community code ${report.target.code} · month ${report.period.month} · times in ${timeZone} · year ` +
          `to date from ${report.period.month.slice(0, 4)}-01 to the same instant.`,
      ),
      L,
    ),
  );

  out.push(`## ${inLang(bi('一、主要指标', '1. Headline figures'), L)}`);
  out.push(metricTable(HEADLINE));

  out.push(`## ${inLang(bi('二、诉求办理', '2. Demands'), L)}`);
  out.push(metricTable(DEMAND_METRICS));
  if (d.recordsSince) {
    const since = formatShort(new Date(d.recordsSince), timeZone).slice(0, 10);
    out.push(
      inLang(
        bi(
          `说明：记录自 ${since} 开始，上年同期的累计数据不全，累计的去年同期投诉量和同比记“—”。`,
          `Note: the records begin on ${since}, so last year's year to date is incomplete: its complaints and ` +
            `the change are left “—”.`,
        ),
        L,
      ),
    );
  }
  out.push(
    inLang(
      bi(
        '说明：及时率不计尚未到期、尚未响应（办结）的诉求；办结率按统计截止时的状态；评价按每件诉求当月最后一次评价；满意率 =（满意 + 基本满意）÷ 评价数，“基本满意”计为满意；比率四舍五入到一位小数，分母为零时记“—”。',
        'Notes: on-time rates leave out demands neither answered nor yet due; the closure rate uses the status ' +
          'at the report instant; ratings count the last rating of each demand; the satisfaction rate = ' +
          '(satisfied + basically satisfied) ÷ ratings: “basically satisfied” counts as satisfied; rates are ' +
          'rounded half-up to one decimal, “—” where the denominator is zero.',
      ),
      L,
    ),
  );

  out.push(`### ${inLang(bi('回访', 'Return visits'), L)}`);
  out.push(metricTable(RETURN_VISIT_METRICS));
  out.push(
    inLang(
      bi(
        '说明：待回访为本月办结、截止时既未评价也未结束回访的诉求；回访率为本月受理并已办结的诉求中已回访（评价，或记录未接通、拒绝评价）的比例。未接通、拒绝评价不计入评价，满意率不受影响。',
        'Notes: return visits due are demands resolved in the month, neither rated nor closed by the report ' +
          "instant; the return visit rate is the share of the month's resolved demands that had a visit (a " +
          'rating, or a visit that found no one or was declined). Visits without a rating never count as ' +
          'ratings: the satisfaction rate is unchanged.',
      ),
      L,
    ),
  );

  out.push(`## ${inLang(bi('三、分类统计', '3. Demands received by channel, category, kind and tier'), L)}`);
  for (const dimension of BROKEN_DOWN.demands_received!)
    out.push(breakdownSection(report, dimension, L, monthCol, ytdCol));

  out.push(`## ${inLang(bi('四、超期未办结诉求', '4. Open and overdue demands'), L)}`);
  const total = report.values.open_overdue ?? 0;
  if (total === 0)
    out.push(none('统计截止时没有超期未办结的诉求。', 'No demand was open and overdue at the report instant.'));
  else {
    const all = report.target.code === 'all';
    out.push(
      mdTable(
        [
          inLang(bi('编号', 'Number'), L),
          ...(all ? [inLang(bi('社区', 'Community'), L)] : []),
          inLang(bi('事项', 'Summary'), L),
          inLang(bi('类别', 'Category'), L),
          inLang(bi('受理时间', 'Received'), L),
          inLang(bi('办结期限', 'Resolve by'), L),
          inLang(bi('承办', 'Assignee'), L),
          inLang(bi('电话', 'Phone'), L),
        ],
        d.overdue.map((o) => [
          o.number,
          ...(all ? [o.community_code] : []),
          o.summary,
          codes.label(codes.category, o.category, L),
          when(o.received_at),
          when(o.resolve_due_at),
          o.assignee_name,
          maskPhone(o.phone),
        ]),
      ),
    );
    if (total > d.overdue.length) {
      out.push(
        inLang(
          bi(
            `共 ${total} 件，仅列出期限最早的 ${OVERDUE_LISTED} 件；全部请用 hongwu list --status overdue。`,
            `${total} in all; the ${OVERDUE_LISTED} most overdue are listed (hongwu list --status overdue shows all).`,
          ),
          L,
        ),
      );
    }
  }

  out.push(`## ${inLang(bi('五、志愿积分与志愿服务', '5. Volunteer points and activities'), L)}`);
  out.push(metricTable(POINTS_METRICS));
  out.push(`### ${inLang(bi('本月积分前十名', 'Top volunteers of the month'), L)}`);
  out.push(
    d.topEarners.length
      ? mdTable(
          [inLang(bi('居民', 'Resident'), L), inLang(bi('积分', 'Points'), L)],
          d.topEarners.map((e) => [e.name, e.points]),
          1,
        )
      : none('本月没有积分发放记录。', 'No points were earned this month.'),
  );
  out.push(`### ${inLang(bi('爱心超市兑换', 'Items redeemed'), L)}`);
  out.push(
    d.itemsRedeemed.length
      ? mdTable(
          [inLang(bi('物品', 'Item'), L), inLang(bi('数量', 'Qty'), L), inLang(bi('积分', 'Points'), L)],
          d.itemsRedeemed.map((i) => [i.name, i.qty, i.points]),
          2,
        )
      : none('本月没有兑换记录。', 'Nothing was redeemed this month.'),
  );
  out.push(
    `### ${inLang(bi(`库存不足（当前库存 ≤ ${LOW_STOCK_AT}）`, `Stock running low (current stock ≤ ${LOW_STOCK_AT})`), L)}`,
  );
  out.push(
    d.lowStock.length
      ? mdTable(
          [inLang(bi('物品', 'Item'), L), inLang(bi('当前库存', 'Stock now'), L)],
          d.lowStock.map((i) => [i.name, i.stock]),
          1,
        )
      : none('没有库存不足的物品。', 'No item is running low.'),
  );

  out.push(`## ${inLang(bi('六、红色议事厅', '6. Consultation meetings'), L)}`);
  out.push(metricTable(MEETING_METRICS));
  out.push(`### ${inLang(bi('本月议事会', 'Meetings of the month'), L)}`);
  out.push(
    d.meetings.length
      ? mdTable(
          [inLang(bi('时间', 'When'), L), inLang(bi('会议', 'Meeting'), L), inLang(bi('参会人数', 'Attendees'), L)],
          d.meetings.map((m) => [when(m.at), m.title, m.attendees]),
          1,
        )
      : none('本月没有召开议事会。', 'No meeting was held this month.'),
  );
  out.push(`### ${inLang(bi('议题进展（五步法）', 'Topics by step'), L)}`);
  if (d.topics.length === 0) out.push(none('没有在议或本月有进展的议题。', 'No topic is open or moved this month.'));
  else {
    out.push(
      mdTable(
        [inLang(bi('步骤', 'Step'), L), inLang(bi('议题数', 'Topics'), L)],
        STEPS.map((s) => [STEP_LABELS[s][L], d.topics.filter((t) => t.step === s).length]),
        1,
      ),
    );
    // The street roll-up says whose each topic is.
    const all = report.target.code === 'all';
    out.push(
      mdTable(
        [
          inLang(bi('议题', 'Topic'), L),
          ...(all ? [inLang(bi('社区', 'Community'), L)] : []),
          inLang(bi('步骤', 'Step'), L),
          inLang(bi('决议', 'Resolution'), L),
          inLang(bi('落实任务', 'Tasks'), L),
          inLang(bi('评议', 'Evaluation'), L),
        ],
        d.topics.map((t) => [
          `${topicId(t.id)} ${t.title}`,
          ...(all ? [t.community_code] : []),
          STEP_LABELS[t.step as keyof typeof STEP_LABELS]?.[L] ?? t.step,
          t.resolution,
          t.tasks
            ?.split(',')
            .map((x) => {
              const [n, s] = x.split(':');
              return `${n} ${codes.label(codes.status, s, L)}`;
            })
            .join('；'),
          t.evaluation ? codes.label(codes.rating, t.evaluation, L) : null,
        ]),
      ),
    );
  }

  out.push(`## ${inLang(bi('七、特殊群体服务', '7. Special-group care'), L)}`);
  out.push(metricTable(CARE_METRICS));
  out.push(
    breakdownSection(
      report,
      'service',
      L,
      monthCol,
      ytdCol,
      inLang(bi('关爱走访（按服务）', 'Care visits by service'), L),
    ),
  );
  out.push(
    inLang(
      bi(
        '说明：特殊群体服务 = 特殊群体居民的诉求及“特殊群体服务”类诉求 + 本月登记的关爱服务（hongwu care）。',
        'Note: special-group services = demands of special-group residents or of category care, plus the care ' +
          'services recorded in the month (hongwu care).',
      ),
      L,
    ),
  );

  out.push(`## ${inLang(bi('八、近 12 个月趋势', '8. The last 12 months'), L)}`);
  out.push(trendCharts(d, L));

  out.push(`## ${inLang(bi('九、物业费', '9. Property fees'), L)}`);
  out.push(metricTable(FEE_METRICS));
  out.push(
    inLang(
      bi(
        `说明：收缴率 = ${report.period.month.slice(0, 4)} 年内到期的账单截至统计时刻的实收 ÷（应收 − 减免）；开账、实收按本月（累计列按本年）发生额，冲正已扣除；` +
          `欠费户数为统计时刻仍有已开始账期欠款的房屋。`,
        `Note: the collection rate is, for the bills whose period ends in ${report.period.month.slice(0, 4)}` +
          `, what was paid by the report instant ÷ (billed − waived); billed and collected are the month's (the ` +
          `year's, in the year-to-date column), net of reversals; households in arrears owe on a period already ` +
          `begun at the report instant.`,
      ),
      L,
    ),
  );
  return `${out.join('\n\n')}\n`;
}

/** A dimension's table, month and year to date; every code, zeros included. */
function breakdownSection(
  report: Report,
  dimension: Dimension,
  L: Lang,
  monthCol: string,
  ytdCol: string,
  title?: string,
): string {
  const b = BREAKDOWNS[dimension];
  const month = report.breakdowns[dimension];
  const ytd = report.detail.yearToDate.breakdowns[dimension];
  const rows = b.list.codes.map((code) => [codes.label(b.list, code, L), month[code] ?? 0, ytd[code] ?? 0]);
  return (
    `### ${title ?? inLang(bi(`按${b.zh}`, `By ${b.en.toLowerCase()}`), L)}\n\n` +
    `${mdTable([b[L], monthCol, ytdCol], rows, 2)}`
  );
}

/** A change as people say it: `同比下降 11.1%`, `同比上升 22.2%`, `同比持平` (`down 11.1% year on year`). */
export function yearOnYear(value: Value, L: Lang): string {
  if (value === null) return '—';
  const size = `${Math.abs(value).toFixed(1)}%`;
  if (value < 0) return inLang(bi(`同比下降 ${size}`, `down ${size} year on year`), L);
  if (value > 0) return inLang(bi(`同比上升 ${size}`, `up ${size} year on year`), L);
  return inLang(bi('同比持平', 'level year on year'), L);
}

/** Mermaid's xychart: one series over its months (labels quoted; a title's quotes would end it). */
function xychart(title: string, months: readonly string[], yAxis: string, series: string): string {
  const quoted = (s: string) => `"${s.replace(/"/g, '”')}"`;
  return [
    '```mermaid',
    'xychart-beta',
    `  title ${quoted(title)}`,
    `  x-axis [${months.map(quoted).join(', ')}]`,
    `  y-axis ${yAxis}`,
    `  ${series}`,
    '```',
  ].join('\n');
}

/**
 * The last 12 months. Mermaid's xychart has no gaps in a series (a value is a number; the parser
 * refuses an empty one), so a month without data is left off the chart's axis rather than drawn
 * as 0 (SPEC §13): the demands chart starts at the month the records begin (before it, hongwu was
 * not yet in use; after it, a month without demands had none), the satisfaction chart has the
 * months with ratings only. The percentage
 * axis starts a step below the lowest rate, so that 95.9 against 100 is not a flat line.
 */
function trendCharts(d: ReportDetail, L: Lang): string {
  const charts: string[] = [];
  const begun = d.recordsMonth;
  const used = begun === null ? [] : d.trend.filter((t) => t.month >= begun);
  if (used.length > 0) {
    const maxReceived = Math.max(10, ...used.map((t) => t.received));
    charts.push(
      xychart(
        inLang(bi('受理诉求数', 'Demands received'), L),
        used.map((t) => t.month),
        `"${inLang(bi('件', 'demands'), L)}" 0 --> ${maxReceived}`,
        `bar [${used.map((t) => t.received).join(', ')}]`,
      ),
    );
  }
  const rated = d.trend.filter((t): t is typeof t & { satisfactionRate: number } => t.satisfactionRate !== null);
  if (rated.length > 0) {
    const lowest = Math.min(...rated.map((t) => t.satisfactionRate));
    const from = Math.max(0, Math.floor((lowest - 1) / 5) * 5);
    charts.push(
      xychart(
        inLang(bi('满意率（%）', 'Satisfaction rate (%)'), L),
        rated.map((t) => t.month),
        `"%" ${from} --> 100`,
        `line [${rated.map((t) => t.satisfactionRate).join(', ')}]`,
      ),
    );
  }
  const table_ = mdTable(
    [inLang(bi('月份', 'Month'), L), inLang(bi('受理诉求数', 'Received'), L), inLang(bi('满意率', 'Satisfaction'), L)],
    d.trend.map((t) => [t.month, t.received, formatValue(t.satisfactionRate, 'percent', L)]),
    2,
  );
  const note = inLang(
    bi(
      '图中只画有数据的月份：受理数从开始使用（第一件诉求）的月份画起，满意率只画有评价的月份（不记为 0）；表中没有评价的月份记“—”。',
      'The charts draw the months with data only: demands from the month the records begin, satisfaction for ' +
        'the months with ratings (never as 0); the table shows “—” for a month without ratings.',
    ),
    L,
  );
  return [...charts, table_, note].join('\n\n');
}
