import { describe, expect, it } from 'vitest';
import { BUSY_TIMEOUT_MS, enableWal, openStore } from '../../src/db/connection.js';
import { tempDbPath } from '../helpers/cli.js';

describe('opening a hongwu file', () => {
  it('sets WAL, the busy timeout, foreign keys and full sync on every connection', async () => {
    const file = tempDbPath();
    for (let i = 0; i < 2; i++) {
      const store = openStore(file, { create: true });
      enableWal(store);
      expect(store.raw.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(store.raw.pragma('busy_timeout', { simple: true })).toBe(BUSY_TIMEOUT_MS);
      expect(store.raw.pragma('foreign_keys', { simple: true })).toBe(1);
      expect(store.raw.pragma('synchronous', { simple: true })).toBe(2);
      await store.close();
    }
  });
});
