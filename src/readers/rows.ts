/**
 * What a reader gives back from a spreadsheet or a CSV file: one entry per data row, its cells in
 * the order of the header row's texts (which `IsHeader` is shown). Which header means which field
 * (办结说明, note, …) is the caller's business: an importer matches them and names a bad cell by
 * `row` and header.
 */
export type CellValue = string | number | Date | null;

export interface SheetRow {
  /** The row's number in the sheet as the clerk sees it (1-based; the header is row 1). */
  row: number;
  /** As the reader gave them, not copied (a 200,000-row sheet makes no object per row): '' is a blank cell. */
  cells: readonly CellValue[];
}

/** Tells the header row from a title above it (a merged 《2026年诉求台账》 line): its texts as written. */
export type IsHeader = (texts: readonly string[]) => boolean;

/** How far down a header may sit below titles and blank lines. */
const HEADER_SEARCH_ROWS = 10;

/**
 * Rows of cells into `SheetRow`s. The header is the first row, or with `isHeader` the first of the
 * top rows it accepts (a sheet kept for people often has a title row or two above it). Blank rows
 * are skipped (their numbers are kept by the rows after them).
 */
export function rowsOf(table: readonly (readonly CellValue[])[], isHeader?: IsHeader): SheetRow[] {
  const texts = (cells: readonly CellValue[]) => cells.map((cell) => (cell === null ? '' : String(cell).trim()));
  const found = isHeader ? table.slice(0, HEADER_SEARCH_ROWS).findIndex((cells) => isHeader(texts(cells))) : 0;
  const at = Math.max(found, 0);
  const rows: SheetRow[] = [];
  for (let i = at + 1; i < table.length; i++) {
    const cells = table[i]!;
    if (cells.every((cell) => cell === null || cell === '')) continue;
    rows.push({ row: i + 1, cells });
  }
  return rows;
}
