/**
 * The one family of errors hongwu raises. Each carries the exit code of SPEC §2 and a hint that
 * says what to do; only the entry point turns them into stderr and an exit status.
 */
export const ExitCode = {
  ok: 0,
  notAllowed: 1,
  usage: 2,
  database: 3,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

export class HongwuError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCode,
    readonly hint?: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Valid request, but not allowed now: unknown number, wrong state, ambiguous name, no points. */
export class NotAllowedError extends HongwuError {
  constructor(message: string, hint?: string) {
    super(message, ExitCode.notAllowed, hint);
  }
}

/** Invalid usage or input: bad value, unknown flag, missing input without a TTY. */
export class UsageError extends HongwuError {
  constructor(message: string, hint?: string) {
    super(message, ExitCode.usage, hint);
  }
}

/** The database is missing, newer than this program, locked too long or corrupt. */
export class DatabaseError extends HongwuError {
  constructor(message: string, hint?: string) {
    super(message, ExitCode.database, hint);
  }
}
