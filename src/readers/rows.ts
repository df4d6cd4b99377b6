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

/**
 * Rows of cells, the first one the header, into `SheetRow`s. Blank rows are skipped (their numbers
 * are kept by the rows after them); columns without a header text are not read.
 */
export function rowsOf(table: readonly (readonly CellValue[])[]): SheetRow[] {
  const [header = [], ...data] = table;
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
    rows.push({ row: i + 2, cells: record });
  });
  return rows;
}
