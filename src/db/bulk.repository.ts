import type BetterSqlite3 from 'better-sqlite3';
import type { Store } from './connection.js';
import type { Database } from './schema.js';

/**
 * The fast path for writing many rows at once (demo, bench data, imports): better-sqlite3 prepared
 * statements with positional values inside one transaction. Compiling a kysely query per row is
 * about four times slower, and a million demands must load in seconds (SPEC §8).
 */
type Row<T> = { [K in keyof T as K extends 'id' ? never : K]: T[K] extends { __select__: infer S } ? S : T[K] };

export const COLUMNS = {
  teams: ['community_id', 'name', 'kind', 'created_at'],
  residents: ['community_id', 'name', 'phone', 'address', 'created_at', 'name_pinyin', 'name_initials'],
  resident_tags: ['resident_id', 'tag', 'tagged_at', 'operator'],
  demands: [
    'community_id',
    'number',
    'number_month',
    'number_seq',
    'summary',
    'channel',
    'category',
    'kind',
    'tier',
    'status',
    'resident_id',
    'phone',
    'address',
    'received_at',
    'response_due_at',
    'resolve_due_at',
    'assignee_team_id',
    'assignee_resident_id',
    'responded_at',
    'first_resolved_at',
    'resolved_at',
    'outcome',
    'rating',
    'rated_at',
    'cancelled_at',
    'resolve_due_unit',
    'paused_at',
  ],
  demand_events: [
    'demand_id',
    'type',
    'at',
    'recorded_at',
    'operator',
    'note',
    'status_after',
    'team_id',
    'resident_id',
    'outcome',
    'rating',
    'due_at',
  ],
  items: ['community_id', 'name', 'cost', 'stock', 'kind', 'created_at'],
  activities: ['community_id', 'title', 'team_id', 'reason', 'points', 'at', 'recorded_at', 'operator'],
  ledger: [
    'community_id',
    'resident_id',
    'type',
    'delta',
    'reason',
    'item_id',
    'qty',
    'activity_id',
    'reverses',
    'note',
    'at',
    'recorded_at',
    'operator',
  ],
  meetings: ['community_id', 'title', 'at', 'attendees', 'recorded_at', 'operator'],
  topics: [
    'community_id',
    'meeting_id',
    'title',
    'step',
    'demand_id',
    'raised_by_resident_id',
    'raised_at',
    'decided_at',
    'evaluated_at',
    'evaluation',
    'evaluation_comment',
  ],
  proposals: ['topic_id', 'n', 'text', 'team_id', 'created_at'],
  votes: ['proposal_id', 'meeting_id', 'votes_for', 'votes_against', 'votes_abstain', 'passed', 'at', 'operator'],
  topic_tasks: ['topic_id', 'demand_id'],
  topic_events: ['topic_id', 'step', 'meeting_id', 'at', 'operator', 'note'],
  houses: ['community_id', 'address', 'area', 'owner_id', 'created_at'],
  fee_rules: ['community_id', 'per_m2', 'period', 'from_date', 'created_at', 'operator'],
  fee_bills: [
    'community_id',
    'house_id',
    'period',
    'first_month',
    'last_month',
    'period_start',
    'period_end',
    'rule_id',
    'area',
    'amount',
    'issued_at',
    'operator',
  ],
  fee_payments: [
    'community_id',
    'house_id',
    'type',
    'receipt',
    'receipt_month',
    'receipt_seq',
    'amount',
    'method',
    'reverses',
    'note',
    'at',
    'recorded_at',
    'operator',
  ],
  fee_allocations: ['payment_id', 'bill_id', 'amount', 'at'],
  fee_waivers: ['community_id', 'bill_id', 'amount', 'reason', 'at', 'recorded_at', 'operator'],
  demand_visits: ['demand_id', 'outcome', 'final', 'at', 'recorded_at', 'operator', 'note'],
  care_services: [
    'community_id',
    'resident_id',
    'service',
    'note',
    'by_team_id',
    'by_resident_id',
    'points',
    'ledger_id',
    'at',
    'recorded_at',
    'operator',
  ],
} as const;

/** The tables the bulk path writes: all but the settings, communities and audit log. */
type Tables = Omit<Database, 'settings' | 'communities' | 'audit_log'>;

export type BulkTable = keyof typeof COLUMNS;

/** One row of a table as the bulk path takes it: every column but the id. */
export type BulkRow<T extends BulkTable> = Row<Tables[T]>;

export interface Bulk {
  /** Queues one row; returns the id it will have (0 for tables without one). */
  insert<T extends BulkTable>(table: T, row: BulkRow<T>): number;
  /** Sets an item's remaining stock after the generated redemptions. */
  setStock(itemId: number, stock: number | null): void;
  /** Writes the rows queued so far (a table's rows all in before the rows that refer to them). */
  flush(): void;
  /** Runs the work as one IMMEDIATE transaction: all rows land, or none. */
  transaction<R>(work: () => R): R;
  /**
   * Rows written so far per table, and the milliseconds spent in their INSERTs (binding and inserting): of the
   * clock, and of the process's CPU (which a shared machine's other work does not lengthen); 0 unless `timed`.
   */
  written(): Partial<Record<BulkTable, { rows: number; ms: number; cpuMs: number }>>;
}

/** Tables keyed by their columns, without a rowid id. */
export const WITHOUT_ID = new Set<BulkTable>(['resident_tags', 'topic_tasks']);

/**
 * Rows per INSERT: one statement execution carries many rows, so the per-call cost of
 * better-sqlite3 (and of building the statement's constant tables) is shared. 200 demands of 26
 * values stay far below SQLite's 32,766 parameters.
 */
const BATCH = 200;

/**
 * Writes rows in batches with ids it assigns itself: the bulk writer is the only writer of the
 * file inside its transaction, so the next id is simply one more than the largest. Each table
 * fills one value array that is reused from batch to batch (no allocation per row).
 */
export function bulkWriter(store: Store, options: { timed?: boolean } = {}): Bulk {
  const raw = store.raw;
  const buffers = new Map<BulkTable, ReturnType<typeof tableBuffer>>();
  const tableBuffer = (table: BulkTable) => {
    const hasId = !WITHOUT_ID.has(table);
    const columns = [...(hasId ? ['id'] : []), ...COLUMNS[table]];
    const sql = (rows: number) =>
      `INSERT INTO ${table} (${columns.join(', ')}) VALUES ` +
      `${Array.from({ length: rows }, () => `(${columns.map(() => '?').join(', ')})`).join(', ')}`;
    return {
      sql,
      columns: COLUMNS[table],
      hasId,
      lastId: hasId ? (raw.prepare(`SELECT coalesce(max(id), 0) FROM ${table}`).pluck().get() as number) : 0,
      values: new Array<unknown>(BATCH * columns.length),
      filled: 0,
      batch: raw.prepare(sql(BATCH)),
      rows: 0,
      ms: 0,
      cpuMs: 0,
    };
  };
  /**
   * Runs one batch statement, timed when asked: what the bench reports as the bulk path's insert
   * rate (the demo's); an import does without the two clock and CPU readings per batch (a system
   * call each). The values go as arguments, not as one array: better-sqlite3 reads an array
   * element by element through V8's API, arguments straight from the call (a third more rows a
   * second, measured).
   */
  const timed = (
    b: ReturnType<typeof tableBuffer>,
    statement: BetterSqlite3.Statement,
    values: unknown[],
    rows: number,
  ) => {
    b.rows += rows;
    if (!options.timed) return void statement.run(...values);
    const started = performance.now();
    const cpu = process.cpuUsage();
    statement.run(...values);
    const used = process.cpuUsage(cpu);
    b.ms += performance.now() - started;
    b.cpuMs += (used.user + used.system) / 1000;
  };
  const bufferOf = (table: BulkTable) => {
    let buffer = buffers.get(table);
    if (!buffer) buffers.set(table, (buffer = tableBuffer(table)));
    return buffer;
  };
  const flush = () => {
    for (const b of buffers.values()) {
      const width = b.columns.length + (b.hasId ? 1 : 0);
      if (b.filled) timed(b, raw.prepare(b.sql(b.filled / width)), b.values.slice(0, b.filled), b.filled / width);
      b.filled = 0;
    }
  };
  const setStock = raw.prepare('UPDATE items SET stock = ? WHERE id = ?');
  return {
    insert(table, row) {
      const b = bufferOf(table);
      const { values, columns } = b;
      const id = b.hasId ? ++b.lastId : 0;
      if (b.hasId) values[b.filled++] = id;
      for (let i = 0; i < columns.length; i++)
        values[b.filled++] = (row as Record<string, unknown>)[columns[i]!] ?? null;
      if (b.filled === values.length) {
        timed(b, b.batch, values, BATCH);
        b.filled = 0;
      }
      return id;
    },
    flush,
    setStock(itemId, stock) {
      flush();
      setStock.run(stock, itemId);
    },
    written() {
      return Object.fromEntries([...buffers].map(([table, b]) => [table, { rows: b.rows, ms: b.ms, cpuMs: b.cpuMs }]));
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

/** What `startLoading` set aside, for `finishLoading` to restore. */
export interface Loading {
  /** The `CREATE INDEX` statements of the indexes dropped for the load, as the migrations wrote them. */
  indexes: string[];
}

/**
 * Prepares a fresh file that nobody else has open, and that is renamed into place only once
 * complete (so a crash in the middle loses nothing): the rollback journal in memory instead of
 * the WAL (every page would otherwise be written twice), no fsync, an exclusive lock, a large
 * cache, no foreign-key lookups per row (parents are written first) and no CHECK constraints per
 * row: `finishLoading` checks both over every row at once, several times faster than row by row
 * (SQLite evaluates each `CHECK (x IN (...))` of the schema for every row it inserts).
 *
 * The secondary indexes of `heavyTables` are dropped and rebuilt at the end from their own
 * definitions in `sqlite_master`: SQLite builds an index from sorted keys far faster than it
 * updates it row by row. Indexes that the ledger's triggers read are on other tables and stay.
 */
export function startLoading(store: Store, heavyTables: readonly BulkTable[]): Loading {
  const raw = store.raw;
  raw.pragma('foreign_keys = OFF');
  raw.pragma('journal_mode = MEMORY');
  raw.pragma('synchronous = OFF');
  raw.pragma('locking_mode = EXCLUSIVE');
  raw.pragma('cache_size = -262144');
  raw.pragma('temp_store = MEMORY');
  raw.pragma('ignore_check_constraints = ON');
  const indexes = raw
    .prepare(
      `SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL
        AND tbl_name IN (${heavyTables.map(() => '?').join(', ')}) ORDER BY rowid`,
    )
    .all(...heavyTables) as { name: string; sql: string }[];
  for (const index of indexes) raw.exec(`DROP INDEX "${index.name}"`);
  return { indexes: indexes.map((i) => i.sql) };
}

/**
 * The expressions of every `CHECK (...)` in a `CREATE TABLE` statement, read from the schema itself
 * so that the check after a load is exactly the table's own. A row fails a CHECK when its
 * expression is false (NULL passes), which is what `NOT (expression)` selects.
 */
export function checksOf(createTable: string): string[] {
  const checks: string[] = [];
  const pattern = /\bCHECK\s*\(/gi;
  for (let m = pattern.exec(createTable); m; m = pattern.exec(createTable)) {
    let depth = 1;
    let i = pattern.lastIndex;
    for (; i < createTable.length && depth > 0; i++) {
      const ch = createTable[i];
      if (ch === "'") i = createTable.indexOf("'", i + 1);
      else if (ch === '(') depth++;
      else if (ch === ')') depth--;
    }
    checks.push(createTable.slice(pattern.lastIndex, i - 1));
    pattern.lastIndex = i;
  }
  return checks;
}

/** Rows per table, for the summary of what was generated. */
export function countRows(store: Store, tables: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const table of tables) {
    counts[table] = (store.raw.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  }
  return counts;
}

/**
 * Rebuilds the indexes set aside, checks every row's foreign keys and CHECK constraints, and leaves the file as every
 * hongwu file is: WAL, durable, foreign keys on.
 */
export function finishLoading(store: Store, loading: Loading): void {
  const raw = store.raw;
  for (const statement of loading.indexes) raw.exec(statement);
  raw.pragma('foreign_keys = ON');
  const orphans = raw.pragma('foreign_key_check') as unknown[];
  if (orphans.length) throw new Error(`bulk load left ${orphans.length} rows without their parent`);
  raw.pragma('ignore_check_constraints = OFF');
  for (const { name, sql } of raw
    .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table' AND sql LIKE '%CHECK%'")
    .all() as { name: string; sql: string }[]) {
    const failing = raw
      .prepare(
        `SELECT count(*) FROM "${name}" WHERE ${checksOf(sql)
          .map((c) => `NOT (${c})`)
          .join(' OR ')}`,
      )
      .pluck()
      .get() as number;
    if (failing) throw new Error(`bulk load wrote ${failing} rows into ${name} that fail its CHECK constraints`);
  }
  raw.pragma('locking_mode = NORMAL');
  raw.pragma('journal_mode = WAL');
  raw.pragma('synchronous = FULL');
}
