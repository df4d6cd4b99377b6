import type { Bilingual } from './errors.js';
import type { Step } from './next-step.js';

/**
 * 今日待办 (SPEC §10): the desk's morning list, one section per kind of work, in this order.
 * Each section says what its time column means and what it says when it has nothing.
 */
export const TODAY_SECTIONS = {
  overdue: {
    zh: '超期未办结',
    en: 'Overdue',
    at: { zh: '办结期限', en: 'Due' },
    none: { zh: '没有超期未办结的诉求', en: 'No overdue demands' },
  },
  due_soon: {
    zh: '下个工作日内到期',
    en: 'Due by the next working day',
    at: { zh: '办结期限', en: 'Due' },
    none: { zh: '下个工作日内没有到期的诉求', en: 'Nothing falls due by the next working day' },
  },
  no_response: {
    zh: '超时未响应',
    en: 'No response past the deadline',
    at: { zh: '响应期限', en: 'Respond by' },
    none: { zh: '没有超时未响应的诉求', en: 'Every demand has had its response' },
  },
  return_visits: {
    zh: '待回访',
    en: 'Return visits due',
    at: { zh: '办结于', en: 'Resolved' },
    none: { zh: '没有待回访的诉求', en: 'No return visits due' },
  },
  care_visits: {
    zh: '关爱走访到期',
    en: 'Care visits due',
    at: { zh: '应访日期', en: 'Due' },
    none: { zh: '没有到期的关爱走访', en: 'No care visits due' },
  },
  meeting_tasks: {
    zh: '议事任务超期',
    en: 'Meeting tasks past due',
    at: { zh: '办结期限', en: 'Due' },
    none: { zh: '没有超期的议事任务', en: 'No meeting task is past due' },
  },
  topics: {
    zh: '议题待推进',
    en: 'Topics waiting for their next step',
    at: { zh: '提出于', en: 'Raised' },
    none: { zh: '没有等待下一步的议题', en: 'No topic is waiting' },
  },
  low_stock: {
    zh: '爱心超市库存不足',
    en: 'Items low in stock',
    at: { zh: '', en: '' },
    none: { zh: '没有库存不足（≤3）的物品', en: 'No item is at 3 or fewer' },
  },
} as const satisfies Record<string, { zh: string; en: string; at: Bilingual; none: Bilingual }>;

export type TodaySectionCode = keyof typeof TODAY_SECTIONS;
export const TODAY_SECTION_CODES = Object.keys(TODAY_SECTIONS) as TodaySectionCode[];

/** Goods at or below this stock are listed (SPEC §10). */
export const LOW_STOCK = 3;

/** One thing to do: what it is about, when, and the command that does it. */
export interface TodayRow {
  /** The demand number, `T7` for a topic, the resident's or item's name. */
  ref: string;
  summary: string;
  /** The section's time (see `at` of the section), an instant; null where none applies. */
  at: string | null;
  /** Who has it, who it is for, how many tries so far. */
  detail: Bilingual;
  command: Step;
}

export interface TodaySection {
  section: TodaySectionCode;
  /** How many there are in all; `rows` holds the first of them. */
  count: number;
  rows: TodayRow[];
}
