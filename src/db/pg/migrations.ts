import type { Kysely } from 'kysely';
import * as baseline from '../../../migrations/pg/0019_baseline.js';
import * as reportMonths from '../../../migrations/pg/0021_report_months.js';
import * as reportMonthsWrites from '../../../migrations/pg/0022_report_months_writes.js';
import { MIGRATIONS, type Migration } from '../migrations.js';

export interface PgMigration {
  name: string;
  /** The schema version a database has once this has run: the same numbers as SQLite's (src/db/migrations.ts). */
  version: number;
  up(db: Kysely<any>): Promise<void>;
}

/** How many of SQLite's migrations the baseline stands for. */
const BASELINE_VERSION = 19;

/**
 * PostgreSQL's own version of a later SQLite migration whose SQL PostgreSQL reads otherwise, by
 * the SQLite migration's name (`migrations/pg/NNNN_name.ts`). 0020's indexes read alike; 0021's triggers
 * are PL/pgSQL there; 0022 is a server's alone.
 */
const OWN: Readonly<Record<string, Migration>> = {
  '0021_report_months': { name: '0021_report_months', ...reportMonths },
  '0022_report_months_writes': { name: '0022_report_months_writes', ...reportMonthsWrites },
};

/**
 * PostgreSQL's migrations, in order: the baseline builds in one step what SQLite's first 19 build;
 * every later SQLite migration runs as it is (plain SQL both engines read alike), or as its
 * PostgreSQL version in `OWN`. A migration PostgreSQL cannot read fails the PostgreSQL tests' set-up.
 */
export const PG_MIGRATIONS: readonly PgMigration[] = [
  { name: '0019_baseline', version: BASELINE_VERSION, ...baseline },
  ...MIGRATIONS.slice(BASELINE_VERSION).map((m, i) => ({ ...(OWN[m.name] ?? m), version: BASELINE_VERSION + i + 1 })),
];
