import { bi, inLang } from '../../domain/errors.js';
import { formatShort, formatStored } from '../../domain/time.js';
import { TODAY_SECTIONS, type TodayRow, type TodaySection } from '../../domain/today.js';
import type { Lang } from '../../domain/codes.js';
import type { Today } from '../../services/today.service.js';
import type { Cli } from '../context.js';
import type { Column } from '../render/labelled.js';
import { csvText } from '../render/listing.js';
import { asCode, mdTable } from '../render/markdown.js';
import { fitColumns } from '../../platform/table.js';
import { CLI_SPELLING } from '../spelling.js';

/**
 * 今日待办 in four formats (SPEC §10): a table that fits 80 columns for the desk, a Markdown page
 * for the morning meeting, and JSON and CSV for scripts (docs/today.md describes their fields).
 */
export interface TodayPage extends Today {
  community: { code: string; name: string };
  now: Date;
  timeZone: string;
}

const label = (s: TodaySection, L: Lang) => TODAY_SECTIONS[s.section][L];
/** `11-24 16:00` this year; a date of another year as `2025-11-04` (same width). */
function when(at: string | null, page: TodayPage): string {
  if (!at) return '';
  const text = formatShort(new Date(at), page.timeZone);
  return text.slice(0, 4) === formatShort(page.now, page.timeZone).slice(0, 4) ? text.slice(5) : text.slice(0, 10);
}

/** "还有 3 条未列出" under a section showing fewer rows than it has. */
const more = (s: TodaySection, L: Lang) =>
  s.count > s.rows.length
    ? inLang(
        bi(
          `…… 另有 ${s.count - s.rows.length} 条未列出（--limit 可列出更多）`,
          `… ${s.count - s.rows.length} more not listed (--limit lists more)`,
        ),
        L,
      )
    : null;

function title(page: TodayPage, L: Lang): string {
  const at = formatShort(page.now, page.timeZone);
  const horizon = formatShort(page.horizon, page.timeZone);
  return inLang(
    bi(
      `今日待办 · ${page.community.name} · ${at}（到期统计至 ${horizon}）`,
      `Today at the desk · ${page.community.name} · ${at} (due soon: by ${horizon})`,
    ),
    L,
  );
}

/**
 * For the desk: a heading per section, each row on one line (reference, summary, time, detail in
 * columns of 12 + 22 + 11 + 30 with the gaps and the indent: 80) and the command on the line under it.
 */
export function renderTodayTable(cli: Cli, page: TodayPage): string {
  const L = cli.lang;
  const out = [cli.color.bold(title(page, L)), ''];
  for (const s of page.sections) {
    const heading = `■ ${label(s, L)}`;
    if (s.count === 0) {
      out.push(`${heading}${inLang(bi('：', ': '), L)}${cli.color.dim(TODAY_SECTIONS[s.section].none[L])}`);
      continue;
    }
    const paint = s.section === 'overdue' || s.section === 'meeting_tasks' ? cli.color.red : cli.color.bold;
    out.push(paint(`${heading}${inLang(bi(`（${s.count}）`, ` (${s.count})`), L)}`));
    for (const r of s.rows) {
      const line = [
        fitColumns(r.ref, 12),
        fitColumns(r.summary, 22),
        fitColumns(when(r.at, page), 11),
        fitColumns(inLang(r.detail, L), 30),
      ].join(' ');
      out.push(`  ${line.trimEnd()}`);
      out.push(`    ${cli.color.dim('→')} ${CLI_SPELLING[L](r.command)}`);
    }
    const rest = more(s, L);
    if (rest) out.push(`  ${cli.color.dim(rest)}`);
  }
  return `${out.join('\n')}\n`;
}

/** For the morning meeting: a page with a table per section, the commands in code spans. */
export function renderTodayMarkdown(page: TodayPage, L: Lang): string {
  const out = [
    `# ${title(page, L)}`,
    inLang(
      bi(
        `> 时间按 ${page.timeZone}。每行最后一列是办理它的命令。`,
        `> Times in ${page.timeZone}. The last column of each row is the command that does it.`,
      ),
      L,
    ),
  ];
  for (const s of page.sections) {
    out.push(`## ${label(s, L)}${s.count ? inLang(bi(`（${s.count}）`, ` (${s.count})`), L) : ''}`);
    if (s.count === 0) {
      out.push(`_${TODAY_SECTIONS[s.section].none[L]}_`);
      continue;
    }
    const at = TODAY_SECTIONS[s.section].at[L];
    const header = [
      inLang(bi('对象', 'What'), L),
      inLang(bi('事项', 'Summary'), L),
      ...(at ? [at] : []),
      inLang(bi('情况', 'Detail'), L),
      inLang(bi('命令', 'Command'), L),
    ];
    const cells = (r: TodayRow) => [
      r.ref,
      r.summary,
      ...(at ? [when(r.at, page)] : []),
      inLang(r.detail, L),
      asCode(CLI_SPELLING[L](r.command)),
    ];
    out.push(mdTable(header, s.rows.map(cells)));
    const rest = more(s, L);
    if (rest) out.push(rest);
  }
  return `${out.join('\n\n')}\n`;
}

/** A row for scripts: times ISO-8601 with the zone's offset, texts in the chosen language. */
const rowRecord = (r: TodayRow, L: Lang, tz: string) => ({
  ref: r.ref,
  summary: r.summary,
  at: formatStored(r.at, tz),
  detail: inLang(r.detail, L),
  command: CLI_SPELLING[L](r.command),
});

export function todayJson(page: TodayPage, L: Lang): string {
  const value = {
    community: page.community.code,
    as_of: formatStored(page.now.toISOString(), page.timeZone),
    due_by: formatStored(page.horizon.toISOString(), page.timeZone),
    sections: page.sections.map((s) => ({
      section: s.section,
      label: label(s, L),
      count: s.count,
      rows: s.rows.map((r) => rowRecord(r, L, page.timeZone)),
    })),
  };
  return `${JSON.stringify(value, null, 2)}\n`;
}

export const TODAY_CSV_COLUMNS = ['section', 'ref', 'summary', 'at', 'detail', 'command'] as const;

/** `--labels`: the columns whose header or labels are the page's own (the others are shared: summary, at). */
const TODAY_LABELLED: Record<string, Column> = {
  section: { header: { zh: '分类', en: 'Section' }, codes: { labels: TODAY_SECTIONS } },
  ref: { header: { zh: '对象', en: 'What' } },
  detail: { header: { zh: '情况', en: 'Detail' } },
  command: { header: { zh: '命令', en: 'Command' } },
};

/** One CSV row per thing to do; an empty section has none. `--labels` and `--bom` as every CSV (SPEC §13). */
export function todayCsv(cli: Cli, page: TodayPage): string {
  const rows = page.sections.flatMap((s) =>
    s.rows.map((r) => {
      const record = rowRecord(r, cli.lang, page.timeZone);
      return [s.section, record.ref, record.summary, record.at, record.detail, record.command];
    }),
  );
  return csvText(cli, TODAY_CSV_COLUMNS, rows, TODAY_LABELLED);
}
