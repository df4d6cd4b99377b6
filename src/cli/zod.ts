/**
 * The part of zod/mini that hongwu uses. Importing the whole namespace (`import * as z`) and
 * passing it on keeps every export alive in the bundle, locales and JSON-schema included (400 kB
 * of the 1.3 MB bundle); naming the functions lets esbuild drop the rest. Add what you need here.
 */
export {
  _default,
  array,
  boolean,
  check,
  enum,
  int,
  literal,
  maxLength,
  maximum,
  minLength,
  minimum,
  NEVER,
  nullable,
  number,
  object,
  optional,
  parse,
  pipe,
  record,
  refine,
  regex,
  safeParse,
  string,
  transform,
  trim,
  tuple,
  union,
} from 'zod/mini';
export type { infer, input, output, ZodMiniType } from 'zod/mini';
