/**
 * The one family of errors hongwu raises. Each carries the exit code of SPEC §2 and a hint that
 * says what to do; only the entry point turns them into stderr and an exit status. Messages are
 * written in Chinese and English (`bi`), shown in the clerk's language (`--lang`, `HONGWU_LANG`).
 */
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
  constructor(
    readonly text: Message,
    readonly exitCode: ExitCode,
    readonly hintText?: Message,
  ) {
    super(inLang(text, 'en'));
    this.name = new.target.name;
  }

  /** The hint in English (for logs and tests); the CLI shows `hintText` in the clerk's language. */
  get hint(): string | undefined {
    return this.hintText === undefined ? undefined : inLang(this.hintText, 'en');
  }
}

/** Valid request, but not allowed now: unknown number, wrong state, ambiguous name, no points. */
export class NotAllowedError extends HongwuError {
  constructor(message: Message, hint?: Message) {
    super(message, ExitCode.notAllowed, hint);
  }
}

/** Invalid usage or input: bad value, unknown flag, missing input without a TTY. */
export class UsageError extends HongwuError {
  constructor(message: Message, hint?: Message) {
    super(message, ExitCode.usage, hint);
  }
}

/** The database is missing, newer than this program, locked too long or corrupt. */
export class DatabaseError extends HongwuError {
  constructor(message: Message, hint?: Message) {
    super(message, ExitCode.database, hint);
  }
}
