import { option, repeatable, type Declaration } from '../declare.js';

const load = () => import('./setup.command.js');

export const init: Declaration = {
  path: 'init',
  help: '创建或补全数据库与第一个社区（可重复运行） create the database and first community (idempotent); name it with --community <name>',
  options: [
    option('--code <code>', '社区代码 community code'),
    option('--street <name>', '所属街道 street office'),
    option('--timezone <IANA>', '时区 time zone (default Asia/Shanghai)'),
    option('--timed-days <n>', '限时结的办结天数 days to resolve a timed demand (default 7; new intakes only)'),
  ],
  example: 'init --community 蓝色港湾 --code LSGW --street 朝阳门街道',
  load: async () => (await load()).init,
};

export const communityAdd: Declaration = {
  path: 'community add',
  args: '<name>',
  help: '添加社区 add a community',
  options: [option('--code <code>', '社区代码 code'), option('--street <name>', '所属街道 street')],
  example: 'community add 金色家园 --code JSJY --street 朝阳门街道',
  load: async () => (await load()).communityAdd,
};

export const communityList: Declaration = {
  path: 'community list',
  help: '列出社区 list communities',
  example: 'community list --csv',
  rows: true,
  load: async () => (await load()).communityList,
};

export const communitySet: Declaration = {
  path: 'community set',
  args: '<community>',
  help: '社区设置：各级时限（2h 小时 / 7d 自然日 / 5wd 工作日） set a community\'s tier durations and limits',
  options: [
    option('--immediate-respond <d>', '即时办响应时限 respond within (default 2h)'),
    option('--immediate-resolve <d>', '即时办办结时限 resolve within (default: the same day; next day after 18:00)'),
    option('--timed-respond <d>', '限时结响应时限 respond within (default 24h)'),
    option('--timed-resolve <d>', '限时结办结时限 resolve within (default 7d)'),
    option('--major-respond <d>', '专项推响应时限 respond within (default 24h; resolve by --due)'),
    option('--max-points <n>', '单笔积分上限 most points one entry may carry'),
    repeatable('--care-interval <group=Nd>', '关爱走访间隔，可重复 care-visit interval of a special group (repeatable; default elderly_alone=7d, the others 30d)'),
  ],
  example: 'community set 蓝色港湾 --timed-resolve 5wd --major-respond 1wd --care-interval elderly_alone=7d',
  load: async () => (await load()).communitySet,
};

export const communityShow: Declaration = {
  path: 'community show',
  args: '<community>',
  help: '查看社区设置 show a community and its tier durations',
  example: 'community show 蓝色港湾',
  load: async () => (await load()).communityShow,
};
