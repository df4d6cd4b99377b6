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
 * On a PostgreSQL server (`serverSqlLog`) every statement the connection sends is written the same
 * way, BEGIN, the write lock and COMMIT included, each followed by its time (the round trip with it),
 * after a line `-- connected in <ms> ms` (the connection's start: socket, start-up message,
 * authentication): the file is a script for `psql`, and its `-- … ms` lines are the time the command
 * waited on the server (as the client sees it: `pg` sending and reading each message is in it).
 * Residents' phone numbers are private (SPEC §3): the file is the owner's alone (0600) and a number
 * in a text literal is written masked (`'138****5678'`), the script still running as it stands.
 */
export interface SqlLogHooks {
  verbose?: (sql: unknown) => void;
  log?: (event: LogEvent) => void;
}

export function sqlLogHooks(file = process.env.HONGWU_SQL_LOG): SqlLogHooks {
  if (!file) return {};
  const lines = logLines(file);
  return {
    verbose: (sql) => lines.push(`${maskLiterals(String(sql).trimEnd())};\n`),
    log: (event) => {
      if (event.level === 'query') lines.push(`-- ${event.queryDurationMillis.toFixed(3)} ms\n`);
    },
  };
}

/**
 * The log of a server's connection: kysely's log event holds each statement with its parameters
 * (`$1`, …), which are written in as quoted literals: `pg` sends every parameter as text of a type
 * the server infers, as it does a quoted literal, so the statement means the same in `psql`.
 */
export interface ServerSqlLog {
  query: (event: LogEvent) => void;
  connected: (ms: number) => void;
}

export function serverSqlLog(file = process.env.HONGWU_SQL_LOG): ServerSqlLog | undefined {
  if (!file) return undefined;
  const lines = logLines(file);
  return {
    query: (event) => {
      const { sql, parameters } = event.query;
      lines.push(`${withLiterals(maskLiterals(sql.trimEnd()), parameters)};\n`);
      if (event.level === 'query') lines.push(`-- ${event.queryDurationMillis.toFixed(3)} ms\n`);
      else lines.push(`-- failed after ${event.queryDurationMillis.toFixed(3)} ms\n`);
    },
    connected: (ms) => lines.push(`-- connected in ${ms.toFixed(3)} ms\n`),
  };
}

/**
 * The lines of the log, kept in memory and written once at exit: a write per statement would be
 * timed with the statement (the hooks run inside kysely's measure) and inflate small queries.
 */
function logLines(file: string): string[] {
  const lines: string[] = [];
  process.once('exit', () => fs.appendFileSync(file, lines.join(''), { mode: 0o600 }));
  return lines;
}

/**
 * `$n` outside the statement's own text literals replaced by the n-th parameter as a literal. Only
 * a text parameter can be a phone number: a number (a month 202612, an id) is written as it is.
 */
function withLiterals(sql: string, parameters: readonly unknown[]): string {
  if (parameters.length === 0) return sql;
  return sql.replace(/'(?:[^']|'')*'|\$(\d+)/g, (whole, n: string | undefined) =>
    n === undefined || Number(n) > parameters.length ? whole : literal(parameters[Number(n) - 1]),
  );
}

function literal(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (Buffer.isBuffer(value)) return `'\\x${value.toString('hex')}'`;
  if (typeof value === 'number' || typeof value === 'bigint') return `'${value}'`;
  const text = value instanceof Date ? value.toISOString() : typeof value === 'object' ? JSON.stringify(value) : value;
  return maskLiterals(`'${String(text).replaceAll("'", "''")}'`);
}

/** A text literal that is a phone number (`'13812345678'`, `'+8613812345678'`, a LIKE `'%5678%'`'s too). */
function maskLiterals(sql: string): string {
  return sql.replace(
    /'(%?)(\+?\d{5,15})(%?)'/g,
    (_, before: string, digits: string, after: string) => `'${before}${maskPhone(digits)}${after}'`,
  );
}
