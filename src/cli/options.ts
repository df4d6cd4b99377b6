import * as z from './zod.js';
import { label, matchCodes, type Labels } from '../domain/codes.js';
import type { Lang } from '../domain/codes.js';
import { bi, inLang, UsageError, type Bilingual } from '../domain/errors.js';
import { halfWidth } from '../domain/half-width.js';
import { parseDuration } from '../domain/durations.js';
import { isBlank } from '../domain/text.js';
import { dateRangeProblem, readMonth } from '../domain/time.js';
import { isIsoDate } from '../domain/working-days.js';

/**
 * zod at the edge: each command parses its raw commander options through a schema; every problem
 * becomes one line naming the flag (or, for the keys in `positional`, the `<argument>`) and what it
 * accepts, in the clerk's language.
 */
export function parseOptions<S extends z.ZodMiniType>(
  schema: S,
  raw: unknown,
  positional: readonly string[] = [],
): z.output<S> {
  const result = z.safeParse(schema, raw);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => {
    // A repeated flag's values are numbered (`tag.0`): the flag is named, not the position.
    const key = issue.path
      .filter((p) => typeof p !== 'number')
      .map(String)
      .join('.');
    const text = (issue as { params?: Bilingual }).params ?? bi('缺少或格式不对', 'missing or malformed');
    const name = positional.includes(key) ? `<${key}>` : flagName(key);
    return key ? bi(`${name}：${text.zh}`, `${name}: ${text.en}`) : text;
  });
  throw new UsageError(
    bi(lines.map((l) => l.zh).join('；'), lines.map((l) => l.en).join('; ')),
    bi('加 --help 可查看各选项的写法', 'add --help to see what each flag accepts'),
  );
}

/**
 * A prompt's check of an answer with the reader its flag or argument has: true, or what is wrong
 * in the clerk's language, so that the clerk corrects it there and then (not after every question).
 */
export function answerCheck(schema: z.ZodMiniType, lang: Lang): (value: string) => true | string {
  return (value) => {
    const result = z.safeParse(schema, value);
    if (result.success) return true;
    const params = (result.error.issues[0] as { params?: Bilingual } | undefined)?.params;
    return params ? inLang(params, lang) : inLang(bi('格式不对', 'malformed'), lang);
  };
}

/** `resolveDue` → `--resolve-due`; positional arguments keep their `<name>` keys. */
export function flagName(key: string): string {
  if (key.startsWith('<')) return key;
  return `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}

/**
 * A schema step that reads text into a value, or reports the problem in both languages. Codes,
 * numbers and months read full-width digits as digits (`halfWidth`); free text is left as typed.
 */
function reading<T>(read: (input: string) => T | undefined, problem: (input: string) => Bilingual) {
  return z.pipe(
    z.string(),
    z.transform((input: string, ctx): T => {
      const value = read(input);
      if (value !== undefined) return value;
      const params = problem(input);
      ctx.issues.push({ code: 'custom', input, message: params.en, params });
      return z.NEVER;
    }),
  );
}

/**
 * A code given as itself, by its Chinese or English label (`电话` = `phone`) or by a unique part
 * of a label (`网格员` = `grid`, SPEC §12); a part several labels share lists them.
 */
export function code<C extends string>(list: { labels: Labels; codes: C[] }) {
  const named = (codes: C[], sep: string, open: string, close: string) =>
    codes.map((c) => `${c}${open}${label(list, c, 'zh')}${close}`).join(sep);
  const choices = named(list.codes, '、', '（', '）');
  const choicesEn = named(list.codes, ', ', ' (', ')');
  return reading(
    (input) => {
      const matches = matchCodes(list, halfWidth(input));
      return matches.length === 1 ? matches[0] : undefined;
    },
    (input) => {
      const matches = matchCodes(list, halfWidth(input));
      if (matches.length > 1) {
        return bi(
          `“${input}”可指 ${matches.length} 个值：${named(matches, '、', '（', '）')}，请写得更完整`,
          `"${input}" could be ${matches.length} values: ${named(matches, ', ', ' (', ')')}; write more of it`,
        );
      }
      return bi(`不认识的值“${input}”，可用：${choices}`, `unknown value "${input}"; use one of ${choicesEn}`);
    },
  );
}

/** Free text that must not be blank (nor only zero-width or other invisible characters). */
export function text() {
  return reading(
    (input) => (isBlank(input) ? undefined : input),
    () => bi('不能为空', 'must not be empty'),
  );
}

/** A whole number of at least `min` (and at most `max`), typed as text on the command line. */
export function integer(min: number, max = Number.MAX_SAFE_INTEGER) {
  // Said as what it must be, with what was typed after it (SPEC §12: no double negatives).
  const range =
    max === Number.MAX_SAFE_INTEGER
      ? bi(`${min} 或更大的整数`, `a whole number, ${min} or more`)
      : bi(`${min} 到 ${max} 的整数`, `a whole number from ${min} to ${max}`);
  return reading(
    (typed) => {
      const input = halfWidth(typed).trim();
      const value = Number(input);
      return /^-?\d+$/.test(input) && Number.isSafeInteger(value) && value >= min && value <= max ? value : undefined;
    },
    (input) => bi(`须为 ${range.zh}（收到“${input}”）`, `must be ${range.en} (got "${input}")`),
  );
}

/**
 * A month: `2026-11`, `2026年11月` or `11月` (this year), full-width digits too. The text is kept
 * (half-width) as typed: which year `11月` is is known once the clock is (`monthOption`).
 */
export function month() {
  return reading(
    (typed) => {
      const input = halfWidth(typed).trim();
      return readMonth(input, 2000) === undefined ? undefined : input;
    },
    (input) =>
      dateRangeProblem(halfWidth(input)) ??
      bi(
        `“${input}”不是月份，应形如 2026-11、2026年11月 或 11月`,
        `"${input}" is not a month like 2026-11, 2026年11月 or 11月`,
      ),
  );
}

/** A tier's duration: `2h`, `7d`, `5wd` (SPEC §9). */
export function duration() {
  return reading(
    (typed) => parseDuration(halfWidth(typed)),
    (input) =>
      bi(
        `“${input}”不是时长，应写作 2h（小时）、7d（自然日）或 5wd（工作日）`,
        `"${input}" is not a duration: write 2h (hours), 7d (calendar days) or 5wd (working days)`,
      ),
  );
}

/** A text as typed, for a service to read or look up (a name, a phone, an id, a demand's number). */
export const asTyped = () => z.string();

/**
 * A date or a time (`--at`, `--due`), kept as typed: which instant it is is known once the
 * database's time zone is, so the handler reads it in the scope (`atOption`, `dueOption`).
 */
export const instant = () => z.string();

/** A date, `YYYY-MM-DD`. */
export function isoDate() {
  return reading(
    (typed) => {
      const input = halfWidth(typed).trim();
      return isIsoDate(input) ? input : undefined;
    },
    (input) => bi(`“${input}”不是日期，应形如 2026-10-10`, `"${input}" is not a date like 2026-10-10`),
  );
}

export { z };

/**
 * A command's schema, built the first time it is used: a module holds the schemas of all its
 * commands, and building them all (zod does real work per schema) cost a command line 2 ms.
 */
export function lazySchema<S>(build: () => S): () => S {
  let schema: S | undefined;
  return () => (schema ??= build());
}
