/**
 * RFC 4180 CSV, safe to open in a spreadsheet: a text cell starting with `=`, `+`, `-`, `@`, tab
 * or carriage return is prefixed with `'` so that WPS or Excel never runs it as a formula. Numbers
 * hongwu itself wrote (JS numbers) are left as they are, negative ones included.
 */
export type Cell = string | number | boolean | null | undefined;

const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: Cell): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  let text = String(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export const UTF8_BOM = '\uFEFF';

/** A whole CSV document: header and rows, CRLF line ends, an optional BOM for Excel. */
export function toCsv(
  header: readonly string[],
  rows: readonly (readonly Cell[])[],
  options: { bom?: boolean } = {},
): string {
  return `${options.bom ? UTF8_BOM : ''}${csvLines([header])}${csvLines(rows)}`;
}

/** Rows as CSV lines, each ending in CRLF: a piece of a document written in chunks. */
export function csvLines(rows: readonly (readonly Cell[])[]): string {
  return rows.map((row) => `${row.map(csvCell).join(',')}\r\n`).join('');
}
