import Database from 'better-sqlite3';
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
  const { SQLITE_LIKE_TYPES } = await import('../../src/db/pg/store.js');
  const client = new pg.Client({ connectionString: db, types: SQLITE_LIKE_TYPES });
  await client.connect();
  try {
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
