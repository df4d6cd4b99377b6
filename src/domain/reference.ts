import { bi, inLang, NotAllowedError, spelled, type Bilingual, type Message } from './errors.js';
import type { Said, Spelling } from './next-step.js';

/**
 * References by name (SPEC §3): a resident, team, item or meeting is named by an exact id, phone
 * or name. Several matches fail and list them; none fails and suggests the closest names.
 * Nothing is ever created by a typo.
 */
export function chooseOne<T>(
  matches: readonly T[],
  text: string,
  what: Bilingual,
  describe: (t: T) => string,
  suggest: () => readonly T[],
  addHint?: Message | Said,
): T {
  if (matches.length === 1) return matches[0]!;
  if (matches.length > 1) throw ambiguous(text, what, matches.map(describe));
  const close = suggest().map(describe).join('; ');
  const hint = (s: Spelling) => {
    const add = addHint === undefined ? undefined : spelled(addHint, s);
    const [zh, en] = add === undefined ? ['', ''] : [inLang(add, 'zh'), inLang(add, 'en')];
    return close ? bi(`是不是：${close}？${zh}`, `did you mean: ${close}?${add ? ` ${en}` : ''}`) : bi(zh, en);
  };
  throw new NotAllowedError(
    bi(`没有${what.zh}“${text}”`, `no ${what.en} "${text}"`),
    close || addHint !== undefined ? hint : undefined,
  );
}

/** Several records answer to one name: list them (exit 1) so the clerk can pick one by id. */
export function ambiguous(text: string, what: Bilingual, described: readonly string[]): NotAllowedError {
  const list = described.slice(0, 8).join('; ');
  const more = described.length > 8;
  return new NotAllowedError(
    bi(
      `“${text}”对应 ${described.length} 个${what.zh}：${list}${more ? ' 等' : ''}`,
      `"${text}" is ambiguous: ${described.length} matches (${what.en}): ${list}${more ? ' …' : ''}`,
    ),
    bi('请用编号（#id）指定其中一个', 'name one by its id (#id)'),
  );
}

/**
 * The names closest to the text: containing it, contained in it, holding its characters in order
 * (`志愿队` → 幸福里志愿服务队), or a small edit away.
 */
export function closest<T>(items: readonly T[], text: string, name: (t: T) => string, max = 3): T[] {
  const needle = text.trim().toLowerCase();
  if (!needle) return [];
  const scored: { item: T; score: number }[] = [];
  for (const item of items) {
    const n = name(item).toLowerCase();
    let score: number;
    if (n.includes(needle) || needle.includes(n)) score = Math.abs(n.length - needle.length) * 0.1;
    else if (inOrder(needle, n)) score = 1;
    else score = editDistance(n, needle);
    const limit = Math.max(1, Math.floor(Math.max(n.length, needle.length) / 2));
    if (score <= limit) scored.push({ item, score });
  }
  return scored
    .sort((a, b) => a.score - b.score)
    .slice(0, max)
    .map((s) => s.item);
}

/** Whether every character of `part` appears in `whole`, in the same order. */
function inOrder(part: string, whole: string): boolean {
  let at = 0;
  for (const c of part) {
    at = whole.indexOf(c, at);
    if (at < 0) return false;
    at += c.length;
  }
  return true;
}

/** Levenshtein distance over code points (Chinese names are one code point a character). */
export function editDistance(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  let prev = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const cur = [i];
    for (let j = 1; j <= y.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (x[i - 1] === y[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[y.length]!;
}
