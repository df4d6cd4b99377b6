import type { CellValue, SheetRow } from './rows.js';
import { rowsOf } from './rows.js';

/**
 * The first sheet of an .xlsx file. Numbers stay numbers; a cell formatted as a date (an Excel
 * date serial) is a Date whose UTC fields are the wall-clock reading in the sheet (Excel keeps no
 * zone: the caller reads it in the database's zone); TRUE/FALSE are read as text.
 * read-excel-file is loaded here, on use: only commands that read a file pay for it.
 */
export async function readXlsx(bytes: Uint8Array): Promise<SheetRow[]> {
  const { readSheet } = await import('read-excel-file/node');
  const data = await readSheet(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  return rowsOf(data.map((cells) => cells.map(cellValue)));
}

function cellValue(cell: unknown): CellValue {
  if (cell === null || cell === undefined) return null;
  if (typeof cell === 'number' || typeof cell === 'string' || cell instanceof Date) return cell;
  return String(cell).toUpperCase();
}
