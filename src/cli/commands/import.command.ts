import fs from 'node:fs';
import path from 'node:path';
import { bi, inLang, spelled, UsageError } from '../../domain/errors.js';
import { isHeaderOf, type ColumnSpec } from '../../domain/import-cells.js';
import {
  checkColumns,
  ImportProblems,
  runImport,
  type Importer,
  type ImportKind,
  type ImportProgress,
  type ImportResult,
  type RowProblem,
} from '../../services/import.service.js';
import { DEMAND_COLUMNS, importDemands } from '../../services/import-demands.js';
import { importPoints, POINTS_COLUMNS } from '../../services/import-points.js';
import { importResidents, importTeams, RESIDENT_COLUMNS, TEAM_COLUMNS } from '../../services/import-people.js';
import { HOUSE_COLUMNS, importHouses } from '../../services/import-houses.js';
import type { Scope } from '../../services/session.js';
import { withScope, type Cli } from '../context.js';
import { CLI_SPELLING } from '../spelling.js';
import { confirmed } from '../prompts.js';
import { writeFileAtomic } from '../render/atomic-file.js';
import { toCsv } from '../render/csv.js';
import { printJson } from '../render/listing.js';
import { argument, command, flag, option, type ValuesOf } from '../declare.js';

/** Each kind: its columns, its importer, and what its records are called. */
const KINDS: Record<
  ImportKind,
  { columns: readonly ColumnSpec[]; importer: Importer<string>; noun: { zh: string; en: string } }
> = {
  residents: {
    columns: RESIDENT_COLUMNS,
    importer: importResidents as Importer<string>,
    noun: bi('居民', 'residents'),
  },
  teams: { columns: TEAM_COLUMNS, importer: importTeams as Importer<string>, noun: bi('队伍', 'teams') },
  points: {
    columns: POINTS_COLUMNS,
    importer: importPoints as Importer<string>,
    noun: bi('积分流水', 'points entries'),
  },
  demands: { columns: DEMAND_COLUMNS, importer: importDemands as Importer<string>, noun: bi('诉求', 'demands') },
  houses: { columns: HOUSE_COLUMNS, importer: importHouses as Importer<string>, noun: bi('房屋', 'houses') },
};

/** Problems shown on stderr; all of them are in the errors file. */
const SHOWN_PROBLEMS = 10;

/** `import <kind> <file>`: read, check every row, then (asked, or `--yes`) write all in one transaction. */
const importer =
  (kind: ImportKind) =>
  async (cli: Cli, { file, ...o }: ValuesOf<ReturnType<typeof declared>>): Promise<void> => {
    const spec = KINDS[kind];
    const full = path.resolve(cli.io.cwd, file);
    const name = path.basename(full);
    let headers: readonly string[] = [];
    const isHeader = isHeaderOf(spec.columns);
    const { readRows } = await import('../../readers/index.js');
    const rows = await readRows(full, {
      sheet: o.sheet,
      isHeader: (texts) => {
        if (headers.length === 0) headers = texts;
        if (!isHeader(texts)) return false;
        headers = texts;
        return true;
      },
    });
    const sheet = { name, rows, ...checkColumns(spec.columns, headers, name) };
    const errorsFile = `${full}.errors.csv`;
    const L = cli.lang;
    await withScope(cli, async (scope) => {
      const noun = spec.noun;
      const checked = async (write: boolean): Promise<ImportResult> => {
        try {
          const onProgress = cli.io.stderrIsTTY ? progressLine(cli, noun) : undefined;
          const result = await runImport(scope, kind, sheet, spec.importer, { write, onProgress });
          // A clean sheet leaves no errors file of an earlier try to mislead the clerk.
          if (fs.existsSync(errorsFile)) {
            fs.rmSync(errorsFile, { force: true });
            cli.io.stderr(
              inLang(
                bi(
                  `表格已无问题，已删除上次的 ${errorsFile}\n`,
                  `the sheet is clean now: removed the earlier ${errorsFile}\n`,
                ),
                L,
              ),
            );
          }
          return result;
        } catch (e) {
          if (e instanceof ImportProblems) reportProblems(cli, e.problems, errorsFile);
          throw e;
        }
      };
      // With --yes the rows are checked once, in the transaction that writes them.
      if (o.yes && !o.dryRun) return printResult(cli, await checked(true), noun, scope);
      const plan = await checked(false);
      if (o.dryRun || plan.added === 0) return printResult(cli, plan, noun, scope, !!o.dryRun);
      cli.io.stderr(planLine(cli, plan, noun));
      if (!cli.interactive) {
        throw new UsageError(
          bi('导入要写入数据库，需要确认', 'an import writes to the database and needs consent'),
          bi('请加 --yes（或先用 --dry-run 只检查）', 'add --yes (or check first with --dry-run)'),
        );
      }
      const asked = inLang(bi(`导入这 ${plan.added} 条${noun.zh}？`, `Import these ${plan.added} ${noun.en}?`), L);
      if (!(await confirmed(cli, false, asked))) {
        cli.io.stderr(inLang(bi('未导入，数据库没有改动\n', 'Nothing was imported; the database is unchanged\n'), L));
        return;
      }
      printResult(cli, await checked(true), noun, scope);
    });
  };

function planLine(cli: Cli, r: ImportResult, noun: { zh: string; en: string }): string {
  return inLang(
    bi(
      `${r.rows} 行检查通过：新增${noun.zh} ${r.added} 条，已有 ${r.present} 条\n`,
      `${r.rows} rows check out: ${r.added} new ${noun.en}, ${r.present} already present\n`,
    ),
    cli.lang,
  );
}

function printResult(cli: Cli, r: ImportResult, noun: { zh: string; en: string }, scope: Scope, dryRun = false): void {
  if (cli.json) {
    return printJson(cli, {
      kind: r.kind,
      community: scope.community.code,
      rows: r.rows,
      added: r.written ? r.added : 0,
      would_add: r.added,
      present: r.present,
      written: r.written,
      dry_run: dryRun,
    });
  }
  const L = cli.lang;
  const where = scope.community.name;
  cli.io.stdout(
    r.written
      ? inLang(
          bi(
            `已导入${where}${noun.zh} ${r.added} 条；已有 ${r.present} 条跳过\n`,
            `Imported ${r.added} ${noun.en} into ${where}; ${r.present} already present were skipped\n`,
          ),
          L,
        )
      : r.added === 0
        ? inLang(
            bi(
              `${r.rows} 行均已在${where}，无需导入\n`,
              `All ${r.rows} rows are already in ${where}; nothing to import\n`,
            ),
            L,
          )
        : inLang(
            bi(
              `检查通过（未写入）：将新增${noun.zh} ${r.added} 条，已有 ${r.present} 条\n`,
              `All rows check out (nothing written): ${r.added} new ${noun.en}, ${r.present} already present\n`,
            ),
            L,
          ),
  );
}

/** The problems beside the sheet as `<file>.errors.csv` (with a BOM, for WPS and Excel), the first few on stderr. */
function reportProblems(cli: Cli, problems: readonly RowProblem[], errorsFile: string): void {
  const L = cli.lang;
  const said = problems.map((p) => spelled(p.problem, CLI_SPELLING));
  writeFileAtomic(
    errorsFile,
    toCsv(
      ['行号', '列', '内容', '问题'],
      problems.map((p, i) => [p.row, p.column, p.value, said[i]!.zh]),
      { bom: true },
    ),
  );
  problems.slice(0, SHOWN_PROBLEMS).forEach((p, i) => {
    const value = p.value === '' ? '' : inLang(bi(`“${p.value}”`, ` "${p.value}"`), L);
    cli.io.stderr(
      inLang(
        bi(
          `第 ${p.row} 行 ${p.column}${value}：${said[i]!.zh}\n`,
          `row ${p.row} ${p.column}${value}: ${said[i]!.en}\n`,
        ),
        L,
      ),
    );
  });
  if (problems.length > SHOWN_PROBLEMS)
    cli.io.stderr(
      inLang(
        bi(`……另有 ${problems.length - SHOWN_PROBLEMS} 处\n`, `… and ${problems.length - SHOWN_PROBLEMS} more\n`),
        L,
      ),
    );
  cli.io.stderr(inLang(bi(`全部问题已写入 ${errorsFile}\n`, `every problem is listed in ${errorsFile}\n`), L));
}

function progressLine(cli: Cli, noun: { zh: string; en: string }): (p: ImportProgress) => void {
  return (p) => {
    const line =
      p.phase === 'check'
        ? inLang(
            bi(`检查${noun.zh} ${p.done}/${p.total} 行`, `Checking ${noun.en}: ${p.done}/${p.total} rows`),
            cli.lang,
          )
        : inLang(bi(`写入${noun.zh} ${p.done}/${p.total}`, `Writing ${noun.en}: ${p.done}/${p.total}`), cli.lang);
    cli.io.stderr(`\r${line}${p.done === p.total ? '\n' : ''}`);
  };
}

/** The flags every `import <kind>` takes (SPEC §11). */
const OPTIONS = [
  flag('--dry-run', '只检查不写入 check every row, write nothing'),
  flag('--yes', '不询问，直接导入（非终端时必需） import without asking (needed without a terminal)'),
  option('--sheet <name>', '.xlsx 中的工作表名称（默认第一张） the worksheet of an .xlsx (default: the first)', (r) =>
    r.asTyped(),
  ),
] as const;

const declared = (kind: ImportKind, help: string, example: string) =>
  command({
    path: `import ${kind}`,
    args: [argument('<file>', (r) => r.asTyped())],
    help: `${help}（.csv 或 .xlsx；先检查全部行，有错则一行不写，问题写入 <file>.errors.csv）`,
    options: OPTIONS,
    example,
  });

const declaration = (kind: ImportKind, help: string, example: string) =>
  declared(kind, help, example).runs(importer(kind));

export const residents = declaration(
  'residents',
  '导入居民台账 import residents: 姓名、电话、地址、标签',
  'import residents 居民台账.xlsx --dry-run',
);
export const teams = declaration('teams', '导入队伍 import teams: 名称、类型', 'import teams 队伍.csv --yes');
export const demands = declaration(
  'demands',
  '导入诉求台账及其办理经过 import demands with their history: 诉求内容、渠道、类别、分派给、办结时间、评价…',
  'import demands 2025年诉求台账.xlsx --sheet 诉求 --yes',
);
export const houses = declaration(
  'houses',
  '导入房屋台账 import houses: 房号、面积、业主',
  'import houses 房屋台账.xlsx --dry-run',
);
export const points = declaration(
  'points',
  '导入积分流水 import the points ledger: 居民、积分、事由、时间、备注',
  'import points 积分台账.csv --yes',
);
