import { bi, inLang } from '../../domain/errors.js';
import type { Cli } from '../context.js';
import { csvLines, UTF8_BOM, type Cell } from './csv.js';
import { openFileAtomic } from './atomic-file.js';
import { labelledCsv, type Column } from './labelled.js';
import { drawTable, type Fit } from '../../platform/table.js';
import { withSteadyHeap } from '../../platform/steady-heap.js';

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
    emit(
      cli,
      csvText(
        cli,
        listing.fields,
        listing.rows.map((r) => csvRow(listing, r)),
        listing.columns as Record<string, Column>,
      ),
    );
  } else {
    printTable(cli, listing);
  }
}

/** What a listing's `--csv` and `--json` write of its rows, without the rows themselves. */
export type Export<T, J extends Record<string, Field>> = Pick<Listing<T, J>, 'record' | 'fields' | 'columns'>;

const csvRow = <T, J extends Record<string, Field>>(listing: Export<T, J>, row: T): Cell[] => {
  const record = listing.record(row);
  return listing.fields.map((f) => {
    const v = record[f];
    return Array.isArray(v) ? v.join(';') : (v as Cell);
  });
};

/**
 * `--json` of rows read a chunk at a time (a whole file's demands, issue #21): written as they
 * come, the same bytes `printJson` writes of all of them at once, with a chunk in memory. With
 * `--out` the file appears once complete, as ever.
 */
export function exportJson<T>(
  cli: Cli,
  chunks: AsyncIterable<readonly T[]>,
  record: (row: T) => unknown,
): Promise<void> {
  return written(
    cli,
    chunks,
    (rows, first) => jsonItems(rows.map(record), first),
    (empty) => (empty ? '[]\n' : '\n]\n'),
  );
}

/** `--csv` of rows read a chunk at a time: the same bytes as `printListing`'s. */
export function exportCsv<T, J extends Record<string, Field>>(
  cli: Cli,
  listing: Export<T, J>,
  chunks: AsyncIterable<readonly T[]>,
): Promise<void> {
  const columns = listing.columns as Record<string, Column> | undefined;
  const piece = (rows: readonly T[], first: boolean) =>
    csvPiece(
      cli,
      listing.fields,
      rows.map((r) => csvRow(listing, r)),
      columns,
      first,
    );
  return written(cli, chunks, piece, (empty) => (empty ? piece([], true) : ''));
}

/**
 * Values as the items of the JSON array `printJson` prints (two spaces deep), the first opening it: the chunk as an
 * array of its own, which JSON.stringify indents alike, without its brackets (`[` … `\n]`).
 */
function jsonItems(values: readonly unknown[], first: boolean): string {
  return `${first ? '[' : ','}${JSON.stringify(values, null, 2).slice(1, -2)}`;
}

/** Writes each non-empty chunk's piece (`first`: nothing written before it), then the end. */
async function written<T>(
  cli: Cli,
  chunks: AsyncIterable<readonly T[]>,
  piece: (rows: readonly T[], first: boolean) => string,
  end: (empty: boolean) => string,
): Promise<void> {
  const out = openOutput(cli);
  let first = true;
  try {
    await withSteadyHeap(async () => {
      for await (const rows of chunks) {
        if (rows.length === 0) continue;
        out.write(piece(rows, first));
        first = false;
      }
    });
    out.write(end(first));
  } catch (e) {
    out.discard();
    throw e;
  }
  out.close();
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
  return csvPiece(cli, fields, rows, columns, true);
}

/** Rows of such a CSV; the `first` piece begins with the BOM and the header. */
function csvPiece(
  cli: Cli,
  fields: readonly string[],
  rows: readonly (readonly Cell[])[],
  columns: Readonly<Record<string, Column>> | undefined,
  first: boolean,
): string {
  const csv = cli.rowsOut.labels ? labelledCsv(fields, rows, cli.lang, columns) : { header: fields, rows };
  return `${first ? `${cli.rowsOut.bom ? UTF8_BOM : ''}${csvLines([csv.header])}` : ''}${csvLines(csv.rows)}`;
}

/** Where machine output goes: stdout, or with `--out` a file that appears whole once complete. */
interface Output {
  write(text: string): void;
  close(): void;
  discard(): void;
}

function openOutput(cli: Cli): Output {
  const file = cli.rowsOut.file;
  if (file === undefined)
    return { write: (text) => cli.io.stdout(text), close: () => undefined, discard: () => undefined };
  const out = openFileAtomic(file);
  return {
    write: out.write,
    close: () => {
      out.commit();
      cli.io.stderr(inLang(bi(`已写入 ${file}\n`, `Wrote ${file}\n`), cli.lang));
    },
    discard: out.discard,
  };
}

/** Machine output: to stdout, or with `--out` atomically into the file (a spreadsheet never opens half of it). */
export function emit(cli: Cli, text: string): void {
  const out = openOutput(cli);
  out.write(text);
  out.close();
}

export function printTable<T>(cli: Cli, table: Table<T>): void {
  if (table.rows.length === 0) return cli.io.stderr(`${table.empty}\n`);
  const { text, hidden } = drawTable(cli, table.header, table.rows.map(table.cells), table);
  cli.io.stdout(text);
  if (hidden.length > 0) {
    cli.io.stderr(
      inLang(
        bi(
          `终端较窄，未显示：${hidden.join('、')}（加宽窗口或用 --csv 查看）\n`,
          `Hidden to fit the terminal: ${hidden.join(', ')} (widen it or use --csv)\n`,
        ),
        cli.lang,
      ),
    );
  }
}

export function printJson(cli: Cli, value: unknown): void {
  emit(cli, `${JSON.stringify(value, null, 2)}\n`);
}
