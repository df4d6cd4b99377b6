import { type Kysely, sql } from 'kysely';

/**
 * Consultation meetings (红色议事厅) and the five steps of each topic:
 * raised 居民提问题 → proposed 多方拟方案 → decided 会议作决议 → implementing 分工抓落实 →
 * evaluated 效果大家评. A topic is raised at one meeting and may be carried over to later ones;
 * `topic_events` records each step with the meeting it happened at. Frozen in time.
 */
const STEPS = `'raised','proposed','decided','implementing','evaluated'`;
const RATINGS = `'satisfied','basic','unsatisfied'`;

const statements = [
  `CREATE TABLE meetings (
     id INTEGER PRIMARY KEY,
     community_id INTEGER NOT NULL REFERENCES communities(id),
     title TEXT NOT NULL,
     at TEXT NOT NULL,
     attendees INTEGER CHECK (attendees IS NULL OR attendees >= 0),
     recorded_at TEXT NOT NULL,
     operator TEXT NOT NULL
   )`,
  `CREATE INDEX meetings_by_month ON meetings (community_id, at)`,
  `CREATE TABLE topics (
     id INTEGER PRIMARY KEY,
     community_id INTEGER NOT NULL REFERENCES communities(id),
     meeting_id INTEGER NOT NULL REFERENCES meetings(id),
     title TEXT NOT NULL,
     step TEXT NOT NULL CHECK (step IN (${STEPS})),
     demand_id INTEGER REFERENCES demands(id),
     raised_by_resident_id INTEGER REFERENCES residents(id),
     raised_at TEXT NOT NULL,
     decided_at TEXT,
     evaluated_at TEXT,
     evaluation TEXT CHECK (evaluation IN (${RATINGS})),
     evaluation_comment TEXT
   )`,
  `CREATE INDEX topics_by_meeting ON topics (meeting_id)`,
  `CREATE INDEX topics_by_demand ON topics (demand_id) WHERE demand_id IS NOT NULL`,
  `CREATE INDEX topics_by_community ON topics (community_id, step)`,
  `CREATE TABLE proposals (
     id INTEGER PRIMARY KEY,
     topic_id INTEGER NOT NULL REFERENCES topics(id),
     n INTEGER NOT NULL CHECK (n > 0),
     text TEXT NOT NULL,
     team_id INTEGER NOT NULL REFERENCES teams(id),
     created_at TEXT NOT NULL,
     UNIQUE (topic_id, n)
   )`,
  `CREATE TABLE votes (
     id INTEGER PRIMARY KEY,
     proposal_id INTEGER NOT NULL REFERENCES proposals(id),
     meeting_id INTEGER REFERENCES meetings(id),
     votes_for INTEGER NOT NULL CHECK (votes_for >= 0),
     votes_against INTEGER NOT NULL CHECK (votes_against >= 0),
     votes_abstain INTEGER NOT NULL DEFAULT 0 CHECK (votes_abstain >= 0),
     passed INTEGER NOT NULL CHECK (passed IN (0, 1)),
     at TEXT NOT NULL,
     operator TEXT NOT NULL
   )`,
  `CREATE INDEX votes_by_proposal ON votes (proposal_id, at)`,
  `CREATE TABLE topic_tasks (
     topic_id INTEGER NOT NULL REFERENCES topics(id),
     demand_id INTEGER NOT NULL UNIQUE REFERENCES demands(id),
     PRIMARY KEY (topic_id, demand_id)
   ) WITHOUT ROWID`,
  `CREATE TABLE topic_events (
     id INTEGER PRIMARY KEY,
     topic_id INTEGER NOT NULL REFERENCES topics(id),
     step TEXT NOT NULL CHECK (step IN (${STEPS})),
     meeting_id INTEGER REFERENCES meetings(id),
     at TEXT NOT NULL,
     operator TEXT NOT NULL,
     note TEXT
   )`,
  `CREATE INDEX topic_events_by_topic ON topic_events (topic_id, at)`,
  `CREATE INDEX topic_events_by_step ON topic_events (step, at)`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
