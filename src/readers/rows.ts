/**
 * What a reader gives back from a spreadsheet or a CSV file: one entry per data row, keyed by the
 * header row's texts as written. Which header means which field (办结说明, note, …) is the caller's
 * business: an importer matches them and names a bad cell by `row` and header.
 */
export type CellValue = string | number | Date | null;

export interface SheetRow {
  /** The row's number in the sheet as the clerk sees it (1-based; the header is row 1). */
  row: number;
  cells: Record<string, CellValue>;
}

/** Tells the header row from a title above it (a merged 《2026年诉求台账》 line): its texts as written. */
export type IsHeader = (texts: readonly string[]) => boolean;

/** How far down a header may sit below titles and blank lines. */
const HEADER_SEARCH_ROWS = 10;

/**
 * Rows of cells into `SheetRow`s. The header is the first row, or with `isHeader` the first of the
 * top rows it accepts (a sheet kept for people often has a title row or two above it). Blank rows
 * are skipped (their numbers are kept by the rows after them); columns without a header text are
 * not read.
 */
export function rowsOf(table: readonly (readonly CellValue[])[], isHeader?: IsHeader): SheetRow[] {
  const texts = (cells: readonly CellValue[]) => cells.map((cell) => (cell === null ? '' : String(cell).trim()));
  const found = isHeader ? table.slice(0, HEADER_SEARCH_ROWS).findIndex((cells) => isHeader(texts(cells))) : 0;
  const at = Math.max(found, 0);
  const header = table[at] ?? [];
  const data = table.slice(at + 1);
  const columns = header.flatMap((cell, index) => {
    const name = cell === null ? '' : String(cell).trim();
    return name ? [{ name, index }] : [];
  });
  const rows: SheetRow[] = [];
  data.forEach((cells, i) => {
    if (cells.every((cell) => cell === null || cell === '')) return;
    const record: Record<string, CellValue> = {};
    for (const { name, index } of columns) {
      // A header written twice keeps its first column: the second is no silent overwrite.
      if (!(name in record)) record[name] = cells[index] === '' ? null : (cells[index] ?? null);
    }
    rows.push({ row: at + i + 2, cells: record });
  });
  return rows;
}
