/**
 * The one family of errors hongwu raises. Each carries the exit code of SPEC §2 and a hint that
 * says what to do; only the entry point turns them into stderr and an exit status. Messages are
 * written in Chinese and English (`bi`), shown in the clerk's language (`--lang`, `HONGWU_LANG`).
 */
import { PLAIN_SPELLING, type Said, type Spelling } from './next-step.js';

export const ExitCode = {
  ok: 0,
  notAllowed: 1,
  usage: 2,
  database: 3,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

export interface Bilingual {
  zh: string;
  en: string;
}

/** A message in both languages; a plain string (a code, a path) reads the same in both. */
export type Message = string | Bilingual;

export const bi = (zh: string, en: string): Bilingual => ({ zh, en });

export function inLang(message: Message, lang: 'zh' | 'en'): string {
  return typeof message === 'string' ? message : message[lang];
}

export class HongwuError extends Error {
  /** The message and its hint, any command in them written in the domain's terms (`PLAIN_SPELLING`). */
  readonly text: Message;
  readonly hintText?: Message;
  readonly #said: { text: Message | Said; hint?: Message | Said };

  constructor(
    text: Message | Said,
    readonly exitCode: ExitCode,
    hint?: Message | Said,
  ) {
    const plain = spelled(text, PLAIN_SPELLING);
    super(inLang(plain, 'en'));
    this.name = new.target.name;
    this.text = plain;
    this.hintText = hint === undefined ? undefined : spelled(hint, PLAIN_SPELLING);
    this.#said = { text, hint };
  }

  /** The hint in English (for logs and tests); the CLI shows `hintText` in the clerk's language. */
  get hint(): string | undefined {
    return this.hintText === undefined ? undefined : inLang(this.hintText, 'en');
  }

  /** The message and its hint with commands and flags written as the caller writes them. */
  spelledBy(spelling: Spelling): { text: Message; hint?: Message } {
    const { text, hint } = this.#said;
    return { text: spelled(text, spelling), hint: hint === undefined ? undefined : spelled(hint, spelling) };
  }
}

/** A message, any command in it written as `spelling` writes it. */
export function spelled(message: Bilingual | Said, spelling: Spelling): Bilingual;
export function spelled(message: Message | Said, spelling: Spelling): Message;
export function spelled(message: Message | Said, spelling: Spelling): Message {
  return typeof message === 'function' ? message(spelling) : message;
}

/** Valid request, but not allowed now: unknown number, wrong state, ambiguous name, no points. */
export class NotAllowedError extends HongwuError {
  constructor(message: Message | Said, hint?: Message | Said) {
    super(message, ExitCode.notAllowed, hint);
  }
}

/** Invalid usage or input: bad value, unknown flag, missing input without a TTY. */
export class UsageError extends HongwuError {
  constructor(message: Message | Said, hint?: Message | Said) {
    super(message, ExitCode.usage, hint);
  }
}

/** The database is missing, newer than this program, locked too long or corrupt. */
export class DatabaseError extends HongwuError {
  constructor(message: Message | Said, hint?: Message | Said) {
    super(message, ExitCode.database, hint);
  }
}

/** The fields of the use cases' input that an error can be about: its key for every caller. */
export const FIELD_NAMES = {
  summary: { zh: '诉求内容', en: 'the summary', noun: 'summary' },
  note: { zh: '办结说明', en: 'the note', noun: 'note' },
  reason: { zh: '原因', en: 'the reason', noun: 'reason' },
  at: { zh: '发生时间', en: 'the time', noun: 'time' },
  due: { zh: '办结期限', en: 'the due date', noun: 'due date' },
  participants: { zh: '参与者名单', en: 'the participants', noun: 'participants' },
  qty: { zh: '兑换数量', en: 'the quantity', noun: 'quantity' },
  stock: { zh: '库存', en: 'the stock', noun: 'stock' },
  votes: { zh: '赞成、反对、弃权票', en: 'votes for, against and abstaining', noun: 'votes' },
  month: { zh: '月份', en: 'the month', noun: 'month' },
  period: { zh: '账期', en: 'the period', noun: 'period' },
  resident: { zh: '居民', en: 'the resident', noun: 'resident' },
  community: { zh: '社区', en: 'the community', noun: 'community' },
  code: { zh: '代码', en: 'the code', noun: 'code' },
} satisfies Record<string, FieldName>;
export type Field = keyof typeof FIELD_NAMES;

/** How a field is named in a message: Chinese, English with its article, English without. */
export interface FieldName extends Bilingual {
  noun: string;
}

/** The words of an error about a field, made from whatever the field is called. */
export type FieldWords = (name: FieldName) => { text: Bilingual; hint?: Bilingual | Said };

/**
 * What an error about one input field carries: the field, and its words made from the field's
 * name. The error reads in the domain's words (办结说明为空 / the note is empty); a caller that
 * calls the field otherwise re-words it (`naming`): the CLI names the flag (`--note 为空`), an
 * importer the row and column.
 */
export interface AboutField {
  field: Field;
  words: FieldWords;
}

type ErrorKind<E extends HongwuError> = new (message: Message, hint?: Message | Said) => E;

function about<E extends HongwuError>(
  Kind: ErrorKind<E>,
  field: Field,
  words: FieldWords,
  name: FieldName = FIELD_NAMES[field],
): E & AboutField {
  const { text, hint } = words(name);
  return Object.assign(new Kind(text, hint), { field, words });
}

/** Invalid input in one field (exit 2). */
export const usageAbout = (field: Field, words: FieldWords) => about(UsageError, field, words);
/** A request refused now, the field its hint is about (exit 1). */
export const refusalAbout = (field: Field, words: FieldWords) => about(NotAllowedError, field, words);

export function isAboutField(e: unknown): e is HongwuError & AboutField {
  return e instanceof HongwuError && typeof (e as Partial<AboutField>).words === 'function';
}

/** The same error, of the same kind, with the field called `name`. */
export function naming<E extends HongwuError>(e: E & AboutField, name: FieldName): E & AboutField {
  return about(e.constructor as ErrorKind<E>, e.field, e.words, name);
}

/** The field's name followed by what is wrong with it: `办结说明为空`, `--note 为空`, `the note is empty`. */
export function fieldError(
  field: Field,
  problem: Bilingual,
  hint?: Bilingual | ((name: FieldName) => Bilingual),
): UsageError & AboutField {
  return usageAbout(field, (name) => ({
    text: bi(`${name.zh}${spaceBetween(name.zh, problem.zh)}${problem.zh}`, `${name.en} ${problem.en}`),
    hint: typeof hint === 'function' ? hint(name) : hint,
  }));
}

/** Chinese runs on without spaces; a Latin word (a flag, a number) beside it is set off by one. */
export function zhWord(word: string): string {
  return /^[\x21-\x7e]|[\x21-\x7e]$/.test(word) ? ` ${word} ` : word;
}

function spaceBetween(left: string, right: string): string {
  return /[\x21-\x7e]$/.test(left) || /^[\x21-\x7e]/.test(right) ? ' ' : '';
}
