import Database from 'better-sqlite3';
import { beforeEach, describe, expect, it } from 'vitest';
import { NotAllowedError } from '../../src/domain/errors.js';
import { refusalError } from '../../src/services/points.service.js';
import { sqlite3Shell } from '../helpers/sqlite3.js';
import { pointsFixture, snapshot } from './fixture.js';

/** The ledger is append-only in the database itself, whatever program writes to the file. */
describe('the database guards the ledger', () => {
  let db: string;

  beforeEach(async () => {
    const f = await pointsFixture();
    db = f.db;
    expect((await f.run('points', 'earn', '李四', '30', '--reason', 'patrol')).code).toBe(0);
  });

  function attempt(sql: string): unknown {
    const raw = new Database(db);
    try {
      raw.prepare(sql).run();
      return undefined;
    } catch (e) {
      return e;
    } finally {
      raw.close();
    }
  }

  it('rejects a direct UPDATE or DELETE of a ledger row', async () => {
    const update = attempt('UPDATE ledger SET delta = 3000 WHERE id = 1');
    expect(String(update)).toContain('the points ledger is append-only: use points reverse');
    const remove = attempt('DELETE FROM ledger WHERE id = 1');
    expect(String(remove)).toContain('the points ledger is append-only: use points reverse');
    expect(await snapshot(db)).toMatchObject({ entries: 1, balances: { 3: 30 } });
  });

  it('rejects REPLACE, which deletes the row in its way without firing delete triggers', async () => {
    const values = `(1, 1, 3, 'earn', 999, 'patrol', '2026-11-26T02:00:00.000Z', '2026-11-26T02:00:00.000Z', 'sql')`;
    for (const verb of ['REPLACE INTO', 'INSERT OR REPLACE INTO']) {
      const replaced = attempt(
        `${verb} ledger (id, community_id, resident_id, type, delta, reason, at, recorded_at, operator) VALUES ` +
          `${values}`,
      );
      expect(String(replaced)).toContain('the points ledger is append-only: use points reverse');
    }
    // A reversal cannot be swapped for another: the second one would take the first one's place.
    const at = "'2026-11-26T02:00:00.000Z'";
    const reversal = `(1, 3, 'reversal', -30, 'patrol', 1, ${at}, ${at}, 'sql')`;
    const columns = '(community_id, resident_id, type, delta, reason, reverses, at, recorded_at, operator)';
    expect(attempt(`INSERT INTO ledger ${columns} VALUES ${reversal}`)).toBeUndefined();
    expect(String(attempt(`INSERT OR REPLACE INTO ledger ${columns} VALUES ${reversal}`))).toContain(
      'the points ledger is append-only',
    );
    expect(await snapshot(db)).toMatchObject({ entries: 2, balances: { 3: 0 } });
    // An id SQLite chooses is -1 before the insert: an entry -1 put there by hand blocks nothing.
    expect(
      attempt(
        `INSERT INTO ledger (id, community_id, resident_id, type, delta, reason, at, recorded_at, operator) ` +
          `VALUES (-1, 1, 3, 'earn', 5, 'patrol', '2026-11-26T02:00:00.000Z', '2026-11-26T02:00:00.000Z', 'sql')`,
      ),
    ).toBeUndefined();
    expect(
      attempt(
        `INSERT INTO ledger (community_id, resident_id, type, delta, reason, at, recorded_at, operator) VALUES ` +
          `(1, 3, 'earn', 5, 'patrol', '2026-11-26T02:00:00.000Z', '2026-11-26T02:00:00.000Z', 'sql')`,
      ),
    ).toBeUndefined();
  });

  it('rejects them from the sqlite3 shell too', async () => {
    const shell = sqlite3Shell(db, 'DELETE FROM ledger;');
    expect(shell.status).not.toBe(0);
    expect(shell.stderr).toContain('the points ledger is append-only');
    expect((await snapshot(db)).entries).toBe(1);
  });

  it('rejects an entry that would take a balance below zero, and a negative stock', async () => {
    const overdraw = attempt(
      `INSERT INTO ledger (community_id, resident_id, type, delta, item_id, qty, at, recorded_at, operator)
       VALUES (1, 3, 'redeem', -31, 1, 1, '2026-11-26T02:00:00.000Z', '2026-11-26T02:00:00.000Z', 'sql')`,
    );
    expect(String(overdraw)).toContain('a points balance cannot go below zero');
    const stock = attempt('UPDATE items SET stock = stock - 3 WHERE id = 1');
    expect(String(stock)).toContain('CHECK constraint failed');
    expect(await snapshot(db)).toMatchObject({ entries: 1, stock: { 大米: 2 }, balances: { 3: 30 } });
  });

  it('turns each refusal into a clear exit-1 error, should one ever fire under the service', async () => {
    const mapped = ['UPDATE ledger SET delta = 1 WHERE id = 1', 'UPDATE items SET stock = -1 WHERE id = 1'].map((sql) =>
      refusalError(attempt(sql)),
    );
    expect(mapped.map((e) => [e instanceof NotAllowedError, e?.exitCode, e?.message])).toEqual([
      [true, 1, 'the points ledger is append-only'],
      [true, 1, 'an item stock cannot go below zero'],
    ]);
    const overdraw = attempt(
      `INSERT INTO ledger (community_id, resident_id, type, delta, reason, reverses, at, recorded_at, operator)
       VALUES (1, 3, 'reversal', -40, 'patrol', 1, '2026-11-26T02:00:00.000Z', '2026-11-26T02:00:00.000Z', 'sql')`,
    );
    expect(refusalError(overdraw)?.message).toBe('a points balance cannot go below zero');
    expect(refusalError(new Error('something else'))).toBeUndefined();
  });
});
