import * as z from './zod.js';
import { label, parseCode, type Labels } from '../domain/codes.js';
import { UsageError } from '../domain/errors.js';
import { isMonth } from '../domain/time.js';

/**
 * zod at the edge: each command parses its raw commander options through a schema; every problem
 * becomes one line naming the flag and what it accepts.
 */
export function parseOptions<S extends z.ZodMiniType>(schema: S, raw: unknown): z.output<S> {
  const result = z.safeParse(schema, raw);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => {
    const key = issue.path.map(String).join('.');
    return key ? `${flagName(key)}: ${issue.message}` : issue.message;
  });
  throw new UsageError(lines.join('; '), 'see `hongwu <command> --help` for what each flag accepts');
}

/** `resolveDue` → `--resolve-due`; positional arguments are named as `<summary>`. */
export function flagName(key: string): string {
  if (key.startsWith('<')) return key;
  return `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}

/** A code given as itself or by its Chinese or English label (`电话` = `phone`). */
export function code<C extends string>(list: { labels: Labels; codes: C[] }) {
  return z.pipe(
    z.string(),
    z.transform((input: string, ctx): C => {
      const parsed = parseCode(list, input);
      if (parsed) return parsed;
      ctx.issues.push({
        code: 'custom',
        input,
        message: `unknown value "${input}"; use one of ${list.codes.map((c) => `${c} (${label(list, c, 'zh')})`).join(', ')}`,
      });
      return z.NEVER;
    }),
  );
}

/** Free text that must not be blank. */
export function text() {
  return z.string().check(z.refine((s) => s.trim() !== '', 'must not be empty'));
}

/** A whole number of at least `min`, typed as text on the command line. */
export function integer(min: number) {
  return z.pipe(
    z.string(),
    z.transform((input: string, ctx): number => {
      const value = Number(input.trim());
      if (/^-?\d+$/.test(input.trim()) && Number.isSafeInteger(value) && value >= min) return value;
      ctx.issues.push({ code: 'custom', input, message: `"${input}" is not a whole number of at least ${min}` });
      return z.NEVER;
    }),
  );
}

/** `YYYY-MM`. */
export function month() {
  return z.string().check(z.refine(isMonth, 'must be a month like 2026-11'));
}

export { z };
