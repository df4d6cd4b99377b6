import { bi, inLang, type Bilingual } from '../../domain/errors.js';
import type { Lang } from '../../domain/codes.js';
import {
  breakdownName,
  isSigned,
  metricLabel,
  reportRows,
  type ReportRow,
  type Unit,
  type Value,
} from '../../domain/metrics.js';
import { formatYuan } from '../../domain/money.js';
import { formatInstant, formatShort } from '../../domain/time.js';
import type { MonthlyReport } from '../../services/report.service.js';
import type { Cli } from '../context.js';
import { toCsv, type Cell } from '../render/csv.js';
import { renderTable } from '../../platform/table.js';

/** The rows every format shows: the metric catalogue filled with this report's figures. */
export function rowsOf(report: MonthlyReport, lang: Lang): ReportRow[] {
  return reportRows(report.values, report.breakdowns, report.ratios, lang);
}

/** SPEC §7's columns, then §13's three: a rate's two counts, and whether the month is not over. */
export const CSV_COLUMNS = [
  'month',
  'community',
  'metric',
  'breakdown',
  'value',
  'unit',
  'label',
  'numerator',
  'denominator',
  'partial',
] as const;

/** SPEC §7 CSV: one row per metric and breakdown; rates over nothing are empty cells. */
export function reportCsv(report: MonthlyReport, lang: Lang, options: { bom: boolean; labels: boolean }): string {
  const { month, partial } = report.period;
  const rows = rowsOf(report, lang);
  if (options.labels) {
    return toCsv(
      LABELLED_HEADER.map((h) => inLang(h, lang)),
      rows.map((r) => labelledRow(report, r, lang)),
      options,
    );
  }
  const cells = rows.map((r) => [
    month,
    report.target.code,
    r.metric,
    r.breakdown,
    r.value,
    r.unit,
    r.label,
    r.numerator,
    r.denominator,
    partial,
  ]);
  return toCsv(CSV_COLUMNS, cells, options);
}

/** `--labels` (SPEC §13): the same columns for people, money in yuan, the community by its name. */
const LABELLED_HEADER = [
  bi('月份', 'Month'),
  bi('社区', 'Community'),
  bi('指标', 'Metric'),
  bi('分组', 'Breakdown'),
  bi('数值', 'Value'),
  bi('单位', 'Unit'),
  bi('名称', 'Label'),
  bi('分子', 'Numerator'),
  bi('分母', 'Denominator'),
  bi('本月未完', 'Month not over'),
];

const UNIT_LABELS: Record<Unit, Bilingual> = {
  count: bi('个', 'count'),
  percent: bi('%', '%'),
  hours: bi('小时', 'hours'),
  points: bi('积分', 'points'),
  fen: bi('元', 'yuan'),
};

function labelledRow(report: MonthlyReport, r: ReportRow, lang: Lang): Cell[] {
  const value = r.unit === 'fen' && r.value !== null ? r.value / 100 : r.value;
  const breakdown = r.breakdown ? breakdownName(r.breakdown, lang) : '';
  const partial = inLang(report.period.partial ? bi('是', 'yes') : bi('否', 'no'), lang);
  const unit = inLang(UNIT_LABELS[r.unit], lang);
  return [
    report.period.month,
    report.target.name,
    metricLabel(r.metric, lang),
    breakdown,
    value,
    unit,
    r.label,
    r.numerator,
    r.denominator,
    partial,
  ];
}

/** SPEC §7 JSON: the same rows; a total's breakdown and a value over nothing are null. */
export function reportJson(report: MonthlyReport, lang: Lang, timeZone: string) {
  return {
    month: report.period.month,
    community: report.target.code,
    as_of: formatInstant(report.period.asOf, timeZone),
    partial: report.period.partial,
    rows: rowsOf(report, lang).map((r) => ({
      metric: r.metric,
      breakdown: r.breakdown || null,
      value: r.value,
      unit: r.unit,
      label: r.label,
      numerator: r.numerator,
      denominator: r.denominator,
    })),
  };
}

/** A value as people read it: `98.8%`, `3.5 小时`, `120 分`; `—` where there is none. */
export function formatValue(value: Value, unit: Unit, lang: Lang, signed = false): string {
  if (value === null) return '—';
  switch (unit) {
    case 'percent':
      return `${signed && value > 0 ? '+' : ''}${value.toFixed(1)}%`;
    case 'hours':
      return inLang(bi(`${value.toFixed(1)} 小时`, `${value.toFixed(1)} h`), lang);
    case 'points':
      return inLang(bi(`${value} 分`, `${value} pts`), lang);
    case 'count':
      return String(value);
    case 'fen':
      return inLang(bi(`${formatYuan(value)} 元`, `¥${formatYuan(value)}`), lang);
  }
}

/** The title line: community, month, and as of when (partial months say so). */
export function reportTitle(report: MonthlyReport, lang: Lang, timeZone: string): string {
  const { period, target } = report;
  const asOf = formatShort(period.asOf, timeZone);
  const who =
    target.code === 'all'
      ? inLang(bi(`全部社区（${target.name}）`, `All communities (${target.name})`), lang)
      : target.name;
  return inLang(
    bi(
      `${who} ${period.month} 月度报表 · 截至 ${asOf}${period.partial ? '（本月未完，数据不全）' : ''}`,
      `${who} — monthly report ${period.month} · as of ${asOf}${period.partial ? ' (month not over: partial)' : ''}`,
    ),
    lang,
  );
}

/** The table for the desk: totals, with breakdowns indented under the demands received. */
export function renderReportTable(cli: Cli, report: MonthlyReport, timeZone: string): string {
  const L = cli.lang;
  // Breakdowns with nothing in them are left out here; the CSV and JSON keep every code.
  const rows = rowsOf(report, L)
    .filter((r) => !r.breakdown || r.value !== 0)
    .map((r) => [
      r.breakdown ? `  ${breakdownName(r.breakdown, L)}` : r.label,
      formatValue(r.value, r.unit, L, isSigned(r.metric)),
    ]);
  return (
    `${cli.color.bold(reportTitle(report, L, timeZone))}\n` +
    `${renderTable(cli, [inLang(bi('指标', 'Metric'), L), inLang(bi('数值', 'Value'), L)], rows)}`
  );
}
