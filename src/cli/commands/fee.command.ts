import { bi, inLang } from '../../domain/errors.js';
import * as codes from '../../domain/codes.js';
import { formatYuan, parseYuan } from '../../domain/money.js';
import { formatShort } from '../../domain/time.js';
import * as fees from '../../services/fee.service.js';
import { runCommand } from '../../services/session.js';
import { withScope, type Cli } from '../context.js';
import { atOption, instantOption } from '../dates.js';
import { printJson, printListing } from '../render/listing.js';
import { arrearsListing, billRecord, ledgerListing, paymentRecord } from '../views/fee.view.js';
import { feeMethod, feeRulePeriod } from '../../domain/codes.js';
import {
  argument,
  asked,
  at,
  codeOption,
  command,
  flag,
  month as monthFlag,
  option,
  type GivenOf,
  type ValuesOf,
} from '../declare.js';

async function ruleSet(cli: Cli, _: unknown, given: GivenOf<typeof ruleSetDeclared>): Promise<void> {
  await withScope(cli, async (scope) => {
    const o = await given.ask([
      { key: 'perM2', type: 'text', message: inLang(bi('每平方米单价（元）', 'Price per m² (yuan)'), cli.lang) },
    ]);
    const perM2 = parseYuan(o.perM2, '--per-m2');
    const rule = await runCommand(scope, (tx) =>
      fees.setRule(tx, scope, { perM2, period: o.period, from: instantOption(o.from, '--from', scope, 'start') }),
    );
    if (cli.json)
      return printJson(cli, { rule: rule.id, per_m2_fen: rule.per_m2, period: rule.period, from: rule.from_date });
    const per = codes.label(codes.feeRulePeriod, rule.period, cli.lang);
    cli.io.stdout(
      inLang(
        bi(
          `已设定收费标准 #${rule.id}：每平方米每${per} ${formatYuan(rule.per_m2)} 元，自 ${rule.from_date} 起开出的账单适用\n`,
          `Fee rule #${rule.id}: ${formatYuan(rule.per_m2)} yuan per m² per ${per.toLowerCase()}, for bills of ` +
            `periods from ${rule.from_date}\n`,
        ),
        cli.lang,
      ),
    );
  });
}

async function bill(cli: Cli, _: unknown, given: GivenOf<typeof billDeclared>): Promise<void> {
  await withScope(cli, async (scope) => {
    const o = await given.ask([
      {
        key: 'period',
        type: 'text',
        message: inLang(bi('账期（2026、2026-Q4 或 2026-11）', 'Period (2026, 2026-Q4 or 2026-11)'), cli.lang),
      },
    ]);
    const r = await runCommand(scope, (tx) => fees.bill(tx, scope, { period: o.period }));
    if (cli.json)
      return printJson(cli, {
        period: r.period.code,
        rule: r.rule.id,
        bills: r.bills.map((b) => billRecord(b, scope.timeZone)),
        skipped: r.skipped,
      });
    const total = r.bills.reduce((sum, b) => sum + b.amount, 0);
    cli.io.stdout(
      inLang(
        bi(
          `${r.period.code} 开账 ${r.bills.length} 户，合计 ${formatYuan(total)} 元（按标准 #${r.rule.id}）` +
            `${r.skipped ? `；${r.skipped} 户已开过，未重复` : ''}\n`,
          `${r.period.code}: ${r.bills.length} bills, ${formatYuan(total)} yuan in all (rule #${r.rule.id})` +
            `${r.skipped ? `; ${r.skipped} houses already billed were left as they were` : ''}\n`,
        ),
        cli.lang,
      ),
    );
  });
}

async function pay(cli: Cli, { house, ...o }: ValuesOf<typeof payDeclared>): Promise<void> {
  const fen = parseYuan(o.amount, '<amount>');
  await withScope(cli, async (scope) => {
    const r = await runCommand(scope, (tx) =>
      fees.pay(tx, scope, {
        house,
        amount: fen,
        method: o.method,
        bill: o.bill,
        at: atOption(o.at, scope),
        advance: o.advance,
      }),
    );
    const p = r.payment;
    if (cli.json) return printJson(cli, { ...paymentRecord(p, scope.timeZone), owed_fen: r.owed });
    const L = cli.lang;
    const periods = p.periods ? p.periods.replace(/;/g, inLang(bi('、', ', '), L)) : '';
    const ahead = p.amount - p.allocated;
    cli.io.stdout(
      inLang(
        bi(
          `已收 ${p.address} 物业费 ${formatYuan(p.amount)} 元（${codes.label(codes.feeMethod, p.method, L)}），收据 ` +
            `${p.receipt}${periods ? `，缴 ${periods}` : ''}${ahead ? `，预交 ${formatYuan(ahead)} 元` : ''}；尚欠 ` +
            `${formatYuan(r.owed)} 元\n`,
          `Received ${formatYuan(p.amount)} yuan from ${p.address} (` +
            `${codes.label(codes.feeMethod, p.method, L)}), receipt ${p.receipt}` +
            `${periods ? `, for ${periods}` : ''}${ahead ? `, ${formatYuan(ahead)} in advance` : ''}; still owed ` +
            `${formatYuan(r.owed)}\n`,
        ),
        L,
      ),
    );
  });
}

async function waive(cli: Cli, _: unknown, given: GivenOf<typeof waiveDeclared>): Promise<void> {
  await withScope(cli, async (scope) => {
    const { bill: billRef, ...o } = await given.ask([
      { key: 'reason', type: 'text', message: inLang(bi('减免原因', 'Why is it waived?'), cli.lang) },
    ]);
    const { waiver, bill: b } = await runCommand(scope, (tx) =>
      fees.waive(tx, scope, { bill: billRef, reason: o.reason, at: atOption(o.at, scope) }),
    );
    if (cli.json)
      return printJson(cli, {
        waiver: waiver.id,
        reason: waiver.reason,
        amount_fen: waiver.amount,
        bill: billRecord(b, scope.timeZone),
      });
    cli.io.stdout(
      inLang(
        bi(
          `已减免账单 #${b.id}（${b.address} ${b.period}）${formatYuan(waiver.amount)} 元：${waiver.reason}\n`,
          `Waived ${formatYuan(waiver.amount)} yuan of bill #${b.id} (${b.address} ${b.period}): ${waiver.reason}\n`,
        ),
        cli.lang,
      ),
    );
  });
}

async function reverse(cli: Cli, _: unknown, given: GivenOf<typeof reverseDeclared>): Promise<void> {
  await withScope(cli, async (scope) => {
    const { payment, ...o } = await given.ask([
      { key: 'reason', type: 'text', message: inLang(bi('冲正原因', 'Why is it reversed?'), cli.lang) },
    ]);
    const r = await runCommand(scope, (tx) =>
      fees.reverse(tx, scope, { payment, reason: o.reason, at: atOption(o.at, scope) }),
    );
    const p = r.payment;
    if (cli.json) return printJson(cli, { ...paymentRecord(p, scope.timeZone), owed_fen: r.owed });
    cli.io.stdout(
      inLang(
        bi(
          `已冲正缴费 #${p.reverses}：${p.address} ${formatYuan(p.amount)} 元，记录 #${p.id}；尚欠 ${formatYuan(r.owed)} 元\n`,
          `Reversed payment #${p.reverses}: ${p.address} ${formatYuan(p.amount)} yuan, entry #${p.id}; now owed` +
            ` ${formatYuan(r.owed)}\n`,
        ),
        cli.lang,
      ),
    );
  });
}

async function arrears(cli: Cli, o: ValuesOf<typeof arrearsDeclared>): Promise<void> {
  await withScope(cli, async (scope) => {
    const rows = await fees.arrearsList(scope, { months: o.months });
    printListing(cli, arrearsListing(cli, rows));
    if (cli.json || cli.csv || rows.length === 0) return;
    const total = rows.reduce((sum, r) => sum + r.amount, 0);
    cli.io.stderr(
      inLang(
        bi(
          `欠费 ${rows.length} 户，合计 ${formatYuan(total)} 元（截至 ${formatShort(scope.now, scope.timeZone)}）\n`,
          `${rows.length} houses owe ${formatYuan(total)} yuan in all (as of ` +
            `${formatShort(scope.now, scope.timeZone)})\n`,
        ),
        cli.lang,
      ),
    );
  });
}

async function ledger(cli: Cli, o: ValuesOf<typeof ledgerDeclared>): Promise<void> {
  await withScope(cli, async (scope) => {
    const rows = await fees.feeLedger(scope, { month: o.month });
    printListing(cli, ledgerListing(cli, rows, scope.timeZone));
    if (cli.json || cli.csv || rows.length === 0) return;
    const collected = rows.reduce((sum, e) => sum + (e.kind === 'payment' ? e.row.amount : 0), 0);
    cli.io.stderr(
      inLang(
        bi(
          `共 ${rows.length} 条，实收合计 ${formatYuan(collected)} 元（已扣冲正）\n`,
          `${rows.length} entries; collected ${formatYuan(collected)} yuan net of reversals\n`,
        ),
        cli.lang,
      ),
    );
  });
}

const ruleSetDeclared = command({
  path: 'fee rule set',
  help: '设定收费标准（自 --from 起的账期适用，旧账单不变） set the price per m² from a date (older bills keep theirs)',
  options: [
    // Read by parseYuan, which says what an amount looks like.
    asked(option('--per-m2 <yuan>', '每平方米单价（元） price per m² in yuan, e.g. 1.50', (r) => r.text())),
    codeOption('--period <period>', '单价对应的周期 period', feeRulePeriod, 'month'),
    option('--from <date>', '起始日期 applies to periods from this date (default today)', (r) => r.instant()),
  ],
  example: 'fee rule set --per-m2 1.50 --period month --from 2026-01-01',
});
export const ruleSetCommand = ruleSetDeclared.runs(ruleSet);

const billDeclared = command({
  path: 'fee bill',
  help: '开账：每户一张账单（重复运行不会重复开） bill every house for a period (idempotent)',
  options: [
    // The service reads the period (a year, a quarter or a month) and says what it accepts.
    asked(option('--period <2026|2026-Q4|2026-11>', '账期 billing period: a year, quarter or month', (r) => r.text())),
  ],
  example: 'fee bill --period 2026-11',
});
export const billCommand = billDeclared.runs(bill);

const payDeclared = command({
  path: 'fee pay',
  // The amount is read by parseYuan, which says what an amount looks like.
  args: [argument('<house>', (r) => r.asTyped()), argument('<amount>', (r) => r.text())],
  help: '收费（先缴最早的账单），开收据 SK-YYYYMM-NNNN take a payment in yuan, oldest bill first',
  options: [
    codeOption('--method <method>', '缴费方式 method', feeMethod, 'cash'),
    option('--bill <id>', '只缴这张账单 pay this bill only', (r) => r.integer(1)),
    at('实际缴费时间 when it was paid'),
    flag('--advance', '多出的部分作预交 keep what exceeds the debt as paid in advance'),
  ],
  example: 'fee pay 3-2-501 1611.00 --method 微信',
});
export const payCommand = payDeclared.runs(pay);

const waiveDeclared = command({
  path: 'fee waive',
  args: [argument('<bill>', (r) => r.asTyped())],
  help: '减免一张账单的余额（如低保户） waive what is left of a bill',
  options: [asked(option('--reason <text>', '减免原因 why', (r) => r.text())), at('实际时间 when it was granted')],
  example: 'fee waive 12 --reason 低保户',
});
export const waiveCommand = waiveDeclared.runs(waive);

const reverseDeclared = command({
  path: 'fee reverse',
  args: [argument('<payment>', (r) => r.asTyped())],
  help: '冲正一笔缴费（收据号或编号；唯一的更正方式） reverse a payment by receipt or number: the only correction',
  options: [asked(option('--reason <text>', '冲正原因 why', (r) => r.text())), at()],
  example: 'fee reverse SK-202611-0001 --reason 房号录错',
});
export const reverseCommand = reverseDeclared.runs(reverse);

const arrearsDeclared = command({
  path: 'fee arrears',
  help: '欠费名单（业主姓名与电话遮挡） houses in arrears, owners masked',
  options: [option('--months <n>', '至少欠费几个月 owing for at least n months', (r) => r.integer(1, 1200))],
  example: 'fee arrears --months 3 --csv',
  rows: true,
});
export const arrearsCommand = arrearsDeclared.runs(arrears);

const ledgerDeclared = command({
  path: 'fee ledger',
  help: '收费台账：缴费、冲正与减免 payments, reversals and waivers, oldest first',
  options: [monthFlag()],
  example: 'fee ledger --month 2026-11 --csv',
  rows: true,
});
export const ledgerCommand = ledgerDeclared.runs(ledger);
