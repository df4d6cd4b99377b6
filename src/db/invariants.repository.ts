import { sql } from 'kysely';
import type { Db, Store } from './connection.js';

/**
 * The SQL of doctor's checks of hongwu's own invariants (the ledgers, the demands' histories, the
 * append-only tables), on either engine: whatever program wrote the rows, they must hold. Plain
 * SQL both engines read alike (the server's compiler names subqueries and reads `IS NOT`).
 */

/** Whether the database has the table (a file not yet upgraded may lack a later one). */
export async function hasTable(store: Store, name: string): Promise<boolean> {
  if (store.engine === 'sqlite')
    return store.raw.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !== undefined;
  const { rows } = await sql<{ found: string | null }>`SELECT to_regclass(${name}) AS found`.execute(store.db);
  return rows[0]?.found != null;
}

/**
 * Entries missing from an append-only table: ids are given in order and never reused while a
 * later one exists, so a gap below the last id is a row someone deleted.
 */
export async function missingEntries(db: Db, table: 'ledger' | 'audit_log'): Promise<number> {
  const { rows } = await sql<{ n: number; top: number }>`
    SELECT count(*) AS n, coalesce(max(id), 0) AS top FROM ${sql.table(table)}`.execute(db);
  return rows[0]!.top - rows[0]!.n;
}

/**
 * An append-only ledger whose balances must never go below zero: its table and the columns of the
 * account, the signed amount and when the entry happened. Points now; a second ledger (fees) can be
 * checked the same way.
 */
export interface RunningLedger {
  table: string;
  account: string;
  amount: string;
  at: string;
}

export const POINTS_LEDGER: RunningLedger = { table: 'ledger', account: 'resident_id', amount: 'delta', at: 'at' };

/**
 * Accounts whose running balance goes below zero at some moment, summed in TIME order (when each
 * entry happened, then entry id): a backdated entry counts from its moment, not from when it was
 * recorded. For each account the first entry at which it dips, and the lowest balance reached.
 */
export async function negativeRunningBalances(
  db: Db,
  l: RunningLedger,
): Promise<{ account: number; entry: number; balance: number }[]> {
  const [account, amount, at] = [l.account, l.amount, l.at].map((c) => sql.ref(c));
  const { rows } = await sql<{ account: number; entry: number; balance: number }>`
    SELECT account, entry, lowest AS balance FROM (
      SELECT account, id AS entry, min(balance) OVER (PARTITION BY account) AS lowest,
        row_number() OVER (PARTITION BY account ORDER BY at, id) AS k
      FROM (
        SELECT id, ${account} AS account, ${at} AS at,
          sum(${amount}) OVER (PARTITION BY ${account} ORDER BY ${at}, id) AS balance
        FROM ${sql.table(l.table)}
      ) WHERE balance < 0
    ) WHERE k = 1 ORDER BY account`.execute(db);
  return rows;
}

/** Reversals that do not undo an entry of the same resident with the opposite delta. */
export async function badReversals(db: Db): Promise<{ entry: number; reverses: number }[]> {
  const { rows } = await sql<{ entry: number; reverses: number }>`
    SELECT r.id AS entry, r.reverses AS reverses FROM ledger r
    LEFT JOIN ledger o ON o.id = r.reverses
    WHERE r.reverses IS NOT NULL
      AND (o.id IS NULL OR o.resident_id <> r.resident_id OR o.delta <> -r.delta)
    ORDER BY r.id`.execute(db);
  return rows;
}

export async function negativeStock(db: Db): Promise<{ item: number; name: string; stock: number }[]> {
  const { rows } = await sql<{ item: number; name: string; stock: number }>`
    SELECT id AS item, name, stock FROM items WHERE stock < 0 ORDER BY id`.execute(db);
  return rows;
}

/** Demands whose history does not start with exactly one intake. */
export async function demandsWithoutIntake(db: Db): Promise<{ number: string }[]> {
  const { rows } = await sql<{ number: string }>`
    SELECT d.number FROM demands d
    WHERE (SELECT count(*) FROM demand_events e WHERE e.demand_id = d.id AND e.type = 'intake') <> 1
       OR (SELECT e.type FROM demand_events e WHERE e.demand_id = d.id ORDER BY e.id LIMIT 1) IS NOT 'intake'
    ORDER BY d.id`.execute(db);
  return rows;
}

/**
 * Demands whose status is not the one their latest event left them in; a resolved demand closed
 * unrated by a final return visit (回访, which is no demand event) is where it should be.
 */
export async function demandsOffTheirHistory(
  store: Store,
): Promise<{ number: string; status: string; status_after: string }[]> {
  // A file not yet upgraded (doctor never upgrades) may have no return visits table.
  const closedByVisit = (await hasTable(store, 'demand_visits'))
    ? sql`AND NOT (d.status = 'closed' AND e.status_after = 'resolved'
        AND EXISTS (SELECT 1 FROM demand_visits v WHERE v.demand_id = d.id AND v.final = 1))`
    : sql``;
  const { rows } = await sql<{ number: string; status: string; status_after: string }>`
    SELECT d.number, d.status, e.status_after FROM demands d
    JOIN demand_events e ON e.id = (SELECT max(id) FROM demand_events WHERE demand_id = d.id)
    WHERE e.status_after <> d.status ${closedByVisit}
    ORDER BY d.id`.execute(store.db);
  return rows;
}

/**
 * The fee ledger's invariants (migration 0017), checked whatever program wrote the rows: no bill
 * paid and waived beyond its amount or paid below zero, no payment allocated beyond itself, and
 * every reversal the exact opposite of a payment of the same house.
 */
export async function feeLedgerProblems(
  db: Db,
): Promise<{ overpaid: number[]; overAllocated: number[]; badReversals: number[] }> {
  const ids = async (query: ReturnType<typeof sql<{ id: number }>>) => (await query.execute(db)).rows.map((r) => r.id);
  return {
    overpaid: await ids(sql`SELECT b.id FROM fee_bills b
      LEFT JOIN (SELECT bill_id, sum(amount) AS paid FROM fee_allocations GROUP BY bill_id) a ON a.bill_id = b.id
      LEFT JOIN (SELECT bill_id, sum(amount) AS waived FROM fee_waivers GROUP BY bill_id) w ON w.bill_id = b.id
      WHERE coalesce(a.paid, 0) < 0 OR coalesce(a.paid, 0) + coalesce(w.waived, 0) > b.amount ORDER BY b.id`),
    overAllocated: await ids(sql`SELECT p.id FROM fee_payments p JOIN fee_allocations a ON a.payment_id = p.id
      WHERE p.type = 'payment' GROUP BY p.id HAVING sum(a.amount) > p.amount OR sum(a.amount) < 0 ORDER BY p.id`),
    badReversals: await ids(sql`SELECT r.id FROM fee_payments r LEFT JOIN fee_payments o ON o.id = r.reverses
      WHERE r.type = 'reversal' AND (o.id IS NULL OR o.type <> 'payment' OR o.house_id <> r.house_id OR o.amount <>
      -r.amount) ORDER BY r.id`),
  };
}

/**
 * A server's triggers that refuse rewriting the points ledger and the audit log, each with whether
 * it is enabled (`ALTER TABLE … DISABLE TRIGGER` turns one off without dropping it).
 */
export async function serverAppendOnlyTriggers(db: Db): Promise<{ name: string; enabled: boolean }[]> {
  const { rows } = await sql<{ name: string; enabled: number }>`
    SELECT t.tgname AS name, t.tgenabled <> 'D' AS enabled FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
    WHERE c.relnamespace = current_schema()::regnamespace AND c.relname IN ('ledger', 'audit_log')
      AND NOT t.tgisinternal
    ORDER BY t.tgname`.execute(db);
  return rows.map((r) => ({ name: r.name, enabled: r.enabled === 1 }));
}

/** A server's foreign keys and checks not validated (added `NOT VALID`): rows may break them. */
export async function unvalidatedConstraints(db: Db): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`
    SELECT c.relname || '.' || k.conname AS name FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid
    WHERE c.relnamespace = current_schema()::regnamespace AND NOT k.convalidated ORDER BY 1`.execute(db);
  return rows.map((r) => r.name);
}
