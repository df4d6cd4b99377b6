import { pointsReason } from '../../domain/codes.js';
import { at, codeOption, month, option, reference, type Declaration } from '../declare.js';

const load = () => import('./points.command.js');

export const earn: Declaration = {
  path: 'points earn',
  args: '<resident> <points>',
  help: '记积分 credit a resident for volunteer service',
  options: [
    codeOption('--reason <reason>', '事由 reason', pointsReason),
    option('--note <text>', '说明 note'),
    at(),
  ],
  example: 'points earn 张三 10 --reason 巡逻 --note "夜间巡逻两小时"',
  load: async () => (await load()).earn,
};

export const activity: Declaration = {
  path: 'points activity',
  args: '<title>',
  help: '记录队伍的一次志愿活动，参与者各得积分（全部成功或全部不记） record a team activity; every participant is credited, or none',
  options: [
    reference('team', 'team', '组织队伍 the team that held it'),
    codeOption('--reason <reason>', '事由 reason', pointsReason),
    option('--points <n>', '每人积分 points for each participant'),
    option('--participants <r1,r2,...>', '参与居民，逗号分隔（姓名、电话或 ID） participants: names, phones or ids, comma-separated'),
    at(),
  ],
  example: 'points activity "周六夜间巡逻" --team 党员先锋队 --reason patrol \\\n    --points 10 --participants 张三,李四,#12',
  load: async () => (await load()).activity,
};

export const itemAdd: Declaration = {
  path: 'points item add',
  args: '<name>',
  help: '添加物品或服务 add goods or a service',
  options: [
    option('--cost <points>', '兑换所需积分 cost in points'),
    option('--stock <n>', '库存（不填为不限） stock (omitted: unlimited)'),
    option('--kind <kind>', '类型 goods|service (物品|服务), default goods'),
  ],
  example: 'points item add 大米 --cost 50 --stock 20',
  load: async () => (await load()).itemAdd,
};

export const itemList: Declaration = {
  path: 'points item list',
  help: '列出物品 list items',
  example: 'points item list --csv',
  rows: true,
  load: async () => (await load()).itemList,
};

export const itemRestock: Declaration = {
  path: 'points item restock',
  args: '<item> <n>',
  help: "补货 add n to an item's stock",
  example: 'points item restock 大米 10',
  load: async () => (await load()).itemRestock,
};

export const redeem: Declaration = {
  path: 'points redeem',
  args: '<resident> <item>',
  help: '积分兑换 redeem points for an item (cost × qty)',
  options: [option('--qty <n>', '数量 quantity (default 1)'), at()],
  example: 'points redeem 张三 大米 --qty 2',
  load: async () => (await load()).redeem,
};

export const reverse: Declaration = {
  path: 'points reverse',
  args: '<entry>',
  help: '冲正一条流水（追加相反的一条，唯一的更正方式） reverse an entry: the only correction',
  options: [option('--reason <text>', '冲正原因 why'), at()],
  example: 'points reverse 42 --reason 重复记分',
  load: async () => (await load()).reverse,
};

export const balance: Declaration = {
  path: 'points balance',
  args: '[resident]',
  help: '积分余额（不填居民则列出全部） balance of one resident, or of everyone with points',
  example: 'points balance 张三',
  rows: true,
  load: async () => (await load()).balance,
};

export const ledger: Declaration = {
  path: 'points ledger',
  args: '[resident]',
  help: '积分流水 the ledger, oldest first',
  options: [month()],
  example: 'points ledger --month 2026-11 --csv',
  rows: true,
  load: async () => (await load()).ledger,
};
