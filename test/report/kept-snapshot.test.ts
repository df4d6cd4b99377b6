import Database from 'better-sqlite3';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { keepMonths } from '../../src/db/report-months.repository.js';
import { inSnapshot } from '../../src/db/snapshot.js';
import { isServerUrl } from '../../src/db/engine.js';
import { cli, initDb, spawnCliAsync, type Result } from '../helpers/cli.js';
import { openTestStore, rows } from '../helpers/rows.js';

/**
 * The report keeps the figures of finished months on either engine (a file since migration 0021, a
 * server since 0022), and a kept row never outlives a write it should have been deleted by: a write
 * committed after the report's snapshot began, or still uncommitted when the report would keep,
 * leaves nothing kept (neither waits); a later report computes and keeps.
 */
const NOW = '2026-12-10T10:00:00+08:00';
type Env = Record<string, string | undefined>;
const OCTOBER = { community_id: 1, month: '2026-10', part: 'month' as const, ends_at: '2026-10-31T16:00:00.000Z' };

async function must(env: Env, ...args: string[]): Promise<Result> {
  const r = await cli(args, env);
  if (r.code !== 0) throw new Error(`${args.join(' ')}: ${r.stderr}`);
  return r;
}

async function october(): Promise<{ db: string; env: Env }> {
  const { db, env } = await initDb({ HONGWU_NOW: NOW });
  await must(env, 'resident', 'add', '张三', '--phone', '13900000001', '--at', '2026-01-01');
  await must(env, 'intake', '漏水', '--channel', 'phone', '--category', 'repair', '--at', '2026-09-03 09:00');
  await must(env, 'intake', '噪音', '--channel', 'phone', '--category', 'noise', '--at', '2026-10-05 09:00');
  return { db, env };
}

const keptNow = async (db: string) =>
  (
    await rows<{ community_id: number; month: string; part: string }>(
      db,
      'SELECT community_id, month, part FROM report_months ORDER BY community_id, month, part',
    )
  ).map((r) => `${Number(r.community_id)} ${r.month} ${r.part}`);

/** A write dated in October, begun on its own connection and held uncommitted until `release`. */
async function heldWrite(db: string): Promise<{ release: () => Promise<void> }> {
  const tag = "INSERT INTO resident_tags (resident_id, tag, tagged_at, operator) VALUES (1, 'elderly', ?, 'test')";
  const at = '2026-10-23T00:00:00.000Z';
  if (!isServerUrl(db)) {
    const raw = new Database(db);
    raw.exec('BEGIN IMMEDIATE');
    raw.prepare(tag).run(at);
    return {
      release: async () => {
        raw.exec('COMMIT');
        raw.close();
      },
    };
  }
  const { default: pg } = await import('pg');
  const { WITH_HONGWU_FUNCTIONS } = await import('../../src/db/pg/store.js');
  const client = new pg.Client({ connectionString: db });
  await client.connect();
  await client.query(WITH_HONGWU_FUNCTIONS);
  await client.query('BEGIN');
  await client.query(tag.replace('?', '$1'), [at]);
  return {
    release: async () => {
      await client.query('COMMIT');
      await client.end();
    },
  };
}

/** Tries to keep October's row from a snapshot begun before `meanwhile` runs; the time the keep took. */
async function keepAfter(db: string, meanwhile: () => Promise<void>): Promise<{ kept: boolean; ms: number }> {
  const store = await openTestStore(db);
  try {
    return await inSnapshot(
      store,
      async () => {
        await sql`SELECT count(*) AS n FROM demands`.execute(store.db);
        await meanwhile();
        const started = Date.now();
        const kept = await keepMonths(store, [{ ...OCTOBER, figures: '{}' }]);
        return { kept, ms: Date.now() - started };
      },
      true,
    );
  } finally {
    await store.close();
  }
}

describe('the report keeps finished months on either engine', () => {
  it('keeps them, serves them, and forgets them from a backdated write on', async () => {
    const { db, env } = await october();
    const md = ['report', '--month', '2026-10', '--format', 'md'];
    const first = (await must(env, ...md)).stdout;
    const kept = await keptNow(db);
    expect(kept).toEqual(expect.arrayContaining(['1 2026-10 month', '1 2026-10 year_to_date', '1 2026-10 overdue']));
    expect(kept.filter((k) => k.endsWith(' trend'))).toHaveLength(12);
    expect((await must(env, ...md)).stdout).toBe(first);

    await must(env, 'intake', '路灯', '--channel', 'phone', '--category', 'repair', '--at', '2026-10-20 09:00');
    expect((await keptNow(db)).filter((k) => k.includes('2026-10'))).toEqual([]);
    const after = (await must(env, ...md)).stdout;
    expect(after).not.toBe(first);
    await rows(db, 'DELETE FROM report_months');
    expect((await must(env, ...md)).stdout).toBe(after);
  });

  it('keeps nothing when a write was committed after the snapshot began', async () => {
    const { db, env } = await october();
    const late = await keepAfter(db, async () => {
      await must(env, 'resident', 'tag', '张三', 'elderly', '--at', '2026-10-23');
    });
    expect(late.kept).toBe(false);
    expect(await keptNow(db)).toEqual([]);
    expect((await keepAfter(db, async () => undefined)).kept).toBe(true);
    expect(await keptNow(db)).toEqual(['1 2026-10 month']);
  });

  it('keeps nothing, without waiting, while a write is not yet committed', async () => {
    const { db } = await october();
    const write = await heldWrite(db);
    let attempt: { kept: boolean; ms: number };
    try {
      attempt = await keepAfter(db, async () => undefined);
    } finally {
      await write.release();
    }
    expect(attempt.kept).toBe(false);
    expect(attempt.ms).toBeLessThan(2000);
    expect(await keptNow(db)).toEqual([]);
  });

  it('a write begun while the keep is not yet committed waits for it, then deletes what it kept', async () => {
    const { db, env } = await october();
    const store = await openTestStore(db);
    let write: Promise<Result> | undefined;
    try {
      await inSnapshot(
        store,
        async () => {
          await sql`SELECT count(*) AS n FROM demands`.execute(store.db);
          expect(await keepMonths(store, [{ ...OCTOBER, figures: '{}' }])).toBe(true);
          write = spawnCliAsync(['resident', 'tag', '张三', 'elderly', '--at', '2026-10-23'], env);
          // Let it reach the lock the keep holds (were it later, it would simply run after the commit).
          await new Promise((resolve) => setTimeout(resolve, 1000));
        },
        true,
      );
    } finally {
      await store.close();
    }
    expect((await write!).code).toBe(0);
    expect(await keptNow(db)).toEqual([]);
  });
});
