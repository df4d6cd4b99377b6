/**
 * The enumerations of SPEC §3. Codes are what is stored and exported (JSON, CSV); each has a
 * Chinese label (the default display and an accepted input) and an English one (`--lang en`).
 */
export type Labels = Readonly<Record<string, { zh: string; en: string }>>;

function codeList<const T extends Labels>(labels: T) {
  return { labels, codes: Object.keys(labels) as (keyof T & string)[] };
}

export const channel = codeList({
  walk_in: { zh: '窗口来访', en: 'Walk-in' },
  phone: { zh: '电话', en: 'Phone' },
  online: { zh: '线上平台', en: 'Online platform' },
  collection_point: { zh: '民情收集点', en: 'Collection point' },
  grid: { zh: '网格员/楼长上报', en: 'Grid worker / building leader' },
  patrol: { zh: '巡查发现', en: 'Found on patrol' },
  meeting: { zh: '议事会', en: 'Consultation meeting' },
});

export const category = codeList({
  parking: { zh: '停车', en: 'Parking' },
  repair: { zh: '设施维修', en: 'Repairs' },
  environment: { zh: '环境卫生', en: 'Environment & sanitation' },
  security: { zh: '安防', en: 'Security' },
  fire_safety: { zh: '消防', en: 'Fire safety' },
  neighbour: { zh: '邻里关系', en: 'Neighbour relations' },
  noise: { zh: '噪音', en: 'Noise' },
  greening: { zh: '绿化', en: 'Greening' },
  utilities: { zh: '水电气', en: 'Water, power & gas' },
  fee: { zh: '物业费', en: 'Property fees' },
  care: { zh: '特殊群体服务', en: 'Special-group care' },
  other: { zh: '其他', en: 'Other' },
});

export const kind = codeList({
  request: { zh: '求助/诉求', en: 'Request' },
  complaint: { zh: '投诉', en: 'Complaint' },
  dispute: { zh: '矛盾纠纷', en: 'Dispute' },
  suggestion: { zh: '建议', en: 'Suggestion' },
});

export const tier = codeList({
  immediate: { zh: '即时办', en: 'Immediate' },
  timed: { zh: '限时结', en: 'Timed' },
  major: { zh: '专项推', en: 'Major' },
});

export const status = codeList({
  open: { zh: '待分派', en: 'Open' },
  assigned: { zh: '处理中', en: 'Assigned' },
  resolved: { zh: '已办结', en: 'Resolved' },
  closed: { zh: '已评价', en: 'Closed' },
  cancelled: { zh: '已撤销', en: 'Cancelled' },
});

export const outcome = codeList({
  resolved: { zh: '已解决', en: 'Resolved' },
  mediated: { zh: '调解成功', en: 'Mediated' },
  not_mediated: { zh: '调解未成', en: 'Not mediated' },
  referred: { zh: '转办', en: 'Referred' },
  unresolvable: { zh: '无法解决', en: 'Unresolvable' },
});

export const rating = codeList({
  satisfied: { zh: '满意', en: 'Satisfied' },
  basic: { zh: '基本满意', en: 'Basically satisfied' },
  unsatisfied: { zh: '不满意', en: 'Unsatisfied' },
});

export const teamKind = codeList({
  party_org: { zh: '社区党组织', en: 'Community party organisation' },
  owners_committee: { zh: '业主委员会', en: "Owners' committee" },
  property: { zh: '物业服务企业', en: 'Property company' },
  party_vanguard: { zh: '党员先锋队', en: 'Party-member vanguard' },
  volunteer: { zh: '志愿服务队', en: 'Volunteer team' },
  grid: { zh: '网格', en: 'Grid' },
  other: { zh: '其他', en: 'Other' },
});

export const residentTag = codeList({
  party_member: { zh: '党员', en: 'Party member' },
  elderly_alone: { zh: '独居老人', en: 'Elderly living alone' },
  elderly: { zh: '老年人', en: 'Elderly' },
  disabled: { zh: '残疾人', en: 'Disabled' },
  left_behind_child: { zh: '留守儿童', en: 'Left-behind child' },
  building_leader: { zh: '楼长', en: 'Building leader' },
  household_liaison: { zh: '联户长', en: 'Household liaison' },
  volunteer: { zh: '志愿者', en: 'Volunteer' },
});

/** The special groups (特殊群体) whose residents form the service archives. */
export const careTags = ['elderly_alone', 'elderly', 'disabled', 'left_behind_child'] as const;

export const pointsReason = codeList({
  patrol: { zh: '巡逻', en: 'Patrol' },
  cleanup: { zh: '环境整治', en: 'Clean-up' },
  persuasion: { zh: '文明劝导', en: 'Civility persuasion' },
  service: { zh: '志愿服务', en: 'Volunteer service' },
  mediation: { zh: '矛盾调解', en: 'Mediation' },
  other: { zh: '其他', en: 'Other' },
});

/** How a property fee was paid (缴费方式). */
export const feeMethod = codeList({
  cash: { zh: '现金', en: 'Cash' },
  wechat: { zh: '微信', en: 'WeChat Pay' },
  alipay: { zh: '支付宝', en: 'Alipay' },
  bank: { zh: '银行转账', en: 'Bank transfer' },
  other: { zh: '其他', en: 'Other' },
});

/** What a fee rule's price per m² covers (计费周期). */
export const feeRulePeriod = codeList({
  month: { zh: '月', en: 'Month' },
  quarter: { zh: '季度', en: 'Quarter' },
  year: { zh: '年', en: 'Year' },
});

/** 关爱服务: the kinds of service to the special groups (SPEC §10). */
export const careService = codeList({
  visit: { zh: '走访慰问', en: 'Visit' },
  home_repair: { zh: '上门维修', en: 'Home repair' },
  errand: { zh: '事项代办', en: 'Errand' },
  health: { zh: '健康关怀', en: 'Health care' },
  delivery: { zh: '送水送物', en: 'Delivery' },
  escort: { zh: '接送陪护', en: 'Escort' },
  other: { zh: '其他', en: 'Other' },
});

/** 回访 that reached no rating; one that reached the resident is a rating (`rate`). */
export const visitOutcome = codeList({
  unreachable: { zh: '未接通', en: 'Unreachable' },
  declined: { zh: '拒绝评价', en: 'Declined' },
});

export type Channel = (typeof channel.codes)[number];
export type Category = (typeof category.codes)[number];
export type Kind = (typeof kind.codes)[number];
export type Tier = (typeof tier.codes)[number];
export type Status = (typeof status.codes)[number];
export type Outcome = (typeof outcome.codes)[number];
export type Rating = (typeof rating.codes)[number];
export type TeamKind = (typeof teamKind.codes)[number];
export type ResidentTag = (typeof residentTag.codes)[number];
export type PointsReason = (typeof pointsReason.codes)[number];
export type CareService = (typeof careService.codes)[number];
export type VisitOutcome = (typeof visitOutcome.codes)[number];

export type Lang = 'zh' | 'en';

/** Label of a code in the given language; an unknown code is shown as it is. */
export function label(list: { labels: Labels }, code: string | null | undefined, lang: Lang): string {
  if (code == null) return '';
  return list.labels[code]?.[lang] ?? code;
}

/**
 * Reads a code from user input: the code itself, or its Chinese or English label
 * (`电话` = `phone`), case-insensitively. Returns undefined when nothing matches.
 */
export function parseCode<C extends string>(
  list: { labels: Labels; codes: readonly C[] },
  input: string,
): C | undefined {
  const text = input.trim();
  const lower = text.toLowerCase();
  for (const code of list.codes) {
    const l = list.labels[code]!;
    if (code === lower || l.zh === text || l.en.toLowerCase() === lower) return code;
  }
  return undefined;
}

/**
 * The codes user input may mean (SPEC §12): the code or a whole label (one), else every code
 * with a label containing the text. One is taken; several are ambiguous; none is unknown.
 */
export function matchCodes<C extends string>(list: { labels: Labels; codes: readonly C[] }, input: string): C[] {
  const exact = parseCode(list, input);
  if (exact !== undefined) return [exact];
  const text = input.trim();
  const lower = text.toLowerCase();
  if (!text) return [];
  return list.codes.filter((code) => {
    const l = list.labels[code]!;
    return l.zh.includes(text) || l.en.toLowerCase().includes(lower);
  });
}
