import type { Bilingual } from './errors.js';

/** An argument or an option's value: the same in both languages (a number), or a placeholder in each. */
export type StepText = string | Bilingual;

/**
 * A command the clerk may run next, in the domain's terms: the command's words, its arguments,
 * and its options keyed as the use case's input is (`perM2`, `to`; `true` for one without a value).
 * Services and the domain never spell a command or a flag: the caller writes the step, the CLI as
 * the clerk types it (`hongwu fee rule set --per-m2 <元>`, src/cli/spelling.ts).
 */
export interface Step {
  command: string;
  args: readonly StepText[];
  options: Readonly<Record<string, StepText | true>>;
}

export const step = (command: string, args: readonly StepText[] = [], options: Step['options'] = {}): Step => ({
  command,
  args,
  options,
});

/** How a caller writes commands and their options. */
export interface Spelling {
  zh(step: Step): string;
  en(step: Step): string;
  /** An option by its key: of the command named, or one every command takes (`community`). */
  flag(key: string, command?: string): string;
}

/** Words that name a command or an option, made when the caller says how it writes them. */
export type Said = (spelling: Spelling) => Bilingual;

const textIn = (text: StepText, lang: 'zh' | 'en') => (typeof text === 'string' ? text : text[lang]);

/**
 * A step written in one language: its words, arguments, and options as `flag` names them. A value
 * (not a placeholder, which is written in each language) is written as `word` says: the CLI quotes
 * what a shell would otherwise split or read (a URL with `&`, a name with a space).
 */
export function writeStep(
  s: Step,
  lang: 'zh' | 'en',
  flag: (key: string) => string,
  word: (value: string) => string = (value) => value,
): string {
  const text = (t: StepText) => (typeof t === 'string' ? word(t) : textIn(t, lang));
  const options = Object.entries(s.options).map(([k, v]) => (v === true ? flag(k) : `${flag(k)} ${text(v)}`));
  return [s.command, ...s.args.map(text), ...options].join(' ');
}

/** The domain's own writing, where no caller is there to write steps (`Error.message`, logs). */
export const PLAIN_SPELLING: Spelling = {
  zh: (s) => writeStep(s, 'zh', (key) => key),
  en: (s) => writeStep(s, 'en', (key) => key),
  flag: (key) => key,
};
