import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { openStore, type Store } from '../../src/db/connection.js';
import { isServerUrl } from '../../src/db/engine.js';

/**
 * Runs one statement straight on a test's database, on either engine (a file, or a server's URL):
 * checks of what was stored that no command prints, or a row changed as an older version left it.
 * Plain SQL that both engines read alike, with `?` for each of `params`; a statement that returns
 * no rows gives [].
 */
export async function rows<T = Record<string, unknown>>(
  db: string,
  text: string,
  params: unknown[] = [],
): Promise<T[]> {
  if (!isServerUrl(db)) {
    const raw = new Database(db);
    try {
      const statement = raw.prepare(text);
      if (!statement.reader) {
        statement.run(...params);
        return [];
      }
      return statement.all(...params) as T[];
    } finally {
      raw.close();
    }
  }
  const { default: pg } = await import('pg');
  const { SQLITE_LIKE_TYPES, WITH_HONGWU_FUNCTIONS } = await import('../../src/db/pg/store.js');
  const client = new pg.Client({ connectionString: db, types: SQLITE_LIKE_TYPES });
  await client.connect();
  try {
    await client.query(WITH_HONGWU_FUNCTIONS);
    let n = 0;
    return (
      await client.query(
        text.replace(/\?/g, () => `$${++n}`),
        params,
      )
    ).rows as T[];
  } finally {
    await client.end();
  }
}

/**
 * What a test's database holds, as a digest: "left unchanged" means this is the same before and
 * after. A file's bytes; on a server, every row of every table as `pg_dump` writes it.
 */
export async function contents(db: string): Promise<string> {
  if (!isServerUrl(db)) return crypto.createHash('sha256').update(fs.readFileSync(db)).digest('hex');
  const { pgBinDir } = await import('./pg-server.js');
  const dump = execFileSync(path.join(pgBinDir(), 'pg_dump'), ['--data-only', '--no-owner', '-d', db], {
    maxBuffer: 1 << 30,
    stdio: ['ignore', 'pipe', 'ignore'], // its warnings about the ledgers' self-references
  });
  // Newer pg_dumps guard the script with a random key (`\restrict <key>`): not part of the data.
  const data = dump.toString('utf8').replace(/^\\(un)?restrict .*$/gm, '');
  return crypto.createHash('sha256').update(data).digest('hex');
}

/** Opens a test's database with the program's own store, on either engine (a file must exist). */
export async function openTestStore(db: string): Promise<Store> {
  if (!isServerUrl(db)) return openStore(db, { create: false });
  const { openPgStore } = await import('../../src/db/pg/store.js');
  return openPgStore(db, { create: false });
}
