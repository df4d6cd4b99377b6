import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { busyError, enableWal, openStore, removeDatabase, type Store, type Tx } from '../db/connection.js';
import * as c from '../db/copy.repository.js';
import { isServerUrl } from '../db/engine.js';
import { MIGRATIONS } from '../db/migrations.js';
import { checkVersion, newerSchemaError, schemaVersion, SCHEMA_VERSION } from '../db/migrator.js';
import { inSnapshot } from '../db/snapshot.js';
import { bi, DatabaseError, HongwuError, NotAllowedError, UsageError } from '../domain/errors.js';
import { step } from '../domain/next-step.js';

/**
 * `hongwu copy <from> <to>` (SPEC §14): a whole database from a file or a server into a new or
 * empty one, file or server, lossless: every table's rows with their ids and times, the ledgers and
 * the audit log, settings and calendar. Demand numbers and receipts continue on the target where
 * they stopped, as both engines number from the rows themselves (the largest of the month plus one).
 *
 * The source is read in one snapshot and never written; other desks may go on working on it. The
 * target is made at the source's schema version and filled in one transaction: a copy cut short
 * leaves nothing there (a new file appears only once whole).
 */
export interface CopyInput {
  from: string;
  to: string;
  /** Called after every chunk written (a terminal shows it). */
  onProgress?: (p: CopyProgress) => void;
}

export interface CopyProgress {
  table: string;
  rowsDone: number;
  rowsTotal: number;
}

export interface CopyResult {
  from: string;
  to: string;
  schemaVersion: number;
  /** Rows copied, by table (in the order they were written). */
  tables: Record<string, number>;
  rows: number;
}

/** Rows per read and per write: one round trip to a server carries this many. */
const CHUNK = 5000;

/** The first schema version a PostgreSQL database can have (its baseline: src/db/pg/migrations.ts). */
const FIRST_PG_VERSION = 19;

export async function copyBetween(input: CopyInput): Promise<CopyResult> {
  const from = located(input.from);
  const to = located(input.to);
  if (from === to) {
    throw new UsageError(
      bi(`复制的来源和目标是同一个数据库：${from}`, `the copy's source and target are the same database: ${from}`),
      bi(
        '请给出另一个目标：新文件，或服务器上的空数据库',
        'name another target: a new file, or an empty database on a server',
      ),
    );
  }
  const source = await openSide(from, false);
  try {
    const version = await versionOf(source);
    if (isServerUrl(to) && version < FIRST_PG_VERSION) {
      throw new NotAllowedError(
        bi(
          `${from} 的结构版本为 ${version}，太旧，不能直接复制到 PostgreSQL（最低 ${FIRST_PG_VERSION}）`,
          `${from} has schema version ${version}, too old to copy onto PostgreSQL (${FIRST_PG_VERSION} at least)`,
        ),
        (s) =>
          bi(
            `请先用本程序打开它一次（如 ${s.zh(step('community list'))} ${s.flag('db')} ${from}），它会先备份再升级`,
            `open it once with this hongwu first (e.g. \`${s.en(step('community list'))} ${s.flag('db')} ${from}\`), ` +
              'which upgrades it after copying it beside itself',
          ),
      );
    }
    return await inSnapshot(source, async () => {
      const tables = await c.tablesInOrder(source);
      const counts = new Map<string, number>();
      for (const t of tables) counts.set(t.name, await c.countRows(source.db, t.name));
      const rowsTotal = [...counts.values()].reduce((a, b) => a + b, 0);
      await intoTarget(to, async (target, trx) => {
        await makeSchema(target, trx, version);
        const theirs = new Map((await c.tablesInOrder(target, trx)).map((t) => [t.name, t]));
        for (const t of tables) {
          const same = theirs.get(t.name)?.columns.join() === t.columns.join();
          if (!same) throw new Error(`table ${t.name} differs between the two databases at schema version ${version}`);
        }
        await c.clearSeeded(trx, tables);
        const setAside = target.engine === 'postgres' ? await c.setAsideForLoad(trx) : [];
        let rowsDone = 0;
        for (const t of tables) {
          const write = await c.chunkWriter(target, trx, t);
          for await (const chunk of c.readChunks(source.db, t, CHUNK)) {
            await write(chunk);
            rowsDone += chunk.length;
            input.onProgress?.({ table: t.name, rowsDone, rowsTotal });
          }
          const written = await c.countRows(trx, t.name);
          if (written !== counts.get(t.name))
            throw new Error(`${t.name}: ${written} rows written of ${counts.get(t.name)} read`);
        }
        await c.putBack(trx, setAside);
        // The server plans its queries from statistics that new tables do not have yet.
        if (target.engine === 'postgres') await c.analyze(trx);
      });
      return {
        from,
        to,
        schemaVersion: version,
        tables: Object.fromEntries(counts),
        rows: rowsTotal,
      };
    });
  } finally {
    await source.close();
  }
}

/** A file as an absolute path (two spellings of one file are one database), a server's URL as given. */
const located = (target: string): string => (isServerUrl(target) ? target.trim() : path.resolve(target));

/** A server's driver is loaded only when a server is named (a file's commands never load it). */
async function openSide(where: string, create: boolean): Promise<Store> {
  if (isServerUrl(where)) return (await import('../db/pg/store.js')).openPgStore(where, { create });
  return openStore(where, { create, inspect: !create });
}

/** The source's schema version; one newer than this program is refused (exit 3), as everywhere. */
async function versionOf(store: Store): Promise<number> {
  if (store.engine === 'sqlite') {
    const version = checkVersion(store);
    if (version === 0) {
      throw new DatabaseError(
        bi(`${store.path} 不是 hongwu 数据库`, `${store.path} is not a hongwu database`),
        bi('请检查复制的来源', "check the copy's source"),
      );
    }
    return version;
  }
  // Read by the connection's first statement (src/db/pg/store.ts): no query of its own.
  const version = (await store.serverVersion?.()) ?? 0;
  if (version > SCHEMA_VERSION) {
    throw newerSchemaError(
      store.path,
      version,
      bi('请升级 hongwu 后再复制；该数据库未被改动', 'upgrade hongwu to copy it; the database was not changed'),
    );
  }
  return version;
}

/**
 * Runs `work` in one transaction on the target. A server's database or an existing file is written
 * in place (the transaction is all or nothing); a new file is made beside its name and linked into
 * place once whole, so that no half-made file ever bears it.
 */
async function intoTarget(to: string, work: (target: Store, trx: Tx) => Promise<void>): Promise<void> {
  if (isServerUrl(to) || fs.existsSync(to)) return inTransaction(await openSide(to, true), work);
  const temp = path.join(
    path.dirname(to),
    `.${path.basename(to)}.${process.pid}-${crypto.randomBytes(4).toString('hex')}.tmp`,
  );
  try {
    await inTransaction(openStore(temp, { create: true, shownAs: to }), work, (store) => enableWal(store));
    try {
      fs.linkSync(temp, to);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST') throw targetAppeared(to);
      // A filesystem without links (FAT) gets an exclusive copy.
      fs.copyFileSync(temp, to, fs.constants.COPYFILE_EXCL);
    }
  } finally {
    if (fs.existsSync(path.dirname(temp))) removeDatabase(temp);
  }
}

async function inTransaction(
  target: Store,
  work: (target: Store, trx: Tx) => Promise<void>,
  settle?: (target: Store) => void,
): Promise<void> {
  try {
    await target.db.transaction().execute((trx) => work(target, trx));
    settle?.(target);
  } catch (e) {
    throw await failed(e, target);
  } finally {
    await target.close();
  }
}

const targetAppeared = (to: string) =>
  new NotAllowedError(
    bi(
      `复制期间 ${to} 被另一个程序建立了，未被替换`,
      `${to} was made by another program during the copy; it was not replaced`,
    ),
    bi('请换一个目标文件名再复制', 'copy again to another file name'),
  );

/**
 * Makes the target's schema at the source's version, in the copy's transaction. The target must be
 * new or empty: a hongwu database someone works in is refused (exit 1), as is one newer than this
 * program (exit 3) or than the source.
 */
async function makeSchema(target: Store, trx: Tx, version: number): Promise<void> {
  const current = await targetVersion(target, trx);
  if (current > SCHEMA_VERSION) {
    throw newerSchemaError(
      target.path,
      current,
      bi('请升级 hongwu 后再复制；该数据库未被改动', 'upgrade hongwu to copy into it; it was not changed'),
    );
  }
  if (current > 0) {
    const holding = await c.tablesWithData(target, trx);
    if (holding.length > 0) {
      const [zh, en] = [holding.slice(0, 3).join('、'), holding.slice(0, 3).join(', ')];
      throw new NotAllowedError(
        bi(
          `${target.path} 里已有数据（${zh}），复制只写入新的或空的数据库`,
          `${target.path} already holds data (${en}); a copy goes into a new or empty database only`,
        ),
        bi(
          '请换一个新文件名，或在服务器上新建一个空数据库（createdb）；该数据库未被改动',
          'name a new file, or create an empty database on the server (createdb); it was not changed',
        ),
      );
    }
    if (current > version) {
      throw new NotAllowedError(
        bi(
          `${target.path} 的结构版本（${current}）比来源的（${version}）新`,
          `${target.path} has a newer schema (${current}) than the source (${version})`,
        ),
        bi(
          '请复制到新的数据库，或先用本程序打开来源一次使之升级',
          'copy into a new database, or open the source once with this hongwu to upgrade it',
        ),
      );
    }
  }
  if (target.engine === 'postgres') {
    const { upgradePgIn } = await import('../db/pg/migrator.js');
    await upgradePgIn(trx, target.path, version);
    return;
  }
  if (current === 0) {
    const other = target.raw.prepare("SELECT 1 FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' LIMIT 1").get();
    if (other) {
      throw new DatabaseError(
        bi(
          `${target.path} 是其他程序的 SQLite 文件，不是 hongwu 数据库`,
          `${target.path} is an SQLite file of another program, not a hongwu database`,
        ),
        bi('请换一个目标；该文件未被改动', 'choose another target; the file was not changed'),
      );
    }
  }
  for (const m of MIGRATIONS.slice(current, version)) await m.up(trx);
  target.raw.pragma(`user_version = ${version}`);
}

/** The target's schema version: 0 for a database without hongwu's schema yet. */
async function targetVersion(target: Store, trx: Tx): Promise<number> {
  if (target.engine === 'sqlite') return schemaVersion(target);
  const { VERSION_TABLE } = await import('../db/pg/store.js');
  const { rows } = await sql<{ found: string | null }>`SELECT to_regclass(${VERSION_TABLE}) AS found`.execute(trx);
  if (rows[0]?.found == null) return 0;
  const { rows: current } = await sql<{ version: number }>`SELECT version FROM ${sql.table(VERSION_TABLE)}`.execute(
    trx,
  );
  return current[0]?.version ?? 0;
}

/** What went wrong on the target, said as a database problem (exit 3): nothing was written there. */
async function failed(e: unknown, target: Store): Promise<unknown> {
  if (e instanceof HongwuError) return e;
  const code = String((e as { code?: unknown }).code ?? '');
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return busyError(target.path);
  if (target.engine === 'postgres') {
    const told = (await import('../db/pg/store.js')).serverError(e, target.path);
    if (told instanceof HongwuError) return told;
  }
  const message = e instanceof Error ? e.message : String(e);
  return new DatabaseError(
    bi(`复制到 ${target.path} 失败：${message}`, `the copy into ${target.path} failed: ${message}`),
    (s) =>
      bi(
        `目标未被改动；请对来源运行 ${s.zh(step('doctor'))}`,
        `the target was not changed; run \`${s.en(step('doctor'))}\` on the source`,
      ),
  );
}
