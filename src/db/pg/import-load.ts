import { sql } from 'kysely';
import { COLUMNS, WITHOUT_ID, type Bulk, type BulkRow, type BulkTable } from '../bulk.repository.js';
import type { Store, Tx } from '../connection.js';
import { chunkWriter } from '../copy.repository.js';

/** What an import writes on a server: the bulk path's `insert` and `flush`, then `send` to write them. */
export interface ServerLoader extends Pick<Bulk, 'insert' | 'flush'> {
  /** Writes every row queued, table by table in the order each was first written to. */
  send(): Promise<void>;
}

/** Rows per statement: one array per column (`copy`'s writer), a few megabytes at most. */
const CHUNK = 5000;

/**
 * The bulk path on a PostgreSQL server, for `import` (SPEC §14): rows are queued with the ids they
 * will have, then sent as multi-row INSERTs through the import's transaction, every constraint,
 * foreign key and trigger (the ledger's balance, the kept months) checked as on any other write.
 * The next id is the table's largest plus one, as the server's own default gives it
 * (`hongwu_next_id`): the transaction holds the database's write lock (db/pg/store.ts), so no other
 * desk takes an id, or a demand number, until it commits. An importer queues each table whole
 * before the rows that refer to it, so sending the tables in that order puts parents first.
 */
export async function serverLoader(store: Store, tx: Tx, tables: readonly BulkTable[]): Promise<ServerLoader> {
  const lastIds = new Map<BulkTable, number>();
  for (const table of tables) {
    if (WITHOUT_ID.has(table)) continue;
    const { rows } = await sql<{ id: number }>`SELECT coalesce(max(id), 0) AS id FROM ${sql.table(table)}`.execute(tx);
    lastIds.set(table, rows[0]!.id);
  }
  const queued = new Map<BulkTable, unknown[][]>();
  return {
    insert(table, row) {
      const last = lastIds.get(table);
      if (last === undefined && !WITHOUT_ID.has(table)) throw new Error(`serverLoader was not given ${table}`);
      const id = last === undefined ? 0 : last + 1;
      if (last !== undefined) lastIds.set(table, id);
      const values = COLUMNS[table].map((c) => (row as Record<string, unknown>)[c] ?? null);
      let rows = queued.get(table);
      if (!rows) queued.set(table, (rows = []));
      rows.push(last === undefined ? values : [id, ...values]);
      return id;
    },
    // Nothing to do as rows are queued: `send` writes each table whole, parents first.
    flush() {},
    async send() {
      for (const [table, rows] of queued) {
        const columns = [...(WITHOUT_ID.has(table) ? [] : ['id']), ...COLUMNS[table]];
        const write = await chunkWriter(store, tx, { name: table, columns, key: [] });
        for (let i = 0; i < rows.length; i += CHUNK) await write(rows.slice(i, i + CHUNK));
      }
      queued.clear();
    },
  };
}
