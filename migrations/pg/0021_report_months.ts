import { type Kysely, sql } from 'kysely';

/**
 * PostgreSQL's version of migration 0021 (the report's figures of finished months, kept): the same
 * table and the same rules, as PL/pgSQL triggers. See migrations/0021_report_months.ts for why and
 * what each write forgets. One statement-level function serves every table dated by one column
 * (`TG_ARGV[0]`) whose community is found the same way (`TG_ARGV[1]`: its own `community_id`, or its
 * demand's, resident's, topic's or bill's), over the statement's rows (transition tables); a demand's
 * update, whose changed columns decide from when, is a row-level trigger.
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
  // A statement's rows at once (transition tables), so that a copy or an import of thousands of rows
  // runs one DELETE, and none while nothing is kept.
  `CREATE FUNCTION report_months_forget_rows() RETURNS trigger LANGUAGE plpgsql AS $$
   DECLARE
     community text := CASE TG_ARGV[1]
       WHEN 'own' THEN 'r.community_id'
       WHEN 'demand' THEN '(SELECT d.community_id FROM demands d WHERE d.id = r.demand_id)'
       WHEN 'resident' THEN '(SELECT x.community_id FROM residents x WHERE x.id = r.resident_id)'
       WHEN 'topic' THEN '(SELECT t.community_id FROM topics t WHERE t.id = r.topic_id)'
       WHEN 'bill' THEN '(SELECT b.community_id FROM fee_bills b WHERE b.id = r.bill_id)' END;
     changed text := CASE TG_OP WHEN 'INSERT' THEN 'SELECT * FROM new_rows' WHEN 'DELETE' THEN 'SELECT * FROM old_rows'
       ELSE 'SELECT * FROM old_rows UNION ALL SELECT * FROM new_rows' END;
   BEGIN
     IF EXISTS (SELECT 1 FROM report_months) THEN
       EXECUTE format('DELETE FROM report_months k USING (SELECT %s AS community, min(r.%I) AS since
         FROM (%s) r GROUP BY 1) c WHERE k.community_id IN (0, c.community) AND k.ends_at > c.since',
         community, TG_ARGV[0], changed);
     END IF;
     RETURN NULL;
   END $$`,
  `CREATE FUNCTION report_months_demands() RETURNS trigger LANGUAGE plpgsql AS $$
   DECLARE
     moment text;
   BEGIN
     IF (OLD.community_id, OLD.received_at, OLD.cancelled_at, OLD.kind, OLD.channel, OLD.category, OLD.tier,
           OLD.resident_id, OLD.response_due_at, OLD.resolve_due_at)
         IS DISTINCT FROM (NEW.community_id, NEW.received_at, NEW.cancelled_at, NEW.kind, NEW.channel, NEW.category,
           NEW.tier, NEW.resident_id, NEW.response_due_at, NEW.resolve_due_at) THEN
         PERFORM report_months_forget(OLD.community_id, least(OLD.received_at, NEW.received_at));
         PERFORM report_months_forget(NEW.community_id, least(OLD.received_at, NEW.received_at));
       END IF;
       moment := least(
         CASE WHEN OLD.responded_at IS DISTINCT FROM NEW.responded_at
           THEN least(OLD.responded_at, NEW.responded_at) END,
         CASE WHEN OLD.first_resolved_at IS DISTINCT FROM NEW.first_resolved_at
           THEN least(OLD.first_resolved_at, NEW.first_resolved_at) END,
         CASE WHEN OLD.resolved_at IS DISTINCT FROM NEW.resolved_at THEN least(OLD.resolved_at, NEW.resolved_at) END,
         CASE WHEN OLD.rated_at IS DISTINCT FROM NEW.rated_at THEN least(OLD.rated_at, NEW.rated_at) END);
     PERFORM report_months_forget(NEW.community_id, moment);
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
      ['demands', 'received_at', 'own'],
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
  ).flatMap(([t, at, via]) =>
    (
      [
        ['insert', 'NEW TABLE AS new_rows'],
        // A demand's update is the row-level trigger below (what changed decides from when).
        ...(t === 'demands' ? [] : [['update', 'OLD TABLE AS old_rows NEW TABLE AS new_rows']]),
        ['delete', 'OLD TABLE AS old_rows'],
      ] as const
    ).map(
      ([op, tables]) => `CREATE TRIGGER report_months_${t}_${op} AFTER ${op.toUpperCase()} ON ${t}
         REFERENCING ${tables} FOR EACH STATEMENT EXECUTE FUNCTION report_months_forget_rows('${at}', '${via}')`,
    ),
  ),
  `CREATE TRIGGER report_months_demands AFTER UPDATE ON demands
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
