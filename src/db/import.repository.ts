import { checksOf } from './bulk.repository.js';
import type { CompiledQuery, Insertable } from 'kysely';
import type { Db, Store, Tx } from './connection.js';
import type { HousesTable, LedgerEntryType } from './schema.js';
import type { TeamKind } from '../domain/codes.js';

/**
 * What an import checks its rows against, read once in its transaction (SQL only): a sheet of
 * 200,000 rows is checked in memory, not with a query per row. Plain prepared statements on the
 * connection the transaction holds, as the bulk path writes.
 */
export interface ResidentKey {
  id: number;
  name: string;
  phone: string | null;
  address: string | null;
  created_at: string;
}

/** A community's residents as a sheet names them (through kysely: houses are imported on PostgreSQL too). */
export function residentKeys(db: Db | Tx, communityId: number): Promise<ResidentKey[]> {
  return db
    .selectFrom('residents')
    .select(['id', 'name', 'phone', 'address', 'created_at'])
    .where('community_id', '=', communityId)
    .orderBy('id')
    .execute();
}

export function teamKeys(db: Db | Tx, communityId: number): Promise<{ id: number; name: string; kind: TeamKind }[]> {
  return db
    .selectFrom('teams')
    .select(['id', 'name', 'kind'])
    .where('community_id', '=', communityId)
    .orderBy('id')
    .execute();
}

export function itemKeys(db: Db | Tx, communityId: number): Promise<{ id: number; name: string }[]> {
  return db.selectFrom('items').select(['id', 'name']).where('community_id', '=', communityId).orderBy('id').execute();
}

/**
 * The readers below may return many rows (a community's demands): on a file they read through
 * better-sqlite3, several times faster than kysely's driver; on a server through kysely, in the
 * import's transaction (`tx`).
 */

/** One query for both engines: on a file its SQL is run by better-sqlite3 on the transaction's connection. */
async function readAll<T>(store: Store, query: { compile(): CompiledQuery<T>; execute(): Promise<T[]> }): Promise<T[]> {
  if (store.engine !== 'sqlite') return query.execute();
  const { sql, parameters } = query.compile();
  return store.raw.prepare(sql).all(...parameters) as T[];
}

/**
 * The community of each of `numbers` on file (numbers are unique in the whole file), looked up by
 * the numbers' index: reading every number of a million-demand file into memory took seconds, for
 * the few a sheet gives.
 */
export async function demandNumbers(store: Store, tx: Tx, numbers: readonly string[]): Promise<Map<string, number>> {
  if (numbers.length === 0) return new Map();
  if (store.engine === 'sqlite') {
    const rows = store.raw
      .prepare('SELECT number, community_id FROM demands WHERE number IN (SELECT value FROM json_each(?))')
      .raw()
      .all(JSON.stringify(numbers)) as [string, number][];
    return new Map(rows);
  }
  const found = new Map<string, number>();
  // A few thousand to a statement: within the server's limit on parameters.
  for (let i = 0; i < numbers.length; i += 5000) {
    const rows = await tx
      .selectFrom('demands')
      .select(['number', 'community_id'])
      .where('number', 'in', numbers.slice(i, i + 5000))
      .execute();
    for (const d of rows) found.set(d.number, d.community_id);
  }
  return found;
}

export interface DemandKey {
  received_at: string;
  summary: string;
  phone: string | null;
  resident_id: number | null;
}

/** The demands of a community as the idempotency rule compares them (received time, summary, phone, resident). */
export function demandKeys(store: Store, tx: Tx, communityId: number): Promise<DemandKey[]> {
  return readAll(
    store,
    tx
      .selectFrom('demands')
      .select(['received_at', 'summary', 'phone', 'resident_id'])
      .where('community_id', '=', communityId),
  );
}

/**
 * The last sequence number of each of `months`' demand numbers in the whole file (0 for a month
 * without any), each by the numbers' index, read in the transaction that writes the new ones: on a
 * server it holds the write lock, as intake's does.
 */
export async function numberSeqs(store: Store, tx: Tx, months: Iterable<string>): Promise<Map<string, number>> {
  const seqs = new Map([...new Set(months)].map((month) => [month, 0]));
  if (seqs.size === 0) return seqs;
  if (store.engine === 'sqlite') {
    const last = store.raw.prepare('SELECT max(number_seq) FROM demands WHERE number_month = ?').pluck();
    for (const month of seqs.keys()) seqs.set(month, (last.get(month) as number | null) ?? 0);
    return seqs;
  }
  const rows = await tx
    .selectFrom('demands')
    .select(['number_month', (eb) => eb.fn.max('number_seq').as('seq')])
    .where('number_month', 'in', [...seqs.keys()])
    .groupBy('number_month')
    .execute();
  for (const m of rows) seqs.set(m.number_month, Number(m.seq));
  return seqs;
}

export interface LedgerKey {
  id: number;
  resident_id: number;
  type: LedgerEntryType;
  delta: number;
  at: string;
}

/** A community's ledger in the order it was written, to compare entries and to follow balances. */
export function ledgerKeys(store: Store, tx: Tx, communityId: number): Promise<LedgerKey[]> {
  return readAll(
    store,
    tx
      .selectFrom('ledger')
      .select(['id', 'resident_id', 'type', 'delta', 'at'])
      .where('community_id', '=', communityId)
      .orderBy('id'),
  );
}

/**
 * A page cache large enough for a sheet's rows and the pages of every index they go into (256 MB
 * at most, used only as needed): with SQLite's default 2 MB, 200,000 demands and their ten
 * indexes spill pages to the WAL again and again before the commit. This connection only, for
 * this one command.
 */
export function cacheForBulk(store: Store): void {
  store.raw.pragma('cache_size = -262144');
}

/**
 * The secondary indexes of `tables`, dropped inside the import's transaction to be made again by
 * `rebuildIndexes` before it commits: SQLite builds an index from sorted keys far faster than it
 * updates ten of them row by row. Worth it only when the rows added are many beside those on file.
 * Readers meanwhile see the file as it was (WAL); a failure rolls the drop back with the rest.
 */
export function dropIndexes(store: Store, tables: readonly string[]): string[] {
  const indexes = store.raw
    .prepare(
      `SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN (` +
        `${tables.map(() => '?').join(', ')}) ORDER BY rowid`,
    )
    .all(...tables) as { name: string; sql: string }[];
  for (const index of indexes) store.raw.exec(`DROP INDEX "${index.name}"`);
  return indexes.map((i) => i.sql);
}

export function rebuildIndexes(store: Store, statements: readonly string[]): void {
  for (const statement of statements) store.raw.exec(statement);
}

export function countRows(store: Store, table: 'demands'): number {
  return store.raw.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
}

/**
 * Runs `work` with SQLite's CHECK constraints set aside, then checks the rows it added to `tables`
 * against those same constraints (read from the schema) in one query each, as the bulk path's
 * `finishLoading` does: evaluating every `CHECK (x IN (...))` per inserted row costs the import a
 * large share of its writing time. The rows were already checked by the domain's rules; a row that
 * still fails is a bug, and the whole transaction is rolled back.
 */
export function withRowChecksAfter<T>(
  store: Store,
  tables: readonly ('demands' | 'demand_events' | 'demand_visits' | 'residents')[],
  work: () => T,
): T {
  const raw = store.raw;
  const before = tables.map(
    (table) => raw.prepare(`SELECT coalesce(max(id), 0) FROM ${table}`).pluck().get() as number,
  );
  raw.pragma('ignore_check_constraints = ON');
  let result: T;
  try {
    result = work();
  } finally {
    raw.pragma('ignore_check_constraints = OFF');
  }
  tables.forEach((table, i) => {
    const sql = raw
      .prepare("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?")
      .pluck()
      .get(table) as string;
    const checks = checksOf(sql);
    if (checks.length === 0) return;
    const failing = raw
      .prepare(`SELECT count(*) FROM ${table} WHERE id > ? AND (${checks.map((c) => `NOT (${c})`).join(' OR ')})`)
      .pluck()
      .get(before[i]) as number;
    if (failing) throw new Error(`import wrote ${failing} rows into ${table} that fail its CHECK constraints`);
  });
  return result!;
}

/** A community's houses by address (the normal form) with their area in hundredths of a m². */
export async function houseKeys(db: Db | Tx, communityId: number): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('houses')
    .select(['address', 'area'])
    .where('community_id', '=', communityId)
    .execute();
  return new Map(rows.map((h) => [h.address, h.area]));
}

/** Houses a sheet adds, a few hundred to a statement (within both engines' limits on parameters). */
export async function insertHouses(tx: Tx, houses: readonly Insertable<HousesTable>[]): Promise<void> {
  for (let i = 0; i < houses.length; i += 500)
    await tx
      .insertInto('houses')
      .values(houses.slice(i, i + 500))
      .execute();
}
