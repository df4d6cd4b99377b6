/** A Markdown table cell: pipes escaped, line breaks flattened, `—` for nothing. */
export const mdCell = (text: string | number | null | undefined) =>
  text === null || text === undefined || text === '' ? '—' : String(text).replace(/\|/g, '\\|').replace(/\s*[\r\n]+\s*/g, ' ');

/** A Markdown table; the last `numeric` columns are right-aligned. */
export function mdTable(header: readonly string[], rows: readonly (readonly (string | number | null | undefined)[])[], numeric = 0): string {
  const align = header.map((_, i) => (i >= header.length - numeric ? '---:' : '---'));
  return [header.map(mdCell), align, ...rows.map((r) => r.map(mdCell))].map((r) => `| ${r.join(' | ')} |`).join('\n');
}
