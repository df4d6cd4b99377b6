import fs from 'node:fs';
import type { LogEvent } from 'kysely';
import { maskPhone } from '../domain/phone.js';

/**
 * `HONGWU_SQL_LOG=<file>`: appends every statement the store runs to the file, with its
 * parameters inlined as SQL literals (SQLite's own `sqlite3_expanded_sql`, through better-sqlite3's
 * `verbose` hook, which sees kysely's queries and the raw handle's alike), each ending in `;` on
 * its own line. A query run through kysely is followed by `-- <ms> ms`, the time it took inside
 * the process (prepare, step and reading the rows). The file is an SQL script: `npm run bench`
 * replays exactly what a command ran in the `sqlite3` shell and compares the times.
 * Residents' phone numbers are private (SPEC §3): the file is the owner's alone (0600) and a number
 * in a text literal is written masked (`'138****5678'`), the script still running as it stands.
 */
export interface SqlLogHooks {
  verbose?: (sql: unknown) => void;
  log?: (event: LogEvent) => void;
}

export function sqlLogHooks(file = process.env.HONGWU_SQL_LOG): SqlLogHooks {
  if (!file) return {};
  // Kept in memory and written once at exit: a write per statement would be timed with the
  // statement (the verbose hook runs inside kysely's measure) and inflate small queries.
  const lines: string[] = [];
  process.once('exit', () => fs.appendFileSync(file, lines.join(''), { mode: 0o600 }));
  return {
    verbose: (sql) => lines.push(`${maskLiterals(String(sql).trimEnd())};\n`),
    log: (event) => {
      if (event.level === 'query') lines.push(`-- ${event.queryDurationMillis.toFixed(3)} ms\n`);
    },
  };
}

/** A text literal that is a phone number (`'13812345678'`, `'+8613812345678'`, a LIKE `'%5678%'`'s too). */
function maskLiterals(sql: string): string {
  return sql.replace(
    /'(%?)(\+?\d{5,15})(%?)'/g,
    (_, before: string, digits: string, after: string) => `'${before}${maskPhone(digits)}${after}'`,
  );
}
