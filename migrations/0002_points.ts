import { type Kysely, sql } from 'kysely';

/**
 * The volunteer points ledger and the love supermarket (志愿积分 · 爱心超市). The ledger is
 * append-only in the database itself: UPDATE and DELETE are refused by triggers, and no entry may
 * take a resident's balance below zero. Frozen in time: never import application code here.
 */
const REASONS = `'patrol','cleanup','persuasion','service','mediation','other'`;

const statements = [
  `CREATE TABLE items (
     id INTEGER PRIMARY KEY,
     community_id INTEGER NOT NULL REFERENCES communities(id),
     name TEXT NOT NULL,
     cost INTEGER NOT NULL CHECK (cost > 0),
     stock INTEGER CHECK (stock IS NULL OR stock >= 0),
     kind TEXT NOT NULL DEFAULT 'goods' CHECK (kind IN ('goods','service')),
     created_at TEXT NOT NULL,
     UNIQUE (community_id, name)
   )`,
  `CREATE TABLE activities (
     id INTEGER PRIMARY KEY,
     community_id INTEGER NOT NULL REFERENCES communities(id),
     title TEXT NOT NULL,
     team_id INTEGER NOT NULL REFERENCES teams(id),
     reason TEXT NOT NULL CHECK (reason IN (${REASONS})),
     points INTEGER NOT NULL CHECK (points > 0),
     at TEXT NOT NULL,
     recorded_at TEXT NOT NULL,
     operator TEXT NOT NULL
   )`,
  `CREATE INDEX activities_by_month ON activities (community_id, at)`,
  `CREATE TABLE ledger (
     id INTEGER PRIMARY KEY,
     community_id INTEGER NOT NULL REFERENCES communities(id),
     resident_id INTEGER NOT NULL REFERENCES residents(id),
     type TEXT NOT NULL CHECK (type IN ('earn','redeem','reversal')),
     delta INTEGER NOT NULL CHECK (delta <> 0),
     reason TEXT CHECK (reason IN (${REASONS})),
     item_id INTEGER REFERENCES items(id),
     qty INTEGER CHECK (qty IS NULL OR qty > 0),
     activity_id INTEGER REFERENCES activities(id),
     reverses INTEGER UNIQUE REFERENCES ledger(id),
     note TEXT,
     at TEXT NOT NULL,
     recorded_at TEXT NOT NULL,
     operator TEXT NOT NULL,
     CHECK (type <> 'earn' OR (delta > 0 AND reason IS NOT NULL)),
     CHECK (type <> 'redeem' OR (delta < 0 AND item_id IS NOT NULL AND qty IS NOT NULL)),
     CHECK (type <> 'reversal' OR reverses IS NOT NULL)
   )`,
  `CREATE INDEX ledger_by_resident ON ledger (resident_id, at)`,
  `CREATE INDEX ledger_by_month ON ledger (community_id, at)`,
  `CREATE INDEX ledger_by_activity ON ledger (activity_id) WHERE activity_id IS NOT NULL`,
  `CREATE TRIGGER ledger_no_update BEFORE UPDATE ON ledger
   BEGIN SELECT RAISE(ABORT, 'the points ledger is append-only: use points reverse'); END`,
  `CREATE TRIGGER ledger_no_delete BEFORE DELETE ON ledger
   BEGIN SELECT RAISE(ABORT, 'the points ledger is append-only: use points reverse'); END`,
  `CREATE TRIGGER ledger_balance_not_negative BEFORE INSERT ON ledger
   WHEN NEW.delta < 0
     AND (SELECT coalesce(sum(delta), 0) FROM ledger WHERE resident_id = NEW.resident_id) + NEW.delta < 0
   BEGIN SELECT RAISE(ABORT, 'a points balance cannot go below zero'); END`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
