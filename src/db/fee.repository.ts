import { sql, type Insertable } from 'kysely';
import type { Db, Tx } from './connection.js';
import type {
  FeeBill,
  FeeBillsTable,
  FeePayment,
  FeePaymentsTable,
  FeeRule,
  FeeRulesTable,
  FeeWaiversTable,
} from './schema.js';

/**
 * Property fees (物业费): SQL only, money in fen. Bills, payments, allocations and waivers are
 * only ever inserted; migration 0017's triggers refuse the rest and any overpaid bill.
 */
export function insertRule(tx: Tx, rule: Insertable<FeeRulesTable>): Promise<FeeRule> {
  return tx.insertInto('fee_rules').values(rule).returningAll().executeTakeFirstOrThrow();
}

/** The rule in force on a local date: the latest `from` on or before it (the later set, on a tie). */
export function ruleOn(db: Db | Tx, communityId: number, date: string): Promise<FeeRule | undefined> {
  return db
    .selectFrom('fee_rules')
    .selectAll()
    .where('community_id', '=', communityId)
    .where('from_date', '<=', date)
    .orderBy('from_date', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export function nextRule(db: Db | Tx, communityId: number, after: string): Promise<FeeRule | undefined> {
  return db
    .selectFrom('fee_rules')
    .selectAll()
    .where('community_id', '=', communityId)
    .where('from_date', '>', after)
    .orderBy('from_date')
    .limit(1)
    .executeTakeFirst();
}

export function insertBill(tx: Tx, bill: Insertable<FeeBillsTable>): Promise<FeeBill> {
  return tx.insertInto('fee_bills').values(bill).returningAll().executeTakeFirstOrThrow();
}

/** A bill with what is left to pay of it. */
export interface BillView extends FeeBill {
  address: string;
  paid: number;
  waived: number;
  outstanding: number;
}

function selectBills(db: Db | Tx) {
  return db
    .selectFrom('fee_bills as b')
    .innerJoin('houses as h', 'h.id', 'b.house_id')
    .selectAll('b')
    .select([
      'h.address',
      sql<number>`(SELECT coalesce(sum(a.amount), 0) FROM fee_allocations a WHERE a.bill_id = b.id)`.as('paid'),
      sql<number>`(SELECT coalesce(sum(w.amount), 0) FROM fee_waivers w WHERE w.bill_id = b.id)`.as('waived'),
    ])
    .select(
      sql<number>`b.amount - (SELECT coalesce(sum(a.amount), 0) FROM fee_allocations a WHERE a.bill_id = b.id)
      - (SELECT coalesce(sum(w.amount), 0) FROM fee_waivers w WHERE w.bill_id = b.id)`.as('outstanding'),
    );
}

/** A house's bills, oldest period first. */
export function billsOfHouse(db: Db | Tx, houseId: number): Promise<BillView[]> {
  return selectBills(db).where('b.house_id', '=', houseId).orderBy('b.first_month').orderBy('b.id').execute();
}

export function findBill(db: Db | Tx, communityId: number, id: number): Promise<BillView | undefined> {
  return selectBills(db).where('b.community_id', '=', communityId).where('b.id', '=', id).executeTakeFirst();
}

/** The bills of every house whose months meet `first`…`last`: a house is billed for a month once. */
export function billsMeeting(
  db: Db | Tx,
  communityId: number,
  first: string,
  last: string,
): Promise<Pick<FeeBill, 'house_id' | 'period'>[]> {
  return db
    .selectFrom('fee_bills')
    .select(['house_id', 'period'])
    .where('community_id', '=', communityId)
    .where('first_month', '<=', last)
    .where('last_month', '>=', first)
    .execute();
}

/** The next receipt number of a month (`SK-YYYYMM-NNNN`); call inside the IMMEDIATE transaction that inserts. */
export async function nextReceiptSeq(tx: Tx, receiptMonth: string): Promise<number> {
  const row = await tx
    .selectFrom('fee_payments')
    .select(sql<number | null>`max(receipt_seq)`.as('seq'))
    .where('receipt_month', '=', receiptMonth)
    .executeTakeFirst();
  return (row?.seq ?? 0) + 1;
}

export async function insertPayment(tx: Tx, payment: Insertable<FeePaymentsTable>): Promise<number> {
  return (await tx.insertInto('fee_payments').values(payment).returning('id').executeTakeFirstOrThrow()).id;
}

export async function insertAllocation(
  tx: Tx,
  a: { payment_id: number; bill_id: number; amount: number; at: string },
): Promise<void> {
  await tx.insertInto('fee_allocations').values(a).execute();
}

export async function insertWaiver(tx: Tx, waiver: Insertable<FeeWaiversTable>): Promise<number> {
  return (await tx.insertInto('fee_waivers').values(waiver).returning('id').executeTakeFirstOrThrow()).id;
}

/** A payment or reversal with its house, and the reversal that cancelled it, if any. */
export interface PaymentView extends FeePayment {
  address: string;
  reversed_by: number | null;
  /** What of it went to bills (net), in fen; the rest is in advance. */
  allocated: number;
  /** The periods it paid, oldest first (`2026-10;2026-11`). */
  periods: string | null;
}

function selectPayments(db: Db | Tx) {
  return db
    .selectFrom('fee_payments as p')
    .innerJoin('houses as h', 'h.id', 'p.house_id')
    .leftJoin('fee_payments as rv', 'rv.reverses', 'p.id')
    .selectAll('p')
    .select([
      'h.address',
      'rv.id as reversed_by',
      sql<number>`(SELECT coalesce(sum(a.amount), 0) FROM fee_allocations a WHERE a.payment_id = p.id)`.as('allocated'),
      sql<
        string | null
      >`(SELECT group_concat(period, ';' ORDER BY first_month) FROM (SELECT DISTINCT b.period, b.first_month
        FROM fee_allocations a JOIN fee_bills b ON b.id = a.bill_id WHERE a.payment_id = p.id))`.as('periods'),
    ]);
}

export function findPayment(
  db: Db | Tx,
  communityId: number,
  by: { id: number } | { receipt: string },
): Promise<PaymentView | undefined> {
  const q = selectPayments(db).where('p.community_id', '=', communityId);
  return ('id' in by ? q.where('p.id', '=', by.id) : q.where('p.receipt', '=', by.receipt)).executeTakeFirst();
}

/** Payments and reversals, oldest first, of a community or a house, of all time or [from, before). */
export function listPayments(
  db: Db | Tx,
  f: { communityId: number; houseId?: number; from?: string; before?: string },
): Promise<PaymentView[]> {
  let q = selectPayments(db).where('p.community_id', '=', f.communityId);
  if (f.houseId !== undefined) q = q.where('p.house_id', '=', f.houseId);
  if (f.from) q = q.where('p.at', '>=', f.from);
  if (f.before) q = q.where('p.at', '<', f.before);
  return q.orderBy('p.at').orderBy('p.id').execute();
}

/** A payment's allocations, net per bill. */
export function allocationsOf(db: Db | Tx, paymentId: number): Promise<{ bill_id: number; amount: number }[]> {
  return db
    .selectFrom('fee_allocations')
    .select(['bill_id', sql<number>`sum(amount)`.as('amount')])
    .where('payment_id', '=', paymentId)
    .groupBy('bill_id')
    .having(sql<boolean>`sum(amount) <> 0`)
    .orderBy('bill_id')
    .execute();
}

/** A house's payments not reversed with something left to allocate (paid in advance), oldest first. */
export function creditsOfHouse(db: Db | Tx, houseId: number): Promise<{ id: number; left: number }[]> {
  return sql<{ id: number; left: number }>`
    SELECT p.id, p.amount - coalesce((SELECT sum(a.amount) FROM fee_allocations a WHERE a.payment_id = p.id), 0) AS left
      FROM fee_payments p
     WHERE p.house_id = ${houseId} AND p.type = 'payment'
       AND NOT EXISTS (SELECT 1 FROM fee_payments r WHERE r.reverses = p.id)
       AND p.amount > coalesce((SELECT sum(a.amount) FROM fee_allocations a WHERE a.payment_id = p.id), 0)
     ORDER BY p.at, p.id`
    .execute(db)
    .then((r) => r.rows);
}

export interface WaiverView {
  id: number;
  bill_id: number;
  period: string;
  address: string;
  amount: number;
  reason: string;
  at: string;
  operator: string;
}

export function waiversOf(
  db: Db | Tx,
  f: { communityId: number; houseId?: number; from?: string; before?: string },
): Promise<WaiverView[]> {
  let q = db
    .selectFrom('fee_waivers as w')
    .innerJoin('fee_bills as b', 'b.id', 'w.bill_id')
    .innerJoin('houses as h', 'h.id', 'b.house_id')
    .select(['w.id', 'w.bill_id', 'b.period', 'h.address', 'w.amount', 'w.reason', 'w.at', 'w.operator'])
    .where('w.community_id', '=', f.communityId);
  if (f.houseId !== undefined) q = q.where('b.house_id', '=', f.houseId);
  if (f.from) q = q.where('w.at', '>=', f.from);
  if (f.before) q = q.where('w.at', '<', f.before);
  return q.orderBy('w.at').orderBy('w.id').execute();
}

/** A house that owes on bills whose period has begun by `at`: what, for which periods. */
export interface ArrearsRow {
  house_id: number;
  address: string;
  owner_name: string | null;
  owner_phone: string | null;
  /** `2026-10;2026-11`, oldest first. */
  periods: string;
  oldest_month: string;
  amount: number;
}

export function arrears(db: Db | Tx, communityId: number, at: string): Promise<ArrearsRow[]> {
  return sql<ArrearsRow>`
    WITH owing AS (
      SELECT b.house_id, b.period, b.first_month,
             b.amount - coalesce((SELECT sum(a.amount) FROM fee_allocations a WHERE a.bill_id = b.id), 0)
                      - coalesce((SELECT sum(w.amount) FROM fee_waivers w WHERE w.bill_id = b.id), 0) AS outstanding
        FROM fee_bills b
       WHERE b.community_id = ${communityId} AND b.period_start <= ${at}
    )
    SELECT h.id AS house_id, h.address, r.name AS owner_name, r.phone AS owner_phone,
           group_concat(o.period, ';' ORDER BY o.first_month) AS periods, min(o.first_month) AS oldest_month,
           sum(o.outstanding) AS amount
      FROM owing o
      JOIN houses h ON h.id = o.house_id
      LEFT JOIN residents r ON r.id = h.owner_id
     WHERE o.outstanding > 0
     GROUP BY h.id, r.id
     ORDER BY oldest_month, h.address`
    .execute(db)
    .then((r) => r.rows);
}
