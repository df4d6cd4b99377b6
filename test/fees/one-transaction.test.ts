import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Tx } from '../../src/db/connection.js';
import { NotAllowedError } from '../../src/domain/errors.js';
import * as fees from '../../src/services/fee.service.js';
import { addHouse } from '../../src/services/house.service.js';
import { importHouses } from '../../src/services/import-houses.js';
import { chooseCommunity, openSession, runCommand, type Scope } from '../../src/services/session.js';
import { initDb } from '../helpers/cli.js';
import { rows } from '../helpers/rows.js';
import { feeSnapshot } from './fixture.js';

/**
 * Houses and fees are use cases like the others: they run in the caller's transaction (an import
 * opens one for a whole sheet), all of it kept or, when a step fails, none of it.
 */
const at = (local: string) => new Date(`${local}+08:00`);

/** Two houses, a rule, the year's bills, a payment, a waiver and a reversal. */
async function feeYear(tx: Tx, scope: Scope) {
  await addHouse(tx, scope, { address: '3-2-501', area: 8950 });
  const sheet = {
    name: 'houses.csv',
    rows: [{ row: 2, cells: ['3栋2单元502室', '100'] }],
    columns: new Map([
      ['address', '房号'],
      ['area', '面积'],
    ] as const),
    at: new Map([
      ['address', 0],
      ['area', 1],
    ] as const),
  };
  await importHouses({ tx, scope, sheet, operator: 'import:houses.csv', problems: [], progress: () => {} }, true);
  await fees.setRule(tx, scope, { perM2: 150, period: 'month', from: at('2026-01-01T00:00:00') });
  const billed = await fees.bill(tx, scope, { period: '2026' });
  const paid = await fees.pay(tx, scope, {
    house: '3-2-501',
    amount: 10_000,
    method: 'cash',
    at: at('2026-11-20T10:00:00'),
  });
  const waived = await fees.waive(tx, scope, {
    bill: String(billed.bills[1]!.id),
    reason: '低保户',
    at: at('2026-11-21T10:00:00'),
  });
  const reversed = await fees.reverse(tx, scope, {
    payment: paid.payment.receipt!,
    reason: '收错房屋',
    at: at('2026-11-22T10:00:00'),
  });
  return { billed, paid, waived, reversed };
}

describe('houses and fees in one transaction', () => {
  let db: string;
  let scope: Scope;

  beforeEach(async () => {
    ({ db } = await initDb());
    const session = await openSession({
      path: db,
      create: false,
      operator: 'importer',
      nowOverride: '2026-11-26T10:00:00+08:00',
    });
    scope = { ...session, community: await chooseCommunity(session, undefined) };
  });
  afterEach(async () => {
    await scope.store.close();
  });

  it('adds houses, sets a rule, bills, takes, waives and reverses a payment as one command', async () => {
    const r = await runCommand(scope, (tx) => feeYear(tx, scope));
    expect(r.billed.bills.map((b) => [b.address, b.amount])).toEqual([
      ['3-2-501', 161_100],
      ['3-2-502', 180_000],
    ]);
    expect(r.paid.payment.receipt).toBe('SK-202611-0001');
    expect(r.waived.bill.outstanding).toBe(0);
    expect(r.reversed).toMatchObject({ owed: 161_100, payment: { type: 'reversal', amount: -10_000 } });
    expect(await feeSnapshot(db)).toEqual({ bills: 2, billed: 341_100, paid: 0, allocated: 0, waived: 180_000 });
  });

  it('leaves the file as it was when a step after the writes is refused', async () => {
    const before = await feeSnapshot(db);
    const failing = runCommand(scope, async (tx) => {
      const { reversed } = await feeYear(tx, scope);
      // A reversal is not reversed again: refused, and the houses, bills and payments go with it.
      return fees.reverse(tx, scope, {
        payment: `#${reversed.payment.id}`,
        reason: '再冲正',
        at: at('2026-11-23T10:00:00'),
      });
    });
    await expect(failing).rejects.toBeInstanceOf(NotAllowedError);
    expect(await feeSnapshot(db)).toEqual(before);
    expect(await rows(db, 'SELECT count(*) AS n FROM houses')).toEqual([{ n: 0 }]);
  });
});
