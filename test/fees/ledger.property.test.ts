import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { percent } from '../../src/domain/metrics.js';
import { formatYuan } from '../../src/domain/money.js';
import { assertProperty } from '../helpers/property.js';
import { rows } from '../helpers/rows.js';
import { feeFixture } from './fixture.js';

/**
 * Random bills, payments (some far larger than any house's fees), waivers and reversals through
 * the command line; then every figure hongwu prints (what each house owes and has paid ahead, the
 * report's fee metrics) must equal a naive recount of the rows in integers, and no bill may be
 * paid below zero or beyond its amount.
 */
const HOUSES = ['3-2-501', '3-2-502', '3-1-101'];

const op = fc.oneof(
  fc.record({ kind: fc.constant('bill' as const), month: fc.integer({ min: 1, max: 11 }) }),
  fc.record({
    kind: fc.constant('pay' as const),
    house: fc.constantFrom(...HOUSES),
    fen: fc.oneof(fc.integer({ min: 1, max: 50_000 }), fc.integer({ min: 1, max: 100_000_000_00 })),
    advance: fc.boolean(),
  }),
  fc.record({ kind: fc.constant('waive' as const), bill: fc.integer({ min: 1, max: 12 }) }),
  fc.record({ kind: fc.constant('reverse' as const), payment: fc.integer({ min: 1, max: 8 }) }),
);

interface Rows {
  bills: { id: number; house_id: number; amount: number }[];
  payments: { id: number; house_id: number; amount: number }[];
  allocations: { payment_id: number; bill_id: number; amount: number }[];
  waivers: { bill_id: number; amount: number }[];
  houses: { id: number; address: string }[];
}

async function rowsOf(db: string): Promise<Rows> {
  return {
    bills: await rows(db, 'SELECT id, house_id, amount FROM fee_bills'),
    payments: await rows(db, 'SELECT id, house_id, amount FROM fee_payments'),
    allocations: await rows(db, 'SELECT payment_id, bill_id, amount FROM fee_allocations'),
    waivers: await rows(db, 'SELECT bill_id, amount FROM fee_waivers'),
    houses: await rows(db, 'SELECT id, address FROM houses'),
  };
}

const sum = (xs: { amount: number }[]) => xs.reduce((s, x) => s + x.amount, 0);

describe('the fee ledger adds up to the fen', () => {
  it('matches a naive recount after any sequence of bills, payments, waivers and reversals', async () => {
    await assertProperty(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 10 }), async (ops) => {
        const f = await feeFixture();
        for (const o of ops) {
          const args =
            o.kind === 'bill'
              ? ['fee', 'bill', '--period', `2026-${String(o.month).padStart(2, '0')}`]
              : o.kind === 'pay'
                ? ['fee', 'pay', o.house, formatYuan(o.fen), ...(o.advance ? ['--advance'] : [])]
                : o.kind === 'waive'
                  ? ['fee', 'waive', String(o.bill), '--reason', '低保户']
                  : ['fee', 'reverse', String(o.payment), '--reason', '录错'];
          const r = await f.run(...args);
          // Valid input throughout: allowed (0) or not allowed now (1), never a crash or bad input.
          expect([0, 1], `${args.join(' ')}: ${r.stderr}`).toContain(r.code);
        }
        const rows = await rowsOf(f.db);
        const paidOf = (billId: number) => sum(rows.allocations.filter((a) => a.bill_id === billId));
        const waivedOf = (billId: number) => sum(rows.waivers.filter((w) => w.bill_id === billId));
        for (const b of rows.bills) {
          expect(paidOf(b.id)).toBeGreaterThanOrEqual(0);
          expect(paidOf(b.id) + waivedOf(b.id)).toBeLessThanOrEqual(b.amount);
        }
        const houses = JSON.parse((await f.must('house', 'list', '--json')).stdout) as {
          address: string;
          owed_fen: number;
          credit_fen: number;
        }[];
        for (const h of rows.houses) {
          const bills = rows.bills.filter((b) => b.house_id === h.id);
          const owed = bills.reduce((s, b) => s + b.amount - paidOf(b.id) - waivedOf(b.id), 0);
          const payments = rows.payments.filter((p) => p.house_id === h.id);
          const credit =
            sum(payments) - sum(rows.allocations.filter((a) => payments.some((p) => p.id === a.payment_id)));
          expect(houses.find((x) => x.address === h.address)).toMatchObject({ owed_fen: owed, credit_fen: credit });
          expect(credit).toBeGreaterThanOrEqual(0);
        }
        const report = JSON.parse((await f.must('report', '--month', 'this', '--json')).stdout) as {
          rows: { metric: string; value: number | null }[];
        };
        const value = (m: string) => report.rows.find((r) => r.metric === m)!.value;
        // Every event happened this month (the clock is fixed), and every bill ends in 2026.
        expect(value('fees_billed')).toBe(sum(rows.bills));
        expect(value('fees_collected')).toBe(sum(rows.payments));
        expect(value('fee_collection_rate')).toBe(percent(sum(rows.allocations), sum(rows.bills) - sum(rows.waivers)));
        const inArrears = rows.houses.filter((h) =>
          rows.bills.some((b) => b.house_id === h.id && b.amount - paidOf(b.id) - waivedOf(b.id) > 0),
        );
        expect(value('households_in_arrears')).toBe(inArrears.length);
      }),
      12,
    );
  }, 120_000);
});
