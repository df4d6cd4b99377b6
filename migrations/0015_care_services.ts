import { type Kysely, sql } from 'kysely';

/**
 * 关爱服务: the services to the special groups, in each resident's archive (SPEC §10), with who
 * gave them (a team or a resident volunteer) and the ledger entry that credited the volunteer.
 * Frozen in time: never import application code here.
 */
const statements = [
  `CREATE TABLE care_services (
     id INTEGER PRIMARY KEY,
     community_id INTEGER NOT NULL REFERENCES communities(id),
     resident_id INTEGER NOT NULL REFERENCES residents(id),
     service TEXT NOT NULL CHECK (service IN ('visit', 'home_repair', 'errand', 'health', 'delivery', 'escort',
    'other')),
     note TEXT,
     by_team_id INTEGER REFERENCES teams(id),
     by_resident_id INTEGER REFERENCES residents(id),
     points INTEGER CHECK (points IS NULL OR points > 0),
     ledger_id INTEGER REFERENCES ledger(id),
     at TEXT NOT NULL,
     recorded_at TEXT NOT NULL,
     operator TEXT NOT NULL,
     CHECK (by_team_id IS NULL OR by_resident_id IS NULL)
   )`,
  `CREATE INDEX care_services_by_resident ON care_services (resident_id, at)`,
  `CREATE INDEX care_services_by_community ON care_services (community_id, at)`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
