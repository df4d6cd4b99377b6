import { type Kysely, sql } from 'kysely';

/**
 * PostgreSQL keeps the report's months too (issue #21; on a file since migration 0021), safely beside
 * other desks' writes. A report computes in a REPEATABLE READ snapshot; a write committed after that
 * snapshot began and dated inside a month it computed finds no kept row to delete (the report has not
 * written it yet), so keeping the figures then would keep figures that miss the write. SQLite refuses
 * such a keep by itself (a read transaction that cannot become a write one). Here every write that the
 * triggers of migration 0021 watch also changes one row, `hongwu.report_months_writes`, once per
 * transaction and before it deletes any kept row; the report changes that row too before it keeps its
 * figures (src/db/report-months.repository.ts). PostgreSQL then decides as SQLite does:
 * - a write committed since the report's snapshot: the report's change fails (could not serialize):
 *   nothing is kept;
 * - a write not yet committed holds the row: the report does not wait (NOWAIT): nothing is kept;
 * - a write after the report's change waits for the report to commit, then deletes what it kept
 *   (READ COMMITTED: its next statement sees the kept rows; a REPEATABLE READ writer fails instead).
 * Writers by hand therefore take turns on that row as hongwu's own already do on its write lock.
 * The row lives in hongwu's own schema, beside its functions: not a table of the data, so `copy`
 * and a file's schema know nothing of it. Frozen in time: never import application code here.
 */
const statements = [
  'CREATE TABLE IF NOT EXISTS hongwu.report_months_writes (n BIGINT NOT NULL)',
  'INSERT INTO hongwu.report_months_writes (n) SELECT 0 WHERE NOT EXISTS (SELECT 1 FROM hongwu.report_months_writes)',
  // Once per transaction (a transaction-local setting remembers it): a bulk write changes the row once.
  `CREATE FUNCTION report_months_written() RETURNS void LANGUAGE plpgsql AS $$
   BEGIN
     IF current_setting('hongwu.report_months_written', true) IS DISTINCT FROM txid_current()::text THEN
       UPDATE hongwu.report_months_writes SET n = n + 1;
       PERFORM set_config('hongwu.report_months_written', txid_current()::text, true);
     END IF;
   END $$`,
  // 0021's functions, each now noting the write first.
  `CREATE OR REPLACE FUNCTION report_months_forget(community bigint, since text) RETURNS void LANGUAGE plpgsql AS $$
   BEGIN
     IF community IS NOT NULL AND since IS NOT NULL THEN
       PERFORM report_months_written();
       IF since < (SELECT max(ends_at) FROM report_months) THEN
         DELETE FROM report_months WHERE community_id IN (0, community) AND ends_at > since;
       END IF;
     END IF;
   END $$`,
  `CREATE OR REPLACE FUNCTION report_months_forget_rows() RETURNS trigger LANGUAGE plpgsql AS $$
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
     PERFORM report_months_written();
     IF EXISTS (SELECT 1 FROM report_months) THEN
       EXECUTE format('DELETE FROM report_months k USING (SELECT %s AS community, min(r.%I) AS since
         FROM (%s) r GROUP BY 1) c WHERE k.community_id IN (0, c.community) AND k.ends_at > c.since',
         community, TG_ARGV[0], changed);
     END IF;
     RETURN NULL;
   END $$`,
  `CREATE OR REPLACE FUNCTION report_months_settings() RETURNS trigger LANGUAGE plpgsql AS $$
   BEGIN
     PERFORM report_months_written();
     DELETE FROM report_months;
     RETURN NULL;
   END $$`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
