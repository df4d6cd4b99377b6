import { bi, inLang } from '../../domain/errors.js';
import * as codes from '../../domain/codes.js';
import type { Labels, Lang } from '../../domain/codes.js';
import { entryType } from '../../domain/ledger.js';
import { WORDS, type Word } from '../i18n.js';
import type { Cell } from './csv.js';

/**
 * `--labels`: a listing's CSV for people (SPEC §13). Headers in the clerk's language, codes as
 * their labels, times as the local `2026-11-20 14:30:00` that WPS and Excel read as a date, true
 * and false as 是 and 否. Without it the CSV stays the machine format (codes, ISO times).
 */
export interface Column {
  header: Word | { zh: string; en: string };
  /** The code list the values come from (a list of codes, `a;b`, gets each one's label). */
  codes?: { labels: Labels };
  /** An ISO time: written as the local time it already carries (the database zone's offset). */
  time?: true;
  /** Integer fen: written as yuan, a number a spreadsheet sums (`79704` → `797.04`). */
  fen?: true;
  /** Values written by the name they stand for (a community's code → its name). */
  names?: ReadonlyMap<string, string>;
}

/**
 * Columns by field name, shared by every listing: a field means the same wherever it appears. A
 * listing whose field means something else (a team's `kind`) says so in its own `columns`.
 */
const COLUMNS: Record<string, Column> = {
  number: { header: 'number' },
  community: { header: 'community' },
  summary: { header: 'summary' },
  channel: { header: 'channel', codes: codes.channel },
  category: { header: 'category', codes: codes.category },
  kind: { header: 'kind', codes: codes.kind },
  tier: { header: 'tier', codes: codes.tier },
  status: { header: 'status', codes: codes.status },
  received_at: { header: 'received', time: true },
  response_due_at: { header: 'responseDue', time: true },
  resolve_due_at: { header: 'resolveDue', time: true },
  assignee: { header: 'assignee' },
  responded_at: { header: 'responded', time: true },
  resolved_at: { header: 'resolved', time: true },
  outcome: { header: 'outcome', codes: codes.outcome },
  rating: { header: 'rating', codes: codes.rating },
  resident: { header: 'resident' },
  resident_id: { header: { zh: '居民ID', en: 'Resident ID' } },
  phone: { header: 'phone' },
  address: { header: 'address' },
  overdue: { header: { zh: '是否超期', en: 'Overdue' } },
  id: { header: 'id' },
  code: { header: 'code' },
  name: { header: 'name' },
  street: { header: 'street' },
  tags: { header: 'tags', codes: codes.residentTag },
  created_at: { header: 'created', time: true },
  open_demands: { header: 'openDemands' },
  entry: { header: { zh: '流水号', en: 'Entry' } },
  type: { header: { zh: '类型', en: 'Type' }, codes: entryType },
  delta: { header: { zh: '积分', en: 'Points' } },
  reason: { header: { zh: '事由', en: 'Reason' }, codes: codes.pointsReason },
  item: { header: { zh: '物品', en: 'Item' } },
  qty: { header: { zh: '数量', en: 'Quantity' } },
  activity: { header: { zh: '活动', en: 'Activity' } },
  at: { header: 'time', time: true },
  operator: { header: 'operator' },
  reverses: { header: { zh: '冲正的流水', en: 'Reverses' } },
  note: { header: 'note' },
  balance: { header: { zh: '积分余额', en: 'Balance' } },
  cost: { header: { zh: '所需积分', en: 'Cost' } },
  stock: { header: { zh: '库存', en: 'Stock' } },
  title: { header: { zh: '会议', en: 'Meeting' } },
  attendees: { header: { zh: '出席人数', en: 'Attendees' } },
  topics: { header: { zh: '议题数', en: 'Topics' } },
  open_topics: { header: { zh: '未结议题', en: 'Open topics' } },
  house: { header: { zh: '房号', en: 'House' } },
  area_m2: { header: { zh: '面积（㎡）', en: 'Area (m²)' } },
  owner: { header: { zh: '业主', en: 'Owner' } },
  owner_phone: { header: { zh: '业主电话', en: "Owner's phone" } },
  owed_fen: { header: { zh: '欠费（元）', en: 'Owed (yuan)' }, fen: true },
  credit_fen: { header: { zh: '预交（元）', en: 'Paid in advance (yuan)' }, fen: true },
  amount_fen: { header: { zh: '金额（元）', en: 'Amount (yuan)' }, fen: true },
  periods: { header: { zh: '账期', en: 'Periods' } },
  months: { header: { zh: '欠费月数', en: 'Months owed' } },
  payment: { header: { zh: '缴费编号', en: 'Payment' } },
  receipt: { header: { zh: '收据号', en: 'Receipt' } },
  method: { header: { zh: '缴费方式', en: 'Method' }, codes: codes.feeMethod },
  bill: { header: { zh: '账单', en: 'Bill' } },
  date: { header: { zh: '日期', en: 'Date' } },
};

const ISO_TIME = /^(\d{4}-\d\d-\d\d)T(\d\d:\d\d:\d\d)(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)$/;

/** `2026-11-20T14:30:00.123+08:00` → `2026-11-20 14:30:00`: the wall-clock time the offset belongs to. */
export function localTime(iso: string): string {
  const m = ISO_TIME.exec(iso);
  return m ? `${m[1]} ${m[2]}` : iso;
}

/** The header and the cells of a CSV for people; `own` are a listing's columns that differ from the shared ones. */
export function labelledCsv(
  fields: readonly string[],
  rows: readonly (readonly Cell[])[],
  lang: Lang,
  own: Readonly<Record<string, Column>> = {},
): { header: string[]; rows: Cell[][] } {
  const columns = fields.map((f) => own[f] ?? COLUMNS[f]);
  const header = fields.map((f, i) => {
    const h = columns[i]?.header;
    return h === undefined ? f : typeof h === 'string' ? inLang(WORDS[h], lang) : inLang(h, lang);
  });
  return { header, rows: rows.map((row) => row.map((v, i) => cellFor(v, columns[i], lang))) };
}

function cellFor(value: Cell, column: Column | undefined, lang: Lang): Cell {
  if (typeof value === 'boolean') return inLang(value ? bi('是', 'yes') : bi('否', 'no'), lang);
  if (typeof value === 'number' && column?.fen) return value / 100;
  if (typeof value !== 'string' || column === undefined) return value;
  if (column.time) return localTime(value);
  if (column.names) return column.names.get(value) ?? value;
  const list = column.codes;
  if (list)
    return value
      .split(';')
      .map((code) => codes.label(list, code, lang))
      .join(';');
  return value;
}
