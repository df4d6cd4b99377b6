import type { Tx } from '../db/connection.js';
import {
  allocationsOf,
  arrears,
  billsMeeting,
  billsOfHouse,
  creditsOfHouse,
  findBill,
  findPayment,
  insertAllocation,
  insertBill,
  insertPayment,
  insertRule,
  insertWaiver,
  listPayments,
  nextReceiptSeq,
  nextRule,
  ruleOn,
  waiversOf,
  type ArrearsRow,
  type BillView,
  type PaymentView,
  type WaiverView,
} from '../db/fee.repository.js';
import { listHouses } from '../db/house.repository.js';
import type { FeeMethod, FeeRule, FeeRulePeriod } from '../db/schema.js';
import { localDate } from '../domain/durations.js';
import { bi, fieldError, NotAllowedError, usageAbout, UsageError } from '../domain/errors.js';
import { step, type Said } from '../domain/next-step.js';
import { atBefore, happenedAt } from '../domain/event-time.js';
import { allocate, parseFeePeriod, RULE_PERIODS, type FeePeriod } from '../domain/fee-period.js';
import { halfWidth } from '../domain/half-width.js';
import { feeFor, formatYuan, type Fen } from '../domain/money.js';
import { addMonths, monthOf, monthRange } from '../domain/time.js';
import { resolveHouse } from './house.service.js';
import type { Scope } from './session.js';

/**
 * 物业费 (SPEC §15): rules, bills, payments, waivers and reversals, in fen. Every change runs in
 * the caller's IMMEDIATE transaction and reads what a house owes under its write lock, so two desks taking
 * payments for one house are serialised and receipt numbers stay unique; migration 0017's
 * triggers are the last line of defence (append-only, no bill paid beyond its amount).
 */

const ARREARS = step('fee arrears');
const LEDGER = step('fee ledger');
const SEE_LEDGER: Said = (s) => bi(`可用 ${s.zh(LEDGER)} 查看`, `see \`${s.en(LEDGER)}\``);
const BILL_NUMBERS: Said = (s) => {
  const show = step('house show', [bi('<房号>', '<house>')]);
  return bi(`账单号见 ${s.zh(show)}`, `bill numbers: \`${s.en(show)}\``);
};

export function setRule(
  tx: Tx,
  scope: Scope,
  input: { perM2: Fen; period: FeeRulePeriod; from?: Date },
): Promise<FeeRule> {
  return insertRule(tx, {
    community_id: scope.community.id,
    per_m2: input.perM2,
    period: input.period,
    from_date: localDate(input.from ?? scope.now, scope.timeZone),
    created_at: scope.now.toISOString(),
    operator: scope.operator,
  });
}

export interface Billed {
  period: FeePeriod;
  rule: FeeRule;
  bills: BillView[];
  /** Houses already billed for a month of the period: left as they were. */
  skipped: number;
}

/**
 * 开账: one bill per house for the period, at the rule in force on its first day and each house's
 * area now. Idempotent: a house already billed for any month of the period is skipped. What a
 * house paid in advance goes to its new bill at once.
 */
export async function bill(tx: Tx, scope: Scope, input: { period: string }): Promise<Billed> {
  const period = parseFeePeriod(input.period);
  const current = monthOf(scope.now, scope.timeZone);
  if (period.first > current) {
    throw usageAbout('period', (name) => ({
      text: bi(
        `${name.zh} ${period.code} 还没开始（现在是 ${current}）`,
        `${name.en} ${period.code} has not begun yet (it is ${current} now)`,
      ),
      hint: bi('只能为已开始的账期开账', 'bill a period that has begun'),
    }));
  }
  const start = monthRange(period.first, scope.timeZone).start;
  const end = monthRange(period.last, scope.timeZone).end;
  const firstDay = `${period.first}-01`;
  const rule = await ruleOn(tx, scope.community.id, firstDay);
  if (!rule) {
    const later = await nextRule(tx, scope.community.id, firstDay);
    throw new NotAllowedError(
      bi(
        `${firstDay} 没有生效的收费标准${later ? `（现有标准自 ${later.from_date} 起）` : ''}`,
        `no fee rule in force on ${firstDay}${later ? ` (the rule on file starts ${later.from_date})` : ''}`,
      ),
      (s) => {
        const set = step('fee rule set', [], { perM2: bi('<元>', '<yuan>'), from: firstDay });
        return bi(`请先设定：${s.zh(set)}`, `set one first: \`${s.en(set)}\``);
      },
    );
  }
  const houses = await listHouses(tx, scope.community.id);
  if (houses.length === 0) {
    throw new NotAllowedError(
      bi(`${scope.community.name}还没有登记房屋`, `${scope.community.name} has no houses yet`),
      (s) => {
        const [add, load] = [step('house add'), step('import houses')];
        return bi(`请先 ${s.zh(add)} 或 ${s.zh(load)}`, `add them with \`${s.en(add)}\` or \`${s.en(load)}\``);
      },
    );
  }
  const billed = new Set(
    (await billsMeeting(tx, scope.community.id, period.first, period.last)).map((b) => b.house_id),
  );
  const made: BillView[] = [];
  for (const house of houses.filter((h) => !billed.has(h.id))) {
    const b = await insertBill(tx, {
      community_id: scope.community.id,
      house_id: house.id,
      period: period.code,
      first_month: period.first,
      last_month: period.last,
      period_start: start.toISOString(),
      period_end: end.toISOString(),
      rule_id: rule.id,
      area: house.area,
      amount: feeFor(rule.per_m2, house.area, period.months, RULE_PERIODS[rule.period]),
      issued_at: scope.now.toISOString(),
      operator: scope.operator,
    });
    await applyCredit(tx, house.id, b.id, b.amount, scope.now.toISOString());
    made.push((await findBill(tx, scope.community.id, b.id))!);
  }
  return { period, rule, bills: made, skipped: houses.length - made.length };
}

/** Advance payments of a house, oldest first, onto a new bill. */
async function applyCredit(tx: Tx, houseId: number, billId: number, amount: Fen, at: string): Promise<void> {
  let due = amount;
  for (const credit of await creditsOfHouse(tx, houseId)) {
    if (due === 0) break;
    const share = Math.min(due, credit.left);
    await insertAllocation(tx, { payment_id: credit.id, bill_id: billId, amount: share, at });
    due -= share;
  }
}

export interface Paid {
  payment: PaymentView;
  /** What the house still owes after it. */
  owed: Fen;
}

/** 收费: a payment onto the oldest bills (or the one named), with a receipt `SK-YYYYMM-NNNN`. */
export async function pay(
  tx: Tx,
  scope: Scope,
  input: { house: string; amount: Fen; method: FeeMethod; bill?: number; at?: Date; advance?: boolean },
): Promise<Paid> {
  const at = happenedAt(input.at, scope.now, scope.timeZone);
  return ledgerRules(async () => {
    const house = await resolveHouse(tx, scope.community.id, input.house);
    let bills = (await billsOfHouse(tx, house.id)).filter((b) => b.outstanding > 0);
    if (input.bill !== undefined) {
      const named = await findBill(tx, scope.community.id, input.bill);
      if (!named || named.house_id !== house.id) {
        throw new NotAllowedError(
          bi(`房屋 ${house.address} 没有账单 #${input.bill}`, `house ${house.address} has no bill #${input.bill}`),
          (s) =>
            bi(
              `它的账单见 ${s.zh(step('house show', [house.address]))}`,
              `its bills: \`${s.en(step('house show', [house.address]))}\``,
            ),
        );
      }
      bills = bills.filter((b) => b.id === named.id);
    }
    const owed = bills.reduce((sum, b) => sum + b.outstanding, 0);
    if (!input.advance && owed === 0) {
      throw new NotAllowedError(
        bi(
          `房屋 ${house.address}${input.bill === undefined ? ' ' : ` 的账单 #${input.bill} `}已缴清，无需缴费`,
          `house ${house.address}${input.bill === undefined ? '' : `, bill #${input.bill},`} is fully paid: ` +
            `nothing is owed`,
        ),
        (s) => {
          const advance = s.flag('advance', 'fee pay');
          return bi(
            `欠费名单见 ${s.zh(ARREARS)}；预交请加 ${advance}`,
            `see the arrears list: \`${s.en(ARREARS)}\`; to pay ahead add ${advance}`,
          );
        },
      );
    }
    if (!input.advance && input.amount > owed) {
      throw new NotAllowedError(
        bi(
          `房屋 ${house.address} 只欠 ${formatYuan(owed)} 元，收 ${formatYuan(input.amount)} 元多了`,
          `house ${house.address} owes only ${formatYuan(owed)} yuan, less than ${formatYuan(input.amount)}`,
        ),
        (s) => {
          const advance = s.flag('advance', 'fee pay');
          return bi(
            `请收 ${formatYuan(owed)} 元；多收的作预交请加 ${advance}`,
            `take ${formatYuan(owed)}; to keep the rest as paid in advance add ${advance}`,
          );
        },
      );
    }
    const month = monthOf(at, scope.timeZone);
    const seq = await nextReceiptSeq(tx, month);
    const id = await insertPayment(tx, {
      community_id: scope.community.id,
      house_id: house.id,
      type: 'payment',
      receipt: `SK-${month.replace('-', '')}-${String(seq).padStart(4, '0')}`,
      receipt_month: month,
      receipt_seq: seq,
      amount: input.amount,
      method: input.method,
      at: at.toISOString(),
      recorded_at: scope.now.toISOString(),
      operator: scope.operator,
    });
    for (const a of allocate(input.amount, bills).allocations) {
      await insertAllocation(tx, { payment_id: id, bill_id: a.bill.id, amount: a.amount, at: at.toISOString() });
    }
    return { payment: (await findPayment(tx, scope.community.id, { id }))!, owed: await owedBy(tx, house.id) };
  });
}

const owedBy = async (tx: Tx, houseId: number) =>
  (await billsOfHouse(tx, houseId)).reduce((sum, b) => sum + b.outstanding, 0);

/** 减免: what is left of one bill is forgiven, with the reason (e.g. 低保户). */
export async function waive(
  tx: Tx,
  scope: Scope,
  input: { bill: string; reason: string; at?: Date },
): Promise<{ waiver: WaiverView; bill: BillView }> {
  const id = billNumber(input.bill);
  const reason = input.reason.trim();
  if (!reason)
    throw fieldError(
      'reason',
      bi('为空', 'is empty'),
      bi('请写明减免原因，如 低保户', 'say why, e.g. 低保户 (minimum-living-allowance household)'),
    );
  const at = happenedAt(input.at, scope.now, scope.timeZone);
  return ledgerRules(async () => {
    const b = await findBill(tx, scope.community.id, id);
    if (!b)
      throw new NotAllowedError(
        bi(`${scope.community.name}没有账单 #${id}`, `no bill #${id} in ${scope.community.name}`),
        BILL_NUMBERS,
      );
    if (b.outstanding <= 0) {
      throw new NotAllowedError(
        bi(
          `账单 #${id}（${b.address} ${b.period}）已无欠款，无可减免`,
          `bill #${id} (${b.address} ${b.period}) owes nothing: nothing to waive`,
        ),
        (s) => bi(`欠费名单见 ${s.zh(ARREARS)}`, `see \`${s.en(ARREARS)}\``),
      );
    }
    const waiverId = await insertWaiver(tx, {
      community_id: scope.community.id,
      bill_id: b.id,
      amount: b.outstanding,
      reason,
      at: at.toISOString(),
      recorded_at: scope.now.toISOString(),
      operator: scope.operator,
    });
    const waiver = (await waiversOf(tx, { communityId: scope.community.id, houseId: b.house_id })).find(
      (w) => w.id === waiverId,
    )!;
    return { waiver, bill: (await findBill(tx, scope.community.id, b.id))! };
  });
}

function billNumber(typed: string): number {
  const text = halfWidth(typed).trim();
  if (!/^#?\d{1,12}$/.test(text)) {
    throw new UsageError(bi(`“${typed}”不是账单号`, `"${typed}" is not a bill number`), BILL_NUMBERS);
  }
  return Number(text.replace('#', ''));
}

/** 冲正: the opposite payment, linked to the original, taking back what it paid to each bill. */
export async function reverse(
  tx: Tx,
  scope: Scope,
  input: { payment: string; reason: string; at?: Date },
): Promise<Paid> {
  const text = halfWidth(input.payment).trim().toUpperCase();
  const by = /^SK-\d{6}-\d{4,}$/.test(text)
    ? { receipt: text }
    : /^#?\d{1,12}$/.test(text)
      ? { id: Number(text.replace('#', '')) }
      : undefined;
  if (!by)
    throw new UsageError(
      bi(`“${input.payment}”不是收据号或缴费编号`, `"${input.payment}" is not a receipt or payment number`),
      (s) =>
        bi(
          `收据号形如 SK-202611-0001，见 ${s.zh(LEDGER)}`,
          `receipts look like SK-202611-0001; see \`${s.en(LEDGER)}\``,
        ),
    );
  const note = input.reason.trim();
  if (!note)
    throw fieldError('reason', bi('为空', 'is empty'), bi('请写明冲正原因', 'say why the payment is reversed'));
  const at = happenedAt(input.at, scope.now, scope.timeZone);
  return ledgerRules(async () => {
    const original = await findPayment(tx, scope.community.id, by);
    if (!original)
      throw new NotAllowedError(
        bi(
          `${scope.community.name}没有缴费 ${input.payment}`,
          `no payment ${input.payment} in ${scope.community.name}`,
        ),
        SEE_LEDGER,
      );
    if (original.type === 'reversal') {
      throw new NotAllowedError(
        bi(`#${original.id} 本身是冲正，不能再冲正`, `#${original.id} is itself a reversal`),
        (s) => bi(`重新收费请用 ${s.zh(step('fee pay'))}`, `take the payment again with \`${s.en(step('fee pay'))}\``),
      );
    }
    if (original.reversed_by !== null) {
      throw new NotAllowedError(
        bi(
          `${original.receipt} 已于 #${original.reversed_by} 冲正`,
          `${original.receipt} was already reversed by #${original.reversed_by}`,
        ),
        SEE_LEDGER,
      );
    }
    if (at < new Date(original.at))
      throw atBefore(at, bi('被冲正的缴费', 'the payment it reverses'), new Date(original.at), scope.timeZone);
    const id = await insertPayment(tx, {
      community_id: scope.community.id,
      house_id: original.house_id,
      type: 'reversal',
      amount: -original.amount,
      reverses: original.id,
      note,
      at: at.toISOString(),
      recorded_at: scope.now.toISOString(),
      operator: scope.operator,
    });
    for (const a of await allocationsOf(tx, original.id)) {
      await insertAllocation(tx, { payment_id: id, bill_id: a.bill_id, amount: -a.amount, at: at.toISOString() });
    }
    return { payment: (await findPayment(tx, scope.community.id, { id }))!, owed: await owedBy(tx, original.house_id) };
  });
}

export interface Arrear extends ArrearsRow {
  /** Months from the oldest unpaid period's first month to this one, both counted. */
  months: number;
}

/** 欠费名单: houses owing on bills whose period has begun; with `months`, owing at least that long. */
export async function arrearsList(scope: Scope, input: { months?: number }): Promise<Arrear[]> {
  const current = monthOf(scope.now, scope.timeZone);
  const rows = await arrears(scope.db, scope.community.id, scope.now.toISOString());
  return rows
    .map((r) => ({ ...r, months: monthsBetween(r.oldest_month, current) + 1 }))
    .filter((r) => input.months === undefined || r.months >= input.months);
}

function monthsBetween(from: string, to: string): number {
  let n = 0;
  while (addMonths(from, n) < to) n++;
  return n;
}

/** One line of the fee ledger (收费台账): a payment, a reversal or a waiver. */
export type FeeEntry = { kind: 'payment'; row: PaymentView } | { kind: 'waiver'; row: WaiverView };

/** Payments, reversals and waivers, oldest first, of one month or all time. */
export async function feeLedger(scope: Scope, input: { month?: string }): Promise<FeeEntry[]> {
  const range = input.month ? monthRange(input.month, scope.timeZone) : undefined;
  const filter = {
    communityId: scope.community.id,
    from: range?.start.toISOString(),
    before: range?.end.toISOString(),
  };
  const entries: FeeEntry[] = [
    ...(await listPayments(scope.db, filter)).map((row) => ({ kind: 'payment' as const, row })),
    ...(await waiversOf(scope.db, filter)).map((row) => ({ kind: 'waiver' as const, row })),
  ];
  return entries.sort((a, b) => (a.row.at < b.row.at ? -1 : a.row.at > b.row.at ? 1 : 0));
}

/**
 * A refusal by migration 0017's triggers as a NotAllowedError (exit 1). The error still leaves the
 * use case, so the caller's transaction is rolled back.
 */
async function ledgerRules<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    const message = e instanceof Error ? e.message : '';
    if (message.includes('the fee ledger is append-only') || message.includes('beyond its amount')) {
      throw new NotAllowedError(
        bi('物业费台账只能追加，且不能超额收费', 'the fee ledger is append-only and no bill is paid beyond its amount'),
        (s) => {
          const correct = step('fee reverse', [bi('<收据号>', '<receipt>')], { reason: bi('<原因>', '<text>') });
          return bi(
            `未作任何记录；更正请用 ${s.zh(correct)}`,
            `nothing was recorded; correct a payment with \`${s.en(correct)}\``,
          );
        },
      );
    }
    throw e;
  }
}
