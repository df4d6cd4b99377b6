import fs from 'node:fs';
import path from 'node:path';
import { openStore, type Store } from '../db/connection.js';
import * as m from '../db/maintenance.repository.js';
import { MIGRATIONS } from '../db/migrations.js';
import { SCHEMA_VERSION } from '../db/migrator.js';

/**
 * `hongwu doctor`: what SQLite says about the file, and whether hongwu's own invariants hold.
 * Each check is ok, warn (healthy, but something to do) or fail (the file needs care).
 */
export type CheckStatus = 'ok' | 'warn' | 'fail';

export type CheckName = 'integrity' | 'foreign_keys' | 'schema' | 'journal' | 'permissions' | 'demands' | 'ledger';

export interface Check {
  check: CheckName;
  status: CheckStatus;
  detail: string;
  /** What to do, for warn and fail. */
  hint?: string;
}

export interface DoctorReport {
  db: string;
  schemaVersion: number;
  programSchemaVersion: number;
  healthy: boolean;
  checks: Check[];
}

/** Past this size the WAL is worth a look: something keeps a read open and blocks checkpoints. */
const LARGE_WAL_BYTES = 64 * 1024 * 1024;

const ok = (check: CheckName, detail: string): Check => ({ check, status: 'ok', detail });
const warn = (check: CheckName, detail: string, hint: string): Check => ({ check, status: 'warn', detail, hint });
const fail = (check: CheckName, detail: string, hint: string): Check => ({ check, status: 'fail', detail, hint });

const RESTORE = 'restore the latest good backup (see README, Data safety), or keep this file aside and ask for help';

/** Opens the file as found (no migration, no journal switch) and runs every check. */
export async function runDoctor(file: string): Promise<DoctorReport> {
  const store = openStore(file, { create: false, inspect: true });
  try {
    const version = m.userVersion(store.raw);
    const checks: Check[] = [];
    const guard = async (name: CheckName, run: () => Check | Promise<Check>) => {
      try {
        checks.push(await run());
      } catch (e) {
        checks.push(fail(name, `the check itself failed: ${e instanceof Error ? e.message : String(e)}`, RESTORE));
      }
    };
    await guard('integrity', () => integrity(store));
    await guard('foreign_keys', () => foreignKeys(store));
    await guard('schema', () => schema(store, version));
    await guard('journal', () => journal(store));
    await guard('permissions', () => permissions(store.path));
    if (m.hasTable(store.raw, 'demands')) await guard('demands', () => demands(store));
    if (m.hasTable(store.raw, 'ledger')) await guard('ledger', () => ledger(store));
    return {
      db: store.path,
      schemaVersion: version,
      programSchemaVersion: SCHEMA_VERSION,
      healthy: checks.every((c) => c.status !== 'fail'),
      checks,
    };
  } finally {
    await store.close();
  }
}

function integrity(store: Store): Check {
  const problems = m.integrityProblems(store.raw);
  if (problems.length === 0) return ok('integrity', 'SQLite integrity_check: ok');
  return fail('integrity', `SQLite integrity_check found ${problems.length} problem(s): ${problems.slice(0, 3).join('; ')}`, RESTORE);
}

function foreignKeys(store: Store): Check {
  const violations = m.foreignKeyViolations(store.raw);
  if (violations.length === 0) return ok('foreign_keys', 'every reference points at an existing row');
  const sample = violations.slice(0, 3).map((v) => `${v.table} row ${v.rowid} → missing ${v.parent}`);
  return fail('foreign_keys', `${violations.length} row(s) refer to rows that do not exist: ${sample.join('; ')}`, RESTORE);
}

async function schema(store: Store, version: number): Promise<Check> {
  if (version > SCHEMA_VERSION) {
    return fail('schema', `schema version ${version} is newer than this hongwu (${SCHEMA_VERSION})`, 'upgrade hongwu to use this file; it was not changed');
  }
  if (version === 0) {
    return fail('schema', 'schema version 0: not a hongwu database', 'check --db / HONGWU_DB; `hongwu init` creates a database in an empty file');
  }
  const expected = await m.expectedSchema(MIGRATIONS.slice(0, version));
  const actual = new Map(m.schemaObjects(store.raw).map((o) => [`${o.type} ${o.name}`, o.sql]));
  const missing = expected.filter((o) => actual.get(`${o.type} ${o.name}`) !== o.sql).map((o) => `${o.type} ${o.name}`);
  if (missing.length > 0) {
    return fail('schema', `schema version ${version}, but these differ from hongwu's migrations: ${missing.slice(0, 5).join(', ')}`, RESTORE);
  }
  const known = new Set(expected.map((o) => `${o.type} ${o.name}`));
  const extra = [...actual.keys()].filter((k) => !known.has(k));
  const pending = MIGRATIONS.slice(version).map((x) => x.name);
  if (pending.length > 0) {
    return warn(
      'schema',
      `schema version ${version} of ${SCHEMA_VERSION}; pending migrations: ${pending.join(', ')}`,
      'the next hongwu command upgrades it in one transaction, after copying the file beside itself',
    );
  }
  if (extra.length > 0) {
    return warn('schema', `schema version ${version} (latest), with objects hongwu did not create: ${extra.slice(0, 5).join(', ')}`, 'fine if you added them on purpose (e.g. an index); hongwu ignores them');
  }
  return ok('schema', `schema version ${version} (latest)`);
}

function journal(store: Store): Check {
  const mode = m.journalMode(store.raw);
  if (mode !== 'wal') {
    return warn('journal', `journal mode ${mode}, not WAL`, 'the next hongwu command switches it back to WAL');
  }
  const walBytes = sizeOf(`${store.path}-wal`);
  const detail = `journal mode WAL, ${formatBytes(walBytes)} not yet checkpointed`;
  if (walBytes > LARGE_WAL_BYTES) {
    return warn('journal', detail, 'close long-running readers (e.g. an open sqlite3 shell); the WAL is folded in when they end');
  }
  return ok('journal', detail);
}

/**
 * Residents' phone numbers are in the file and its backups: group and others must not be able to
 * read them. (SQLite gives the -wal and -shm files the mode of the database file.)
 */
function permissions(file: string): Check {
  const dir = path.dirname(path.resolve(file));
  const readable = [file, ...backupsBeside(file)].filter((f) => othersCanRead(f));
  const dirOpen = othersCanRead(dir);
  if (readable.length === 0 && !dirOpen) return ok('permissions', 'only the owner can read the file and its folder');
  const what = [...readable, ...(dirOpen ? [`${dir}/`] : [])];
  const fix = [...(readable.length ? [`chmod 600 ${readable.map(quote).join(' ')}`] : []), ...(dirOpen ? [`chmod 700 ${quote(dir)}`] : [])];
  return warn('permissions', `other users can read ${what.join(', ')} (residents' phone numbers are inside)`, `run: ${fix.join(' && ')}`);
}

function demands(store: Store): Check {
  const headless = m.demandsWithoutIntake(store.raw);
  const adrift = m.demandsOffTheirHistory(store.raw);
  const problems = [
    ...(headless.length ? [`${headless.length} demand(s) without exactly one intake first: ${headless.slice(0, 3).map((d) => d.number).join(', ')}`] : []),
    ...(adrift.length
      ? [`${adrift.length} demand(s) whose status is not their last event's: ${adrift.slice(0, 3).map((d) => `${d.number} ${d.status}≠${d.status_after}`).join(', ')}`]
      : []),
  ];
  if (problems.length === 0) return ok('demands', 'every demand starts with its intake and matches its history');
  return fail('demands', problems.join('; '), RESTORE);
}

function ledger(store: Store): Check {
  const negative = m.negativeRunningBalances(store.raw);
  const reversals = m.badReversals(store.raw);
  const stock = m.negativeStock(store.raw);
  const problems = [
    ...(negative.length ? [`${negative.length} resident(s) whose balance goes below zero: ${negative.slice(0, 3).map((n) => `#${n.resident_id} at entry ${n.entry}`).join(', ')}`] : []),
    ...(reversals.length ? [`${reversals.length} reversal(s) not undoing their entry: ${reversals.slice(0, 3).map((r) => `${r.entry}→${r.reverses}`).join(', ')}`] : []),
    ...(stock.length ? [`${stock.length} item(s) with negative stock: ${stock.slice(0, 3).map((s) => s.name).join(', ')}`] : []),
  ];
  if (problems.length === 0) return ok('ledger', 'balances never below zero, reversals match their entries, stock not negative');
  return fail('ledger', problems.join('; '), RESTORE);
}

function backupsBeside(file: string): string[] {
  const dir = path.dirname(path.resolve(file));
  const prefix = `${path.basename(file)}.`;
  try {
    return fs
      .readdirSync(dir)
      .filter((name) => name.startsWith(prefix) && name.endsWith('.bak'))
      .map((name) => path.join(dir, name));
  } catch {
    return [];
  }
}

function othersCanRead(file: string): boolean {
  try {
    return (fs.statSync(file).mode & 0o044) !== 0;
  } catch {
    return false;
  }
}

function sizeOf(file: string): number {
  try {
    return fs.statSync(file).size;
  } catch {
    return 0;
  }
}

function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

const quote = (p: string) => (/^[\w./-]+$/.test(p) ? p : `'${p.replace(/'/g, `'\\''`)}'`);
