import { option, type Declaration } from '../declare.js';

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
