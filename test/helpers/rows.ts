import Database from 'better-sqlite3';
import { isServerUrl } from '../../src/db/engine.js';

/**
 * Reads rows straight from a test's database, on either engine (a file, or a server's URL), for
 * checks of what was stored that no command prints. Plain SQL that both engines read alike.
 */
export async function rows<T = Record<string, unknown>>(db: string, text: string): Promise<T[]> {
  if (!isServerUrl(db)) {
    const raw = new Database(db, { readonly: true });
    try {
      return raw.prepare(text).all() as T[];
    } finally {
      raw.close();
    }
  }
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: db });
  await client.connect();
  try {
    return (await client.query(text)).rows as T[];
  } finally {
    await client.end();
  }
}
