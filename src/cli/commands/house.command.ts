import fs from 'node:fs';
import path from 'node:path';
import { bi, UsageError, inLang } from '../../domain/errors.js';
import { formatArea, formatYuan, parseArea } from '../../domain/money.js';
import { maskPhone } from '../../domain/phone.js';
import {
  addHouse,
  houseList,
  houseShow,
  importHouses,
  ImportProblems,
  type HouseRow,
} from '../../services/house.service.js';
import { runCommand } from '../../services/session.js';
import { withScope, type Cli } from '../context.js';
import { lazySchema, parseOptions, text, z } from '../options.js';
import { printJson, printListing, printTable } from '../render/listing.js';
import { renderTable } from '../../platform/table.js';
import { billRecord, billTable, houseListing, houseRecord, paymentRecord } from '../views/fee.view.js';
import { option, reference, type Declaration } from '../declare.js';

type Raw = Record<string, unknown>;

const addSchema = lazySchema(() => z.object({ '<address>': text(), area: text(), owner: z.optional(text()) }));

export async function add(cli: Cli, address: string, raw: Raw): Promise<void> {
  const o = parseOptions(addSchema(), { ...raw, '<address>': address }, ['<address>']);
  const area = parseArea(o.area, '--area');
  await withScope(cli, async (scope) => {
    const h = await runCommand(scope, (tx) => addHouse(tx, scope, { address: o['<address>'], area, owner: o.owner }));
    if (cli.json) return printJson(cli, houseRecord(h));
    const owner = h.owner_name ? inLang(bi(`，业主 ${h.owner_name}`, `, owner ${h.owner_name}`), cli.lang) : '';
    cli.io.stdout(
      inLang(
        bi(
          `已登记房屋 ${h.address}（#${h.id}，${formatArea(h.area)}㎡${owner}）\n`,
          `Added house ${h.address} (#${h.id}, ${formatArea(h.area)} m²${owner})\n`,
        ),
        cli.lang,
      ),
    );
  });
}

export async function list(cli: Cli): Promise<void> {
  await withScope(cli, async (scope) => printListing(cli, houseListing(cli, await houseList(scope))));
}

export async function show(cli: Cli, ref: string): Promise<void> {
  await withScope(cli, async (scope) => {
    const page = await houseShow(scope, ref);
    const tz = scope.timeZone;
    if (cli.json) {
      return printJson(cli, {
        ...houseRecord(page.house),
        bills: page.bills.map((b) => billRecord(b, tz)),
        payments: page.payments.map((p) => paymentRecord(p, tz)),
        waivers: page.waivers.map((w) => ({
          waiver: w.id,
          bill: w.bill_id,
          period: w.period,
          amount_fen: w.amount,
          reason: w.reason,
        })),
      });
    }
    const L = cli.lang;
    const h = page.house;
    const owner = h.owner_name
      ? `${h.owner_name}${h.owner_phone ? ` ${maskPhone(h.owner_phone)}` : ''}`
      : inLang(bi('未登记', 'not on file'), L);
    cli.io.stdout(
      inLang(
        bi(
          `房屋 ${h.address}（${page.label.zh}，#${h.id}）· ${formatArea(h.area)}㎡ · 业主 ${owner} · 欠费 ` +
            `${formatYuan(h.owed)} 元${h.credit ? ` · 预交 ${formatYuan(h.credit)} 元` : ''}\n`,
          `House ${h.address} (${page.label.en}, #${h.id}) · ${formatArea(h.area)} m² · owner ${owner} · owes ` +
            `${formatYuan(h.owed)} yuan${h.credit ? ` · paid in advance ${formatYuan(h.credit)}` : ''}\n`,
        ),
        L,
      ),
    );
    const bills = billTable(cli, page.bills);
    if (page.bills.length) cli.io.stdout(renderTable(cli, bills.header, page.bills.map(bills.cells)));
    else cli.io.stdout(`${bills.empty}\n`);
    if (page.payments.length) {
      printTable(cli, {
        rows: page.payments,
        header: [
          '#',
          inLang(bi('收据', 'Receipt'), L),
          inLang(bi('金额（元）', 'Yuan'), L),
          inLang(bi('账期', 'Periods'), L),
          inLang(bi('时间', 'Time'), L),
        ],
        cells: (p) => [
          `#${p.id}`,
          p.receipt ?? inLang(bi(`冲正 #${p.reverses}`, `reversal of #${p.reverses}`), L),
          formatYuan(p.amount),
          p.periods?.replace(/;/g, ' '),
          paymentRecord(p, tz).at.slice(0, 16).replace('T', ' '),
        ],
        empty: '',
      });
    }
  });
}

const importSchema = lazySchema(() => z.object({ dryRun: z.optional(z.boolean()) }));

/** Header variants a clerk's sheet may use (房号/地址/address, 面积/area, 业主/owner). */
const COLUMNS = {
  address: ['address', '房号', '地址', '房屋', '住址', '门牌', '房屋地址'],
  area: ['area', '面积', '建筑面积', '面积㎡', '面积(㎡)', '面积（㎡）', '面积(m2)', '面积（平方米）'],
  owner: ['owner', '业主', '业主姓名', '户主', '业主电话'],
} as const;

/**
 * `import houses <file.csv>` on csv-parse (UTF-8 with or without BOM, or GB18030 as WPS and
 * Excel save it). The readers layer of SPEC §11 will take over reading sheets; the checks and the
 * all-or-nothing write stay in the service.
 */
export async function importFile(cli: Cli, file: string, raw: Raw): Promise<void> {
  const o = parseOptions(importSchema(), raw);
  const rows = await readHouseSheet(path.resolve(cli.io.cwd, file));
  await withScope(cli, async (scope) => {
    const L = cli.lang;
    let result;
    try {
      result = await runCommand(scope, (tx) => importHouses(tx, scope, { rows, dryRun: !!o.dryRun }));
    } catch (e) {
      if (e instanceof ImportProblems) {
        for (const p of e.problems.slice(0, 20)) {
          cli.io.stderr(
            inLang(
              bi(
                `第 ${p.line} 行 ${p.column}“${p.value}”：${p.problem.zh}\n`,
                `line ${p.line} ${p.column} "${p.value}": ${p.problem.en}\n`,
              ),
              L,
            ),
          );
        }
        if (e.problems.length > 20)
          cli.io.stderr(
            inLang(bi(`……另有 ${e.problems.length - 20} 行\n`, `… and ${e.problems.length - 20} more\n`), L),
          );
      }
      throw e;
    }
    if (cli.json) return printJson(cli, { added: result.adding, present: result.present, dry_run: !!o.dryRun });
    cli.io.stdout(
      o.dryRun
        ? inLang(
            bi(
              `检查通过：将新增 ${result.adding} 户，已有 ${result.present} 户（未写入）\n`,
              `All rows check out: ${result.adding} to add, ${result.present} already on file (nothing written)\n`,
            ),
            L,
          )
        : inLang(
            bi(
              `已导入房屋 ${result.adding} 户，已有 ${result.present} 户跳过\n`,
              `Imported ${result.adding} houses; ${result.present} already on file were skipped\n`,
            ),
            L,
          ),
    );
  });
}

async function readHouseSheet(file: string): Promise<HouseRow[]> {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch {
    throw new UsageError(bi(`读不到文件 ${file}`, `cannot read ${file}`), bi('请检查路径', 'check the path'));
  }
  const { parse } = await import('csv-parse/sync');
  const records = parse(decodeSheet(bytes), {
    bom: true,
    skip_empty_lines: true,
    relax_column_count: true,
    trim: true,
  }) as string[][];
  const header = (records[0] ?? []).map((h) => h.replace(/\s+/g, '').toLowerCase());
  const index = (role: keyof typeof COLUMNS) =>
    header.findIndex((h) => (COLUMNS[role] as readonly string[]).includes(h));
  const [a, m, w] = [index('address'), index('area'), index('owner')];
  if (a < 0 || m < 0) {
    throw new UsageError(
      bi(
        `${path.basename(file)} 缺少${a < 0 ? '“房号”' : ''}${m < 0 ? '“面积”' : ''}列`,
        `${path.basename(file)} has no ` +
          `${[a < 0 ? '"address"' : '', m < 0 ? '"area"' : ''].filter(Boolean).join(' or ')} column`,
      ),
      bi(
        '第一行写列名：房号、面积、业主（可选）',
        'the first line names the columns: 房号/address, 面积/area, 业主/owner (optional)',
      ),
    );
  }
  return records
    .slice(1)
    .map((r, i) => ({ line: i + 2, address: r[a] ?? '', area: r[m] ?? '', owner: w < 0 ? undefined : r[w] }));
}

/** UTF-8 when the bytes are UTF-8; otherwise GB18030, as WPS and Excel on Chinese Windows save CSV. */
function decodeSheet(bytes: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('gb18030').decode(bytes);
  }
}

export const addCommand: Declaration = {
  path: 'house add',
  args: '<building-unit-room>',
  help: '登记房屋 add a house: 3-2-501 = 3栋2单元501室 = 3幢2单元501',
  options: [
    option('--area <m²>', '建筑面积（平方米） floor area in m², e.g. 89.5'),
    reference('owner', 'resident', '业主（居民姓名、电话或 ID） owner: a resident'),
  ],
  example: 'house add 3栋2单元501室 --area 89.5 --owner 张三',
  run: add,
};

export const listCommand: Declaration = {
  path: 'house list',
  help: '列出房屋及欠费 list houses with what they owe',
  example: 'house list --csv',
  rows: true,
  run: list,
};

export const showCommand: Declaration = {
  path: 'house show',
  args: '<house>',
  help: '查看房屋的账单与缴费 the bills and payments of a house',
  example: 'house show 3-2-501',
  run: show,
};

export const importHousesCommand: Declaration = {
  path: 'import houses',
  args: '<file>',
  help: '导入房屋表（CSV，UTF-8 或 GB18030；列：房号、面积、业主），全部检查通过才写入 import houses from a CSV sheet, all or nothing',
  options: [option('--dry-run', '只检查不写入 check only')],
  example: 'import houses 房屋台账.csv --dry-run',
  run: importFile,
};
