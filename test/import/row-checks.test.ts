import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/db/connection.js';
import { withRowChecksAfter } from '../../src/db/import.repository.js';
import { importFixture } from './helpers.js';

/** The import writes demands with CHECK constraints set aside, then checks the rows it added. */
describe('withRowChecksAfter', () => {
  const insert = (status: string, seq: number) =>
    `INSERT INTO demands (community_id, number, number_month, number_seq, summary, channel, category, kind, tier,
      status, received_at, response_due_at, resolve_due_at)
     VALUES (1, '202510-000${seq}', '202510', ${seq}, '路灯', 'phone', 'repair', 'request', 'timed', '${status}',
      '2025-10-01T01:00:00.000Z', '2025-10-02T01:00:00.000Z', '2025-10-08T01:00:00.000Z')`;

  it('lets valid rows through and refuses, after the work, a row its CHECK constraints refuse', async () => {
    const f = importFixture();
    const store = openStore(f.db, { create: false });
    try {
      const raw = store.raw;
      raw.exec('BEGIN IMMEDIATE');
      expect(withRowChecksAfter(store, ['demands'], () => raw.prepare(insert('open', 1)).run().changes)).toBe(1);
      expect(() => withRowChecksAfter(store, ['demands'], () => raw.prepare(insert('lost', 2)).run())).toThrow(
        'import wrote 1 rows into demands that fail its CHECK constraints',
      );
      // The constraints are back on for whatever comes next.
      expect(() => raw.exec(insert('gone', 3))).toThrow(/CHECK constraint failed/);
      raw.exec('ROLLBACK');
    } finally {
      await store.close();
    }
  });
});
