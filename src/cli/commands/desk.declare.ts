import { careService, visitOutcome } from '../../domain/codes.js';
import { at, codeOption, codesText, option, reference, type Declaration } from '../declare.js';

/** The desk's day (SPEC §10): the morning list, return visits and care services. */
export const today: Declaration = {
  path: 'today',
  help: "今日待办 the desk's list for today: overdue, due soon, no response, return visits, care visits, meeting tasks, topics, low stock",
  options: [
    option('--days <n>', '"即将到期"看几个工作日 working days ahead for "due soon" (default 1)'),
    option('--limit <n>', '每类最多列几条 rows per section (default 20)'),
    option('--format <format>', '格式 table|md|json|csv (default table; --json = json, --csv = csv)'),
  ],
  example: 'today --days 3',
  exampleHelp: '0 8 * * 1-5 HONGWU_DB=/srv/hongwu.db hongwu today --format md | mail -s 今日待办 desk@example.org',
  rows: true,
  load: async () => (await import('./today.command.js')).today,
};

export const visit: Declaration = {
  path: 'visit',
  args: '<number> [outcome]',
  help: `回访未获评价 a return visit that reached no rating: ${codesText(visitOutcome)}; one that did is \`rate\``,
  options: [option('--note <text>', '说明 note'), option('--final', '不再回访，未评价关闭 stop trying: close it unrated'), at()],
  example: 'visit 202611-0007 未接通 --note "上午、下午各打一次"',
  load: async () => (await import('./visit.command.js')).visit,
};

export const care: Declaration = {
  path: 'care',
  args: '<resident>',
  help: '登记关爱服务（特殊群体档案） record a care service to a special-group resident',
  options: [
    codeOption('--service <kind>', '服务 service', careService, 'visit'),
    option('--note <text>', '说明 note'),
    reference('by', 'team|resident', '服务的队伍或志愿者 who served'),
    option('--points <n>', '给志愿者记积分（需 --by <居民>） points for the volunteer (with --by <resident>)'),
    at(),
  ],
  example: 'care 王秀英 --service 送水送物 --by 张三 --points 5',
  load: async () => (await import('./care.command.js')).care,
};
