import { listCommunities } from './community.repository.js';
import type { Store } from './connection.js';
import type { Community } from './schema.js';
import { readSettings } from './settings.repository.js';

/** What every command reads as it opens the database: its settings and its communities. */
export interface Opening {
  settings: Map<string, string>;
  communities: Community[];
}

/**
 * The opening reads: on a server, those its connection's first statement made in the same round
 * trip (src/db/pg/store.ts), while no transaction has run since; else two queries.
 */
export async function readOpening(store: Store): Promise<Opening> {
  const read = store.opening?.();
  if (read) return read;
  return { settings: await readSettings(store.db), communities: await listCommunities(store.db) };
}
