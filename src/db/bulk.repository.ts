import type { Store } from './connection.js';
import type {
  ActivitiesTable, DemandEventsTable, DemandsTable, ItemsTable, LedgerTable, MeetingsTable, ProposalsTable,
  ResidentTagsTable, ResidentsTable, TeamsTable, TopicEventsTable, TopicTasksTable, TopicsTable, VotesTable,
} from './schema.js';

/**
 * The fast path for writing many rows at once (demo, bench data, imports): better-sqlite3 prepared
 * statements with positional values inside one transaction. Compiling a kysely query per row is
 * about four times slower, and a million demands must load in seconds (SPEC §8).
 */
type Row<T> = { [K in keyof T as K extends 'id' ? never : K]: T[K] extends { __select__: infer S } ? S : T[K] };

const COLUMNS = {
  teams: ['community_id', 'name', 'kind', 'created_at'],
  residents: ['community_id', 'name', 'phone', 'address', 'created_at'],
  resident_tags: ['resident_id', 'tag', 'tagged_at', 'operator'],
  demands: [
    'community_id', 'number', 'number_month', 'number_seq', 'summary', 'channel', 'category', 'kind', 'tier',
    'status', 'resident_id', 'phone', 'address', 'received_at', 'response_due_at', 'resolve_due_at',
    'assignee_team_id', 'assignee_resident_id', 'responded_at', 'first_resolved_at', 'resolved_at', 'outcome',
    'rating', 'rated_at', 'cancelled_at',
  ],
  demand_events: [
    'demand_id', 'type', 'at', 'recorded_at', 'operator', 'note', 'status_after', 'team_id', 'resident_id',
    'outcome', 'rating', 'due_at',
  ],
  items: ['community_id', 'name', 'cost', 'stock', 'kind', 'created_at'],
  activities: ['community_id', 'title', 'team_id', 'reason', 'points', 'at', 'recorded_at', 'operator'],
  ledger: [
    'community_id', 'resident_id', 'type', 'delta', 'reason', 'item_id', 'qty', 'activity_id', 'reverses',
    'note', 'at', 'recorded_at', 'operator',
  ],
  meetings: ['community_id', 'title', 'at', 'attendees', 'recorded_at', 'operator'],
  topics: [
    'community_id', 'meeting_id', 'title', 'step', 'demand_id', 'raised_by_resident_id', 'raised_at',
    'decided_at', 'evaluated_at', 'evaluation', 'evaluation_comment',
  ],
  proposals: ['topic_id', 'n', 'text', 'team_id', 'created_at'],
  votes: ['proposal_id', 'meeting_id', 'votes_for', 'votes_against', 'votes_abstain', 'passed', 'at', 'operator'],
  topic_tasks: ['topic_id', 'demand_id'],
  topic_events: ['topic_id', 'step', 'meeting_id', 'at', 'operator', 'note'],
} as const;

interface Tables {
  teams: TeamsTable;
  residents: ResidentsTable;
  resident_tags: ResidentTagsTable;
  demands: DemandsTable;
  demand_events: DemandEventsTable;
  items: ItemsTable;
  activities: ActivitiesTable;
  ledger: LedgerTable;
  meetings: MeetingsTable;
  topics: TopicsTable;
  proposals: ProposalsTable;
  votes: VotesTable;
  topic_tasks: TopicTasksTable;
  topic_events: TopicEventsTable;
}

export type BulkTable = keyof typeof COLUMNS;

export interface Bulk {
  /** Queues one row; returns the id it will have (0 for tables without one). */
  insert<T extends BulkTable>(table: T, row: Row<Tables[T]>): number;
  /** Sets an item's remaining stock after the generated redemptions. */
  setStock(itemId: number, stock: number | null): void;
  /** Runs the work as one IMMEDIATE transaction: all rows land, or none. */
  transaction<R>(work: () => R): R;
}

/** Tables keyed by their columns, without a rowid id. */
const WITHOUT_ID = new Set<BulkTable>(['resident_tags', 'topic_tasks']);

/**
 * Rows per INSERT. SQLite evaluates each `CHECK (x IN (...))` of the schema by building a small
 * table once per statement execution: one row per execution spends most of its time there, a
 * batch of rows shares it (4-5 times faster with demands and their events).
 */
const BATCH = 100;

/**
 * Writes rows in batches with ids it assigns itself: the bulk writer is the only writer of the
 * file inside its transaction, so the next id is simply one more than the largest.
 */
export function bulkWriter(store: Store): Bulk {
  const raw = store.raw;
  const buffers = new Map<BulkTable, ReturnType<typeof tableBuffer>>();
  const tableBuffer = (table: BulkTable) => {
    const columns = [...(WITHOUT_ID.has(table) ? [] : ['id']), ...COLUMNS[table]];
    const sql = (rows: number) =>
      `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${Array.from({ length: rows }, () => `(${columns.map(() => '?').join(', ')})`).join(', ')}`;
    return {
      columns: COLUMNS[table],
      hasId: !WITHOUT_ID.has(table),
      lastId: WITHOUT_ID.has(table) ? 0 : (raw.prepare(`SELECT coalesce(max(id), 0) FROM ${table}`).pluck().get() as number),
      values: [] as unknown[],
      rows: 0,
      batch: raw.prepare(sql(BATCH)),
      one: raw.prepare(sql(1)),
    };
  };
  const bufferOf = (table: BulkTable) => {
    let buffer = buffers.get(table);
    if (!buffer) buffers.set(table, (buffer = tableBuffer(table)));
    return buffer;
  };
  const flush = () => {
    for (const b of buffers.values()) {
      const width = b.values.length / Math.max(b.rows, 1);
      if (b.rows === BATCH) b.batch.run(b.values);
      else for (let i = 0; i < b.rows; i++) b.one.run(b.values.slice(i * width, (i + 1) * width));
      b.values = [];
      b.rows = 0;
    }
  };
  const setStock = raw.prepare('UPDATE items SET stock = ? WHERE id = ?');
  return {
    insert(table, row) {
      const b = bufferOf(table);
      const id = b.hasId ? ++b.lastId : 0;
      if (b.hasId) b.values.push(id);
      for (const c of b.columns) b.values.push((row as Record<string, unknown>)[c] ?? null);
      if (++b.rows === BATCH) {
        b.batch.run(b.values);
        b.values = [];
        b.rows = 0;
      }
      return id;
    },
    setStock(itemId, stock) {
      flush();
      setStock.run(stock, itemId);
    },
    transaction(work) {
      return raw
        .transaction(() => {
          const result = work();
          flush();
          return result;
        })
        .immediate();
    },
  };
}

/**
 * Pragmas for loading a fresh file nobody else has open: no fsync per page, a large cache, and no
 * foreign-key lookups per row (the generator writes parents first; `finishLoading` checks them all).
 */
export function loadingPragmas(store: Store): void {
  store.raw.pragma('foreign_keys = OFF');
  store.raw.pragma('synchronous = OFF');
  store.raw.pragma('cache_size = -131072');
  store.raw.pragma('temp_store = MEMORY');
}

/** Rows per table, for the summary of what was generated. */
export function countRows(store: Store, tables: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const table of tables) {
    counts[table] = (store.raw.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  }
  return counts;
}

/** Checkpoints the WAL into the file and makes it compact, so the file can be copied or renamed whole. */
export function finishLoading(store: Store): void {
  store.raw.pragma('foreign_keys = ON');
  const orphans = store.raw.pragma('foreign_key_check') as unknown[];
  if (orphans.length) throw new Error(`bulk load left ${orphans.length} rows without their parent`);
  store.raw.pragma('synchronous = FULL');
  store.raw.pragma('wal_checkpoint(TRUNCATE)');
}
