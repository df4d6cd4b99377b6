import path from 'node:path';
import { baseEnv, json, spawnCli, tempDir } from '../helpers/cli.js';
import { createPgDatabase, onPostgres } from '../helpers/pg-databases.js';

/**
 * The demo database (three communities, thirteen months, every kind of record), built once per
 * test file by the real binary, with what it says it holds.
 */
export function buildDemo(): { file: string; firstMonth: string; lastMonth: string } {
  const file = path.join(tempDir('hongwu-copy-'), 'demo.db');
  // Not HONGWU_DB: the demo never writes the working database.
  const { HONGWU_DB: _working, ...env } = baseEnv(file);
  const made = json(spawnCli(['demo', '--db', file, '--yes', '--json'], env));
  return { file, firstMonth: made.first_month, lastMonth: made.last_month };
}

let made = 0;

/**
 * A new database in the middle of a round trip: on the PostgreSQL run a database on the test
 * server with nothing in it (not even hongwu's schema), otherwise a file not yet made.
 */
export function newMiddle(): string {
  made += 1;
  if (!onPostgres()) return path.join(tempDir('hongwu-copy-'), 'middle.db');
  return createPgDatabase(`hongwu_copy_${process.pid}_${made}_${Math.random().toString(36).slice(2, 8)}`, 'template1');
}

/** The months from `first` to `last`, `YYYY-MM`. */
export function monthsBetween(first: string, last: string): string[] {
  const months: string[] = [];
  let [y, m] = first.split('-').map(Number) as [number, number];
  for (let at = first; at <= last; at = `${y}-${String(m).padStart(2, '0')}`) {
    months.push(at);
    m += 1;
    if (m > 12) {
      y += 1;
      m = 1;
    }
  }
  return months;
}
