import { migrateToLatest } from '../../src/db/migrator.js';
import { openPgStore } from '../../src/db/pg/store.js';
import { createPgDatabase, PG_TEMPLATE } from './pg-databases.js';
import { startPgServer } from './pg-server.js';

/**
 * vitest's global setup for the PostgreSQL run (test/vitest.config.ts): one server for the whole
 * run, and a template database migrated once, which every test's database is copied from
 * (`tempDbPath`), so that a test does not pay for building the schema. The server's address is
 * handed to the test processes in HONGWU_TEST_PG.
 */
export default async function setup(): Promise<() => void> {
  const server = await startPgServer();
  process.env.HONGWU_TEST_PG = server.base;
  try {
    createPgDatabase(PG_TEMPLATE, 'template1');
    const store = await openPgStore(`${server.base}/${PG_TEMPLATE}`, { create: true });
    try {
      await migrateToLatest(store, { now: new Date() });
    } finally {
      await store.close();
    }
  } catch (e) {
    server.stop();
    throw e;
  }
  return () => server.stop();
}
