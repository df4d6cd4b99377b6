import { type Kysely, sql } from 'kysely';

/**
 * PostgreSQL's version of migration 0021 (the report's figures of finished months, kept): the same
 * table and the same rules, as PL/pgSQL triggers. See migrations/0021_report_months.ts for why and
 * what each write forgets. A row's columns are read by name through `to_jsonb`, so that one
 * function serves every table dated by one column (`TG_ARGV[0]`) whose community is found the same
 * way (`TG_ARGV[1]`: its own `community_id`, or its demand's, resident's, topic's or bill's).
 * Frozen in time: never import application code here.
 */
const statements = [
  `CREATE TABLE report_months (
     community_id BIGINT NOT NULL,
     month TEXT COLLATE "C" NOT NULL,
     part TEXT COLLATE "C" NOT NULL CHECK (part IN ('month', 'year_to_date', 'trend', 'overdue')),
     ends_at TEXT COLLATE "C" NOT NULL,
     figures TEXT COLLATE "C" NOT NULL,
     PRIMARY KEY (community_id, month, part)
   )`,
  'CREATE INDEX report_months_by_end ON report_months (ends_at)',
  `CREATE FUNCTION report_months_forget(community bigint, since text) RETURNS void LANGUAGE plpgsql AS $$
   BEGIN
     IF community IS NOT NULL AND since < (SELECT max(ends_at) FROM report_months) THEN
       DELETE FROM report_months WHERE community_id IN (0, community) AND ends_at > since;
     END IF;
   END $$`,
  `CREATE FUNCTION report_months_community(via text, r jsonb) RETURNS bigint LANGUAGE sql STABLE AS $$
     SELECT CASE via
       WHEN 'own' THEN (r ->> 'community_id')::bigint
       WHEN 'demand' THEN (SELECT community_id FROM demands WHERE id = (r ->> 'demand_id')::bigint)
       WHEN 'resident' THEN (SELECT community_id FROM residents WHERE id = (r ->> 'resident_id')::bigint)
       WHEN 'topic' THEN (SELECT community_id FROM topics WHERE id = (r ->> 'topic_id')::bigint)
       WHEN 'bill' THEN (SELECT community_id FROM fee_bills WHERE id = (r ->> 'bill_id')::bigint)
     END
   $$`,
  `CREATE FUNCTION report_months_dated() RETURNS trigger LANGUAGE plpgsql AS $$
   DECLARE
     o jsonb := CASE WHEN TG_OP <> 'INSERT' THEN to_jsonb(OLD) END;
     n jsonb := CASE WHEN TG_OP <> 'DELETE' THEN to_jsonb(NEW) END;
     since text := least(o ->> TG_ARGV[0], n ->> TG_ARGV[0]);
   BEGIN
     PERFORM report_months_forget(report_months_community(TG_ARGV[1], o), since);
     PERFORM report_months_forget(report_months_community(TG_ARGV[1], n), since);
     RETURN NULL;
   END $$`,
  `CREATE FUNCTION report_months_demands() RETURNS trigger LANGUAGE plpgsql AS $$
   DECLARE
     moment text;
   BEGIN
     IF TG_OP = 'INSERT' THEN
       PERFORM report_months_forget(NEW.community_id, NEW.received_at);
     ELSIF TG_OP = 'DELETE' THEN
       PERFORM report_months_forget(OLD.community_id, OLD.received_at);
     ELSE
       IF (OLD.community_id, OLD.received_at, OLD.cancelled_at, OLD.kind, OLD.channel, OLD.category, OLD.tier,
           OLD.resident_id, OLD.response_due_at, OLD.resolve_due_at)
         IS DISTINCT FROM (NEW.community_id, NEW.received_at, NEW.cancelled_at, NEW.kind, NEW.channel, NEW.category,
           NEW.tier, NEW.resident_id, NEW.response_due_at, NEW.resolve_due_at) THEN
         PERFORM report_months_forget(OLD.community_id, least(OLD.received_at, NEW.received_at));
         PERFORM report_months_forget(NEW.community_id, least(OLD.received_at, NEW.received_at));
       END IF;
       moment := least(
         CASE WHEN OLD.responded_at IS DISTINCT FROM NEW.responded_at THEN least(OLD.responded_at, NEW.responded_at) END,
         CASE WHEN OLD.first_resolved_at IS DISTINCT FROM NEW.first_resolved_at
           THEN least(OLD.first_resolved_at, NEW.first_resolved_at) END,
         CASE WHEN OLD.resolved_at IS DISTINCT FROM NEW.resolved_at THEN least(OLD.resolved_at, NEW.resolved_at) END,
         CASE WHEN OLD.rated_at IS DISTINCT FROM NEW.rated_at THEN least(OLD.rated_at, NEW.rated_at) END);
       PERFORM report_months_forget(NEW.community_id, moment);
     END IF;
     RETURN NULL;
   END $$`,
  `CREATE FUNCTION report_months_residents() RETURNS trigger LANGUAGE plpgsql AS $$
   BEGIN
     IF TG_OP = 'DELETE' OR OLD.community_id IS DISTINCT FROM NEW.community_id THEN
       PERFORM report_months_forget(OLD.community_id, '');
       IF TG_OP = 'UPDATE' THEN PERFORM report_months_forget(NEW.community_id, ''); END IF;
     END IF;
     RETURN NULL;
   END $$`,
  `CREATE FUNCTION report_months_communities() RETURNS trigger LANGUAGE plpgsql AS $$
   BEGIN
     PERFORM report_months_forget(CASE WHEN TG_OP = 'DELETE' THEN OLD.id ELSE NEW.id END, '');
     RETURN NULL;
   END $$`,
  `CREATE FUNCTION report_months_settings() RETURNS trigger LANGUAGE plpgsql AS $$
   BEGIN
     DELETE FROM report_months;
     RETURN NULL;
   END $$`,
  ...(
    [
      ['demand_events', 'at', 'demand'],
      ['demand_visits', 'at', 'demand'],
      ['resident_tags', 'tagged_at', 'resident'],
      ['ledger', 'at', 'own'],
      ['activities', 'at', 'own'],
      ['meetings', 'at', 'own'],
      ['topics', 'raised_at', 'own'],
      ['topic_events', 'at', 'topic'],
      ['care_services', 'at', 'own'],
      ['fee_bills', 'issued_at', 'own'],
      ['fee_payments', 'at', 'own'],
      ['fee_allocations', 'at', 'bill'],
      ['fee_waivers', 'at', 'own'],
    ] as const
  ).map(
    ([t, at, via]) => `CREATE TRIGGER report_months_${t} AFTER INSERT OR UPDATE OR DELETE ON ${t}
       FOR EACH ROW EXECUTE FUNCTION report_months_dated('${at}', '${via}')`,
  ),
  `CREATE TRIGGER report_months_demands AFTER INSERT OR UPDATE OR DELETE ON demands
     FOR EACH ROW EXECUTE FUNCTION report_months_demands()`,
  `CREATE TRIGGER report_months_residents AFTER UPDATE OR DELETE ON residents
     FOR EACH ROW EXECUTE FUNCTION report_months_residents()`,
  `CREATE TRIGGER report_months_communities AFTER INSERT OR DELETE ON communities
     FOR EACH ROW EXECUTE FUNCTION report_months_communities()`,
  `CREATE TRIGGER report_months_settings AFTER INSERT OR UPDATE OR DELETE ON settings
     FOR EACH STATEMENT EXECUTE FUNCTION report_months_settings()`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
