import { parse } from 'csv-parse/sync';
import { rowsOf, type IsHeader, type SheetRow } from './rows.js';

const UTF8_BOM = [0xef, 0xbb, 0xbf];

/**
 * The text of a CSV file as saved by Excel or WPS: UTF-8 with or without a BOM, or GB18030 (what
 * a Chinese Windows saves "CSV" as). Bytes that are not valid UTF-8 are read as GB18030, which
 * covers GBK and GB2312 too.
 */
export function decodeCsvText(bytes: Uint8Array): string {
  if (UTF8_BOM.every((b, i) => bytes[i] === b)) return new TextDecoder('utf-8').decode(bytes.subarray(3));
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('gb18030').decode(bytes);
  }
}

/** A CSV file's rows: every cell a string as written (an empty cell is null), keyed by the header. */
export function readCsv(bytes: Uint8Array, isHeader?: IsHeader): SheetRow[] {
  const table: string[][] = parse(decodeCsvText(bytes), { relax_column_count: true, skip_empty_lines: false });
  return rowsOf(table, isHeader);
}
