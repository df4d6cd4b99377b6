import type { Bilingual } from '../domain/errors.js';

/**
 * Words of the human output, each a `bi(zh, en)` value shown with `inLang`. JSON and CSV use codes
 * and stay the same in every language.
 */
export const WORDS = {
  number: { zh: '编号', en: 'Number' },
  summary: { zh: '事项', en: 'Summary' },
  channel: { zh: '渠道', en: 'Channel' },
  category: { zh: '类别', en: 'Category' },
  kind: { zh: '性质', en: 'Kind' },
  tier: { zh: '分级', en: 'Tier' },
  status: { zh: '状态', en: 'Status' },
  received: { zh: '受理时间', en: 'Received' },
  responseDue: { zh: '响应期限', en: 'Respond by' },
  resolveDue: { zh: '办结期限', en: 'Resolve by' },
  cancelReason: { zh: '撤销原因', en: 'Why cancelled' },
  responded: { zh: '首次响应', en: 'First response' },
  resolved: { zh: '办结时间', en: 'Resolved' },
  assignee: { zh: '承办', en: 'Assignee' },
  resident: { zh: '居民', en: 'Resident' },
  phone: { zh: '电话', en: 'Phone' },
  address: { zh: '住址', en: 'Address' },
  outcome: { zh: '结果', en: 'Outcome' },
  rating: { zh: '评价', en: 'Rating' },
  community: { zh: '社区', en: 'Community' },
  code: { zh: '代码', en: 'Code' },
  street: { zh: '街道', en: 'Street' },
  name: { zh: '名称', en: 'Name' },
  team: { zh: '队伍', en: 'Team' },
  teamKind: { zh: '类型', en: 'Kind' },
  openDemands: { zh: '在办诉求', en: 'Open demands' },
  tags: { zh: '标签', en: 'Tags' },
  id: { zh: 'ID', en: 'ID' },
  history: { zh: '办理记录', en: 'History' },
  time: { zh: '时间', en: 'Time' },
  event: { zh: '环节', en: 'Step' },
  operator: { zh: '经办人', en: 'Operator' },
  note: { zh: '说明', en: 'Note' },
  overdue: { zh: '已超期', en: 'overdue' },
  paused: { zh: '挂起中', en: 'paused' },
  none: { zh: '（无）', en: '(none)' },
  created: { zh: '登记时间', en: 'Created' },
  phoneViews: { zh: '电话查看', en: 'Phone seen' },
  topic: { zh: '议事议题', en: 'Meeting topic' },
  /** Between the items of a list in a sentence: 张三、李四 · Zhang, Li. */
  and: { zh: '、', en: ', ' },
  /** Between longer items, which may hold commas themselves. */
  then: { zh: '；', en: '; ' },
  visits: { zh: '回访', en: 'Return visits' },
  care: { zh: '关爱服务', en: 'Care services' },
  servedBy: { zh: '服务人', en: 'By' },
} as const satisfies Record<string, Bilingual>;

export type Word = keyof typeof WORDS;

export const EVENT_LABELS: Record<string, Bilingual> = {
  intake: { zh: '受理', en: 'Intake' },
  assign: { zh: '分派', en: 'Assigned' },
  resolve: { zh: '办结', en: 'Resolved' },
  rate: { zh: '评价', en: 'Rated' },
  cancel: { zh: '撤销', en: 'Cancelled' },
  pause: { zh: '挂起', en: 'Paused' },
  resume: { zh: '恢复', en: 'Resumed' },
};
