import { sql, type Insertable, type Selectable, type SqlBool } from 'kysely';
import type { Db, Tx } from './connection.js';
import type { LedgerTable } from './schema.js';

/**
 * The points ledger (积分流水): SQL only. Entries are only ever inserted; the database's own
 * triggers refuse UPDATE, DELETE and an entry that would take a balance below zero.
 */
export type LedgerRow = Selectable<LedgerTable>;

/** An entry with the names a reader needs, and the reversal that cancelled it, if any. */
export interface LedgerEntryView extends LedgerRow {
  resident_name: string;
  /** Tells namesakes apart in the ledger's CSV, which an import reads back. */
  resident_address: string | null;
  item_name: string | null;
  activity_title: string | null;
  reversed_by: number | null;
}

export interface LedgerFilter {
  communityId: number;
  residentId?: number;
  from?: string;
  before?: string;
  /** The newest `limit` entries (still returned oldest first). */
  limit?: number;
}

function selectEntries(db: Db | Tx) {
  return db
    .selectFrom('ledger as l')
    .innerJoin('residents as r', 'r.id', 'l.resident_id')
    .leftJoin('items as i', 'i.id', 'l.item_id')
    .leftJoin('activities as a', 'a.id', 'l.activity_id')
    .leftJoin('ledger as rv', 'rv.reverses', 'l.id')
    .selectAll('l')
    .select([
      'r.name as resident_name',
      'r.address as resident_address',
      'i.name as item_name',
      'a.title as activity_title',
      'rv.id as reversed_by',
    ]);
}

export async function insertEntry(tx: Tx, entry: Insertable<LedgerTable>): Promise<number> {
  const row = await tx.insertInto('ledger').values(entry).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

/** Rows per INSERT of `insertEntries`: ten values each, within SQLite's 32,766 parameters. */
const ENTRIES_PER_INSERT = 1000;

/**
 * Several entries (an activity's participants), a thousand a statement rather than one each: the
 * ids (each row's own triggers run as for one entry).
 */
export async function insertEntries(tx: Tx, entries: readonly Insertable<LedgerTable>[]): Promise<number[]> {
  const ids: number[] = [];
  for (let start = 0; start < entries.length; start += ENTRIES_PER_INSERT) {
    const rows = await tx
      .insertInto('ledger')
      .values(entries.slice(start, start + ENTRIES_PER_INSERT))
      .returning('id')
      .execute();
    ids.push(...rows.map((r) => r.id));
  }
  return ids;
}

export function findEntry(db: Db | Tx, communityId: number, id: number): Promise<LedgerEntryView | undefined> {
  return selectEntries(db).where('l.community_id', '=', communityId).where('l.id', '=', id).executeTakeFirst();
}

export function findEntries(db: Db | Tx, ids: readonly number[]): Promise<LedgerEntryView[]> {
  return selectEntries(db).where('l.id', 'in', ids).orderBy('l.id').execute();
}

function selectFiltered(db: Db | Tx, f: Omit<LedgerFilter, 'limit'>) {
  let q = selectEntries(db).where('l.community_id', '=', f.communityId);
  if (f.residentId !== undefined) q = q.where('l.resident_id', '=', f.residentId);
  if (f.from) q = q.where('l.at', '>=', f.from);
  if (f.before) q = q.where('l.at', '<', f.before);
  return q;
}

/** Entries oldest first, by `at` (when it happened), then by id. */
export async function listEntries(db: Db | Tx, f: LedgerFilter): Promise<LedgerEntryView[]> {
  const q = selectFiltered(db, f);
  if (f.limit === undefined) return q.orderBy('l.at').orderBy('l.id').execute();
  const newest = await q.orderBy('l.at', 'desc').orderBy('l.id', 'desc').limit(f.limit).execute();
  return newest.reverse();
}

/**
 * The same entries in the same order, a chunk at a time (`points ledger --json|--csv` of a whole community, issue
 * #21): each chunk the next `size` after where the last one ended, so memory holds one chunk however long the
 * ledger. Run it in one read transaction (`chunksInSnapshot`) for the chunks to be one ledger.
 */
export async function* entryChunks(
  db: Db,
  f: Omit<LedgerFilter, 'limit'>,
  size: number,
): AsyncGenerator<LedgerEntryView[]> {
  for (let after: { at: string; id: number } | undefined; ; ) {
    let q = selectFiltered(db, f);
    if (after) q = q.where(sql<SqlBool>`(l.at, l.id) > (${after.at}, ${after.id})`);
    const rows = await q.orderBy('l.at').orderBy('l.id').limit(size).execute();
    if (rows.length > 0) yield rows;
    if (rows.length < size) return;
    const last = rows.at(-1)!;
    after = { at: last.at, id: last.id };
  }
}

export async function countEntries(db: Db | Tx, f: Omit<LedgerFilter, 'limit'>): Promise<number> {
  let q = db
    .selectFrom('ledger as l')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('l.community_id', '=', f.communityId);
  if (f.residentId !== undefined) q = q.where('l.resident_id', '=', f.residentId);
  if (f.from) q = q.where('l.at', '>=', f.from);
  if (f.before) q = q.where('l.at', '<', f.before);
  return Number((await q.executeTakeFirstOrThrow()).n);
}

/** A resident's balance: the sum of their entries. */
export async function balanceOf(db: Db | Tx, residentId: number): Promise<number> {
  const row = await db
    .selectFrom('ledger')
    .select(sql<number>`coalesce(sum(delta), 0)`.as('balance'))
    .where('resident_id', '=', residentId)
    .executeTakeFirstOrThrow();
  return Number(row.balance);
}

/**
 * What a resident can spend at `at` without the ledger going below zero at any time after: the
 * balance then, or less if later entries already spent it (a backdated redemption must not leave
 * the ledger negative in between). At the present moment it is the balance.
 */
export async function spendableAt(db: Db | Tx, residentId: number, at: string): Promise<number> {
  const { rows } = await sql<{ upto: number; lowest: number | null }>`
    SELECT coalesce(sum(CASE WHEN at <= ${at} THEN delta END), 0) AS upto,
           (SELECT min(running) FROM (
              SELECT at, sum(delta) OVER (ORDER BY at, id) AS running FROM ledger WHERE resident_id = ${residentId}
            ) WHERE at > ${at}) AS lowest
      FROM ledger WHERE resident_id = ${residentId}`.execute(db);
  const { upto, lowest } = rows[0]!; // an aggregate without GROUP BY: always one row
  return Math.min(Number(upto), lowest === null ? Infinity : Number(lowest));
}

export interface BalanceRow {
  resident_id: number;
  resident_name: string;
  balance: number;
}

/** The balance of every resident with at least one entry: highest first. */
export function balances(db: Db | Tx, communityId: number): Promise<BalanceRow[]> {
  return db
    .selectFrom('ledger as l')
    .innerJoin('residents as r', 'r.id', 'l.resident_id')
    .select(['r.id as resident_id', 'r.name as resident_name', sql<number>`sum(l.delta)`.as('balance')])
    .where('l.community_id', '=', communityId)
    .groupBy('r.id')
    .orderBy('balance', 'desc')
    .orderBy('r.id')
    .execute();
}

export interface MemberPoints extends BalanceRow {
  /** Points earned in this team's activities, net of reversals. */
  team_points: number;
}

/** The members of a team: residents whose points for one of its activities stand. */
export function teamMembers(db: Db | Tx, teamId: number): Promise<MemberPoints[]> {
  return db
    .selectFrom('ledger as l')
    .innerJoin('activities as a', 'a.id', 'l.activity_id')
    .innerJoin('residents as r', 'r.id', 'l.resident_id')
    .select([
      'r.id as resident_id',
      'r.name as resident_name',
      sql<number>`sum(l.delta)`.as('team_points'),
      sql<number>`(SELECT coalesce(sum(b.delta), 0) FROM ledger b WHERE b.resident_id = r.id)`.as('balance'),
    ])
    .where('a.team_id', '=', teamId)
    .groupBy('r.id')
    .having(sql<boolean>`sum(l.delta) > 0`)
    .orderBy('team_points', 'desc')
    .orderBy('r.id')
    .execute();
}

/** The append-only and non-negative-balance triggers (migration 0002), by what they raise. */
export function ledgerRefusal(e: unknown): 'append_only' | 'negative_balance' | 'negative_stock' | undefined {
  const message = e instanceof Error ? e.message : '';
  if (message.includes('the points ledger is append-only')) return 'append_only';
  if (message.includes('a points balance cannot go below zero')) return 'negative_balance';
  // SQLite names the failing CHECK by its text, PostgreSQL by its name (items_stock_check).
  if (
    (message.includes('CHECK constraint failed') || message.includes('violates check constraint')) &&
    message.includes('stock')
  ) {
    return 'negative_stock';
  }
  return undefined;
}
