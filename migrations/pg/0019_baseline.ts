import { type Kysely, sql } from 'kysely';
import { LABELS, offsetPeriods } from '../0018_analyst_views.js';

/**
 * PostgreSQL's baseline (SPEC §14): in one step, the schema SQLite's migrations 0001–0019 build, so
 * that every query, figure and JSON field is the same on both engines. Written for PostgreSQL:
 *
 * - Integers are BIGINT (SQLite's are 64-bit); the connection reads them back as JS numbers.
 * - Text is `COLLATE "C"`: it sorts and compares byte by byte as SQLite does, whatever collation
 *   the database was created with.
 * - An `id` left out of an INSERT is the table's largest plus one (`hongwu_next_id`), as SQLite's
 *   rowid: a refused command leaves no gap in the ledgers' numbers, and a copied row keeps its
 *   id. Safe because every hongwu transaction holds the database's write lock (src/db/pg/store.ts).
 * - The database-enforced rules are triggers raising SQLite's messages word for word (the services
 *   match them): the append-only ledgers and audit log (TRUNCATE refused too), no negative points
 *   balance, no bill paid or waived beyond its amount, no payment allocated beyond itself. SQLite's
 *   `*_no_replace` triggers guard against `INSERT OR REPLACE`, which PostgreSQL does not have.
 * - The few SQLite functions hongwu's SQL calls exist here with the same results: `strftime` (the
 *   formats and '+N days' / 'N minutes' modifiers used), `julianday`, `group_concat`, `sum` of
 *   comparisons, and `json_each` over a JSON array of ids. They live in a schema of hongwu's own,
 *   `hongwu`, which a connection puts last on its search_path and the compiled SQL names: another
 *   application's `strftime` or `sum(boolean)` in the same database neither clashes with them nor
 *   is called in their place.
 * - The analysts' views (0018) show local times through `hongwu_local`, from `zone_offsets`.
 * Frozen in time: never import application code here (0018's labels and offset rule are frozen too).
 */
const inList = (values: string[]) => values.map((v) => `'${v}'`).join(',');

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
const STATUSES = inList(['open', 'assigned', 'resolved', 'closed', 'cancelled']);
const OUTCOMES = inList(['resolved', 'mediated', 'not_mediated', 'referred', 'unresolvable']);
const REASONS = inList(['patrol', 'cleanup', 'persuasion', 'service', 'mediation', 'other']);
const STEPS = inList(['raised', 'proposed', 'decided', 'implementing', 'evaluated']);
const EVENT_TYPES = inList(['intake', 'assign', 'resolve', 'rate', 'cancel', 'pause', 'resume']);
const CARE_SERVICES = inList(['visit', 'home_repair', 'errand', 'health', 'delivery', 'escort', 'other']);

const tables = [
  `CREATE TABLE settings (
     key TEXT COLLATE "C" PRIMARY KEY,
     value TEXT COLLATE "C" NOT NULL
   )`,
  `CREATE TABLE communities (
     id BIGINT PRIMARY KEY,
     code TEXT COLLATE "C" NOT NULL UNIQUE,
     name TEXT COLLATE "C" NOT NULL UNIQUE,
     street TEXT COLLATE "C",
     created_at TEXT COLLATE "C" NOT NULL
   )`,
  `CREATE TABLE teams (
     id BIGINT PRIMARY KEY,
     community_id BIGINT NOT NULL REFERENCES communities(id),
     name TEXT COLLATE "C" NOT NULL,
     kind TEXT COLLATE "C" NOT NULL CHECK (kind IN (${TEAM_KINDS})),
     created_at TEXT COLLATE "C" NOT NULL,
     UNIQUE (community_id, name)
   )`,
  `CREATE TABLE residents (
     id BIGINT PRIMARY KEY,
     community_id BIGINT NOT NULL REFERENCES communities(id),
     name TEXT COLLATE "C" NOT NULL,
     phone TEXT COLLATE "C",
     address TEXT COLLATE "C",
     created_at TEXT COLLATE "C" NOT NULL,
     name_pinyin TEXT COLLATE "C",
     name_initials TEXT COLLATE "C",
     UNIQUE (community_id, phone)
   )`,
  `CREATE INDEX residents_by_name ON residents (community_id, name)`,
  `CREATE TABLE resident_tags (
     resident_id BIGINT NOT NULL REFERENCES residents(id),
     tag TEXT COLLATE "C" NOT NULL CHECK (tag IN (${TAGS})),
     tagged_at TEXT COLLATE "C" NOT NULL,
     operator TEXT COLLATE "C" NOT NULL,
     PRIMARY KEY (resident_id, tag)
   )`,
  `CREATE INDEX resident_tags_by_tag ON resident_tags (tag, resident_id)`,
  `CREATE TABLE demands (
     id BIGINT PRIMARY KEY,
     community_id BIGINT NOT NULL REFERENCES communities(id),
     number TEXT COLLATE "C" NOT NULL UNIQUE,
     number_month TEXT COLLATE "C" NOT NULL,
     number_seq BIGINT NOT NULL,
     summary TEXT COLLATE "C" NOT NULL,
     channel TEXT COLLATE "C" NOT NULL CHECK (channel IN (${CHANNELS})),
     category TEXT COLLATE "C" NOT NULL CHECK (category IN (${CATEGORIES})),
     kind TEXT COLLATE "C" NOT NULL CHECK (kind IN ('request','complaint','dispute','suggestion')),
     tier TEXT COLLATE "C" NOT NULL CHECK (tier IN ('immediate','timed','major')),
     status TEXT COLLATE "C" NOT NULL CHECK (status IN (${STATUSES})),
     resident_id BIGINT REFERENCES residents(id),
     phone TEXT COLLATE "C",
     address TEXT COLLATE "C",
     received_at TEXT COLLATE "C" NOT NULL,
     response_due_at TEXT COLLATE "C" NOT NULL,
     resolve_due_at TEXT COLLATE "C" NOT NULL,
     assignee_team_id BIGINT REFERENCES teams(id),
     assignee_resident_id BIGINT REFERENCES residents(id),
     responded_at TEXT COLLATE "C",
     first_resolved_at TEXT COLLATE "C",
     resolved_at TEXT COLLATE "C",
     outcome TEXT COLLATE "C" CHECK (outcome IN (${OUTCOMES})),
     rating TEXT COLLATE "C" CHECK (rating IN ('satisfied','basic','unsatisfied')),
     rated_at TEXT COLLATE "C",
     cancelled_at TEXT COLLATE "C",
     paused_at TEXT COLLATE "C",
     resolve_due_unit TEXT COLLATE "C" CHECK (resolve_due_unit IN ('wd')),
     UNIQUE (number_month, number_seq),
     CHECK (assignee_team_id IS NULL OR assignee_resident_id IS NULL)
   )`,
  `CREATE INDEX demands_by_received ON demands (community_id, received_at)`,
  `CREATE INDEX demands_by_status_due ON demands (community_id, status, resolve_due_at)`,
  `CREATE INDEX demands_by_resident ON demands (resident_id) WHERE resident_id IS NOT NULL`,
  `CREATE TABLE audit_log (
     id BIGINT PRIMARY KEY,
     at TEXT COLLATE "C" NOT NULL,
     operator TEXT COLLATE "C" NOT NULL,
     action TEXT COLLATE "C" NOT NULL,
     subject TEXT COLLATE "C" NOT NULL,
     note TEXT COLLATE "C"
   )`,
  `CREATE TABLE items (
     id BIGINT PRIMARY KEY,
     community_id BIGINT NOT NULL REFERENCES communities(id),
     name TEXT COLLATE "C" NOT NULL,
     cost BIGINT NOT NULL CHECK (cost > 0),
     stock BIGINT CHECK (stock IS NULL OR stock >= 0),
     kind TEXT COLLATE "C" NOT NULL DEFAULT 'goods' CHECK (kind IN ('goods','service')),
     created_at TEXT COLLATE "C" NOT NULL,
     UNIQUE (community_id, name)
   )`,
  `CREATE TABLE activities (
     id BIGINT PRIMARY KEY,
     community_id BIGINT NOT NULL REFERENCES communities(id),
     title TEXT COLLATE "C" NOT NULL,
     team_id BIGINT NOT NULL REFERENCES teams(id),
     reason TEXT COLLATE "C" NOT NULL CHECK (reason IN (${REASONS})),
     points BIGINT NOT NULL CHECK (points > 0),
     at TEXT COLLATE "C" NOT NULL,
     recorded_at TEXT COLLATE "C" NOT NULL,
     operator TEXT COLLATE "C" NOT NULL
   )`,
  `CREATE INDEX activities_by_month ON activities (community_id, at)`,
  `CREATE TABLE ledger (
     id BIGINT PRIMARY KEY,
     community_id BIGINT NOT NULL REFERENCES communities(id),
     resident_id BIGINT NOT NULL REFERENCES residents(id),
     type TEXT COLLATE "C" NOT NULL CHECK (type IN ('earn','redeem','reversal')),
     delta BIGINT NOT NULL CHECK (delta <> 0),
     reason TEXT COLLATE "C" CHECK (reason IN (${REASONS})),
     item_id BIGINT REFERENCES items(id),
     qty BIGINT CHECK (qty IS NULL OR qty > 0),
     activity_id BIGINT REFERENCES activities(id),
     reverses BIGINT UNIQUE REFERENCES ledger(id),
     note TEXT COLLATE "C",
     at TEXT COLLATE "C" NOT NULL,
     recorded_at TEXT COLLATE "C" NOT NULL,
     operator TEXT COLLATE "C" NOT NULL,
     CHECK (type <> 'earn' OR (delta > 0 AND reason IS NOT NULL)),
     CHECK (type <> 'redeem' OR (delta < 0 AND item_id IS NOT NULL AND qty IS NOT NULL)),
     CHECK (type <> 'reversal' OR reverses IS NOT NULL)
   )`,
  `CREATE INDEX ledger_by_resident ON ledger (resident_id, at)`,
  `CREATE INDEX ledger_by_month ON ledger (community_id, at)`,
  `CREATE INDEX ledger_by_activity ON ledger (activity_id) WHERE activity_id IS NOT NULL`,
  `CREATE TABLE meetings (
     id BIGINT PRIMARY KEY,
     community_id BIGINT NOT NULL REFERENCES communities(id),
     title TEXT COLLATE "C" NOT NULL,
     at TEXT COLLATE "C" NOT NULL,
     attendees BIGINT CHECK (attendees IS NULL OR attendees >= 0),
     recorded_at TEXT COLLATE "C" NOT NULL,
     operator TEXT COLLATE "C" NOT NULL
   )`,
  `CREATE INDEX meetings_by_month ON meetings (community_id, at)`,
  `CREATE TABLE topics (
     id BIGINT PRIMARY KEY,
     community_id BIGINT NOT NULL REFERENCES communities(id),
     meeting_id BIGINT NOT NULL REFERENCES meetings(id),
     title TEXT COLLATE "C" NOT NULL,
     step TEXT COLLATE "C" NOT NULL CHECK (step IN (${STEPS})),
     demand_id BIGINT REFERENCES demands(id),
     raised_by_resident_id BIGINT REFERENCES residents(id),
     raised_at TEXT COLLATE "C" NOT NULL,
     decided_at TEXT COLLATE "C",
     evaluated_at TEXT COLLATE "C",
     evaluation TEXT COLLATE "C" CHECK (evaluation IN ('satisfied','basic','unsatisfied')),
     evaluation_comment TEXT COLLATE "C"
   )`,
  `CREATE INDEX topics_by_meeting ON topics (meeting_id)`,
  `CREATE INDEX topics_by_demand ON topics (demand_id) WHERE demand_id IS NOT NULL`,
  `CREATE INDEX topics_by_community ON topics (community_id, step)`,
  `CREATE TABLE proposals (
     id BIGINT PRIMARY KEY,
     topic_id BIGINT NOT NULL REFERENCES topics(id),
     n BIGINT NOT NULL CHECK (n > 0),
     text TEXT COLLATE "C" NOT NULL,
     team_id BIGINT NOT NULL REFERENCES teams(id),
     created_at TEXT COLLATE "C" NOT NULL,
     UNIQUE (topic_id, n)
   )`,
  `CREATE TABLE votes (
     id BIGINT PRIMARY KEY,
     proposal_id BIGINT NOT NULL REFERENCES proposals(id),
     meeting_id BIGINT REFERENCES meetings(id),
     votes_for BIGINT NOT NULL CHECK (votes_for >= 0),
     votes_against BIGINT NOT NULL CHECK (votes_against >= 0),
     votes_abstain BIGINT NOT NULL DEFAULT 0 CHECK (votes_abstain >= 0),
     passed BIGINT NOT NULL CHECK (passed IN (0, 1)),
     at TEXT COLLATE "C" NOT NULL,
     operator TEXT COLLATE "C" NOT NULL
   )`,
  `CREATE INDEX votes_by_proposal ON votes (proposal_id, at)`,
  `CREATE TABLE topic_tasks (
     topic_id BIGINT NOT NULL REFERENCES topics(id),
     demand_id BIGINT NOT NULL UNIQUE REFERENCES demands(id),
     PRIMARY KEY (topic_id, demand_id)
   )`,
  `CREATE TABLE topic_events (
     id BIGINT PRIMARY KEY,
     topic_id BIGINT NOT NULL REFERENCES topics(id),
     step TEXT COLLATE "C" NOT NULL CHECK (step IN (${STEPS})),
     meeting_id BIGINT REFERENCES meetings(id),
     at TEXT COLLATE "C" NOT NULL,
     operator TEXT COLLATE "C" NOT NULL,
     note TEXT COLLATE "C"
   )`,
  `CREATE INDEX topic_events_by_topic ON topic_events (topic_id, at)`,
  `CREATE INDEX topic_events_by_step ON topic_events (step, at)`,
  `CREATE INDEX demands_by_first_resolved ON demands
     (community_id, first_resolved_at, resolve_due_at, received_at, cancelled_at)`,
  `CREATE INDEX topics_by_raised ON topics (community_id, raised_at)`,
  `CREATE INDEX demands_reopened ON demands (community_id, first_resolved_at)
   WHERE first_resolved_at IS NOT NULL AND (status IN ('open', 'assigned') OR resolved_at > first_resolved_at)`,
  `CREATE INDEX demands_by_status_received ON demands (community_id, status, received_at)`,
  `CREATE INDEX audit_log_by_subject ON audit_log (subject, action, id)`,
  `CREATE TABLE calendar_days (
     date TEXT COLLATE "C" PRIMARY KEY CHECK (date ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
     type TEXT COLLATE "C" NOT NULL CHECK (type IN ('holiday', 'workday')),
     name TEXT COLLATE "C",
     source TEXT COLLATE "C" NOT NULL CHECK (source IN ('official', 'local'))
   )`,
  `CREATE TABLE community_settings (
     community_id BIGINT NOT NULL REFERENCES communities(id),
     key TEXT COLLATE "C" NOT NULL,
     value TEXT COLLATE "C" NOT NULL,
     PRIMARY KEY (community_id, key)
   )`,
  `CREATE INDEX demands_paused ON demands (community_id, received_at) WHERE paused_at IS NOT NULL`,
  `CREATE TABLE demand_events (
     id BIGINT PRIMARY KEY,
     demand_id BIGINT NOT NULL REFERENCES demands(id),
     type TEXT COLLATE "C" NOT NULL CHECK (type IN (${EVENT_TYPES})),
     at TEXT COLLATE "C" NOT NULL,
     recorded_at TEXT COLLATE "C" NOT NULL,
     operator TEXT COLLATE "C" NOT NULL,
     note TEXT COLLATE "C",
     status_after TEXT COLLATE "C" NOT NULL CHECK (status_after IN (${STATUSES})),
     team_id BIGINT REFERENCES teams(id),
     resident_id BIGINT REFERENCES residents(id),
     outcome TEXT COLLATE "C" CHECK (outcome IN (${OUTCOMES})),
     rating TEXT COLLATE "C" CHECK (rating IN ('satisfied','basic','unsatisfied')),
     due_at TEXT COLLATE "C"
   )`,
  `CREATE INDEX demand_events_by_demand ON demand_events (demand_id, at)`,
  `CREATE INDEX demand_events_by_type ON demand_events (type, at)`,
  `CREATE INDEX demand_events_deadlines ON demand_events (demand_id, at, id, due_at) WHERE due_at IS NOT NULL`,
  `CREATE TABLE demand_visits (
     id BIGINT PRIMARY KEY,
     demand_id BIGINT NOT NULL REFERENCES demands(id),
     outcome TEXT COLLATE "C" NOT NULL CHECK (outcome IN ('unreachable', 'declined')),
     final BIGINT NOT NULL DEFAULT 0 CHECK (final IN (0, 1)),
     at TEXT COLLATE "C" NOT NULL,
     recorded_at TEXT COLLATE "C" NOT NULL,
     operator TEXT COLLATE "C" NOT NULL,
     note TEXT COLLATE "C"
   )`,
  `CREATE INDEX demand_visits_by_demand ON demand_visits (demand_id, at)`,
  `CREATE INDEX demand_visits_by_at ON demand_visits (at, demand_id)`,
  `CREATE INDEX demands_awaiting_visit ON demands (community_id, resolved_at) WHERE status = 'resolved'`,
  `CREATE TABLE care_services (
     id BIGINT PRIMARY KEY,
     community_id BIGINT NOT NULL REFERENCES communities(id),
     resident_id BIGINT NOT NULL REFERENCES residents(id),
     service TEXT COLLATE "C" NOT NULL CHECK (service IN (${CARE_SERVICES})),
     note TEXT COLLATE "C",
     by_team_id BIGINT REFERENCES teams(id),
     by_resident_id BIGINT REFERENCES residents(id),
     points BIGINT CHECK (points IS NULL OR points > 0),
     ledger_id BIGINT REFERENCES ledger(id),
     at TEXT COLLATE "C" NOT NULL,
     recorded_at TEXT COLLATE "C" NOT NULL,
     operator TEXT COLLATE "C" NOT NULL,
     CHECK (by_team_id IS NULL OR by_resident_id IS NULL)
   )`,
  `CREATE INDEX care_services_by_resident ON care_services (resident_id, at)`,
  `CREATE INDEX care_services_by_community ON care_services (community_id, at)`,
  `CREATE TABLE houses (
     id BIGINT PRIMARY KEY,
     community_id BIGINT NOT NULL REFERENCES communities(id),
     address TEXT COLLATE "C" NOT NULL,
     area BIGINT NOT NULL CHECK (area > 0),
     owner_id BIGINT REFERENCES residents(id),
     created_at TEXT COLLATE "C" NOT NULL,
     UNIQUE (community_id, address)
   )`,
  `CREATE INDEX houses_by_owner ON houses (owner_id) WHERE owner_id IS NOT NULL`,
  `CREATE TABLE fee_rules (
     id BIGINT PRIMARY KEY,
     community_id BIGINT NOT NULL REFERENCES communities(id),
     per_m2 BIGINT NOT NULL CHECK (per_m2 > 0),
     period TEXT COLLATE "C" NOT NULL CHECK (period IN ('month','quarter','year')),
     from_date TEXT COLLATE "C" NOT NULL,
     created_at TEXT COLLATE "C" NOT NULL,
     operator TEXT COLLATE "C" NOT NULL
   )`,
  `CREATE INDEX fee_rules_by_date ON fee_rules (community_id, from_date)`,
  `CREATE TABLE fee_bills (
     id BIGINT PRIMARY KEY,
     community_id BIGINT NOT NULL REFERENCES communities(id),
     house_id BIGINT NOT NULL REFERENCES houses(id),
     period TEXT COLLATE "C" NOT NULL,
     first_month TEXT COLLATE "C" NOT NULL,
     last_month TEXT COLLATE "C" NOT NULL,
     period_start TEXT COLLATE "C" NOT NULL,
     period_end TEXT COLLATE "C" NOT NULL,
     rule_id BIGINT NOT NULL REFERENCES fee_rules(id),
     area BIGINT NOT NULL CHECK (area > 0),
     amount BIGINT NOT NULL CHECK (amount >= 0),
     issued_at TEXT COLLATE "C" NOT NULL,
     operator TEXT COLLATE "C" NOT NULL,
     UNIQUE (house_id, period)
   )`,
  `CREATE INDEX fee_bills_by_end ON fee_bills (community_id, period_end)`,
  `CREATE INDEX fee_bills_by_issue ON fee_bills (community_id, issued_at)`,
  `CREATE TABLE fee_payments (
     id BIGINT PRIMARY KEY,
     community_id BIGINT NOT NULL REFERENCES communities(id),
     house_id BIGINT NOT NULL REFERENCES houses(id),
     type TEXT COLLATE "C" NOT NULL CHECK (type IN ('payment','reversal')),
     receipt TEXT COLLATE "C" UNIQUE,
     receipt_month TEXT COLLATE "C",
     receipt_seq BIGINT,
     amount BIGINT NOT NULL CHECK (amount <> 0),
     method TEXT COLLATE "C" CHECK (method IN ('cash','wechat','alipay','bank','other')),
     reverses BIGINT UNIQUE REFERENCES fee_payments(id),
     note TEXT COLLATE "C",
     at TEXT COLLATE "C" NOT NULL,
     recorded_at TEXT COLLATE "C" NOT NULL,
     operator TEXT COLLATE "C" NOT NULL,
     CHECK (type <> 'payment' OR (amount > 0 AND receipt IS NOT NULL AND method IS NOT NULL AND reverses IS NULL)),
     CHECK (type <> 'reversal' OR (amount < 0 AND reverses IS NOT NULL AND receipt IS NULL))
   )`,
  `CREATE INDEX fee_payments_by_house ON fee_payments (house_id, at)`,
  `CREATE INDEX fee_payments_by_month ON fee_payments (community_id, at)`,
  `CREATE INDEX fee_payments_by_receipt_month ON fee_payments (receipt_month, receipt_seq)
     WHERE receipt_month IS NOT NULL`,
  `CREATE TABLE fee_allocations (
     id BIGINT PRIMARY KEY,
     payment_id BIGINT NOT NULL REFERENCES fee_payments(id),
     bill_id BIGINT NOT NULL REFERENCES fee_bills(id),
     amount BIGINT NOT NULL CHECK (amount <> 0),
     at TEXT COLLATE "C" NOT NULL
   )`,
  `CREATE INDEX fee_allocations_by_bill ON fee_allocations (bill_id, at)`,
  `CREATE INDEX fee_allocations_by_payment ON fee_allocations (payment_id)`,
  `CREATE TABLE fee_waivers (
     id BIGINT PRIMARY KEY,
     community_id BIGINT NOT NULL REFERENCES communities(id),
     bill_id BIGINT NOT NULL UNIQUE REFERENCES fee_bills(id),
     amount BIGINT NOT NULL CHECK (amount > 0),
     reason TEXT COLLATE "C" NOT NULL,
     at TEXT COLLATE "C" NOT NULL,
     recorded_at TEXT COLLATE "C" NOT NULL,
     operator TEXT COLLATE "C" NOT NULL
   )`,
  `CREATE INDEX fee_waivers_by_month ON fee_waivers (community_id, at)`,
  `CREATE TABLE code_labels (
     list TEXT COLLATE "C" NOT NULL,
     code TEXT COLLATE "C" NOT NULL,
     zh TEXT COLLATE "C" NOT NULL,
     en TEXT COLLATE "C" NOT NULL,
     PRIMARY KEY (list, code)
   )`,
  `CREATE TABLE zone_offsets (
     starts_at TEXT COLLATE "C" PRIMARY KEY,
     ends_at TEXT COLLATE "C" NOT NULL,
     offset_minutes BIGINT NOT NULL
   )`,
  `CREATE INDEX residents_search ON residents (community_id, name, name_pinyin, name_initials, phone, address)`,
];

/** The tables whose `id` is given as SQLite's rowid would be. */
const WITH_IDS = [
  'communities',
  'teams',
  'residents',
  'demands',
  'audit_log',
  'items',
  'activities',
  'ledger',
  'meetings',
  'topics',
  'proposals',
  'votes',
  'topic_events',
  'demand_events',
  'demand_visits',
  'care_services',
  'houses',
  'fee_rules',
  'fee_bills',
  'fee_payments',
  'fee_allocations',
  'fee_waivers',
];

const POINTS_APPEND_ONLY = 'the points ledger is append-only: use points reverse';
const FEES_APPEND_ONLY = 'the fee ledger is append-only: use fee reverse';

/** Tables refused UPDATE, DELETE and TRUNCATE, with the message SQLite's triggers raise. */
const APPEND_ONLY: readonly (readonly [string, string])[] = [
  ['ledger', POINTS_APPEND_ONLY],
  ['audit_log', 'the audit log is append-only'],
  ['fee_bills', 'the fee bills are append-only'],
  ['fee_payments', FEES_APPEND_ONLY],
  ['fee_allocations', FEES_APPEND_ONLY],
  ['fee_waivers', FEES_APPEND_ONLY],
];

const functions = [
  `CREATE FUNCTION hongwu_next_id() RETURNS trigger LANGUAGE plpgsql AS $$
   BEGIN
     IF NEW.id IS NULL THEN
       EXECUTE format('SELECT coalesce(max(id), 0) + 1 FROM %I', TG_TABLE_NAME) INTO NEW.id;
     END IF;
     RETURN NEW;
   END $$`,
  `CREATE FUNCTION hongwu_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
   BEGIN
     RAISE EXCEPTION '%', TG_ARGV[0];
   END $$`,
  `CREATE FUNCTION ledger_checks() RETURNS trigger LANGUAGE plpgsql AS $$
   BEGIN
     IF NEW.delta < 0
       AND (SELECT coalesce(sum(delta), 0) FROM ledger WHERE resident_id = NEW.resident_id) + NEW.delta < 0 THEN
       RAISE EXCEPTION 'a points balance cannot go below zero';
     END IF;
     IF NEW.reverses IS NOT NULL AND EXISTS (SELECT 1 FROM ledger WHERE reverses = NEW.reverses) THEN
       RAISE EXCEPTION '${POINTS_APPEND_ONLY}';
     END IF;
     RETURN NEW;
   END $$`,
  `CREATE FUNCTION fee_allocation_checks() RETURNS trigger LANGUAGE plpgsql AS $$
   BEGIN
     IF NEW.amount > 0 AND NEW.amount
       + (SELECT coalesce(sum(amount), 0) FROM fee_allocations WHERE bill_id = NEW.bill_id)
       + (SELECT coalesce(sum(amount), 0) FROM fee_waivers WHERE bill_id = NEW.bill_id)
       > (SELECT amount FROM fee_bills WHERE id = NEW.bill_id) THEN
       RAISE EXCEPTION 'a bill cannot be paid beyond its amount';
     END IF;
     IF NEW.amount > 0 AND NEW.amount
       + (SELECT coalesce(sum(amount), 0) FROM fee_allocations WHERE payment_id = NEW.payment_id)
       > (SELECT amount FROM fee_payments WHERE id = NEW.payment_id) THEN
       RAISE EXCEPTION 'a payment cannot be allocated beyond its amount';
     END IF;
     RETURN NEW;
   END $$`,
  `CREATE FUNCTION fee_waiver_checks() RETURNS trigger LANGUAGE plpgsql AS $$
   BEGIN
     IF NEW.amount + (SELECT coalesce(sum(amount), 0) FROM fee_allocations WHERE bill_id = NEW.bill_id)
       > (SELECT amount FROM fee_bills WHERE id = NEW.bill_id) THEN
       RAISE EXCEPTION 'a bill cannot be paid beyond its amount';
     END IF;
     RETURN NEW;
   END $$`,
  // SQLite's functions live in hongwu's own schema, never among another application's objects.
  'CREATE SCHEMA IF NOT EXISTS hongwu',
  // SQLite's strftime for the formats hongwu uses (%Y %m %d %H %M %S %f) and interval modifiers.
  `CREATE FUNCTION hongwu.strftime(format text, t text, VARIADIC modifiers text[] DEFAULT '{}') RETURNS text
   LANGUAGE plpgsql IMMUTABLE AS $$
   DECLARE
     at timestamp;
     modifier text;
     pattern text := '';
     i int := 1;
     c text;
   BEGIN
     IF t IS NULL THEN RETURN NULL; END IF;
     at := t::timestamp;
     FOREACH modifier IN ARRAY modifiers LOOP
       IF modifier IS NULL THEN RETURN NULL; END IF;
       at := at + modifier::interval;
     END LOOP;
     WHILE i <= length(format) LOOP
       c := substr(format, i, 1);
       IF c = '%' THEN
         c := substr(format, i + 1, 1);
         i := i + 2;
         pattern := pattern || CASE c WHEN 'Y' THEN 'YYYY' WHEN 'm' THEN 'MM' WHEN 'd' THEN 'DD' WHEN 'H' THEN 'HH24'
           WHEN 'M' THEN 'MI' WHEN 'S' THEN 'SS' WHEN 'f' THEN 'SS.MS' WHEN '%' THEN '"%"' END;
         IF pattern IS NULL THEN RAISE EXCEPTION 'strftime: %% % is not supported here', c; END IF;
       ELSE
         pattern := pattern || '"' || c || '"';
         i := i + 1;
       END IF;
     END LOOP;
     RETURN to_char(at, pattern);
   END $$`,
  `CREATE FUNCTION hongwu.julianday(t text) RETURNS double precision LANGUAGE sql IMMUTABLE AS $$
     SELECT extract(epoch FROM t::timestamptz)::double precision / 86400 + 2440587.5
   $$`,
  `CREATE FUNCTION hongwu.concat_step(joined text, value text, separator text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
     SELECT CASE WHEN value IS NULL THEN joined WHEN joined IS NULL THEN value ELSE joined || separator || value END
   $$`,
  `CREATE FUNCTION hongwu.concat_step(joined text, value text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
     SELECT hongwu.concat_step(joined, value, ',')
   $$`,
  `CREATE AGGREGATE hongwu.group_concat(text, text) (SFUNC = hongwu.concat_step, STYPE = text)`,
  `CREATE AGGREGATE hongwu.group_concat(text) (SFUNC = hongwu.concat_step, STYPE = text)`,
  // SQLite counts with sum(a = b): a comparison is an integer there.
  `CREATE FUNCTION hongwu.add_flag(total bigint, flag boolean) RETURNS bigint LANGUAGE sql IMMUTABLE AS $$
     SELECT CASE WHEN flag IS NULL THEN total ELSE coalesce(total, 0) + flag::int END
   $$`,
  `CREATE AGGREGATE hongwu.sum(boolean) (SFUNC = hongwu.add_flag, STYPE = bigint)`,
  `CREATE FUNCTION hongwu.json_each(list text) RETURNS TABLE (value bigint) LANGUAGE sql IMMUTABLE AS $$
     SELECT e::bigint FROM jsonb_array_elements_text(list::jsonb) AS e
   $$`,
  `CREATE FUNCTION hongwu_local(t text) RETURNS text LANGUAGE sql STABLE AS $$
     SELECT to_char(t::timestamp + make_interval(mins => z.offset_minutes::int), 'YYYY-MM-DD HH24:MI:SS')
     FROM zone_offsets z WHERE t >= z.starts_at AND t < z.ends_at
   $$`,
];

const triggers = [
  ...WITH_IDS.map(
    (t) => `CREATE TRIGGER ${t}_next_id BEFORE INSERT ON ${t} FOR EACH ROW EXECUTE FUNCTION hongwu_next_id()`,
  ),
  ...APPEND_ONLY.flatMap(([t, message]) => [
    `CREATE TRIGGER ${t}_no_update BEFORE UPDATE ON ${t} FOR EACH ROW EXECUTE FUNCTION hongwu_refuse('${message}')`,
    `CREATE TRIGGER ${t}_no_delete BEFORE DELETE ON ${t} FOR EACH ROW EXECUTE FUNCTION hongwu_refuse('${message}')`,
    `CREATE TRIGGER ${t}_no_truncate BEFORE TRUNCATE ON ${t} FOR EACH STATEMENT EXECUTE FUNCTION ` +
      `hongwu_refuse('${message}')`,
  ]),
  `CREATE TRIGGER ledger_checks BEFORE INSERT ON ledger FOR EACH ROW EXECUTE FUNCTION ledger_checks()`,
  `CREATE TRIGGER fee_allocation_checks BEFORE INSERT ON fee_allocations FOR EACH ROW EXECUTE FUNCTION ` +
    `fee_allocation_checks()`,
  `CREATE TRIGGER fee_waiver_checks BEFORE INSERT ON fee_waivers FOR EACH ROW EXECUTE FUNCTION fee_waiver_checks()`,
];

const label = (list: string, code: string) =>
  `(SELECT l.zh FROM code_labels l WHERE l.list = '${list}' AND l.code = ${code})`;
const local = (t: string) => `hongwu_local(${t})`;

const views = [
  `CREATE VIEW v_demands AS
   SELECT d.id, d.number, c.code AS community, c.name AS community_name, d.summary,
     d.channel, ${label('channel', 'd.channel')} AS channel_zh,
     d.category, ${label('category', 'd.category')} AS category_zh,
     d.kind, ${label('kind', 'd.kind')} AS kind_zh,
     d.tier, ${label('tier', 'd.tier')} AS tier_zh,
     d.status, ${label('status', 'd.status')} AS status_zh,
     d.outcome, ${label('outcome', 'd.outcome')} AS outcome_zh,
     d.rating, ${label('rating', 'd.rating')} AS rating_zh,
     coalesce(t.name, ar.name) AS assignee, r.name AS resident, d.address,
     d.received_at, ${local('d.received_at')} AS received_local, substr(${local('d.received_at')}, 1, 7) AS
    received_month,
     ${local('d.response_due_at')} AS response_due_local, ${local('d.resolve_due_at')} AS resolve_due_local,
     ${local('d.responded_at')} AS responded_local, ${local('d.resolved_at')} AS resolved_local,
     ${local('d.rated_at')} AS rated_local, ${local('d.cancelled_at')} AS cancelled_local,
     ${local('d.paused_at')} AS paused_local, (SELECT count(*) FROM demand_visits v WHERE v.demand_id = d.id) AS visits
   FROM demands d
   JOIN communities c ON c.id = d.community_id
   LEFT JOIN teams t ON t.id = d.assignee_team_id
   LEFT JOIN residents ar ON ar.id = d.assignee_resident_id
   LEFT JOIN residents r ON r.id = d.resident_id`,
  `CREATE VIEW v_events AS
   SELECT e.id, d.number, c.code AS community, e.type, ${label('event_type', 'e.type')} AS type_zh,
     e.at, ${local('e.at')} AS at_local, substr(${local('e.at')}, 1, 7) AS month,
     e.operator, e.note, e.status_after, ${label('status', 'e.status_after')} AS status_after_zh,
     e.outcome, ${label('outcome', 'e.outcome')} AS outcome_zh
   FROM demand_events e
   JOIN demands d ON d.id = e.demand_id
   JOIN communities c ON c.id = d.community_id`,
  `CREATE VIEW v_ledger AS
   SELECT g.id AS entry, c.code AS community, r.name AS resident, g.type, ${label('entry_type', 'g.type')} AS type_zh,
     g.delta, g.reason, ${label('points_reason', 'g.reason')} AS reason_zh, i.name AS item, g.qty, g.activity_id AS
    activity,
     g.at, ${local('g.at')} AS at_local, substr(${local('g.at')}, 1, 7) AS month,
     g.operator, g.reverses, g.note
   FROM ledger g
   JOIN communities c ON c.id = g.community_id
   JOIN residents r ON r.id = g.resident_id
   LEFT JOIN items i ON i.id = g.item_id`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of [...tables, ...functions, ...triggers, ...views]) await sql.raw(statement).execute(db);
  // The official calendar of 2004–2026, the labels and the default zone's offsets, as 0012 and 0018 load them.
  const { default: days } = await import('../0012_calendar_days.json');
  const rows = Object.entries(days as Record<string, string[]>).map(([date, [type, name]]) => ({
    date,
    type,
    name,
    source: 'official',
  }));
  for (let i = 0; i < rows.length; i += 500)
    await db
      .insertInto('calendar_days')
      .values(rows.slice(i, i + 500))
      .execute();
  await db
    .insertInto('code_labels')
    .values(LABELS.map(([list, code, zh, en]) => ({ list, code, zh, en })))
    .execute();
  await db.insertInto('zone_offsets').values(offsetPeriods('Asia/Shanghai')).execute();
}
