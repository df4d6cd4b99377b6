import { visible } from '../domain/text.js';

/** What drawing needs of the terminal: its width (none for a pipe or a file) and two styles. */
export interface Terminal {
  readonly width: number | undefined;
  color: { bold: (text: string) => string; dim: (text: string) => string };
}

type Cell = string | number | null | undefined;
/** Longer cells are cut, so that one pasted essay does not make a table nobody can read. */
const MAX_CELL = 200;
/** One line of a cell and the columns it takes. */
interface Line {
  text: string;
  width: number;
}

/** How a table may give way on a terminal narrower than itself (column indexes). */
export interface Fit {
  /** Free text (summaries, names, notes): cut to fit, each cut marked with …. */
  flexible?: readonly number[];
  /** Free text that must be read whole (a demand's history): wrapped onto more lines instead of cut. */
  wrapping?: readonly number[];
  /**
   * Columns a narrow terminal hides, the first to go first, rather than cut the free text below
   * what can still be read; JSON, CSV and a wider terminal have them.
   */
  optional?: readonly number[];
}

/** A table as drawn, and the headers of the columns a narrow terminal left out. */
export interface Drawn {
  text: string;
  hidden: string[];
}

/**
 * A bordered table for people: the header, a rule, then one line per row (more where a cell holds
 * line breaks); columns as wide as their widest line, Chinese characters counting two columns.
 * Our own few lines instead of cli-table3, which spent most of a 200-row listing merging its
 * options into every cell (BENCHMARKS.md); the output is the same, character for character.
 * On a terminal narrower than the table it gives way (see `Fit`): the free text is cut, the widest
 * column first, down to a readable width; then the optional columns go, one at a time; only then
 * is the free text cut further. Codes, numbers and dates are never cut (a table that still does
 * not fit wraps, as before).
 */
export function drawTable(
  cli: Terminal,
  header: readonly string[],
  rows: readonly (readonly Cell[])[],
  fit: Fit = {},
): Drawn {
  const columns = header.length;
  const head = header.map((h) => lines(cli.color.bold(h)));
  const colour = paints(cli);
  const body = rows.map((cells) => {
    const row: Line[][] = new Array(columns);
    for (let i = 0; i < columns; i++) row[i] = lines(clip(visible(text(cells[i]), colour), MAX_CELL));
    return row;
  });
  let widths = new Array<number>(columns).fill(0);
  for (const row of [head, ...body]) {
    for (let i = 0; i < columns; i++) for (const line of row[i]!) if (line.width > widths[i]!) widths[i] = line.width;
  }
  let shown: number[] | undefined;
  const wrapping = fit.wrapping ?? [];
  const flexible = [...(fit.flexible ?? []), ...wrapping];
  const limit = flexible.length > 0 || fit.optional?.length ? cli.width : undefined;
  if (limit !== undefined && tableWidth(widths) > limit) {
    // Text that may be cut gives way before text that wraps (which costs the table lines).
    const layout = fitted(widths, [fit.flexible ?? [], wrapping], fit.optional ?? [], limit);
    for (const row of [head, ...body]) {
      for (const i of flexible) {
        const width = layout.widths[i]!;
        row[i] = wrapping.includes(i)
          ? row[i]!.flatMap((line) => wrap(line, width))
          : row[i]!.map((line) => cut(line, width));
      }
    }
    widths = layout.widths;
    if (layout.shown.length < columns) shown = layout.shown;
  }
  const only = <T>(cells: readonly T[]) => (shown ? shown.map((i) => cells[i]!) : cells);
  const w = only(widths);
  const rule = (left: string, middle: string, right: string) =>
    `${left}${w.map((n) => '─'.repeat(n + 2)).join(middle)}${right}`;
  const out = [rule('┌', '┬', '┐')];
  draw(only(head), w, out);
  if (body.length > 0) {
    out.push(rule('├', '┼', '┤'));
    for (const row of body) draw(only(row), w, out);
  }
  out.push(rule('└', '┴', '┘'));
  const hidden = shown ? header.filter((_, i) => !shown.includes(i)) : [];
  return { text: `${out.join('\n')}\n`, hidden };
}

/** The table as text, for a view that has nothing to say of hidden columns (it has no optional ones). */
export function renderTable(
  cli: Terminal,
  header: readonly string[],
  rows: readonly (readonly Cell[])[],
  fit: Fit = {},
): string {
  return drawTable(cli, header, rows, fit).text;
}

/** Columns a table takes: its cells, a space either side of each, and the borders. */
const tableWidth = (widths: readonly number[]) => widths.reduce((sum, w) => sum + w + 3, 1);
/** Free text is cut to this before a column is hidden (five Chinese characters and the mark)… */
const READABLE_FLEXIBLE = 11;
/** …and to this at the very least (three Chinese characters and the mark). */
const MIN_FLEXIBLE = 7;

/** The widths and the columns shown within `limit` (see `drawTable`). */
function fitted(
  widths: readonly number[],
  flexible: readonly (readonly number[])[],
  optional: readonly number[],
  limit: number,
): { widths: number[]; shown: number[] } {
  let shown = widths.map((_, i) => i);
  for (let dropped = 0; ; dropped++) {
    const w = narrowed(widths, shown, flexible, limit, READABLE_FLEXIBLE);
    if (tableWidth(shown.map((i) => w[i]!)) <= limit) return { widths: w, shown };
    if (dropped === optional.length) return { widths: narrowed(widths, shown, flexible, limit, MIN_FLEXIBLE), shown };
    shown = shown.filter((i) => i !== optional[dropped]);
  }
}

/**
 * Widths with the shown columns within `limit`: the widest flexible column gives up a column at a
 * time, down to `least`, those of the first group before those of the next.
 */
function narrowed(
  widths: readonly number[],
  shown: readonly number[],
  flexible: readonly (readonly number[])[],
  limit: number,
  least: number,
): number[] {
  const w = [...widths];
  const groups = flexible.map((group) => group.filter((i) => shown.includes(i)));
  for (let excess = tableWidth(shown.map((i) => w[i]!)) - limit; excess > 0; excess--) {
    let widest = -1;
    for (const group of groups) {
      for (const i of group) if (w[i]! > least && (widest < 0 || w[i]! > w[widest]!)) widest = i;
      if (widest >= 0) break;
    }
    if (widest < 0) break;
    w[widest]!--;
  }
  return w;
}

/** A line cut to `width` columns, the cut marked with …; a cut line loses its colour codes. */
function cut(line: Line, width: number): Line {
  if (line.width <= width) return line;
  const plain = line.text.includes('\u001b') ? line.text.replace(ANSI, '') : line.text;
  let text = '';
  let used = 0;
  for (const ch of plain) {
    const w = displayWidth(ch);
    if (used + w > width - 1) break;
    text += ch;
    used += w;
  }
  return { text: `${text}…`, width: used + 1 };
}

/** What may not begin a line of Chinese text: closing brackets and the punctuation after a word (）」』】〕〉》、。，；：！？…). */
const NO_LINE_START =
  /^[\uff09\u300d\u300f\u3011\u3015\u3009\u300b\u3001\u3002\uff0c\uff1b\uff1a\uff01\uff1f\u2026)\],.;:!?]$/;

/** Where to break a line of `text` so that the next line starts with a character that may start one (-1: nowhere). */
function lastBreakBeforeClosing(text: string): number {
  const chars = [...text];
  let k = chars.length - 1;
  while (k > 0 && (NO_LINE_START.test(chars[k]!) || /\s/.test(chars[k]!))) k--;
  return k > 0 ? chars.slice(0, k).join('').length : -1;
}

/**
 * A line wrapped into lines of at most `width` columns: English breaks after a space (or a `|`
 * between codes) where it can, Chinese anywhere; no line starts or ends with the space it broke
 * at, none is empty, and none starts with a closing mark or comma when the line before has a
 * character to give it (避头尾). A cut line loses its colour codes.
 */
function wrap(line: Line, width: number): Line[] {
  if (line.width <= width) return [line];
  const plain = line.text.includes('\u001b') ? line.text.replace(ANSI, '') : line.text;
  const out: Line[] = [];
  let text = '';
  let used = 0;
  /** Where the line may break: just after its last space or `|` (-1: nowhere yet). */
  let at = -1;
  const push = (t: string) => {
    const kept = t.trimEnd();
    if (kept) out.push({ text: kept, width: displayWidth(kept) });
  };
  const chars = [...plain];
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i]!;
    const w = displayWidth(ch);
    if (used + w > width) {
      // The break falls on a space: the space goes, the next line starts with the next word —
      // unless that is a closing mark, which the next character's break then deals with.
      if (ch === ' ' && NO_LINE_START.test(chars.slice(i + 1).find((c) => c !== ' ') ?? '')) continue;
      if (ch === ' ') {
        push(text);
        [text, used, at] = ['', 0, -1];
        continue;
      }
      // Carry the last word over when there is one and it fits on a line of its own. Without one, a
      // closing bracket or a comma does not start a line (避头尾): the characters before it go too,
      // back to one that is neither a closing mark nor a space.
      let carried = at > 0 ? text.slice(at).trimStart() : '';
      if (
        NO_LINE_START.test([...(carried + ch)][0]!) ||
        (NO_LINE_START.test(ch) && displayWidth(carried) + w > width)
      ) {
        at = lastBreakBeforeClosing(text);
        carried = at > 0 ? text.slice(at).trimStart() : '';
      }
      push(at > 0 ? text.slice(0, at) : text);
      [text, used, at] =
        displayWidth(carried) + w <= width ? [carried, displayWidth(carried), -1] : (push(carried), ['', 0, -1]);
    }
    if (text === '' && ch === ' ') continue;
    text += ch;
    used += w;
    if (ch === ' ' || ch === '|') at = text.length;
  }
  push(text);
  return out;
}

/** Text wrapped to `width` columns, line by line, as a table wraps a cell (commander's help uses it too). */
export function wrapText(text: string, width: number): string {
  return text
    .split('\n')
    .map((line) =>
      wrap({ text: line, width: displayWidth(line) }, width)
        .map((l) => l.text)
        .join('\n'),
    )
    .join('\n');
}

/**
 * Text after a label or an indent of `indent` columns, fitted to a terminal of `width` columns:
 * wrapped, its further lines indented to where it began. Unchanged without a terminal, when it
 * fits, or when too little room is left to be worth it.
 */
export function wrapIndented(text: string, indent: number, width: number | undefined): string {
  if (width === undefined || width - indent < 12 || indent + displayWidth(text) <= width) return text;
  return wrapText(text, width - indent)
    .split('\n')
    .join(`\n${' '.repeat(indent)}`);
}

/** A cell's lines (most cells have one) and the columns each takes. */
function lines(cell: string): Line[] {
  if (!cell.includes('\n')) return [{ text: cell, width: displayWidth(cell) }];
  return cell.split('\n').map((line) => ({ text: line, width: displayWidth(line) }));
}

/** One row of the table: as many lines as its tallest cell, every cell padded to its column. */
function draw(row: readonly Line[][], widths: readonly number[], out: string[]): void {
  let height = 1;
  for (const cell of row) if (cell.length > height) height = cell.length;
  for (let n = 0; n < height; n++) {
    let line = '│';
    for (let i = 0; i < row.length; i++) {
      const part = row[i]![n];
      const width = part ? part.width : 0;
      line += ` ${part ? part.text : ''}${' '.repeat(widths[i]! - width)} │`;
    }
    out.push(line);
  }
}

/** `label: value` lines, for one record. */
export function renderCard(cli: Terminal, pairs: readonly [string, string | number | null | undefined][]): string {
  const width = Math.max(...pairs.map(([k]) => displayWidth(k)));
  return (
    pairs
      .filter(([, v]) => v !== null && v !== undefined && v !== '')
      .map(
        ([k, v]) =>
          `${cli.color.dim(padEnd(k, width))}  ${wrapIndented(visible(String(v), paints(cli)), width + 2, cli.width)}`,
      )
      .join('\n') + '\n'
  );
}

/** Whether the output is painted: only then are colour codes in a cell hongwu's own. */
const paints = (cli: Terminal) => cli.color.bold('x') !== 'x';

function text(cell: Cell): string {
  return cell === null || cell === undefined ? '' : String(cell);
}

function padEnd(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - displayWidth(text)));
}

// Colour codes take no room; an emoji shown as a picture (with its modifiers and joiners) two columns.
const ANSI = /\u001b\[[0-9;]*m/g;
const EMOJI = new RegExp(
  String.raw`(?:\p{Emoji_Presentation}|\p{Extended_Pictographic}\uFE0F)` +
    String.raw`(?:\p{Emoji_Modifier}|\uFE0F|\u200D\p{Extended_Pictographic}\uFE0F?)*`,
  'gu',
);
/** Characters that may start an emoji: only text with one of them needs the (slow) emoji pattern. */
const MAYBE_EMOJI = /[\u00a9\u00ae\u203c-\u2b55\u3030\u303d\u3297\u3299\ud83c-\ud83e]/;
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;
/** Printable ASCII with the common wide characters (CJK punctuation, ideographs, full-width forms). */
const ASCII_AND_COMMON_WIDE = /^[\x20-\x7e\u3000-\u303e\u4e00-\u9fff\uff01-\uff60]*$/;
const NOT_ASCII = /[^\x20-\x7e]/g;

/**
 * Columns a text takes on a terminal, by the East Asian Width rule (as cli-table3's string-width
 * counts): wide and full-width characters — Chinese, full-width punctuation — two, control and
 * combining characters none, the rest one.
 */
export function displayWidth(text: string): number {
  if (PRINTABLE_ASCII.test(text)) return text.length;
  // Most Chinese text: one column per ASCII character, two for each other (counted natively).
  if (ASCII_AND_COMMON_WIDE.test(text)) return text.length + (text.match(NOT_ASCII)?.length ?? 0);
  let plain = text.includes('\u001b') ? text.replace(ANSI, '') : text;
  if (MAYBE_EMOJI.test(plain)) plain = plain.replace(EMOJI, '  ');
  let width = 0;
  for (let i = 0; i < plain.length; i++) {
    const code = plain.codePointAt(i)!;
    if (code > 0xffff) i++;
    if (code <= 0x1f || (code >= 0x7f && code <= 0x9f) || (code >= 0x300 && code <= 0x36f)) continue;
    width += isWide(code) ? 2 : 1;
  }
  return width;
}

function isWide(code: number): boolean {
  return (
    code >= 0x1100 &&
    (code <= 0x115f ||
      code === 0x2329 ||
      code === 0x232a ||
      (code >= 0x2e80 && code <= 0x3247 && code !== 0x303f) ||
      (code >= 0x3250 && code <= 0x4dbf) ||
      (code >= 0x4e00 && code <= 0xa4c6) ||
      (code >= 0xa960 && code <= 0xa97c) ||
      (code >= 0xac00 && code <= 0xd7a3) ||
      (code >= 0xf900 && code <= 0xfaff) ||
      (code >= 0xfe10 && code <= 0xfe19) ||
      (code >= 0xfe30 && code <= 0xfe6b) ||
      (code >= 0xff01 && code <= 0xff60) ||
      (code >= 0xffe0 && code <= 0xffe6) ||
      (code >= 0x1b000 && code <= 0x1b001) ||
      (code >= 0x1f200 && code <= 0x1f251) ||
      (code >= 0x20000 && code <= 0x3fffd))
  );
}

/** Shortens text for a table cell, marking the cut. */
export function clip(text: string | null | undefined, max: number): string {
  if (!text) return '';
  // UTF-16 units are never fewer than characters: a short text needs no counting.
  if (text.length <= max) return text;
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

/** Text cut to at most `columns` terminal columns (marking the cut), then padded to exactly that many. */
export function fitColumns(text: string, columns: number): string {
  let width = displayWidth(text);
  if (width > columns) {
    const chars = [...text];
    while (chars.length > 0 && displayWidth(chars.join('')) > columns - 1) chars.pop();
    text = `${chars.join('')}…`;
    width = displayWidth(text);
  }
  return text + ' '.repeat(Math.max(0, columns - width));
}
