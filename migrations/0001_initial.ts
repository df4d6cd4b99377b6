import { type Kysely, sql } from 'kysely';

/**
 * The first schema: communities, the teams of 三方联动, residents and their special-group tags,
 * demands and their event history. Frozen in time: never import application code here.
 */
const inList = (values: string[]) => values.map((v) => `'${v}'`).join(',');

const CHANNELS = inList(['walk_in', 'phone', 'online', 'collection_point', 'grid', 'patrol', 'meeting']);
const CATEGORIES = inList([
  'parking',
  'repair',
  'environment',
  'security',
  'fire_safety',
  'neighbour',
  'noise',
  'greening',
  'utilities',
  'fee',
  'care',
  'other',
]);
const KINDS = inList(['request', 'complaint', 'dispute', 'suggestion']);
const TIERS = inList(['immediate', 'timed', 'major']);
const STATUSES = inList(['open', 'assigned', 'resolved', 'closed', 'cancelled']);
const OUTCOMES = inList(['resolved', 'mediated', 'not_mediated', 'referred', 'unresolvable']);
const RATINGS = inList(['satisfied', 'basic', 'unsatisfied']);
const TEAM_KINDS = inList([
  'party_org',
  'owners_committee',
  'property',
  'party_vanguard',
  'volunteer',
  'grid',
  'other',
]);
const TAGS = inList([
  'party_member',
  'elderly_alone',
  'elderly',
  'disabled',
  'left_behind_child',
  'building_leader',
  'household_liaison',
  'volunteer',
]);
const EVENT_TYPES = inList(['intake', 'assign', 'resolve', 'rate', 'cancel']);

const statements = [
  `CREATE TABLE settings (
     key TEXT PRIMARY KEY,
     value TEXT NOT NULL
   ) WITHOUT ROWID`,
  `CREATE TABLE communities (
     id INTEGER PRIMARY KEY,
     code TEXT NOT NULL UNIQUE,
     name TEXT NOT NULL UNIQUE,
     street TEXT,
     created_at TEXT NOT NULL
   )`,
  `CREATE TABLE teams (
     id INTEGER PRIMARY KEY,
     community_id INTEGER NOT NULL REFERENCES communities(id),
     name TEXT NOT NULL,
     kind TEXT NOT NULL CHECK (kind IN (${TEAM_KINDS})),
     created_at TEXT NOT NULL,
     UNIQUE (community_id, name)
   )`,
  `CREATE TABLE residents (
     id INTEGER PRIMARY KEY,
     community_id INTEGER NOT NULL REFERENCES communities(id),
     name TEXT NOT NULL,
     phone TEXT,
     address TEXT,
     created_at TEXT NOT NULL,
     UNIQUE (community_id, phone)
   )`,
  `CREATE INDEX residents_by_name ON residents (community_id, name)`,
  `CREATE TABLE resident_tags (
     resident_id INTEGER NOT NULL REFERENCES residents(id),
     tag TEXT NOT NULL CHECK (tag IN (${TAGS})),
     tagged_at TEXT NOT NULL,
     operator TEXT NOT NULL,
     PRIMARY KEY (resident_id, tag)
   ) WITHOUT ROWID`,
  `CREATE INDEX resident_tags_by_tag ON resident_tags (tag, resident_id)`,
  `CREATE TABLE demands (
     id INTEGER PRIMARY KEY,
     community_id INTEGER NOT NULL REFERENCES communities(id),
     number TEXT NOT NULL UNIQUE,
     number_month TEXT NOT NULL,
     number_seq INTEGER NOT NULL,
     summary TEXT NOT NULL,
     channel TEXT NOT NULL CHECK (channel IN (${CHANNELS})),
     category TEXT NOT NULL CHECK (category IN (${CATEGORIES})),
     kind TEXT NOT NULL CHECK (kind IN (${KINDS})),
     tier TEXT NOT NULL CHECK (tier IN (${TIERS})),
     status TEXT NOT NULL CHECK (status IN (${STATUSES})),
     resident_id INTEGER REFERENCES residents(id),
     phone TEXT,
     address TEXT,
     received_at TEXT NOT NULL,
     response_due_at TEXT NOT NULL,
     resolve_due_at TEXT NOT NULL,
     assignee_team_id INTEGER REFERENCES teams(id),
     assignee_resident_id INTEGER REFERENCES residents(id),
     responded_at TEXT,
     first_resolved_at TEXT,
     resolved_at TEXT,
     outcome TEXT CHECK (outcome IN (${OUTCOMES})),
     rating TEXT CHECK (rating IN (${RATINGS})),
     rated_at TEXT,
     cancelled_at TEXT,
     UNIQUE (number_month, number_seq),
     CHECK (assignee_team_id IS NULL OR assignee_resident_id IS NULL)
   )`,
  `CREATE INDEX demands_by_received ON demands (community_id, received_at)`,
  `CREATE INDEX demands_by_status_due ON demands (community_id, status, resolve_due_at)`,
  `CREATE INDEX demands_by_resident ON demands (resident_id) WHERE resident_id IS NOT NULL`,
  `CREATE TABLE demand_events (
     id INTEGER PRIMARY KEY,
     demand_id INTEGER NOT NULL REFERENCES demands(id),
     type TEXT NOT NULL CHECK (type IN (${EVENT_TYPES})),
     at TEXT NOT NULL,
     recorded_at TEXT NOT NULL,
     operator TEXT NOT NULL,
     note TEXT,
     status_after TEXT NOT NULL CHECK (status_after IN (${STATUSES})),
     team_id INTEGER REFERENCES teams(id),
     resident_id INTEGER REFERENCES residents(id),
     outcome TEXT CHECK (outcome IN (${OUTCOMES})),
     rating TEXT CHECK (rating IN (${RATINGS})),
     due_at TEXT
   )`,
  `CREATE INDEX demand_events_by_demand ON demand_events (demand_id, at)`,
  `CREATE INDEX demand_events_by_type ON demand_events (type, at)`,
  `CREATE TABLE audit_log (
     id INTEGER PRIMARY KEY,
     at TEXT NOT NULL,
     operator TEXT NOT NULL,
     action TEXT NOT NULL,
     subject TEXT NOT NULL,
     note TEXT
   )`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
