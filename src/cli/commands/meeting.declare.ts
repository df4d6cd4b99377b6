import { rating } from '../../domain/codes.js';
import { at, codesText, due, option, reference, type Declaration } from '../declare.js';

const load = () => import('./meeting.command.js');

/** Minutes are often typed in after the meeting: every step may say when it happened. */
const minutesAt = () => at('实际时间 when it happened (minutes typed in later)');

export const create: Declaration = {
  path: 'meeting new',
  args: '<title>',
  help: '召开会议 open a meeting (prints its id, e.g. M3)',
  options: [at('会议时间 when it is held (default now)'), option('--attendees <n>', '出席人数 attendees')],
  example: 'meeting new "11月红色议事厅" --attendees 35',
  load: async () => (await load()).create,
};

export const raise: Declaration = {
  path: 'meeting raise',
  args: '<meeting> <issue>',
  help: '居民提问题 raise a topic at a meeting (M3, 3 or its title); prints its id, e.g. T7',
  options: [
    option('--demand <number>', '来自哪条诉求 the demand it comes from'),
    reference('by', 'resident', '提出的居民 the resident raising it'),
    minutesAt(),
  ],
  example: 'meeting raise M3 "小区停车位不足" --by 张三',
  load: async () => (await load()).raise,
};

export const propose: Declaration = {
  path: 'meeting propose',
  args: '<topic> <proposal>',
  help: '多方拟方案 a party proposes a plan for a topic (T7)',
  options: [reference('by', 'team', '提出方案的队伍 team proposing'), minutesAt()],
  example: 'meeting propose T7 "夜间开放学校操场停车" --by 物业公司',
  load: async () => (await load()).propose,
};

export const decide: Declaration = {
  path: 'meeting decide',
  args: '<topic>',
  help: '会议作决议 vote on a proposal: it passes with more votes for than against',
  options: [
    option('--proposal <n>', '方案编号 proposal number'),
    option('--for <n>', '赞成票 votes for'),
    option('--against <n>', '反对票 votes against'),
    option('--abstain <n>', '弃权票 abstentions (default 0)'),
    minutesAt(),
  ],
  example: 'meeting decide T7 --proposal 1 --for 30 --against 3 --abstain 2',
  load: async () => (await load()).decide,
};

export const task: Declaration = {
  path: 'meeting task',
  args: '<topic> <action>',
  help: '分工抓落实 divide the work: creates a demand (channel meeting) assigned to the team',
  options: [reference('to', 'team', '承办队伍 team'), due(), minutesAt()],
  example: 'meeting task T7 "与学校签订停车协议" --to 物业公司 --due 2026-12-31',
  load: async () => (await load()).task,
};

export const evaluate: Declaration = {
  path: 'meeting evaluate',
  args: '<topic> [rating]',
  help: `效果大家评 evaluate: ${codesText(rating)}; every task must be resolved`,
  options: [option('--comment <text>', '评价意见 comment'), minutesAt()],
  example: 'meeting evaluate T7 满意 --comment "停车难明显缓解"',
  load: async () => (await load()).evaluate,
};

export const list: Declaration = {
  path: 'meeting list',
  help: '列出会议与未结议题 meetings, and the open topics carried over',
  example: 'meeting list --json',
  rows: true,
  load: async () => (await load()).list,
};

export const show: Declaration = {
  path: 'meeting show',
  args: '<meeting|topic>',
  help: '五步法看板 the five-step board of a meeting (M3, 3 or its title), or one topic (T7)',
  example: 'meeting show M3',
  load: async () => (await load()).show,
};
