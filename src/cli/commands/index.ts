import type { Declaration } from '../declare.js';
import * as calendar from './calendar.declare.js';
import * as demand from './demand.declare.js';
import * as fee from './fee.declare.js';
import * as house from './house.declare.js';
import * as imports from './import.declare.js';
import * as desk from './desk.declare.js';
import { demo } from './demo.declare.js';
import { find } from './find.declare.js';
import * as meeting from './meeting.declare.js';
import * as points from './points.declare.js';
import { report } from './report.declare.js';
import * as resident from './resident.declare.js';
import { backup, doctor } from './safety.declare.js';
import * as setup from './setup.declare.js';
import * as team from './team.declare.js';

/** Every command of hongwu, in the order the help lists them. A new command is one line here. */
export const COMMANDS: readonly Declaration[] = [
  setup.init,
  setup.communityAdd,
  setup.communityList,
  setup.communitySet,
  setup.communityShow,
  team.add,
  team.list,
  team.show,
  resident.add,
  resident.list,
  resident.show,
  resident.tag,
  demand.intake,
  demand.assign,
  demand.resolve,
  demand.rate,
  desk.visit,
  demand.cancel,
  demand.pause,
  demand.resume,
  demand.list,
  demand.show,
  find,
  desk.today,
  desk.care,
  meeting.create,
  meeting.raise,
  meeting.propose,
  meeting.decide,
  meeting.task,
  meeting.evaluate,
  meeting.list,
  meeting.show,
  report,
  calendar.show,
  calendar.set,
  calendar.importFile,
  points.earn,
  points.activity,
  points.itemAdd,
  points.itemList,
  points.itemRestock,
  points.redeem,
  points.reverse,
  points.balance,
  points.ledger,
  house.add,
  house.list,
  house.show,
  house.importHouses,
  imports.residents,
  imports.teams,
  imports.demands,
  imports.points,
  fee.ruleSet,
  fee.bill,
  fee.pay,
  fee.waive,
  fee.reverse,
  fee.arrears,
  fee.ledger,
  demo,
  backup,
  doctor,
];

/** The groups of commands (`hongwu points …`), with their help. */
export const GROUPS: Readonly<Record<string, string>> = {
  community: '社区 communities in this file',
  team: '队伍 teams: 三方联动, 党员先锋队, 志愿服务队',
  resident: '居民 residents and their special-group tags',
  meeting: '红色议事厅 consultation meetings: 居民提问题 → 多方拟方案 → 会议作决议 → 分工抓落实 → 效果大家评',
  points: '志愿积分与爱心超市 volunteer points and the love supermarket',
  'points item': '爱心超市物品 items of the love supermarket',
  house: '房屋 houses, the units property fees are billed to',
  import: '导入台账 bring existing ledgers in',
  fee: '物业费 property fees: rules, bills, payments, waivers, arrears',
  'fee rule': '收费标准 fee rules',
};
