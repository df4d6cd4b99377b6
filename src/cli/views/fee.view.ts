import { bi, inLang } from '../../domain/errors.js';
import * as codes from '../../domain/codes.js';
import type { BillView, PaymentView } from '../../db/fee.repository.js';
import type { HouseView } from '../../db/house.repository.js';
import { formatArea, formatYuan } from '../../domain/money.js';
import { maskPhone } from '../../domain/phone.js';
import { formatInstant, formatShort } from '../../domain/time.js';
import type { Arrear, FeeEntry } from '../../services/fee.service.js';
import type { Cli } from '../context.js';
import { WORDS } from '../i18n.js';
import type { Listing } from '../render/listing.js';

/**
 * Houses and fees for people and programs. JSON and CSV carry money as integer fen (`*_fen`),
 * exact in any spreadsheet or script; tables show yuan with two decimals.
 */
const yuan = (fen: number) => formatYuan(fen);
const areaM2 = (hundredths: number) => hundredths / 100;

/** `张三` → `张*`: an owner on a list others may see (欠费名单) is named by surname only. */
export const maskName = (name: string | null) =>
  name ? `${[...name][0]}${'*'.repeat(Math.max(1, [...name].length - 1))}` : null;

export function houseRecord(h: HouseView) {
  return {
    id: h.id,
    address: h.address,
    area_m2: areaM2(h.area),
    owner: h.owner_name,
    owner_phone: maskPhone(h.owner_phone),
    owed_fen: h.owed,
    credit_fen: h.credit,
  };
}

export function houseListing(cli: Cli, rows: readonly HouseView[]): Listing<HouseView, ReturnType<typeof houseRecord>> {
  const L = cli.lang;
  return {
    rows,
    record: houseRecord,
    fields: ['id', 'address', 'area_m2', 'owner', 'owner_phone', 'owed_fen', 'credit_fen'],
    columns: { address: { header: { zh: '房号', en: 'House' } } },
    header: [
      '#',
      inLang(bi('房号', 'House'), L),
      inLang(bi('面积㎡', 'Area m²'), L),
      inLang(bi('业主', 'Owner'), L),
      inLang(WORDS.phone, L),
      inLang(bi('欠费（元）', 'Owed (yuan)'), L),
      inLang(bi('预交（元）', 'Advance (yuan)'), L),
    ],
    cells: (h) => [
      h.id,
      h.address,
      formatArea(h.area),
      h.owner_name,
      maskPhone(h.owner_phone),
      yuan(h.owed),
      h.credit ? yuan(h.credit) : '',
    ],
    flexible: [3],
    empty: inLang(
      bi(
        '还没有登记房屋；用 hongwu house add 或 hongwu import houses',
        'No houses yet; add them with `hongwu house add` or `hongwu import houses`',
      ),
      L,
    ),
  };
}

export function billRecord(b: BillView, tz: string) {
  return {
    bill: b.id,
    house: b.address,
    period: b.period,
    area_m2: areaM2(b.area),
    amount_fen: b.amount,
    paid_fen: b.paid,
    waived_fen: b.waived,
    outstanding_fen: b.outstanding,
    rule: b.rule_id,
    issued_at: formatInstant(new Date(b.issued_at), tz),
  };
}

export function billTable(cli: Cli, rows: readonly BillView[]) {
  const L = cli.lang;
  return {
    rows,
    header: [
      inLang(bi('账单', 'Bill'), L),
      inLang(bi('房号', 'House'), L),
      inLang(bi('账期', 'Period'), L),
      inLang(bi('应收', 'Amount'), L),
      inLang(bi('已缴', 'Paid'), L),
      inLang(bi('减免', 'Waived'), L),
      inLang(bi('欠', 'Owed'), L),
    ],
    cells: (b: BillView) => [
      `#${b.id}`,
      b.address,
      b.period,
      yuan(b.amount),
      yuan(b.paid),
      b.waived ? yuan(b.waived) : '',
      yuan(b.outstanding),
    ],
    empty: inLang(bi('没有账单', 'No bills'), L),
  };
}

export function paymentRecord(p: PaymentView, tz: string) {
  return {
    payment: p.id,
    type: p.type,
    receipt: p.receipt,
    house: p.address,
    amount_fen: p.amount,
    method: p.method,
    periods: p.periods?.split(';') ?? [],
    advance_fen: p.type === 'payment' ? p.amount - p.allocated : 0,
    reverses: p.reverses,
    reversed_by: p.reversed_by,
    at: formatInstant(new Date(p.at), tz),
    operator: p.operator,
    note: p.note,
  };
}

/** A `fee ledger` line's type, for the CSV for people (`--labels`). */
const feeEntryType = {
  labels: {
    payment: { zh: '缴费', en: 'Payment' },
    reversal: { zh: '冲正', en: 'Reversal' },
    waiver: { zh: '减免', en: 'Waiver' },
  },
};

/** One line of `fee ledger`: payments and reversals by their id, waivers by their bill. */
function entryRecord(e: FeeEntry, tz: string) {
  if (e.kind === 'payment') {
    const p = paymentRecord(e.row, tz);
    return {
      type: p.type,
      payment: p.payment,
      receipt: p.receipt,
      house: p.house,
      amount_fen: p.amount_fen,
      method: p.method,
      bill: null,
      periods: p.periods,
      reverses: p.reverses,
      at: p.at,
      operator: p.operator,
      note: p.note,
    };
  }
  const w = e.row;
  return {
    type: 'waiver',
    payment: null,
    receipt: null,
    house: w.address,
    amount_fen: w.amount,
    method: null,
    bill: w.bill_id,
    periods: [w.period],
    reverses: null,
    at: formatInstant(new Date(w.at), tz),
    operator: w.operator,
    note: w.reason,
  };
}

export function ledgerListing(
  cli: Cli,
  rows: readonly FeeEntry[],
  tz: string,
): Listing<FeeEntry, ReturnType<typeof entryRecord>> {
  const L = cli.lang;
  const what = (e: FeeEntry) => {
    if (e.kind === 'waiver') return inLang(bi(`减免 账单#${e.row.bill_id}`, `waiver, bill #${e.row.bill_id}`), L);
    const p = e.row;
    if (p.type === 'reversal') return inLang(bi(`冲正 #${p.reverses}`, `reversal of #${p.reverses}`), L);
    return (
      `${p.receipt} ${codes.label(codes.feeMethod, p.method, L)}` +
      `${p.reversed_by !== null ? inLang(bi(`（已冲正 → #${p.reversed_by}）`, ` (reversed → #${p.reversed_by})`), L) : ''}`
    );
  };
  return {
    rows,
    record: (e) => entryRecord(e, tz),
    fields: [
      'type',
      'payment',
      'receipt',
      'house',
      'amount_fen',
      'method',
      'bill',
      'periods',
      'reverses',
      'at',
      'operator',
      'note',
    ],
    columns: {
      type: { header: { zh: '类型', en: 'Type' }, codes: feeEntryType },
      reverses: { header: { zh: '冲正的缴费', en: 'Reverses' } },
    },
    header: [
      '#',
      inLang(WORDS.time, L),
      inLang(bi('房号', 'House'), L),
      inLang(bi('金额（元）', 'Yuan'), L),
      inLang(bi('收据/事项', 'Receipt / what'), L),
      inLang(bi('账期', 'Periods'), L),
      inLang(WORDS.operator, L),
      inLang(WORDS.note, L),
    ],
    cells: (e) => [
      e.kind === 'payment' ? `#${e.row.id}` : '',
      formatShort(new Date(e.row.at), tz),
      e.row.address,
      e.kind === 'waiver' ? `(${yuan(e.row.amount)})` : yuan(e.row.amount),
      what(e),
      e.kind === 'waiver' ? e.row.period : (e.row.periods?.replace(/;/g, ' ') ?? inLang(bi('预交', 'advance'), L)),
      e.row.operator,
      e.kind === 'waiver' ? e.row.reason : e.row.note,
    ],
    flexible: [4, 5, 7],
    optional: [6],
    empty: inLang(bi('没有收费记录', 'No fee entries'), L),
  };
}

function arrearRecord(a: Arrear) {
  return {
    house: a.address,
    owner: maskName(a.owner_name),
    owner_phone: maskPhone(a.owner_phone),
    periods: a.periods.split(';'),
    months: a.months,
    amount_fen: a.amount,
  };
}

export function arrearsListing(cli: Cli, rows: readonly Arrear[]): Listing<Arrear, ReturnType<typeof arrearRecord>> {
  const L = cli.lang;
  return {
    rows,
    record: arrearRecord,
    fields: ['house', 'owner', 'owner_phone', 'periods', 'months', 'amount_fen'],
    columns: { amount_fen: { header: { zh: '欠费（元）', en: 'Owed (yuan)' }, fen: true } },
    header: [
      inLang(bi('房号', 'House'), L),
      inLang(bi('业主', 'Owner'), L),
      inLang(WORDS.phone, L),
      inLang(bi('欠费账期', 'Periods owed'), L),
      inLang(bi('欠费月数', 'Months'), L),
      inLang(bi('欠费（元）', 'Owed (yuan)'), L),
    ],
    cells: (a) => [
      a.address,
      maskName(a.owner_name),
      maskPhone(a.owner_phone),
      a.periods.replace(/;/g, ' '),
      a.months,
      yuan(a.amount),
    ],
    flexible: [3],
    empty: inLang(bi('没有欠费的房屋', 'No house is in arrears'), L),
  };
}
