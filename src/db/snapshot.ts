import { sql } from 'kysely';
import type { Store } from './connection.js';

/**
 * Runs several reads in one read transaction: every statement sees the same snapshot of the file
 * (WAL) or server, so a report's figures agree with each other and a listing read in chunks is one
 * listing, even while clerks keep writing. `writes`: the work may end by writing what it computed from
 * the snapshot (the report's kept months, src/db/report-months.repository.ts); SQLite's read
 * transaction can always try, PostgreSQL's is then opened read-write.
 */
export async function inSnapshot<T>(store: Store, work: () => Promise<T>, writes = false): Promise<T> {
  await begin(store, writes);
  try {
    return await work();
  } finally {
    await commit(store);
  }
}

/** The same for chunks read one after another (a listing exported in chunks): committed when the reader stops. */
export async function* chunksInSnapshot<T>(store: Store, chunks: () => AsyncIterable<T>): AsyncGenerator<T> {
  const cache = store.engine === 'sqlite' ? store.raw.pragma('cache_size', { simple: true }) : undefined;
  if (cache !== undefined) store.raw.pragma(`cache_size = ${EXPORT_CACHE_KIB}`);
  await begin(store);
  try {
    yield* chunks();
  } finally {
    await commit(store);
    if (cache !== undefined) store.raw.pragma(`cache_size = ${cache}`);
  }
}

/**
 * SQLite's page cache while a listing is read in chunks, in KiB (negative: a size, not pages). better-sqlite3 builds
 * SQLite with 16 MiB, which an export of a whole file fills with pages it reads once: a sixth of its peak memory
 * (issue #21). The index pages that every chunk descends through fit in far less.
 */
const EXPORT_CACHE_KIB = -2048;

// On PostgreSQL: one REPEATABLE READ transaction on the command's one connection (src/db/pg/store.ts).
async function begin(store: Store, writes = false): Promise<void> {
  if (store.engine === 'sqlite') store.raw.exec('BEGIN DEFERRED');
  else if (writes) await sql`BEGIN ISOLATION LEVEL REPEATABLE READ`.execute(store.db);
  else await sql`BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY`.execute(store.db);
}

async function commit(store: Store): Promise<void> {
  if (store.engine === 'sqlite') store.raw.exec('COMMIT');
  else await sql`COMMIT`.execute(store.db);
}
