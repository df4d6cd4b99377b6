import { bi, inLang } from '../../domain/errors.js';
import * as codes from '../../domain/codes.js';
import { formatYuan, parseYuan } from '../../domain/money.js';
import { formatShort } from '../../domain/time.js';
import * as fees from '../../services/fee.service.js';
import { runCommand } from '../../services/session.js';
import { withScope, type Cli } from '../context.js';
import { atOption, instantOption } from '../dates.js';
import { code, integer, lazySchema, month, parseOptions, text, z } from '../options.js';
import { askMissing } from '../prompts.js';
import { printJson, printListing } from '../render/listing.js';
import { arrearsListing, billRecord, ledgerListing, paymentRecord } from '../views/fee.view.js';
import { feeMethod, feeRulePeriod } from '../../domain/codes.js';
import { at, codeOption, month as monthFlag, option, type Declaration } from '../declare.js';

type Raw = Record<string, unknown>;

const ruleSchema = lazySchema(() =>
  z.object({
    perM2: text(),
    period: z._default(code(codes.feeRulePeriod), 'month'),
    from: z.optional(z.string()),
  }),
);

export async function ruleSet(cli: Cli, raw: Raw): Promise<void> {
  const values: Raw = { ...raw };
  await withScope(cli, async (scope) => {
    await askMissing(cli, values, [
      { key: 'perM2', type: 'text', message: inLang(bi('每平方米单价（元）', 'Price per m² (yuan)'), cli.lang) },
    ]);
    const o = parseOptions(ruleSchema(), values);
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

const billSchema = lazySchema(() => z.object({ period: text() }));

export async function bill(cli: Cli, raw: Raw): Promise<void> {
  const values: Raw = { ...raw };
  await withScope(cli, async (scope) => {
    await askMissing(cli, values, [
      {
        key: 'period',
        type: 'text',
        message: inLang(bi('账期（2026、2026-Q4 或 2026-11）', 'Period (2026, 2026-Q4 or 2026-11)'), cli.lang),
      },
    ]);
    const o = parseOptions(billSchema(), values);
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

const paySchema = lazySchema(() =>
  z.object({
    '<amount>': text(),
    method: z._default(code(codes.feeMethod), 'cash'),
    bill: z.optional(integer(1)),
    at: z.optional(z.string()),
    advance: z.optional(z.boolean()),
  }),
);

export async function pay(cli: Cli, house: string, amount: string, raw: Raw): Promise<void> {
  const o = parseOptions(paySchema(), { ...raw, '<amount>': amount }, ['<amount>']);
  const fen = parseYuan(o['<amount>'], '<amount>');
  await withScope(cli, async (scope) => {
    const r = await runCommand(scope, (tx) =>
      fees.pay(tx, scope, {
        house,
        amount: fen,
        method: o.method,
        bill: o.bill,
        at: atOption(o.at, scope),
        advance: !!o.advance,
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

const reasonSchema = lazySchema(() => z.object({ reason: text(), at: z.optional(z.string()) }));

export async function waive(cli: Cli, billRef: string, raw: Raw): Promise<void> {
  const values: Raw = { ...raw };
  await withScope(cli, async (scope) => {
    await askMissing(cli, values, [
      { key: 'reason', type: 'text', message: inLang(bi('减免原因', 'Why is it waived?'), cli.lang) },
    ]);
    const o = parseOptions(reasonSchema(), values);
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

export async function reverse(cli: Cli, payment: string, raw: Raw): Promise<void> {
  const values: Raw = { ...raw };
  await withScope(cli, async (scope) => {
    await askMissing(cli, values, [
      { key: 'reason', type: 'text', message: inLang(bi('冲正原因', 'Why is it reversed?'), cli.lang) },
    ]);
    const o = parseOptions(reasonSchema(), values);
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

const arrearsSchema = lazySchema(() => z.object({ months: z.optional(integer(1, 1200)) }));

export async function arrears(cli: Cli, raw: Raw): Promise<void> {
  const o = parseOptions(arrearsSchema(), raw);
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

const ledgerSchema = lazySchema(() => z.object({ month: z.optional(month()) }));

export async function ledger(cli: Cli, raw: Raw): Promise<void> {
  const o = parseOptions(ledgerSchema(), raw);
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

export const ruleSetCommand: Declaration = {
  path: 'fee rule set',
  help: '设定收费标准（自 --from 起的账期适用，旧账单不变） set the price per m² from a date (older bills keep theirs)',
  options: [
    option('--per-m2 <yuan>', '每平方米单价（元） price per m² in yuan, e.g. 1.50'),
    codeOption('--period <period>', '单价对应的周期 period', feeRulePeriod, 'month'),
    option('--from <date>', '起始日期 applies to periods from this date (default today)'),
  ],
  example: 'fee rule set --per-m2 1.50 --period month --from 2026-01-01',
  run: ruleSet,
};

export const billCommand: Declaration = {
  path: 'fee bill',
  help: '开账：每户一张账单（重复运行不会重复开） bill every house for a period (idempotent)',
  options: [option('--period <2026|2026-Q4|2026-11>', '账期 billing period: a year, quarter or month')],
  example: 'fee bill --period 2026-11',
  run: bill,
};

export const payCommand: Declaration = {
  path: 'fee pay',
  args: '<house> <amount>',
  help: '收费（先缴最早的账单），开收据 SK-YYYYMM-NNNN take a payment in yuan, oldest bill first',
  options: [
    codeOption('--method <method>', '缴费方式 method', feeMethod, 'cash'),
    option('--bill <id>', '只缴这张账单 pay this bill only'),
    at('实际缴费时间 when it was paid'),
    option('--advance', '多出的部分作预交 keep what exceeds the debt as paid in advance'),
  ],
  example: 'fee pay 3-2-501 1611.00 --method 微信',
  run: pay,
};

export const waiveCommand: Declaration = {
  path: 'fee waive',
  args: '<bill>',
  help: '减免一张账单的余额（如低保户） waive what is left of a bill',
  options: [option('--reason <text>', '减免原因 why'), at('实际时间 when it was granted')],
  example: 'fee waive 12 --reason 低保户',
  run: waive,
};

export const reverseCommand: Declaration = {
  path: 'fee reverse',
  args: '<payment>',
  help: '冲正一笔缴费（收据号或编号；唯一的更正方式） reverse a payment by receipt or number: the only correction',
  options: [option('--reason <text>', '冲正原因 why'), at()],
  example: 'fee reverse SK-202611-0001 --reason 房号录错',
  run: reverse,
};

export const arrearsCommand: Declaration = {
  path: 'fee arrears',
  help: '欠费名单（业主姓名与电话遮挡） houses in arrears, owners masked',
  options: [option('--months <n>', '至少欠费几个月 owing for at least n months')],
  example: 'fee arrears --months 3 --csv',
  rows: true,
  run: arrears,
};

export const ledgerCommand: Declaration = {
  path: 'fee ledger',
  help: '收费台账：缴费、冲正与减免 payments, reversals and waivers, oldest first',
  options: [monthFlag()],
  example: 'fee ledger --month 2026-11 --csv',
  rows: true,
  run: ledger,
};
