import { bulkWriter, type Bulk, type BulkTable } from '../db/bulk.repository.js';
import type { Tx } from '../db/connection.js';
import type { ResidentKey } from '../db/import.repository.js';
import { CellProblem, matchColumns, type Cell, type ColumnSpec } from '../domain/import-cells.js';
import { step, type Said } from '../domain/next-step.js';
import { maskPhone, storedForms } from '../domain/phone.js';
import { mayBe, type NamesakeHints } from '../domain/namesakes.js';
import { bi, HongwuError, inLang, isAboutField, naming, UsageError, type Bilingual } from '../domain/errors.js';
import type { SheetRow } from '../readers/rows.js';
import { runCommand, type Scope } from './session.js';

/**
 * `hongwu import residents|teams|points|demands|houses` (SPEC §11, §15): a clerk's 台账 checked row by row
 * against what the file holds, then written all or nothing in one transaction. Each kind reads its
 * columns and applies the loop's own rules (import-people, import-points, import-demands); this
 * module holds what they share: the sheet, the problems of its rows, and the one transaction.
 */
export type ImportKind = 'residents' | 'teams' | 'points' | 'demands' | 'houses';

/** One problem of a sheet: where (row, column as headed in the sheet), the value, and what is wrong. */
export interface RowProblem {
  row: number;
  column: string;
  value: string;
  /** What is wrong; a next step in it is written by the caller (`spelled`). */
  problem: Bilingual | Said;
}

/** A sheet's rows and which of its headers each column is. */
export interface Sheet<K extends string = string> {
  /** The file's name: imported records say `import:<name>` as their operator. */
  name: string;
  rows: readonly SheetRow[];
  /** Each column's header as the sheet writes it (messages name a cell by it). */
  columns: ReadonlyMap<K, string>;
  /** Each column's place in a row's cells. */
  at: ReadonlyMap<K, number>;
}

/** What an import writes (or, on a dry run, would write). */
export interface ImportResult {
  kind: ImportKind;
  rows: number;
  /** Rows that add a record. */
  added: number;
  /** Rows already in the file (or repeated in the sheet): skipped, so that importing twice changes nothing. */
  present: number;
  /** Something was written (not a dry run, and some row was new). */
  written: boolean;
}

/** Where an import is: rows checked, then rows written. */
export interface ImportProgress {
  phase: 'check' | 'write';
  done: number;
  total: number;
}

export interface ImportOptions {
  write: boolean;
  onProgress?: (p: ImportProgress) => void;
}

/** What every kind's importer is given: the sheet, the scope, where problems go, and the progress. */
export interface ImportContext<K extends string> {
  tx: Tx;
  scope: Scope;
  sheet: Sheet<K>;
  /** `import:<file name>`: the operator of every record the import writes. */
  operator: string;
  problems: RowProblem[];
  /** Rows checked, or records written (of `total`, the rows by default). */
  progress: (phase: ImportProgress['phase'], done: number, total?: number) => void;
}

/** A kind's importer: checks every row (problems into the context), then writes only if asked and clean. */
export type Importer<K extends string> = (
  ctx: ImportContext<K>,
  write: boolean,
) => Promise<{ added: number; present: number }>;

/** Every bad row of a sheet: nothing was written (exit 2). */
export class ImportProblems extends UsageError {
  constructor(readonly problems: RowProblem[]) {
    super(
      bi(`${problems.length} 处问题，未导入任何记录`, `${problems.length} problem(s) found; nothing was imported`),
      bi('改正表格后重新导入（已导入的行会跳过）', 'fix the sheet and import again (rows already on file are skipped)'),
    );
  }
}

/**
 * Which header each column is and where in a row (the first of a header written twice), or the
 * columns a sheet lacks as one error naming the headers that would do (exit 2, before any row is read).
 */
export function checkColumns<K extends string>(
  specs: readonly ColumnSpec<K>[],
  headers: readonly string[],
  file: string,
): Pick<Sheet<K>, 'columns' | 'at'> {
  const found = matchColumns(specs, headers);
  const missing = specs.filter((s) => s.required && !found.has(s.key));
  if (missing.length > 0) {
    const zh = missing.map((s) => `“${s.names[1] ?? s.key}”`).join('、');
    const en = missing.map((s) => s.key).join(', ');
    const names = missing.map((s) => `${s.names.join('/')}`).join('; ');
    throw new UsageError(
      bi(`${file} 缺少${zh}列`, `${file} has no ${en} column`),
      bi(`表头可写：${names}`, `headers that will do: ${names}`),
    );
  }
  return { columns: found, at: new Map([...found].map(([key, header]) => [key, headers.indexOf(header)])) };
}

/** Runs one kind's importer in one transaction: any problem and nothing stays written. */
export async function runImport<K extends string>(
  scope: Scope,
  kind: ImportKind,
  sheet: Sheet<K>,
  importer: Importer<K>,
  options: ImportOptions,
): Promise<ImportResult> {
  const total = sheet.rows.length;
  let reported = 0;
  const progress = (phase: ImportProgress['phase'], done: number, of = total) => {
    // A line every 2,000 rows and at the end: enough to see it move, cheap on 200,000 rows.
    if (!options.onProgress || (done - reported < 2000 && done !== of)) return;
    reported = done === of ? 0 : done;
    options.onProgress({ phase, done, total: of });
  };
  return runCommand(scope, async (tx) => {
    const ctx: ImportContext<K> = { tx, scope, sheet, operator: `import:${sheet.name}`, problems: [], progress };
    const counts = await importer(ctx, options.write);
    if (ctx.problems.length > 0) throw new ImportProblems(ctx.problems.sort((a, b) => a.row - b.row));
    return { kind, rows: total, ...counts, written: options.write && counts.added > 0 };
  });
}

/** What an importer writes its rows with: each gets its id at once; `flush` sends a table's before its children's. */
export type Loader = Pick<Bulk, 'insert' | 'flush'>;

/**
 * Writes an importer's rows, in the import's transaction, by each engine's fast path: on a file the
 * bulk path's prepared statements, inside whatever `onFile` sets up around them (constraints
 * checked after, indexes set aside: SQLite's means); on a server multi-row INSERTs of the rows
 * queued, with every constraint and trigger checked as they go in (db/pg/import-load.ts).
 * `tables` are those `write` inserts into.
 */
export async function loadRows(
  ctx: Pick<ImportContext<string>, 'tx' | 'scope'>,
  tables: readonly BulkTable[],
  write: (bulk: Loader) => void,
  onFile: (load: () => void) => void = (load) => load(),
): Promise<void> {
  const store = ctx.scope.store;
  if (store.engine === 'postgres') {
    const { serverLoader } = await import('../db/pg/import-load.js');
    const loader = await serverLoader(store, ctx.tx, tables);
    write(loader);
    await loader.send();
    return;
  }
  const bulk = bulkWriter(store);
  onFile(() => bulk.transaction(() => write(bulk)));
}

/**
 * One row being checked: its cells by column, read through the domain's cell readers. A cell
 * that cannot be read, or a rule a value breaks, is filed as a problem of the row and column.
 */
export class RowReader<K extends string> {
  bad = false;

  constructor(
    private readonly ctx: Pick<ImportContext<K>, 'sheet' | 'problems'>,
    readonly row: SheetRow,
  ) {}

  cell(key: K): Cell {
    const at = this.ctx.sheet.at.get(key);
    const cell = at === undefined ? null : this.row.cells[at];
    return cell === '' || cell === undefined ? null : cell;
  }

  has(key: K): boolean {
    return this.ctx.sheet.columns.has(key);
  }

  /** The cell read by `parse`; a problem is filed and undefined returned when it cannot be. */
  read<T>(key: K, parse: (cell: Cell) => T): T | undefined {
    try {
      return parse(this.cell(key));
    } catch (e) {
      // A rule's error about a field is said with the sheet's word for it (`办结时间 … 早于…`).
      const header = this.ctx.sheet.columns.get(key) ?? key;
      this.fail(key, problemOf(isAboutField(e) ? naming(e, { zh: header, en: header, noun: header }) : e));
      return undefined;
    }
  }

  /** Runs a rule about the row; what it refuses is filed under `key`'s column. */
  check<T>(key: K, rule: () => T): T | undefined {
    return this.read(key, () => rule());
  }

  fail(key: K, problem: Bilingual | Said): void {
    this.bad = true;
    const cell = this.cell(key);
    const value =
      cell === null ? '' : cell instanceof Date ? cell.toISOString().slice(0, 19).replace('T', ' ') : String(cell);
    this.ctx.problems.push({ row: this.row.row, column: this.ctx.sheet.columns.get(key) ?? key, value, problem });
  }
}

/** A cell's value, or the problem that it is empty. */
export function required<T>(value: T | null, what: Bilingual): T {
  if (value === null) throw new CellProblem(bi(`${what.zh}为空`, `${what.en} is empty`));
  return value;
}

/** A refusal as one line: what is wrong, then what to do (any command in it as the caller spells it). */
export function problemOf(e: unknown): Bilingual | Said {
  if (e instanceof CellProblem) return e.problem;
  if (e instanceof HongwuError) {
    return (spelling) => {
      const { text, hint } = e.spelledBy(spelling);
      const line = (lang: 'zh' | 'en') =>
        [inLang(text, lang), hint === undefined ? '' : inLang(hint, lang)]
          .filter(Boolean)
          .join(lang === 'zh' ? '；' : '; ');
      return bi(line('zh'), line('en'));
    };
  }
  throw e;
}

/** A resident as an import tells them apart: with the phone as an export masks it, and when registered. */
export type Person = ResidentKey & { masked: string | null; registered: number };

/**
 * Residents as a sheet names them: by a full phone, else by name, namesakes told apart by the
 * address and the masked phone of an export (domain/namesakes.ts). Residents an import registers
 * are added as it goes, with negative ids until written.
 */
export class PeopleIndex {
  private readonly byPhone = new Map<string, Person>();
  private readonly byName = new Map<string, Person[]>();

  constructor(residents: readonly ResidentKey[]) {
    residents.forEach((r) => this.add(r));
  }

  /** A resident on file, or one a sheet adds (`masked`: the masked phone its row gave). */
  add(r: ResidentKey & { masked?: string | null }): Person {
    const person = { ...r, masked: r.masked ?? maskPhone(r.phone), registered: Date.parse(r.created_at) };
    if (r.phone) this.byPhone.set(r.phone, person);
    this.byName.set(r.name, [...(this.byName.get(r.name) ?? []), person]);
    return person;
  }

  withPhone(phone: string): Person | undefined {
    return storedForms(phone)
      .map((p) => this.byPhone.get(p))
      .find(Boolean);
  }

  named(name: string): readonly Person[] {
    return this.byName.get(name) ?? [];
  }

  /** The residents of the name that the row's address and masked phone allow. */
  namesakes(name: string, row: NamesakeHints): readonly Person[] {
    return this.named(name).filter((p) => mayBe(p, row));
  }

  /**
   * The one resident a row names, or what is wrong: unknown, or several of the name. The address
   * and a masked phone only tell namesakes apart: when they fit none, every resident of the name is
   * a candidate (a demand's address need not be its resident's).
   */
  find(
    name: string | null,
    phone: { phone: string } | { masked: string } | null,
    address: string | null = null,
  ): ResidentKey {
    const found = phone && 'phone' in phone ? this.withPhone(phone.phone) : undefined;
    if (found) return found;
    if (name === null) throw new CellProblem(bi('居民为空', 'the resident is empty'));
    const all = this.named(name);
    const fitting = this.namesakes(name, { address, masked: phone && 'masked' in phone ? phone.masked : null });
    const named = fitting.length > 0 ? fitting : all;
    if (named.length === 1) return named[0]!;
    if (named.length === 0) {
      throw new CellProblem((s) =>
        bi(
          `没有居民“${name}”：请先导入居民（${s.zh(step('import residents'))}）`,
          `no resident "${name}": import the residents first (${s.en(step('import residents'))})`,
        ),
      );
    }
    throw new CellProblem(
      bi(
        `有 ${named.length} 位居民叫“${name}”：请在电话列写明是哪一位`,
        `${named.length} residents are called "${name}": give the phone to say which`,
      ),
    );
  }
}
