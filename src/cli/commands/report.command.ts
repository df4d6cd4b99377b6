import fs from 'node:fs';
import path from 'node:path';
import { makeFolders } from '../../db/folders.js';
import { bi, inLang, UsageError } from '../../domain/errors.js';
import * as reports from '../../services/report.service.js';
import { PLAIN, withSession, type Cli } from '../context.js';
import { writeFileAtomic } from '../render/atomic-file.js';
import { FORMAT_NAMES, type Format } from '../render/formats.js';
import { renderReportMarkdown } from '../views/report-md.view.js';
import { renderReportTable, reportCsv, reportJson } from '../views/report.view.js';
import { bom, command, labels, option, type ValuesOf } from '../declare.js';

const EXTENSIONS: Record<string, Format> = {
  '.md': 'md',
  '.markdown': 'md',
  '.csv': 'csv',
  '.json': 'json',
  '.txt': 'table',
};

/** Where the report goes: stdout in one format, a file in one format, or a folder (md + csv). */
type Plan =
  | { to: 'stdout'; format: Format }
  | { to: 'file'; file: string; format: Format }
  | { to: 'dir'; dir: string };

/**
 * `given` is `--format`; `implied` what `--json` or `--csv` ask for. With `--out`, `--json` shapes
 * stdout (the list of files written): a file's format is `--format`, else its extension, and only
 * without a known extension what `--json`/`--csv` imply; a folder gets the .md and .csv.
 */
function plan(cli: Cli, given: Format | undefined, implied: Format | undefined, out: string | undefined): Plan {
  // `--out -` is stdout, as for most Unix tools (not a file named "-").
  if (out === undefined || out === '-') return { to: 'stdout', format: given ?? implied ?? 'table' };
  const target = path.resolve(cli.io.cwd, out);
  const isDir = /[\\/]$/.test(out) || (fs.existsSync(target) && fs.statSync(target).isDirectory());
  if (isDir) {
    if (given || implied === 'csv') {
      throw new UsageError(
        bi(
          `--out ${out} 是文件夹：会同时写入 .md 和 .csv 两个文件`,
          `--out ${out} is a folder: it gets the .md and .csv files both`,
        ),
        bi('只要一种格式请给文件路径（如 report.json）', 'give a file path (e.g. report.json) to write one format'),
      );
    }
    return { to: 'dir', dir: target };
  }
  const byExtension = EXTENSIONS[path.extname(target).toLowerCase()];
  const format = given ?? byExtension ?? implied;
  if (!format) {
    throw new UsageError(
      bi(`--out ${out}：无法从文件名判断格式`, `--out ${out}: cannot tell the format from the file name`),
      bi(
        '请加 --format table|md|csv|json，或用 .md、.csv、.json 结尾的文件名',
        'add --format table|md|csv|json, or end the name in .md, .csv or .json',
      ),
    );
  }
  return { to: 'file', file: target, format };
}

/** `hongwu report`: the month's figures (SPEC §7) as a table, Markdown, CSV or JSON. */
export async function report(cli: Cli, o: ValuesOf<typeof declared>): Promise<void> {
  // `--labels` alone on stdout asks for the CSV, as on a listing.
  const toStdout = o.out === undefined || o.out === '-';
  const csvAsked = cli.csv || (o.labels && toStdout && !o.format);
  const implied: Format | undefined = cli.json ? 'json' : csvAsked ? 'csv' : undefined;
  // With --out, --json is about stdout (what was written): any --format may name the file's.
  if (implied && o.format && o.format !== implied && !(cli.json && o.out !== undefined)) {
    throw new UsageError(
      bi(`--${implied} 与 --format ${o.format} 矛盾`, `--${implied} and --format ${o.format} disagree`),
      bi('请只给其中一个', 'give one of them'),
    );
  }
  const where = plan(cli, o.format, implied, o.out);
  const formats: Format[] = where.to === 'dir' ? ['md', 'csv'] : [where.format];
  if (o.labels && !formats.includes('csv')) {
    throw new UsageError(
      bi(
        `--labels 只用于 CSV，不能与 --format ${formats[0]} 同用`,
        `--labels is for CSV, not with --format ${formats[0]}`,
      ),
      bi('请去掉 --labels 或改用 --format csv', 'drop --labels or use --format csv'),
    );
  }
  await withSession(cli, { create: false }, async (session) => {
    const target = await reports.reportTarget(session, cli.communityRef);
    const period = reports.reportPeriod(o.month, session.now, session.timeZone);
    // One snapshot for every file, so the Markdown and the CSV always agree.
    const data = formats.includes('md')
      ? await reports.reportWithDetail(session, target, period)
      : await reports.monthlyReport(session, target, period);
    const text = (format: Format, view: Cli) =>
      render(view, data, format, { bom: o.bom, labels: o.labels }, session.timeZone);
    if (where.to === 'stdout') return cli.io.stdout(text(where.format, cli));
    const plain = { ...cli, color: PLAIN };
    if (where.to === 'dir') makeFolder(where.dir);
    const written: string[] = [];
    for (const format of formats) {
      const file =
        where.to === 'file' ? where.file : path.join(where.dir, `hongwu-${target.code}-${period.month}.${format}`);
      writeFileAtomic(file, text(format, plain));
      written.push(file);
      cli.io.stderr(inLang(bi(`已写入 ${file}\n`, `Wrote ${file}\n`), cli.lang));
    }
    // `--json` prints exactly one JSON value on stdout (SPEC §2): here, what was written where.
    if (cli.json) cli.io.stdout(`${JSON.stringify({ month: period.month, community: target.code, written })}\n`);
  });
}

type CsvOptions = { bom: boolean; labels: boolean };

function render(
  view: Cli,
  data: reports.MonthlyReport | reports.DetailedReport,
  format: Format,
  csv: CsvOptions,
  tz: string,
): string {
  switch (format) {
    case 'md':
      if (!('detail' in data)) throw new Error('the Markdown needs the detailed report');
      return renderReportMarkdown(data, view.lang, tz);
    case 'csv':
      return reportCsv(data, view.lang, csv);
    case 'json':
      return `${JSON.stringify(reportJson(data, view.lang, tz), null, 2)}\n`;
    case 'table':
      return renderReportTable(view, data, tz);
  }
}

function makeFolder(dir: string): void {
  try {
    makeFolders(dir);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? 'error';
    throw new UsageError(
      bi(`无法创建文件夹 ${dir}（${code}）`, `cannot create the folder ${dir} (${code})`),
      bi('请检查路径以及是否有写入权限', 'check the path and that you may write there'),
    );
  }
}

const declared = command({
  path: 'report',
  help: '月度报表 the monthly report; --community all rolls up every community',
  options: [
    // Read by reportPeriod, which knows `this` and `last` besides a month.
    option('--month <YYYY-MM|this|last>', '统计月份 month (default last; this = partial)', (r) => r.asTyped()),
    option(
      '--format <format>',
      '格式 table|md|csv|json (default table; --json = json; or from the --out extension)',
      (r) => r.code(FORMAT_NAMES),
    ),
    option(
      '--out <file|dir>',
      '写入文件；目录则写 .md 和 .csv 两个文件 write a file, or .md and .csv into a folder (atomic)',
      (r) => r.z.string().check(r.z.refine((s) => s.trim() !== '', 'must not be empty')),
    ),
    bom(),
    labels(),
  ],
  example: 'report --month 2026-10 --format md',
  exampleHelp:
    '例 Examples:\n  hongwu report --month 2026-10 --format md\n  0 6 1 * * HONGWU_DB=/srv/hongwu.db hongwu ' +
    'report --out /srv/reports/ --bom',
  rows: true,
});
export const reportCommand = declared.runs(report);
