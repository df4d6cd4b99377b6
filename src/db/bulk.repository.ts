import type BetterSqlite3 from 'better-sqlite3';
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
  insert<T extends BulkTable>(table: T, row: Row<Tables[T]>): number;
  /** Sets an item's remaining stock after the generated redemptions. */
  setStock(itemId: number, stock: number | null): void;
  /** Runs the work as one IMMEDIATE transaction: all rows land, or none. */
  transaction<R>(work: () => R): R;
}

export function bulkWriter(store: Store): Bulk {
  const raw = store.raw;
  const statements = new Map<BulkTable, { stmt: BetterSqlite3.Statement; columns: readonly string[] }>();
  const prepared = (table: BulkTable) => {
    let entry = statements.get(table);
    if (!entry) {
      const columns = COLUMNS[table];
      const stmt = raw.prepare(`INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`);
      statements.set(table, (entry = { stmt, columns }));
    }
    return entry;
  };
  const setStock = raw.prepare('UPDATE items SET stock = ? WHERE id = ?');
  return {
    insert(table, row) {
      const { stmt, columns } = prepared(table);
      const values = columns.map((c) => (row as Record<string, unknown>)[c] ?? null);
      return Number(stmt.run(values).lastInsertRowid);
    },
    setStock(itemId, stock) {
      setStock.run(stock, itemId);
    },
    transaction(work) {
      return raw.transaction(work).immediate();
    },
  };
}

/** Pragmas for loading a fresh file nobody else has open: no fsync per page, a large cache. */
export function loadingPragmas(store: Store): void {
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
  store.raw.pragma('synchronous = FULL');
  store.raw.pragma('wal_checkpoint(TRUNCATE)');
}
