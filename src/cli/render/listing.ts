import type { Cli } from '../context.js';
import { toCsv, type Cell } from './csv.js';
import { say } from '../i18n.js';
import { drawTable, type Fit } from './table.js';

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
}

export function printListing<T, J extends Record<string, Field>>(cli: Cli, listing: Listing<T, J>): void {
  if (cli.json) {
    cli.io.stdout(`${JSON.stringify(listing.rows.map(listing.record), null, 2)}\n`);
  } else if (cli.csv) {
    const records = listing.rows.map(listing.record);
    const cell = (v: Field): Cell => (Array.isArray(v) ? v.join(';') : (v as Cell));
    cli.io.stdout(toCsv(listing.fields, records.map((r) => listing.fields.map((f) => cell(r[f])))));
  } else {
    printTable(cli, listing);
  }
}

export function printTable<T>(cli: Cli, table: Table<T>): void {
  if (table.rows.length === 0) return cli.io.stderr(`${table.empty}\n`);
  const { text, hidden } = drawTable(cli, table.header, table.rows.map(table.cells), table);
  cli.io.stdout(text);
  if (hidden.length > 0) {
    cli.io.stderr(say(cli.lang, `终端较窄，未显示：${hidden.join('、')}（加宽窗口或用 --csv 查看）\n`, `Hidden to fit the terminal: ${hidden.join(', ')} (widen it or use --csv)\n`));
  }
}

export function printJson(cli: Cli, value: unknown): void {
  cli.io.stdout(`${JSON.stringify(value, null, 2)}\n`);
}
