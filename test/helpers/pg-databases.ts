import { execFileSync, spawnSync } from 'node:child_process';
import path from 'node:path';
import { pgBinDir } from './pg-server.js';

/** The migrated, empty database every test database is copied from (see pg-global-setup.ts). */
export const PG_TEMPLATE = 'hongwu_template';

/** The engine the tests run against: `HONGWU_TEST_ENGINE=postgres` is the PostgreSQL run. */
export const onPostgres = (): boolean => process.env.HONGWU_TEST_ENGINE === 'postgres';

/** The databases this test file made, dropped when it ends (`dropPgDatabases`). */
const made: string[] = [];

/** `-h host -p port -U user` of the test server, and its URL without a database. */
function server(): { base: string; args: string[] } {
  const base = process.env.HONGWU_TEST_PG;
  if (!base)
    throw new Error(
      'HONGWU_TEST_PG is not set: the PostgreSQL run starts its server in test/helpers/pg-global-setup.ts',
    );
  const { hostname, port, username } = new URL(base);
  return { base, args: ['-h', hostname, '-p', port, '-U', username] };
}

/** Creates a database on the test server (a copy of `template`) and returns its URL. */
export function createPgDatabase(name: string, template = PG_TEMPLATE): string {
  const { base, args } = server();
  execFileSync(path.join(pgBinDir(), 'createdb'), [...args, '-T', template, name], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  made.push(name);
  return `${base}/${name}`;
}

/** A fresh database for one test, at the program's schema version and with no community yet. */
export function tempPgDatabase(): string {
  return createPgDatabase(`hongwu_t${process.pid}_${made.length + 1}_${Math.random().toString(36).slice(2, 8)}`);
}

/**
 * Drops the databases this file made (each is a few megabytes: a run makes thousands), closing
 * any connection a process left behind.
 */
export function dropPgDatabases(): void {
  if (made.length === 0) return;
  const { args } = server();
  const drops = made.splice(0).flatMap((name) => ['-c', `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`]);
  execFileSync(path.join(pgBinDir(), 'psql'), [...args, '-X', '-q', '-d', 'postgres', ...drops], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Runs SQL through `psql` on a test database, as an analyst on the server would (`flags` first). */
export function psql(
  url: string,
  sql: string,
  flags: readonly string[] = [],
): { status: number | null; stdout: string; stderr: string } {
  const shell = spawnSync(path.join(pgBinDir(), 'psql'), ['-X', '-q', ...flags, '-d', url, '-c', sql], {
    encoding: 'utf8',
  });
  return { status: shell.status, stdout: shell.stdout, stderr: shell.stderr };
}
