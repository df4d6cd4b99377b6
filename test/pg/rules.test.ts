import { describe, expect, it } from 'vitest';
import { cli, initDb, json } from '../helpers/cli.js';
import { rows } from '../helpers/rows.js';

/**
 * The rules the database itself enforces hold on PostgreSQL, with SQLite's messages (the baseline's
 * triggers, migrations/pg/0019_baseline.ts): whoever writes to it, not only hongwu.
 */
describe('database-enforced rules on PostgreSQL', () => {
  const refusal = (db: string, statement: string) =>
    rows(db, statement).then(
      () => 'accepted',
      (e: Error) => e.message,
    );

  it('keeps the points ledger and the audit log append-only, and no balance below zero', async () => {
    const { db, env } = await initDb();
    expect((await cli(['resident', 'add', '李四', '--phone', '13812345678'], env)).code).toBe(0);
    expect((await cli(['points', 'earn', '李四', '30', '--reason', 'patrol'], env)).code).toBe(0);
    // Showing the full phone is recorded in the audit log.
    expect((await cli(['resident', 'show', '李四'], env)).code).toBe(0);
    expect(await rows(db, 'SELECT action FROM audit_log')).toEqual([{ action: 'resident.show' }]);
    const ledger = 'the points ledger is append-only: use points reverse';
    expect(await refusal(db, 'UPDATE ledger SET delta = 3000')).toBe(ledger);
    expect(await refusal(db, 'DELETE FROM ledger')).toBe(ledger);
    expect(await refusal(db, 'TRUNCATE ledger CASCADE')).toBe(ledger);
    expect(await refusal(db, "UPDATE audit_log SET operator = 'x'")).toBe('the audit log is append-only');
    expect(await refusal(db, 'DELETE FROM audit_log')).toBe('the audit log is append-only');
    expect(
      await refusal(
        db,
        `INSERT INTO ledger (community_id, resident_id, type, delta, reverses, at, recorded_at, operator)
         VALUES (1, 1, 'reversal', -31, 1, '2026-11-26T02:00:00.000Z', '2026-11-26T02:00:00.000Z', 'sql')`,
      ),
    ).toBe('a points balance cannot go below zero');
    expect(await rows(db, 'SELECT id, delta FROM ledger')).toEqual([{ id: 1, delta: 30 }]);
  });

  it('numbers entries as SQLite does: a refused command leaves no gap', async () => {
    const { env } = await initDb();
    expect((await cli(['resident', 'add', '李四'], env)).code).toBe(0);
    expect((await cli(['points', 'item', 'add', '大米', '--cost', '30'], env)).code).toBe(0);
    expect(json(await cli(['points', 'earn', '李四', '10', '--reason', 'patrol', '--json'], env)).entry).toBe(1);
    expect((await cli(['points', 'redeem', '李四', '大米'], env)).code).toBe(1);
    expect(json(await cli(['points', 'earn', '李四', '10', '--reason', 'patrol', '--json'], env)).entry).toBe(2);
  });
});
