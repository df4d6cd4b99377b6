import { feeMethod, feeRulePeriod } from '../../domain/codes.js';
import { at, codeOption, month, option, type Declaration } from '../declare.js';

const load = () => import('./fee.command.js');

export const ruleSet: Declaration = {
  path: 'fee rule set',
  help: '设定收费标准（自 --from 起的账期适用，旧账单不变） set the price per m² from a date (older bills keep theirs)',
  options: [
    option('--per-m2 <yuan>', '每平方米单价（元） price per m² in yuan, e.g. 1.50'),
    codeOption('--period <period>', '单价对应的周期 period', feeRulePeriod, 'month'),
    option('--from <date>', '起始日期 applies to periods from this date (default today)'),
  ],
  example: 'fee rule set --per-m2 1.50 --period month --from 2026-01-01',
  load: async () => (await load()).ruleSet,
};

export const bill: Declaration = {
  path: 'fee bill',
  help: '开账：每户一张账单（重复运行不会重复开） bill every house for a period (idempotent)',
  options: [option('--period <2026|2026-Q4|2026-11>', '账期 billing period: a year, quarter or month')],
  example: 'fee bill --period 2026-11',
  load: async () => (await load()).bill,
};

export const pay: Declaration = {
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
  load: async () => (await load()).pay,
};

export const waive: Declaration = {
  path: 'fee waive',
  args: '<bill>',
  help: '减免一张账单的余额（如低保户） waive what is left of a bill',
  options: [option('--reason <text>', '减免原因 why'), at('实际时间 when it was granted')],
  example: 'fee waive 12 --reason 低保户',
  load: async () => (await load()).waive,
};

export const reverse: Declaration = {
  path: 'fee reverse',
  args: '<payment>',
  help: '冲正一笔缴费（收据号或编号；唯一的更正方式） reverse a payment by receipt or number: the only correction',
  options: [option('--reason <text>', '冲正原因 why'), at()],
  example: 'fee reverse SK-202611-0001 --reason 房号录错',
  load: async () => (await load()).reverse,
};

export const arrears: Declaration = {
  path: 'fee arrears',
  help: '欠费名单（业主姓名与电话遮挡） houses in arrears, owners masked',
  options: [option('--months <n>', '至少欠费几个月 owing for at least n months')],
  example: 'fee arrears --months 3 --csv',
  rows: true,
  load: async () => (await load()).arrears,
};

export const ledger: Declaration = {
  path: 'fee ledger',
  help: '收费台账：缴费、冲正与减免 payments, reversals and waivers, oldest first',
  options: [month()],
  example: 'fee ledger --month 2026-11 --csv',
  rows: true,
  load: async () => (await load()).ledger,
};
