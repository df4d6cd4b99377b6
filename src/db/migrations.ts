import type { Kysely } from 'kysely';
import * as m0001 from '../../migrations/0001_initial.js';

export interface Migration {
  name: string;
  up(db: Kysely<any>): Promise<void>;
}

/** Every migration, in order; the schema version of a file is how many of them it has had. */
export const MIGRATIONS: readonly Migration[] = [{ name: '0001_initial', ...m0001 }];
