import { bi, UsageError } from '../../domain/errors.js';
import { today as todayOf } from '../../services/today.service.js';
import { csvOnlyFlags, PLAIN, withScope, type Cli } from '../context.js';
import { emit } from '../render/listing.js';
import { FORMAT_NAMES, type Format } from '../render/formats.js';
import { renderTodayMarkdown, renderTodayTable, todayCsv, todayJson } from '../views/today.view.js';
import { command, fallback, option, type ValuesOf } from '../declare.js';

/** `hongwu today` (今日待办): the desk's morning list, each row with the command that does it. */
async function today(cli: Cli, o: ValuesOf<typeof declared>): Promise<void> {
  // `--out` alone asks for CSV; with `--format md` it names the Markdown's file instead.
  const csvAsked = cli.csv && !(cli.rowsOut.csvImplied && o.format);
  const implied: Format | undefined = cli.json ? 'json' : csvAsked ? 'csv' : undefined;
  if (implied && o.format && o.format !== implied) {
    throw new UsageError(
      bi(`--${implied} 与 --format ${o.format} 矛盾`, `--${implied} and --format ${o.format} disagree`),
      bi('请只给其中一个', 'give one of them'),
    );
  }
  const format = o.format ?? implied ?? 'table';
  const csvOnly = csvOnlyFlags(cli.rowsOut).join(' ');
  if (format !== 'csv' && csvOnly) {
    throw new UsageError(
      bi(`${csvOnly} 只用于 CSV，不能与 --format ${format} 同用`, `${csvOnly} is for CSV, not with --format ${format}`),
      bi(`请去掉 ${csvOnly} 或改用 --format csv`, `drop ${csvOnly} or use --format csv`),
    );
  }
  await withScope(cli, async (scope) => {
    const page = {
      ...(await todayOf(scope, { days: o.days, limit: o.limit })),
      community: scope.community,
      now: scope.now,
      timeZone: scope.timeZone,
    };
    const L = cli.lang;
    // A file gets no colour codes, whatever the terminal.
    const view = cli.rowsOut.file === undefined ? cli : { ...cli, color: PLAIN };
    const text = {
      table: () => renderTodayTable(view, page),
      md: () => renderTodayMarkdown(page, L),
      json: () => todayJson(page, L),
      csv: () => todayCsv(cli, page),
    }[format]();
    emit(cli, text);
  });
}

/** The desk's day (SPEC §10): the morning list, return visits and care services. */
const declared = command({
  path: 'today',
  help:
    "今日待办 the desk's list for today: overdue, due soon, no response, return visits, care visits, meeting tasks, " +
    'topics, low stock',
  options: [
    fallback(
      option('--days <n>', '"即将到期"看几个工作日 working days ahead for "due soon" (default 1)', (r) =>
        r.integer(1, 31),
      ),
      1,
    ),
    fallback(
      option('--limit <n>', '每类最多列几条 rows per section (default 20)', (r) => r.integer(1)),
      20,
    ),
    option('--format <format>', '格式 table|md|json|csv (default table; --json = json, --csv = csv)', (r) =>
      r.code(FORMAT_NAMES),
    ),
  ],
  example: 'today --days 3',
  exampleHelp: '0 8 * * 1-5 HONGWU_DB=/srv/hongwu.db hongwu today --format md | mail -s 今日待办 desk@example.org',
  rows: true,
});

export const todayCommand = declared.runs(today);
