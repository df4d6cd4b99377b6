import { bi, inLang } from '../../domain/errors.js';
import type { Cli } from '../context.js';
import { toCsv, type Cell } from './csv.js';
import { writeFileAtomic } from './atomic-file.js';
import { labelledCsv, type Column } from './labelled.js';
import { drawTable, type Fit } from '../../platform/table.js';

/**
 * One output path for every command that returns rows (sqlite-utils style): `--json` prints one
 * JSON array, `--csv` the same fields as CSV columns, otherwise a table for people.
 */
export type Field = Cell | readonly string[];

/** Rows as a table for people. */
export interface Table<T> extends Fit {
  rows: readonly T[];
  header: readonly string[];
  cells: (row: T) => readonly (string | number | null | undefined)[];
  /** Printed on stderr when there are no rows. */
  empty: string;
}

/** Rows for people, and for programs in the JSON/CSV contract. */
export interface Listing<T, J extends Record<string, Field>> extends Table<T> {
  /** The row as in the JSON/CSV contract. */
  record: (row: T) => J;
  /** CSV column order (so that an empty listing still has its header); lists become `a;b`. */
  fields: readonly (keyof J & string)[];
  /** `--labels`: its fields whose header or labels differ from the shared ones (render/labelled.ts). */
  columns?: Partial<Record<keyof J & string, Column>>;
}

export function printListing<T, J extends Record<string, Field>>(cli: Cli, listing: Listing<T, J>): void {
  if (cli.json) {
    printJson(cli, listing.rows.map(listing.record));
  } else if (cli.csv) {
    const records = listing.rows.map(listing.record);
    const cell = (v: Field): Cell => (Array.isArray(v) ? v.join(';') : (v as Cell));
    const rows = records.map((r) => listing.fields.map((f) => cell(r[f])));
    emit(cli, csvText(cli, listing.fields, rows, listing.columns as Record<string, Column>));
  } else {
    printTable(cli, listing);
  }
}

/**
 * A CSV as the export flags ask (SPEC §13): part one's machine format, or with `--labels` the one
 * for people (render/labelled.ts); a BOM first with `--bom`.
 */
export function csvText(
  cli: Cli,
  fields: readonly string[],
  rows: readonly (readonly Cell[])[],
  columns?: Readonly<Record<string, Column>>,
): string {
  const csv = cli.rowsOut.labels ? labelledCsv(fields, rows, cli.lang, columns) : { header: fields, rows };
  return toCsv(csv.header, csv.rows, { bom: cli.rowsOut.bom });
}

/** Machine output: to stdout, or with `--out` atomically into the file (a spreadsheet never opens half of it). */
export function emit(cli: Cli, text: string): void {
  const file = cli.rowsOut.file;
  if (file === undefined) return cli.io.stdout(text);
  writeFileAtomic(file, text);
  cli.io.stderr(inLang(bi(`已写入 ${file}\n`, `Wrote ${file}\n`), cli.lang));
}

export function printTable<T>(cli: Cli, table: Table<T>): void {
  if (table.rows.length === 0) return cli.io.stderr(`${table.empty}\n`);
  const { text, hidden } = drawTable(cli, table.header, table.rows.map(table.cells), table);
  cli.io.stdout(text);
  if (hidden.length > 0) {
    cli.io.stderr(inLang(bi(`终端较窄，未显示：${hidden.join('、')}（加宽窗口或用 --csv 查看）\n`, `Hidden to fit the terminal: ${hidden.join(', ')} (widen it or use --csv)\n`), cli.lang));
  }
}

export function printJson(cli: Cli, value: unknown): void {
  emit(cli, `${JSON.stringify(value, null, 2)}\n`);
}
