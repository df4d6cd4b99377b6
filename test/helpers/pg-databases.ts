import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { pgBinDir } from './pg-server.js';

/** The migrated, empty database every test database is copied from (see pg-global-setup.ts). */
export const PG_TEMPLATE = 'hongwu_template';

/** The engine the tests run against: `HONGWU_TEST_ENGINE=postgres` is the PostgreSQL run. */
export const onPostgres = (): boolean => process.env.HONGWU_TEST_ENGINE === 'postgres';

let made = 0;

/** Creates a database on the test server (a copy of `template`) and returns its URL. */
export function createPgDatabase(name: string, template = PG_TEMPLATE): string {
  const base = process.env.HONGWU_TEST_PG;
  if (!base)
    throw new Error(
      'HONGWU_TEST_PG is not set: the PostgreSQL run starts its server in test/helpers/pg-global-setup.ts',
    );
  const { hostname, port, username } = new URL(base);
  execFileSync(path.join(pgBinDir(), 'createdb'), ['-h', hostname, '-p', port, '-U', username, '-T', template, name], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return `${base}/${name}`;
}

/** A fresh database for one test, at the program's schema version and with no community yet. */
export function tempPgDatabase(): string {
  made += 1;
  return createPgDatabase(`hongwu_t${process.pid}_${made}_${Math.random().toString(36).slice(2, 8)}`);
}
