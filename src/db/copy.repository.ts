import { sql, type Kysely } from 'kysely';
import type { Store } from './connection.js';

/**
 * The SQL of `hongwu copy` (SPEC §14): a whole database's tables read from one engine and written
 * to the other (or the same), rows as they are, ids and times included. Which tables there are,
 * their columns and keys are read from the database itself, so that a table a later migration adds
 * is copied without anyone remembering to list it here.
 */
type Any = Kysely<any>;

export interface CopiedTable {
  name: string;
  columns: string[];
  /** The primary key's columns: rows are read in its order, a chunk after another. */
  key: string[];
}

/** Where PostgreSQL keeps the schema version (SQLite: `PRAGMA user_version`); not a table to copy. */
const PG_VERSION_TABLE = 'hongwu_schema_version';

/**
 * Rows that a new database holds before anyone works in it (the official calendar, the analysts'
 * labels, the zone's offsets, the time zone setting): a target holding only these is empty, and
 * they are replaced by the source's.
 */
const SEEDED = new Set(['settings', 'calendar_days', 'code_labels', 'zone_offsets']);

interface Described {
  name: string;
  columns: string[];
  key: string[];
  parents: string[];
}

/**
 * Every table of the database, parents before the tables that refer to them (foreign keys are
 * checked row by row on PostgreSQL). Among tables free to go in either order, the order they were
 * made in: the fee allocations then go in before the waivers, as they did in the source, so that
 * no bill looks paid beyond its amount halfway through the copy.
 */
export async function tablesInOrder(store: Store, db: Any = store.db): Promise<CopiedTable[]> {
  const described = store.engine === 'sqlite' ? sqliteTables(store) : await pgTables(db);
  const byName = new Map(described.map((t) => [t.name, t]));
  const ordered: CopiedTable[] = [];
  const placed = new Set<string>();
  const place = (t: Described, path: string[]) => {
    if (placed.has(t.name)) return;
    if (path.includes(t.name)) throw new Error(`foreign keys form a cycle: ${[...path, t.name].join(' → ')}`);
    for (const parent of t.parents) {
      const p = byName.get(parent);
      if (p && parent !== t.name) place(p, [...path, t.name]);
    }
    placed.add(t.name);
    ordered.push({ name: t.name, columns: t.columns, key: t.key });
  };
  for (const t of described) place(t, []);
  return ordered;
}

function sqliteTables(store: Store): Described[] {
  const raw = store.raw;
  const names = raw
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY rowid")
    .pluck()
    .all() as string[];
  return names.map((name) => {
    const info = raw.prepare(`SELECT name, pk FROM pragma_table_info(?) ORDER BY cid`).all(name) as {
      name: string;
      pk: number;
    }[];
    const parents = raw.prepare('SELECT DISTINCT "table" FROM pragma_foreign_key_list(?)').pluck().all(name);
    return {
      name,
      columns: info.map((c) => c.name),
      key: info
        .filter((c) => c.pk > 0)
        .sort((a, b) => a.pk - b.pk)
        .map((c) => c.name),
      parents: parents as string[],
    };
  });
}

async function pgTables(db: Any): Promise<Described[]> {
  const { rows: tables } = await sql<{ name: string }>`
    SELECT c.relname AS name FROM pg_class c
    WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind = 'r' AND c.relname <> ${PG_VERSION_TABLE}
    ORDER BY c.oid`.execute(db);
  const { rows: columns } = await sql<{ table: string; name: string }>`
    SELECT c.relname AS table, a.attname AS name FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
    WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped
    ORDER BY c.relname, a.attnum`.execute(db);
  const { rows: keys } = await sql<{ table: string; name: string }>`
    SELECT c.relname AS table, a.attname AS name
    FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid
    CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, n)
    JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
    WHERE i.indisprimary AND c.relnamespace = current_schema()::regnamespace
    ORDER BY c.relname, k.n`.execute(db);
  const { rows: references } = await sql<{ table: string; parent: string }>`
    SELECT DISTINCT c.relname AS table, p.relname AS parent
    FROM pg_constraint f JOIN pg_class c ON c.oid = f.conrelid JOIN pg_class p ON p.oid = f.confrelid
    WHERE f.contype = 'f' AND c.relnamespace = current_schema()::regnamespace`.execute(db);
  const of = <R extends { table: string }>(list: R[], table: string) => list.filter((r) => r.table === table);
  return tables.map(({ name }) => ({
    name,
    columns: of(columns, name).map((c) => c.name),
    key: of(keys, name).map((k) => k.name),
    parents: of(references, name).map((r) => r.parent),
  }));
}

/** The number of rows of a table. */
export async function countRows(db: Any, table: string): Promise<number> {
  const { rows } = await sql<{ n: number }>`SELECT count(*) AS n FROM ${sql.table(table)}`.execute(db);
  return Number(rows[0]?.n ?? 0);
}

/**
 * A table's rows, `size` at a time in the order of its key (each chunk starts after the last key
 * read: no OFFSET, which would read the skipped rows again), each row its values in column order.
 * Run inside one snapshot (`inSnapshot`), the chunks are one consistent table.
 */
export async function* readChunks(db: Any, table: CopiedTable, size: number): AsyncGenerator<unknown[][]> {
  const columns = sql.join(table.columns.map((c) => sql.ref(c)));
  const key = sql.join(table.key.map((c) => sql.ref(c)));
  let after: unknown[] | undefined;
  for (;;) {
    const where = after ? sql`WHERE (${key}) > (${sql.join(after)})` : sql``;
    const { rows } = await sql<Record<string, unknown>>`
      SELECT ${columns} FROM ${sql.table(table.name)} ${where} ORDER BY ${key} LIMIT ${size}`.execute(db);
    if (rows.length === 0) return;
    const chunk = rows.map((row) => table.columns.map((c) => row[c]));
    yield chunk;
    if (rows.length < size) return;
    const last = rows[rows.length - 1]!;
    after = table.key.map((c) => last[c]);
  }
}

/** Tables of a target holding rows that someone worked in (not only what a new database is made with). */
export async function tablesWithData(store: Store, db: Any): Promise<string[]> {
  const found: string[] = [];
  for (const t of await tablesInOrder(store, db)) {
    if (SEEDED.has(t.name)) continue;
    const { rows } = await sql`SELECT 1 AS found FROM ${sql.table(t.name)} LIMIT 1`.execute(db);
    if (rows.length > 0) found.push(t.name);
  }
  return found;
}

/** Empties the tables a new database is made with, for the source's rows to take their place. */
export async function clearSeeded(db: Any, tables: readonly CopiedTable[]): Promise<void> {
  for (const t of tables) if (SEEDED.has(t.name)) await sql`DELETE FROM ${sql.table(t.name)}`.execute(db);
}

/**
 * What a copy onto a server sets aside while the rows go in, as `pg_restore` does: the foreign keys
 * (checked once over every row when added back, instead of a lookup per row and key) and the plain
 * indexes of tables no insert trigger reads (built from sorted keys at the end rather than updated
 * row by row; those the ledgers' checks read stay, or each check would scan its table). Returns the
 * statements that put them back, from the server's own definitions: the schema ends as it was made.
 */
export async function setAsideForLoad(db: Any): Promise<string[]> {
  const { rows: keys } = await sql<{ table: string; name: string; definition: string }>`
    SELECT c.relname AS table, k.conname AS name, pg_get_constraintdef(k.oid) AS definition
    FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid
    WHERE k.contype = 'f' AND c.relnamespace = current_schema()::regnamespace ORDER BY k.oid`.execute(db);
  const { rows: indexes } = await sql<{ name: string; definition: string }>`
    SELECT i.relname AS name, pg_get_indexdef(x.indexrelid) AS definition
    FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
    WHERE t.relnamespace = current_schema()::regnamespace AND NOT x.indisprimary AND NOT x.indisunique
      AND NOT EXISTS (SELECT 1 FROM pg_trigger g WHERE g.tgrelid = t.oid AND NOT g.tgisinternal
        AND (g.tgtype & 4) <> 0 AND g.tgname <> t.relname || '_next_id')
    ORDER BY x.indexrelid`.execute(db);
  for (const k of keys) await sql`ALTER TABLE ${sql.table(k.table)} DROP CONSTRAINT ${sql.ref(k.name)}`.execute(db);
  for (const i of indexes) await sql`DROP INDEX ${sql.ref(i.name)}`.execute(db);
  return [
    ...indexes.map((i) => i.definition),
    ...keys.map((k) => `ALTER TABLE "${k.table}" ADD CONSTRAINT "${k.name}" ${k.definition}`),
  ];
}

/** Runs the statements `setAsideForLoad` returned. */
export async function putBack(db: Any, statements: readonly string[]): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

/** Gathers a server's statistics on every table (as autovacuum would, later). */
export async function analyze(db: Any): Promise<void> {
  await sql`ANALYZE`.execute(db);
}

/** Writes chunks of rows (values in `table.columns` order) into the target, inside its transaction. */
export type ChunkWriter = (rows: unknown[][]) => Promise<void>;

/**
 * A file's rows go in through one prepared statement (kysely compiling an insert per row would be
 * several times slower); a server's a chunk per statement, one array per column through `unnest`
 * (one round trip per chunk, whatever its width).
 */
export async function chunkWriter(store: Store, db: Any, table: CopiedTable): Promise<ChunkWriter> {
  const names = table.columns.map((c) => `"${c}"`).join(', ');
  if (store.engine === 'sqlite') {
    const insert = store.raw.prepare(
      `INSERT INTO "${table.name}" (${names}) VALUES (${table.columns.map(() => '?').join(', ')})`,
    );
    return async (rows) => {
      for (const row of rows) insert.run(row);
    };
  }
  const { rows: types } = await sql<{ name: string; type: string }>`
    SELECT a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type FROM pg_attribute a
    WHERE a.attrelid = ${table.name}::regclass AND a.attnum > 0 AND NOT a.attisdropped`.execute(db);
  const typeOf = new Map(types.map((t) => [t.name, t.type]));
  return async (rows) => {
    const arrays = table.columns.map((c, i) => sql`${rows.map((row) => row[i])}::${sql.raw(typeOf.get(c)!)}[]`);
    await sql`INSERT INTO ${sql.table(table.name)} (${sql.join(table.columns.map((c) => sql.ref(c)))})
      SELECT * FROM unnest(${sql.join(arrays)})`.execute(db);
  };
}
