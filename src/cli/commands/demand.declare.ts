import * as codes from '../../domain/codes.js';
import { at, codeOption, codesText, due, month, option, reference, type Declaration } from '../declare.js';

const load = () => import('./demand.command.js');

export const intake: Declaration = {
  path: 'intake',
  args: '[summary]',
  help: '受理诉求 take in a demand',
  options: [
    codeOption('--channel <ch>', '渠道 channel', codes.channel),
    codeOption('--category <cat>', '类别 category', codes.category),
    codeOption('--kind <kind>', '性质 kind', codes.kind, 'request'),
    codeOption('--tier <tier>', '分级 tier', codes.tier, 'timed'),
    reference('resident', 'name|phone|id', '居民 resident (with a new --phone, registers them)'),
    option('--phone <p>', '联系电话 contact phone'),
    option('--address <a>', '地址 address'),
    due('办结期限 resolve by (required for major)'),
    at('实际受理时间 when it was received (paper slips)'),
  ],
  example: 'intake "3栋门口乱停车" --channel 电话 --category 停车 \\\n    --resident 张三 --phone 13812345678',
  load: async () => (await load()).intake,
};

export const assign: Declaration = {
  path: 'assign',
  args: '<number>',
  help: '分派诉求 assign a demand to a team or a volunteer',
  options: [
    reference('to', 'team|resident', '承办队伍或居民 team or resident'),
    due('调整办结期限 move the resolve deadline'),
    option('--note <text>', '说明（如调整期限的原因） note, e.g. why the deadline moved'),
    at('实际时间 when it happened'),
  ],
  example: 'assign 202611-0007 --to 物业公司',
  load: async () => (await load()).assign,
};

export const resolve: Declaration = {
  path: 'resolve',
  args: '<number>',
  help: '办结诉求 resolve a demand',
  options: [
    option('--note <what was done>', '办理情况 what was done'),
    codeOption('--outcome <outcome>', '结果 outcome', codes.outcome, 'resolved'),
    at(),
  ],
  example: 'resolve 202611-0007 --note "已协调挪车，加装提示牌"',
  load: async () => (await load()).resolve,
};

export const rate: Declaration = {
  path: 'rate',
  args: '<number> [rating]',
  help: `居民评价 rate: ${codesText(codes.rating)}`,
  options: [
    option('--comment <text>', '评价意见 comment'),
    option('--final', '不满意也关闭，不再重办 close even when unsatisfied'),
    at(),
  ],
  example: 'rate 202611-0007 满意 --comment "处理及时"',
  load: async () => (await load()).rate,
};

export const cancel: Declaration = {
  path: 'cancel',
  args: '<number>',
  help: '撤销误录的诉求 withdraw a demand entered by mistake',
  options: [option('--reason <text>', '原因 reason'), at()],
  example: 'cancel 202611-0007 --reason 重复录入',
  load: async () => (await load()).cancel,
};

export const list: Declaration = {
  path: 'list',
  help: '列出诉求（默认在办） list demands (default: open, assigned, resolved)',
  options: [
    option('--status <status>', `状态 status：${codesText(codes.status)}；另有 also overdue|paused|all|active`),
    month('受理月份 month received'),
    codeOption('--category <c>', '类别 category', codes.category),
    codeOption('--kind <k>', '性质 kind', codes.kind),
    reference('resident', 'name|phone|id', "某位居民的诉求（默认全部状态） one resident's demands (every status unless --status)"),
    option('--limit <n>', '最多几条 at most n rows'),
  ],
  example: 'list --status overdue --csv',
  rows: true,
  load: async () => (await load()).list,
};

export const show: Declaration = {
  path: 'show',
  args: '<number>',
  help: '查看诉求及办理记录 show a demand and its history',
  example: 'show 202611-0007',
  load: async () => (await load()).show,
};

export const pause: Declaration = {
  path: 'pause',
  args: '<number>',
  help: '挂起诉求（等待配件、居民、法院…），暂停计时 pause a demand\'s clock while it waits',
  options: [option('--reason <text>', '挂起原因 what it waits for'), at()],
  example: 'pause 202611-0007 --reason 等待配件到货',
  load: async () => (await import('./pause.command.js')).pause,
};

export const resume: Declaration = {
  path: 'resume',
  args: '<number>',
  help: '恢复挂起的诉求，办结期限顺延挂起的时长 resume a paused demand; its deadline moves by the paused span',
  options: [at()],
  example: 'resume 202611-0007',
  load: async () => (await import('./pause.command.js')).resume,
};
