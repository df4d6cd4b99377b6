import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bulkWriter, checksOf, finishLoading, startLoading } from '../../src/db/bulk.repository.js';
import { openStore } from '../../src/db/connection.js';
import { migrateToLatest } from '../../src/db/migrator.js';
import { tempDir } from '../helpers/cli.js';

async function freshStore() {
  const store = openStore(path.join(tempDir('hongwu-bulk-'), 'bulk.db'), { create: true });
  await migrateToLatest(store, { now: new Date('2026-11-26T02:00:00Z') });
  store.raw
    .prepare("INSERT INTO communities (code, name, created_at) VALUES ('lsgw', '蓝色港湾', '2026-01-01T00:00:00.000Z')")
    .run();
  return store;
}

const resident = (i: number) => ({
  community_id: 1,
  name: `居民${i}`,
  phone: `138${String(i).padStart(8, '0')}`,
  address: null,
  created_at: '2026-01-01T00:00:00.000Z',
  name_pinyin: null,
  name_initials: null,
});

describe('the bulk path', () => {
  it('writes rows in batches under the ids it hands out', async () => {
    const store = await freshStore();
    const loading = startLoading(store, ['residents']);
    const bulk = bulkWriter(store);
    const ids = bulk.transaction(() => Array.from({ length: 250 }, (_, i) => bulk.insert('residents', resident(i))));
    finishLoading(store, loading);
    expect(ids).toEqual(Array.from({ length: 250 }, (_, i) => i + 1));
    const rows = store.raw.prepare('SELECT id, name FROM residents ORDER BY id').all() as {
      id: number;
      name: string;
    }[];
    expect(rows).toHaveLength(250);
    expect(rows[249]).toEqual({ id: 250, name: '居民249' });
    await store.close();
  });

  it('writes nothing when the work fails, and the ledger triggers still guard every row', async () => {
    const store = await freshStore();
    const bulk = bulkWriter(store);
    expect(() =>
      bulk.transaction(() => {
        const r = bulk.insert('residents', resident(1));
        bulk.insert('items', {
          community_id: 1,
          name: '毛巾',
          cost: 15,
          stock: 5,
          kind: 'goods',
          created_at: '2026-01-01T00:00:00.000Z',
        });
        bulk.insert('ledger', {
          community_id: 1,
          resident_id: r,
          type: 'redeem',
          delta: -15,
          reason: null,
          item_id: 1,
          qty: 1,
          activity_id: null,
          reverses: null,
          note: null,
          at: '2026-01-02T00:00:00.000Z',
          recorded_at: '2026-01-02T00:00:00.000Z',
          operator: 't',
        });
      }),
    ).toThrow('a points balance cannot go below zero');
    expect(
      store.raw
        .prepare(
          'SELECT (SELECT count(*) FROM residents) + (SELECT count(*) FROM items) + (SELECT count(*) FROM ledger)',
        )
        .pluck()
        .get(),
    ).toBe(0);
    await store.close();
  });

  it('sets the secondary indexes aside while loading and rebuilds them from their own definitions', async () => {
    const store = await freshStore();
    const indexes = () =>
      store.raw
        .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name")
        .all();
    const before = indexes();
    const loading = startLoading(store, ['demands', 'demand_events']);
    expect(indexes().map((i) => (i as { name: string }).name)).not.toContain('demands_by_status_due');
    const bulk = bulkWriter(store);
    bulk.transaction(() => bulk.insert('residents', resident(1)));
    finishLoading(store, loading);
    expect(indexes()).toEqual(before);
    expect(store.raw.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(store.raw.pragma('integrity_check', { simple: true })).toBe('ok');
    await store.close();
  });

  it('checks every loaded row against the CHECK constraints once the load is done', async () => {
    const store = await freshStore();
    const loading = startLoading(store, ['demands', 'demand_events']);
    const bulk = bulkWriter(store);
    bulk.transaction(() => {
      const r = bulk.insert('residents', resident(1));
      bulk.insert('resident_tags', {
        resident_id: r,
        tag: 'astronaut' as 'volunteer',
        tagged_at: '2026-01-01T00:00:00.000Z',
        operator: 't',
      });
    });
    expect(() => finishLoading(store, loading)).toThrow(
      'bulk load wrote 1 rows into resident_tags that fail its CHECK constraints',
    );
    await store.close();
  });

  it('reads the CHECK expressions of a table from its CREATE statement', () => {
    expect(checksOf("CREATE TABLE t (a TEXT CHECK (a IN ('x)', 'y')), b INT, CHECK (b IS NULL OR (b > 0)))")).toEqual([
      "a IN ('x)', 'y')",
      'b IS NULL OR (b > 0)',
    ]);
  });
});
