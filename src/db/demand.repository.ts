import { sql, type Expression, type SqlBool } from 'kysely';
import type { Category, Kind, Status } from '../domain/codes.js';
import { isHistory, type ListStatus } from '../domain/demand-state.js';
import type { Db, Tx } from './connection.js';
import type { DemandEventRow, DemandRow, DemandsTable, NewDemand, NewDemandEvent } from './schema.js';

/** A demand with the names a reader needs beside the codes. */
export interface DemandView extends DemandRow {
  community_code: string;
  assignee_name: string | null;
  /**
   * A resident assignee's address and registration, and the resident's registration: with phones
   * masked (SPEC §3), what tells two residents of one name apart when `list --csv` is imported.
   */
  assignee_address: string | null;
  assignee_created_at: string | null;
  resident_name: string | null;
  resident_phone: string | null;
  resident_created_at: string | null;
}

export interface DemandFilter {
  /** null: every community of the file (`list --community all`). */
  communityId: number | null;
  /** A status, `active` (open, assigned, resolved), `overdue` (unresolved past due at `now`) or `all`. */
  status: ListStatus;
  now: string;
  receivedFrom?: string;
  receivedBefore?: string;
  category?: Category;
  kind?: Kind;
  /** One resident's demands. */
  residentId?: number;
  limit?: number;
  /** Read in chunks (`demandChunks`): at most this many, after `after` in the listing's order. */
  chunk?: { size: number; after?: ListingKey };
}

/** Where a demand stands in a listing's order: its intake (`overdue`: its deadline) and id. */
export interface ListingKey {
  at: string;
  id: number;
}

/** Demands `d` with whom they name: the assignee (team `t` or resident `ar`) and the resident `r`. */
function withNames(db: Db | Tx) {
  return db
    .selectFrom('demands as d')
    .leftJoin('teams as t', 't.id', 'd.assignee_team_id')
    .leftJoin('residents as ar', 'ar.id', 'd.assignee_resident_id')
    .leftJoin('residents as r', 'r.id', 'd.resident_id');
}

/** Demands with their names and community code, every field: what JSON and CSV print. */
export function selectDemandViews(db: Db | Tx) {
  return withNames(db)
    .innerJoin('communities as c', 'c.id', 'd.community_id')
    .selectAll('d')
    .select((eb) => [
      'c.code as community_code',
      eb.fn.coalesce('t.name', 'ar.name').as('assignee_name'),
      'ar.address as assignee_address',
      'ar.created_at as assignee_created_at',
      'r.name as resident_name',
      'r.phone as resident_phone',
      'r.created_at as resident_created_at',
    ]);
}

/**
 * What a listing's table shows of a demand. Reading a row costs better-sqlite3 a property per
 * column (its name and its value made into JavaScript strings): a page of 31 columns where the table
 * shows nine was most of `list`'s query time.
 */
export type DemandLine = Pick<
  DemandView,
  | 'id'
  | 'community_id'
  | 'number'
  | 'status'
  | 'tier'
  | 'category'
  | 'summary'
  | 'received_at'
  | 'resolve_due_at'
  | 'paused_at'
  | 'assignee_name'
  | 'resident_name'
> & {
  /** Why it was cancelled (the cancel event's reason): read for a listing of cancelled demands only. */
  cancel_reason?: string | null;
};

function selectLines(db: Db) {
  return withNames(db)
    .select([
      'd.id',
      'd.number',
      'd.status',
      'd.tier',
      'd.category',
      'd.summary',
      'd.received_at',
      'd.resolve_due_at',
      'd.paused_at',
      'd.community_id',
    ])
    .select((eb) => [eb.fn.coalesce('t.name', 'ar.name').as('assignee_name'), 'r.name as resident_name']);
}

export function findDemand(db: Db | Tx, communityId: number, number: string): Promise<DemandView | undefined> {
  return selectDemandViews(db)
    .where('d.community_id', '=', communityId)
    .where('d.number', '=', number)
    .executeTakeFirst();
}

/** The community a demand number belongs to (numbers are unique in the file), if any. */
export function communityOfNumber(db: Db | Tx, number: string): Promise<{ code: string; name: string } | undefined> {
  return db
    .selectFrom('demands as d')
    .innerJoin('communities as c', 'c.id', 'd.community_id')
    .select(['c.code', 'c.name'])
    .where('d.number', '=', number)
    .executeTakeFirst();
}

/** The filters other than status, for any query of demands `d`. */
function filters(f: DemandFilter) {
  // One resident's few demands are found through `demands_by_resident`: the unary + keeps SQLite
  // from walking the community's demands in an index by community instead.
  const terms =
    f.communityId === null
      ? [sql`1 = 1`] // a condition, not the number 1: PostgreSQL's AND takes booleans only
      : [f.residentId === undefined ? sql`d.community_id = ${f.communityId}` : sql`+d.community_id = ${f.communityId}`];
  if (f.receivedFrom) terms.push(sql`d.received_at >= ${f.receivedFrom}`);
  if (f.receivedBefore) terms.push(sql`d.received_at < ${f.receivedBefore}`);
  if (f.category) terms.push(sql`d.category = ${f.category}`);
  if (f.kind) terms.push(sql`d.kind = ${f.kind}`);
  if (f.residentId !== undefined) terms.push(sql`d.resident_id = ${f.residentId}`);
  const after = f.chunk?.after;
  if (after) terms.push(sql`(${sql.ref(`d.${orderColumn(f)}`)}, d.id) > (${after.at}, ${after.id})`);
  return sql<SqlBool>`${sql.join(terms, sql` AND `)}`;
}

/** The column a listing is ordered by before the id. */
function orderColumn(f: DemandFilter): 'resolve_due_at' | 'received_at' {
  return f.status === 'overdue' ? 'resolve_due_at' : 'received_at';
}

/**
 * Which demands of a community a listing shows, and in what order: in order of intake (`overdue`:
 * most overdue first). A page of the work queue is its oldest demands, a page of history
 * (`isHistory`) its newest, still printed in order of intake. For statuses, each one's demands come
 * in order of intake from `demands_by_status_received` and SQLite merges the streams (a compound
 * SELECT ordered as its parts): the page's ids cost what the page shows, however many closed
 * demands of the years before lie in between, and the outer query reads only those rows, by id.
 */
function page(db: Db, f: DemandFilter): { where: Expression<SqlBool>; order: Expression<unknown>[] } {
  // A paused demand's clock is stopped (SPEC §9): it is not overdue while it waits.
  if (f.status === 'overdue') {
    const where = sql<SqlBool>`${filters(f)} AND d.status IN ('open', 'assigned') AND d.resolve_due_at < ${f.now} AND
      d.paused_at IS NULL`;
    return { where, order: [sql`d.resolve_due_at`, sql`d.id`] };
  }
  const order = [sql`d.received_at`, sql`d.id`];
  if (f.status === 'paused') return { where: sql<SqlBool>`${filters(f)} AND d.paused_at IS NOT NULL`, order };
  const statuses: Status[] | undefined =
    f.status === 'all' ? undefined : f.status === 'active' ? ['open', 'assigned', 'resolved'] : [f.status];
  const ofStatus = statuses ? sql<SqlBool>`${filters(f)} AND d.status IN (${sql.join(statuses)})` : filters(f);
  // A page of history is its latest demands; a chunk is the next ones in order.
  const take = f.limit ?? f.chunk?.size;
  const direction = isHistory(f.status) && f.limit !== undefined ? 'desc' : 'asc';
  // One resident's demands are few: read through `demands_by_resident` (see `filters`) and sorted;
  // every status of a community is read in order from `demands_by_received`.
  if (f.residentId !== undefined || !statuses) {
    if (take === undefined) return { where: ofStatus, order };
    const picked = db
      .selectFrom('demands as d')
      .select('d.id')
      .where(ofStatus)
      .orderBy('d.received_at', direction)
      .orderBy('d.id', direction)
      .limit(take);
    return { where: sql`d.id IN ${picked}`, order };
  }
  let picked = statuses
    .map((status) =>
      db.selectFrom('demands as d').select(['d.id', 'd.received_at']).where(filters(f)).where('d.status', '=', status),
    )
    .reduce((all, stream) => all.unionAll(stream))
    .orderBy('received_at', direction)
    .orderBy('id', direction);
  if (take !== undefined) picked = picked.limit(take);
  // (kysely puts a subquery in parentheses: `IN ((SELECT …))` would be one scalar before SQLite 3.43)
  return { where: sql`d.id IN ${db.selectFrom(picked.as('p')).select('p.id')}`, order };
}

/** The demands a listing shows, every field (JSON, CSV). */
export function listDemands(db: Db, f: DemandFilter): Promise<DemandView[]> {
  const { where, order } = page(db, f);
  let q = selectDemandViews(db).where(where);
  for (const o of order) q = q.orderBy(o);
  const take = f.limit ?? f.chunk?.size;
  return (take === undefined ? q : q.limit(take)).execute();
}

/**
 * The demands a listing shows, every field, a chunk at a time (`list --json|--csv` of a whole
 * file): each chunk is the next `size` in the listing's order, found from where the last one ended
 * through the same indexes as a page, so memory holds a chunk whatever the listing's length (issue
 * #21). Run it in one read transaction (`inSnapshot`) for the chunks to be one listing. With
 * `limit`, the page asked for, in one chunk.
 */
export async function* demandChunks(db: Db, f: DemandFilter, size: number): AsyncGenerator<DemandView[]> {
  if (f.limit !== undefined) return yield await listDemands(db, f);
  for (let after: ListingKey | undefined; ; ) {
    const rows = await listDemands(db, { ...f, chunk: { size, after } });
    if (rows.length > 0) yield rows;
    if (rows.length < size) return;
    const last = rows.at(-1)!;
    after = { at: last[orderColumn(f)], id: last.id };
  }
}

/** The same demands with what a table shows of them. */
export function listDemandLines(db: Db, f: DemandFilter): Promise<DemandLine[]> {
  const { where, order } = page(db, f);
  let q = selectLines(db)
    .$if(f.status === 'cancelled', (qb) =>
      qb.select(
        sql<
          string | null
        >`(SELECT e.note FROM demand_events e WHERE e.demand_id = d.id AND e.type = 'cancel' ORDER BY e.at DESC, e.id
          DESC LIMIT 1)`.as('cancel_reason'),
      ),
    )
    .where(where);
  for (const o of order) q = q.orderBy(o);
  return (f.limit === undefined ? q : q.limit(f.limit)).execute();
}

/** The next sequence number of a month; call inside the IMMEDIATE transaction that inserts. */
export async function nextNumberSeq(tx: Tx, numberMonth: string): Promise<number> {
  const row = await tx
    .selectFrom('demands')
    .select(sql<number | null>`max(number_seq)`.as('seq'))
    .where('number_month', '=', numberMonth)
    .executeTakeFirst();
  return (row?.seq ?? 0) + 1;
}

export async function insertDemand(tx: Tx, d: NewDemand): Promise<number> {
  const row = await tx.insertInto('demands').values(d).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function updateDemand(tx: Tx, id: number, changes: Partial<Omit<DemandsTable, 'id'>>): Promise<void> {
  await tx.updateTable('demands').set(changes).where('id', '=', id).execute();
}

export async function insertEvent(tx: Tx, e: NewDemandEvent): Promise<void> {
  await tx.insertInto('demand_events').values(e).execute();
}

export interface DemandEventView extends DemandEventRow {
  team_name: string | null;
  resident_name: string | null;
  /** The resident assignee's address and registration (`list --history` tells namesakes apart by them). */
  resident_address: string | null;
  resident_created_at: string | null;
}

export function eventsOf(db: Db | Tx, demandId: number): Promise<DemandEventView[]> {
  return db
    .selectFrom('demand_events as e')
    .leftJoin('teams as t', 't.id', 'e.team_id')
    .leftJoin('residents as r', 'r.id', 'e.resident_id')
    .selectAll('e')
    .select([
      't.name as team_name',
      'r.name as resident_name',
      'r.address as resident_address',
      'r.created_at as resident_created_at',
    ])
    .where('e.demand_id', '=', demandId)
    .orderBy('e.at')
    .orderBy('e.id')
    .execute();
}

/**
 * The events of several demands (a chunk of `list --history`), by demand, each oldest first, in
 * one query: the ids go in as one JSON parameter, walked through the events' demand index.
 */
export async function eventsOfDemands(
  db: Db | Tx,
  demandIds: readonly number[],
): Promise<Map<number, DemandEventView[]>> {
  const byDemand = new Map<number, DemandEventView[]>();
  if (demandIds.length === 0) return byDemand;
  const { rows } = await sql<DemandEventView>`
    WITH wanted(id) AS (SELECT value FROM json_each(${JSON.stringify(demandIds)}))
    SELECT e.*, t.name AS team_name, r.name AS resident_name, r.address AS resident_address,
           r.created_at AS resident_created_at
      FROM wanted w CROSS JOIN demand_events e ON e.demand_id = w.id
      LEFT JOIN teams t ON t.id = e.team_id LEFT JOIN residents r ON r.id = e.resident_id
     ORDER BY e.demand_id, e.at, e.id`.execute(db);
  for (const event of rows) {
    const events = byDemand.get(event.demand_id);
    if (events) events.push(event);
    else byDemand.set(event.demand_id, [event]);
  }
  return byDemand;
}

/**
 * The time of the demand's latest event or return visit (回访 that reached no rating): a backdated
 * event may not go before it.
 */
export async function lastEventAt(tx: Tx, demandId: number): Promise<string> {
  const { rows } = await sql<{ at: string }>`SELECT max(at) AS at FROM (
    SELECT max(at) AS at FROM demand_events WHERE demand_id = ${demandId}
    UNION ALL SELECT max(at) FROM demand_visits WHERE demand_id = ${demandId})`.execute(tx);
  return rows[0]!.at;
}

/** Demands by id, in the order of their numbers (a meeting topic's tasks). */
export function findDemandsByIds(db: Db | Tx, ids: readonly number[]): Promise<DemandView[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return selectDemandViews(db).where('d.id', 'in', ids).orderBy('d.received_at').orderBy('d.id').execute();
}
