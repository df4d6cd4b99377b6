import { listCommunities } from './community.repository.js';
import type { Store } from './connection.js';
import type { Community } from './schema.js';
import { readSettings } from './settings.repository.js';

/** What every command reads as it opens the database: its settings, then its communities. */
export interface Opening {
  settings: Map<string, string>;
  communities: Community[];
}

/**
 * The database's settings: on a server as its connection's first statement read them, if that
 * connection has sent nothing since (src/db/pg/store.ts: no round trip of their own); else a query.
 */
export async function storeSettings(store: Store): Promise<Map<string, string>> {
  return store.opening?.()?.settings ?? readSettings(store.db);
}

/** The communities, as `storeSettings` reads the settings. */
export async function storeCommunities(store: Store): Promise<Community[]> {
  return store.opening?.()?.communities ?? listCommunities(store.db);
}
