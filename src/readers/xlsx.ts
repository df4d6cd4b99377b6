import { bi, UsageError } from '../domain/errors.js';
import type { CellValue, IsHeader, SheetRow } from './rows.js';
import { rowsOf } from './rows.js';

/**
 * A sheet of an .xlsx file: the one named, or the first. Numbers stay numbers; a cell formatted as a date (an Excel
 * date serial) is a Date whose UTC fields are the wall-clock reading in the sheet (Excel keeps no
 * zone: the caller reads it in the database's zone); TRUE/FALSE are read as text.
 * read-excel-file is loaded here, on use: only commands that read a file pay for it.
 */
export async function readXlsx(
  bytes: Uint8Array,
  options: { sheet?: string; isHeader?: IsHeader } = {},
): Promise<SheetRow[]> {
  const { readSheet } = await import('read-excel-file/node');
  const input = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  try {
    const data = await (options.sheet === undefined ? readSheet(input) : readSheet(input, options.sheet));
    return rowsOf(
      data.map((cells) => cells.map(cellValue)),
      options.isHeader,
    );
  } catch (e) {
    // By its name: the bundle renames classes.
    if ((e as Error).name !== 'SheetNotFoundError') throw e;
    const sheets = ((e as { sheets?: string[] }).sheets ?? []).join('、');
    throw new UsageError(
      bi(`没有名为“${options.sheet}”的工作表`, `no sheet named "${options.sheet}"`),
      bi(`工作表有：${sheets}（用 --sheet 选择）`, `the sheets are: ${sheets} (choose with --sheet)`),
    );
  }
}

function cellValue(cell: unknown): CellValue {
  if (cell === null || cell === undefined) return null;
  if (typeof cell === 'number' || typeof cell === 'string' || cell instanceof Date) return cell;
  return String(cell).toUpperCase();
}
