import { type Kysely, sql } from 'kysely';

/**
 * Property fees (物业费), all money in fen (integers). A rule prices a square metre per month,
 * quarter or year from a date; a bill charges one house for one period at the rule and area of
 * the day it was made. A payment (with its receipt number) is spread over bills by allocations;
 * what is not allocated is paid in advance. A waiver (减免) forgives the rest of one bill.
 *
 * Bills, payments, allocations and waivers are append-only in the database itself, as the points
 * ledger (0002, 0009): UPDATE, DELETE and REPLACE are refused; a payment is corrected only by a
 * reversal (the opposite payment, linked, with negative allocations). No bill can be paid or
 * waived beyond its amount, and no payment allocated beyond itself.
 * Frozen in time: never import application code here.
 */
const appendOnly = (table: string, message: string) => [
  `CREATE TRIGGER ${table}_no_update BEFORE UPDATE ON ${table} BEGIN SELECT RAISE(ABORT, '${message}'); END`,
  `CREATE TRIGGER ${table}_no_delete BEFORE DELETE ON ${table} BEGIN SELECT RAISE(ABORT, '${message}'); END`,
  `CREATE TRIGGER ${table}_no_replace BEFORE INSERT ON ${table}
   WHEN NEW.id <> -1 AND EXISTS (SELECT 1 FROM ${table} WHERE id = NEW.id)
   BEGIN SELECT RAISE(ABORT, '${message}'); END`,
];
const APPEND_ONLY = 'the fee ledger is append-only: use fee reverse';

const statements = [
  `CREATE TABLE fee_rules (
     id INTEGER PRIMARY KEY,
     community_id INTEGER NOT NULL REFERENCES communities(id),
     per_m2 INTEGER NOT NULL CHECK (per_m2 > 0),
     period TEXT NOT NULL CHECK (period IN ('month','quarter','year')),
     from_date TEXT NOT NULL,
     created_at TEXT NOT NULL,
     operator TEXT NOT NULL
   )`,
  `CREATE INDEX fee_rules_by_date ON fee_rules (community_id, from_date)`,
  `CREATE TABLE fee_bills (
     id INTEGER PRIMARY KEY,
     community_id INTEGER NOT NULL REFERENCES communities(id),
     house_id INTEGER NOT NULL REFERENCES houses(id),
     period TEXT NOT NULL,
     first_month TEXT NOT NULL,
     last_month TEXT NOT NULL,
     period_start TEXT NOT NULL,
     period_end TEXT NOT NULL,
     rule_id INTEGER NOT NULL REFERENCES fee_rules(id),
     area INTEGER NOT NULL CHECK (area > 0),
     amount INTEGER NOT NULL CHECK (amount >= 0),
     issued_at TEXT NOT NULL,
     operator TEXT NOT NULL,
     UNIQUE (house_id, period)
   )`,
  `CREATE INDEX fee_bills_by_end ON fee_bills (community_id, period_end)`,
  `CREATE INDEX fee_bills_by_issue ON fee_bills (community_id, issued_at)`,
  `CREATE TABLE fee_payments (
     id INTEGER PRIMARY KEY,
     community_id INTEGER NOT NULL REFERENCES communities(id),
     house_id INTEGER NOT NULL REFERENCES houses(id),
     type TEXT NOT NULL CHECK (type IN ('payment','reversal')),
     receipt TEXT UNIQUE,
     receipt_month TEXT,
     receipt_seq INTEGER,
     amount INTEGER NOT NULL CHECK (amount <> 0),
     method TEXT CHECK (method IN ('cash','wechat','alipay','bank','other')),
     reverses INTEGER UNIQUE REFERENCES fee_payments(id),
     note TEXT,
     at TEXT NOT NULL,
     recorded_at TEXT NOT NULL,
     operator TEXT NOT NULL,
     CHECK (type <> 'payment' OR (amount > 0 AND receipt IS NOT NULL AND method IS NOT NULL AND reverses IS NULL)),
     CHECK (type <> 'reversal' OR (amount < 0 AND reverses IS NOT NULL AND receipt IS NULL))
   )`,
  `CREATE INDEX fee_payments_by_house ON fee_payments (house_id, at)`,
  `CREATE INDEX fee_payments_by_month ON fee_payments (community_id, at)`,
  `CREATE INDEX fee_payments_by_receipt_month ON fee_payments (receipt_month, receipt_seq) WHERE receipt_month ` +
    `IS NOT NULL`,
  `CREATE TABLE fee_allocations (
     id INTEGER PRIMARY KEY,
     payment_id INTEGER NOT NULL REFERENCES fee_payments(id),
     bill_id INTEGER NOT NULL REFERENCES fee_bills(id),
     amount INTEGER NOT NULL CHECK (amount <> 0),
     at TEXT NOT NULL
   )`,
  `CREATE INDEX fee_allocations_by_bill ON fee_allocations (bill_id, at)`,
  `CREATE INDEX fee_allocations_by_payment ON fee_allocations (payment_id)`,
  `CREATE TABLE fee_waivers (
     id INTEGER PRIMARY KEY,
     community_id INTEGER NOT NULL REFERENCES communities(id),
     bill_id INTEGER NOT NULL UNIQUE REFERENCES fee_bills(id),
     amount INTEGER NOT NULL CHECK (amount > 0),
     reason TEXT NOT NULL,
     at TEXT NOT NULL,
     recorded_at TEXT NOT NULL,
     operator TEXT NOT NULL
   )`,
  `CREATE INDEX fee_waivers_by_month ON fee_waivers (community_id, at)`,
  ...appendOnly('fee_bills', 'the fee bills are append-only'),
  ...appendOnly('fee_payments', APPEND_ONLY),
  ...appendOnly('fee_allocations', APPEND_ONLY),
  ...appendOnly('fee_waivers', APPEND_ONLY),
  `CREATE TRIGGER fee_bill_not_overpaid BEFORE INSERT ON fee_allocations
   WHEN NEW.amount > 0 AND NEW.amount
     + (SELECT coalesce(sum(amount), 0) FROM fee_allocations WHERE bill_id = NEW.bill_id)
     + (SELECT coalesce(sum(amount), 0) FROM fee_waivers WHERE bill_id = NEW.bill_id)
     > (SELECT amount FROM fee_bills WHERE id = NEW.bill_id)
   BEGIN SELECT RAISE(ABORT, 'a bill cannot be paid beyond its amount'); END`,
  `CREATE TRIGGER fee_payment_not_overspent BEFORE INSERT ON fee_allocations
   WHEN NEW.amount > 0 AND NEW.amount
     + (SELECT coalesce(sum(amount), 0) FROM fee_allocations WHERE payment_id = NEW.payment_id)
     > (SELECT amount FROM fee_payments WHERE id = NEW.payment_id)
   BEGIN SELECT RAISE(ABORT, 'a payment cannot be allocated beyond its amount'); END`,
  `CREATE TRIGGER fee_waiver_not_beyond_bill BEFORE INSERT ON fee_waivers
   WHEN NEW.amount + (SELECT coalesce(sum(amount), 0) FROM fee_allocations WHERE bill_id = NEW.bill_id)
     > (SELECT amount FROM fee_bills WHERE id = NEW.bill_id)
   BEGIN SELECT RAISE(ABORT, 'a bill cannot be paid beyond its amount'); END`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
