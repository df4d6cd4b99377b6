import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordsBegin } from '../../src/db/report.repository.js';
import { inSnapshot } from '../../src/db/snapshot.js';
import { ledgerRefusal } from '../../src/db/ledger.repository.js';
import * as points from '../../src/services/points.service.js';
import { chooseCommunity, openSession, type Scope } from '../../src/services/session.js';
import { cli, initDb } from '../helpers/cli.js';

/**
 * The ledger's reads at their edges, through the service a clerk's `points ledger` uses: a page cut
 * to its newest entries and the count of all of them, a month's bounds, one resident. Found by
 * `npm run mutate` (docs/testing.md): filters and limits no other test could tell apart.
 */
describe('the ledger page', () => {
  let scope: Scope;

  beforeAll(async () => {
    const { db, env } = await initDb();
    for (const [who, phone] of [
      ['李四', '13900000001'],
      ['王五', '13900000002'],
    ])
      await cli(['resident', 'add', who!, '--phone', phone!], env);
    // 李四: one entry in each of October, November (two) and December's first second; 王五: November.
    for (const [who, at] of [
      ['李四', '2026-10-31 23:59:59'],
      ['李四', '2026-11-01 00:00:00'],
      ['王五', '2026-11-10 09:00:00'],
      ['李四', '2026-11-30 23:59:59'],
      ['李四', '2026-12-01 00:00:00'],
    ]) {
      const r = await cli(['points', 'earn', who!, '5', '--reason', 'patrol', '--at', at!], {
        ...env,
        HONGWU_NOW: '2026-12-02T09:00:00+08:00',
      });
      if (r.code !== 0) throw new Error(r.stderr);
    }
    const session = await openSession({
      path: db,
      create: false,
      operator: 'test',
      nowOverride: '2026-12-02T09:00:00+08:00',
    });
    scope = { ...session, community: await chooseCommunity(session, undefined) };
  });
  afterAll(() => scope.store.close());

  const ats = (page: points.LedgerPage) => page.entries.map((e) => `${e.resident_name} ${e.at}`);

  it('keeps a month to its own entries, both ends in Shanghai time', async () => {
    const november = await points.ledger(scope, { month: '2026-11' });
    expect(ats(november)).toEqual([
      '李四 2026-10-31T16:00:00.000Z',
      '王五 2026-11-10T01:00:00.000Z',
      '李四 2026-11-30T15:59:59.000Z',
    ]);
    expect(november.total).toBe(3);
    expect(ats(await points.ledger(scope, { month: '2026-11', resident: '李四' }))).toEqual([
      '李四 2026-10-31T16:00:00.000Z',
      '李四 2026-11-30T15:59:59.000Z',
    ]);
  });

  it('cuts a long ledger to its newest entries, oldest first, and counts them all', async () => {
    const page = await points.ledger(scope, { limit: 2 });
    expect(ats(page)).toEqual(['李四 2026-11-30T15:59:59.000Z', '李四 2026-11-30T16:00:00.000Z']);
    expect(page.total).toBe(5);
    const hers = await points.ledger(scope, { resident: '李四', month: '2026-11', limit: 1 });
    expect(ats(hers)).toEqual(['李四 2026-11-30T15:59:59.000Z']);
    expect(hers.total).toBe(2);
    const his = await points.ledger(scope, { resident: '王五', limit: 1 });
    expect(his.total).toBe(1);
  });

  it('reads a report in one snapshot, and ends it', async () => {
    // In a transaction: SQLite's handle says so; on a server, the snapshot's isolation is in force.
    const inTransaction = async () =>
      scope.store.engine === 'sqlite'
        ? scope.store.raw.inTransaction
        : (await sql<{ level: string }>`SELECT current_setting('transaction_isolation') AS level`.execute(scope.db))
            .rows[0]!.level === 'repeatable read';
    expect(await inSnapshot(scope.store, inTransaction)).toBe(true);
    expect(await inTransaction()).toBe(false);
    await expect(inSnapshot(scope.store, () => Promise.reject(new Error('x')))).rejects.toThrow('x');
    expect(await inTransaction()).toBe(false);
    expect(await recordsBegin(scope.db, [scope.community.id])).toBeNull();
  });
});

describe('ledgerRefusal', () => {
  it('names the guard a refusal came from, and nothing else', () => {
    expect(ledgerRefusal(new Error('the points ledger is append-only: use points reverse'))).toBe('append_only');
    expect(ledgerRefusal(new Error('a points balance cannot go below zero'))).toBe('negative_balance');
    expect(ledgerRefusal(new Error('CHECK constraint failed: stock >= 0'))).toBe('negative_stock');
    expect(ledgerRefusal(new Error('CHECK constraint failed: delta <> 0'))).toBeUndefined();
    expect(ledgerRefusal(new Error('stock'))).toBeUndefined();
    expect(ledgerRefusal('a points balance cannot go below zero')).toBeUndefined();
  });
});
