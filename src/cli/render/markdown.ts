/**
 * Markdown for people (the report, the morning page of `today`): one way to write a cell, so free
 * text typed by a clerk never becomes markup anywhere (SPEC §13).
 */

/**
 * Free text as typed: a summary `*爆裂*` or `<b>急</b>` is no emphasis and no HTML. Every character
 * that is markup inside a line is backslash-escaped (CommonMark escapes any ASCII punctuation):
 * emphasis, code, links, HTML, entities, strikethrough, and pipes, so that a cell never splits its
 * table. (Markup only at a line's start, `#` or `-`, cannot occur in a cell.)
 */
export const escapeMarkdown = (text: string) => text.replace(/[\\`*_[\]<>|~&]/g, '\\$&');

/** A command to copy, shown as code: not escaped inside, but its pipes still may not split a table. */
export interface Code {
  code: string;
}
export const asCode = (code: string): Code => ({ code });

export type Cell = string | number | null | undefined | Code;

function codeSpan(text: string): string {
  // A fence longer than any run of backticks inside (CommonMark), pipes escaped (GFM tables).
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const padded = longest > 0 ? ` ${text} ` : text;
  return `${fence}${padded.replace(/\|/g, '\\|')}${fence}`;
}

/** A table cell: free text escaped, code as a code span, line breaks flattened, `—` for nothing. */
export function mdCell(cell: Cell): string {
  if (cell === null || cell === undefined || cell === '') return '—';
  const text = typeof cell === 'object' ? codeSpan(cell.code) : escapeMarkdown(String(cell));
  return text.replace(/\s*[\r\n]+\s*/g, ' ');
}

/** A Markdown table; the last `numeric` columns are right-aligned. */
export function mdTable(header: readonly Cell[], rows: readonly (readonly Cell[])[], numeric = 0): string {
  const align = header.map((_, i) => (i >= header.length - numeric ? '---:' : '---'));
  return [header.map(mdCell), align, ...rows.map((r) => r.map(mdCell))].map((r) => `| ${r.join(' | ')} |`).join('\n');
}
