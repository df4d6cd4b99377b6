import type { Category, PointsReason } from './codes.js';
import type { Random } from './random.js';

/**
 * The words of the demo database: names, demands and notes as a front desk in a Guizhou county
 * town would write them. Data only; the generator picks from them with a seeded random source.
 */
export const STREET = '关中坝街道';

export const COMMUNITIES = [
  { name: '蓝色港湾', code: 'lsgw' },
  { name: '思唐花园', code: 'stgy' },
  { name: '乌江明珠', code: 'wjmz' },
] as const;

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭田杜冉安';
const GIVEN = '明华军芳英建国玉兰秀梅志强丽红伟静敏勇艳杰娟涛超霞平刚桂兰云飞德贵翠莲家兴小';

export function personName(rng: Random): string {
  const given = rng.chance(0.6) ? rng.pick([...GIVEN]) + rng.pick([...GIVEN]) : rng.pick([...GIVEN]);
  return rng.pick([...SURNAMES]) + given;
}

/** A building-unit-room address such as `3-2-501`. */
export function address(rng: Random): string {
  return `${rng.int(1, 18)}-${rng.int(1, 4)}-${rng.int(1, 18)}0${rng.int(1, 4)}`;
}

export const OPERATORS = ['前台王芳', '前台李静', '网格员张敏', '社区书记冉建国'];

const SUMMARIES: Record<Category, readonly string[]> = {
  parking: ['{b}栋门口乱停车', '地下车库占用消防通道', '外来车辆占用业主车位', '电动车充电桩不够用', '{b}栋楼下僵尸车'],
  repair: ['{b}栋楼道灯不亮', '{b}栋电梯经常停运', '{b}栋屋顶漏水', '单元门门禁损坏', '小区路面塌陷'],
  environment: ['{b}栋垃圾清运不及时', '楼道堆放杂物', '化粪池外溢有异味', '小广场卫生差', '高空抛物'],
  security: ['小区大门门禁失灵', '{b}栋监控损坏', '夜间有陌生人徘徊', '围墙破损有安全隐患'],
  fire_safety: ['{b}栋消防栓没水', '楼道电动车充电', '灭火器过期', '消防通道被堵'],
  neighbour: ['楼上漏水殃及楼下', '邻居占用公共楼道', '宠物狗扰民', '装修损坏邻居墙面'],
  noise: ['夜间广场舞噪音', '{b}栋装修噪音扰民', '商铺音响声音过大', '空调外机噪音'],
  greening: ['绿化带被毁种菜', '树枝遮挡{b}栋窗户', '草坪长期无人修剪'],
  utilities: ['{b}栋停水未通知', '燃气管道有异味', '{b}栋电压不稳', '二次供水水质浑浊'],
  fee: ['物业费收支不公开', '对物业费涨价有异议', '公共收益去向不明'],
  care: ['独居老人需要上门送餐', '残疾人出行需要帮助', '留守儿童放学无人照看', '老人需要代办医保'],
  other: ['咨询老旧小区改造政策', '建议增设健身器材', '希望开展便民义诊'],
};

export function demandSummary(category: Category, rng: Random): string {
  return rng.pick(SUMMARIES[category]).replace('{b}', String(rng.int(1, 18)));
}

export const RESOLVE_NOTES: Record<Category, string> = {
  parking: '已联系车主挪车，加装提示牌',
  repair: '物业已派维修工修复',
  environment: '已组织保洁清理，加密清运频次',
  security: '已更换设备并加强巡查',
  fire_safety: '已整改并开展消防安全宣传',
  neighbour: '网格员上门调解，双方达成一致',
  noise: '已上门劝导，约定活动时间',
  greening: '已恢复绿化并补种',
  utilities: '已协调供水供电单位处理',
  fee: '已在公示栏公开收支明细',
  care: '党员志愿者已上门服务',
  other: '已答复并登记需求',
};

export const TEAMS = [
  { suffix: '党员先锋队', kind: 'party_vanguard' },
  { suffix: '志愿服务队', kind: 'volunteer' },
  { suffix: '巾帼志愿服务队', kind: 'volunteer' },
  { suffix: '第一网格', kind: 'grid' },
  { suffix: '第二网格', kind: 'grid' },
] as const;

export const ITEMS = [
  { name: '大米5kg', cost: 120, stock: 60, kind: 'goods' },
  { name: '食用油1.8L', cost: 90, stock: 60, kind: 'goods' },
  { name: '洗衣液', cost: 45, stock: 120, kind: 'goods' },
  { name: '毛巾', cost: 15, stock: 200, kind: 'goods' },
  { name: '理发服务', cost: 20, stock: null, kind: 'service' },
  { name: '家电清洗', cost: 60, stock: null, kind: 'service' },
] as const;

export const ACTIVITIES: readonly { title: string; reason: PointsReason; points: number }[] = [
  { title: '夜间治安巡逻', reason: 'patrol', points: 10 },
  { title: '小区环境大扫除', reason: 'cleanup', points: 8 },
  { title: '文明养犬劝导', reason: 'persuasion', points: 6 },
  { title: '为独居老人送餐', reason: 'service', points: 12 },
  { title: '消防安全宣传', reason: 'service', points: 6 },
  { title: '楼道杂物清理', reason: 'cleanup', points: 8 },
];

/** A topic raised from a resident's demand: proposals that fit any problem. */
export const TOPIC_FROM_DEMAND: { title: string; proposals: readonly string[]; task: string } = {
  title: '',
  proposals: ['物业限期整改并公示进度', '社区牵头协调相关方共同解决'],
  task: '按决议限期整改',
};

/** Topics of the monthly 红色议事厅 with the proposals teams might bring. */
export const TOPICS: readonly { title: string; proposals: readonly string[]; task: string }[] = [
  {
    title: '小区停车位不足',
    proposals: ['划设临时停车位，错时共享', '改造闲置空地为停车场'],
    task: '施划错时共享停车位',
  },
  {
    title: '老旧电梯频繁故障',
    proposals: ['申请维修基金更换主板', '与维保公司重签合同'],
    task: '申请维修基金并更换主板',
  },
  { title: '垃圾分类推进难', proposals: ['设立定时定点投放', '党员楼长轮值督导'], task: '设置定时定点投放点' },
  { title: '广场舞噪音扰民', proposals: ['约定活动时段和音量', '更换场地到河边公园'], task: '张贴活动公约并上门告知' },
  { title: '电动车飞线充电', proposals: ['加装集中充电棚', '开展入户排查'], task: '加装集中充电棚' },
  { title: '独居老人照护', proposals: ['党员结对每周探访', '引入助餐服务'], task: '建立结对探访名单' },
];
