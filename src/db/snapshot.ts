import { sql } from 'kysely';
import type { Store } from './connection.js';

/**
 * Runs several reads in one read transaction: every statement sees the same snapshot of the file
 * (WAL) or server, so a report's figures agree with each other and a listing read in chunks is one
 * listing, even while clerks keep writing.
 */
export async function inSnapshot<T>(store: Store, work: () => Promise<T>): Promise<T> {
  await begin(store);
  try {
    return await work();
  } finally {
    await commit(store);
  }
}

/** The same for chunks read one after another (a listing exported in chunks): committed when the reader stops. */
export async function* chunksInSnapshot<T>(store: Store, chunks: () => AsyncIterable<T>): AsyncGenerator<T> {
  await begin(store);
  try {
    yield* chunks();
  } finally {
    await commit(store);
  }
}

// On PostgreSQL: one REPEATABLE READ transaction on the command's one connection (src/db/pg/store.ts).
async function begin(store: Store): Promise<void> {
  if (store.engine === 'sqlite') store.raw.exec('BEGIN DEFERRED');
  else await sql`BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY`.execute(store.db);
}

async function commit(store: Store): Promise<void> {
  if (store.engine === 'sqlite') store.raw.exec('COMMIT');
  else await sql`COMMIT`.execute(store.db);
}
