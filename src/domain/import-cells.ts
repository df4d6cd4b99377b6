import { matchCodes, type Labels } from './codes.js';
import { bi, type Bilingual } from './errors.js';
import type { Said } from './next-step.js';
import { halfWidth } from './half-width.js';
import { normalisePhone } from './phone.js';
import { fromLocal, parseExported, parseLocalInput, typedDate } from './time.js';

/**
 * Reading the cells of a clerk's sheet (台账, SPEC §11), with no I/O: which header is which
 * column, and each cell as text, a phone, a time, a whole number or a code. A cell that cannot be
 * read throws a `CellProblem`, which the importer files under the row and the column.
 */
export type Cell = string | number | Date | null;

/** What is wrong with one cell, in one line (words naming a command are made by the caller's spelling). */
export class CellProblem extends Error {
  constructor(readonly problem: Bilingual | Said) {
    super(typeof problem === 'function' ? 'a cell that cannot be read' : problem.en);
  }
}

const problem = (zh: string, en: string) => new CellProblem(bi(zh, en));

/** One column an importer reads: its key (the code `list --csv` writes) and the headers that mean it. */
export interface ColumnSpec<K extends string = string> {
  key: K;
  /** The code first, then the Chinese label and the variants clerks write (姓名, 联系电话, …). */
  names: readonly string[];
  required?: true;
}

/**
 * A header as compared: full-width forms read, spaces and required-field stars (`*姓名`) gone,
 * lower case, and what stands in brackets (`面积（㎡）`, `电话(必填)`, `【必填】`) dropped.
 */
export function headerKey(text: string): string {
  return halfWidth(text)
    .replace(/[\s*]/g, '')
    .replace(/[([\u3010].*?[)\]\u3011]/g, '')
    .toLowerCase();
}

/** Which header of the sheet each column is, by the sheet's header texts as written. */
export function matchColumns<K extends string>(
  specs: readonly ColumnSpec<K>[],
  headers: readonly string[],
): Map<K, string> {
  const found = new Map<K, string>();
  for (const spec of specs) {
    const names = new Set(spec.names.map(headerKey));
    const header = headers.find((h) => names.has(headerKey(h)));
    if (header !== undefined) found.set(spec.key, header);
  }
  return found;
}

/** The header row is the first of the top rows where every required column is found. */
export const isHeaderOf =
  (specs: readonly ColumnSpec[]) =>
  (texts: readonly string[]): boolean => {
    const found = matchColumns(specs, texts);
    return specs.every((s) => !s.required || found.has(s.key));
  };

/** The formula guard hongwu's own CSV puts before `=`, `+`, `-`, `@` (render/csv.ts), taken off again. */
const GUARDED = /^'(?=[=+\-@\t\r])/;
const [EQUALS, QUOTE] = ['=', "'"].map((c) => c.charCodeAt(0));

/**
 * A text cell: trimmed, null when blank. A number or date reads as written. A cell that is still
 * a formula (`=SUM(B2:B9)` in a CSV saved from a sheet of formulas) is refused: its value is lost.
 */
export function cellText(cell: Cell): string | null {
  if (cell === null) return null;
  if (cell instanceof Date) return cell.toISOString();
  const text = String(cell).trim();
  if (text === '') return null;
  // The first character decides both (a million cells in a big sheet): `=` may be a formula, `'` a guard.
  const first = text.charCodeAt(0);
  if (first === EQUALS && /^=[^=]/.test(text))
    throw problem(
      '是公式，不是值：请在表格中复制该列并“粘贴为数值”后再导出',
      'is a formula, not a value: paste the column as values in the sheet, then export again',
    );
  return first === QUOTE ? text.replace(GUARDED, '') : text;
}

/** A phone cell: `{phone}`; `{masked}` for a number hongwu masked in an export (138****5678). */
export function cellPhone(cell: Cell): { phone: string } | { masked: string } | null {
  if (typeof cell === 'number') {
    if (Number.isSafeInteger(cell) && cell > 0) return { phone: checkPhone(String(cell)) };
    throw lostDigits();
  }
  const text = cellText(cell);
  if (text === null) return null;
  if (/^[\d.]+e\+?\d+$/i.test(halfWidth(text))) throw lostDigits();
  if (/^\d{0,4}\*+\d{0,4}$/.test(text)) return { masked: text };
  return { phone: checkPhone(text) };
}

function lostDigits(): CellProblem {
  return problem(
    '电话号码被表格存成了数字（如 1.38123E+10），后几位已丢失：请把该列设为“文本”后重新填写号码',
    'the phone number was stored as a number (like 1.38123E+10) and lost its last digits: make the column text ' +
      'and type the numbers again',
  );
}

function checkPhone(text: string): string {
  const phone = normalisePhone(text);
  if (!phone)
    throw problem(
      '不是电话号码（5 到 15 位数字，如 13812345678）',
      'is not a phone number (5 to 15 digits, e.g. 13812345678)',
    );
  return phone;
}

/** Excel counts days from 1899-12-30 (its 1900 leap-year bug included); the fraction is the time of day. */
const EXCEL_EPOCH = Date.UTC(1899, 11, 30);
const DAY_MS = 86_400_000;

/**
 * A time cell in the database's zone: a date cell of an .xlsx (its UTC fields are the wall clock
 * the sheet shows), an Excel date serial (`46352`, `46352.5`), or text as `--at` reads it
 * (`2026-11-20 14:30`, `2026/11/20`, `2026年11月20日`, with an offset or without); a date alone is
 * 00:00, or the end of the day for a deadline (`end`), as `--at` and `--due` read them.
 */
export function cellTime(cell: Cell, timeZone: string, now: Date, dateOnly: 'start' | 'end' = 'start'): Date | null {
  if (cell instanceof Date) return wallClock(cell.getTime(), timeZone);
  if (typeof cell === 'number') return serialTime(cell, timeZone);
  const text = cellText(cell);
  if (text === null) return null;
  // hongwu's own exports' form first: a sheet of a year's demands holds a million such cells.
  const exported = parseExported(text);
  if (exported) return exported;
  const typed = typedDate(text).replace(/\s+/g, ' ');
  if (/^\d{5}(\.\d+)?$/.test(typed)) return serialTime(Number(typed), timeZone);
  const parsed = parseLocalInput(typed.replace(/^(\d{4})\.(\d{1,2})\.(\d{1,2})/, '$1-$2-$3'), timeZone, now, dateOnly);
  if (!parsed) throw problem('不是日期时间，应如 2026-11-20 14:30', 'is not a date and time like 2026-11-20 14:30');
  return parsed;
}

function serialTime(serial: number, timeZone: string): Date {
  // 1 (1900-01-01) to 2958465 (9999-12-31); years hongwu keeps are checked by the caller's rules.
  if (!(serial >= 1 && serial < 2958466)) throw problem('不是日期', 'is not a date');
  return wallClock(EXCEL_EPOCH + Math.round(serial * DAY_MS), timeZone);
}

/** A sheet's date as the wall clock it shows, to the second (a serial's binary fraction is off by a millisecond). */
function wallClock(ms: number, timeZone: string): Date {
  const d = new Date(Math.round(ms / 1000) * 1000);
  const local = {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
    ms: d.getUTCMilliseconds(),
  };
  return fromLocal(local, timeZone);
}

/** A whole number (full-width digits read, a leading `+` allowed, `-` for a ledger's deduction). */
export function cellInteger(cell: Cell): number | null {
  if (typeof cell === 'number') {
    if (Number.isSafeInteger(cell)) return cell;
    throw problem('不是整数', 'is not a whole number');
  }
  const text = cellText(cell);
  if (text === null) return null;
  const digits = halfWidth(text).replace(/[,\s]/g, '');
  if (!/^[+-]?\d{1,15}$/.test(digits)) throw problem('不是整数', 'is not a whole number');
  return Number(digits);
}

/**
 * A code, as on the command line (SPEC §3, §12): the code, its label, or a unique part of a label.
 * `what` names the list in the message; the codes allowed are listed with it.
 */
export function cellCode<C extends string>(list: { labels: Labels; codes: readonly C[] }, cell: Cell): C | null {
  const text = cellText(cell);
  if (text === null) return null;
  const found = matchCodes(list, halfWidth(text));
  if (found.length === 1) return found[0]!;
  const choices = (codes: readonly C[]) => codes.map((c) => `${list.labels[c]!.zh}（${c}）`).join('、');
  if (found.length > 1)
    throw problem(`可指多项：${choices(found)}，请写全`, `could mean several: ${found.join(', ')}; write it in full`);
  throw problem(`不是可选值；可填：${choices(list.codes)}`, `is not one of: ${list.codes.join(', ')}`);
}

/** A list of codes in one cell (`党员;独居老人`, `党员、楼长`), each read as `cellCode` reads one. */
export function cellCodes<C extends string>(list: { labels: Labels; codes: readonly C[] }, cell: Cell): C[] {
  const text = cellText(cell);
  if (text === null) return [];
  return [
    ...new Set(
      halfWidth(text)
        .split(/[;,\u3001\s]+/)
        .filter(Boolean)
        .map((part) => cellCode(list, part)!),
    ),
  ];
}
