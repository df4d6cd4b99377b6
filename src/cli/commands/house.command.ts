import { bi, inLang } from '../../domain/errors.js';
import { formatArea, formatYuan, parseArea } from '../../domain/money.js';
import { maskPhone } from '../../domain/phone.js';
import { addHouse, houseList, houseShow } from '../../services/house.service.js';
import { runCommand } from '../../services/session.js';
import { withScope, type Cli } from '../context.js';
import { printJson, printListing, printTable } from '../render/listing.js';
import { renderTable } from '../../platform/table.js';
import { billRecord, billTable, houseListing, houseRecord, paymentRecord } from '../views/fee.view.js';
import { argument, argumentAs, command, option, reference, required, type ValuesOf } from '../declare.js';

async function add(cli: Cli, o: ValuesOf<typeof addDeclared>): Promise<void> {
  const area = parseArea(o.area, '--area');
  await withScope(cli, async (scope) => {
    const h = await runCommand(scope, (tx) => addHouse(tx, scope, { address: o.address, area, owner: o.owner }));
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

async function list(cli: Cli): Promise<void> {
  await withScope(cli, async (scope) => printListing(cli, houseListing(cli, await houseList(scope))));
}

async function show(cli: Cli, { house: ref }: ValuesOf<typeof showDeclared>): Promise<void> {
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

const addDeclared = command({
  path: 'house add',
  args: [
    argumentAs(
      'address',
      argument('<building-unit-room>', (r) => r.text()),
    ),
  ],
  help: '登记房屋 add a house: 3-2-501 = 3栋2单元501室 = 3幢2单元501',
  options: [
    // Read by parseArea, which says what an area looks like.
    required(option('--area <m²>', '建筑面积（平方米） floor area in m², e.g. 89.5', (r) => r.text())),
    reference('owner', 'resident', '业主（居民姓名、电话或 ID） owner: a resident', (r) => r.text()),
  ],
  example: 'house add 3栋2单元501室 --area 89.5 --owner 张三',
});
export const addCommand = addDeclared.runs(add);

export const listCommand = command({
  path: 'house list',
  help: '列出房屋及欠费 list houses with what they owe',
  example: 'house list --csv',
  rows: true,
}).runs(list);

const showDeclared = command({
  path: 'house show',
  args: [argument('<house>', (r) => r.asTyped())],
  help: '查看房屋的账单与缴费 the bills and payments of a house',
  example: 'house show 3-2-501',
});
export const showCommand = showDeclared.runs(show);
