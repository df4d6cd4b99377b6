import Database from 'better-sqlite3';
import { beforeEach, describe, expect, it } from 'vitest';
import { cli, spawnCliAsync } from '../helpers/cli.js';
import { feeFixture, feeSnapshot } from './fixture.js';

/** The fee ledger is append-only in the database itself, whatever program writes to the file. */
describe('the database guards the fee ledger', () => {
  let f: Awaited<ReturnType<typeof feeFixture>>;

  beforeEach(async () => {
    f = await feeFixture();
    await f.must('fee', 'bill', '--period', '2026-11');
    await f.must('fee', 'pay', '3-2-501', '100');
  });

  function attempt(sql: string): string | undefined {
    const raw = new Database(f.db);
    try {
      raw.prepare(sql).run();
      return undefined;
    } catch (e) {
      return String(e);
    } finally {
      raw.close();
    }
  }

  it('refuses UPDATE, DELETE and REPLACE of payments, allocations, waivers and bills', async () => {
    const before = await feeSnapshot(f.db);
    expect(attempt('UPDATE fee_payments SET amount = 1 WHERE id = 1')).toContain(
      'the fee ledger is append-only: use fee reverse',
    );
    expect(attempt('DELETE FROM fee_payments WHERE id = 1')).toContain(
      'the fee ledger is append-only: use fee reverse',
    );
    expect(attempt('UPDATE fee_allocations SET amount = 1')).toContain('the fee ledger is append-only');
    expect(attempt('DELETE FROM fee_allocations')).toContain('the fee ledger is append-only');
    expect(attempt('UPDATE fee_bills SET amount = 0')).toContain('the fee bills are append-only');
    expect(attempt('DELETE FROM fee_bills')).toContain('the fee bills are append-only');
    const columns =
      '(id, community_id, house_id, type, receipt, receipt_month, receipt_seq, amount, method, at, ' +
      'recorded_at, operator)';
    for (const verb of ['REPLACE INTO', 'INSERT OR REPLACE INTO']) {
      expect(
        attempt(
          `${verb} fee_payments ${columns} VALUES (1, 1, 2, 'payment', 'SK-202611-0009', '2026-11', 9, 5, ` +
            `'cash', 'x', 'x', 'sql')`,
        ),
      ).toContain('the fee ledger is append-only');
    }
    expect(await feeSnapshot(f.db)).toEqual(before);
  });

  it('refuses a bill paid beyond its amount, and a payment allocated beyond itself', () => {
    // Bill 2 (3-2-501, 134.25) has 100 paid; 40 more would be 140.
    expect(attempt("INSERT INTO fee_allocations (payment_id, bill_id, amount, at) VALUES (1, 2, 4000, 'x')")).toContain(
      'beyond its amount',
    );
    expect(
      attempt(
        'INSERT INTO fee_waivers (community_id, bill_id, amount, reason, at, recorded_at, operator) VALUES (1, ' +
          "2, 4000, 'x', 'x', 'x', 'x')",
      ),
    ).toContain('beyond its amount');
    // Payment 1 (100) is all allocated: nothing more of it can go to another bill.
    expect(attempt("INSERT INTO fee_allocations (payment_id, bill_id, amount, at) VALUES (1, 3, 1, 'x')")).toContain(
      'beyond its amount',
    );
  });

  it('doctor finds a ledger written wrong by another program (triggers dropped)', async () => {
    const raw = new Database(f.db);
    raw.exec(`DROP TRIGGER fee_bill_not_overpaid; DROP TRIGGER fee_payment_not_overspent;
      INSERT INTO fee_allocations (payment_id, bill_id, amount, at) VALUES (1, 2, 9000, '2026-11-26T02:00:00.000Z');
      INSERT INTO fee_payments (community_id, house_id, type, amount, reverses, note, at, recorded_at, operator)
        VALUES (1, 2, 'reversal', -50, 1, 'x', '2026-11-26T02:00:00.000Z', 'x', 'x');`);
    raw.close();
    const r = await cli(['doctor', '--json'], f.env);
    expect(r.code).toBe(3);
    const fees = JSON.parse(r.stdout).checks.find((c: { check: string }) => c.check === 'fees');
    expect(fees).toMatchObject({ status: 'fail' });
    expect(fees.detail).toBe(
      '1 bill(s) paid and waived beyond their amount, or below zero: #2; 1 payment(s) allocated beyond their ' +
        'amount: #1; 1 reversal(s) not undoing their payment: #2',
    );
  });
});

describe('receipts at several desks at once', () => {
  it('are unique and consecutive, and no house is paid twice', async () => {
    const f = await feeFixture();
    await f.must('fee', 'bill', '--period', '2026-11');
    // Six desks: three pay 3-2-501's 134.25 in full (only one can), three pay other houses in part.
    const jobs = [
      ['3-2-501', '134.25'],
      ['3-2-501', '134.25'],
      ['3-2-501', '134.25'],
      ['3-2-502', '10'],
      ['3-1-101', '10'],
      ['3-2-502', '10'],
    ].map(([house, amount]) => spawnCliAsync(['fee', 'pay', house!, amount!, '--json'], f.env));
    const results = await Promise.all(jobs);
    const ok = results.filter((r) => r.code === 0).map((r) => JSON.parse(r.stdout) as { receipt: string });
    expect(ok).toHaveLength(4);
    expect(ok.map((p) => p.receipt).sort()).toEqual([
      'SK-202611-0001',
      'SK-202611-0002',
      'SK-202611-0003',
      'SK-202611-0004',
    ]);
    const refused = results.filter((r) => r.code !== 0);
    expect(refused.map((r) => [r.code, r.stderr])).toEqual(
      Array(2).fill([
        1,
        'hongwu: 房屋 3-2-501 已缴清，无需缴费\n  欠费名单见 hongwu fee arrears；预交请加 --advance\n',
      ]),
    );
    expect(await feeSnapshot(f.db)).toMatchObject({ paid: 13425 + 3000, allocated: 13425 + 3000 });
  });
});
