/**
 * The repositories' SQL is written for SQLite (and tuned for its planner); what little of it
 * PostgreSQL reads otherwise is rewritten as it is compiled, so that one text serves both engines:
 *
 * - `INDEXED BY <index>` (SQLite's planner hints) is dropped;
 * - `CROSS JOIN t ON …` (SQLite's way to fix a join order) becomes `JOIN t ON …`;
 * - LIKE, which SQLite matches without regard to ASCII case, becomes ILIKE (ASCII only too, the
 *   columns being `COLLATE "C"`);
 * - `a IS b` / `a IS NOT b` of two values (SQLite's null-safe comparison) becomes
 *   `IS NOT DISTINCT FROM` / `IS DISTINCT FROM`;
 * - a subquery in FROM or JOIN without a name gets one (PostgreSQL before 16 requires it);
 * - SQLite's functions the SQL calls by name (`strftime`, `julianday`, `group_concat`, `json_each`)
 *   are called in hongwu's own schema (`hongwu.strftime(…)`, migrations/pg/0019_baseline.ts), so
 *   that a function of the same name another application made in the database is never called in
 *   their place; `sum` of comparisons is found there through the connection's search_path.
 *
 * Text inside quotes is left alone. Rewritten texts are remembered: a command compiles the same
 * statements again and again.
 */
export function forPostgres(text: string): string {
  let rewritten = seen.get(text);
  if (rewritten === undefined) {
    rewritten = nameSubqueries(
      outsideQuotes(text, (part) =>
        part
          .replace(/\s+INDEXED\s+BY\s+\w+/gi, '')
          .replace(/(?<![.\w])(strftime|julianday|group_concat|json_each)\s*\(/gi, 'hongwu.$1(')
          .replace(/\bCROSS\s+JOIN(\s+\w+(?:\s+(?:AS\s+)?\w+)?\s+ON\b)/gi, 'JOIN$1')
          .replace(/\bLIKE\b/gi, 'ILIKE')
          .replace(/\bIS\s+NOT\s+(?!NULL\b|TRUE\b|FALSE\b|DISTINCT\b)/gi, 'IS DISTINCT FROM ')
          .replace(/\bIS\s+(?!NOT\b|NULL\b|TRUE\b|FALSE\b|DISTINCT\b|UNKNOWN\b)/gi, 'IS NOT DISTINCT FROM '),
      ),
    );
    seen.set(text, rewritten);
  }
  return rewritten;
}

const seen = new Map<string, string>();

/** Applies `change` to the parts of `text` outside '…' literals and "…" identifiers. */
function outsideQuotes(text: string, change: (part: string) => string): string {
  return text
    .split(/('(?:[^']|'')*'|"(?:[^"]|"")*")/)
    .map((part, i) => (i % 2 === 1 ? part : change(part)))
    .join('');
}

/** What may follow a subquery that has no name: the clause or statement goes on without one. */
const CLAUSES = ['WHERE', 'ORDER', 'GROUP', 'LIMIT', 'UNION', 'EXCEPT', 'INTERSECT', 'HAVING', 'WINDOW', 'ON'];
const NO_NAME = new RegExp(
  String.raw`^\s*(?:$|\)|,|;|(?:${CLAUSES.join('|')})\b|(?:LEFT\s+|INNER\s+|CROSS\s+)?JOIN\b)`,
  'i',
);

/** Names every `FROM (SELECT …)` / `JOIN (…)` that has no name (`AS hongwu_subquery_<n>`). */
function nameSubqueries(text: string): string {
  const ends: number[] = [];
  const opening = /\b(?:FROM|JOIN)\s*\(/gi;
  for (let match = opening.exec(text); match; match = opening.exec(text)) {
    const close = matchingParen(text, match.index + match[0].length - 1);
    if (close >= 0 && NO_NAME.test(text.slice(close + 1))) ends.push(close + 1);
  }
  if (ends.length === 0) return text;
  ends.sort((a, b) => a - b);
  let out = '';
  let from = 0;
  ends.forEach((end, i) => {
    out += `${text.slice(from, end)} AS hongwu_subquery_${i + 1}`;
    from = end;
  });
  return out + text.slice(from);
}

/** The index of the parenthesis closing the one at `open`, skipping quoted text; -1 if none. */
function matchingParen(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (c === "'" || c === '"') {
      i = text.indexOf(c, i + 1);
      if (i < 0) return -1;
    } else if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return i;
  }
  return -1;
}
