import type { Kysely } from 'kysely';
import * as baseline from '../../../migrations/pg/0019_baseline.js';

export interface PgMigration {
  name: string;
  /** The schema version a database has once this has run: the same numbers as SQLite's (src/db/migrations.ts). */
  version: number;
  up(db: Kysely<any>): Promise<void>;
}

/**
 * PostgreSQL's migrations, in order. The first builds in one step what SQLite's 0001–0019 build; each
 * later SQLite migration gets its PostgreSQL counterpart here, with the same number.
 */
export const PG_MIGRATIONS: readonly PgMigration[] = [{ name: '0019_baseline', version: 19, ...baseline }];
